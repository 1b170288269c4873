/**
 * Loss functions, in two forms:
 *
 * - Keras-style `(yTrue, yPred) => perExampleLoss` (reduced over the last axis, as TF.js' layers API
 *   and Keras do): what `model.compile({ loss: 'categoricalCrossentropy' })` uses, found with
 *   `getLoss(name)`. The model averages them over the batch.
 * - `losses`, as TF.js' `tf.losses`: `(labels, predictions, weights?, …, reduction?)` returning
 *   the reduced loss (by default the mean over the non-zero weights).
 *
 * Cross-entropies from probabilities clip them to [ε, 1 − ε] (ε = 1e-7) as Keras does; with
 * `fromLogits` they are computed stably (log-softmax, or `max(x, 0) − x·z + log(1 + e^−|x|)`),
 * finite even for logits of ±1000.
 */
import { describeValue, raise } from '../errors/index.js';
import {
  Tensor, abs, add, cast, clipByValue, div, exp, floor, log, log1p, logSoftmax, maximum, mean, minimum, mul, neg, notEqual,
  oneHot, onesLike, relu, reshape, scalar, softplus, sqrt, square, squaredDifference, sub, sum, tidy, toTensor, type TensorLike,
} from '../tensor/index.js';
import { looseName, lookupName, nameTable } from './optimizers/lookup.js';

/** A Keras-style loss: per-example losses (the last axis reduced). */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** Keras' fuzz factor. */
export const EPSILON = 1e-7;

const shapeStr = (s: readonly number[]) => s.join(',');

/** Converts both sides to float32 tensors of one shape (a trailing 1 may be added or dropped, as Keras does). */
function pair(op: string, yTrue: TensorLike, yPred: TensorLike, names: [string, string] = ['yTrue', 'yPred']): [Tensor, Tensor] {
  let t = toTensor(yTrue, names[0], op);
  let p = toTensor(yPred, names[1], op);
  if (t.dtype !== 'float32') t = cast(t, 'float32');
  if (p.dtype !== 'float32') p = cast(p, 'float32');
  if (shapeStr(t.shape) !== shapeStr(p.shape)) {
    // Keras' squeeze_or_expand_dimensions: labels [n] against predictions [n, 1] (or the reverse).
    if (t.rank === p.rank - 1 && p.shape[p.rank - 1] === 1 && shapeStr(p.shape.slice(0, -1)) === shapeStr(t.shape)) t = reshape(t, p.shape);
    else if (p.rank === t.rank - 1 && t.shape[t.rank - 1] === 1 && shapeStr(t.shape.slice(0, -1)) === shapeStr(p.shape)) p = reshape(p, t.shape);
    else raise('nn.shapeMismatch', { op, a: names[0], b: names[1], shapeA: shapeStr(t.shape), shapeB: shapeStr(p.shape) });
  }
  return [t, p];
}

// ---- Keras-style losses (per example) ---------------------------------------------------

/**
 * Mean of the squared errors over the last axis.
 *
 * @example
 * meanSquaredError([[0, 1]], [[1, 1]]).print(); // [0.5]
 */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = pair('meanSquaredError', yTrue, yPred);
    return mean(square(sub(p, t)), -1);
  });
}

/** Mean of the absolute errors over the last axis. @example meanAbsoluteError([[0, 1]], [[1, 1]]).print(); // [0.5] */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = pair('meanAbsoluteError', yTrue, yPred);
    return mean(abs(sub(p, t)), -1);
  });
}

/** 100 · mean(|(yTrue − yPred) / yTrue|) over the last axis (|yTrue| at least ε). */
export function meanAbsolutePercentageError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = pair('meanAbsolutePercentageError', yTrue, yPred);
    const diff = abs(div(sub(t, p), clipByValue(abs(t), EPSILON, Number.MAX_VALUE)));
    return mul(100, mean(diff, -1));
  });
}

/** Mean of (log(1 + yPred) − log(1 + yTrue))² over the last axis (values at least ε). */
export function meanSquaredLogarithmicError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = pair('meanSquaredLogarithmicError', yTrue, yPred);
    const lp = log(add(1, clipByValue(p, EPSILON, Number.MAX_VALUE)));
    const lt = log(add(1, clipByValue(t, EPSILON, Number.MAX_VALUE)));
    return mean(square(sub(lp, lt)), -1);
  });
}

/**
 * Huber loss over the last axis: ½e² where |e| ≤ delta, else delta·(|e| − ½delta).
 *
 * @example
 * huberLoss([[0, 0]], [[0.5, 3]]).print(); // [(0.125 + 2.5) / 2]
 */
export function huberLoss(yTrue: TensorLike, yPred: TensorLike, delta = 1): Tensor {
  return tidy(() => {
    checkPositive('huberLoss', 'delta', delta);
    const [t, p] = pair('huberLoss', yTrue, yPred);
    const error = abs(sub(p, t));
    const quadratic = minimum(error, delta);
    const linear = sub(error, quadratic);
    return mean(add(mul(0.5, square(quadratic)), mul(delta, linear)), -1);
  });
}

/** Hinge loss over the last axis (labels −1 or 1): mean(max(1 − yTrue·yPred, 0)). */
export function hinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = pair('hinge', yTrue, yPred);
    return mean(relu(sub(1, mul(t, p))), -1);
  });
}

/** Squared hinge loss over the last axis. */
export function squaredHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = pair('squaredHinge', yTrue, yPred);
    return mean(square(relu(sub(1, mul(t, p)))), -1);
  });
}

/** Mean of log(cosh(yPred − yTrue)) over the last axis, computed without overflow. */
export function logcosh(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = pair('logcosh', yTrue, yPred);
    const d = sub(p, t);
    return mean(sub(add(d, softplus(mul(-2, d))), Math.log(2)), -1);
  });
}

/** Kullback–Leibler divergence over the last axis (values clipped to [ε, 1]). */
export function kullbackLeiblerDivergence(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = pair('kullbackLeiblerDivergence', yTrue, yPred);
    const ct = clipByValue(t, EPSILON, 1);
    const cp = clipByValue(p, EPSILON, 1);
    return sum(mul(t, log(div(ct, cp))), -1);
  });
}

/** Poisson loss over the last axis: mean(yPred − yTrue·log(yPred + ε)). */
export function poisson(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = pair('poisson', yTrue, yPred);
    return mean(sub(p, mul(t, log(add(p, EPSILON)))), -1);
  });
}

/** Negative cosine similarity over the last axis (−1 when the vectors point the same way). @example sprout.metrics.cosineProximity([[1, 0]], [[2, 0]]).print(); // [-1] */
export function cosineProximity(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = pair('cosineProximity', yTrue, yPred);
    const l2n = (x: Tensor) => div(x, sqrt(maximum(sum(square(x), -1, true), EPSILON)));
    return neg(sum(mul(l2n(t), l2n(p)), -1));
  });
}

/**
 * Categorical cross-entropy over the last axis, with one-hot (or soft) labels. From
 * probabilities, they are normalized to sum 1 and clipped to [ε, 1 − ε] (Keras); `fromLogits`
 * uses a stable log-softmax.
 *
 * @example
 * categoricalCrossentropy([[0, 1]], [[0.2, 0.8]]).print(); // [0.223144]
 * categoricalCrossentropy([[0, 1]], [[-1000, 1000]], true).print(); // [0]
 */
export function categoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false): Tensor {
  return tidy(() => {
    const [t, p] = pair('categoricalCrossentropy', yTrue, yPred);
    if (p.rank === 0) raise('op.badArgument', { op: 'categoricalCrossentropy', param: 'yPred', expected: 'must have a class axis (rank >= 1)', got: 'a scalar' });
    return crossentropy(t, p, fromLogits);
  });
}

function crossentropy(t: Tensor, p: Tensor, fromLogits: boolean): Tensor {
  if (fromLogits) return neg(sum(mul(t, logSoftmax(p, -1)), -1));
  const normalized = div(p, sum(p, -1, true));
  return neg(sum(mul(t, log(clipByValue(normalized, EPSILON, 1 - EPSILON))), -1));
}

/**
 * Categorical cross-entropy with integer class labels: `yTrue` holds one class index per example
 * (shape `yPred.shape` without its last axis, or with a last axis of 1).
 *
 * @example
 * sparseCategoricalCrossentropy([1], [[0.2, 0.8]]).print(); // [0.223144]
 */
export function sparseCategoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false): Tensor {
  return tidy(() => {
    const op = 'sparseCategoricalCrossentropy';
    let p = toTensor(yPred, 'yPred', op);
    if (p.dtype !== 'float32') p = cast(p, 'float32');
    let t = toTensor(yTrue, 'yTrue', op);
    if (p.rank === 0) raise('op.badArgument', { op, param: 'yPred', expected: 'must have a class axis (rank >= 1)', got: 'a scalar' });
    const outer = p.shape.slice(0, -1);
    const numClasses = p.shape[p.rank - 1];
    const okShape = shapeStr(t.shape) === shapeStr(outer) || shapeStr(t.shape) === shapeStr([...outer, 1]);
    if (!okShape) {
      raise('op.badArgument', {
        op,
        param: 'yTrue',
        expected: `must hold one class index per example: shape [${outer}] or [${[...outer, 1]}] for predictions of shape [${p.shape}]`,
        got: `shape [${t.shape}]`,
      });
    }
    if (t.dtype === 'float32') t = floor(t);
    const labels = reshape(oneHot(reshape(cast(t, 'int32'), [t.size]), numClasses, 1, 0, 'float32'), p.shape);
    // TF.js clips the probabilities before the categorical cross-entropy (which clips again).
    return crossentropy(labels, fromLogits ? p : clipByValue(p, EPSILON, 1 - EPSILON), fromLogits);
  });
}

/** max(x, 0) − x·z + log(1 + e^−|x|): sigmoid cross-entropy, stable for any logit. */
function sigmoidCrossEntropyWithLogits(labels: Tensor, logits: Tensor): Tensor {
  return add(sub(relu(logits), mul(logits, labels)), log1p(exp(neg(abs(logits)))));
}

/**
 * Binary cross-entropy, averaged over the last axis. From probabilities, they are clipped to
 * [ε, 1 − ε] (TF.js turns them back into logits first); `fromLogits` is stable for any logit.
 *
 * @example
 * binaryCrossentropy([[1, 0]], [[0.9, 0.2]]).print(); // [0.164252]
 */
export function binaryCrossentropy(yTrue: TensorLike, yPred: TensorLike, fromLogits = false): Tensor {
  return tidy(() => {
    const [t, p] = pair('binaryCrossentropy', yTrue, yPred);
    let logits = p;
    if (!fromLogits) {
      const c = clipByValue(p, EPSILON, 1 - EPSILON);
      logits = log(div(c, sub(1, c)));
    }
    return mean(sigmoidCrossEntropyWithLogits(t, logits), -1);
  });
}

function checkPositive(op: string, param: string, v: unknown): void {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) raise('op.badArgument', { op, param, expected: 'must be a positive number', got: describeValue(v) });
}

// ---- getLoss --------------------------------------------------------------------------------

/** The Keras-style losses by name (TF.js' layers-API names). */
export const lossFunctions = {
  meanSquaredError, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredLogarithmicError, huberLoss, hinge,
  squaredHinge, logcosh, categoricalCrossentropy, sparseCategoricalCrossentropy, binaryCrossentropy,
  kullbackLeiblerDivergence, poisson, cosineProximity,
};

const LOSS_TABLE = nameTable<LossFn>([
  [['meanSquaredError', 'mse'], meanSquaredError],
  [['meanAbsoluteError', 'mae'], meanAbsoluteError],
  [['meanAbsolutePercentageError', 'mape'], meanAbsolutePercentageError],
  [['meanSquaredLogarithmicError', 'msle'], meanSquaredLogarithmicError],
  [['huberLoss', 'huber'], (t, p) => huberLoss(t, p)],
  [['hinge'], hinge],
  [['squaredHinge'], squaredHinge],
  [['logcosh', 'logCosh'], logcosh],
  [['categoricalCrossentropy', 'softmaxCrossEntropy'], (t, p) => categoricalCrossentropy(t, p)],
  [['sparseCategoricalCrossentropy'], (t, p) => sparseCategoricalCrossentropy(t, p)],
  [['binaryCrossentropy', 'logLoss'], (t, p) => binaryCrossentropy(t, p)],
  [['kullbackLeiblerDivergence', 'kld', 'kl_divergence'], kullbackLeiblerDivergence],
  [['poisson'], poisson],
  [['cosineProximity', 'cosine', 'cosineSimilarity'], cosineProximity],
]);
const LOSS_NAMES = [
  'meanSquaredError', 'mse', 'meanAbsoluteError', 'mae', 'meanAbsolutePercentageError', 'mape', 'meanSquaredLogarithmicError', 'msle',
  'huberLoss', 'hinge', 'squaredHinge', 'logcosh', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy',
  'kullbackLeiblerDivergence', 'kld', 'poisson', 'cosineProximity',
];

/** A serialized loss with options, as Keras writes `CategoricalCrossentropy(from_logits=True)`. */
export interface SerializedLoss {
  className?: string;
  class_name?: string;
  config?: { fromLogits?: boolean; from_logits?: boolean; delta?: number; [k: string]: unknown };
}

/**
 * A Keras-style loss from a name (Keras / TF.js names in any case or spelling: 'mse',
 * 'meanSquaredError', 'mean_squared_error', 'categoricalCrossentropy', …), a serialized
 * `{ className, config: { fromLogits, delta } }`, or a function (returned as is).
 *
 * @example
 * const loss = getLoss('mse');
 * loss(yTrue, yPred); // per-example losses
 */
export function getLoss(identifier: string | LossFn | SerializedLoss): LossFn {
  if (typeof identifier === 'function') return identifier;
  if (identifier !== null && typeof identifier === 'object') {
    const name = identifier.className ?? identifier.class_name;
    const config = identifier.config ?? {};
    const fromLogits = !!(config.fromLogits ?? config.from_logits);
    const base = lookupName('getLoss', 'loss', name, LOSS_TABLE, LOSS_NAMES);
    switch (looseName(String(name))) {
      case 'categoricalcrossentropy': return (t, p) => categoricalCrossentropy(t, p, fromLogits);
      case 'sparsecategoricalcrossentropy': return (t, p) => sparseCategoricalCrossentropy(t, p, fromLogits);
      case 'binarycrossentropy': return (t, p) => binaryCrossentropy(t, p, fromLogits);
      case 'huberloss': case 'huber': return (t, p) => huberLoss(t, p, config.delta ?? 1);
      default: return base;
    }
  }
  return lookupName('getLoss', 'loss', identifier, LOSS_TABLE, LOSS_NAMES);
}

// ---- tf.losses ------------------------------------------------------------------------------

/** How `losses.*` reduce the elementwise losses (TF.js' `tf.Reduction`). */
export const Reduction = { NONE: 0, MEAN: 1, SUM: 2, SUM_BY_NONZERO_WEIGHTS: 3 } as const;
export type Reduction = (typeof Reduction)[keyof typeof Reduction];

/**
 * Weights and reduces elementwise losses: NONE keeps them, SUM adds them, MEAN divides the sum by
 * the sum of the weights, SUM_BY_NONZERO_WEIGHTS (the default) by the number of non-zero weights.
 *
 * @example
 * sprout.losses.computeWeightedLoss([1, 2, 3]).print(); // 2
 */
function computeWeightedLoss(losses: TensorLike, weights?: TensorLike | null, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  return tidy(() => {
    let l = toTensor(losses, 'losses', 'computeWeightedLoss');
    if (l.dtype !== 'float32') l = cast(l, 'float32');
    const w = weights === undefined || weights === null ? null : toTensor(weights, 'weights', 'computeWeightedLoss', 'float32');
    const weighted = w ? mul(l, w) : l;
    switch (reduction) {
      case Reduction.NONE:
        return weighted;
      case Reduction.SUM:
        return sum(weighted);
      case Reduction.MEAN: {
        if (!w) return mean(weighted);
        const factor = l.size / w.size;
        const r = div(sum(weighted), sum(w));
        return factor > 1 ? div(r, factor) : r;
      }
      case Reduction.SUM_BY_NONZERO_WEIGHTS: {
        if (!w) return div(sum(weighted), scalar(l.size));
        const nonZero = cast(sum(notEqual(mul(w, onesLike(l)), 0)), 'float32');
        return div(sum(weighted), nonZero);
      }
      default:
        return raise('op.badArgument', { op: 'computeWeightedLoss', param: 'reduction', expected: 'must be a Reduction (NONE 0, MEAN 1, SUM 2, SUM_BY_NONZERO_WEIGHTS 3)', got: describeValue(reduction) });
    }
  });
}

/** Labels and predictions of one shape, as TF.js' tf.losses require (float32). */
function strictPair(op: string, labels: TensorLike, predictions: TensorLike, names: [string, string] = ['labels', 'predictions']): [Tensor, Tensor] {
  let a = toTensor(labels, names[0], op);
  let b = toTensor(predictions, names[1], op);
  if (a.dtype !== 'float32') a = cast(a, 'float32');
  if (b.dtype !== 'float32') b = cast(b, 'float32');
  if (shapeStr(a.shape) !== shapeStr(b.shape)) raise('nn.shapeMismatch', { op, a: names[0], b: names[1], shapeA: shapeStr(a.shape), shapeB: shapeStr(b.shape) });
  return [a, b];
}

/** Mean squared error, reduced. @example sprout.losses.meanSquaredError([0, 1], [1, 1]).print(); // 0.5 */
function tfMeanSquaredError(labels: TensorLike, predictions: TensorLike, weights?: TensorLike | null, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  return tidy(() => {
    const [l, p] = strictPair('meanSquaredError', labels, predictions);
    return computeWeightedLoss(squaredDifference(l, p), weights, reduction);
  });
}

/** |labels − predictions|, reduced. @example sprout.losses.absoluteDifference([0, 1], [1, 1]).print(); // 0.5 */
function absoluteDifference(labels: TensorLike, predictions: TensorLike, weights?: TensorLike | null, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  return tidy(() => {
    const [l, p] = strictPair('absoluteDifference', labels, predictions);
    return computeWeightedLoss(abs(sub(l, p)), weights, reduction);
  });
}

/** Huber loss, reduced. @example sprout.losses.huberLoss([0, 0], [0.5, 3]).print(); // 1.3125 */
function tfHuberLoss(labels: TensorLike, predictions: TensorLike, weights?: TensorLike | null, delta = 1, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  return tidy(() => {
    checkPositive('huberLoss', 'delta', delta);
    const [l, p] = strictPair('huberLoss', labels, predictions);
    const error = abs(sub(p, l));
    const quadratic = minimum(error, delta);
    const linear = sub(error, quadratic);
    return computeWeightedLoss(add(mul(0.5, square(quadratic)), mul(delta, linear)), weights, reduction);
  });
}

/** Log loss of probabilities, reduced. @example sprout.losses.logLoss([1, 0], [0.9, 0.2]).print(); */
function logLoss(labels: TensorLike, predictions: TensorLike, weights?: TensorLike | null, epsilon = EPSILON, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  return tidy(() => {
    const [l, p] = strictPair('logLoss', labels, predictions);
    const l1 = neg(mul(l, log(add(p, epsilon))));
    const l2 = mul(sub(1, l), log(add(sub(1, p), epsilon)));
    return computeWeightedLoss(sub(l1, l2), weights, reduction);
  });
}

/** Hinge loss (labels 0/1), reduced. @example sprout.losses.hingeLoss([1, 0], [0.5, -2]).print(); */
function hingeLoss(labels: TensorLike, predictions: TensorLike, weights?: TensorLike | null, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  return tidy(() => {
    const [l, p] = strictPair('hingeLoss', labels, predictions);
    return computeWeightedLoss(relu(sub(1, mul(sub(mul(2, l), 1), p))), weights, reduction);
  });
}

/** 1 − Σ labels·predictions along `axis` (inputs unit-normalized), reduced. @example sprout.losses.cosineDistance([[0, 1]], [[0, 1]], 1).print(); // 0 */
function cosineDistance(labels: TensorLike, predictions: TensorLike, axis: number, weights?: TensorLike | null, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  return tidy(() => {
    const [l, p] = strictPair('cosineDistance', labels, predictions);
    return computeWeightedLoss(sub(1, sum(mul(l, p), axis, true)), weights, reduction);
  });
}

/**
 * Sigmoid cross-entropy from logits (stable), reduced. `labelSmoothing` moves labels toward ½.
 *
 * @example
 * sprout.losses.sigmoidCrossEntropy([1, 0], [1000, -1000]).print(); // 0
 */
function sigmoidCrossEntropy(multiClassLabels: TensorLike, logits: TensorLike, weights?: TensorLike | null, labelSmoothing = 0, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  return tidy(() => {
    let [l, x] = strictPair('sigmoidCrossEntropy', multiClassLabels, logits, ['multiClassLabels', 'logits']);
    if (labelSmoothing > 0) l = add(mul(l, 1 - labelSmoothing), 0.5 * labelSmoothing);
    return computeWeightedLoss(sigmoidCrossEntropyWithLogits(l, x), weights, reduction);
  });
}

/**
 * Softmax cross-entropy from logits (stable, over the last axis), reduced.
 *
 * @example
 * sprout.losses.softmaxCrossEntropy([[0, 1]], [[-1000, 1000]]).print(); // 0
 */
function softmaxCrossEntropy(onehotLabels: TensorLike, logits: TensorLike, weights?: TensorLike | null, labelSmoothing = 0, reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS): Tensor {
  return tidy(() => {
    let [l, x] = strictPair('softmaxCrossEntropy', onehotLabels, logits, ['onehotLabels', 'logits']);
    if (labelSmoothing > 0) {
      const numClasses = l.shape[1] ?? l.shape[0];
      l = add(mul(l, 1 - labelSmoothing), labelSmoothing / numClasses);
    }
    return computeWeightedLoss(neg(sum(mul(l, logSoftmax(x, -1)), -1)), weights, reduction);
  });
}

/**
 * Loss functions, as TF.js' `tf.losses` (each reduces, by default to a scalar).
 *
 * @example
 * sprout.losses.meanSquaredError([1, 2], [1, 4]).print(); // 2
 */
export const losses = {
  computeWeightedLoss,
  meanSquaredError: tfMeanSquaredError,
  absoluteDifference,
  huberLoss: tfHuberLoss,
  logLoss,
  hingeLoss,
  cosineDistance,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
  Reduction,
};
