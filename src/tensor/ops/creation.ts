import { allocArray, type DType } from '../../core/dtype.js';
import { Rng } from '../../core/rng.js';
import { sizeOf } from '../../core/shape.js';
import { describeValue } from '../../errors/index.js';
import { checkDtype, checkShape, makeTensor, toTensor, type NestedValues, type TensorLike } from '../convert.js';
import { ENGINE } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { badArg, cast, checkInt, checkNumber, run } from './op-utils.js';

/**
 * Makes a tensor from a number, a boolean, nested arrays or a typed array (Uint8ClampedArray too).
 * With `shape`, flat values fill it row-major. The dtype is inferred when not given.
 *
 * @example
 * sprout.tensor([[1, 2], [3, 4]]).print();
 * sprout.tensor([1, 2, 3, 4], [2, 2], 'int32').print();
 */
export function tensor(values: NestedValues, shape?: number[], dtype?: DType): Tensor {
  return ENGINE.tidy(() => {
    return makeTensor(values, shape, dtype, 'tensor');
  });
}

/** A rank-0 tensor. @example sprout.scalar(3.14).print(); */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return ENGINE.tidy(() => {
    if (typeof value !== 'number' && typeof value !== 'boolean') badArg('scalar', 'value', 'must be a number or a boolean', describeValue(value));
    return makeTensor(value, [], dtype, 'scalar');
  });
}

function filled(op: string, shape: number[], value: number, dtype: DType): Tensor {
  return ENGINE.tidy(() => {
    const s = checkShape(shape, op);
    const arr = allocArray(checkDtype(dtype, op), sizeOf(s));
    if (value !== 0) arr.fill(value);
    return ENGINE.makeTensor(arr, s, dtype);
  });
}

/** A tensor of zeros. @example sprout.zeros([2, 3]).print(); */
export const zeros = (shape: number[], dtype: DType = 'float32'): Tensor => filled('zeros', shape, 0, dtype);
/** A tensor of ones. @example sprout.ones([2, 3]).print(); */
export const ones = (shape: number[], dtype: DType = 'float32'): Tensor => filled('ones', shape, 1, dtype);
/** Zeros with the shape and dtype of x. @example sprout.zerosLike([1, 2]).print(); // [0, 0] */
export function zerosLike(x: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'zerosLike');
    return filled('zerosLike', t.shape, 0, t.dtype);
  });
}
/** Ones with the shape and dtype of x. @example sprout.onesLike([1, 2]).print(); // [1, 1] */
export function onesLike(x: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'onesLike');
    return filled('onesLike', t.shape, 1, t.dtype);
  });
}

/** A tensor filled with one value. @example sprout.fill([2, 2], 7).print(); */
export function fill(shape: number[], value: number | boolean, dtype?: DType): Tensor {
  return ENGINE.tidy(() => {
    if (typeof value !== 'number' && typeof value !== 'boolean') badArg('fill', 'value', 'must be a number or a boolean', describeValue(value));
    const dt = dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
    return filled('fill', shape, Number(value), dt);
  });
}

/**
 * Numbers from `start` up to (not including) `stop`, by `step`.
 *
 * @example
 * sprout.range(0, 10, 3).print(); // [0, 3, 6, 9]
 */
export function range(start: number, stop: number, step = 1, dtype: 'float32' | 'int32' = 'float32'): Tensor {
  return ENGINE.tidy(() => {
    checkNumber('range', 'start', start);
    checkNumber('range', 'stop', stop);
    checkNumber('range', 'step', step);
    if (step === 0) badArg('range', 'step', 'must not be 0', '0');
    const n = Math.max(0, Math.ceil((stop - start) / step));
    const arr = allocArray(checkDtype(dtype, 'range'), n);
    for (let i = 0; i < n; i++) arr[i] = start + i * step;
    return ENGINE.makeTensor(arr, [n], dtype);
  });
}

/**
 * `num` evenly spaced numbers from start to stop, both included.
 *
 * @example
 * sprout.linspace(0, 1, 5).print(); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num: number): Tensor {
  return ENGINE.tidy(() => {
    checkNumber('linspace', 'start', start);
    checkNumber('linspace', 'stop', stop);
    checkInt('linspace', 'num', num, 1);
    const arr = new Float32Array(num);
    const step = num === 1 ? 0 : (stop - start) / (num - 1);
    for (let i = 0; i < num; i++) arr[i] = start + i * step;
    return ENGINE.makeTensor(arr, [num], 'float32');
  });
}

/**
 * An identity matrix (optionally rectangular, optionally batched).
 *
 * @example
 * sprout.eye(3).print();
 */
export function eye(numRows: number, numColumns?: number, batchShape?: number[], dtype: DType = 'float32'): Tensor {
  return ENGINE.tidy(() => {
    checkInt('eye', 'numRows', numRows, 0);
    const cols = numColumns === undefined ? numRows : checkInt('eye', 'numColumns', numColumns, 0);
    const batch = batchShape === undefined ? [] : checkShape(batchShape, 'eye');
    const arr = allocArray(checkDtype(dtype, 'eye'), sizeOf(batch) * numRows * cols);
    for (let b = 0; b < sizeOf(batch); b++) {
      for (let i = 0; i < Math.min(numRows, cols); i++) arr[b * numRows * cols + i * cols + i] = 1;
    }
    return ENGINE.makeTensor(arr, [...batch, numRows, cols], dtype);
  });
}

/**
 * One-hot encoding: each index becomes a row of `depth` values, `onValue` at the index.
 *
 * @example
 * sprout.oneHot([0, 2], 3).print(); // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(indices: TensorLike, depth: number, onValue = 1, offValue = 0, dtype: DType = 'int32'): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(indices, 'indices', 'oneHot', 'int32');
    if (t.dtype === 'float32') badArg('oneHot', 'indices', 'must have dtype int32', 'float32');
    checkInt('oneHot', 'depth', depth, 1);
    return run('OneHot', [cast(t, 'int32')], { depth, onValue, offValue, dtype: checkDtype(dtype, 'oneHot') }, 'oneHot');
  });
}

function randomFill(op: string, shape: number[], dtype: DType, gen: (rng: Rng) => number, seed?: number | string): Tensor {
  return ENGINE.tidy(() => {
    const s = checkShape(shape, op);
    const dt = checkDtype(dtype, op);
    if (dt === 'bool') badArg(op, 'dtype', "must be 'float32' or 'int32'", "'bool'");
    const rng = new Rng(seed);
    const arr = allocArray(dt, sizeOf(s));
    for (let i = 0; i < arr.length; i++) arr[i] = gen(rng);
    return ENGINE.makeTensor(arr, s, dt);
  });
}

/**
 * Uniform random values in [minval, maxval). Same seed, same values.
 *
 * @example
 * sprout.randomUniform([2, 2], 0, 1, 'float32', 42).print();
 */
export function randomUniform(shape: number[], minval = 0, maxval = 1, dtype: DType = 'float32', seed?: number | string): Tensor {
  return ENGINE.tidy(() => {
    checkNumber('randomUniform', 'minval', minval);
    checkNumber('randomUniform', 'maxval', maxval);
    const span = maxval - minval;
    return randomFill('randomUniform', shape, dtype, dtype === 'int32' ? (r) => Math.floor(minval + r.next() * span) : (r) => minval + r.next() * span, seed);
  });
}

/**
 * Normally distributed random values.
 *
 * @example
 * sprout.randomNormal([3], 0, 1, 'float32', 7).print();
 */
export function randomNormal(shape: number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number | string): Tensor {
  return ENGINE.tidy(() => {
    checkNumber('randomNormal', 'mean', mean);
    checkNumber('randomNormal', 'stdDev', stdDev);
    return randomFill('randomNormal', shape, dtype, (r) => mean + stdDev * r.normal(), seed);
  });
}

/**
 * Normal values, resampling any farther than two standard deviations from the mean.
 *
 * @example
 * sprout.truncatedNormal([3], 0, 1, 'float32', 7).print();
 */
export function truncatedNormal(shape: number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number | string): Tensor {
  return ENGINE.tidy(() => {
    checkNumber('truncatedNormal', 'mean', mean);
    checkNumber('truncatedNormal', 'stdDev', stdDev);
    return randomFill('truncatedNormal', shape, dtype, (r) => {
      let v = r.normal();
      while (Math.abs(v) > 2) v = r.normal();
      return mean + stdDev * v;
    }, seed);
  });
}

/** A new tensor with the same values (shares the immutable data). @example const b = sprout.clone(a); */
export function clone(x: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'clone');
    return ENGINE.makeView(t, t.shape);
  });
}
