/**
 * Metrics, Keras-style `(yTrue, yPred) => perExampleValues` (the model averages them), found by
 * name with `getMetric` for `model.compile({ metrics: ['accuracy'] })`, and as `metrics`, TF.js'
 * `tf.metrics`.
 */
import { raise } from '../errors/index.js';
import {
  Tensor, add, argMax, cast, div, equal, greater, logicalAnd, mean, reshape, scalar, square, sub, sum, tidy, toTensor, where,
  type TensorLike,
} from '../tensor/index.js';
import {
  binaryCrossentropy as binaryCrossentropyLoss, categoricalCrossentropy as categoricalCrossentropyLoss, cosineProximity,
  meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, sparseCategoricalCrossentropy as sparseCategoricalCrossentropyLoss,
} from './losses.js';
import { lookupName, nameTable } from './optimizers/lookup.js';

/** A Keras-style metric: per-example values. */
export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

const shapeStr = (s: readonly number[]) => s.join(',');

function floats(op: string, yTrue: TensorLike, yPred: TensorLike): [Tensor, Tensor] {
  let t = toTensor(yTrue, 'yTrue', op);
  let p = toTensor(yPred, 'yPred', op);
  if (t.dtype !== 'float32') t = cast(t, 'float32');
  if (p.dtype !== 'float32') p = cast(p, 'float32');
  return [t, p];
}

function sameShape(op: string, t: Tensor, p: Tensor): [Tensor, Tensor] {
  if (shapeStr(t.shape) === shapeStr(p.shape)) return [t, p];
  // labels [n] against predictions [n, 1] (or the reverse), as Keras allows
  if (t.rank === p.rank - 1 && p.shape[p.rank - 1] === 1 && shapeStr(p.shape.slice(0, -1)) === shapeStr(t.shape)) return [reshape(t, p.shape), p];
  if (p.rank === t.rank - 1 && t.shape[t.rank - 1] === 1 && shapeStr(t.shape.slice(0, -1)) === shapeStr(p.shape)) return [t, reshape(p, t.shape)];
  return raise('nn.shapeMismatch', { op, a: 'yTrue', b: 'yPred', shapeA: shapeStr(t.shape), shapeB: shapeStr(p.shape) });
}

/**
 * Binary accuracy: the fraction, over the last axis, of predictions on the right side of 0.5.
 *
 * @example
 * binaryAccuracy([[1], [0]], [[0.7], [0.6]]).print(); // [1, 0]
 */
export function binaryAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = sameShape('binaryAccuracy', ...floats('binaryAccuracy', yTrue, yPred));
    return mean(cast(equal(t, cast(greater(p, 0.5), 'float32')), 'float32'), -1);
  });
}

/**
 * Categorical accuracy: 1 where the predicted class (argmax) is the labelled one (one-hot).
 *
 * @example
 * categoricalAccuracy([[0, 1], [1, 0]], [[0.2, 0.8], [0.3, 0.7]]).print(); // [1, 0]
 */
export function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = floats('categoricalAccuracy', yTrue, yPred);
    if (shapeStr(t.shape) !== shapeStr(p.shape)) raise('nn.shapeMismatch', { op: 'categoricalAccuracy', a: 'yTrue', b: 'yPred', shapeA: shapeStr(t.shape), shapeB: shapeStr(p.shape) });
    return cast(equal(argMax(t, -1), argMax(p, -1)), 'float32');
  });
}

/**
 * Sparse categorical accuracy: 1 where the predicted class (argmax) equals the integer label.
 *
 * @example
 * sparseCategoricalAccuracy([1, 0], [[0.2, 0.8], [0.3, 0.7]]).print(); // [1, 0]
 */
export function sparseCategoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const op = 'sparseCategoricalAccuracy';
    let t = toTensor(yTrue, 'yTrue', op);
    const p = toTensor(yPred, 'yPred', op);
    const outer = p.shape.slice(0, -1);
    if (p.rank === 0 || (shapeStr(t.shape) !== shapeStr(outer) && shapeStr(t.shape) !== shapeStr([...outer, 1]))) {
      raise('op.badArgument', {
        op,
        param: 'yTrue',
        expected: `must hold one class index per example: shape [${outer}] or [${[...outer, 1]}] for predictions of shape [${p.shape}]`,
        got: `shape [${t.shape}]`,
      });
    }
    if (t.rank === p.rank) t = reshape(t, outer);
    return cast(equal(cast(t, 'float32'), cast(argMax(p, -1), 'float32')), 'float32');
  });
}

/**
 * Accuracy that picks its kind from the shapes: binary (threshold 0.5) when the predictions' last
 * axis is 1 (or they are a plain vector); sparse when the labels are class indices (one fewer axis, or a last axis of 1 against
 * several classes); else categorical (argmax match).
 *
 * @example
 * accuracy([[0, 1]], [[0.1, 0.9]]).print(); // [1]
 */
export function accuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const t = toTensor(yTrue, 'yTrue', 'accuracy');
    const p = toTensor(yPred, 'yPred', 'accuracy');
    const classes = p.rank === 0 ? 1 : p.shape[p.rank - 1];
    // A vector of predictions (one per example, no class axis) is binary too.
    if (p.rank <= 1 || classes === 1) return binaryAccuracy(t, p);
    const sparse = t.rank === p.rank - 1 || (t.rank === p.rank && t.shape[t.rank - 1] === 1);
    return sparse ? sparseCategoricalAccuracy(t, p) : categoricalAccuracy(t, p);
  });
}

function countWhere(t: Tensor, p: Tensor, tv: number, pv: number): Tensor {
  return cast(sum(logicalAnd(equal(t, tv), equal(p, pv))), 'float32');
}

/**
 * Precision of binary (0/1) predictions: TP / (TP + FP), 0 when undefined. Scalar.
 *
 * @example
 * sprout.metrics.precision([1, 0, 1, 1], [1, 1, 0, 1]).print(); // 0.667 (2 of the 3 predicted 1s are right)
 */
export function precision(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = sameShape('precision', ...floats('precision', yTrue, yPred));
    const tp = countWhere(t, p, 1, 1);
    const denominator = add(tp, countWhere(t, p, 0, 1));
    return where(greater(denominator, 0), div(tp, denominator), scalar(0));
  });
}

/**
 * Recall of binary (0/1) predictions: TP / (TP + FN), 0 when undefined. Scalar.
 *
 * @example
 * sprout.metrics.recall([1, 1, 0, 1], [1, 0, 0, 1]).print(); // 0.667 (2 of the 3 true 1s are found)
 */
export function recall(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = sameShape('recall', ...floats('recall', yTrue, yPred));
    const tp = countWhere(t, p, 1, 1);
    const denominator = add(tp, countWhere(t, p, 1, 0));
    return where(greater(denominator, 0), div(tp, denominator), scalar(0));
  });
}

/** Coefficient of determination R² over all values. Scalar. @example sprout.metrics.r2Score([1, 2, 3], [1, 2, 4]).print(); // 0.5 */
export function r2Score(yTrue: TensorLike, yPred: TensorLike): Tensor {
  return tidy(() => {
    const [t, p] = sameShape('r2Score', ...floats('r2Score', yTrue, yPred));
    const residuals = sum(square(sub(t, p)));
    const total = sum(square(sub(t, mean(t))));
    return sub(1, div(residuals, total));
  });
}

/** Mean squared error over the last axis (also `mse`, `MSE`). @example sprout.metrics.meanSquaredError([1, 2], [1, 4]).print(); // 2 */
const mse = (yTrue: TensorLike, yPred: TensorLike): Tensor => meanSquaredError(yTrue, yPred);
/** Mean absolute error over the last axis (also `mae`, `MAE`). @example sprout.metrics.meanAbsoluteError([1, 2], [1, 4]).print(); // 1 */
const mae = (yTrue: TensorLike, yPred: TensorLike): Tensor => meanAbsoluteError(yTrue, yPred);
/** Mean absolute percentage error over the last axis (also `mape`, `MAPE`). @example sprout.metrics.meanAbsolutePercentageError([100, 200], [110, 180]).print(); // 10 */
const mape = (yTrue: TensorLike, yPred: TensorLike): Tensor => meanAbsolutePercentageError(yTrue, yPred);
/** Binary cross-entropy of probabilities, mean over the last axis. @example sprout.metrics.binaryCrossentropy([1, 0], [0.9, 0.1]).print(); // 0.105 */
const binaryCrossentropy = (yTrue: TensorLike, yPred: TensorLike): Tensor => binaryCrossentropyLoss(yTrue, yPred);
/** Categorical cross-entropy of one-hot labels and probabilities, per example. @example sprout.metrics.categoricalCrossentropy([[0, 1]], [[0.2, 0.8]]).print(); // [0.223] */
const categoricalCrossentropy = (yTrue: TensorLike, yPred: TensorLike): Tensor => categoricalCrossentropyLoss(yTrue, yPred);
/** Cross-entropy of class indices and probabilities, per example. @example sprout.metrics.sparseCategoricalCrossentropy([1], [[0.2, 0.8]]).print(); // [0.223] */
const sparseCategoricalCrossentropy = (yTrue: TensorLike, yPred: TensorLike): Tensor => sparseCategoricalCrossentropyLoss(yTrue, yPred);

export { mse, mae, mape };

/**
 * Metrics, as TF.js' `tf.metrics` (plus `accuracy`).
 *
 * @example
 * sprout.metrics.binaryAccuracy([1, 0, 1], [0.9, 0.2, 0.3]).print(); // 0.667 (2 of 3 right)
 */
export const metrics = {
  accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, precision, recall, r2Score,
  binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, cosineProximity,
  meanSquaredError: mse, mse, MSE: mse, meanAbsoluteError: mae, mae, MAE: mae,
  meanAbsolutePercentageError: mape, mape, MAPE: mape,
};

const METRIC_TABLE = nameTable<MetricFn>([
  [['accuracy', 'acc'], accuracy],
  [['binaryAccuracy'], binaryAccuracy],
  [['categoricalAccuracy'], categoricalAccuracy],
  [['sparseCategoricalAccuracy'], sparseCategoricalAccuracy],
  [['precision'], precision],
  [['recall'], recall],
  [['r2Score', 'r2'], r2Score],
  [['meanSquaredError', 'mse'], mse],
  [['meanAbsoluteError', 'mae'], mae],
  [['meanAbsolutePercentageError', 'mape'], mape],
  [['binaryCrossentropy'], binaryCrossentropy],
  [['categoricalCrossentropy'], categoricalCrossentropy],
  [['sparseCategoricalCrossentropy'], sparseCategoricalCrossentropy],
  [['cosineProximity', 'cosine'], cosineProximity],
]);
const METRIC_NAMES = [
  'accuracy', 'acc', 'binaryAccuracy', 'categoricalAccuracy', 'sparseCategoricalAccuracy', 'precision', 'recall', 'r2Score',
  'meanSquaredError', 'mse', 'meanAbsoluteError', 'mae', 'meanAbsolutePercentageError', 'mape', 'binaryCrossentropy',
  'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'cosineProximity',
];

/**
 * A metric from a name (Keras / TF.js names in any case or spelling: 'accuracy', 'acc', 'mse',
 * 'categoricalAccuracy', 'mean_absolute_error', …) or a function (returned as is).
 *
 * @example
 * const acc = getMetric('accuracy');
 */
export function getMetric(identifier: string | MetricFn): MetricFn {
  if (typeof identifier === 'function') return identifier;
  return lookupName('getMetric', 'metric', identifier, METRIC_TABLE, METRIC_NAMES);
}
