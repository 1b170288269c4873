// Naive float64 references of the backward kernels (core/kernels.ts BACKWARD_KERNELS), for the
// gradient tests of test/autograd: the second-order rules are checked by finite differences of
// these. Same conventions as naive.js (tensors are { shape, data }, plain loops, no library code).
// Each is written as the plain adjoint of the forward loop of naive.js: walk the forward's output
// cells and taps, and send the value back the way the forward read it.
import { padding1d, sizeOf } from './naive.js';

const pair = (v) => (typeof v === 'number' ? [v, v] : v);
const triple = (v) => (typeof v === 'number' ? [v, v, v] : v);

/** Output sizes and leading pads of a 2-D window op over NHWC `xShape`, as naive.js plans them. */
function plan2d(xShape, fh, fw, strides, pad, dilations) {
  const [sh, sw] = pair(strides);
  const [dh, dw] = pair(dilations ?? 1);
  const padH = typeof pad === 'string' || typeof pad === 'number' ? pad : pad[1];
  const padW = typeof pad === 'string' || typeof pad === 'number' ? pad : pad[2];
  const h = padding1d(xShape[1], fh, sh, dh, padH);
  const w = padding1d(xShape[2], fw, sw, dw, padW);
  return { sh, sw, dh, dw, outH: h.out, outW: w.out, top: h.before, left: w.before };
}

function zeros(shape) {
  return { shape: shape.slice(), data: new Array(sizeOf(shape)).fill(0) };
}

/** Visits every (output cell, tap inside the image) of a 2-D window op: f(b, oy, ox, iy, ix, ky, kx). */
function eachTap2d(xShape, fh, fw, p, f) {
  const [B, H, W] = xShape;
  for (let b = 0; b < B; b++)
    for (let oy = 0; oy < p.outH; oy++)
      for (let ox = 0; ox < p.outW; ox++)
        for (let ky = 0; ky < fh; ky++)
          for (let kx = 0; kx < fw; kx++) {
            const iy = oy * p.sh + ky * p.dh - p.top;
            const ix = ox * p.sw + kx * p.dw - p.left;
            if (iy >= 0 && iy < H && ix >= 0 && ix < W) f(b, oy, ox, iy, ix, ky, kx);
          }
}

/** Gradient of conv2d in its filter: dW[ky,kx,c,o] = Σ x[b,iy,ix,c]·dy[b,oy,ox,o]. */
export function conv2dBackpropFilter(x, dy, filterShape, strides, pad, dilations = 1) {
  const [, H, W, C] = x.shape;
  const [fh, fw, , O] = filterShape;
  const p = plan2d(x.shape, fh, fw, strides, pad, dilations);
  const out = zeros(filterShape);
  eachTap2d(x.shape, fh, fw, p, (b, oy, ox, iy, ix, ky, kx) => {
    for (let c = 0; c < C; c++)
      for (let o = 0; o < O; o++)
        out.data[((ky * fw + kx) * C + c) * O + o] += x.data[((b * H + iy) * W + ix) * C + c] * dy.data[((b * p.outH + oy) * p.outW + ox) * O + o];
  });
  return out;
}

/** Gradient of depthwiseConv2d in x: filter [fh, fw, C, M], dy [B, outH, outW, C·M]. */
export function depthwiseConv2dBackpropInput(dy, filter, xShape, strides, pad, dilations = 1) {
  const [, H, W, C] = xShape;
  const [fh, fw, , M] = filter.shape;
  const p = plan2d(xShape, fh, fw, strides, pad, dilations);
  const out = zeros(xShape);
  eachTap2d(xShape, fh, fw, p, (b, oy, ox, iy, ix, ky, kx) => {
    for (let c = 0; c < C; c++)
      for (let m = 0; m < M; m++)
        out.data[((b * H + iy) * W + ix) * C + c] += dy.data[((b * p.outH + oy) * p.outW + ox) * C * M + c * M + m] * filter.data[((ky * fw + kx) * C + c) * M + m];
  });
  return out;
}

/** Gradient of depthwiseConv2d in its filter [fh, fw, C, M]. */
export function depthwiseConv2dBackpropFilter(x, dy, filterShape, strides, pad, dilations = 1) {
  const [, H, W, C] = x.shape;
  const [fh, fw, , M] = filterShape;
  const p = plan2d(x.shape, fh, fw, strides, pad, dilations);
  const out = zeros(filterShape);
  eachTap2d(x.shape, fh, fw, p, (b, oy, ox, iy, ix, ky, kx) => {
    for (let c = 0; c < C; c++)
      for (let m = 0; m < M; m++)
        out.data[((ky * fw + kx) * C + c) * M + m] += x.data[((b * H + iy) * W + ix) * C + c] * dy.data[((b * p.outH + oy) * p.outW + ox) * C * M + c * M + m];
  });
  return out;
}

/** Flat index of the first maximum of each pooled cell (window order), or -1; [B, outH, outW, C]. */
function argmax2d(x, filterSize, strides, pad, dilations) {
  const [B, H, W, C] = x.shape;
  const [fh, fw] = pair(filterSize);
  const p = plan2d(x.shape, fh, fw, strides, pad, dilations);
  const at = new Array(B * p.outH * p.outW * C).fill(-1);
  eachTap2d(x.shape, fh, fw, p, (b, oy, ox, iy, ix) => {
    for (let c = 0; c < C; c++) {
      const o = ((b * p.outH + oy) * p.outW + ox) * C + c;
      const i = ((b * H + iy) * W + ix) * C + c;
      if (at[o] < 0 || x.data[i] > x.data[at[o]]) at[o] = i;
    }
  });
  return { at, shape: [B, p.outH, p.outW, C] };
}

/** maxPool's gradient: each dy value to its window's first maximum. */
export function maxPoolGrad(dy, x, filterSize, strides, pad, dilations = 1) {
  const { at } = argmax2d(x, filterSize, strides, pad, dilations);
  const out = zeros(x.shape);
  at.forEach((i, o) => { if (i >= 0) out.data[i] += dy.data[o]; });
  return out;
}

/** The adjoint of maxPoolGrad in dy: g (shaped like x) read at each window's first maximum. */
export function maxPoolGradGrad(x, g, filterSize, strides, pad, dilations = 1) {
  const { at, shape } = argmax2d(x, filterSize, strides, pad, dilations);
  return { shape, data: at.map((i) => (i >= 0 ? g.data[i] : 0)) };
}

/** avgPool's gradient: each dy value divided by its window's real cells and added to each. */
export function avgPoolGrad(dy, xShape, filterSize, strides, pad, dilations = 1) {
  const [, H, W, C] = xShape;
  const [fh, fw] = pair(filterSize);
  const p = plan2d(xShape, fh, fw, strides, pad, dilations);
  const count = new Array(xShape[0] * p.outH * p.outW).fill(0);
  eachTap2d(xShape, fh, fw, p, (b, oy, ox) => { count[(b * p.outH + oy) * p.outW + ox]++; });
  const out = zeros(xShape);
  eachTap2d(xShape, fh, fw, p, (b, oy, ox, iy, ix) => {
    const o = (b * p.outH + oy) * p.outW + ox;
    for (let c = 0; c < C; c++) out.data[((b * H + iy) * W + ix) * C + c] += dy.data[o * C + c] / count[o];
  });
  return out;
}

function resizeScale(inSize, outSize, alignCorners) {
  return alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
}

/** resizeBilinear's gradient: each dy value split over its four source pixels by the same weights. */
export function resizeBilinearGrad(dy, xShape, alignCorners = false, halfPixelCenters = false) {
  const [B, H, W, C] = xShape;
  const [, newH, newW] = dy.shape;
  const sy = resizeScale(H, newH, alignCorners);
  const sx = resizeScale(W, newW, alignCorners);
  const out = zeros(xShape);
  const add = (b, y, x, c, v) => { out.data[((b * H + y) * W + x) * C + c] += v; };
  for (let b = 0; b < B; b++)
    for (let y = 0; y < newH; y++) {
      const fy = halfPixelCenters ? sy * (y + 0.5) - 0.5 : sy * y;
      const y0 = Math.max(0, Math.floor(fy));
      const y1 = Math.min(H - 1, Math.ceil(fy));
      const wy = fy - y0;
      for (let xx = 0; xx < newW; xx++) {
        const fx = halfPixelCenters ? sx * (xx + 0.5) - 0.5 : sx * xx;
        const x0 = Math.max(0, Math.floor(fx));
        const x1 = Math.min(W - 1, Math.ceil(fx));
        const wx = fx - x0;
        for (let c = 0; c < C; c++) {
          const g = dy.data[((b * newH + y) * newW + xx) * C + c];
          add(b, y0, x0, c, g * (1 - wy) * (1 - wx));
          add(b, y0, x1, c, g * (1 - wy) * wx);
          add(b, y1, x0, c, g * wy * (1 - wx));
          add(b, y1, x1, c, g * wy * wx);
        }
      }
    }
  return out;
}

/** resizeNearestNeighbor's gradient: each dy value back to the pixel it was copied from. */
export function resizeNearestNeighborGrad(dy, xShape, alignCorners = false, halfPixelCenters = false) {
  const [B, H, W, C] = xShape;
  const [, newH, newW] = dy.shape;
  const sy = resizeScale(H, newH, alignCorners);
  const sx = resizeScale(W, newW, alignCorners);
  const pick = (scale, i, size) => {
    const f = halfPixelCenters ? scale * (i + 0.5) : scale * i;
    const r = alignCorners ? Math.round(f) : Math.floor(f);
    return Math.max(0, Math.min(size - 1, r));
  };
  const out = zeros(xShape);
  for (let b = 0; b < B; b++)
    for (let y = 0; y < newH; y++)
      for (let xx = 0; xx < newW; xx++)
        for (let c = 0; c < C; c++) {
          out.data[((b * H + pick(sy, y, H)) * W + pick(sx, xx, W)) * C + c] += dy.data[((b * newH + y) * newW + xx) * C + c];
        }
  return out;
}

// ---- 3-D --------------------------------------------------------------------------------------

function plan3d(xShape, [fd, fh, fw], strides, pad, dilations) {
  const [sd, sh, sw] = triple(strides);
  const [dd, dh, dw] = triple(dilations ?? 1);
  const pd = padding1d(xShape[1], fd, sd, dd, pad);
  const ph = padding1d(xShape[2], fh, sh, dh, pad);
  const pw = padding1d(xShape[3], fw, sw, dw, pad);
  return { s: [sd, sh, sw], d: [dd, dh, dw], out: [pd.out, ph.out, pw.out], before: [pd.before, ph.before, pw.before] };
}

/** Visits every (output cell, tap inside the volume): f(outFlatCell, inFlatCell, tapIndex). */
function eachTap3d(xShape, k, p, f) {
  const [B, D, H, W] = xShape;
  const [oD, oH, oW] = p.out;
  for (let b = 0; b < B; b++)
    for (let oz = 0; oz < oD; oz++)
      for (let oy = 0; oy < oH; oy++)
        for (let ox = 0; ox < oW; ox++)
          for (let kz = 0; kz < k[0]; kz++)
            for (let ky = 0; ky < k[1]; ky++)
              for (let kx = 0; kx < k[2]; kx++) {
                const iz = oz * p.s[0] + kz * p.d[0] - p.before[0];
                const iy = oy * p.s[1] + ky * p.d[1] - p.before[1];
                const ix = ox * p.s[2] + kx * p.d[2] - p.before[2];
                if (iz < 0 || iz >= D || iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                f((((b * oD + oz) * oH + oy) * oW + ox), (((b * D + iz) * H + iy) * W + ix), (kz * k[1] + ky) * k[2] + kx);
              }
}

/** Gradient of conv3d in its filter [fd, fh, fw, C, O]. */
export function conv3dBackpropFilter(x, dy, filterShape, strides, pad, dilations = 1) {
  const C = x.shape[4];
  const [fd, fh, fw, , O] = filterShape;
  const p = plan3d(x.shape, [fd, fh, fw], strides, pad, dilations);
  const out = zeros(filterShape);
  eachTap3d(x.shape, [fd, fh, fw], p, (o, i, t) => {
    for (let c = 0; c < C; c++)
      for (let q = 0; q < O; q++) out.data[(t * C + c) * O + q] += x.data[i * C + c] * dy.data[o * O + q];
  });
  return out;
}

function argmax3d(x, filterSize, strides, pad) {
  const C = x.shape[4];
  const k = triple(filterSize);
  const p = plan3d(x.shape, k, strides, pad, 1);
  const shape = [x.shape[0], ...p.out, C];
  const at = new Array(sizeOf(shape)).fill(-1);
  eachTap3d(x.shape, k, p, (o, i) => {
    for (let c = 0; c < C; c++) {
      const oc = o * C + c, ic = i * C + c;
      if (at[oc] < 0 || x.data[ic] > x.data[at[oc]]) at[oc] = ic;
    }
  });
  return { at, shape };
}

/** maxPool3d's gradient (first maximum of each window). */
export function maxPool3dGrad(dy, x, filterSize, strides, pad) {
  const { at } = argmax3d(x, filterSize, strides, pad);
  const out = zeros(x.shape);
  at.forEach((i, o) => { if (i >= 0) out.data[i] += dy.data[o]; });
  return out;
}

/** The adjoint of maxPool3dGrad in dy. */
export function maxPool3dGradGrad(x, g, filterSize, strides, pad) {
  const { at, shape } = argmax3d(x, filterSize, strides, pad);
  return { shape, data: at.map((i) => (i >= 0 ? g.data[i] : 0)) };
}

/** avgPool3d's gradient (divided by each window's real cells). */
export function avgPool3dGrad(dy, xShape, filterSize, strides, pad) {
  const C = xShape[4];
  const k = triple(filterSize);
  const p = plan3d(xShape, k, strides, pad, 1);
  const count = new Array(xShape[0] * sizeOf(p.out)).fill(0);
  eachTap3d(xShape, k, p, (o) => { count[o]++; });
  const out = zeros(xShape);
  eachTap3d(xShape, k, p, (o, i) => {
    for (let c = 0; c < C; c++) out.data[i * C + c] += dy.data[o * C + c] / count[o];
  });
  return out;
}
