import { DTYPES, inferDtypeOfTypedArray, isTypedArray, toStorage, type AnyTypedArray, type DType } from '../core/dtype.js';
import { sizeOf } from '../core/shape.js';
import { describeValue, raise } from '../errors/index.js';
import { ENGINE } from './engine.js';
import { Tensor } from './tensor.js';

/** Nested arrays of numbers or booleans. */
export type NestedValues = number | boolean | NestedValues[] | AnyTypedArray;

/** Anything an op accepts where it takes a tensor. */
export type TensorLike = Tensor | NestedValues;

export const MAX_RANK = 6;

/** Checks a dtype argument. */
export function checkDtype(dtype: unknown, op: string): DType {
  if (!DTYPES.includes(dtype as DType)) raise('tensor.badDtype', { op, got: describeValue(dtype) });
  return dtype as DType;
}

/** Checks a shape argument: an array of non-negative integers of rank ≤ 6. */
export function checkShape(shape: unknown, op: string): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    raise('tensor.badShape', { op, got: Array.isArray(shape) ? `[${shape.join(',')}]` : describeValue(shape) });
  }
  if (shape.length > MAX_RANK) raise('tensor.rankTooHigh', { op, rank: shape.length, shape: shape.join(',') });
  return shape.slice();
}

/** Infers the shape of nested arrays, checking they are not ragged. */
function inferShape(values: NestedValues): number[] {
  const shape: number[] = [];
  let v: NestedValues = values;
  while (Array.isArray(v) || isTypedArray(v)) {
    shape.push(v.length);
    if (!Array.isArray(v) || v.length === 0) break;
    v = v[0];
  }
  return shape;
}

/** Flattens nested values into `out`, checking each level against `shape`. */
function flatten(values: NestedValues, shape: number[], dim: number, out: (number | boolean)[], path: number[]): void {
  if (dim === shape.length) {
    if (typeof values !== 'number' && typeof values !== 'boolean') {
      raise('tensor.badValue', { where: path.length ? `[${path.join('][')}]` : '(the value)', got: describeValue(values) });
    }
    out.push(values);
    return;
  }
  if (!Array.isArray(values) && !isTypedArray(values)) {
    raise('tensor.raggedArray', { where: `[${path.join('][')}]`, expected: `an array of ${shape[dim]}`, got: describeValue(values) });
  }
  if (values.length !== shape[dim]) {
    raise('tensor.raggedArray', { where: path.length ? `[${path.join('][')}]` : 'the top level', expected: shape[dim], got: values.length });
  }
  if (isTypedArray(values) && dim === shape.length - 1) {
    for (let i = 0; i < values.length; i++) out.push(values[i]);
    return;
  }
  for (let i = 0; i < values.length; i++) {
    path.push(i);
    flatten((values as NestedValues[])[i], shape, dim + 1, out, path);
    path.pop();
  }
}

/** The dtype values imply when none is given: booleans → bool, integer typed arrays → int32, else float32. */
function inferDtype(values: NestedValues): DType {
  let v: NestedValues = values;
  while (Array.isArray(v)) {
    if (v.length === 0) return 'float32';
    v = v[0];
  }
  if (isTypedArray(v)) return inferDtypeOfTypedArray(v);
  return typeof v === 'boolean' ? 'bool' : 'float32';
}

/**
 * Makes a tensor from values (a number, a boolean, nested arrays or a typed array).
 * With a shape, flat values are laid out row-major into it.
 */
export function makeTensor(values: NestedValues, shape: number[] | undefined, dtype: DType | undefined, op = 'tensor'): Tensor {
  if (values === null || values === undefined || (typeof values !== 'number' && typeof values !== 'boolean' && !Array.isArray(values) && !isTypedArray(values))) {
    raise('op.badInputType', { op, param: 'values', got: describeValue(values) });
  }
  const dt = dtype === undefined ? inferDtype(values) : checkDtype(dtype, op);
  const inferred = inferShape(values);
  let flat: ArrayLike<number>;
  if (isTypedArray(values)) {
    flat = values;
  } else if (typeof values === 'number' || typeof values === 'boolean') {
    flat = [Number(values)];
  } else {
    const out: (number | boolean)[] = [];
    flatten(values, inferred, 0, out, []);
    flat = out.map(Number);
  }
  let finalShape = inferred;
  if (shape !== undefined) {
    finalShape = checkShape(shape, op);
    const needed = sizeOf(finalShape);
    if (needed !== flat.length) {
      raise('tensor.valuesShapeMismatch', { size: flat.length, shape: finalShape.join(','), needed });
    }
  } else if (inferred.length > MAX_RANK) {
    raise('tensor.rankTooHigh', { op, rank: inferred.length, shape: inferred.join(',') });
  }
  return ENGINE.makeTensor(toStorage(flat, dt), finalShape, dt);
}

/**
 * Returns `x` as a tensor: tensors pass through (checked not disposed), other values become a new
 * tensor (of `dtypeHint` for plain numbers next to a tensor of that dtype). `param` and `op` name
 * the argument in error messages.
 *
 * @example
 * const t = sprout.toTensor([1, 2, 3], 'x', 'myOp'); // a float32 tensor of shape [3]
 */
export function toTensor(x: TensorLike, param: string, op: string, dtypeHint?: DType): Tensor {
  if (x instanceof Tensor) {
    if (x.isDisposed) raise('tensor.disposed', { op, param, id: x.id });
    return x;
  }
  if (x === null || x === undefined || (typeof x !== 'number' && typeof x !== 'boolean' && !Array.isArray(x) && !isTypedArray(x))) {
    raise('op.badInputType', { op, param, got: describeValue(x) });
  }
  // A JS number next to an int32 tensor stays int32 only when it is an integer (2 + int → int).
  let dtype: DType | undefined;
  if (dtypeHint && !isTypedArray(x)) {
    const inferred = inferDtype(x);
    if (inferred === 'float32' && dtypeHint === 'int32') dtype = allIntegers(x) ? 'int32' : 'float32';
    else if (inferred === 'float32' && dtypeHint === 'bool') dtype = undefined;
    else dtype = inferred === 'bool' ? 'bool' : dtypeHint === 'float32' ? 'float32' : inferred;
  }
  return makeTensor(x, undefined, dtype, op);
}

function allIntegers(v: NestedValues): boolean {
  if (typeof v === 'number') return Number.isInteger(v);
  if (typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.every(allIntegers);
  return false;
}
