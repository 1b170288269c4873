/** Activation layers with options: ReLU, LeakyReLU, PReLU, ELU, Softmax. */
import { raise } from '../../errors/index.js';
import { Tensor, clipByValue, elu, greater, leakyRelu, mul, prelu, relu, softmax, where } from '../../tensor/index.js';
import { asFloat } from './core.js';
import type { Initializer, InitializerLike, Regularizer, RegularizerLike } from './deps.js';
import { Layer, fmtShape, single, type LayerArgs, type LayerConfig, type LayerVariable, type Shape } from './topology.js';
import { ignoredOption, initializerArg, regularizerArg, serializeObject } from './utils.js';

const num = (layer: string, option: string, v: unknown, dflt: number): number => {
  const x = v ?? dflt;
  if (typeof x !== 'number' || !Number.isFinite(x)) raise('layers.badOption', { layer, option, expected: 'a number', got: JSON.stringify(x) });
  return x;
};

/** Arguments of `layers.reLU()`. */
export interface ReLUArgs extends LayerArgs {
  /** Cap of the output (e.g. 6 for ReLU6). Default: none. */
  maxValue?: number | null;
}

/** max(0, x), optionally capped at `maxValue`. */
export class ReLU extends Layer {
  static override className = 'ReLU';
  readonly maxValue: number | null;

  constructor(args: ReLUArgs = {}) {
    super(args);
    this.maxValue = args.maxValue === undefined || args.maxValue === null ? null : num(this.name, 'maxValue', args.maxValue, 0);
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = asFloat(single(inputs));
    return this.maxValue === null ? relu(x) : clipByValue(x, 0, this.maxValue);
  }

  override getConfig(): LayerConfig {
    return { maxValue: this.maxValue, ...super.getConfig() };
  }
}

/** Arguments of `layers.leakyReLU()`. */
export interface LeakyReLUArgs extends LayerArgs {
  /** Slope for negative inputs. Default 0.3. */
  alpha?: number;
}

/** x for x > 0, alpha·x otherwise. */
export class LeakyReLU extends Layer {
  static override className = 'LeakyReLU';
  readonly alpha: number;

  constructor(args: LeakyReLUArgs = {}) {
    super(args);
    this.alpha = num(this.name, 'alpha', args.alpha, 0.3);
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return leakyRelu(asFloat(single(inputs)), this.alpha);
  }

  override getConfig(): LayerConfig {
    return { alpha: this.alpha, ...super.getConfig() };
  }
}

/** Arguments of `layers.prelu()`. */
export interface PReLUArgs extends LayerArgs {
  alphaInitializer?: InitializerLike;
  alphaRegularizer?: RegularizerLike;
  alphaConstraint?: unknown;
  /** Axes along which one slope is shared (e.g. [1, 2] for one slope per channel of images). */
  sharedAxes?: number | number[] | null;
}

/** Leaky ReLU whose negative slope is learned (one per value, or shared along `sharedAxes`). */
export class PReLU extends Layer {
  static override className = 'PReLU';
  readonly alphaInitializer: Initializer;
  readonly alphaRegularizer: Regularizer | null;
  readonly sharedAxes: number[] | null;
  alpha?: LayerVariable;

  constructor(args: PReLUArgs = {}) {
    super(args);
    this.alphaInitializer = initializerArg(args.alphaInitializer, 'zeros');
    this.alphaRegularizer = regularizerArg(args.alphaRegularizer);
    ignoredOption(this.name, 'alphaConstraint', args.alphaConstraint);
    const s = args.sharedAxes;
    this.sharedAxes = s === undefined || s === null ? null : Array.isArray(s) ? s : [s];
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = (inputShape as Shape).slice(1);
    if (this.sharedAxes) for (const a of this.sharedAxes) s[a - 1] = 1;
    if (s.some((d) => d === null)) raise('layers.badInputShape', { layer: this.name, cls: 'PReLU', expected: 'known sizes except the batch (or sharedAxes on the unknown ones)', got: fmtShape(inputShape as Shape), hint: '' });
    this.alpha = this.addWeight('alpha', s as number[], this.alphaInitializer, this.alphaRegularizer);
    const axes: Record<number, number> = {};
    (inputShape as Shape).forEach((d, i) => { if (i > 0 && d !== null && !this.sharedAxes?.includes(i)) axes[i] = d; });
    this.inputSpec = [{ ndim: (inputShape as Shape).length, axes }];
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return prelu(asFloat(single(inputs)), this.alpha!.read());
  }

  override getConfig(): LayerConfig {
    return {
      alphaInitializer: serializeObject(this.alphaInitializer),
      alphaRegularizer: serializeObject(this.alphaRegularizer),
      alphaConstraint: null,
      sharedAxes: this.sharedAxes,
      ...super.getConfig(),
    };
  }
}

/** Arguments of `layers.elu()`. */
export interface ELUArgs extends LayerArgs {
  /** Scale of the negative part. Default 1. */
  alpha?: number;
}

/** x for x > 0, alpha·(eˣ − 1) otherwise. */
export class ELU extends Layer {
  static override className = 'ELU';
  readonly alpha: number;

  constructor(args: ELUArgs = {}) {
    super(args);
    this.alpha = num(this.name, 'alpha', args.alpha, 1);
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = asFloat(single(inputs));
    if (this.alpha === 1) return elu(x);
    return where(greater(x, 0), x, mul(elu(x), this.alpha));
  }

  override getConfig(): LayerConfig {
    return { alpha: this.alpha, ...super.getConfig() };
  }
}

/** Arguments of `layers.softmax()`. */
export interface SoftmaxArgs extends LayerArgs {
  /** The axis normalized to sum to 1. Default -1 (the last, as in Keras). */
  axis?: number;
}

/** Softmax along an axis: outputs are positive and sum to 1 (probabilities). */
export class Softmax extends Layer {
  static override className = 'Softmax';
  readonly axis: number;

  constructor(args: SoftmaxArgs = {}) {
    super(args);
    const a = args.axis ?? -1;
    if (!Number.isInteger(a)) raise('layers.badOption', { layer: this.name, option: 'axis', expected: 'an integer', got: JSON.stringify(a) });
    this.axis = a;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return softmax(asFloat(single(inputs)), this.axis);
  }

  override getConfig(): LayerConfig {
    return { axis: this.axis, ...super.getConfig() };
  }
}
