import { sizeOf } from '../../core/shape.js';
import { toTensor, type TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { div, exp, log, sub, add, square } from './elementwise.js';
import { asFloat, badArg, cast, checkAxes, checkAxis, checkInt, run } from './op-utils.js';
import { reshape, transpose } from './transform.js';

/** Output shape of a reduction over `axes`. */
function reducedShape(shape: readonly number[], axes: number[], keepDims: boolean): number[] {
  return keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

/**
 * Runs a reduction kernel over `axes`: the reduced axes are moved innermost and the input viewed
 * as [outer, inner], which is the only form kernels implement.
 */
function reduceAlong(kernel: string, op: string, t: Tensor, axes: number[], keepDims: boolean): Tensor {
  return ENGINE.tidy(() => {
    const rest = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const moved = rest.length && axes.some((a, i) => a !== t.rank - axes.length + i) ? transpose(t, [...rest, ...axes]) : t;
    const inner = sizeOf(axes.map((a) => t.shape[a]));
    const outer = sizeOf(rest.map((a) => t.shape[a]));
    const out = run(kernel, [reshape(moved, [outer, inner])], {}, op);
    return reshape(out, reducedShape(t.shape, axes, keepDims));
  });
}

function reduction(kernel: string, op: string, x: TensorLike, axis: number | number[] | undefined | null, keepDims: boolean): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', op);
    return reduceAlong(kernel, op, t, checkAxes(op, axis, t.rank), keepDims);
  });
}

/** Sum over axes (all by default). @example sprout.sum([[1, 2], [3, 4]], 1).print(); // [3, 7] */
export const sum = (x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor => reduction('Sum', 'sum', x, axis, keepDims);
/** Product over axes. @example sprout.prod([2, 3]).print(); // 6 */
export const prod = (x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor => reduction('Prod', 'prod', x, axis, keepDims);
/** Maximum over axes (NaN propagates). @example sprout.max([1, 5, 3]).print(); // 5 */
export const max = (x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor => reduction('Max', 'max', x, axis, keepDims);
/** Minimum over axes (NaN propagates). @example sprout.min([1, 5, 3]).print(); // 1 */
export const min = (x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor => reduction('Min', 'min', x, axis, keepDims);
/** True where all values along axes are true. @example sprout.all([true, false]).print(); // 0 */
export const all = (x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor => logicalReduce('All', 'all', x, axis, keepDims);
/** True where any value along axes is true. @example sprout.any([true, false]).print(); // 1 */
export const any = (x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor => logicalReduce('Any', 'any', x, axis, keepDims);

function logicalReduce(kernel: string, op: string, x: TensorLike, axis: number | number[] | undefined | null, keepDims: boolean): Tensor {
  return ENGINE.tidy(() => {
    const t = cast(toTensor(x, 'x', op), 'bool');
    return reduceAlong(kernel, op, t, checkAxes(op, axis, t.rank), keepDims);
  });
}

/** Mean over axes (float32). @example sprout.mean([[1, 2], [3, 4]]).print(); // 2.5 */
export function mean(x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor {
  return ENGINE.tidy(() => {
    const t = asFloat(toTensor(x, 'x', 'mean'));
    const axes = checkAxes('mean', axis, t.rank);
    const count = sizeOf(axes.map((a) => t.shape[a]));
    return div(reduceAlong('Sum', 'mean', t, axes, keepDims), count);
  });
}

function argReduce(kernel: string, op: string, x: TensorLike, axis: number): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', op);
    if (t.rank === 0) badArg(op, 'x', 'must have rank ≥ 1', 'rank 0 (a scalar)');
    const a = checkAxis(op, axis, t.rank);
    if (t.shape[a] === 0) badArg(op, 'x', `must not be empty along axis ${a}`, `shape [${t.shape}]`);
    return reduceAlong(kernel, op, t, [a], false);
  });
}

/** Index of the largest value along an axis (first one on ties; a NaN wins). @example sprout.argMax([1, 9, 3]).print(); // 1 */
export const argMax = (x: TensorLike, axis = 0): Tensor => argReduce('ArgMax', 'argMax', x, axis);
/** Index of the smallest value along an axis. @example sprout.argMin([4, 1, 3]).print(); // 1 */
export const argMin = (x: TensorLike, axis = 0): Tensor => argReduce('ArgMin', 'argMin', x, axis);

/**
 * log(Σ exp(x)) over axes, computed stably (shifted by the max).
 *
 * @example
 * sprout.logSumExp([0, 0]).print(); // 0.693147
 */
export function logSumExp(x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor {
  return ENGINE.tidy(() => {
    const t = asFloat(toTensor(x, 'x', 'logSumExp'));
    const axes = checkAxes('logSumExp', axis, t.rank);
    const m = reduceAlong('Max', 'logSumExp', t, axes, true);
    const s = log(reduceAlong('Sum', 'logSumExp', exp(sub(t, m)), axes, true));
    return reshape(add(s, m), reducedShape(t.shape, axes, keepDims));
  });
}

/**
 * Mean and (population) variance over axes.
 *
 * @example
 * const { mean, variance } = sprout.moments([1, 2, 3, 4]);
 * variance.print(); // 1.25
 */
export function moments(x: TensorLike, axis?: number | number[] | null, keepDims = false): { mean: Tensor; variance: Tensor } {
  return ENGINE.tidy(() => {
    const t = asFloat(toTensor(x, 'x', 'moments'));
    const axes = checkAxes('moments', axis, t.rank);
    const m = mean(t, axes, true);
    const variance = mean(square(sub(t, m)), axes, keepDims);
    return { mean: keepDims ? m : reshape(m, reducedShape(t.shape, axes, false)), variance };
  });
}

function softmaxLike(kernel: string, op: string, logits: TensorLike, dim: number): Tensor {
  return ENGINE.tidy(() => {
    const t = asFloat(toTensor(logits, 'logits', op));
    if (t.rank === 0) badArg(op, 'logits', 'must have rank ≥ 1', 'rank 0 (a scalar)');
    const a = checkAxis(op, dim, t.rank, 'dim');
    if (a === t.rank - 1) {
      const inner = t.shape[a];
      return reshape(run(kernel, [reshape(t, [t.size / (inner || 1), inner])], {}, op), t.shape);
    }
    const perm = t.shape.map((_, i) => i);
    perm[a] = t.rank - 1;
    perm[t.rank - 1] = a;
    return transpose(softmaxLike(kernel, op, transpose(t, perm), -1), perm);
  });
}

/** Softmax along `dim` (default: last). @example sprout.softmax([0, 0]).print(); // [0.5, 0.5] */
export const softmax = (logits: TensorLike, dim = -1): Tensor => softmaxLike('Softmax', 'softmax', logits, dim);
/** Log-softmax along `dim`, stable. @example sprout.logSoftmax([0, 0]).print(); // [-0.693147, -0.693147] */
export const logSoftmax = (logits: TensorLike, axis = -1): Tensor => softmaxLike('LogSoftmax', 'logSoftmax', logits, axis);

/**
 * The k largest values along the last axis and their indices.
 *
 * @example
 * const { values, indices } = sprout.topk([1, 9, 3], 2);
 * indices.print(); // [1, 2]
 */
export function topk(x: TensorLike, k = 1, sorted = true): { values: Tensor; indices: Tensor } {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'topk');
    if (t.rank === 0) badArg('topk', 'x', 'must have rank ≥ 1', 'rank 0 (a scalar)');
    const last = t.shape[t.rank - 1];
    checkInt('topk', 'k', k, 0, last);
    const outShape = [...t.shape.slice(0, -1), k];
    const src = t.dtype === 'bool' ? cast(t, 'int32') : t;
    const [values, indices] = runTopK(reshape(src, [t.size / (last || 1), last]), k, sorted);
    return { values: reshape(values, outShape), indices: reshape(indices, outShape) };
  });
}

import { ENGINE } from '../engine.js';
function runTopK(t: Tensor, k: number, sorted: boolean): Tensor[] {
  return ENGINE.tidy(() => {
    return ENGINE.runKernel('TopK', [t], { k, sorted }, 'topk');
  });
}
