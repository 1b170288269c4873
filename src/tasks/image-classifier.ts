/**
 * `imageClassifier`: names what is in a picture, with a pretrained model ('MobileNet', 'Darknet',
 * 'DoodleNet'), a Teachable Machine export, or any TF.js / TFLite model with labels.
 */
import { describeValue, raise, warnOnce } from '../errors/index.js';
import { tidy } from '../tensor/index.js';
import { splitCallback, type TaskCallback } from './core/callbacks.js';
import { readImage } from './core/image-input.js';
import {
  URL_MODELS, classifierZooId, imageModelFromUrl, imageModelFromZoo, isModelLocation, loadZooModel, type CustomModelOptions, type ImageModel,
} from './core/image-model.js';
import { FrameLoop } from './core/loop.js';
import { handleOptions } from './core/options.js';
import { topClasses, type Classification } from './core/results.js';
import { Task, finishFactory, type TaskPromise } from './core/task.js';
import type { ZooProgress } from '../zoo/index.js';

/** Options of `imageClassifier`. */
export interface ImageClassifierOptions extends CustomModelOptions {
  /** MobileNet version: 2 (default) or 1 (V1 α0.25, smaller and faster). */
  version?: 1 | 2;
  /** How many classes `classify` returns when no `k` is given (default 3). */
  topk?: number;
  /** Model download progress, for a progress bar. */
  onProgress?: (p: ZooProgress) => void;
}

const USAGE = 'classify(image, k?, callback?)';

/**
 * A loaded image classifier. Make one with `await sprout.imageClassifier(...)`.
 *
 * @example
 * const classifier = await sprout.imageClassifier('MobileNet');
 * const [best] = await classifier.classify(img);
 */
export class ImageClassifier extends Task {
  private model: ImageModel | null = null;
  private readonly loop = new FrameLoop();
  private readonly topk: number;

  constructor(modelName: string, options: ImageClassifierOptions = {}) {
    super('imageClassifier');
    const o = handleOptions('imageClassifier', options, {
      version: { type: 'enum', values: [1, 2], default: 2 },
      topk: { type: 'number', default: 3, min: 1, integer: true },
      labels: { type: 'any', default: undefined },
      mean: { type: 'any', default: undefined },
      std: { type: 'any', default: undefined },
      resize: { type: 'enum', values: ['stretch', 'center-crop'], default: 'stretch' },
      onProgress: { type: 'any', default: undefined },
    });
    this.topk = o.topk;
    // Resolve the name now, so a misspelt name fails at once (in the factory's promise).
    const zooId = isModelLocation(modelName) ? null : classifierZooId(modelName, o.version, 'imageClassifier');
    this.begin(async () => {
      this.model = zooId
        ? imageModelFromZoo(await loadZooModel(zooId, { onProgress: o.onProgress as ImageClassifierOptions['onProgress'] }))
        : await imageModelFromUrl(modelName, options, 'imageClassifier');
    });
  }

  /** The class names, in the model's output order. */
  get labels(): string[] {
    return this.model?.labels?.slice() ?? [];
  }

  /**
   * Classifies an image: the `k` most likely labels, best first, as `[{label, confidence}]`.
   *
   * @example
   * const results = await classifier.classify(img);
   * console.log(results[0].label, results[0].confidence);
   */
  classify(image: unknown, k?: number | TaskCallback<Classification[]>, callback?: TaskCallback<Classification[]>): Promise<Classification[]> {
    if (typeof image === 'function') raise('task.callbackPosition', { method: 'classify', position: 'first', usage: USAGE });
    const { values, callback: cb } = splitCallback('classify', USAGE, [k, callback], 1);
    const topk = this.checkK(values[0]);
    return this.whenReady(() => this.classifyNow(image, topk), cb as TaskCallback<Classification[]>);
  }

  /**
   * Classifies a video (or any changing image) continuously: `callback(results, error)` gets every
   * frame's results; the next frame is classified only after the callback ran.
   *
   * @example
   * classifier.classifyStart(video, (results) => { label = results[0].label; });
   */
  classifyStart(image: unknown, k?: number | TaskCallback<Classification[]>, callback?: TaskCallback<Classification[]>): void {
    if (typeof image === 'function') raise('task.callbackPosition', { method: 'classifyStart', position: 'first', usage: 'classifyStart(video, k?, callback)' });
    const { values, callback: cb } = splitCallback('classifyStart', 'classifyStart(video, k?, callback)', [k, callback], 1);
    const topk = this.checkK(values[0]);
    const report = (cb ?? (() => undefined)) as TaskCallback<Classification[]>;
    this.loop.start(async () => report(await this.whenReady(() => this.classifyNow(image, topk))), (e) => report(undefined, e));
  }

  /** Stops `classifyStart`. @example classifier.classifyStop(); */
  classifyStop(): void {
    this.loop.stop();
  }

  /** Frees the model's weights. @example classifier.dispose(); */
  dispose(): void {
    this.loop.stop();
    this.model?.dispose();
    this.model = null;
  }

  private checkK(k: unknown): number {
    if (k === undefined) return this.topk;
    if (typeof k === 'number' && Number.isInteger(k) && k > 0) return k;
    warnOnce('task.badOptionValue', { task: 'classify', option: 'k', expected: 'a whole number of at least 1', got: describeValue(k), fallback: String(this.topk) });
    return this.topk;
  }

  private async classifyNow(image: unknown, k: number): Promise<Classification[]> {
    const model = this.model;
    if (!model) return raise('model.disposed', { op: 'imageClassifier.classify' });
    const pixels = await readImage(image, 'classify');
    const probs = tidy(() => model.probabilities(model.prepare(pixels)));
    pixels.dispose();
    const values = await probs.data();
    probs.dispose();
    return topClasses(values, model.labels ?? [], model.labelOffset, k);
  }
}

/**
 * Makes an image classifier. `model`: 'MobileNet' (default; `{version: 1}` for V1 α0.25),
 * 'Darknet', 'DoodleNet', a Teachable Machine model URL, or the URL of a TF.js model.json or
 * .tflite file (labels from `options.labels` or a metadata.json beside it). Resolves when loaded.
 *
 * @example
 * const classifier = await sprout.imageClassifier('MobileNet');
 * const [best] = await classifier.classify(img);
 */
export function imageClassifier(
  model: string | ImageClassifierOptions | TaskCallback<ImageClassifier> = 'MobileNet',
  options?: ImageClassifierOptions | TaskCallback<ImageClassifier>,
  callback?: TaskCallback<ImageClassifier>,
): TaskPromise<ImageClassifier> {
  if (typeof model === 'function') return finishFactory(new ImageClassifier('MobileNet'), model);
  if (model && typeof model === 'object') return imageClassifier('MobileNet', model, options as TaskCallback<ImageClassifier>);
  const { values, callback: cb } = splitCallback('imageClassifier', 'imageClassifier(model?, options?, callback?)', [model, options, callback]);
  const name = values[0] === undefined ? 'MobileNet' : values[0];
  if (typeof name !== 'string') {
    return raise('task.unknownModel', { task: 'imageClassifier', name: describeValue(name), closest: '', known: "'MobileNet', 'Darknet', 'DoodleNet'", urls: URL_MODELS });
  }
  return finishFactory(new ImageClassifier(name, values[1] as ImageClassifierOptions), cb as TaskCallback<ImageClassifier>);
}
