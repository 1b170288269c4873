import { allocArray } from '../../core/dtype.js';
import { sizeOf, stridesOf } from '../../core/shape.js';
import type { CpuKernel } from './cpu-backend.js';

/** `Cumsum` over the middle axis of [outer, n, inner]. */
export const cumsumKernel: CpuKernel = (b, [x], attrs) => {
  const [outer, n, inner] = x.shape;
  const exclusive = attrs.exclusive as boolean, reverse = attrs.reverse as boolean;
  const v = b.data(x);
  const o = allocArray(x.dtype, v.length);
  for (let r = 0; r < outer; r++) {
    for (let j = 0; j < inner; j++) {
      let acc = 0;
      for (let s = 0; s < n; s++) {
        const k = reverse ? n - 1 - s : s;
        const at = (r * n + k) * inner + j;
        if (exclusive) { o[at] = acc; acc += v[at]; } else { acc += v[at]; o[at] = acc; }
      }
    }
  }
  return b.output(o, x.shape, x.dtype);
};

/**
 * Shared by Reverse and StridedSlice: output index i along axis d reads begin[d] + i·step[d].
 * Walks the output with an odometer, the source offset advancing by the input strides.
 */
function stridedCopy(
  v: ArrayLike<number>, inShape: readonly number[], begin: number[], step: number[], outShape: number[], o: { [i: number]: number; length: number },
): void {
  const rank = inShape.length;
  if (o.length === 0) return;
  if (rank === 0) { o[0] = v[0]; return; }
  const inStrides = stridesOf(inShape);
  let src = 0;
  for (let d = 0; d < rank; d++) src += begin[d] * inStrides[d];
  const move = step.map((s, d) => s * inStrides[d]);
  const idx = new Array<number>(rank).fill(0);
  const inner = outShape[rank - 1], innerMove = move[rank - 1];
  for (let out = 0; out < o.length; out += inner) {
    for (let j = 0, s = src; j < inner; j++, s += innerMove) o[out + j] = v[s];
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      src += move[d];
      if (idx[d] < outShape[d]) break;
      src -= move[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

/** `Reverse` {axes}. */
export const reverseKernel: CpuKernel = (b, [x], attrs) => {
  const axes = attrs.axes as number[];
  const o = allocArray(x.dtype, sizeOf(x.shape));
  const begin = x.shape.map((d, i) => (axes.includes(i) ? d - 1 : 0));
  const step = x.shape.map((_, i) => (axes.includes(i) ? -1 : 1));
  stridedCopy(b.data(x), x.shape, begin, step, x.shape.slice(), o);
  return b.output(o, x.shape, x.dtype);
};

/** `StridedSlice` {begin, strides, size} (normalised by the front end). */
export const stridedSliceKernel: CpuKernel = (b, [x], attrs) => {
  const size = attrs.size as number[];
  const o = allocArray(x.dtype, sizeOf(size));
  stridedCopy(b.data(x), x.shape, attrs.begin as number[], attrs.strides as number[], size, o);
  return b.output(o, size, x.dtype);
};

/** `MirrorPad` {paddings, mode}: each output coordinate maps back into the input by reflection. */
export const mirrorPadKernel: CpuKernel = (b, [x], attrs) => {
  const paddings = attrs.paddings as [number, number][];
  const offset = attrs.mode === 'reflect' ? 0 : 1;
  const v = b.data(x);
  const rank = x.shape.length;
  const outShape = x.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
  const o = allocArray(x.dtype, sizeOf(outShape));
  const inStrides = stridesOf(x.shape);
  // Precompute, per axis, the input coordinate of every output coordinate.
  const maps = outShape.map((n, d) => {
    const m = new Int32Array(n);
    const size = x.shape[d], before = paddings[d][0];
    for (let i = 0; i < n; i++) {
      let c = i - before;
      if (c < 0) c = -c - offset;
      else if (c >= size) c = 2 * size - c - 2 + offset;
      m[i] = c * inStrides[d];
    }
    return m;
  });
  const idx = new Array<number>(rank).fill(0);
  for (let out = 0; out < o.length; out++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += maps[d][idx[d]];
    o[out] = v[src];
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return b.output(o, outShape, x.dtype);
};

/** `GatherNd`: x [...k batch dims, ...slice], indices [n, k] → [n, sliceSize]. */
export const gatherNdKernel: CpuKernel = (b, [x, indices]) => {
  const [n, k] = indices.shape;
  const strides = stridesOf(x.shape);
  const sliceSize = sizeOf(x.shape.slice(k));
  const v = b.data(x), idx = b.data(indices);
  const o = allocArray(x.dtype, n * sliceSize);
  for (let i = 0; i < n; i++) {
    let src = 0;
    for (let j = 0; j < k; j++) src += idx[i * k + j] * strides[j];
    o.set(v.subarray(src, src + sliceSize), i * sliceSize);
  }
  return b.output(o, [n, sliceSize], x.dtype);
};

/** `ScatterNd` {shape}: zeros of `shape` plus each update row at its index. */
export const scatterNdKernel: CpuKernel = (b, [indices, updates], attrs) => {
  const shape = attrs.shape as number[];
  const [n, k] = indices.shape;
  const strides = stridesOf(shape);
  const sliceSize = sizeOf(shape.slice(k));
  const idx = b.data(indices), u = b.data(updates);
  const o = allocArray(updates.dtype, sizeOf(shape));
  for (let i = 0; i < n; i++) {
    let dst = 0;
    for (let j = 0; j < k; j++) dst += idx[i * k + j] * strides[j];
    for (let e = 0; e < sliceSize; e++) o[dst + e] += u[i * sliceSize + e];
  }
  return b.output(o, shape, updates.dtype);
};

/** `LRN` over the channels of NHWC input. */
export const lrnKernel: CpuKernel = (b, [x], attrs) => {
  const r = attrs.depthRadius as number, bias = attrs.bias as number, alpha = attrs.alpha as number, beta = attrs.beta as number;
  const C = x.shape[x.shape.length - 1];
  const v = b.data(x);
  const o = new Float32Array(v.length);
  for (let base = 0; base < v.length; base += C) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      const lo = Math.max(0, c - r), hi = Math.min(C - 1, c + r);
      for (let k = lo; k <= hi; k++) s += v[base + k] * v[base + k];
      o[base + c] = v[base + c] * Math.pow(bias + alpha * s, -beta);
    }
  }
  return b.output(o, x.shape, 'float32');
};

/** `CropAndResize` with TensorFlow's sampling (extrapolation value outside the image). */
export const cropAndResizeKernel: CpuKernel = (b, [image, boxes, boxInd], attrs) => {
  const [, imH, imW, C] = image.shape;
  const ch = attrs.cropHeight as number, cw = attrs.cropWidth as number;
  const nearest = attrs.method === 'nearest';
  const extra = attrs.extrapolationValue as number;
  const img = b.data(image), bx = b.data(boxes), bi = b.data(boxInd);
  const n = boxes.shape[0];
  const o = new Float32Array(n * ch * cw * C);
  for (let i = 0; i < n; i++) {
    const y1 = bx[i * 4], x1 = bx[i * 4 + 1], y2 = bx[i * 4 + 2], x2 = bx[i * 4 + 3];
    const bIdx = bi[i];
    const hScale = ch > 1 ? ((y2 - y1) * (imH - 1)) / (ch - 1) : 0;
    const wScale = cw > 1 ? ((x2 - x1) * (imW - 1)) / (cw - 1) : 0;
    for (let y = 0; y < ch; y++) {
      const inY = ch > 1 ? y1 * (imH - 1) + y * hScale : 0.5 * (y1 + y2) * (imH - 1);
      for (let x = 0; x < cw; x++) {
        const out = (((i * ch + y) * cw + x) * C);
        const inX = cw > 1 ? x1 * (imW - 1) + x * wScale : 0.5 * (x1 + x2) * (imW - 1);
        if (inY < 0 || inY > imH - 1 || inX < 0 || inX > imW - 1) {
          for (let c = 0; c < C; c++) o[out + c] = extra;
          continue;
        }
        if (nearest) {
          const sy = Math.round(inY), sx = Math.round(inX);
          const src = ((bIdx * imH + sy) * imW + sx) * C;
          for (let c = 0; c < C; c++) o[out + c] = img[src + c];
          continue;
        }
        const top = Math.floor(inY), bottom = Math.ceil(inY), left = Math.floor(inX), right = Math.ceil(inX);
        const dy = inY - top, dx = inX - left;
        const tl = ((bIdx * imH + top) * imW + left) * C, tr = ((bIdx * imH + top) * imW + right) * C;
        const bl = ((bIdx * imH + bottom) * imW + left) * C, br = ((bIdx * imH + bottom) * imW + right) * C;
        for (let c = 0; c < C; c++) {
          const t = img[tl + c] + (img[tr + c] - img[tl + c]) * dx;
          const bo = img[bl + c] + (img[br + c] - img[bl + c]) * dx;
          o[out + c] = t + (bo - t) * dy;
        }
      }
    }
  }
  return b.output(o, [n, ch, cw, C], 'float32');
};
