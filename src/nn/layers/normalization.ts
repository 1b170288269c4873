/** BatchNormalization. */
import { raise } from '../../errors/index.js';
import { Tensor, batchNorm, moments, reshape, sub, mul } from '../../tensor/index.js';
import { asFloat } from './core.js';
import type { Initializer, InitializerLike, Regularizer, RegularizerLike } from './deps.js';
import { Layer, fmtShape, single, type Kwargs, type LayerArgs, type LayerConfig, type LayerVariable, type Shape } from './topology.js';
import { ignoredOption, initializerArg, regularizerArg, serializeObject } from './utils.js';

/** Arguments of `layers.batchNormalization()`. */
export interface BatchNormalizationArgs extends LayerArgs {
  /** The features axis (default -1: channels last). */
  axis?: number;
  /** How slowly the moving statistics follow the batches. Default 0.99. */
  momentum?: number;
  /** Added to the variance to avoid dividing by zero. Default 1e-3. */
  epsilon?: number;
  /** Learn an offset (beta). Default true. */
  center?: boolean;
  /** Learn a scale (gamma). Default true. */
  scale?: boolean;
  betaInitializer?: InitializerLike;
  gammaInitializer?: InitializerLike;
  movingMeanInitializer?: InitializerLike;
  movingVarianceInitializer?: InitializerLike;
  betaRegularizer?: RegularizerLike;
  gammaRegularizer?: RegularizerLike;
  betaConstraint?: unknown;
  gammaConstraint?: unknown;
}

/**
 * Normalizes each feature to mean 0 and variance 1, then scales (gamma) and shifts (beta).
 * During training it uses the batch's statistics and updates moving averages of them; at
 * inference it uses the moving averages.
 */
export class BatchNormalization extends Layer {
  static override className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: Initializer;
  readonly gammaInitializer: Initializer;
  readonly movingMeanInitializer: Initializer;
  readonly movingVarianceInitializer: Initializer;
  readonly betaRegularizer: Regularizer | null;
  readonly gammaRegularizer: Regularizer | null;
  gamma?: LayerVariable;
  beta?: LayerVariable;
  movingMean?: LayerVariable;
  movingVariance?: LayerVariable;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis)) raise('layers.badOption', { layer: this.name, option: 'axis', expected: 'an integer', got: JSON.stringify(args.axis) });
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = initializerArg(args.betaInitializer, 'zeros');
    this.gammaInitializer = initializerArg(args.gammaInitializer, 'ones');
    this.movingMeanInitializer = initializerArg(args.movingMeanInitializer, 'zeros');
    this.movingVarianceInitializer = initializerArg(args.movingVarianceInitializer, 'ones');
    this.betaRegularizer = regularizerArg(args.betaRegularizer);
    this.gammaRegularizer = regularizerArg(args.gammaRegularizer);
    ignoredOption(this.name, 'betaConstraint', args.betaConstraint);
    ignoredOption(this.name, 'gammaConstraint', args.gammaConstraint);
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    const axis = this.axis >= 0 ? this.axis : this.axis + s.length;
    const dim = s[axis];
    if (axis < 0 || axis >= s.length || dim === null || dim === undefined) {
      raise('layers.badInputShape', { layer: this.name, cls: 'BatchNormalization', expected: `a known size along axis ${this.axis}`, got: fmtShape(s), hint: '' });
    }
    if (this.scale) this.gamma = this.addWeight('gamma', [dim], this.gammaInitializer, this.gammaRegularizer);
    if (this.center) this.beta = this.addWeight('beta', [dim], this.betaInitializer, this.betaRegularizer);
    this.movingMean = this.addWeight('moving_mean', [dim], this.movingMeanInitializer, null, false);
    this.movingVariance = this.addWeight('moving_variance', [dim], this.movingVarianceInitializer, null, false);
    this.inputSpec = [{ ndim: s.length, axes: { [axis]: dim } }];
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    const x = asFloat(single(inputs));
    const rank = x.rank;
    const axis = this.axis >= 0 ? this.axis : this.axis + rank;
    // Parameters shaped to broadcast along `axis` ([c] already does when it is the last axis).
    const bshape = x.shape.map((d, i) => (i === axis ? d : 1));
    const shaped = (t: Tensor | undefined) => (t === undefined ? undefined : axis === rank - 1 ? t : reshape(t, bshape));
    const gamma = shaped(this.gamma?.read());
    const beta = shaped(this.beta?.read());
    if (!kwargs.training) {
      return batchNorm(x, shaped(this.movingMean!.read())!, shaped(this.movingVariance!.read())!, beta, gamma, this.epsilon);
    }
    const reduce = x.shape.map((_, i) => i).filter((i) => i !== axis);
    const { mean, variance } = moments(x, reduce);
    const out = batchNorm(x, shaped(mean)!, shaped(variance)!, beta, gamma, this.epsilon);
    // moving = moving − (moving − batch)·(1 − momentum), as Keras and TF.js do.
    const update = (w: LayerVariable, v: Tensor) => w.val.assign(sub(w.read(), mul(sub(w.read(), v), 1 - this.momentum)));
    update(this.movingMean!, mean);
    update(this.movingVariance!, variance);
    return out;
  }

  override getConfig(): LayerConfig {
    return {
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeObject(this.betaInitializer),
      gammaInitializer: serializeObject(this.gammaInitializer),
      movingMeanInitializer: serializeObject(this.movingMeanInitializer),
      movingVarianceInitializer: serializeObject(this.movingVarianceInitializer),
      betaRegularizer: serializeObject(this.betaRegularizer),
      gammaRegularizer: serializeObject(this.gammaRegularizer),
      betaConstraint: null,
      gammaConstraint: null,
      ...super.getConfig(),
    };
  }
}
