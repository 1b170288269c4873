import type { Conv2DInfo, Conv3DInfo } from '../../core/conv-util.js';
import { im2col, isPointwise } from './conv.js';
import type { TypedArray } from '../../core/dtype.js';
import type { CpuBackend, CpuKernel } from './cpu-backend.js';
import type { TensorInfo } from '../../core/backend.js';
import { gemm } from './gemm.js';

/**
 * Backward kernels: the gradients of convolutions, pools, resizes, LRN and cropAndResize that are
 * not themselves forward kernels (contracts: core/kernels.ts, BACKWARD_KERNELS). Autograd's rules
 * (src/autograd/gradients/conv.ts) call them.
 *
 * Every kernel here returns float32 and allocates its output plus O(1) scratch arrays per call
 * (never per element). Results that sum many contributions into one cell (filter gradients,
 * scatters back onto an image) are accumulated in float64 and rounded once; the filter gradient
 * of Conv2D and Conv3D is a GEMM (im2colᵀ · dy) over tiles of output rows.
 */

/** Upper bound on the floats of one im2col tile (as in conv.ts: about 1 MiB). */
const COL_TILE_FLOATS = 1 << 18;

/** Output rows per tile so that `rows · rowFloats` stays within the tile budget (at least 1). */
function tileRows(rowFloats: number, totalRows: number): number {
  return Math.max(1, Math.min(totalRows, Math.floor(COL_TILE_FLOATS / Math.max(1, rowFloats))));
}

/** The values as float32 (GEMM takes float32 operands). */
function asFloat32(v: TypedArray): Float32Array {
  return v instanceof Float32Array ? v : Float32Array.from(v);
}

/** Rounds a float64 accumulator into a float32 kernel output. */
function out32(backend: CpuBackend, acc: Float64Array, shape: number[]): TensorInfo {
  return backend.output(new Float32Array(acc), shape, 'float32');
}

/** The first of `k` filter taps (spaced `d`, the first at `start`) that lands inside [0, size). */
function tapStart(start: number, d: number): number {
  return start >= 0 ? 0 : Math.ceil(-start / d);
}

/** One past the last such tap (never below tapStart, so an empty range loops zero times). */
function tapEnd(start: number, k: number, d: number, size: number): number {
  return Math.max(tapStart(start, d), Math.min(k, Math.floor((size - 1 - start) / d) + 1));
}

// ---- Conv2D filter gradient -------------------------------------------------------------------

// isPointwise and im2col are the forward convolution's (conv.ts): same column layout.

/**
 * `Conv2DBackpropFilter` [x, dy] {info} → dW [fh, fw, inC, outC]: dW = Σ over tiles of
 * im2col(x)ᵀ · dy, one GEMM per tile of output rows, accumulating into dW.
 */
export const conv2DBackpropFilterKernel: CpuKernel = (backend, [xInfo, dyInfo], attrs) => {
  const info = attrs.info as Conv2DInfo;
  const { batch, inH, inW, inC, outH, outW, outC, filterH: fh, filterW: fw } = info;
  const K = fh * fw * inC;
  const shape = [fh, fw, inC, outC];
  const dw = new Float32Array(K * outC);
  if (dw.length === 0 || batch * outH * outW === 0) return backend.output(dw, shape, 'float32');
  const x = asFloat32(backend.data(xInfo));
  const dy = asFloat32(backend.data(dyInfo));

  if (isPointwise(info)) {
    // dW [inC, outC] = xᵀ · dy over every pixel of the batch.
    gemm(inC, outC, batch * inH * inW, x, 0, inC, true, dy, 0, outC, false, dw, 0, outC, false);
    return backend.output(dw, shape, 'float32');
  }

  const rowsPerTile = tileRows(outW * K, outH);
  const col = new Float32Array(rowsPerTile * outW * K);
  const xImage = inH * inW * inC;
  let first = true;
  for (let b = 0; b < batch; b++) {
    for (let oh0 = 0; oh0 < outH; oh0 += rowsPerTile) {
      const rows = Math.min(rowsPerTile, outH - oh0);
      const M = rows * outW;
      im2col(x, b * xImage, info, oh0, rows, col);
      // col is [M, K]; as a transposed left operand it is the K×M matrix colᵀ (lda = K).
      gemm(K, outC, M, col, 0, K, true, dy, (b * outH + oh0) * outW * outC, outC, false, dw, 0, outC, !first);
      first = false;
    }
  }
  return backend.output(dw, shape, 'float32');
};

// ---- depthwise gradients ----------------------------------------------------------------------

/**
 * `DepthwiseConv2dNativeBackpropInput` [dy, filter] {info} → dx [batch, inH, inW, inC]:
 * dx[ih, iw, c] = Σ over the output pixels and taps reading it of Σ_m dy[.., c·mult + m] · w[kh, kw, c, m].
 */
export const depthwiseBackpropInputKernel: CpuKernel = (backend, [dyInfo, fInfo], attrs) => {
  const info = attrs.info as Conv2DInfo;
  const { batch, inH, inW, inC, outH, outW, outC, filterH: fh, filterW: fw, channelMultiplier: mult } = info;
  const { strideH, strideW, dilationH, dilationW, padTop, padLeft } = info;
  const shape = [batch, inH, inW, inC];
  const acc = new Float64Array(batch * inH * inW * inC);
  if (acc.length === 0 || outH * outW * outC === 0) return out32(backend, acc, shape);
  const dy = backend.data(dyInfo), w = backend.data(fInfo);
  const xRow = inW * inC;
  for (let b = 0; b < batch; b++) {
    const xOff = b * inH * xRow;
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * strideH - padTop;
      const khS = tapStart(ih0, dilationH), khE = tapEnd(ih0, fh, dilationH, inH);
      for (let ow = 0; ow < outW; ow++) {
        const iw0 = ow * strideW - padLeft;
        const kwS = tapStart(iw0, dilationW), kwE = tapEnd(iw0, fw, dilationW, inW);
        const o = ((b * outH + oh) * outW + ow) * outC;
        for (let kh = khS; kh < khE; kh++) {
          const rowOff = xOff + (ih0 + kh * dilationH) * xRow;
          for (let kw = kwS; kw < kwE; kw++) {
            const s = rowOff + (iw0 + kw * dilationW) * inC;
            const wb = (kh * fw + kw) * outC;
            if (mult === 1) {
              for (let c = 0; c < inC; c++) acc[s + c] += dy[o + c] * w[wb + c];
            } else {
              for (let c = 0, oc = 0; c < inC; c++) {
                let t = 0;
                for (let m = 0; m < mult; m++, oc++) t += dy[o + oc] * w[wb + oc];
                acc[s + c] += t;
              }
            }
          }
        }
      }
    }
  }
  return out32(backend, acc, shape);
};

/**
 * `DepthwiseConv2dNativeBackpropFilter` [x, dy] {info} → dW [fh, fw, inC, mult]:
 * dW[kh, kw, c, m] = Σ over the batch and output pixels of x[tap] · dy[.., c·mult + m].
 */
export const depthwiseBackpropFilterKernel: CpuKernel = (backend, [xInfo, dyInfo], attrs) => {
  const info = attrs.info as Conv2DInfo;
  const { batch, inH, inW, inC, outH, outW, outC, filterH: fh, filterW: fw, channelMultiplier: mult } = info;
  const { strideH, strideW, dilationH, dilationW, padTop, padLeft } = info;
  const shape = [fh, fw, inC, mult];
  const acc = new Float64Array(fh * fw * outC);
  if (acc.length === 0 || batch * outH * outW === 0) return out32(backend, acc, shape);
  const x = backend.data(xInfo), dy = backend.data(dyInfo);
  const xRow = inW * inC;
  for (let b = 0; b < batch; b++) {
    const xOff = b * inH * xRow;
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * strideH - padTop;
      const khS = tapStart(ih0, dilationH), khE = tapEnd(ih0, fh, dilationH, inH);
      for (let ow = 0; ow < outW; ow++) {
        const iw0 = ow * strideW - padLeft;
        const kwS = tapStart(iw0, dilationW), kwE = tapEnd(iw0, fw, dilationW, inW);
        const o = ((b * outH + oh) * outW + ow) * outC;
        for (let kh = khS; kh < khE; kh++) {
          const rowOff = xOff + (ih0 + kh * dilationH) * xRow;
          for (let kw = kwS; kw < kwE; kw++) {
            const s = rowOff + (iw0 + kw * dilationW) * inC;
            const wb = (kh * fw + kw) * outC;
            if (mult === 1) {
              for (let c = 0; c < inC; c++) acc[wb + c] += x[s + c] * dy[o + c];
            } else {
              for (let c = 0, oc = 0; c < inC; c++) {
                const xv = x[s + c];
                for (let m = 0; m < mult; m++, oc++) acc[wb + oc] += xv * dy[o + oc];
              }
            }
          }
        }
      }
    }
  }
  return out32(backend, acc, shape);
};

// ---- 2-D pools --------------------------------------------------------------------------------

/**
 * Finds, for one output pixel, the flat input index of each channel's maximum: the first maximum in
 * window order (row-major taps), a NaN winning as in the forward pool (the first NaN). -1 when the
 * window has no real cell. `best`/`at` are scratch rows of length C.
 */
function windowArgmax2D(
  x: TypedArray, xOff: number, info: Conv2DInfo, oh: number, ow: number, best: Float64Array, at: Int32Array,
): void {
  const { inH, inW, inC: C, filterH: fh, filterW: fw, strideH, strideW, dilationH, dilationW, padTop, padLeft } = info;
  const ih0 = oh * strideH - padTop, iw0 = ow * strideW - padLeft;
  const khS = tapStart(ih0, dilationH), khE = tapEnd(ih0, fh, dilationH, inH);
  const kwS = tapStart(iw0, dilationW), kwE = tapEnd(iw0, fw, dilationW, inW);
  best.fill(-Infinity);
  at.fill(-1);
  const xRow = inW * C;
  for (let kh = khS; kh < khE; kh++) {
    const rowOff = xOff + (ih0 + kh * dilationH) * xRow;
    for (let kw = kwS; kw < kwE; kw++) {
      const s = rowOff + (iw0 + kw * dilationW) * C;
      for (let c = 0; c < C; c++) {
        const v = x[s + c], m = best[c];
        // Once the best is NaN it stays (first NaN wins); otherwise a larger value or a NaN takes over.
        if (at[c] < 0 || (m === m && (v > m || v !== v))) { best[c] = v; at[c] = s + c; }
      }
    }
  }
}

/**
 * `MaxPoolGrad` [dy, x] {info} → dx shaped like x: each dy value goes to the first maximum of its
 * window (TensorFlow's rule; windows that overlap add up).
 */
export const maxPoolGradKernel: CpuKernel = (backend, [dyInfo, xInfo], attrs) => {
  const info = attrs.info as Conv2DInfo;
  const { batch, inH, inW, inC: C, outH, outW } = info;
  const shape = [batch, inH, inW, C];
  const acc = new Float64Array(batch * inH * inW * C);
  if (acc.length === 0 || outH * outW === 0) return out32(backend, acc, shape);
  const x = backend.data(xInfo), dy = backend.data(dyInfo);
  const best = new Float64Array(C), at = new Int32Array(C);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const xOff = b * inH * inW * C;
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++, o += C) {
        windowArgmax2D(x, xOff, info, oh, ow, best, at);
        for (let c = 0; c < C; c++) if (at[c] >= 0) acc[at[c]] += dy[o + c];
      }
    }
  }
  return out32(backend, acc, shape);
};

/**
 * `MaxPoolGradGrad` [x, g] {info} → [batch, outH, outW, C]: g (shaped like x) read at each window's
 * first maximum; the adjoint of MaxPoolGrad in dy (second-order gradients of maxPool).
 */
export const maxPoolGradGradKernel: CpuKernel = (backend, [xInfo, gInfo], attrs) => {
  const info = attrs.info as Conv2DInfo;
  const { batch, inH, inW, inC: C, outH, outW } = info;
  const shape = [batch, outH, outW, C];
  const out = new Float32Array(batch * outH * outW * C);
  if (out.length === 0) return backend.output(out, shape, 'float32');
  const x = backend.data(xInfo), g = backend.data(gInfo);
  const best = new Float64Array(C), at = new Int32Array(C);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const xOff = b * inH * inW * C;
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++, o += C) {
        windowArgmax2D(x, xOff, info, oh, ow, best, at);
        for (let c = 0; c < C; c++) out[o + c] = at[c] >= 0 ? g[at[c]] : 0;
      }
    }
  }
  return backend.output(out, shape, 'float32');
};

/**
 * `AvgPoolGrad` [dy] {info, inShape} → dx of `inShape`: each dy value is spread evenly over the
 * real (non-padding) cells of its window, the count the forward pool divided by.
 */
export const avgPoolGradKernel: CpuKernel = (backend, [dyInfo], attrs) => {
  const info = attrs.info as Conv2DInfo;
  const { batch, inH, inW, inC: C, outH, outW, filterH: fh, filterW: fw } = info;
  const { strideH, strideW, dilationH, dilationW, padTop, padLeft } = info;
  const shape = [batch, inH, inW, C];
  const acc = new Float64Array(batch * inH * inW * C);
  if (acc.length === 0 || outH * outW === 0) return out32(backend, acc, shape);
  const dy = backend.data(dyInfo);
  const xRow = inW * C;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const xOff = b * inH * xRow;
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * strideH - padTop;
      const khS = tapStart(ih0, dilationH), khE = tapEnd(ih0, fh, dilationH, inH);
      for (let ow = 0; ow < outW; ow++, o += C) {
        const iw0 = ow * strideW - padLeft;
        const kwS = tapStart(iw0, dilationW), kwE = tapEnd(iw0, fw, dilationW, inW);
        const count = (khE - khS) * (kwE - kwS);
        if (count === 0) continue;
        const inv = 1 / count;
        for (let kh = khS; kh < khE; kh++) {
          const rowOff = xOff + (ih0 + kh * dilationH) * xRow;
          for (let kw = kwS; kw < kwE; kw++) {
            const s = rowOff + (iw0 + kw * dilationW) * C;
            for (let c = 0; c < C; c++) acc[s + c] += dy[o + c] * inv;
          }
        }
      }
    }
  }
  return out32(backend, acc, shape);
};

// ---- resizes ----------------------------------------------------------------------------------

function scaleOf(inSize: number, outSize: number, alignCorners: boolean): number {
  return alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
}

/** The forward bilinear resize's per-axis source rows/columns and weights (resize.ts). */
function bilinearAxis(inSize: number, outSize: number, alignCorners: boolean, halfPixel: boolean) {
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
}

/** The forward nearest resize's per-axis source index (resize.ts). */
function nearestAxis(inSize: number, outSize: number, alignCorners: boolean, halfPixel: boolean): Int32Array {
  const scale = scaleOf(inSize, outSize, alignCorners);
  const idx = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const src = halfPixel ? scale * (o + 0.5) : scale * o;
    let i = Math.min(inSize - 1, alignCorners ? Math.round(src) : Math.floor(src));
    if (halfPixel) i = Math.max(0, i);
    idx[o] = i;
  }
  return idx;
}

/**
 * `ResizeBilinearGrad` [dy, x] {alignCorners, halfPixelCenters} → dx shaped like x: the adjoint of
 * ResizeBilinear, each dy value split over its four source pixels with the forward's weights
 * (x supplies only the shape).
 */
export const resizeBilinearGradKernel: CpuKernel = (backend, [dyInfo, xInfo], attrs) => {
  const alignCorners = Boolean(attrs.alignCorners), halfPixel = Boolean(attrs.halfPixelCenters);
  const [batch, inH, inW, C] = xInfo.shape;
  const [, newH, newW] = dyInfo.shape;
  const shape = [batch, inH, inW, C];
  const acc = new Float64Array(batch * inH * inW * C);
  if (acc.length === 0 || newH * newW === 0) return out32(backend, acc, shape);
  const dy = backend.data(dyInfo);
  const rows = bilinearAxis(inH, newH, alignCorners, halfPixel);
  const cols = bilinearAxis(inW, newW, alignCorners, halfPixel);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const base = b * inH * inW * C;
    for (let r = 0; r < newH; r++) {
      const top = base + rows.lo[r] * inW * C, bot = base + rows.hi[r] * inW * C;
      const ry = rows.frac[r];
      for (let c = 0; c < newW; c++) {
        const rx = cols.frac[c];
        const l = cols.lo[c] * C, h = cols.hi[c] * C;
        const tl = top + l, tr = top + h, bl = bot + l, br = bot + h;
        const wtl = (1 - ry) * (1 - rx), wtr = (1 - ry) * rx, wbl = ry * (1 - rx), wbr = ry * rx;
        for (let d = 0; d < C; d++, o++) {
          const g = dy[o];
          acc[tl + d] += g * wtl;
          acc[tr + d] += g * wtr;
          acc[bl + d] += g * wbl;
          acc[br + d] += g * wbr;
        }
      }
    }
  }
  return out32(backend, acc, shape);
};

/**
 * `ResizeNearestNeighborGrad` [dy, x] {alignCorners, halfPixelCenters} → dx shaped like x: each dy
 * value added to the pixel the forward resize copied it from.
 */
export const resizeNearestGradKernel: CpuKernel = (backend, [dyInfo, xInfo], attrs) => {
  const alignCorners = Boolean(attrs.alignCorners), halfPixel = Boolean(attrs.halfPixelCenters);
  const [batch, inH, inW, C] = xInfo.shape;
  const [, newH, newW] = dyInfo.shape;
  const shape = [batch, inH, inW, C];
  const acc = new Float64Array(batch * inH * inW * C);
  if (acc.length === 0 || newH * newW === 0) return out32(backend, acc, shape);
  const dy = backend.data(dyInfo);
  const rowIdx = nearestAxis(inH, newH, alignCorners, halfPixel);
  const colIdx = nearestAxis(inW, newW, alignCorners, halfPixel);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const base = b * inH * inW * C;
    for (let r = 0; r < newH; r++) {
      const rowOff = base + rowIdx[r] * inW * C;
      for (let c = 0; c < newW; c++) {
        const s = rowOff + colIdx[c] * C;
        for (let d = 0; d < C; d++) acc[s + d] += dy[o++];
      }
    }
  }
  return out32(backend, acc, shape);
};

// ---- 3-D --------------------------------------------------------------------------------------

/**
 * Unrolls output rows [r0, r0 + rows) of one volume (a row is one (od, oh) pair, r = od·outH + oh)
 * into `col` ([pixels, fd·fh·fw·inC], the filter's row order), zeros in the padding.
 */
function im2col3D(x: Float32Array, xOff: number, c: Conv3DInfo, r0: number, rows: number, col: Float32Array): void {
  const { inD, inH, inW, inC, outH, outW, filterD: fd, filterH: fh, filterW: fw } = c;
  let d = 0;
  for (let r = r0; r < r0 + rows; r++) {
    const od = Math.floor(r / outH), oh = r - od * outH;
    const id0 = od * c.strideD - c.padFront, ih0 = oh * c.strideH - c.padTop;
    for (let ow = 0; ow < outW; ow++) {
      const iw0 = ow * c.strideW - c.padLeft;
      for (let kd = 0; kd < fd; kd++) {
        const id = id0 + kd * c.dilationD;
        const dIn = id >= 0 && id < inD;
        for (let kh = 0; kh < fh; kh++) {
          const ih = ih0 + kh * c.dilationH;
          if (!dIn || ih < 0 || ih >= inH) {
            col.fill(0, d, d + fw * inC);
            d += fw * inC;
            continue;
          }
          const rowOff = xOff + (id * inH + ih) * inW * inC;
          for (let kw = 0; kw < fw; kw++) {
            const iw = iw0 + kw * c.dilationW;
            if (iw < 0 || iw >= inW) {
              for (let k = 0; k < inC; k++) col[d++] = 0;
            } else {
              for (let s = rowOff + iw * inC, e = s + inC; s < e; s++) col[d++] = x[s];
            }
          }
        }
      }
    }
  }
}

/** `Conv3DBackpropFilter` [x, dy] {info} → dW [fd, fh, fw, inC, outC] = Σ im2col(x)ᵀ · dy (GEMM per tile). */
export const conv3DBackpropFilterKernel: CpuKernel = (backend, [xInfo, dyInfo], attrs) => {
  const c = attrs.info as Conv3DInfo;
  const { batch, inD, inH, inW, inC, outD, outH, outW, outC, filterD: fd, filterH: fh, filterW: fw } = c;
  const K = fd * fh * fw * inC;
  const shape = [fd, fh, fw, inC, outC];
  const dw = new Float32Array(K * outC);
  const outRows = outD * outH;
  if (dw.length === 0 || batch * outRows * outW === 0) return backend.output(dw, shape, 'float32');
  const x = asFloat32(backend.data(xInfo));
  const dy = asFloat32(backend.data(dyInfo));
  const rowsPerTile = tileRows(outW * K, outRows);
  const col = new Float32Array(rowsPerTile * outW * K);
  const xVolume = inD * inH * inW * inC;
  let first = true;
  for (let b = 0; b < batch; b++) {
    for (let r0 = 0; r0 < outRows; r0 += rowsPerTile) {
      const rows = Math.min(rowsPerTile, outRows - r0);
      im2col3D(x, b * xVolume, c, r0, rows, col);
      gemm(K, outC, rows * outW, col, 0, K, true, dy, (b * outRows + r0) * outW * outC, outC, false, dw, 0, outC, !first);
      first = false;
    }
  }
  return backend.output(dw, shape, 'float32');
};

/**
 * Calls `visit(o, taps, count)` for each output pixel of a 3-D pool, where `o` is the flat index of
 * its channel 0 and `taps[0..count)` the flat indices (channel 0) of the real cells of its window,
 * in window order. `taps` is one scratch array reused for every pixel.
 */
function forEachWindow3D(c: Conv3DInfo, visit: (o: number, taps: Int32Array, count: number) => void): void {
  const { batch, inD, inH, inW, inC: C, outD, outH, outW } = c;
  const taps = new Int32Array(c.filterD * c.filterH * c.filterW);
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let od = 0; od < outD; od++) {
      const id0 = od * c.strideD - c.padFront;
      const kdS = tapStart(id0, c.dilationD), kdE = tapEnd(id0, c.filterD, c.dilationD, inD);
      for (let oh = 0; oh < outH; oh++) {
        const ih0 = oh * c.strideH - c.padTop;
        const khS = tapStart(ih0, c.dilationH), khE = tapEnd(ih0, c.filterH, c.dilationH, inH);
        for (let ow = 0; ow < outW; ow++, o += C) {
          const iw0 = ow * c.strideW - c.padLeft;
          const kwS = tapStart(iw0, c.dilationW), kwE = tapEnd(iw0, c.filterW, c.dilationW, inW);
          let count = 0;
          for (let kd = kdS; kd < kdE; kd++) {
            const id = id0 + kd * c.dilationD;
            for (let kh = khS; kh < khE; kh++) {
              const rowOff = ((n * inD + id) * inH + ih0 + kh * c.dilationH) * inW;
              for (let kw = kwS; kw < kwE; kw++) taps[count++] = (rowOff + iw0 + kw * c.dilationW) * C;
            }
          }
          visit(o, taps, count);
        }
      }
    }
  }
}

/** Each channel's first maximum (first NaN wins) over the window's taps, as flat input indices. */
function argmax3D(x: TypedArray, taps: Int32Array, count: number, C: number, best: Float64Array, at: Int32Array): void {
  best.fill(-Infinity);
  at.fill(-1);
  for (let t = 0; t < count; t++) {
    const s = taps[t];
    for (let ch = 0; ch < C; ch++) {
      const v = x[s + ch], m = best[ch];
      if (at[ch] < 0 || (m === m && (v > m || v !== v))) { best[ch] = v; at[ch] = s + ch; }
    }
  }
}

/** `MaxPool3DGrad` [dy, x] {info} → dx shaped like x (each dy value to its window's first maximum). */
export const maxPool3DGradKernel: CpuKernel = (backend, [dyInfo, xInfo], attrs) => {
  const c = attrs.info as Conv3DInfo;
  const C = c.inC;
  const shape = [c.batch, c.inD, c.inH, c.inW, C];
  const acc = new Float64Array(c.batch * c.inD * c.inH * c.inW * C);
  if (acc.length === 0) return out32(backend, acc, shape);
  const x = backend.data(xInfo), dy = backend.data(dyInfo);
  const best = new Float64Array(C), at = new Int32Array(C);
  forEachWindow3D(c, (o, taps, count) => {
    argmax3D(x, taps, count, C, best, at);
    for (let ch = 0; ch < C; ch++) if (at[ch] >= 0) acc[at[ch]] += dy[o + ch];
  });
  return out32(backend, acc, shape);
};

/** `MaxPool3DGradGrad` [x, g] {info} → pooled shape: g read at each window's first maximum. */
export const maxPool3DGradGradKernel: CpuKernel = (backend, [xInfo, gInfo], attrs) => {
  const c = attrs.info as Conv3DInfo;
  const C = c.inC;
  const shape = [c.batch, c.outD, c.outH, c.outW, C];
  const out = new Float32Array(c.batch * c.outD * c.outH * c.outW * C);
  if (out.length === 0) return backend.output(out, shape, 'float32');
  const x = backend.data(xInfo), g = backend.data(gInfo);
  const best = new Float64Array(C), at = new Int32Array(C);
  forEachWindow3D(c, (o, taps, count) => {
    argmax3D(x, taps, count, C, best, at);
    for (let ch = 0; ch < C; ch++) out[o + ch] = at[ch] >= 0 ? g[at[ch]] : 0;
  });
  return backend.output(out, shape, 'float32');
};

/** `AvgPool3DGrad` [dy] {info, inShape} → dx of `inShape`: dy spread over the window's real cells. */
export const avgPool3DGradKernel: CpuKernel = (backend, [dyInfo], attrs) => {
  const c = attrs.info as Conv3DInfo;
  const C = c.inC;
  const shape = [c.batch, c.inD, c.inH, c.inW, C];
  const acc = new Float64Array(c.batch * c.inD * c.inH * c.inW * C);
  if (acc.length === 0) return out32(backend, acc, shape);
  const dy = backend.data(dyInfo);
  forEachWindow3D(c, (o, taps, count) => {
    if (count === 0) return;
    const inv = 1 / count;
    for (let t = 0; t < count; t++) {
      const s = taps[t];
      for (let ch = 0; ch < C; ch++) acc[s + ch] += dy[o + ch] * inv;
    }
  });
  return out32(backend, acc, shape);
};

// ---- LRN --------------------------------------------------------------------------------------

/**
 * `LRNGrad` [dy, x] {depthRadius, bias, alpha, beta} → dx shaped like x. With
 * N_c = bias + alpha·Σ_{|k−c|≤r} x_k² and y_c = x_c·N_c^(−β):
 * dx_j = dy_j·N_j^(−β) − 2αβ·x_j·Σ_{|c−j|≤r} dy_c·x_c·N_c^(−β−1) (the window is symmetric).
 */
export const lrnGradKernel: CpuKernel = (backend, [dyInfo, xInfo], attrs) => {
  const r = attrs.depthRadius as number, bias = attrs.bias as number, alpha = attrs.alpha as number, beta = attrs.beta as number;
  const C = xInfo.shape[xInfo.shape.length - 1];
  const x = backend.data(xInfo), dy = backend.data(dyInfo);
  const out = new Float32Array(x.length);
  if (out.length === 0) return backend.output(out, xInfo.shape, 'float32');
  const pw = new Float64Array(C); // N_c^(−β)
  const t = new Float64Array(C); // dy_c·x_c·N_c^(−β−1)
  for (let base = 0; base < x.length; base += C) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      const lo = Math.max(0, c - r), hi = Math.min(C - 1, c + r);
      for (let k = lo; k <= hi; k++) s += x[base + k] * x[base + k];
      const n = bias + alpha * s;
      pw[c] = Math.pow(n, -beta);
      t[c] = (dy[base + c] * x[base + c] * pw[c]) / n;
    }
    for (let j = 0; j < C; j++) {
      let s = 0;
      const lo = Math.max(0, j - r), hi = Math.min(C - 1, j + r);
      for (let c = lo; c <= hi; c++) s += t[c];
      out[base + j] = dy[base + j] * pw[j] - 2 * alpha * beta * x[base + j] * s;
    }
  }
  return backend.output(out, xInfo.shape, 'float32');
};

// ---- cropAndResize ----------------------------------------------------------------------------

/** Source coordinate of crop row/column `i` of `n` over [a, b] (normalised) on an axis of `size`. */
function cropCoord(a: number, b: number, i: number, n: number, size: number): number {
  return n > 1 ? a * (size - 1) + i * (((b - a) * (size - 1)) / (n - 1)) : 0.5 * (a + b) * (size - 1);
}

/**
 * `CropAndResizeGradImage` [dy, boxes, boxInd] {imageShape, method} → an image-shaped gradient:
 * the adjoint of CropAndResize in the image (samples outside the image, which take the
 * extrapolation value, send nothing back).
 */
export const cropAndResizeGradImageKernel: CpuKernel = (backend, [dyInfo, boxesInfo, boxIndInfo], attrs) => {
  const imageShape = attrs.imageShape as number[];
  const [, imH, imW, C] = imageShape;
  const nearest = attrs.method === 'nearest';
  const [n, ch, cw] = dyInfo.shape;
  const acc = new Float64Array(imageShape.reduce((p, d) => p * d, 1));
  if (acc.length === 0 || n * ch * cw * C === 0) return out32(backend, acc, [...imageShape]);
  const dy = backend.data(dyInfo), bx = backend.data(boxesInfo), bi = backend.data(boxIndInfo);
  for (let i = 0; i < n; i++) {
    const y1 = bx[i * 4], x1 = bx[i * 4 + 1], y2 = bx[i * 4 + 2], x2 = bx[i * 4 + 3];
    const img = bi[i] * imH;
    for (let y = 0; y < ch; y++) {
      const inY = cropCoord(y1, y2, y, ch, imH);
      if (inY < 0 || inY > imH - 1) continue;
      for (let x = 0; x < cw; x++) {
        const inX = cropCoord(x1, x2, x, cw, imW);
        if (inX < 0 || inX > imW - 1) continue;
        const o = ((i * ch + y) * cw + x) * C;
        if (nearest) {
          const s = ((img + Math.round(inY)) * imW + Math.round(inX)) * C;
          for (let c = 0; c < C; c++) acc[s + c] += dy[o + c];
          continue;
        }
        const top = Math.floor(inY), bottom = Math.ceil(inY), left = Math.floor(inX), right = Math.ceil(inX);
        const fy = inY - top, fx = inX - left;
        const tl = ((img + top) * imW + left) * C, tr = ((img + top) * imW + right) * C;
        const bl = ((img + bottom) * imW + left) * C, br = ((img + bottom) * imW + right) * C;
        const wtl = (1 - fy) * (1 - fx), wtr = (1 - fy) * fx, wbl = fy * (1 - fx), wbr = fy * fx;
        for (let c = 0; c < C; c++) {
          const g = dy[o + c];
          acc[tl + c] += g * wtl;
          acc[tr + c] += g * wtr;
          acc[bl + c] += g * wbl;
          acc[br + c] += g * wbr;
        }
      }
    }
  }
  return out32(backend, acc, [...imageShape]);
};

/**
 * `CropAndResizeGradBoxes` [dy, image, boxes, boxInd] {method} → [n, 4]: the gradient in the box
 * coordinates (y1, x1, y2, x2) of a bilinear crop, through the sample positions; zero for
 * 'nearest' and for samples outside the image (both piecewise constant in the box).
 */
export const cropAndResizeGradBoxesKernel: CpuKernel = (backend, [dyInfo, imageInfo, boxesInfo, boxIndInfo], attrs) => {
  const [, imH, imW, C] = imageInfo.shape;
  const [n, ch, cw] = dyInfo.shape;
  const acc = new Float64Array(n * 4);
  if (attrs.method === 'nearest' || n * ch * cw * C === 0) return out32(backend, acc, [n, 4]);
  const dy = backend.data(dyInfo), im = backend.data(imageInfo), bx = backend.data(boxesInfo), bi = backend.data(boxIndInfo);
  for (let i = 0; i < n; i++) {
    const y1 = bx[i * 4], x1 = bx[i * 4 + 1], y2 = bx[i * 4 + 2], x2 = bx[i * 4 + 3];
    const img = bi[i] * imH;
    let gy1 = 0, gx1 = 0, gy2 = 0, gx2 = 0;
    for (let y = 0; y < ch; y++) {
      const inY = cropCoord(y1, y2, y, ch, imH);
      if (inY < 0 || inY > imH - 1) continue;
      // d inY / d y1 and d inY / d y2.
      const dy1 = ch > 1 ? (imH - 1) * (1 - y / (ch - 1)) : 0.5 * (imH - 1);
      const dy2 = ch > 1 ? (imH - 1) * (y / (ch - 1)) : 0.5 * (imH - 1);
      const top = Math.floor(inY), bottom = Math.ceil(inY), fy = inY - top;
      for (let x = 0; x < cw; x++) {
        const inX = cropCoord(x1, x2, x, cw, imW);
        if (inX < 0 || inX > imW - 1) continue;
        const dx1 = cw > 1 ? (imW - 1) * (1 - x / (cw - 1)) : 0.5 * (imW - 1);
        const dx2 = cw > 1 ? (imW - 1) * (x / (cw - 1)) : 0.5 * (imW - 1);
        const left = Math.floor(inX), right = Math.ceil(inX), fx = inX - left;
        const tl = ((img + top) * imW + left) * C, tr = ((img + top) * imW + right) * C;
        const bl = ((img + bottom) * imW + left) * C, br = ((img + bottom) * imW + right) * C;
        const o = ((i * ch + y) * cw + x) * C;
        let sy = 0, sx = 0;
        for (let c = 0; c < C; c++) {
          const g = dy[o + c];
          const t = im[tl + c] + (im[tr + c] - im[tl + c]) * fx;
          const b = im[bl + c] + (im[br + c] - im[bl + c]) * fx;
          sy += g * (b - t);
          sx += g * ((1 - fy) * (im[tr + c] - im[tl + c]) + fy * (im[br + c] - im[bl + c]));
        }
        gy1 += sy * dy1; gy2 += sy * dy2;
        gx1 += sx * dx1; gx2 += sx * dx2;
      }
    }
    acc[i * 4] = gy1; acc[i * 4 + 1] = gx1; acc[i * 4 + 2] = gy2; acc[i * 4 + 3] = gx2;
  }
  return out32(backend, acc, [n, 4]);
};
