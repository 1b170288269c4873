/**
 * ml5's neuralNetwork on Sprout's own engine: collect examples with `addData`, `normalizeData`,
 * `train`, then `classify` or `predict`; save and load in ml5's files.
 */
import { describeValue, raise, warnOnce } from '../../errors/index.js';
import { tensor, tidy, type Tensor } from '../../tensor/index.js';
import type { Layer, LayersModel } from '../../nn/index.js';
import { settle, type TaskCallback } from '../core/callbacks.js';
import { handleOptions } from '../core/options.js';
import { Task } from '../core/task.js';
import { createTrainingChart, type EpochLogs } from '../ui/training-chart.js';
import { buildModel, compileFor, defaultLayers, fitsData, type LayerSpec, type NeuralNetworkTask } from './architecture.js';
import { DataStore, encodeInputs, encodeRows, findEntries } from './data.js';
import { readJSON, writeFiles, type FileSource } from './files.js';
import { createMetadata, inputShapeOf, labelsInOutputOrder, unnormalizeValue, type Metadata, type Row } from './metadata.js';
import { loadModelFiles, saveModelFiles, type ModelFilesSource } from './model-files.js';

/** Options of `neuralNetwork()`, as in ml5. */
export interface NeuralNetworkOptions {
  /** Input names (['r', 'g', 'b']), their number, or for images [width, height, channels]. */
  inputs?: string[] | number | number[];
  /** Output names (['label']) or their number. */
  outputs?: string[] | number;
  /** 'classification' (labels), 'regression' (numbers) or 'imageClassification'. */
  task?: NeuralNetworkTask;
  /** Your own layers: [{ type: 'dense', units: 16, activation: 'relu' }, …] or sprout.layers objects. */
  layers?: (LayerSpec | Layer)[];
  /** Step size of training. Default 0.2 for classification, 0.1 for regression, 0.02 for imageClassification (ml5: 0.2, 0.2, 0.02). */
  learningRate?: number;
  /** Size of the hidden layer of the default layers. Default 32 (ml5: 16). */
  hiddenUnits?: number;
  /** Show a live chart of the loss (and accuracy) while training. */
  debug?: boolean;
  /** A JSON file of examples to load at start (needs `inputs` and `outputs` names). */
  dataUrl?: string;
  /** A saved model to load at start (what `load()` takes). */
  modelUrl?: ModelFilesSource;
  /** Sprout's addition: the same seed (and data) gives the same training run, e.g. for a lesson. */
  seed?: number | string;
}

/** Options of `train()`, as in ml5. */
export interface TrainOptions {
  /** Passes over the data. Default 10. */
  epochs?: number;
  /** Examples per step. Default 32. */
  batchSize?: number;
  /** Fraction of the examples kept aside to check the model on. Default 0.1. */
  validationSplit?: number;
  /** Shuffle the examples at every pass. Default true. */
  shuffle?: boolean;
}

/** One answer of `classify`. */
export interface Classification {
  label: string;
  confidence: number;
  [label: string]: string | number;
}

/** One answer of `predict`: the value of one output. */
export interface Prediction {
  label: string;
  value: number;
  unNormalizedValue?: number;
  [name: string]: string | number | undefined;
}

/** Called with the result, or with `(undefined, error)` when it failed (ml5's callbacks). */
export type Callback<T> = TaskCallback<T>;
/** Called after every pass over the data with its number (from 0) and numbers such as loss and accuracy. */
export type WhileTraining = (epoch: number, logs: EpochLogs) => void;
/** Called once training has finished (with an error as second argument when it failed). */
export type Finished = TaskCallback<void>;

/**
 * Sprout's defaults, chosen by measurement against ml5's (hidden layer of 16, learning rate 0.2;
 * 0.02 for images):
 * - classification: 32 hidden units, SGD at ml5's 0.2. On ml5's colour data (the split of
 *   test/tasks-nn/colour-accuracy.test.ts, train() defaults) held-out accuracy over 10 runs was
 *   0.769 (0.764–0.776) with 32 units, 0.762 (0.748–0.770) with ml5's 16; ml5's setup in TF.js gave
 *   0.766 (0.755–0.779) over 20 runs. A learning rate of 0.3 was no better and less steady (0.736–0.776).
 * - regression (Adam): 0.1. On y = 2x + 1 and y = 5·sin(x/2), 6 runs each (16 hidden units), it
 *   matched 0.2 on the line and roughly halved the error on the sine at 10 and 60 epochs, where 0.2
 *   often stalled.
 */
const DEFAULT_LEARNING_RATE: Record<NeuralNetworkTask, number> = { classification: 0.2, regression: 0.1, imageClassification: 0.02 };
const DEFAULT_HIDDEN_UNITS = 32;
const ANY = { type: 'any', default: undefined } as const;
const OPTION_RULES = {
  inputs: ANY, outputs: ANY, task: ANY, layers: ANY, dataUrl: ANY, modelUrl: ANY, seed: ANY, learningRate: ANY,
  hiddenUnits: { type: 'number', default: DEFAULT_HIDDEN_UNITS, min: 1, integer: true },
  debug: { type: 'boolean', default: false },
} as const;
const TRAIN_RULES = {
  epochs: { type: 'number', default: 10, min: 1, integer: true },
  batchSize: { type: 'number', default: 32, min: 1, integer: true },
  validationSplit: { type: 'number', default: 0.1, min: 0, max: 0.9 },
  shuffle: { type: 'boolean', default: true },
} as const;
const TASKS: NeuralNetworkTask[] = ['classification', 'regression', 'imageClassification'];

/** A `{ type: … }` layer description (not a layer object). */
const isLayerSpec = (l: unknown): boolean => !!l && typeof l === 'object' && typeof (l as LayerSpec).type === 'string';

/** A date-time name for saved data, as ml5 uses. */
const stamp = (d = new Date()): string => `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}_${d.getHours()}-${d.getMinutes()}-${d.getSeconds()}`;

/** A seeded shuffle (mulberry32), so a training run does not depend on the order examples were added in. */
function shuffledRows(rows: Row[], seed: number): Row[] {
  const out = rows.slice();
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A small neural network you train on your own examples (ml5's `neuralNetwork`).
 *
 * @example
 * const nn = sprout.neuralNetwork({ task: 'classification', debug: true });
 * nn.addData({ r: 255, g: 0, b: 0 }, { label: 'red-ish' });
 * // … more examples …
 * nn.normalizeData();
 * await nn.train({ epochs: 20 });
 * const [best] = await nn.classify({ r: 250, g: 10, b: 20 });
 */
export class NeuralNetwork extends Task {
  /** The options, with defaults filled in. */
  readonly options: Required<Pick<NeuralNetworkOptions, 'hiddenUnits' | 'debug'>> & NeuralNetworkOptions;
  /** The layers model, once trained or loaded. */
  model: LayersModel | null = null;
  /** What the data look like (ml5's model_meta.json); set by normalizeData, train or load. */
  meta: Metadata | null = null;
  private readonly store: DataStore;
  private metaRows = -1;
  private task: NeuralNetworkTask | undefined;

  constructor(given: NeuralNetworkOptions = {}) {
    super('neuralNetwork');
    const options = handleOptions('neuralNetwork', given, OPTION_RULES) as NeuralNetworkOptions & { hiddenUnits: number; debug: boolean };
    if (options.learningRate !== undefined && !(typeof options.learningRate === 'number' && options.learningRate > 0)) {
      warnOnce('task.badOptionValue', { task: 'neuralNetwork', option: 'learningRate', expected: 'a number above 0', got: describeValue(options.learningRate), fallback: 'the task\'s default' });
      options.learningRate = undefined;
    }
    if (options.task !== undefined && !TASKS.includes(options.task)) raise('nn.badTask', { task: String(options.task), tasks: TASKS.join(', ') });
    this.task = options.task;
    const image = options.task === 'imageClassification';
    const imageShape = image ? options.inputs : undefined;
    if (image && !(Array.isArray(imageShape) && imageShape.length === 3 && imageShape.every((n) => typeof n === 'number' && Number.isInteger(n) && n > 0))) {
      raise('nn.badImageShape', { got: JSON.stringify(options.inputs) ?? 'nothing' });
    }
    this.options = options;
    const names = (x: unknown) => (Array.isArray(x) && x.length > 0 && x.every((n) => typeof n === 'string') ? (x as string[]) : undefined);
    this.store = new DataStore({
      inputs: image ? undefined : names(options.inputs),
      outputs: names(options.outputs),
      imageShape: image ? (imageShape as number[]) : undefined,
      labels: options.task === 'classification' || image,
    });
    this.begin(() => this.init());
  }

  private async init(): Promise<void> {
    if (this.options.dataUrl) await this.loadDataNow(this.options.dataUrl);
    if (this.options.modelUrl) await this.loadNow(this.options.modelUrl);
  }

  /** The examples added so far, as `{ xs, ys }` rows. */
  get data(): Row[] {
    return this.store.rows;
  }

  /**
   * Adds one example: inputs and outputs as arrays (in the order of `inputs` / `outputs`) or as
   * objects keyed by name (the keys become the names when none were given).
   *
   * @example
   * nn.addData({ r: 255, g: 0, b: 0 }, { label: 'red-ish' });
   * nn.addData([255, 0, 0], ['red-ish']);
   */
  addData(xs: unknown, ys: unknown): void {
    this.store.add(xs, ys);
  }

  /**
   * Scales every input and output to 0–1 by its smallest and largest value (kept in the metadata,
   * so `classify` / `predict` take values in your own units).
   *
   * @example
   * nn.normalizeData();
   */
  normalizeData(): void {
    this.refreshMeta('normalizeData');
    this.meta!.isNormalized = true;
  }

  private refreshMeta(where: string): void {
    const rows = this.store.rows;
    if (rows.length === 0) raise('nn.noData', { where });
    if (this.meta && this.metaRows === rows.length) return;
    const normalized = this.meta?.isNormalized ?? false;
    this.meta = createMetadata(rows, this.store.declared.imageShape);
    this.meta.isNormalized = normalized;
    this.metaRows = rows.length;
  }

  /** The task, given or guessed from the outputs (labels → classification, numbers → regression). */
  private taskNow(): NeuralNetworkTask {
    if (this.task) return this.task;
    const outputs = Object.values(this.meta?.outputs ?? {});
    return outputs.length > 0 && outputs.every((p) => p.dtype === 'string') ? 'classification' : 'regression';
  }

  /**
   * Trains on the examples added. Takes options `{ epochs, batchSize, validationSplit }` and, as in
   * ml5, `whileTraining(epoch, logs)` and `finished()` callbacks; also returns a Promise.
   *
   * @example
   * await nn.train({ epochs: 32 }, (epoch, logs) => console.log(epoch, logs.loss));
   */
  train(options?: TrainOptions, whileTraining?: WhileTraining, finished?: Finished): Promise<void>;
  train(whileTraining: WhileTraining, finished: Finished): Promise<void>;
  train(finished: Finished): Promise<void>;
  train(optionsOrCallback?: TrainOptions | ((...a: never[]) => void), whileTrainingOrDone?: (...a: never[]) => void, done?: (...a: never[]) => void): Promise<void> {
    let options: TrainOptions = {};
    let whileTraining: WhileTraining | undefined;
    let finished: Finished | undefined;
    if (typeof optionsOrCallback === 'function') {
      if (typeof whileTrainingOrDone === 'function') [whileTraining, finished] = [optionsOrCallback as WhileTraining, whileTrainingOrDone as Finished];
      else finished = optionsOrCallback as Finished;
    } else {
      options = optionsOrCallback ?? {};
      // as in ml5, train(options, fn) calls fn when training has finished
      if (typeof whileTrainingOrDone === 'function' && typeof done === 'function') [whileTraining, finished] = [whileTrainingOrDone as WhileTraining, done as Finished];
      else finished = whileTrainingOrDone as Finished | undefined;
    }
    return this.whenReady(() => this.trainNow(options, whileTraining), finished);
  }

  private async trainNow(given: TrainOptions, whileTraining?: (epoch: number, logs: EpochLogs) => void): Promise<void> {
    const options = handleOptions('neuralNetwork.train', given, TRAIN_RULES);
    this.refreshMeta('train');
    const meta = this.meta!;
    const task = this.taskNow();
    if (task !== 'regression' && Object.values(meta.outputs).some((p) => p.dtype !== 'string')) raise('nn.labelsNeeded', { task });
    // Examples of a new label (or a different size) added after training: start a model that fits
    // them (layer objects given by the user cannot be rebuilt; fit() then names the mismatch).
    if (this.model && !fitsData(this.model, inputShapeOf(meta), meta.outputUnits) && !this.options.layers?.some((l) => !isLayerSpec(l))) {
      this.model.dispose();
      this.model = null;
    }
    if (!this.model) {
      const specs = this.options.layers?.length ? this.options.layers : defaultLayers(task, this.options.hiddenUnits);
      this.model = buildModel(specs, inputShapeOf(meta), meta.outputUnits, this.options.seed);
    }
    if (!this.model.compiled) compileFor(this.model as Parameters<typeof compileFor>[0], task, this.options.learningRate ?? DEFAULT_LEARNING_RATE[task]);
    const chart = this.options.debug ? createTrainingChart({ title: `neuralNetwork (${task})` }) : null;
    const { x, xShape, y, yShape } = encodeRows(shuffledRows(this.store.rows, 1), meta);
    const xs = tensor(x, xShape), ys = tensor(y, yShape);
    try {
      await this.model.fit(xs, ys, {
        epochs: options.epochs,
        batchSize: options.batchSize,
        validationSplit: options.validationSplit,
        shuffle: options.shuffle,
        seed: this.options.seed,
        callbacks: {
          onEpochEnd: async (epoch: number, logs?: EpochLogs) => {
            chart?.update(epoch, logs ?? {});
            whileTraining?.(epoch, logs ?? {});
          },
        },
      });
    } finally {
      xs.dispose();
      ys.dispose();
      chart?.done();
    }
  }

  private modelOrRaise(where: string): { model: LayersModel; meta: Metadata } {
    if (!this.model || !this.meta) raise(this.store.rows.length ? 'nn.notTrained' : 'nn.noModel', { where });
    return { model: this.model, meta: this.meta };
  }

  /** Runs the model on one or many inputs; returns the output rows and whether many were given. */
  private run(input: unknown, where: string, many: boolean): { rows: number[][]; meta: Metadata } {
    const { model, meta } = this.modelOrRaise(where);
    if (input === undefined || input === null) raise('nn.noInput', { where });
    const items = many ? (Array.isArray(input) ? input : raise('nn.notAList', { where })) : [input];
    if (items.length === 0) return { rows: [], meta };
    const size = inputShapeOf(meta).reduce((a, b) => a * b, 1);
    const flat = new Float32Array(items.length * size);
    items.forEach((item, i) => flat.set(encodeInputs(this.store.inputsOf(item, where), meta, where), i * size));
    const out = tidy(() => model.predict(tensor(flat, [items.length, ...inputShapeOf(meta)])) as Tensor);
    const values = out.dataSync();
    out.dispose();
    const width = values.length / items.length;
    return { rows: items.map((_, i) => Array.from(values.subarray(i * width, (i + 1) * width))), meta };
  }

  private classifyRows(input: unknown, where: string, many: boolean): Classification[][] {
    const { rows, meta } = this.run(input, where, many);
    const output = Object.values(meta.outputs)[0];
    if (!output || output.dtype !== 'string') raise('nn.wrongMethod', { used: where, task: 'regression', instead: 'predict' });
    const labels = labelsInOutputOrder(output);
    return rows.map((r) => labels.map((label, i) => ({ [label]: r[i], label, confidence: r[i] }) as Classification).sort((a, b) => b.confidence - a.confidence));
  }

  private predictRows(input: unknown, where: string, many: boolean): Prediction[][] {
    const { rows, meta } = this.run(input, where, many);
    const outputs = Object.entries(meta.outputs);
    if (outputs.some(([, p]) => p.dtype === 'string')) raise('nn.wrongMethod', { used: where, task: 'classification', instead: 'classify' });
    return rows.map((r) => outputs.map(([name, p], i) => {
      const value = meta.isNormalized ? unnormalizeValue(r[i], p.min, p.max) : r[i];
      const d: Prediction = { [name]: value, label: name, value };
      if (meta.isNormalized) d.unNormalizedValue = r[i];
      return d;
    }));
  }

  /**
   * The labels for one input, most likely first: `[{ label, confidence }, …]`.
   *
   * @example
   * const results = await nn.classify({ r: 255, g: 0, b: 0 });
   * console.log(results[0].label, results[0].confidence);
   */
  classify(input: unknown, callback?: Callback<Classification[]>): Promise<Classification[]> {
    return this.whenReady(() => this.classifyRows(input, 'classify', false)[0], callback);
  }

  /** `classify` for a list of inputs: one sorted list of labels per input. @example const all = await nn.classifyMultiple([[255, 0, 0], [0, 0, 255]]); */
  classifyMultiple(inputs: unknown[], callback?: Callback<Classification[][]>): Promise<Classification[][]> {
    return this.whenReady(() => this.classifyRows(inputs, 'classifyMultiple', true), callback);
  }

  /** `classify` without waiting (the model must be ready). @example const [best] = nn.classifySync([255, 0, 0]); */
  classifySync(input: unknown): Classification[] {
    return this.classifyRows(input, 'classifySync', false)[0];
  }

  /**
   * The predicted value of each output for one input: `[{ label: name, value }, …]`.
   *
   * @example
   * const [{ value }] = await nn.predict([0.5]);
   */
  predict(input: unknown, callback?: Callback<Prediction[]>): Promise<Prediction[]> {
    return this.whenReady(() => this.predictRows(input, 'predict', false)[0], callback);
  }

  /** `predict` for a list of inputs. @example const all = await nn.predictMultiple([[0.1], [0.9]]); */
  predictMultiple(inputs: unknown[], callback?: Callback<Prediction[][]>): Promise<Prediction[][]> {
    return this.whenReady(() => this.predictRows(inputs, 'predictMultiple', true), callback);
  }

  /** `predict` without waiting (the model must be ready). @example const [{ value }] = nn.predictSync([0.5]); */
  predictSync(input: unknown): Prediction[] {
    return this.predictRows(input, 'predictSync', false)[0];
  }

  /**
   * Saves `<name>.json`, `<name>.weights.bin` and `<name>_meta.json` (downloads in a browser, files
   * in Node, where the name may include a folder).
   *
   * @example
   * nn.save('colours');
   */
  save(name: string | Callback<void> = 'model', callback?: Callback<void>): Promise<void> {
    const cb = typeof name === 'function' ? name : callback;
    const n = typeof name === 'string' && name ? name : 'model';
    return this.whenReady(() => {
      const { model, meta } = this.modelOrRaise('save');
      return saveModelFiles(model, meta, n);
    }, cb);
  }

  /**
   * Loads a saved network: the URL or path of its model .json (its `_meta.json` and weights beside
   * it), `{ model, metadata, weights }`, or the three Files from an `<input type="file" multiple>`.
   *
   * @example
   * await nn.load('model/model.json');
   */
  load(source: ModelFilesSource, callback?: Callback<void>): Promise<void> {
    return settle(this.loadNow(source), callback);
  }

  private async loadNow(source: ModelFilesSource): Promise<void> {
    const { model, meta } = await loadModelFiles(source);
    this.model?.dispose();
    this.model = model;
    this.meta = meta;
    this.metaRows = this.store.rows.length;
    this.store.inputNames = Object.keys(meta.inputs);
    this.store.outputNames = Object.keys(meta.outputs);
    if (!this.task && Object.values(meta.outputs).every((p) => p.dtype === 'string')) this.task = 'classification';
  }

  /**
   * Saves the examples as `<name>.json` (`{ data: [{ xs, ys }, …] }`, as ml5 does).
   *
   * @example
   * nn.saveData('my-colours');
   */
  saveData(name?: string | Callback<void>, callback?: Callback<void>): Promise<void> {
    const cb = typeof name === 'function' ? name : callback;
    const n = typeof name === 'string' && name ? name : stamp();
    return settle(writeFiles([{ name: `${n}.json`, data: JSON.stringify({ data: this.store.rows }) }]), cb);
  }

  /**
   * Loads examples from a JSON file (a URL, a path in Node, or a File): ml5's saved data
   * (`{ data: [{ xs, ys }] }`) or a list of records (`{ entries: [{ r, g, b, label }] }`), whose
   * fields are picked by the `inputs` and `outputs` names. Replaces the examples added so far.
   *
   * @example
   * await nn.loadData('colorData.json');
   */
  loadData(source: FileSource | FileSource[] | { length: number; item(i: number): FileSource | null }, callback?: Callback<void>): Promise<void> {
    return settle(this.loadDataNow(source), callback);
  }

  private async loadDataNow(source: FileSource | FileSource[] | { length: number; item(i: number): FileSource | null }): Promise<void> {
    const file = Array.isArray(source) ? source[0] : typeof source === 'object' && 'item' in source && typeof source.item === 'function' ? source.item(0) : source;
    if (!file) raise('nn.badLoadSource', { got: 'an empty list of files' });
    const entries = findEntries(await readJSON(file as FileSource));
    const where = typeof file === 'string' ? file : (file as { name: string }).name;
    if (!entries || entries.length === 0) raise('nn.badFile', { where, reason: 'it has no list of examples (an "entries" or "data" list)' });
    const isRow = (e: unknown): e is Row => !!e && typeof e === 'object' && 'xs' in e && 'ys' in e;
    if (entries.every(isRow)) {
      this.store.replace([]);
      for (const r of entries) this.store.add(r.xs, r.ys);
    } else {
      const { inputs, outputs } = this.options;
      const names = (x: unknown) => (Array.isArray(x) && x.every((n) => typeof n === 'string') ? (x as string[]) : null);
      const ins = names(inputs), outs = names(outputs);
      if (!ins || !outs) raise('nn.namesNeeded', { where, fields: Object.keys(entries[0] as object).join(', ') });
      this.store.replace([]);
      for (const e of entries as Record<string, unknown>[]) {
        const pick = (keys: string[]) => Object.fromEntries(keys.filter((k) => k in e).map((k) => [k, e[k]]));
        this.store.add(pick(ins), pick(outs));
      }
    }
    this.metaRows = -1;
  }

  /** Frees the model's memory. @example nn.dispose(); */
  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }
}
