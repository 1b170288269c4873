import type { TensorInfo } from '../../core/backend.js';
import type { Conv2DInfo } from '../../core/conv-util.js';
import type { DType, TypedArray } from '../../core/dtype.js';
import type { CpuBackend, CpuKernel } from './cpu-backend.js';
import { applyBiasActivation, fusedInputs, fusedParts } from './activation.js';
import { gemm } from './gemm.js';

/**
 * Convolution kernels, NHWC images and HWIO filters.
 *
 * Conv2D lowers to GEMM: a tile of output rows is unrolled into an im2col matrix
 * [tile pixels, fh·fw·inC] whose columns are ordered (kh, kw, c), the order of the filter's
 * rows, so the HWIO filter is the right-hand matrix as stored. Tiles keep the unrolled matrix
 * small (about 1 MiB) whatever the image size. A 1×1, stride-1, unpadded convolution is a plain
 * GEMM of the image itself.
 */

/** Upper bound on the floats of one im2col tile. */
const COL_TILE_FLOATS = 1 << 18;

/** Output rows per tile so that `rows · rowFloats` stays within the tile budget (at least 1). */
function tileRows(rowFloats: number, totalRows: number): number {
  return Math.max(1, Math.min(totalRows, Math.floor(COL_TILE_FLOATS / Math.max(1, rowFloats))));
}

/** The values as float32 (conv kernels compute in float32 whatever the input dtype). */
function asFloat32(v: TypedArray): Float32Array {
  return v instanceof Float32Array ? v : Float32Array.from(v);
}

/** Wraps a float32 result in the output dtype (int32 truncates toward zero, as TF.js stores). */
function outputAs(backend: CpuBackend, values: Float32Array, shape: number[], dtype: DType): TensorInfo {
  if (dtype === 'float32') return backend.output(values, shape, dtype);
  const out = dtype === 'int32' ? new Int32Array(values.length) : new Uint8Array(values.length);
  out.set(values);
  return backend.output(out, shape, dtype);
}

/** True when every tap of the convolution reads the input pixel of its output pixel. */
export function isPointwise(info: Conv2DInfo): boolean {
  return info.filterH === 1 && info.filterW === 1 && info.strideH === 1 && info.strideW === 1 &&
    info.padTop === 0 && info.padBottom === 0 && info.padLeft === 0 && info.padRight === 0 &&
    info.outH === info.inH && info.outW === info.inW;
}

/**
 * Unrolls output rows [oh0, oh0 + rows) of one image (starting at `xOff` in `x`) into `col`,
 * one row of fh·fw·inC values per output pixel, zeros where a tap falls in the padding.
 */
export function im2col(x: Float32Array, xOff: number, info: Conv2DInfo, oh0: number, rows: number, col: Float32Array): void {
  const { inH, inW, inC, outW, filterH: fh, filterW: fw, strideH, strideW, dilationH, dilationW, padTop, padLeft } = info;
  const tapRow = fw * inC;
  const xRow = inW * inC;
  let d = 0;
  for (let oh = oh0; oh < oh0 + rows; oh++) {
    const ih0 = oh * strideH - padTop;
    for (let ow = 0; ow < outW; ow++) {
      const iw0 = ow * strideW - padLeft;
      // All taps of a filter row inside the image and adjacent: one contiguous copy per row.
      const contiguous = dilationW === 1 && iw0 >= 0 && iw0 + fw <= inW;
      for (let kh = 0; kh < fh; kh++) {
        const ih = ih0 + kh * dilationH;
        if (ih < 0 || ih >= inH) {
          col.fill(0, d, d + tapRow);
          d += tapRow;
          continue;
        }
        const rowOff = xOff + ih * xRow;
        if (contiguous) {
          for (let s = rowOff + iw0 * inC, e = s + tapRow; s < e; s++) col[d++] = x[s];
          continue;
        }
        for (let kw = 0; kw < fw; kw++) {
          const iw = iw0 + kw * dilationW;
          if (iw < 0 || iw >= inW) {
            for (let c = 0; c < inC; c++) col[d++] = 0;
          } else {
            for (let s = rowOff + iw * inC, e = s + inC; s < e; s++) col[d++] = x[s];
          }
        }
      }
    }
  }
}

/** `Conv2D` [x, filter, bias?, preluAlpha?] {info, activation, leakyreluAlpha, hasBias, hasPreluAlpha}. */
export const conv2DKernel: CpuKernel = (backend, inputs, attrs) => {
  const [xInfo, fInfo] = inputs;
  const info = attrs.info as Conv2DInfo;
  const fused = fusedParts(attrs);
  const { bias, prelu } = fusedInputs(backend, inputs, fused);
  const x = asFloat32(backend.data(xInfo));
  const w = asFloat32(backend.data(fInfo));
  const { batch, inH, inW, inC, outH, outW, outC, filterH, filterW } = info;
  const outShape = [batch, outH, outW, outC];
  const out = new Float32Array(batch * outH * outW * outC);
  const K = filterH * filterW * inC;
  const pixels = outH * outW;

  if (out.length === 0) return outputAs(backend, out, outShape, xInfo.dtype);
  if (K === 0) {
    applyBiasActivation(out, 0, batch * pixels, outC, bias, fused.activation, fused.leakyreluAlpha, prelu);
    return outputAs(backend, out, outShape, xInfo.dtype);
  }

  if (isPointwise(info)) {
    gemm(batch * pixels, outC, inC, x, 0, inC, false, w, 0, outC, false, out, 0, outC, false);
    applyBiasActivation(out, 0, batch * pixels, outC, bias, fused.activation, fused.leakyreluAlpha, prelu);
    return outputAs(backend, out, outShape, xInfo.dtype);
  }

  const rowsPerTile = tileRows(outW * K, outH);
  const col = new Float32Array(rowsPerTile * outW * K);
  const xImage = inH * inW * inC;
  for (let b = 0; b < batch; b++) {
    for (let oh0 = 0; oh0 < outH; oh0 += rowsPerTile) {
      const rows = Math.min(rowsPerTile, outH - oh0);
      const M = rows * outW;
      im2col(x, b * xImage, info, oh0, rows, col);
      const oOff = (b * outH + oh0) * outW * outC;
      gemm(M, outC, K, col, 0, K, false, w, 0, outC, false, out, oOff, outC, false);
      // The epilogue runs on the tile while it is still in cache.
      applyBiasActivation(out, oOff, M, outC, bias, fused.activation, fused.leakyreluAlpha, prelu);
    }
  }
  return outputAs(backend, out, outShape, xInfo.dtype);
};

/**
 * `Conv2DBackpropInput` [dy, filter] {info of the forward conv} → dx [batch, inH, inW, inC]
 * (conv2dTranspose). Each tile of dy rows is multiplied by the filter transposed, giving every
 * output pixel's contribution to each of its taps ([pixels, fh·fw·inC]); col2im then adds those
 * into dx (each dx cell receives at most fh·fw of them, so float32 accumulation costs little).
 */
export const conv2DBackpropInputKernel: CpuKernel = (backend, inputs, attrs) => {
  const [dyInfo, fInfo] = inputs;
  const info = attrs.info as Conv2DInfo;
  const dy = asFloat32(backend.data(dyInfo));
  const w = asFloat32(backend.data(fInfo));
  const { batch, inH, inW, inC, outH, outW, outC, filterH: fh, filterW: fw } = info;
  const { strideH, strideW, dilationH, dilationW, padTop, padLeft } = info;
  const dxShape = [batch, inH, inW, inC];
  const dx = new Float32Array(batch * inH * inW * inC);
  const K = fh * fw * inC;
  if (dx.length === 0 || outH * outW === 0 || outC === 0) return outputAs(backend, dx, dxShape, dyInfo.dtype);

  if (isPointwise(info)) {
    // dx = dy · Wᵀ with W viewed as [inC, outC].
    gemm(batch * inH * inW, inC, outC, dy, 0, outC, false, w, 0, outC, true, dx, 0, inC, false);
    return outputAs(backend, dx, dxShape, dyInfo.dtype);
  }

  const rowsPerTile = tileRows(outW * K, outH);
  const col = new Float32Array(rowsPerTile * outW * K);
  const xRow = inW * inC;
  for (let b = 0; b < batch; b++) {
    const dxOff = b * inH * xRow;
    for (let oh0 = 0; oh0 < outH; oh0 += rowsPerTile) {
      const rows = Math.min(rowsPerTile, outH - oh0);
      const M = rows * outW;
      gemm(M, K, outC, dy, (b * outH + oh0) * outW * outC, outC, false, w, 0, outC, true, col, 0, K, false);
      // col2im: scatter each pixel's tap contributions back onto the input pixels they came from.
      let d = 0;
      for (let oh = oh0; oh < oh0 + rows; oh++) {
        const ih0 = oh * strideH - padTop;
        for (let ow = 0; ow < outW; ow++) {
          const iw0 = ow * strideW - padLeft;
          for (let kh = 0; kh < fh; kh++) {
            const ih = ih0 + kh * dilationH;
            if (ih < 0 || ih >= inH) { d += fw * inC; continue; }
            const rowOff = dxOff + ih * xRow;
            for (let kw = 0; kw < fw; kw++) {
              const iw = iw0 + kw * dilationW;
              if (iw < 0 || iw >= inW) { d += inC; continue; }
              for (let s = rowOff + iw * inC, e = s + inC; s < e; s++) dx[s] += col[d++];
            }
          }
        }
      }
    }
  }
  return outputAs(backend, dx, dxShape, dyInfo.dtype);
};

/**
 * `DepthwiseConv2dNative` [x, filter, bias?, preluAlpha?], filter [fh, fw, inC, multiplier];
 * output channel c·multiplier + m reads input channel c.
 *
 * Direct loops over output pixels, channels innermost in memory. For each output value the taps
 * are summed in a local (one store per output, not one per tap), reading the filter transposed
 * to [outC, fh·fw] so a channel's taps are adjacent. A 3×3 window fully inside the image (the
 * common case) is unrolled; borders and other sizes loop over the taps that land in the image.
 */
export const depthwiseConv2DKernel: CpuKernel = (backend, inputs, attrs) => {
  const [xInfo, fInfo] = inputs;
  const info = attrs.info as Conv2DInfo;
  const fused = fusedParts(attrs);
  const { bias, prelu } = fusedInputs(backend, inputs, fused);
  const x = backend.data(xInfo);
  const w = backend.data(fInfo);
  const { batch, inH, inW, inC, outH, outW, outC, filterH: fh, filterW: fw, channelMultiplier: mult } = info;
  const { strideH, strideW, dilationH, dilationW, padTop, padLeft } = info;
  const outShape = [batch, outH, outW, outC];
  const out = new Float32Array(batch * outH * outW * outC);
  if (out.length === 0) return outputAs(backend, out, outShape, xInfo.dtype);

  const T = fh * fw;
  const wt = new Float64Array(outC * T);
  for (let t = 0; t < T; t++) for (let oc = 0; oc < outC; oc++) wt[oc * T + t] = w[t * outC + oc];
  const xRow = inW * inC;
  const dy = dilationH * xRow, dx = dilationW * inC;
  const unrolled = fh === 3 && fw === 3;

  for (let b = 0; b < batch; b++) {
    const xOff = b * inH * xRow;
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * strideH - padTop;
      const khS = ih0 >= 0 ? 0 : Math.ceil(-ih0 / dilationH);
      const khE = Math.min(fh, Math.floor((inH - 1 - ih0) / dilationH) + 1);
      const rowOut = (b * outH + oh) * outW * outC;
      for (let ow = 0; ow < outW; ow++) {
        const iw0 = ow * strideW - padLeft;
        const kwS = iw0 >= 0 ? 0 : Math.ceil(-iw0 / dilationW);
        const kwE = Math.min(fw, Math.floor((inW - 1 - iw0) / dilationW) + 1);
        // Index of tap (0, 0) for channel 0; it may lie outside the image when only some taps do.
        const base = xOff + ih0 * xRow + iw0 * inC;
        const o = rowOut + ow * outC;
        if (unrolled && khS === 0 && kwS === 0 && khE === 3 && kwE === 3) {
          if (mult === 1) depthwise3x3(x, base, dx, dy, wt, out, o, inC);
          else depthwise3x3Mult(x, base, dx, dy, wt, out, o, inC, mult);
        } else {
          depthwiseTaps(x, base, dx, dy, wt, T, fw, khS, khE, kwS, kwE, out, o, inC, mult);
        }
      }
      applyBiasActivation(out, rowOut, outW, outC, bias, fused.activation, fused.leakyreluAlpha, prelu);
    }
  }
  return outputAs(backend, out, outShape, xInfo.dtype);
};

/** One output pixel of a 3×3 depthwise conv, multiplier 1, every tap inside the image. */
function depthwise3x3(
  x: TypedArray, base: number, dx: number, dy: number, wt: Float64Array, out: Float32Array, o: number, C: number,
): void {
  const r1 = base + dy, r2 = r1 + dy, dx2 = dx + dx;
  for (let c = 0, k = 0; c < C; c++, k += 9) {
    out[o + c] =
      x[base + c] * wt[k] + x[base + dx + c] * wt[k + 1] + x[base + dx2 + c] * wt[k + 2] +
      x[r1 + c] * wt[k + 3] + x[r1 + dx + c] * wt[k + 4] + x[r1 + dx2 + c] * wt[k + 5] +
      x[r2 + c] * wt[k + 6] + x[r2 + dx + c] * wt[k + 7] + x[r2 + dx2 + c] * wt[k + 8];
  }
}

/** As depthwise3x3, with a channel multiplier: the nine inputs of a channel are read once. */
function depthwise3x3Mult(
  x: TypedArray, base: number, dx: number, dy: number, wt: Float64Array, out: Float32Array, o: number,
  C: number, mult: number,
): void {
  const r1 = base + dy, r2 = r1 + dy, dx2 = dx + dx;
  for (let c = 0, oc = 0; c < C; c++) {
    const x0 = x[base + c], x1 = x[base + dx + c], x2 = x[base + dx2 + c];
    const x3 = x[r1 + c], x4 = x[r1 + dx + c], x5 = x[r1 + dx2 + c];
    const x6 = x[r2 + c], x7 = x[r2 + dx + c], x8 = x[r2 + dx2 + c];
    for (let m = 0; m < mult; m++, oc++) {
      const k = oc * 9;
      out[o + oc] =
        x0 * wt[k] + x1 * wt[k + 1] + x2 * wt[k + 2] + x3 * wt[k + 3] + x4 * wt[k + 4] +
        x5 * wt[k + 5] + x6 * wt[k + 6] + x7 * wt[k + 7] + x8 * wt[k + 8];
    }
  }
}

/** One output pixel over the taps [khS, khE) × [kwS, kwE) that land in the image. */
function depthwiseTaps(
  x: TypedArray, base: number, dx: number, dy: number, wt: Float64Array, T: number, fw: number,
  khS: number, khE: number, kwS: number, kwE: number, out: Float32Array, o: number, C: number, mult: number,
): void {
  for (let c = 0, oc = 0; c < C; c++) {
    for (let m = 0; m < mult; m++, oc++) {
      let s = 0;
      for (let kh = khS; kh < khE; kh++) {
        const r = base + kh * dy + c;
        const k = oc * T + kh * fw;
        for (let kw = kwS; kw < kwE; kw++) s += x[r + kw * dx] * wt[k + kw];
      }
      out[o + oc] = s;
    }
  }
}
