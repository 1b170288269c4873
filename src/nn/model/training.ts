/**
 * compile / fit / fitDataset / evaluate. One `tidy` per batch, no tensor left behind, seeded
 * shuffling and dropout for reproducible runs, friendly checks of the data, and a training run
 * that stops (restoring the last good weights) when the loss stops being a finite number.
 */
import { variableGrads } from '../../autograd/index.js';
import { Rng } from '../../core/rng.js';
import { describeValue, raise, warnOnce } from '../../errors/index.js';
import {
  Tensor, add, all, argMin, cast, gather, isFinite, keep, max, mean, min, mul, scalar, slice, tensor, tidy, floor, notEqual, any,
} from '../../tensor/index.js';
import { getLoss, getMetric, getOptimizer, Optimizer, type LossFn, type MetricFn, type SerializedLoss } from '../layers/deps.js';
import { looseName } from '../optimizers/lookup.js';
import { CallbackList, History, type CallbackLike, type Logs } from './callbacks.js';
import type { LayersModel, ModelInput, Standardized } from './model.js';

type LossLike = string | LossFn | SerializedLoss;
type MetricLike = string | MetricFn;

/** Arguments of `compile`. */
export interface CompileArgs {
  /** 'sgd', 'adam', 'rmsprop', … or an optimizer (sprout.train.adam(0.01)). */
  optimizer: string | Optimizer;
  /** 'meanSquaredError', 'categoricalCrossentropy', … or a function; one per output, or a map by output name. */
  loss: LossLike | LossLike[] | Record<string, LossLike>;
  /** 'accuracy', 'mse', … or functions (applied to every output), or a map by output name. */
  metrics?: MetricLike | MetricLike[] | Record<string, MetricLike | MetricLike[]>;
  /** Weights of the outputs' losses in the total. */
  lossWeights?: number[] | Record<string, number>;
}

/** @internal What compile() resolved, per output. */
export interface CompiledState {
  args: CompileArgs;
  ownsOptimizer: boolean;
  /** Resolved once the model's outputs are known (a Sequential may build later). */
  resolved?: {
    lossFns: LossFn[];
    sparse: boolean[];
    lossWeights: number[];
    metrics: { output: number; name: string; fn: MetricFn }[];
    /** Names of the logged values, 'loss' first. */
    names: string[];
  };
}

/** Options of `fit`. */
export interface FitArgs {
  /** Passes over the data. Default 1. */
  epochs?: number;
  /** Examples per gradient step. Default 32. */
  batchSize?: number;
  /** 0: silent (default); 1 or 2: one line per epoch on the console. */
  verbose?: number;
  /** Callback objects (`{ onEpochEnd(epoch, logs) { … } }`) or `Callback`s. */
  callbacks?: CallbackLike | CallbackLike[];
  /** Fraction of the examples (the last ones) kept aside to validate on. */
  validationSplit?: number;
  /** Data to validate on: [x, y]. */
  validationData?: [ModelInput, ModelInput] | { xs: ModelInput; ys: ModelInput };
  /** Shuffle the examples at each epoch. Default true. */
  shuffle?: boolean;
  /** Epoch to start counting from. Default 0. */
  initialEpoch?: number;
  /** Seed of the shuffling and of dropout: the same seed (and initial weights) gives the same run. */
  seed?: number | string;
  /** How often fit() lets the page redraw: 'auto' (default), 'batch', 'epoch', 'never', or milliseconds. */
  yieldEvery?: 'auto' | 'batch' | 'epoch' | 'never' | number;
  /** Examples per batch of the validation. Default: batchSize. */
  validationBatchSize?: number;
  /** Accepted for TF.js compatibility; not supported (a warning says so). */
  classWeight?: unknown;
  sampleWeight?: unknown;
}

/** A batch from a dataset. */
export interface DatasetBatch {
  xs: ModelInput;
  ys: ModelInput;
}

/** Anything fitDataset takes: an (async) iterable of batches, a function making one, or a TF.js-style dataset. */
export type DatasetLike =
  | Iterable<DatasetBatch> | AsyncIterable<DatasetBatch>
  | (() => Iterable<DatasetBatch> | AsyncIterable<DatasetBatch> | Iterator<DatasetBatch> | AsyncIterator<DatasetBatch>)
  | { iterator(): Promise<AsyncIterator<DatasetBatch> | Iterator<DatasetBatch>> | AsyncIterator<DatasetBatch> | Iterator<DatasetBatch> };

/** Options of `fitDataset`. */
export interface FitDatasetArgs {
  epochs?: number;
  /** Batches per epoch (the iterator then continues across epochs). Default: until the data ends. */
  batchesPerEpoch?: number;
  verbose?: number;
  callbacks?: CallbackLike | CallbackLike[];
  /** [x, y] tensors, or a dataset of batches. */
  validationData?: [ModelInput, ModelInput] | { xs: ModelInput; ys: ModelInput } | DatasetLike;
  /** Batches of validation data per epoch, for a validation dataset. */
  validationBatches?: number;
  validationBatchSize?: number;
  initialEpoch?: number;
  seed?: number | string;
  yieldEvery?: 'auto' | 'batch' | 'epoch' | 'never' | number;
}

/** Options of `evaluate`. */
export interface EvaluateArgs {
  batchSize?: number;
  verbose?: number;
}

// ---- compile --------------------------------------------------------------------------------

export function compileModel(model: LayersModel, args: CompileArgs): void {
  if (!args || typeof args !== 'object') raise('fit.badCompile', { detail: `compile() takes { optimizer, loss, metrics }, got ${describeValue(args)}` });
  if (args.optimizer === undefined || args.optimizer === null) raise('fit.badCompile', { detail: "an optimizer is needed, e.g. { optimizer: 'adam' }" });
  if (args.loss === undefined || args.loss === null) raise('fit.badCompile', { detail: "a loss is needed, e.g. { loss: 'meanSquaredError' } (or 'categoricalCrossentropy' for classification)" });
  if (model.compiled?.ownsOptimizer && model.optimizer && model.optimizer !== args.optimizer) model.optimizer.dispose();
  const optimizer = getOptimizer(args.optimizer as string | Optimizer);
  model.optimizer = optimizer;
  model.compiled = { args, ownsOptimizer: !(args.optimizer instanceof Optimizer) };
  if (model.inputs.length) resolveCompiled(model);
}

const SPARSE = 'sparsecategoricalcrossentropy';
const BINARY = 'binarycrossentropy';
const lossKey = (l: LossLike) => looseName(typeof l === 'string' ? l : typeof l === 'function' ? l.name || '' : String(l.className ?? l.class_name ?? ''));

/** @internal The compiled state with per-output losses and metrics, resolving it if needed. */
export function resolveCompiled(model: LayersModel, op = 'fit'): NonNullable<CompiledState['resolved']> {
  const c = model.compiled;
  if (!c || !model.optimizer) return raise('fit.notCompiled', { op, model: model.name });
  if (c.resolved) return c.resolved;
  const outNames = model.outputNames;
  const n = outNames.length;
  const perOutput = <T>(v: T | T[] | Record<string, T> | undefined, what: string, isItem: (x: unknown) => boolean): (T | undefined)[] => {
    if (v === undefined) return outNames.map(() => undefined);
    if (Array.isArray(v) && !(what === 'metrics' && n === 1)) {
      if (what === 'loss' && v.length !== n) raise('fit.badCompile', { detail: `${n} loss(es) are needed (one per output: ${outNames.join(', ')}), got ${v.length}` });
      if (what !== 'metrics' || v.length === n) return v;
    }
    if (!isItem(v) && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const rec = v as Record<string, T>;
      for (const k of Object.keys(rec)) if (!outNames.includes(k)) raise('fit.badCompile', { detail: `${what} names an output '${k}', but the outputs are ${outNames.join(', ')}` });
      return outNames.map((o) => rec[o]);
    }
    return outNames.map(() => v as T);
  };
  const isLoss = (x: unknown) => typeof x === 'string' || typeof x === 'function' || (typeof x === 'object' && x !== null && ('className' in x || 'class_name' in x));
  const losses = perOutput<LossLike>(c.args.loss, 'loss', isLoss);
  const lossFns = losses.map((l, i) => {
    if (l === undefined) raise('fit.badCompile', { detail: `no loss for output '${outNames[i]}'` });
    return getLoss(l as LossLike);
  });
  const sparse = losses.map((l) => lossKey(l as LossLike) === SPARSE);
  const lw = perOutput<number>(c.args.lossWeights as number[] | Record<string, number> | undefined, 'lossWeights', (x) => typeof x === 'number');
  const lossWeights = lw.map((w) => w ?? 1);
  const metricsIn = c.args.metrics;
  const metricLists: MetricLike[][] = metricsIn === undefined || metricsIn === null ? outNames.map(() => [])
    : Array.isArray(metricsIn) || typeof metricsIn !== 'object' ? outNames.map(() => (Array.isArray(metricsIn) ? metricsIn : [metricsIn]))
      : outNames.map((o) => {
        const m = (metricsIn as Record<string, MetricLike | MetricLike[]>)[o];
        return m === undefined ? [] : Array.isArray(m) ? m : [m];
      });
  const metrics: { output: number; name: string; fn: MetricFn }[] = [];
  metricLists.forEach((list, o) => {
    for (const m of list) {
      let name: string;
      let fn: MetricFn;
      const key = typeof m === 'string' ? looseName(m) : '';
      if (key === 'accuracy' || key === 'acc') {
        name = 'acc';
        const units = model.outputs[o].shape[model.outputs[o].shape.length - 1];
        const lk = lossKey(losses[o] as LossLike);
        fn = getMetric(lk === SPARSE ? 'sparseCategoricalAccuracy' : lk === BINARY || units === 1 ? 'binaryAccuracy' : 'categoricalAccuracy');
      } else {
        fn = getMetric(m);
        name = typeof m === 'string' ? m : m.name || `metric_${metrics.length + 1}`;
      }
      metrics.push({ output: o, name: n > 1 ? `${outNames[o]}_${name}` : name, fn });
    }
  });
  const names = ['loss', ...(n > 1 ? outNames.map((o) => `${o}_loss`) : []), ...metrics.map((m) => m.name)];
  c.resolved = { lossFns, sparse, lossWeights, metrics, names };
  return c.resolved;
}

// ---- checks of the data ------------------------------------------------------------------------

/** Float inputs and targets, checked against the model (shapes, lengths, NaN, label range). */
function prepareData(model: LayersModel, x: ModelInput, y: ModelInput, op: string, prefix = ''): { xs: Standardized; ys: Standardized } {
  const xs = model.standardizeInputs(x, op, `${prefix}x`);
  let ys: Standardized | undefined;
  try {
    model.ensureGraph(xs.tensors[0].shape);
    const r = resolveCompiled(model, op);
    model.checkShapes(xs, 'input', op);
    ys = standardizeTargets(model, y, op, `${prefix}y`);
    model.checkShapes(ys, 'target', op, r.sparse);
    const n = xs.tensors[0].shape[0];
    xs.tensors.forEach((t, i) => {
      if (t.shape[0] !== n) raise('fit.lengthMismatch', { op, a: `${prefix}x[0]`, na: n, b: `${prefix}x[${i}]`, nb: t.shape[0] });
    });
    ys.tensors.forEach((t, i) => {
      if (t.shape[0] !== n) raise('fit.lengthMismatch', { op, a: `${prefix}x`, na: n, b: ys!.tensors.length > 1 ? `${prefix}y[${i}]` : `${prefix}y`, nb: t.shape[0] });
    });
    if (n === 0) raise('fit.emptyData', { op, what: `${prefix}x and ${prefix}y have no examples` });
    xs.tensors.forEach((t, i) => checkFinite(t, op, xs.tensors.length > 1 ? `${prefix}x[${i}]` : `${prefix}x`));
    ys.tensors.forEach((t, i) => {
      const name = ys!.tensors.length > 1 ? `${prefix}y[${i}]` : `${prefix}y`;
      checkFinite(t, op, name);
      if (r.sparse[i]) checkLabels(t, model.outputs[i].shape[model.outputs[i].shape.length - 1] as number, op, name);
    });
    return { xs, ys };
  } catch (err) {
    for (const t of [...xs.owned, ...(ys?.owned ?? [])]) t.dispose();
    throw err;
  }
}

function standardizeTargets(model: LayersModel, y: ModelInput, op: string, param: string): Standardized {
  // Targets are matched to outputs the way inputs are matched to inputs.
  const view = { inputNames: model.outputNames, inputs: model.outputs } as unknown as LayersModel;
  return model.standardizeInputs.call(view, y, op, param);
}

/** Throws when a tensor holds NaN or ±Infinity, naming the first bad example. */
function checkFinite(t: Tensor, op: string, name: string): void {
  const bad = tidy(() => {
    if (all(isFinite(t)).dataSync()[0]) return -1;
    const perExample = t.rank > 1 ? all(isFinite(t), t.shape.slice(1).map((_, i) => i + 1)) : isFinite(t);
    return argMin(cast(perExample, 'int32')).dataSync()[0];
  });
  if (bad >= 0) raise('fit.nanInData', { op, name, index: bad });
}

/** Sparse labels must be whole numbers in [0, classes). */
function checkLabels(t: Tensor, classes: number, op: string, name: string): void {
  const [lo, hi, frac] = tidy(() => [min(t).dataSync()[0], max(t).dataSync()[0], any(notEqual(floor(t), t)).dataSync()[0]]);
  if (lo < 0 || hi >= classes || frac) {
    raise('fit.labelOutOfRange', { op, name, min: lo, max: hi, classes, last: classes - 1, frac: frac ? '(and some are not whole numbers)' : '' });
  }
}

// ---- one batch ------------------------------------------------------------------------------------

/** Loss of outputs against targets: the weighted sum of the outputs' mean losses. Also returns each output's. */
function lossOf(r: NonNullable<CompiledState['resolved']>, ys: Tensor[], outs: Tensor[]): [Tensor, Tensor[]] {
  const parts = outs.map((o, i) => {
    const l = r.lossFns[i](ys[i], o);
    return l.rank > 0 ? mean(l) : l;
  });
  let total = r.lossWeights[0] === 1 ? parts[0] : mul(parts[0], r.lossWeights[0]);
  for (let i = 1; i < parts.length; i++) total = add(total, r.lossWeights[i] === 1 ? parts[i] : mul(parts[i], r.lossWeights[i]));
  return [total, parts];
}

function metricValues(r: NonNullable<CompiledState['resolved']>, ys: Tensor[], outs: Tensor[]): Tensor[] {
  return r.metrics.map((m) => {
    const v = m.fn(ys[m.output], outs[m.output]);
    return v.rank > 0 ? mean(v) : v;
  });
}

/**
 * One training step in one tidy: forward, loss (with regularization), gradients of the trainable
 * weights, update. Returns the logged values, or null (and no update) when the loss is not finite.
 */
function trainBatch(model: LayersModel, r: NonNullable<CompiledState['resolved']>, make: () => { xs: Tensor[]; ys: Tensor[] }): number[] | null {
  return tidy(() => {
    const { xs, ys } = make();
    const vars = model.trainableWeights.map((w) => w.read());
    let outs: Tensor[] = [];
    let parts: Tensor[] = [];
    const { value, grads } = variableGrads(() => {
      const activity: Tensor[] = [];
      outs = model.execute(xs, true, { activityLosses: activity });
      const [total, p] = lossOf(r, ys, outs);
      let loss = total;
      const reg = model.regularizationLoss();
      if (reg) loss = add(loss, reg);
      for (const a of activity) loss = add(loss, a);
      outs.forEach((o) => keep(o));
      parts = p.length > 1 ? p.map((t) => keep(t)) : [];
      return loss;
    }, vars);
    try {
      const loss = value.dataSync()[0];
      if (!Number.isFinite(loss)) return null;
      const metrics = metricValues(r, ys, outs).map((t) => t.dataSync()[0]);
      if (vars.length) model.optimizer!.applyGradients(grads);
      return [loss, ...parts.map((t) => t.dataSync()[0]), ...metrics];
    } finally {
      for (const t of [...outs, ...parts]) t.dispose();
    }
  });
}

/** Loss and metrics of a batch, without training (evaluate and validation). Values are summed × batch size. */
function testBatch(model: LayersModel, r: NonNullable<CompiledState['resolved']>, xs: Tensor[], ys: Tensor[]): number[] {
  return tidy(() => {
    const outs = model.execute(xs, false);
    const [total, parts] = lossOf(r, ys, outs);
    const reg = model.regularizationLoss();
    const loss = reg ? add(total, reg) : total;
    return [loss, ...(parts.length > 1 ? parts : []), ...metricValues(r, ys, outs)].map((t) => t.dataSync()[0]);
  });
}

const sliceRows = (t: Tensor, start: number, size: number) => slice(t, [start, ...t.shape.slice(1).map(() => 0)], [size, ...t.shape.slice(1)]);

/** Averages of loss and metrics over checked data, in batches. */
function testLoop(model: LayersModel, r: NonNullable<CompiledState['resolved']>, xs: Tensor[], ys: Tensor[], batchSize: number): number[] {
  const n = xs[0].shape[0];
  const sums = new Array<number>(r.names.length).fill(0);
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const v = tidy(() => testBatch(model, r, xs.map((t) => sliceRows(t, start, size)), ys.map((t) => sliceRows(t, start, size))));
    v.forEach((x, i) => { sums[i] += x * size; });
  }
  return sums.map((s) => s / n);
}

// ---- evaluate ---------------------------------------------------------------------------------------

export function evaluateModel(model: LayersModel, x: ModelInput, y: ModelInput, args: EvaluateArgs = {}): Tensor | Tensor[] {
  const batchSize = positive('evaluate', 'batchSize', args.batchSize ?? 32);
  const { xs, ys } = prepareData(model, x, y, 'evaluate');
  try {
    const r = resolveCompiled(model, 'evaluate');
    const values = testLoop(model, r, xs.tensors, ys.tensors, batchSize);
    const out = values.map((v) => scalar(v));
    return out.length === 1 ? out[0] : out;
  } finally {
    for (const t of [...xs.owned, ...ys.owned]) t.dispose();
  }
}

function positive(op: string, param: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) raise('layers.badOption', { layer: op, option: param, expected: 'a positive integer', got: describeValue(v) });
  return v;
}

// ---- the training loop --------------------------------------------------------------------------

/** One batch to train on: its size, and a maker called inside the batch's tidy. */
interface BatchSource {
  size: number;
  make: () => { xs: Tensor[]; ys: Tensor[] };
  done?: () => void;
}

interface LoopOptions {
  epochs: number;
  initialEpoch: number;
  verbose: number;
  callbacks?: CallbackLike | CallbackLike[];
  seed?: number | string;
  yieldEvery: FitArgs['yieldEvery'];
  samples?: number;
  batchSize?: number;
  steps?: number | null;
  hasValidation: boolean;
  /** 'dataset' empties are reported differently from arrays. */
  source: 'arrays' | 'dataset';
}

// Lets the page (or Node's event loop) run between batches. setImmediate, where it exists, yields
// without setTimeout's minimum delay of a millisecond or more.
const nextFrame = (): Promise<void> => {
  const immediate = (globalThis as { setImmediate?: (cb: () => void) => unknown }).setImmediate;
  return new Promise<void>((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
};

function restoreWeights(model: LayersModel, snapshot: Tensor[]): void {
  model.allWeights.forEach((w, i) => {
    if (!w.val.isDisposed && snapshot[i]) w.val.assign(snapshot[i]);
  });
}

async function trainingLoop(
  model: LayersModel, r: NonNullable<CompiledState['resolved']>, o: LoopOptions,
  batchesOf: (epoch: number) => AsyncIterable<BatchSource> | Iterable<BatchSource>, validate: (() => Logs) | null,
): Promise<History> {
  if (model.isTraining) raise('fit.alreadyTraining', { model: model.name });
  const history = new History();
  const userCallbacks = o.callbacks === undefined || o.callbacks === null ? [] : Array.isArray(o.callbacks) ? o.callbacks : [o.callbacks];
  const cbs = new CallbackList([history, ...userCallbacks], model, {
    epochs: o.epochs, initialEpoch: o.initialEpoch, samples: o.samples, steps: o.steps ?? null, batchSize: o.batchSize,
    verbose: o.verbose, doValidation: o.hasValidation, metrics: [...r.names, ...(o.hasValidation ? r.names.map((n) => `val_${n}`) : [])],
  });
  if (o.seed !== undefined) model.reseed(String(o.seed));
  model.stopTraining = false;
  model.isTraining = true;
  model.history = history;
  let snapshot: Tensor[] | null = null;
  let lastYield = Date.now();
  const yieldEvery = o.yieldEvery ?? 'auto';
  const maybeYield = async (atEpochEnd: boolean) => {
    const now = Date.now();
    const due = yieldEvery === 'batch' || (yieldEvery === 'epoch' && atEpochEnd) || (yieldEvery === 'auto' && now - lastYield > 25) ||
      (typeof yieldEvery === 'number' && now - lastYield >= yieldEvery);
    if (due) {
      await nextFrame();
      lastYield = Date.now();
    }
  };
  try {
    await cbs.onTrainBegin();
    for (let epoch = o.initialEpoch; epoch < o.epochs; epoch++) {
      const started = Date.now();
      await cbs.onEpochBegin(epoch);
      const sums = new Array<number>(r.names.length).fill(0);
      let seen = 0;
      let batch = 0;
      let badLoss = false;
      for await (const src of batchesOf(epoch)) {
        const batchLogs: Logs = { batch, size: src.size };
        await cbs.onBatchBegin(batch, batchLogs);
        const pre = model.allWeights.map((w) => keep(w.read().clone()));
        let values: number[] | null;
        try {
          values = trainBatch(model, r, src.make);
        } catch (err) {
          for (const t of pre) t.dispose();
          throw err;
        } finally {
          src.done?.();
        }
        if (!values) {
          restoreWeights(model, snapshot ?? pre);
          for (const t of pre) t.dispose();
          const lr = model.optimizer?.learningRate;
          warnOnce('fit.lossNaN', { epoch: epoch + 1, batch: batch + 1, lr: typeof lr === 'number' ? String(lr) : '', smaller: typeof lr === 'number' ? String(lr / 10) : '' });
          badLoss = true;
          model.stopTraining = true;
          break;
        }
        if (snapshot) for (const t of snapshot) t.dispose();
        snapshot = pre;
        const logs: Logs = { ...batchLogs };
        r.names.forEach((n, i) => { logs[n] = values![i]; sums[i] += values![i] * src.size; });
        seen += src.size;
        await cbs.onBatchEnd(batch, logs);
        batch++;
        await maybeYield(false);
        if (model.stopTraining) break;
      }
      if (badLoss) break;
      if (seen === 0) {
        if (epoch === o.initialEpoch) raise('fit.emptyData', { op: o.source === 'dataset' ? 'fitDataset' : 'fit', what: o.source === 'dataset' ? 'the dataset gave no batches' : 'there are no examples to train on' });
        warnOnce('fit.datasetExhausted', { epoch: epoch + 1 });
        break;
      }
      const logs: Logs = {};
      r.names.forEach((n, i) => { logs[n] = sums[i] / seen; });
      if (validate) Object.assign(logs, validate());
      await cbs.onEpochEnd(epoch, logs);
      if (o.verbose > 0) {
        console.log(`Epoch ${epoch + 1}/${o.epochs} - ${Date.now() - started}ms - ${Object.entries(logs).map(([k, v]) => `${k}: ${formatLog(v)}`).join(' - ')}`);
      }
      await maybeYield(true);
      if (model.stopTraining) break;
    }
    await cbs.onTrainEnd();
  } finally {
    if (snapshot) for (const t of snapshot) t.dispose();
    model.isTraining = false;
  }
  return history;
}

const formatLog = (v: number) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(3));

/** Fisher–Yates with the run's generator. */
function shuffled(n: number, rng: Rng): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}

function checkEpochs(op: string, epochs: unknown, initialEpoch: unknown): void {
  if (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs < 0) raise('layers.badOption', { layer: op, option: 'epochs', expected: 'a non-negative integer', got: describeValue(epochs) });
  if (typeof initialEpoch !== 'number' || !Number.isInteger(initialEpoch) || initialEpoch < 0) raise('layers.badOption', { layer: op, option: 'initialEpoch', expected: 'a non-negative integer', got: describeValue(initialEpoch) });
}

function validationPair(v: unknown): [ModelInput, ModelInput] | null {
  if (Array.isArray(v) && v.length >= 2) return [v[0] as ModelInput, v[1] as ModelInput];
  if (v && typeof v === 'object' && 'xs' in v && 'ys' in v) return [(v as DatasetBatch).xs, (v as DatasetBatch).ys];
  return null;
}

// ---- fit --------------------------------------------------------------------------------------------

export async function fitModel(model: LayersModel, x: ModelInput, y: ModelInput, args: FitArgs = {}): Promise<History> {
  if (!model.compiled) raise('fit.notCompiled', { op: 'fit', model: model.name });
  if (model.isTraining) raise('fit.alreadyTraining', { model: model.name });
  if (y === undefined) raise('layersModel.missingData', { op: 'fit', param: 'y' });
  const epochs = args.epochs ?? 1;
  const initialEpoch = args.initialEpoch ?? 0;
  checkEpochs('fit', epochs, initialEpoch);
  const batchSize = positive('fit', 'batchSize', args.batchSize ?? 32);
  if (args.classWeight !== undefined) warnOnce('layers.ignoredOption', { layer: 'fit', option: 'classWeight' });
  if (args.sampleWeight !== undefined) warnOnce('layers.ignoredOption', { layer: 'fit', option: 'sampleWeight' });
  const { xs, ys } = prepareData(model, x, y, 'fit');
  const owned = [...xs.owned, ...ys.owned];
  try {
    const r = resolveCompiled(model);
    let trainX = xs.tensors, trainY = ys.tensors;
    let valX: Tensor[] | null = null, valY: Tensor[] | null = null;
    const n = trainX[0].shape[0];
    const vd = args.validationData === undefined || args.validationData === null ? null : validationPair(args.validationData);
    if (args.validationData !== undefined && args.validationData !== null && !vd) raise('fit.badValidation', { detail: `validationData must be [x, y], got ${describeValue(args.validationData)}` });
    if (vd) {
      const v = prepareData(model, vd[0], vd[1], 'fit', 'validation ');
      owned.push(...v.xs.owned, ...v.ys.owned);
      valX = v.xs.tensors;
      valY = v.ys.tensors;
    } else if (args.validationSplit !== undefined && args.validationSplit !== 0) {
      const split = args.validationSplit;
      if (typeof split !== 'number' || !(split > 0 && split < 1)) raise('layers.badOption', { layer: 'fit', option: 'validationSplit', expected: 'a number between 0 and 1', got: describeValue(split) });
      const at = Math.floor(n * (1 - split));
      if (at <= 0 || at >= n) raise('fit.badValidation', { detail: `validationSplit ${split} of ${n} example(s) leaves ${at} to train on and ${n - at} to validate on; both need at least one` });
      const cut = (ts: Tensor[], from: number, size: number) => ts.map((t) => { const s = sliceRows(t, from, size); owned.push(s); return s; });
      valX = cut(trainX, at, n - at);
      valY = cut(trainY, at, n - at);
      trainX = cut(xs.tensors, 0, at);
      trainY = cut(ys.tensors, 0, at);
    }
    const nTrain = trainX[0].shape[0];
    const shuffle = args.shuffle ?? true;
    const rng = new Rng(args.seed);
    const valBatch = args.validationBatchSize ?? batchSize;
    const validate = valX ? () => {
      const v = testLoop(model, r, valX!, valY!, valBatch);
      const logs: Logs = {};
      r.names.forEach((name, i) => { logs[`val_${name}`] = v[i]; });
      return logs;
    } : null;
    function* batches(): Iterable<BatchSource> {
      const order = shuffle ? shuffled(nTrain, rng) : null;
      for (let start = 0; start < nTrain; start += batchSize) {
        const size = Math.min(batchSize, nTrain - start);
        yield {
          size,
          make: () => {
            if (!order) return { xs: trainX.map((t) => sliceRows(t, start, size)), ys: trainY.map((t) => sliceRows(t, start, size)) };
            const idx = tensor(order.subarray(start, start + size), [size], 'int32');
            return { xs: trainX.map((t) => gather(t, idx)), ys: trainY.map((t) => gather(t, idx)) };
          },
        };
      }
    }
    return await trainingLoop(model, r, {
      epochs, initialEpoch, verbose: args.verbose ?? 0, callbacks: args.callbacks, seed: args.seed, yieldEvery: args.yieldEvery,
      samples: nTrain, batchSize, steps: Math.ceil(nTrain / batchSize), hasValidation: !!validate, source: 'arrays',
    }, batches, validate);
  } finally {
    for (const t of owned) t.dispose();
  }
}

// ---- trainOnBatch ------------------------------------------------------------------------------

/** One gradient step on the given batch; resolves to the loss (or [loss, ...metrics]). */
export async function trainOnBatchModel(model: LayersModel, x: ModelInput, y: ModelInput): Promise<number | number[]> {
  if (!model.compiled) raise('fit.notCompiled', { op: 'trainOnBatch', model: model.name });
  if (model.isTraining) raise('fit.alreadyTraining', { model: model.name });
  const { xs, ys } = prepareData(model, x, y, 'trainOnBatch');
  try {
    const r = resolveCompiled(model, 'trainOnBatch');
    const values = trainBatch(model, r, () => ({ xs: xs.tensors, ys: ys.tensors }));
    if (!values) {
      const lr = model.optimizer?.learningRate;
      warnOnce('fit.lossNaN', { epoch: 1, batch: 1, lr: typeof lr === 'number' ? String(lr) : '', smaller: typeof lr === 'number' ? String(lr / 10) : '' });
      return NaN;
    }
    return values.length === 1 ? values[0] : values;
  } finally {
    for (const t of [...xs.owned, ...ys.owned]) t.dispose();
  }
}

// ---- fitDataset ------------------------------------------------------------------------------------

type AnyIterator = Iterator<DatasetBatch> | AsyncIterator<DatasetBatch>;

/** An iterator over a dataset-like source (a fresh one per call when the source can make one). */
async function iteratorOf(source: DatasetLike): Promise<AnyIterator> {
  const s = source as unknown as Record<string | symbol, unknown>;
  let it: unknown = source;
  if (typeof source === 'function') it = (source as () => unknown)();
  else if (typeof s.iterator === 'function') it = await (s.iterator as () => unknown)();
  const obj = it as Record<string | symbol, unknown>;
  if (obj && typeof obj[Symbol.asyncIterator] === 'function') return (obj[Symbol.asyncIterator] as () => AnyIterator)();
  if (obj && typeof obj[Symbol.iterator] === 'function' && !Array.isArray(obj) || Array.isArray(obj)) return (obj[Symbol.iterator] as () => AnyIterator)();
  if (obj && typeof obj.next === 'function') return obj as unknown as AnyIterator;
  return raise('fit.badDataset', { got: describeValue(source) });
}

/** Turns a batch from a dataset into checked tensors; `owned` are the ones to dispose after the step. */
function prepareBatch(model: LayersModel, value: unknown, index: number): { xs: Tensor[]; ys: Tensor[]; size: number; dispose: () => void } {
  const b = value as DatasetBatch;
  if (!b || typeof b !== 'object' || !('xs' in b) || !('ys' in b)) raise('fit.badBatch', { index, got: describeValue(value) });
  const { xs, ys } = prepareData(model, b.xs, b.ys, 'fitDataset');
  // Tensors the dataset made are the dataset's to give away: TF.js disposes them after the step too.
  const given = [b.xs, b.ys].flatMap((v) => (v instanceof Tensor ? [v] : Array.isArray(v) ? v.filter((e): e is Tensor => e instanceof Tensor)
    : v && typeof v === 'object' && !ArrayBuffer.isView(v) ? Object.values(v).filter((e): e is Tensor => e instanceof Tensor) : []));
  return {
    xs: xs.tensors, ys: ys.tensors, size: xs.tensors[0].shape[0],
    dispose: () => { for (const t of [...xs.owned, ...ys.owned, ...given]) t.dispose(); },
  };
}

export async function fitDatasetModel(model: LayersModel, dataset: DatasetLike, args: FitDatasetArgs = {}): Promise<History> {
  if (!model.compiled) raise('fit.notCompiled', { op: 'fitDataset', model: model.name });
  if (model.isTraining) raise('fit.alreadyTraining', { model: model.name });
  if (dataset === undefined || dataset === null) raise('fit.badDataset', { got: describeValue(dataset) });
  const epochs = args.epochs ?? 1;
  const initialEpoch = args.initialEpoch ?? 0;
  checkEpochs('fitDataset', epochs, initialEpoch);
  const perEpoch = args.batchesPerEpoch;
  if (perEpoch !== undefined) positive('fitDataset', 'batchesPerEpoch', perEpoch);
  let iterator: AnyIterator | null = null;
  let ended = false;
  let index = 0;
  let resolved: NonNullable<CompiledState['resolved']> | null = model.inputs.length && model.compiled ? resolveCompiled(model, 'fitDataset') : null;

  async function* batches(): AsyncIterable<BatchSource> {
    if (!iterator || perEpoch === undefined) {
      if (ended && perEpoch !== undefined) return;
      iterator = await iteratorOf(dataset);
      ended = false;
    }
    for (let i = 0; perEpoch === undefined || i < perEpoch; i++) {
      const step = await iterator.next();
      if (step.done) {
        ended = true;
        return;
      }
      const b = prepareBatch(model, step.value, index++);
      resolved ??= resolveCompiled(model, 'fitDataset');
      yield { size: b.size, make: () => ({ xs: b.xs, ys: b.ys }), done: b.dispose };
    }
  }

  // The first batch builds a deferred Sequential: peek at it before the loop needs the compiled state.
  let first: BatchSource | null = null;
  const it = batches()[Symbol.asyncIterator]();
  const head = await it.next();
  if (head.done) raise('fit.emptyData', { op: 'fitDataset', what: 'the dataset gave no batches' });
  first = head.value;
  const r = resolved ?? resolveCompiled(model, 'fitDataset');

  let validate: (() => Logs) | null = null;
  let valOwned: Tensor[] = [];
  const vd = args.validationData;
  const pair = vd === undefined || vd === null ? null : validationPair(vd);
  try {
    if (pair) {
      const v = prepareData(model, pair[0], pair[1], 'fitDataset', 'validation ');
      valOwned = [...v.xs.owned, ...v.ys.owned];
      const bs = args.validationBatchSize ?? 32;
      validate = () => {
        const vals = testLoop(model, r, v.xs.tensors, v.ys.tensors, bs);
        const logs: Logs = {};
        r.names.forEach((n, i) => { logs[`val_${n}`] = vals[i]; });
        return logs;
      };
    }
    let valDataset: DatasetLike | null = vd && !pair ? (vd as DatasetLike) : null;
    let firstEpoch = true;
    const epochBatches = (): AsyncIterable<BatchSource> => ({
      async *[Symbol.asyncIterator]() {
        if (firstEpoch) {
          firstEpoch = false;
          yield first!;
          for (let s = await it.next(); !s.done; s = await it.next()) yield s.value;
          return;
        }
        yield* batches();
      },
    });
    const asyncValidate = valDataset ? true : false;
    const history = await trainingLoop(model, r, {
      epochs, initialEpoch, verbose: args.verbose ?? 0, callbacks: args.callbacks, seed: args.seed, yieldEvery: args.yieldEvery,
      steps: perEpoch ?? null, hasValidation: !!validate || asyncValidate, source: 'dataset',
    }, epochBatches, validate ?? (valDataset ? () => validateOnDataset(model, r, valDataset!, args.validationBatches) : null));
    return history;
  } finally {
    for (const t of valOwned) t.dispose();
  }
}

/** Validation over a dataset (synchronous iterables only; async ones are read ahead of time). */
function validateOnDataset(model: LayersModel, r: NonNullable<CompiledState['resolved']>, ds: DatasetLike, maxBatches?: number): Logs {
  const src = typeof ds === 'function' ? (ds as () => unknown)() : ds;
  const obj = src as Record<string | symbol, unknown>;
  if (!obj || typeof obj[Symbol.iterator] !== 'function') raise('fit.badValidation', { detail: 'a validation dataset must be synchronous here (an array or a generator of { xs, ys }); or pass validationData: [x, y]' });
  const sums = new Array<number>(r.names.length).fill(0);
  let seen = 0;
  let i = 0;
  for (const value of obj as unknown as Iterable<DatasetBatch>) {
    if (maxBatches !== undefined && i >= maxBatches) break;
    const b = prepareBatch(model, value, i++);
    try {
      const v = testBatch(model, r, b.xs, b.ys);
      v.forEach((x, k) => { sums[k] += x * b.size; });
      seen += b.size;
    } finally {
      b.dispose();
    }
  }
  const logs: Logs = {};
  if (seen) r.names.forEach((n, k) => { logs[`val_${n}`] = sums[k] / seen; });
  return logs;
}
