import { allocArray } from '../../core/dtype.js';
import { sizeOf, stridesOf } from '../../core/shape.js';
import type { CpuKernel } from './cpu-backend.js';

/** `Transpose` {perm}: output dim i is input dim perm[i]. Iterates the output with an odometer. */
export const transposeKernel: CpuKernel = (b, [x], attrs) => {
  const perm = attrs.perm as number[];
  const v = b.data(x);
  const rank = x.shape.length;
  const outShape = perm.map((p) => x.shape[p]);
  const o = allocArray(x.dtype, v.length);
  if (v.length === 0) return b.output(o, outShape, x.dtype);
  const inStrides = stridesOf(x.shape);
  const step = perm.map((p) => inStrides[p]); // input stride of each output dim
  const inner = outShape[rank - 1] ?? 1;
  const innerStep = step[rank - 1] ?? 1;
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let out = 0; out < o.length; out += inner) {
    for (let j = 0, s = src; j < inner; j++, s += innerStep) o[out + j] = v[s];
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      src += step[d];
      if (idx[d] < outShape[d]) break;
      src -= step[d] * outShape[d];
      idx[d] = 0;
    }
  }
  return b.output(o, outShape, x.dtype);
};

/** `Slice` {begin, size}: copies contiguous inner rows. */
export const sliceKernel: CpuKernel = (b, [x], attrs) => {
  const begin = attrs.begin as number[];
  const size = attrs.size as number[];
  const v = b.data(x);
  const rank = x.shape.length;
  const o = allocArray(x.dtype, sizeOf(size));
  if (o.length === 0) return b.output(o, size, x.dtype);
  if (rank === 0) { o[0] = v[0]; return b.output(o, size, x.dtype); }
  const strides = stridesOf(x.shape);
  let src = 0;
  for (let d = 0; d < rank; d++) src += begin[d] * strides[d];
  const inner = size[rank - 1];
  const idx = new Array<number>(rank).fill(0);
  for (let out = 0; out < o.length; out += inner) {
    o.set(v.subarray(src, src + inner), out);
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      src += strides[d];
      if (idx[d] < size[d]) break;
      src -= strides[d] * size[d];
      idx[d] = 0;
    }
  }
  return b.output(o, size, x.dtype);
};

/** `Concat` of [outer, inner_i] inputs along axis 1. */
export const concatKernel: CpuKernel = (b, inputs) => {
  const outer = inputs[0].shape[0];
  const widths = inputs.map((t) => t.shape[1]);
  const total = widths.reduce((a, c) => a + c, 0);
  const dtype = inputs[0].dtype;
  const o = allocArray(dtype, outer * total);
  let col = 0;
  inputs.forEach((t, i) => {
    const v = b.data(t);
    const w = widths[i];
    for (let r = 0; r < outer; r++) o.set(v.subarray(r * w, r * w + w), r * total + col);
    col += w;
  });
  return b.output(o, [outer, total], dtype);
};

/** `Pad` {paddings, constantValue}: fill, then copy each inner row into place. */
export const padKernel: CpuKernel = (b, [x], attrs) => {
  const paddings = attrs.paddings as [number, number][];
  const value = attrs.constantValue as number;
  const v = b.data(x);
  const rank = x.shape.length;
  const outShape = x.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
  const o = allocArray(x.dtype, sizeOf(outShape));
  if (value !== 0) o.fill(value);
  if (v.length === 0 || rank === 0) {
    if (rank === 0) o[0] = v[0];
    return b.output(o, outShape, x.dtype);
  }
  const outStrides = stridesOf(outShape);
  let dst = 0;
  for (let d = 0; d < rank; d++) dst += paddings[d][0] * outStrides[d];
  const inner = x.shape[rank - 1];
  const idx = new Array<number>(rank).fill(0);
  for (let src = 0; src < v.length; src += inner) {
    o.set(v.subarray(src, src + inner), dst);
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      dst += outStrides[d];
      if (idx[d] < x.shape[d]) break;
      dst -= outStrides[d] * x.shape[d];
      idx[d] = 0;
    }
  }
  return b.output(o, outShape, x.dtype);
};

/** `Gather`: x [outer, n, inner], indices [m] → [outer, m, inner]. */
export const gatherKernel: CpuKernel = (b, [x, indices]) => {
  const [outer, n, inner] = x.shape;
  const v = b.data(x);
  const idx = b.data(indices);
  const m = idx.length;
  const o = allocArray(x.dtype, outer * m * inner);
  for (let r = 0; r < outer; r++) {
    for (let j = 0; j < m; j++) {
      const src = (r * n + idx[j]) * inner;
      o.set(v.subarray(src, src + inner), (r * m + j) * inner);
    }
  }
  return b.output(o, [outer, m, inner], x.dtype);
};

/** `Tile` {reps}: output[i] = x[i mod shape]. Builds the innermost dim, then repeats blocks outward. */
export const tileKernel: CpuKernel = (b, [x], attrs) => {
  const reps = attrs.reps as number[];
  const v = b.data(x);
  const rank = x.shape.length;
  const outShape = x.shape.map((d, i) => d * reps[i]);
  const o = allocArray(x.dtype, sizeOf(outShape));
  if (o.length === 0) return b.output(o, outShape, x.dtype);
  if (rank === 0) { o[0] = v[0]; return b.output(o, outShape, x.dtype); }
  const outStrides = stridesOf(outShape);
  const inStrides = stridesOf(x.shape);
  // Recursive copy: for dim d, place each input slice, then replicate the filled block reps[d] times.
  const fill = (d: number, src: number, dst: number): void => {
    const dimIn = x.shape[d];
    if (d === rank - 1) {
      for (let i = 0; i < dimIn; i++) o[dst + i] = v[src + i];
    } else {
      for (let i = 0; i < dimIn; i++) fill(d + 1, src + i * inStrides[d], dst + i * outStrides[d]);
    }
    const block = dimIn * outStrides[d];
    for (let r = 1; r < reps[d]; r++) o.copyWithin(dst + r * block, dst, dst + block);
  };
  fill(0, 0, 0);
  return b.output(o, outShape, x.dtype);
};

/** `OneHot` {depth, onValue, offValue, dtype}: indices out of [0, depth) give an all-off row. */
export const oneHotKernel: CpuKernel = (b, [indices], attrs) => {
  const depth = attrs.depth as number;
  const on = attrs.onValue as number, off = attrs.offValue as number;
  const dtype = (attrs.dtype as 'float32' | 'int32' | undefined) ?? 'int32';
  const idx = b.data(indices);
  const o = allocArray(dtype, idx.length * depth);
  if (off !== 0) o.fill(off);
  for (let i = 0; i < idx.length; i++) {
    const k = idx[i];
    if (k >= 0 && k < depth) o[i * depth + k] = on;
  }
  return b.output(o, [...indices.shape, depth], dtype);
};
