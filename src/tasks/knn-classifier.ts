/**
 * `knnClassifier`: k-nearest-neighbours over feature vectors (e.g. `featureExtractor.infer(image)`).
 * Examples are kept as plain normalised Float32Arrays (no tensors held), compared by cosine similarity.
 */
import { describeValue, raise } from '../errors/index.js';
import { Tensor } from '../tensor/index.js';
import { settle, splitCallback, type TaskCallback } from './core/callbacks.js';
import { isNode, readTaskJSON } from './core/files.js';
import { Task, finishFactory, type TaskPromise } from './core/task.js';

/** What `knn.classify` gives. */
export interface KNNResult {
  /** The label with the most votes among the k nearest examples. */
  label: string;
  classIndex: number;
  /** Share of the k votes each label got (0–1). */
  confidencesByLabel: Record<string, number>;
}

/** The saved form: `{ format: 'sprout-knn', version: 1, dimension, examples: { label: number[][] } }`. */
interface SavedKNN {
  format: 'sprout-knn';
  version: 1;
  dimension: number;
  /** The labels in the order they were added (a JSON object puts number-like keys first). */
  labels?: string[];
  examples: Record<string, number[][]>;
}


/**
 * A k-nearest-neighbours classifier. Make one with `await sprout.knnClassifier()`.
 *
 * @example
 * const knn = await sprout.knnClassifier();
 * knn.addExample([0, 1], 'up');
 * knn.addExample([1, 0], 'right');
 * const { label } = await knn.classify([0.1, 0.9], 1); // 'up'
 */
export class KNNClassifier extends Task {
  private readonly byLabel = new Map<string, Float32Array[]>();
  private dimension = 0;

  constructor() {
    super('knnClassifier');
    this.begin(async () => undefined);
  }

  /**
   * Adds an example: features (a tensor, an array or a typed array; from `featureExtractor.infer`)
   * and its label.
   *
   * @example
   * knn.addExample(await extractor.infer(video), 'wave');
   */
  addExample(features: unknown, label: string | number): void {
    if (typeof label !== 'string' && !(typeof label === 'number' && Number.isFinite(label))) raise('task.knnNoLabel', { got: describeValue(label) });
    const v = this.vector(features, 'addExample');
    if (this.dimension && v.length !== this.dimension) raise('task.knnSizeMismatch', { method: 'addExample', got: v.length, expected: this.dimension });
    this.dimension = v.length;
    const key = String(label);
    const list = this.byLabel.get(key) ?? [];
    list.push(v);
    this.byLabel.set(key, list);
  }

  /**
   * Classifies features by the `k` most similar examples (default 3): `{label, classIndex, confidencesByLabel}`.
   *
   * @example
   * const { label, confidencesByLabel } = await knn.classify(await extractor.infer(video));
   */
  classify(features: unknown, k?: number | TaskCallback<KNNResult>, callback?: TaskCallback<KNNResult>): Promise<KNNResult> {
    const { values, callback: cb } = splitCallback('classify', 'classify(features, k?, callback?)', [features, k, callback]);
    const kk = typeof values[1] === 'number' && values[1] > 0 ? Math.floor(values[1]) : 3;
    // features may be a Promise (extractor.infer(video) without await): classify waits for it anyway
    return settle(Promise.resolve(values[0]).then((f) => this.classifyNow(f, kk)), cb as TaskCallback<KNNResult>);
  }

  /** Removes every example of `label`. @example knn.clearLabel('wave'); */
  clearLabel(label: string | number): void {
    this.byLabel.delete(String(label));
    if (this.byLabel.size === 0) this.dimension = 0;
  }

  /** Removes all examples. @example knn.clearAllLabels(); */
  clearAllLabels(): void {
    this.byLabel.clear();
    this.dimension = 0;
  }

  /** Examples per label: `{ wave: 12, rest: 9 }`. @example knn.getCount(); */
  getCount(): Record<string, number> {
    return Object.fromEntries([...this.byLabel].map(([l, list]) => [l, list.length]));
  }

  /** The same as `getCount()`, under the name ml5's examples use. @example const counts = knn.getCountByLabel(); */
  getCountByLabel(): Record<string, number> {
    return this.getCount();
  }

  /** Number of labels with examples. @example knn.getNumLabels(); */
  getNumLabels(): number {
    return this.byLabel.size;
  }

  /**
   * Saves the examples as JSON: a download in a browser, `<name>.json` in Node. Returns the saved object.
   *
   * @example
   * await knn.save('my-knn');
   */
  save(name: string | TaskCallback<SavedKNN> = 'myKNN', callback?: TaskCallback<SavedKNN>): Promise<SavedKNN> {
    const cb = typeof name === 'function' ? name : callback;
    const file = (typeof name === 'string' ? name : 'myKNN').replace(/\.json$/i, '') + '.json';
    const data: SavedKNN = {
      format: 'sprout-knn', version: 1, dimension: this.dimension, labels: [...this.byLabel.keys()],
      examples: Object.fromEntries([...this.byLabel].map(([l, list]) => [l, list.map((v) => Array.from(v))])),
    };
    return settle((async () => {
      const text = JSON.stringify(data);
      if (isNode()) {
        const fsName = 'node:fs/promises';
        const fs = (await import(/* @vite-ignore */ fsName)) as { writeFile(p: string, d: string): Promise<void> };
        await fs.writeFile(file, text);
      } else if (typeof document !== 'undefined' && typeof URL.createObjectURL === 'function') {
        const a = document.createElement('a');
        a.download = file;
        a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
        a.dispatchEvent(new MouseEvent('click'));
      }
      return data;
    })(), cb);
  }

  /**
   * Loads examples saved by `save()`: a URL or path of the JSON file, a File, or the saved object.
   * Replaces the current examples.
   *
   * @example
   * await knn.load('my-knn.json');
   */
  load(source: unknown, callback?: TaskCallback<void>): Promise<void> {
    return settle((async () => {
      let data: unknown = source;
      const where = typeof source === 'string' ? source : describeValue(source);
      if (typeof source === 'string') data = await readTaskJSON(source, 'knnClassifier');
      else if (source && typeof (source as Blob).text === 'function') data = JSON.parse(await (source as Blob).text());
      const d = data as SavedKNN;
      if (!d || d.format !== 'sprout-knn' || typeof d.examples !== 'object' || d.examples === null) {
        raise('task.badSaved', { task: 'knnClassifier', source: where, reason: "it is not a file saved by knnClassifier.save() (no format 'sprout-knn')" });
      }
      // Read into a fresh classifier first, so a damaged file leaves the current examples as they were.
      const fresh = new KNNClassifier();
      const order = Array.isArray(d.labels) ? d.labels.filter((l) => l in d.examples) : [];
      for (const label of [...new Set([...order, ...Object.keys(d.examples)])]) {
        const list = d.examples[label];
        if (!Array.isArray(list)) raise('task.badSaved', { task: 'knnClassifier', source: where, reason: `the examples of '${label}' are not a list` });
        for (const v of list) fresh.addExample(v, label);
      }
      this.byLabel.clear();
      for (const [label, list] of fresh.byLabel) this.byLabel.set(label, list);
      this.dimension = fresh.dimension;
    })(), callback);
  }

  private vector(features: unknown, method: string): Float32Array {
    let v: Float32Array;
    if (features instanceof Tensor) v = Float32Array.from(features.dataSync());
    else if (Array.isArray(features) && features.every((n) => typeof n === 'number')) v = Float32Array.from(features);
    else if (ArrayBuffer.isView(features) && !(features instanceof DataView)) v = Float32Array.from(features as unknown as ArrayLike<number>);
    else if (typeof (features as Promise<unknown> | null)?.then === 'function') {
      return raise('task.knnBadFeatures', { method, got: 'a Promise: featureExtractor.infer gives a Promise, so write await before it, as in knn.addExample(await extractor.infer(video), label)' });
    } else return raise('task.knnBadFeatures', { method, got: describeValue(features) });
    if (v.length === 0) raise('task.knnBadFeatures', { method, got: 'an empty list' });
    const bad = v.findIndex((n) => !Number.isFinite(n));
    if (bad >= 0) raise('task.knnBadFeatures', { method, got: `a list whose value number ${bad + 1} is ${v[bad]} (every value must be a number)` });
    let n = 0;
    for (let i = 0; i < v.length; i++) n += v[i] * v[i];
    const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
    for (let i = 0; i < v.length; i++) v[i] *= inv;
    return v;
  }

  private classifyNow(features: unknown, k: number): KNNResult {
    if (this.byLabel.size === 0) raise('task.knnEmpty', { method: 'classify' });
    const q = this.vector(features, 'classify');
    if (q.length !== this.dimension) raise('task.knnSizeMismatch', { method: 'classify', got: q.length, expected: this.dimension });
    const scored: { label: string; sim: number }[] = [];
    for (const [label, list] of this.byLabel) {
      for (const v of list) {
        let d = 0;
        for (let i = 0; i < q.length; i++) d += q[i] * v[i];
        scored.push({ label, sim: d });
      }
    }
    scored.sort((a, b) => b.sim - a.sim);
    const near = scored.slice(0, Math.min(k, scored.length));
    const labels = [...this.byLabel.keys()];
    const confidencesByLabel: Record<string, number> = Object.fromEntries(labels.map((l) => [l, 0]));
    for (const n of near) confidencesByLabel[n.label] += 1 / near.length;
    // Most votes wins; a tie goes to the label of the nearest example among the tied.
    let best = near[0].label;
    for (const n of near) if (confidencesByLabel[n.label] > confidencesByLabel[best]) best = n.label;
    return { label: best, classIndex: labels.indexOf(best), confidencesByLabel };
  }
}

/**
 * Makes a knnClassifier (ready at once; the Promise is for the common task shape).
 *
 * @example
 * const knn = await sprout.knnClassifier();
 */
export function knnClassifier(callback?: TaskCallback<KNNClassifier>): TaskPromise<KNNClassifier> {
  return finishFactory(new KNNClassifier(), callback);
}
