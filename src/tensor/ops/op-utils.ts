import type { KernelAttrs } from '../../core/backend.js';
import { upcastType, type DType } from '../../core/dtype.js';
import { broadcastShapes, normalizeAxis } from '../../core/shape.js';
import { describeValue, raise } from '../../errors/index.js';
import { toTensor, type TensorLike } from '../convert.js';
import { ENGINE } from '../engine.js';
import type { Tensor } from '../tensor.js';

/** Runs a one-output kernel. */
export function run(kernel: string, inputs: Tensor[], attrs: KernelAttrs, op: string): Tensor {
  return ENGINE.runKernel(kernel, inputs, attrs, op)[0];
}

/** Throws the standard engine message: `op: param <expected>, got <got>`. */
export function badArg(op: string, param: string, expected: string, got: string): never {
  return raise('op.badArgument', { op, param, expected, got });
}

/** `rank 3 (shape [3,3,3])` */
export function rankDesc(t: Tensor): string {
  return `rank ${t.rank} (shape [${t.shape.join(',')}])`;
}

/** Checks a tensor has one of the allowed ranks. */
export function checkRank(op: string, param: string, t: Tensor, ranks: number | number[]): void {
  const allowed = Array.isArray(ranks) ? ranks : [ranks];
  if (!allowed.includes(t.rank)) {
    badArg(op, param, `must have rank ${allowed.join(' or ')}`, rankDesc(t));
  }
}

/** Checks an integer argument within [min, max]. */
export function checkInt(op: string, param: string, v: unknown, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = min === -Infinity ? '' : max === Infinity ? ` ≥ ${min}` : ` in [${min}, ${max}]`;
    badArg(op, param, `must be an integer${range}`, describeValue(v));
  }
  return v;
}

/** Checks a finite number argument. */
export function checkNumber(op: string, param: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) badArg(op, param, 'must be a number', describeValue(v));
  return v;
}

/** Normalises one axis (negative counts from the end). */
export function checkAxis(op: string, axis: unknown, rank: number, param = 'axis'): number {
  const a = typeof axis === 'number' ? normalizeAxis(axis, rank) : -1;
  if (a < 0) badArg(op, param, `must be an integer in [${-rank}, ${rank - 1}] for a tensor of rank ${rank}`, describeValue(axis));
  return a;
}

/** Normalises an axis list (or all axes when undefined), sorted and without repeats. */
export function checkAxes(op: string, axis: number | number[] | undefined | null, rank: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = Array.isArray(axis) ? axis : [axis];
  const out = list.map((a) => checkAxis(op, a, rank));
  const uniq = [...new Set(out)].sort((x, y) => x - y);
  if (uniq.length !== out.length) badArg(op, 'axis', 'must not repeat an axis', `[${list.join(',')}]`);
  return uniq;
}

/** Converts two operands and gives them one dtype (float32 > int32 > bool). */
export function binaryOperands(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor] {
  const hintA = (a as Tensor)?.dtype as DType | undefined;
  const hintB = (b as Tensor)?.dtype as DType | undefined;
  let A = toTensor(a, 'a', op, hintB);
  let B = toTensor(b, 'b', op, hintA);
  const dtype = upcastType(A.dtype, B.dtype);
  if (A.dtype !== dtype) A = cast(A, dtype);
  if (B.dtype !== dtype) B = cast(B, dtype);
  return [A, B];
}

/** The broadcast shape of two tensors, or the catalog error. */
export function broadcastOrThrow(op: string, a: readonly number[], b: readonly number[]): number[] {
  const r = broadcastShapes(a, b);
  if ('clash' in r) {
    raise('op.shapesNotBroadcastable', { op, a: a.join(','), b: b.join(','), dim: r.clash.dim, da: r.clash.da, db: r.clash.db });
  }
  return r.shape;
}

/** Casts to a dtype (a no-op returning the same tensor when it already has it). */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return run('Cast', [x], { dtype }, 'cast');
}

/** float32 view of x for float-only math (ints and bools are converted). */
export function asFloat(x: Tensor): Tensor {
  return x.dtype === 'float32' ? x : cast(x, 'float32');
}
