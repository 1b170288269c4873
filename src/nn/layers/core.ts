/** Core layers: Dense, Flatten, Reshape, Dropout, Activation. */
import { Rng } from '../../core/rng.js';
import { raise } from '../../errors/index.js';
import { Tensor, cast, dropout, fusedMatMul, reshape, div } from '../../tensor/index.js';
import type { Activation as FusedActivation } from '../../core/kernels.js';
import { activationFn, activationName, FUSABLE } from './activations.js';
import type { Initializer, InitializerLike, Regularizer, RegularizerLike } from './deps.js';
import { Layer, fmtShape, single, type Kwargs, type LayerArgs, type LayerConfig, type LayerVariable, type Shape } from './topology.js';
import { ignoredOption, initializerArg, positiveInt, regularizerArg, serializeObject } from './utils.js';

/** Float inputs for weighted layers (int32 data is cast). */
export const asFloat = (x: Tensor): Tensor => (x.dtype === 'float32' ? x : cast(x, 'float32'));

/** Applies an activation, with the output regularizer if any (training only). */
export function activate(x: Tensor, activation: string): Tensor {
  return activation === 'linear' ? x : activationFn(activation)(x);
}

/** Adds an activity-regularizer penalty to the losses being collected by fit(). */
export function activityPenalty(reg: Regularizer | null, out: Tensor, kwargs: Kwargs): void {
  const sink = kwargs.activityLosses as Tensor[] | undefined;
  if (reg && sink) sink.push(div(reg.apply(out), out.shape[0] || 1));
}

/** Arguments of `layers.dense()`. */
export interface DenseArgs extends LayerArgs {
  /** Number of outputs (neurons). */
  units: number;
  /** 'relu', 'sigmoid', 'softmax', 'tanh', … Default: 'linear' (none). */
  activation?: string;
  useBias?: boolean;
  kernelInitializer?: InitializerLike;
  biasInitializer?: InitializerLike;
  kernelRegularizer?: RegularizerLike;
  biasRegularizer?: RegularizerLike;
  activityRegularizer?: RegularizerLike;
  kernelConstraint?: unknown;
  biasConstraint?: unknown;
  /** Shorthand for `inputShape: [inputDim]`. */
  inputDim?: number;
}

/** A fully connected layer: `activation(x · kernel + bias)`. */
export class Dense extends Layer {
  static override className = 'Dense';
  readonly units: number;
  readonly activation: string;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly activityRegularizer: Regularizer | null;
  kernel?: LayerVariable;
  bias?: LayerVariable;

  constructor(args: DenseArgs) {
    const a = args ?? ({} as DenseArgs);
    super(a.inputDim !== undefined && !a.inputShape && !a.batchInputShape ? { ...a, inputShape: [a.inputDim] } : a);
    this.units = positiveInt(this.name, 'units', a.units);
    this.activation = activationName(a.activation, this.name);
    this.useBias = a.useBias ?? true;
    this.kernelInitializer = initializerArg(a.kernelInitializer, 'glorotUniform');
    this.biasInitializer = initializerArg(a.biasInitializer, 'zeros');
    this.kernelRegularizer = regularizerArg(a.kernelRegularizer);
    this.biasRegularizer = regularizerArg(a.biasRegularizer);
    this.activityRegularizer = regularizerArg(a.activityRegularizer);
    ignoredOption(this.name, 'kernelConstraint', a.kernelConstraint);
    ignoredOption(this.name, 'biasConstraint', a.biasConstraint);
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    const inDim = s[s.length - 1];
    if (s.length < 2 || inDim === null) raise('layers.badInputShape', { layer: this.name, cls: 'Dense', expected: 'rank ≥ 2 with a known last dimension ([batch, features])', got: fmtShape(s), hint: '' });
    this.kernel = this.addWeight('kernel', [inDim, this.units], this.kernelInitializer, this.kernelRegularizer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], this.biasInitializer, this.biasRegularizer);
    this.inputSpec = [{ minNdim: 2, axes: { [-1]: inDim } }];
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [...s.slice(0, -1), this.units];
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    const x = asFloat(single(inputs));
    const inDim = x.shape[x.rank - 1];
    const x2 = x.rank > 2 ? reshape(x, [-1, inDim]) : x;
    const fused = FUSABLE.has(this.activation);
    let y = fusedMatMul({ a: x2, b: this.kernel!.read(), bias: this.bias?.read(), activation: (fused ? this.activation : 'linear') as FusedActivation });
    if (!fused) y = activate(y, this.activation);
    if (x.rank > 2) y = reshape(y, [...x.shape.slice(0, -1), this.units]);
    activityPenalty(this.activityRegularizer, y, kwargs);
    return y;
  }

  override getConfig(): LayerConfig {
    return {
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: serializeObject(this.kernelInitializer),
      biasInitializer: serializeObject(this.biasInitializer),
      kernelRegularizer: serializeObject(this.kernelRegularizer),
      biasRegularizer: serializeObject(this.biasRegularizer),
      activityRegularizer: serializeObject(this.activityRegularizer),
      kernelConstraint: null,
      biasConstraint: null,
      ...super.getConfig(),
    };
  }
}

/** Flattens each example into one dimension: [batch, h, w, c] → [batch, h·w·c]. */
export class Flatten extends Layer {
  static override className = 'Flatten';

  constructor(args: LayerArgs & { dataFormat?: string } = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    if (s.length < 2) return [s[0] ?? null, 1];
    const rest = s.slice(1);
    return [s[0], rest.some((d) => d === null) ? null : (rest as number[]).reduce((a, b) => a * b, 1)];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = single(inputs);
    return reshape(x, [x.shape[0], x.rank < 2 ? 1 : x.size / (x.shape[0] || 1)]);
  }
}

/** Arguments of `layers.reshape()`. */
export interface ReshapeArgs extends LayerArgs {
  /** The shape of each example (without the batch); one dimension may be -1 (inferred). */
  targetShape: Shape;
}

/** Reshapes each example to `targetShape`. */
export class Reshape extends Layer {
  static override className = 'Reshape';
  readonly targetShape: number[];

  constructor(args: ReshapeArgs) {
    super(args);
    const t = args?.targetShape;
    if (!Array.isArray(t) || !t.every((d) => d === null || (Number.isInteger(d) && (d! > 0 || d === -1))) || t.filter((d) => d === -1 || d === null).length > 1) {
      raise('layers.badOption', { layer: this.name, option: 'targetShape', expected: 'an array of positive integers with at most one -1', got: JSON.stringify(t) });
    }
    this.targetShape = t.map((d) => (d === null ? -1 : d)) as number[];
  }

  private resolve(inShape: Shape): Shape {
    const rest = inShape.slice(1);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (rest.some((d) => d === null)) return [inShape[0], ...this.targetShape.map((d) => (d === -1 ? null : d))];
    const size = (rest as number[]).reduce((a, b) => a * b, 1);
    const fits = this.targetShape.includes(-1) ? known > 0 && size % known === 0 : size === known;
    if (!fits) raise('layers.badReshape', { layer: this.name, input: fmtShape(inShape), target: fmtShape(this.targetShape), size });
    return [inShape[0], ...this.targetShape.map((d) => (d === -1 ? size / known : d))];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.resolve(inputShape as Shape);
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = single(inputs);
    const out = this.resolve(x.shape);
    return reshape(x, out as number[]);
  }

  override getConfig(): LayerConfig {
    return { targetShape: this.targetShape, ...super.getConfig() };
  }
}

/** Arguments of `layers.dropout()`. */
export interface DropoutArgs extends LayerArgs {
  /** Fraction of the values set to 0 during training, in [0, 1). */
  rate: number;
  /** Shape of the random mask (null dimensions take the input's), to drop whole channels. */
  noiseShape?: Shape;
  /** Seed of the random masks, for reproducible training. */
  seed?: number;
}

/**
 * During training, zeroes a random fraction `rate` of the values (and scales the rest up by
 * 1/(1 − rate)); at inference it passes values through unchanged.
 */
export class Dropout extends Layer {
  static override className = 'Dropout';
  readonly rate: number;
  readonly noiseShape: Shape | null;
  readonly seed: number | null;
  private rng: Rng;

  constructor(args: DropoutArgs) {
    super(args);
    const r = args?.rate;
    if (typeof r !== 'number' || !(r >= 0 && r < 1)) raise('layers.badOption', { layer: this.name, option: 'rate', expected: 'a number in [0, 1)', got: JSON.stringify(r) });
    this.rate = r;
    this.noiseShape = args.noiseShape ?? null;
    this.seed = args.seed ?? null;
    this.rng = new Rng(this.seed ?? undefined);
  }

  override reseed(seed: string): void {
    this.rng = new Rng(seed);
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    const x = single(inputs);
    if (!kwargs.training || this.rate === 0) return x.clone();
    const noise = this.noiseShape ? this.noiseShape.map((d, i) => d ?? x.shape[i]) as number[] : undefined;
    return dropout(asFloat(x), this.rate, noise, Math.floor(this.rng.next() * 0x100000000));
  }

  override getConfig(): LayerConfig {
    return { rate: this.rate, noiseShape: this.noiseShape, seed: this.seed, ...super.getConfig() };
  }
}

/** Arguments of `layers.activation()`. */
export interface ActivationArgs extends LayerArgs {
  activation: string;
}

/** Applies an activation function ('relu', 'softmax', …). */
export class Activation extends Layer {
  static override className = 'Activation';
  readonly activation: string;

  constructor(args: ActivationArgs) {
    super(args);
    this.activation = activationName(args?.activation, this.name);
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return activationFn(this.activation)(asFloat(single(inputs)));
  }

  override getConfig(): LayerConfig {
    return { activation: this.activation, ...super.getConfig() };
  }
}
