import type { TensorInfo } from '../../core/backend.js';
import { allocArray, type DType, type TypedArray } from '../../core/dtype.js';
import { broadcastShapes, sizeOf } from '../../core/shape.js';
import type { CpuKernel } from './cpu-backend.js';

const COMPARE = new Set(['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'LogicalAnd', 'LogicalOr', 'LogicalXor']);

/**
 * o[oOff + i] = op(a[aOff + i·aStep], b[bOff + i·bStep]) for i < n. The switch is outside the
 * loops, so a broadcast op costs one dispatch per row, not per element.
 */
export function binaryRow(
  name: string,
  a: TypedArray, aOff: number, aStep: number,
  b: TypedArray, bOff: number, bStep: number,
  o: TypedArray, oOff: number, n: number,
): void {
  let ia = aOff, ib = bOff;
  const end = oOff + n;
  switch (name) {
    case 'Add': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] + b[ib]; break;
    case 'Sub': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] - b[ib]; break;
    case 'Mul': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] * b[ib]; break;
    case 'Div': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] / b[ib]; break;
    case 'FloorDiv': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = Math.floor(a[ia] / b[ib]); break;
    case 'Mod':
      // Result takes the divisor's sign (floored modulo), as TensorFlow's FloorMod.
      for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) {
        const x = a[ia], y = b[ib];
        const r = x % y;
        o[i] = r !== 0 && (r < 0) !== (y < 0) ? r + y : r;
      }
      break;
    case 'Pow': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = Math.pow(a[ia], b[ib]); break;
    case 'Maximum':
      for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) { const x = a[ia], y = b[ib]; o[i] = x !== x || y !== y ? NaN : x > y ? x : y; }
      break;
    case 'Minimum':
      for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) { const x = a[ia], y = b[ib]; o[i] = x !== x || y !== y ? NaN : x < y ? x : y; }
      break;
    case 'SquaredDifference':
      for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) { const d = a[ia] - b[ib]; o[i] = d * d; }
      break;
    case 'Atan2': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = Math.atan2(a[ia], b[ib]); break;
    case 'Prelu':
      for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) { const x = a[ia]; o[i] = x < 0 ? b[ib] * x : x; }
      break;
    case 'Equal': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] === b[ib] ? 1 : 0; break;
    case 'NotEqual': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] !== b[ib] ? 1 : 0; break;
    case 'Less': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] < b[ib] ? 1 : 0; break;
    case 'LessEqual': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] <= b[ib] ? 1 : 0; break;
    case 'Greater': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] > b[ib] ? 1 : 0; break;
    case 'GreaterEqual': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] >= b[ib] ? 1 : 0; break;
    case 'LogicalAnd': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] && b[ib] ? 1 : 0; break;
    case 'LogicalOr': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = a[ia] || b[ib] ? 1 : 0; break;
    case 'LogicalXor': for (let i = oOff; i < end; i++, ia += aStep, ib += bStep) o[i] = !a[ia] !== !b[ib] ? 1 : 0; break;
    default: throw new Error(`cpu: unknown binary kernel ${name}`);
  }
}

/**
 * Merges adjacent output dimensions that both operands see the same way (both contiguous, or both
 * broadcast), so the inner loop runs as long as possible. Returns the collapsed output shape and
 * each operand's strides over it.
 */
export function collapseBroadcast(
  aShape: readonly number[], bShape: readonly number[], outShape: readonly number[],
): { shape: number[]; aStrides: number[]; bStrides: number[] } {
  const rank = outShape.length;
  // Per output dim: does each operand have the full extent (1) or broadcast it (0)?
  const aFull: boolean[] = [], bFull: boolean[] = [];
  for (let i = 0; i < rank; i++) {
    const da = aShape[aShape.length - rank + i] ?? 1;
    const db = bShape[bShape.length - rank + i] ?? 1;
    aFull.push(da === outShape[i] && outShape[i] !== 1);
    bFull.push(db === outShape[i] && outShape[i] !== 1);
  }
  const shape: number[] = [], af: boolean[] = [], bf: boolean[] = [];
  for (let i = 0; i < rank; i++) {
    if (outShape[i] === 1) continue; // size-1 dims never matter
    const last = shape.length - 1;
    if (last >= 0 && af[last] === aFull[i] && bf[last] === bFull[i]) shape[last] *= outShape[i];
    else { shape.push(outShape[i]); af.push(aFull[i]); bf.push(bFull[i]); }
  }
  const aStrides = new Array<number>(shape.length), bStrides = new Array<number>(shape.length);
  let sa = 1, sb = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    aStrides[i] = af[i] ? sa : 0;
    bStrides[i] = bf[i] ? sb : 0;
    if (af[i]) sa *= shape[i];
    if (bf[i]) sb *= shape[i];
  }
  return { shape, aStrides, bStrides };
}

/** Runs `name` over a and b with broadcasting into a new array of `dtype`. */
export function broadcastBinary(
  name: string, a: TypedArray, aShape: readonly number[], b: TypedArray, bShape: readonly number[],
  outShape: readonly number[], dtype: DType,
): TypedArray {
  const size = sizeOf(outShape);
  const o = allocArray(dtype, size);
  if (size === 0) return o;
  if (a.length === size && b.length === size) {
    binaryRow(name, a, 0, 1, b, 0, 1, o, 0, size);
    return o;
  }
  if (b.length === 1 && a.length === size) { binaryRow(name, a, 0, 1, b, 0, 0, o, 0, size); return o; }
  if (a.length === 1 && b.length === size) { binaryRow(name, a, 0, 0, b, 0, 1, o, 0, size); return o; }
  const { shape, aStrides, bStrides } = collapseBroadcast(aShape, bShape, outShape);
  const rank = shape.length;
  const inner = shape[rank - 1];
  const aStep = aStrides[rank - 1], bStep = bStrides[rank - 1];
  const rows = size / inner;
  const idx = new Array<number>(rank).fill(0);
  let ia = 0, ib = 0;
  for (let r = 0; r < rows; r++) {
    binaryRow(name, a, ia, aStep, b, ib, bStep, o, r * inner, inner);
    // Advance the odometer over the outer dims.
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      ia += aStrides[d];
      ib += bStrides[d];
      if (idx[d] < shape[d]) break;
      ia -= aStrides[d] * shape[d];
      ib -= bStrides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return o;
}

/** Every binary and comparison kernel. */
export const binaryKernel: CpuKernel = (b, [x, y], _attrs, name) => {
  const r = broadcastShapes(x.shape, y.shape);
  if (!('shape' in r)) throw new Error(`cpu ${name}: shapes [${x.shape}] and [${y.shape}] do not broadcast`);
  const dtype: DType = COMPARE.has(name) ? 'bool' : x.dtype;
  const out = broadcastBinary(name, b.data(x), x.shape, b.data(y), y.shape, r.shape, dtype);
  return b.output(out, r.shape, dtype);
};

/** `Select` [cond, a, b] of one shape. */
export const selectKernel: CpuKernel = (b, [c, x, y]) => {
  const cv = b.data(c), xv = b.data(x), yv = b.data(y);
  const o = allocArray(x.dtype, xv.length);
  for (let i = 0; i < o.length; i++) o[i] = cv[i] ? xv[i] : yv[i];
  return b.output(o, x.shape, x.dtype);
};

/** `AddN`: sum of same-shaped tensors. */
export const addNKernel: CpuKernel = (b, inputs) => {
  const first = inputs[0];
  const o = allocArray(first.dtype, sizeOf(first.shape));
  for (const t of inputs) {
    const v = b.data(t);
    for (let i = 0; i < o.length; i++) o[i] += v[i];
  }
  return b.output(o, first.shape, first.dtype);
};

export type { TensorInfo };
