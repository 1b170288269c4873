/**
 * Training callbacks, as in TF.js / Keras: plain objects with `onEpochEnd` & co. (sync or async),
 * `Callback` subclasses, the `History` every fit() returns, and `callbacks.earlyStopping()`.
 */
import { raise, warnOnce } from '../../errors/index.js';
import { keep, type Tensor } from '../../tensor/index.js';

/** Numbers logged during training: `loss`, `acc`, `val_loss`, … */
export type Logs = Record<string, number>;

/** The model a callback sees (kept structural to avoid an import cycle). */
export interface CallbackModel {
  stopTraining: boolean;
  getWeights(): Tensor[];
  setWeights(weights: Tensor[]): void;
}

/** What fit() tells callbacks before training. */
export interface CallbackParams {
  epochs: number;
  initialEpoch: number;
  samples?: number;
  steps?: number | null;
  batchSize?: number;
  verbose: number;
  doValidation: boolean;
  metrics: string[];
}

/** The hooks a callback may have (each may return a Promise, which fit() awaits). */
export interface CustomCallbackArgs {
  onTrainBegin?: (logs?: Logs) => void | Promise<void>;
  onTrainEnd?: (logs?: Logs) => void | Promise<void>;
  onEpochBegin?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onEpochEnd?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onBatchBegin?: (batch: number, logs?: Logs) => void | Promise<void>;
  onBatchEnd?: (batch: number, logs?: Logs) => void | Promise<void>;
  onYield?: (epoch: number, batch: number, logs: Logs) => void | Promise<void>;
}

/**
 * Base class of callbacks: override the hooks you need.
 *
 * @example
 * class LogLoss extends sprout.Callback {
 *   async onEpochEnd(epoch, logs) { console.log(epoch, logs.loss); }
 * }
 * await model.fit(xs, ys, { epochs: 10, callbacks: [new LogLoss()] });
 */
export class Callback implements CustomCallbackArgs {
  model: CallbackModel | null = null;
  params: CallbackParams | null = null;

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  setParams(params: CallbackParams): void {
    this.params = params;
  }

  async onTrainBegin(logs?: Logs): Promise<void> { void logs; }
  async onTrainEnd(logs?: Logs): Promise<void> { void logs; }
  async onEpochBegin(epoch: number, logs?: Logs): Promise<void> { void epoch; void logs; }
  async onEpochEnd(epoch: number, logs?: Logs): Promise<void> { void epoch; void logs; }
  async onBatchBegin(batch: number, logs?: Logs): Promise<void> { void batch; void logs; }
  async onBatchEnd(batch: number, logs?: Logs): Promise<void> { void batch; void logs; }
}

/** A callback made of an object's hook functions. */
class CustomCallback extends Callback {
  constructor(private readonly hooks: CustomCallbackArgs) {
    super();
  }
  override async onTrainBegin(logs?: Logs) { await this.hooks.onTrainBegin?.(logs); }
  override async onTrainEnd(logs?: Logs) { await this.hooks.onTrainEnd?.(logs); }
  override async onEpochBegin(epoch: number, logs?: Logs) { await this.hooks.onEpochBegin?.(epoch, logs); }
  override async onEpochEnd(epoch: number, logs?: Logs) { await this.hooks.onEpochEnd?.(epoch, logs); }
  override async onBatchBegin(batch: number, logs?: Logs) { await this.hooks.onBatchBegin?.(batch, logs); }
  override async onBatchEnd(batch: number, logs?: Logs) { await this.hooks.onBatchEnd?.(batch, logs); }
}

/**
 * The record of a fit(): `history.loss[i]` is the loss of epoch `epoch[i]`.
 *
 * @example
 * const history = await model.fit(xs, ys, { epochs: 5 });
 * console.log(history.epoch, history.history.loss);
 */
export class History extends Callback {
  epoch: number[] = [];
  history: Record<string, number[]> = {};

  override async onTrainBegin(): Promise<void> {
    this.epoch = [];
    this.history = {};
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

/** Anything fit() accepts as callbacks. */
export type CallbackLike = Callback | CustomCallbackArgs;

/** Runs a list of callbacks in order, awaiting each. */
export class CallbackList {
  readonly callbacks: Callback[];

  constructor(items: CallbackLike | CallbackLike[] | undefined | null, model: CallbackModel, params: CallbackParams) {
    const list = items === undefined || items === null ? [] : Array.isArray(items) ? items : [items];
    this.callbacks = list.map((c) => {
      if (c instanceof Callback) return c;
      if (c === null || typeof c !== 'object') raise('fit.badCallback', { got: String(c) });
      return new CustomCallback(c as CustomCallbackArgs);
    });
    for (const c of this.callbacks) {
      c.setModel(model);
      c.setParams(params);
    }
  }

  async onTrainBegin(logs: Logs = {}) { for (const c of this.callbacks) await c.onTrainBegin(logs); }
  async onTrainEnd(logs: Logs = {}) { for (const c of this.callbacks) await c.onTrainEnd(logs); }
  async onEpochBegin(epoch: number, logs: Logs = {}) { for (const c of this.callbacks) await c.onEpochBegin(epoch, logs); }
  async onEpochEnd(epoch: number, logs: Logs = {}) { for (const c of this.callbacks) await c.onEpochEnd(epoch, { ...logs }); }
  async onBatchBegin(batch: number, logs: Logs = {}) { for (const c of this.callbacks) await c.onBatchBegin(batch, logs); }
  async onBatchEnd(batch: number, logs: Logs = {}) { for (const c of this.callbacks) await c.onBatchEnd(batch, { ...logs }); }
}

/** Options of `callbacks.earlyStopping()`. */
export interface EarlyStoppingArgs {
  /** The logged quantity to watch. Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** 'min' (lower is better), 'max', or 'auto' (max for accuracies, else min). */
  mode?: 'auto' | 'min' | 'max';
  /** A value the quantity must beat. */
  baseline?: number;
  /** At the end, put back the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** Print a line when stopping. */
  verbose?: number;
}

/**
 * Stops training when a monitored quantity (val_loss by default) stops improving.
 *
 * @example
 * await model.fit(xs, ys, { epochs: 100, validationSplit: 0.2, callbacks: sprout.callbacks.earlyStopping({ patience: 3 }) });
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly baseline?: number;
  readonly restoreBestWeights: boolean;
  readonly verbose: number;
  wait = 0;
  stoppedEpoch = 0;
  best = Infinity;
  bestEpoch = -1;
  private bestWeights: Tensor[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) raise('layers.badOption', { layer: 'earlyStopping', option: 'patience', expected: 'a non-negative integer', got: JSON.stringify(args.patience) });
    const mode = args.mode ?? 'auto';
    if (mode !== 'auto' && mode !== 'min' && mode !== 'max') raise('layers.badOption', { layer: 'earlyStopping', option: 'mode', expected: "'auto', 'min' or 'max'", got: JSON.stringify(mode) });
    this.mode = mode === 'auto' ? (/acc/.test(this.monitor) ? 'max' : 'min') : mode;
    this.baseline = args.baseline;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.verbose = args.verbose ?? 0;
  }

  private improved(v: number): boolean {
    return this.mode === 'min' ? v < this.best - this.minDelta : v > this.best + this.minDelta;
  }

  override async onTrainBegin(): Promise<void> {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestEpoch = -1;
    this.best = this.baseline ?? (this.mode === 'min' ? Infinity : -Infinity);
    this.disposeBest();
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const v = logs[this.monitor];
    if (v === undefined) {
      warnOnce('fit.monitorMissing', { monitor: this.monitor, available: Object.keys(logs).join(', ') || 'none' });
      return;
    }
    if (this.improved(v)) {
      this.best = v;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBestWeights && this.model) {
        this.disposeBest();
        this.bestWeights = this.model.getWeights().map((w) => keep(w.clone()));
      }
      return;
    }
    this.wait++;
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      if (this.model) this.model.stopTraining = true;
    }
  }

  override async onTrainEnd(): Promise<void> {
    if (this.stoppedEpoch > 0 && this.verbose) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights && this.model) this.model.setWeights(this.bestWeights);
    this.disposeBest();
  }

  private disposeBest(): void {
    if (this.bestWeights) for (const w of this.bestWeights) w.dispose();
    this.bestWeights = null;
  }
}

/**
 * Callback factories, as `tf.callbacks`.
 *
 * @example
 * await model.fit(xs, ys, { epochs: 100, validationSplit: 0.2, callbacks: [sprout.callbacks.earlyStopping({ patience: 5 })] });
 */
export const callbacks = {
  /** @example sprout.callbacks.earlyStopping({ monitor: 'val_loss', patience: 5 }) */
  earlyStopping: (args?: EarlyStoppingArgs) => new EarlyStopping(args),
};
