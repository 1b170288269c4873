import { allocArray } from '../../core/dtype.js';
import type { CpuKernel } from './cpu-backend.js';

/**
 * `ResizeBilinear` and `ResizeNearestNeighbor` [x NHWC] {newHeight, newWidth, alignCorners,
 * halfPixelCenters}, with TF.js' coordinate rules:
 *
 * - scale = in/out, or (in−1)/(out−1) with alignCorners when out > 1;
 * - bilinear source coordinate: scale·(o + ½) − ½ with halfPixelCenters, else scale·o; the lower
 *   neighbour is max(0, floor(src)), the upper min(in−1, ceil(src)), the weight src − lower;
 * - nearest source index: scale·(o + ½) with halfPixelCenters, else scale·o; rounded with
 *   Math.round when alignCorners, else floored; clamped to in−1 (and to ≥ 0 with
 *   halfPixelCenters).
 *
 * Source indices and weights depend only on the output row or column, so they are computed once
 * per axis before the loops.
 */

function scaleOf(inSize: number, outSize: number, alignCorners: boolean): number {
  return alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
}

export const resizeBilinearKernel: CpuKernel = (backend, [xInfo], attrs) => {
  const newH = attrs.newHeight as number, newW = attrs.newWidth as number;
  const alignCorners = Boolean(attrs.alignCorners), halfPixel = Boolean(attrs.halfPixelCenters);
  const [batch, inH, inW, C] = xInfo.shape;
  const x = backend.data(xInfo);
  const out = new Float32Array(batch * newH * newW * C);
  const outShape = [batch, newH, newW, C];
  if (out.length === 0) return backend.output(out, outShape, 'float32');

  const axis = (inSize: number, outSize: number) => {
    const scale = scaleOf(inSize, outSize, alignCorners);
    const lo = new Int32Array(outSize), hi = new Int32Array(outSize), frac = new Float64Array(outSize);
    for (let o = 0; o < outSize; o++) {
      const src = halfPixel ? scale * (o + 0.5) - 0.5 : scale * o;
      const l = Math.max(0, Math.floor(src));
      lo[o] = l;
      hi[o] = Math.min(inSize - 1, Math.ceil(src));
      frac[o] = src - l;
    }
    return { lo, hi, frac };
  };
  const rows = axis(inH, newH), cols = axis(inW, newW);
  // Column offsets in elements, hoisted out of the row loop.
  const colLo = new Int32Array(newW), colHi = new Int32Array(newW);
  for (let c = 0; c < newW; c++) { colLo[c] = cols.lo[c] * C; colHi[c] = cols.hi[c] * C; }

  let o = 0;
  for (let b = 0; b < batch; b++) {
    const base = b * inH * inW * C;
    for (let r = 0; r < newH; r++) {
      const top = base + rows.lo[r] * inW * C;
      const bot = base + rows.hi[r] * inW * C;
      const ry = rows.frac[r];
      for (let c = 0; c < newW; c++) {
        const tl = top + colLo[c], tr = top + colHi[c], bl = bot + colLo[c], br = bot + colHi[c];
        const rx = cols.frac[c];
        for (let d = 0; d < C; d++) {
          const t = x[tl + d] + (x[tr + d] - x[tl + d]) * rx;
          const btm = x[bl + d] + (x[br + d] - x[bl + d]) * rx;
          out[o++] = t + (btm - t) * ry;
        }
      }
    }
  }
  return backend.output(out, outShape, 'float32');
};

export const resizeNearestKernel: CpuKernel = (backend, [xInfo], attrs) => {
  const newH = attrs.newHeight as number, newW = attrs.newWidth as number;
  const alignCorners = Boolean(attrs.alignCorners), halfPixel = Boolean(attrs.halfPixelCenters);
  const [batch, inH, inW, C] = xInfo.shape;
  const x = backend.data(xInfo);
  const out = allocArray(xInfo.dtype, batch * newH * newW * C);
  const outShape = [batch, newH, newW, C];
  if (out.length === 0) return backend.output(out, outShape, xInfo.dtype);

  const axis = (inSize: number, outSize: number) => {
    const scale = scaleOf(inSize, outSize, alignCorners);
    const idx = new Int32Array(outSize);
    for (let o = 0; o < outSize; o++) {
      const src = halfPixel ? scale * (o + 0.5) : scale * o;
      let i = Math.min(inSize - 1, alignCorners ? Math.round(src) : Math.floor(src));
      if (halfPixel) i = Math.max(0, i);
      idx[o] = i;
    }
    return idx;
  };
  const rowIdx = axis(inH, newH), colIdx = axis(inW, newW);

  let o = 0;
  for (let b = 0; b < batch; b++) {
    const base = b * inH * inW * C;
    for (let r = 0; r < newH; r++) {
      const rowOff = base + rowIdx[r] * inW * C;
      for (let c = 0; c < newW; c++) {
        const s = rowOff + colIdx[c] * C;
        for (let d = 0; d < C; d++) out[o++] = x[s + d];
      }
    }
  }
  return backend.output(out, outShape, xInfo.dtype);
};
