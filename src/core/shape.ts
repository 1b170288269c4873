/** Shape arithmetic shared by every layer. Pure functions, no tensors. */

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major strides of a shape, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  return strides;
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The broadcast shape of two shapes (numpy rules), or a description of the first clash.
 * Returns `{ shape }` or `{ clash: { dim, da, db } }` with `dim` counted from 0 in the output.
 */
export function broadcastShapes(
  a: readonly number[],
  b: readonly number[],
): { shape: number[] } | { clash: { dim: number; da: number; db: number } } {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return { clash: { dim: i, da, db } };
  }
  return { shape: out };
}

/** Strides of `shape` seen through `outShape` (0 where a dimension is broadcast). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = stridesOf(shape);
  const offset = outShape.length - shape.length;
  const out = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) out[i + offset] = shape[i] === 1 ? 0 : strides[i];
  return out;
}

/** Normalises a possibly negative axis for a tensor of `rank`; returns -1 when out of range. */
export function normalizeAxis(axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) return -1;
  return axis < 0 ? axis + rank : axis;
}

/** `[0, 1, …, n-1]`. */
export function iota(n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
