/**
 * `featureExtractor`: transfer learning on a pretrained backbone. The backbone (MobileNet V1 α0.25
 * from the zoo) turns each image into a 256-number embedding; a small head (one hidden layer) learns
 * the user's labels (classification) or numbers (regression) from a few examples.
 *
 * Defaults were chosen by measurement (see test/tasks/proofs.test.ts and the task report): on 20
 * training images of each of 3 CIFAR-10 classes, the pooled embedding with Adam at 1e-3 for 20 epochs
 * gave 88–90 % (3 seeds), the flattened 7×7×256 cut at 1e-4 83–87 %, and ml5's old 1e-4 on the
 * pooled embedding 73–75 %.
 */
import { describeValue, raise, warnOnce } from '../errors/index.js';
import {
  concat, dispose, keep, oneHot, tensor, tidy, type Tensor,
} from '../tensor/index.js';
import { layers, modelFromArtifacts, sequential, train, type IOHandler, type LayersModel, type ModelArtifacts } from '../nn/index.js';
import { browserFiles, filesOf, getLoadHandler, resolveHandler, type FileLike } from '../nn/io/index.js';
import { settle, splitCallback, type TaskCallback } from './core/callbacks.js';
import { isNode, friendlyLoad } from './core/files.js';
import { readImage } from './core/image-input.js';
import { classifierZooId, imageModelFromZoo, loadZooModel, type ImageModel } from './core/image-model.js';
import { FrameLoop } from './core/loop.js';
import { handleOptions } from './core/options.js';
import { topClasses, type Classification } from './core/results.js';
import { Task, finishFactory, type TaskPromise } from './core/task.js';
import type { ZooProgress } from '../zoo/index.js';

/** Options of `featureExtractor` (and `regression`). */
export interface FeatureExtractorOptions {
  /** Passes over the examples in train(). Default 20. */
  epochs?: number;
  /** Examples per training step. Default 16. */
  batchSize?: number;
  /** Adam learning rate. Default 0.001. */
  learningRate?: number;
  /** Units of the head's hidden layer. Default 100. */
  hiddenUnits?: number;
  /** 'classification' (labels) or 'regression' (numbers); also set by .classification() / .regression(). */
  task?: 'classification' | 'regression';
  /** Backbone download progress. */
  onProgress?: (p: ZooProgress) => void;
}

/** What regression's predict gives: the first number, and all of them. */
export interface RegressionResult {
  value: number;
  values: number[];
}

type Mode = 'classification' | 'regression';

const BACKBONES = ['MobileNet'];
/** Why a featureExtractor learns numbers when the user did not say so, for messages. */
const GUESSED = "chosen because the first example's value was a number: call .classification() before addImage to learn labels";
/** The backbone output the head learns from (see the measurements above). */
const EMBEDDING = 'embedding';


/**
 * A featureExtractor. Make one with `await sprout.featureExtractor('MobileNet', options)`.
 *
 * @example
 * const extractor = await sprout.featureExtractor('MobileNet');
 * const classifier = extractor.classification();
 * await classifier.addImage(catImg, 'cat');
 * await classifier.addImage(dogImg, 'dog');
 * await classifier.train();
 * const [best] = await classifier.classify(img);
 */
export class FeatureExtractor extends Task {
  private backbone: ImageModel | null = null;
  private readonly zooId: string;
  private head: LayersModel | null = null;
  /** The optimizer the head was trained with: its state (Adam's moments) is freed with the head. */
  private headOptimizer: { dispose(): void } | null = null;
  private readonly options: Required<Omit<FeatureExtractorOptions, 'task' | 'onProgress'>>;
  private mode: Mode | undefined;
  /** True when the mode was guessed from the first example (not set by the user). */
  private modeGuessed = false;
  private defaultInput: unknown;
  private examples: { features: Tensor; target: string | number[] }[] = [];
  private learned: string[] = [];
  /** Numbers per example (regression). */
  private valueCount = 0;
  private readonly loop = new FrameLoop();
  /** addImage calls still reading their image: train() waits for them (a loop of addImage without await). */
  private readonly adding = new Set<Promise<void>>();

  constructor(modelName = 'MobileNet', options: FeatureExtractorOptions = {}, taskName = 'featureExtractor') {
    super(taskName);
    const o = handleOptions(taskName, options, {
      epochs: { type: 'number', default: 20, min: 1, integer: true },
      batchSize: { type: 'number', default: 16, min: 1, integer: true },
      learningRate: { type: 'number', default: 0.001, min: 0 },
      hiddenUnits: { type: 'number', default: 100, min: 1, integer: true },
      task: { type: 'enum', values: ['classification', 'regression'], default: '' },
      onProgress: { type: 'any', default: undefined },
    });
    this.options = { epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, hiddenUnits: o.hiddenUnits };
    this.mode = (o.task || undefined) as Mode | undefined;
    this.zooId = classifierZooId(modelName, 1, taskName, BACKBONES);
    this.begin(async () => {
      this.backbone = imageModelFromZoo(await loadZooModel(this.zooId, { onProgress: o.onProgress as FeatureExtractorOptions['onProgress'] }));
    });
  }

  /**
   * Sets up learning labels; returns the learner (this object) at once. `input` becomes the default
   * image of addImage/classify (e.g. a video).
   *
   * @example
   * const classifier = extractor.classification(video);
   */
  classification(input?: unknown, callback?: TaskCallback<FeatureExtractor>): this {
    return this.setMode('classification', input, callback);
  }

  /**
   * Sets up learning numbers (regression); returns the learner (this object) at once.
   *
   * @example
   * const predictor = extractor.regression(video);
   */
  regression(input?: unknown, callback?: TaskCallback<FeatureExtractor>): this {
    return this.setMode('regression', input, callback);
  }

  /**
   * Adds a training example: an image and its label (classification) or number(s) (regression).
   * With a default input set by classification(video), `addImage(label)` uses the current frame.
   *
   * @example
   * await classifier.addImage(img, 'cat');
   */
  addImage(input: unknown, target?: unknown, callback?: TaskCallback<void>): Promise<void> {
    const { values, callback: cb } = splitCallback('addImage', 'addImage(image, label, callback?)', [input, target, callback]);
    let [image, value] = values;
    if (values.length === 1 && this.defaultInput !== undefined) [image, value] = [this.defaultInput, values[0]];
    let t: string | number[];
    try {
      t = this.checkTarget(value);
    } catch (e) {
      return settle(Promise.reject(e), cb as TaskCallback<void>);
    }
    // A marker that settles when this example is in (a handler on the returned promise itself would
    // hide its error from a sketch that neither awaits nor passes a callback).
    let added!: () => void;
    const marker = new Promise<void>((resolve) => { added = resolve; });
    this.adding.add(marker);
    return this.whenReady(async () => {
      try {
        const features = keep(await this.embed(image, 'addImage'));
        this.examples.push({ features, target: t });
        // The trained head keeps working (e.g. a classifyStart loop) until train() is called again.
      } finally {
        this.adding.delete(marker);
        added();
      }
    }, cb as TaskCallback<void>);
  }

  /**
   * Trains the head on the examples. `whileTraining(loss, epoch)` is called after each epoch;
   * `callback` (or the Promise) when done, with the last loss.
   *
   * @example
   * await classifier.train((loss) => console.log('loss', loss));
   */
  train(whileTraining?: (loss: number, epoch: number) => void, callback?: TaskCallback<{ loss: number }>): Promise<{ loss: number }> {
    for (const [i, f] of [whileTraining, callback].entries()) {
      if (f !== undefined && typeof f !== 'function') raise('task.callbackPosition', { method: 'train', position: i ? 'second' : 'first', usage: 'train(whileTraining?, callback?), both functions' });
    }
    return this.whenReady(async () => {
      await Promise.all([...this.adding]);
      return this.trainNow(whileTraining);
    }, callback);
  }

  /**
   * Classifies an image with the trained head: `[{label, confidence}]`, best first (all labels
   * unless `k` is given).
   *
   * @example
   * const [best] = await classifier.classify(img);
   */
  classify(input?: unknown, k?: number | TaskCallback<Classification[]>, callback?: TaskCallback<Classification[]>): Promise<Classification[]> {
    const { values, callback: cb } = splitCallback('classify', 'classify(image?, k?, callback?)', [input, k, callback]);
    const image = values.length === 0 ? this.defaultInput : values[0];
    let topk = values[1] === undefined ? Infinity : (values[1] as number);
    if (!(Number.isInteger(topk) && topk > 0) && topk !== Infinity) {
      warnOnce('task.badOptionValue', { task: 'classify', option: 'k', expected: 'a whole number of at least 1', got: describeValue(values[1]), fallback: 'all the labels' });
      topk = Infinity;
    }
    return this.whenReady(() => this.classifyNow(image, topk), cb as TaskCallback<Classification[]>);
  }

  /**
   * Predicts numbers for an image with a trained regression head: `{value, values}`.
   *
   * @example
   * const { value } = await predictor.predict(video);
   */
  predict(input?: unknown, callback?: TaskCallback<RegressionResult>): Promise<RegressionResult> {
    const { values, callback: cb } = splitCallback('predict', 'predict(image?, callback?)', [input, callback]);
    const image = values.length === 0 ? this.defaultInput : values[0];
    return this.whenReady(() => this.predictNow(image), cb as TaskCallback<RegressionResult>);
  }

  /** Classifies continuously, one frame at a time. @example classifier.classifyStart(video, gotResults); */
  classifyStart(input?: unknown, callback?: TaskCallback<Classification[]>): void {
    const { values, callback: cb } = splitCallback('classifyStart', 'classifyStart(video?, callback)', [input, callback]);
    const image = values.length === 0 ? this.defaultInput : values[0];
    const report = (cb ?? (() => undefined)) as TaskCallback<Classification[]>;
    this.loop.start(async () => report(await this.whenReady(() => this.classifyNow(image, Infinity))), (e) => report(undefined, e));
  }

  /** Stops classifyStart. @example classifier.classifyStop(); */
  classifyStop(): void {
    this.loop.stop();
  }

  /** Predicts continuously, one frame at a time. @example predictor.predictStart(video, gotValue); */
  predictStart(input?: unknown, callback?: TaskCallback<RegressionResult>): void {
    const { values, callback: cb } = splitCallback('predictStart', 'predictStart(video?, callback)', [input, callback]);
    const image = values.length === 0 ? this.defaultInput : values[0];
    const report = (cb ?? (() => undefined)) as TaskCallback<RegressionResult>;
    this.loop.start(async () => report(await this.whenReady(() => this.predictNow(image))), (e) => report(undefined, e));
  }

  /** Stops predictStart. @example predictor.predictStop(); */
  predictStop(): void {
    this.loop.stop();
  }

  /**
   * The backbone's embedding of an image: a 1-D tensor of 256 numbers (the caller disposes it).
   * Feed it to a knnClassifier.
   *
   * @example
   * knn.addExample(await extractor.infer(video), 'wave');
   */
  infer(input?: unknown, callback?: TaskCallback<Tensor>): Promise<Tensor> {
    const { values, callback: cb } = splitCallback('infer', 'infer(image, callback?)', [input, callback]);
    const image = values.length === 0 ? this.defaultInput : values[0];
    return this.whenReady(() => this.embed(image, 'infer'), cb as TaskCallback<Tensor>);
  }

  /** The labels learned from the data (classification), in the head's output order. */
  get labels(): string[] {
    return this.learned.slice();
  }

  /** Number of examples added so far. @example extractor.numExamples(); */
  numExamples(): number {
    return this.examples.length;
  }

  /**
   * Saves the trained head and its labels (TF.js layers format: model.json + weights). `name`: a
   * name (downloads in a browser, a folder in Node) or any 'downloads://', 'indexeddb://',
   * 'file://' target or IOHandler.
   *
   * @example
   * await classifier.save('my-classifier');
   */
  save(name: string | IOHandler | TaskCallback<void> = 'model', callback?: TaskCallback<void>): Promise<void> {
    const cb = typeof name === 'function' ? name : callback;
    const target = typeof name === 'function' ? 'model' : name;
    return this.whenReady(async () => {
      const head = this.head;
      if (!head) return raise('task.notTrained', { method: 'save' });
      const where = typeof target === 'string' && !target.includes('://') ? `${isNode() ? 'file' : 'downloads'}://${target}` : target;
      const artifacts: ModelArtifacts = {
        ...head.artifacts(),
        userDefinedMetadata: { sprout: { task: this.taskName, mode: this.mode, labels: this.learned, valueCount: this.valueCount, backbone: this.zooId, output: EMBEDDING } },
      };
      await resolveHandler(where, 'save').save!(artifacts);
    }, cb);
  }

  /**
   * Loads a head saved by `save()`: the URL or path of its model.json, or the files (FileList or
   * array) chosen by the user.
   *
   * @example
   * await classifier.load('my-classifier/model.json');
   */
  load(source: unknown, callback?: TaskCallback<void>): Promise<void> {
    return this.whenReady(async () => {
      const files = filesOf(source);
      const name = typeof source === 'string' ? source : files ? files.files.map((f: FileLike) => f.name).join(', ') : describeValue(source);
      if (!files && typeof source !== 'string') raise('task.badSaved', { task: this.taskName, source: name, reason: 'it is neither a URL or path nor files' });
      const handler = files ? browserFiles(files) : getLoadHandler(source as string);
      const artifacts = await friendlyLoad(name, this.taskName, async () => handler.load!());
      const meta = (artifacts.userDefinedMetadata as { sprout?: { mode?: Mode; labels?: string[]; valueCount?: number } } | undefined)?.sprout;
      if (!meta || (meta.mode !== 'classification' && meta.mode !== 'regression')) {
        raise('task.badSaved', { task: this.taskName, source: name, reason: 'it has no Sprout labels in its metadata' });
      }
      const head = await friendlyLoad(name, this.taskName, async () => modelFromArtifacts(artifacts, {}, name));
      this.setHead(head);
      this.mode = meta.mode;
      this.modeGuessed = false;
      this.learned = (meta.labels ?? []).map(String);
      this.valueCount = meta.valueCount ?? 0;
    }, callback);
  }

  /** Frees the examples, the head and the backbone. @example extractor.dispose(); */
  dispose(): void {
    this.loop.stop();
    dispose(this.examples.map((e) => e.features));
    this.examples = [];
    this.setHead(null);
    this.backbone?.dispose();
    this.backbone = null;
  }

  // ---- internals --------------------------------------------------------------------------------

  private setMode(mode: Mode, input: unknown, callback?: TaskCallback<FeatureExtractor>): this {
    if (typeof input === 'function') {
      callback = input as TaskCallback<FeatureExtractor>;
      input = undefined;
    }
    this.mode = mode;
    this.modeGuessed = false;
    if (input !== undefined) this.defaultInput = input;
    if (callback) settle(this.ready as Promise<FeatureExtractor>, callback);
    return this;
  }

  /** Replaces the head, freeing the old one and its optimizer state. */
  private setHead(head: LayersModel | null, optimizer: { dispose(): void } | null = null): void {
    if (this.head !== head) this.head?.dispose();
    this.headOptimizer?.dispose();
    this.head = head;
    this.headOptimizer = optimizer;
  }

  /** 'regression', or 'featureExtractor in regression mode' (and why, when guessed), for messages. */
  private regressionName(): string {
    if (this.taskName === 'regression') return 'regression';
    const why = this.modeGuessed ? ` (${GUESSED})` : '';
    return `${this.taskName} in regression mode${why}`;
  }

  private checkTarget(value: unknown): string | number[] {
    const target = this.checkTargetFor(this.mode ?? (typeof value === 'number' || Array.isArray(value) ? 'regression' : 'classification'), value);
    // A mode guessed from the first valid value (not from a mistake such as a missing label).
    if (this.mode === undefined) [this.mode, this.modeGuessed] = [Array.isArray(target) ? 'regression' : 'classification', true];
    return target;
  }

  private checkTargetFor(mode: Mode, value: unknown): string | number[] {
    if (mode === 'regression') {
      const v = typeof value === 'number' ? [value] : value;
      if (!Array.isArray(v) || v.length === 0 || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) {
        return raise('task.badTarget', { got: describeValue(value), mode: this.regressionName(), expected: 'a number (or a list of numbers)' });
      }
      if (this.valueCount && v.length !== this.valueCount) {
        return raise('task.badTarget', { got: `${v.length} number(s)`, mode: this.regressionName(), expected: `${this.valueCount} number(s), like the earlier examples` });
      }
      this.valueCount = v.length;
      return v as number[];
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      return raise('task.badTarget', { got: describeValue(value), mode: `${this.taskName} in classification mode`, expected: "a label, like 'cat'" });
    }
    return String(value);
  }

  private async embed(image: unknown, method: string): Promise<Tensor> {
    const b = this.backbone;
    if (!b) return raise('model.disposed', { op: `${this.taskName}.${method}` });
    const pixels = await readImage(image, method);
    try {
      return tidy(() => b.execute(b.prepare(pixels), [EMBEDDING])[0].reshape([-1]));
    } finally {
      pixels.dispose();
    }
  }

  private async trainNow(whileTraining?: (loss: number, epoch: number) => void): Promise<{ loss: number }> {
    if (this.examples.length === 0) raise('task.noTrainingData', { method: 'train' });
    const regression = this.mode === 'regression';
    if (!regression) {
      this.learned = [...new Set(this.examples.map((e) => e.target as string))];
      if (this.learned.length < 2) raise('task.oneLabel', { label: this.learned[0] });
    }
    const units = regression ? this.valueCount : this.learned.length;
    const dim = this.examples[0].features.shape[0];
    const head = sequential({
      layers: [
        layers.dense({ inputShape: [dim], units: this.options.hiddenUnits, activation: 'relu', kernelInitializer: 'varianceScaling', useBias: true }),
        layers.dense({ units, activation: regression ? 'linear' : 'softmax', kernelInitializer: 'varianceScaling', useBias: true }),
      ],
    });
    const optimizer = train.adam(this.options.learningRate);
    head.compile({ optimizer, loss: regression ? 'meanSquaredError' : 'categoricalCrossentropy' });
    const xs = tidy(() => concat(this.examples.map((e) => e.features.reshape([1, -1])), 0));
    const ys = regression
      ? tensor(this.examples.map((e) => e.target as number[]))
      : tidy(() => oneHot(tensor(this.examples.map((e) => this.learned.indexOf(e.target as string)), undefined, 'int32'), units).toFloat());
    let loss = NaN;
    try {
      await head.fit(xs, ys, {
        epochs: this.options.epochs,
        batchSize: Math.min(this.options.batchSize, this.examples.length),
        shuffle: true,
        callbacks: {
          onEpochEnd: (epoch, logs) => {
            loss = Number(logs?.loss);
            whileTraining?.(loss, epoch);
          },
        },
      });
    } catch (e) {
      head.dispose();
      optimizer.dispose();
      throw e;
    } finally {
      dispose([xs, ys]);
    }
    this.setHead(head, optimizer);
    return { loss };
  }

  private async headOutput(image: unknown, method: string, want: Mode): Promise<Float32Array> {
    if (this.mode !== undefined && this.mode !== want) {
      raise('task.wrongMode', {
        method, task: this.taskName, learns: this.mode === 'regression' ? `numbers (regression${this.modeGuessed ? `, ${GUESSED}` : ''})` : 'labels (classification)',
        instead: this.mode === 'regression' ? 'predict' : 'classify',
      });
    }
    if (!this.head) raise('task.notTrained', { method });
    const f = await this.embed(image, method);
    const head = this.head!;
    const y = tidy(() => head.predict(f.reshape([1, -1])) as Tensor);
    f.dispose();
    const v = (await y.data()) as Float32Array;
    y.dispose();
    return v;
  }

  private async classifyNow(image: unknown, k: number): Promise<Classification[]> {
    const v = await this.headOutput(image, 'classify', 'classification');
    return topClasses(v, this.learned, 0, k);
  }

  private async predictNow(image: unknown): Promise<RegressionResult> {
    const v = Array.from(await this.headOutput(image, 'predict', 'regression'));
    return { value: v[0], values: v };
  }
}

/**
 * Makes a featureExtractor on a pretrained backbone ('MobileNet'). Call `.classification()` or
 * `.regression()` on it, add examples with `addImage`, then `train()`.
 *
 * @example
 * const extractor = await sprout.featureExtractor('MobileNet', { epochs: 20 });
 * const classifier = extractor.classification();
 * await classifier.addImage(catImg, 'cat');
 */
export function featureExtractor(
  model: string | FeatureExtractorOptions | TaskCallback<FeatureExtractor> = 'MobileNet',
  options?: FeatureExtractorOptions | TaskCallback<FeatureExtractor>,
  callback?: TaskCallback<FeatureExtractor>,
): TaskPromise<FeatureExtractor> {
  return makeExtractor('featureExtractor', model, options, callback);
}

/** Shared by featureExtractor and regression: argument forms (model?, options?, callback?). @example makeExtractor('regression', 'MobileNet', {}, undefined, 'regression'); */
export function makeExtractor(
  taskName: string,
  model: string | FeatureExtractorOptions | TaskCallback<FeatureExtractor> | undefined,
  options: FeatureExtractorOptions | TaskCallback<FeatureExtractor> | undefined,
  callback: TaskCallback<FeatureExtractor> | undefined,
  forced?: Mode,
): TaskPromise<FeatureExtractor> {
  if (typeof model === 'function') return makeExtractor(taskName, 'MobileNet', undefined, model, forced);
  if (model && typeof model === 'object') return makeExtractor(taskName, 'MobileNet', model, options as TaskCallback<FeatureExtractor>, forced);
  const usage = `${taskName}(model?, options?, callback?)`;
  const { values, callback: cb } = splitCallback(taskName, usage, [model, options, callback]);
  const name = values[0] === undefined ? 'MobileNet' : values[0];
  if (typeof name !== 'string') return raise('task.unknownModel', { task: taskName, name: describeValue(name), closest: '', known: `'${BACKBONES.join("', '")}'`, urls: '' });
  let given = values[1] as FeatureExtractorOptions | undefined;
  if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) {
    warnOnce('task.optionsNotObject', { task: taskName, got: describeValue(given) });
    given = undefined;
  }
  const opts = { ...given, ...(forced ? { task: forced } : {}) };
  return finishFactory(new FeatureExtractor(name, opts, taskName), cb as TaskCallback<FeatureExtractor>);
}
