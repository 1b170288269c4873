// Naive reference implementations for the shared op cases (test/cases/).
//
// Written independently of the library: plain JS, float64 math, obviously-correct nested loops.
// A tensor here is `{ shape: number[], data: number[] }` (row-major, flat). Nothing here imports
// the library, Node or the browser, so the page and Node both load it.
//
// Semantics follow TensorFlow (and Sprout's documented decisions where TF leaves a choice): NaN
// wins in max/min/argMax/argMin, Round is half-to-even, Mod is floored, int32 results wrap.

// ---- shapes and indexing ----------------------------------------------------------------------

/** Makes a reference tensor (copies `data` into a plain array). */
export function T(shape, data) {
  const n = sizeOf(shape);
  const d = Array.from(data, Number);
  if (d.length !== n) throw new Error(`naive.T: ${d.length} values for shape [${shape}] (${n} needed)`);
  return { shape: shape.slice(), data: d };
}

export function sizeOf(shape) {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape) {
  const s = new Array(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Flat index → multi-index. */
export function unravel(i, shape) {
  const idx = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = shape[d] === 0 ? 0 : i % shape[d];
    i = shape[d] === 0 ? 0 : Math.floor(i / shape[d]);
  }
  return idx;
}

/** Multi-index → flat index. */
export function ravel(idx, shape) {
  let i = 0;
  for (let d = 0; d < shape.length; d++) i = i * shape[d] + idx[d];
  return i;
}

/** Value of `x` at a multi-index of a (possibly longer) broadcast output shape. */
function atBroadcast(x, outIdx) {
  const off = outIdx.length - x.shape.length;
  let i = 0;
  for (let d = 0; d < x.shape.length; d++) {
    const v = x.shape[d] === 1 ? 0 : outIdx[d + off];
    i = i * x.shape[d] + v;
  }
  return x.data[i];
}

/** numpy broadcasting of shapes; throws on a clash. */
export function broadcastShape(a, b) {
  const rank = Math.max(a.length, b.length);
  const out = [];
  for (let i = 0; i < rank; i++) {
    const da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
    const db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`naive.broadcastShape: [${a}] vs [${b}]`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

// ---- scalar functions -------------------------------------------------------------------------

/** ToInt32 as an Int32Array store does it (wraps; NaN and ±Infinity become 0; truncates). */
export function int32(v) {
  if (!Number.isFinite(v)) return 0;
  const t = Math.trunc(v);
  const m = ((t % 4294967296) + 4294967296) % 4294967296;
  return m >= 2147483648 ? m - 4294967296 : m;
}

/** Rounds to the nearest float32. */
export const f32 = (v) => Math.fround(v);

/** Round half to even (banker's rounding), as TensorFlow. */
export function roundHalfEven(x) {
  if (!Number.isFinite(x)) return x;
  const fl = Math.floor(x);
  const diff = x - fl;
  if (diff < 0.5) return fl;
  if (diff > 0.5) return fl + 1;
  return fl % 2 === 0 ? fl : fl + 1;
}

/** The error function, to ~1e-13: Taylor series near 0, continued fraction for erfc beyond. */
export function erf(x) {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x === Infinity) return 1;
  if (x < 2.5) {
    // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  let frac = x;
  for (let n = 120; n >= 1; n--) frac = x + n / 2 / frac;
  const erfc = Math.exp(-x * x) / Math.sqrt(Math.PI) / frac;
  return 1 - erfc;
}

const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;

export const fn = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  exp: (x) => Math.exp(x),
  expm1: (x) => Math.expm1(x),
  log: (x) => Math.log(x),
  log1p: (x) => Math.log1p(x),
  sqrt: (x) => Math.sqrt(x),
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
  tan: (x) => Math.tan(x),
  asin: (x) => Math.asin(x),
  acos: (x) => Math.acos(x),
  atan: (x) => Math.atan(x),
  sinh: (x) => Math.sinh(x),
  cosh: (x) => Math.cosh(x),
  tanh: (x) => Math.tanh(x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  softplus: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  relu: (x) => (Number.isNaN(x) ? NaN : x < 0 ? 0 : x),
  relu6: (x) => (Number.isNaN(x) ? NaN : x < 0 ? 0 : x > 6 ? 6 : x),
  elu: (x) => (x >= 0 ? x : Math.expm1(x)),
  selu: (x) => (x >= 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x)),
  erf,
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
  round: roundHalfEven,
  sign: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
  leakyRelu: (alpha) => (x) => (x < 0 ? alpha * x : x),
  step: (alpha) => (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : alpha),
  clip: (lo, hi) => (x) => (Number.isNaN(x) ? NaN : x < lo ? lo : x > hi ? hi : x),
  // binary
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  floorDiv: (a, b) => Math.floor(a / b),
  /** Floored modulo: the result has the sign of b. */
  mod: (a, b) => {
    if (b === 0 || !Number.isFinite(a) || Number.isNaN(b)) return NaN;
    if (!Number.isFinite(b)) return a === 0 || Math.sign(a) === Math.sign(b) ? a : b;
    const r = a % b;
    return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
  },
  pow: (a, b) => Math.pow(a, b),
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? a : b),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a < b ? a : b),
  squaredDifference: (a, b) => (a - b) * (a - b),
  atan2: (a, b) => Math.atan2(a, b),
  prelu: (x, alpha) => (x < 0 ? alpha * x : x),
  equal: (a, b) => (a === b ? 1 : 0),
  notEqual: (a, b) => (a !== b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  logicalAnd: (a, b) => (a && b ? 1 : 0),
  logicalOr: (a, b) => (a || b ? 1 : 0),
  logicalXor: (a, b) => (!!a !== !!b ? 1 : 0),
};

// ---- elementwise ------------------------------------------------------------------------------

/** Applies `f` to every element. */
export function map(x, f) {
  return { shape: x.shape.slice(), data: x.data.map((v) => f(v)) };
}

/** Applies `f(a, b)` with numpy broadcasting. */
export function zip(a, b, f) {
  const shape = broadcastShape(a.shape, b.shape);
  const n = sizeOf(shape);
  const data = new Array(n);
  for (let i = 0; i < n; i++) {
    const idx = unravel(i, shape);
    data[i] = f(atBroadcast(a, idx), atBroadcast(b, idx));
  }
  return { shape, data };
}

/** where(cond, a, b) with the three shapes broadcast together. */
export function where(cond, a, b) {
  const shape = broadcastShape(broadcastShape(a.shape, b.shape), cond.shape);
  const n = sizeOf(shape);
  const data = new Array(n);
  for (let i = 0; i < n; i++) {
    const idx = unravel(i, shape);
    data[i] = atBroadcast(cond, idx) ? atBroadcast(a, idx) : atBroadcast(b, idx);
  }
  return { shape, data };
}

/** Broadcasts `x` to `shape`. */
export function broadcastTo(x, shape) {
  const n = sizeOf(shape);
  const data = new Array(n);
  for (let i = 0; i < n; i++) data[i] = atBroadcast(x, unravel(i, shape));
  return { shape: shape.slice(), data };
}

// ---- reductions -------------------------------------------------------------------------------

function normAxes(axes, rank) {
  if (axes === undefined || axes === null) return Array.from({ length: rank }, (_, i) => i);
  const list = Array.isArray(axes) ? axes : [axes];
  return list.map((a) => (a < 0 ? a + rank : a));
}

/**
 * Reduces `x` over `axes` (all when undefined; negatives count from the end) by applying
 * `f(values[])` to the list of values of each output cell, in row-major order of the reduced axes.
 */
export function reduce(x, axes, keepDims, f) {
  const ax = normAxes(axes, x.shape.length);
  const outShape = [];
  const keptShape = [];
  x.shape.forEach((d, i) => {
    if (ax.includes(i)) {
      keptShape.push(1);
      if (keepDims) outShape.push(1);
    } else {
      keptShape.push(d);
      outShape.push(d);
    }
  });
  const nOut = sizeOf(keptShape);
  const groups = Array.from({ length: nOut }, () => []);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape);
    const o = ravel(idx.map((v, d) => (ax.includes(d) ? 0 : v)), keptShape);
    groups[o].push(x.data[i]);
  }
  return { shape: outShape, data: groups.map((g) => f(g)) };
}

export const reducers = {
  sum: (v) => v.reduce((s, x) => s + x, 0),
  prod: (v) => v.reduce((s, x) => s * x, 1),
  max: (v) => v.reduce((m, x) => (Number.isNaN(m) || Number.isNaN(x) ? NaN : x > m ? x : m), -Infinity),
  min: (v) => v.reduce((m, x) => (Number.isNaN(m) || Number.isNaN(x) ? NaN : x < m ? x : m), Infinity),
  mean: (v) => v.reduce((s, x) => s + x, 0) / v.length,
  all: (v) => (v.every((x) => x !== 0) ? 1 : 0),
  any: (v) => (v.some((x) => x !== 0) ? 1 : 0),
  logSumExp: (v) => {
    const m = reducers.max(v);
    if (!Number.isFinite(m)) return m === -Infinity ? -Infinity : m;
    return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
  },
  variance: (v) => {
    const m = reducers.mean(v);
    return v.reduce((s, x) => s + (x - m) * (x - m), 0) / v.length;
  },
};

/** Index of the extreme along one axis: first on ties, a NaN wins (the first NaN). */
export function argReduce(x, axis, kind) {
  const better = kind === 'max' ? (a, b) => a > b : (a, b) => a < b;
  return reduce(x, [axis], false, (v) => {
    let best = 0;
    for (let i = 0; i < v.length; i++) {
      if (Number.isNaN(v[best])) break;
      if (Number.isNaN(v[i]) || better(v[i], v[best])) best = i;
    }
    return best;
  });
}

/** Applies `f(values[]) → values[]` to each 1-D fibre along `axis`. */
function alongAxis(x, axis, f) {
  const rank = x.shape.length;
  const a = axis < 0 ? axis + rank : axis;
  const out = new Array(x.data.length);
  const n = x.shape[a];
  const stride = stridesOf(x.shape)[a];
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape);
    if (idx[a] !== 0) continue;
    const vals = [];
    for (let k = 0; k < n; k++) vals.push(x.data[i + k * stride]);
    const res = f(vals);
    for (let k = 0; k < n; k++) out[i + k * stride] = res[k];
  }
  return { shape: x.shape.slice(), data: out };
}

export function softmax(x, axis = -1) {
  return alongAxis(x, axis, (v) => {
    const m = reducers.max(v);
    const e = v.map((t) => Math.exp(t - m));
    const s = e.reduce((p, q) => p + q, 0);
    return e.map((t) => t / s);
  });
}

export function logSoftmax(x, axis = -1) {
  return alongAxis(x, axis, (v) => {
    const lse = reducers.logSumExp(v);
    return v.map((t) => t - lse);
  });
}

/** Largest k along the last axis, sorted descending, ties to the lower index. */
export function topk(x, k) {
  const last = x.shape[x.shape.length - 1];
  const outer = last === 0 ? sizeOf(x.shape.slice(0, -1)) : x.data.length / last;
  const values = [];
  const indices = [];
  for (let o = 0; o < outer; o++) {
    const row = x.data.slice(o * last, o * last + last).map((v, i) => [v, i]);
    row.sort((p, q) => (q[0] !== p[0] ? q[0] - p[0] : p[1] - q[1]));
    for (let i = 0; i < k; i++) {
      values.push(row[i][0]);
      indices.push(row[i][1]);
    }
  }
  const shape = [...x.shape.slice(0, -1), k];
  return { values: { shape, data: values }, indices: { shape: shape.slice(), data: indices } };
}

// ---- linear algebra ---------------------------------------------------------------------------

/** Batched matrix product of the last two axes; batch axes broadcast. */
export function matMul(a, b, transposeA = false, transposeB = false) {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [aR, aC] = [a.shape[ra - 2], a.shape[ra - 1]];
  const [bR, bC] = [b.shape[rb - 2], b.shape[rb - 1]];
  const M = transposeA ? aC : aR;
  const K = transposeA ? aR : aC;
  const K2 = transposeB ? bC : bR;
  const N = transposeB ? bR : bC;
  if (K !== K2) throw new Error(`naive.matMul: inner dimensions ${K} vs ${K2}`);
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShape(batchA, batchB);
  const outShape = [...batch, M, N];
  const data = new Array(sizeOf(outShape)).fill(0);
  const nb = sizeOf(batch);
  for (let bi = 0; bi < nb; bi++) {
    const bIdx = unravel(bi, batch);
    const ia = bIdx.slice(bIdx.length - batchA.length).map((v, d) => (batchA[d] === 1 ? 0 : v));
    const ib = bIdx.slice(bIdx.length - batchB.length).map((v, d) => (batchB[d] === 1 ? 0 : v));
    const offA = ravel(ia, batchA) * aR * aC;
    const offB = ravel(ib, batchB) * bR * bC;
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const av = a.data[offA + (transposeA ? k * aC + m : m * aC + k)];
          const bv = b.data[offB + (transposeB ? n * bC + k : k * bC + n)];
          s += av * bv;
        }
        data[bi * M * N + m * N + n] = s;
      }
    }
  }
  return { shape: outShape, data };
}

/** Applies a fused activation by name. */
export function activate(x, activation, { alpha, leakyreluAlpha = 0.2 } = {}) {
  switch (activation ?? 'linear') {
    case 'linear': return x;
    case 'relu': return map(x, fn.relu);
    case 'relu6': return map(x, fn.relu6);
    case 'elu': return map(x, fn.elu);
    case 'sigmoid': return map(x, fn.sigmoid);
    case 'leakyrelu': return map(x, fn.leakyRelu(leakyreluAlpha));
    case 'prelu': return zip(x, alpha, fn.prelu);
    default: throw new Error(`naive.activate: unknown activation ${activation}`);
  }
}

// ---- convolutions and pools -------------------------------------------------------------------

/**
 * Output size and padding before, for one spatial dimension, by TensorFlow's rules:
 * 'same': out = ceil(in/stride), total = max((out-1)*stride + effK - in, 0), before = floor(total/2);
 * 'valid': out = ceil((in - effK + 1)/stride); a number p: out = floor((in + 2p - effK)/stride) + 1
 * (or rounded with `rounding`); explicit [before, after]: out = floor((in + b + a - effK)/stride) + 1.
 */
export function padding1d(inSize, k, stride, dilation, pad, rounding) {
  const effK = (k - 1) * dilation + 1;
  if (pad === 'same') {
    const out = Math.ceil(inSize / stride);
    const total = Math.max((out - 1) * stride + effK - inSize, 0);
    return { out, before: Math.floor(total / 2) };
  }
  if (pad === 'valid') return { out: Math.ceil((inSize - effK + 1) / stride), before: 0 };
  if (typeof pad === 'number') {
    const r = rounding === 'ceil' ? Math.ceil : rounding === 'round' ? Math.round : Math.floor;
    return { out: r((inSize + 2 * pad - effK) / stride + 1), before: pad };
  }
  const [b, a] = pad;
  return { out: Math.floor((inSize + b + a - effK) / stride) + 1, before: b };
}

function pair(v) {
  return typeof v === 'number' ? [v, v] : v;
}

function plan(xShape, fh, fw, strides, pad, dilations, rounding) {
  const [sh, sw] = pair(strides);
  const [dh, dw] = pair(dilations ?? 1);
  const padH = typeof pad === 'string' || typeof pad === 'number' ? pad : pad[1];
  const padW = typeof pad === 'string' || typeof pad === 'number' ? pad : pad[2];
  const h = padding1d(xShape[1], fh, sh, dh, padH, rounding);
  const w = padding1d(xShape[2], fw, sw, dw, padW, rounding);
  return { sh, sw, dh, dw, outH: h.out, outW: w.out, top: h.before, left: w.before };
}

/** conv2d over NHWC input with an HWIO filter. */
export function conv2d(x, filter, strides, pad, dilations = 1, rounding) {
  const [B, H, W, C] = x.shape;
  const [fh, fw, fc, O] = filter.shape;
  if (fc !== C) throw new Error('naive.conv2d: channel mismatch');
  const p = plan(x.shape, fh, fw, strides, pad, dilations, rounding);
  const out = new Array(B * p.outH * p.outW * O).fill(0);
  for (let b = 0; b < B; b++)
    for (let oy = 0; oy < p.outH; oy++)
      for (let ox = 0; ox < p.outW; ox++)
        for (let o = 0; o < O; o++) {
          let s = 0;
          for (let ky = 0; ky < fh; ky++)
            for (let kx = 0; kx < fw; kx++) {
              const iy = oy * p.sh + ky * p.dh - p.top;
              const ix = ox * p.sw + kx * p.dw - p.left;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              for (let c = 0; c < C; c++) {
                s += x.data[((b * H + iy) * W + ix) * C + c] * filter.data[((ky * fw + kx) * C + c) * O + o];
              }
            }
          out[((b * p.outH + oy) * p.outW + ox) * O + o] = s;
        }
  return { shape: [B, p.outH, p.outW, O], data: out };
}

/** Depthwise conv2d: filter [fh, fw, C, M]; output channel c*M + m reads input channel c. */
export function depthwiseConv2d(x, filter, strides, pad, dilations = 1, rounding) {
  const [B, H, W, C] = x.shape;
  const [fh, fw, fc, M] = filter.shape;
  if (fc !== C) throw new Error('naive.depthwiseConv2d: channel mismatch');
  const p = plan(x.shape, fh, fw, strides, pad, dilations, rounding);
  const OC = C * M;
  const out = new Array(B * p.outH * p.outW * OC).fill(0);
  for (let b = 0; b < B; b++)
    for (let oy = 0; oy < p.outH; oy++)
      for (let ox = 0; ox < p.outW; ox++)
        for (let c = 0; c < C; c++)
          for (let m = 0; m < M; m++) {
            let s = 0;
            for (let ky = 0; ky < fh; ky++)
              for (let kx = 0; kx < fw; kx++) {
                const iy = oy * p.sh + ky * p.dh - p.top;
                const ix = ox * p.sw + kx * p.dw - p.left;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                s += x.data[((b * H + iy) * W + ix) * C + c] * filter.data[((ky * fw + kx) * C + c) * M + m];
              }
            out[((b * p.outH + oy) * p.outW + ox) * OC + c * M + m] = s;
          }
  return { shape: [B, p.outH, p.outW, OC], data: out };
}

/**
 * conv2dTranspose as the adjoint of conv2d: the forward conv maps an input of `outShape`
 * ([B, H, W, C]) through `filter` ([fh, fw, C, O]) to dy's shape ([B, outH, outW, O]); this
 * scatters every dy value back through the filter taps to the input cells it came from.
 */
export function conv2dTranspose(dy, filter, outShape, strides, pad, rounding) {
  const [B, H, W, C] = outShape.length === 3 ? [dy.shape[0], ...outShape] : outShape;
  const [fh, fw, fc, O] = filter.shape;
  if (fc !== C || O !== dy.shape[3]) throw new Error('naive.conv2dTranspose: channel mismatch');
  const p = plan([B, H, W, C], fh, fw, strides, pad, 1, rounding);
  if (p.outH !== dy.shape[1] || p.outW !== dy.shape[2]) throw new Error('naive.conv2dTranspose: outShape does not map to dy');
  const out = new Array(B * H * W * C).fill(0);
  for (let b = 0; b < B; b++)
    for (let oy = 0; oy < p.outH; oy++)
      for (let ox = 0; ox < p.outW; ox++)
        for (let o = 0; o < O; o++) {
          const g = dy.data[((b * p.outH + oy) * p.outW + ox) * O + o];
          for (let ky = 0; ky < fh; ky++)
            for (let kx = 0; kx < fw; kx++) {
              const iy = oy * p.sh + ky - p.top;
              const ix = ox * p.sw + kx - p.left;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              for (let c = 0; c < C; c++) {
                out[((b * H + iy) * W + ix) * C + c] += g * filter.data[((ky * fw + kx) * C + c) * O + o];
              }
            }
        }
  return { shape: [B, H, W, C], data: out };
}

/** maxPool / avgPool over NHWC; padding cells are ignored (avg divides by the real cells). */
export function pool(x, kind, filterSize, strides, pad, dilations = 1, rounding) {
  const [B, H, W, C] = x.shape;
  const [fh, fw] = pair(filterSize);
  const p = plan(x.shape, fh, fw, strides, pad, dilations, rounding);
  const out = new Array(B * p.outH * p.outW * C).fill(0);
  for (let b = 0; b < B; b++)
    for (let oy = 0; oy < p.outH; oy++)
      for (let ox = 0; ox < p.outW; ox++)
        for (let c = 0; c < C; c++) {
          const vals = [];
          for (let ky = 0; ky < fh; ky++)
            for (let kx = 0; kx < fw; kx++) {
              const iy = oy * p.sh + ky * p.dh - p.top;
              const ix = ox * p.sw + kx * p.dw - p.left;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              vals.push(x.data[((b * H + iy) * W + ix) * C + c]);
            }
          out[((b * p.outH + oy) * p.outW + ox) * C + c] = kind === 'max' ? reducers.max(vals) : reducers.mean(vals);
        }
  return { shape: [B, p.outH, p.outW, C], data: out };
}

/** (x - mean) / sqrt(variance + eps) * scale + offset, all broadcast. */
export function batchNorm(x, mean, variance, offset, scale, eps = 0.001) {
  let y = zip(zip(x, mean, fn.sub), variance, (d, v) => d / Math.sqrt(v + eps));
  if (scale) y = zip(y, scale, fn.mul);
  if (offset) y = zip(y, offset, fn.add);
  return y;
}

// ---- layout -----------------------------------------------------------------------------------

export function transpose(x, perm) {
  const p = perm ?? x.shape.map((_, i) => x.shape.length - 1 - i);
  const shape = p.map((a) => x.shape[a]);
  const data = new Array(x.data.length);
  for (let i = 0; i < data.length; i++) {
    const o = unravel(i, shape);
    const src = new Array(x.shape.length);
    p.forEach((a, d) => { src[a] = o[d]; });
    data[i] = x.data[ravel(src, x.shape)];
  }
  return { shape, data };
}

/** Slice with full begin/size lists (size -1: to the end). */
export function slice(x, begin, size) {
  const b = x.shape.map((_, i) => begin[i] ?? 0);
  const s = x.shape.map((d, i) => (size[i] === undefined || size[i] === -1 ? d - b[i] : size[i]));
  const data = [];
  const n = sizeOf(s);
  for (let i = 0; i < n; i++) {
    const o = unravel(i, s);
    data.push(x.data[ravel(o.map((v, d) => v + b[d]), x.shape)]);
  }
  return { shape: s, data };
}

export function concat(xs, axis) {
  const rank = xs[0].shape.length;
  const a = axis < 0 ? axis + rank : axis;
  const shape = xs[0].shape.slice();
  shape[a] = xs.reduce((s, x) => s + x.shape[a], 0);
  const data = new Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    const o = unravel(i, shape);
    let k = o[a];
    let j = 0;
    while (k >= xs[j].shape[a]) k -= xs[j++].shape[a];
    const src = o.slice();
    src[a] = k;
    data[i] = xs[j].data[ravel(src, xs[j].shape)];
  }
  return { shape, data };
}

export function stack(xs, axis) {
  const rank = xs[0].shape.length + 1;
  const a = axis < 0 ? axis + rank : axis;
  return concat(xs.map((x) => { const s = x.shape.slice(); s.splice(a, 0, 1); return { shape: s, data: x.data }; }), a);
}

export function pad(x, paddings, value = 0) {
  const shape = x.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
  const data = new Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    const o = unravel(i, shape);
    const src = o.map((v, d) => v - paddings[d][0]);
    data[i] = src.every((v, d) => v >= 0 && v < x.shape[d]) ? x.data[ravel(src, x.shape)] : value;
  }
  return { shape, data };
}

/** gather along `axis` with an index tensor of any shape. */
export function gather(x, indices, axis = 0) {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const shape = [...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)];
  const data = new Array(sizeOf(shape));
  const ir = indices.shape.length;
  for (let i = 0; i < data.length; i++) {
    const o = unravel(i, shape);
    const idx = indices.data[ravel(o.slice(a, a + ir), indices.shape)];
    const src = [...o.slice(0, a), idx, ...o.slice(a + ir)];
    data[i] = x.data[ravel(src, x.shape)];
  }
  return { shape, data };
}

export function tile(x, reps) {
  const shape = x.shape.map((d, i) => d * reps[i]);
  const data = new Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    const o = unravel(i, shape);
    data[i] = x.data[ravel(o.map((v, d) => v % x.shape[d]), x.shape)];
  }
  return { shape, data };
}

/** Indices [..] → [.., depth]: onValue at the index (none when the index is out of range). */
export function oneHot(indices, depth, onValue = 1, offValue = 0) {
  const data = [];
  for (const v of indices.data) for (let d = 0; d < depth; d++) data.push(d === v ? onValue : offValue);
  return { shape: [...indices.shape, depth], data };
}

// ---- images -----------------------------------------------------------------------------------

function resizeScale(inSize, outSize, alignCorners) {
  return alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
}

/**
 * Bilinear resize of NHWC images, TensorFlow's rules: source coordinate = scale·y (or
 * scale·(y + ½) − ½ with halfPixelCenters), with scale = in/out (or (in−1)/(out−1) with
 * alignCorners); the lower neighbour is clamped at 0 and the upper one at in−1.
 */
export function resizeBilinear(x, [newH, newW], alignCorners = false, halfPixelCenters = false) {
  const [B, H, W, C] = x.shape;
  const sy = resizeScale(H, newH, alignCorners);
  const sx = resizeScale(W, newW, alignCorners);
  const data = new Array(B * newH * newW * C);
  const at = (b, y, xx, c) => x.data[((b * H + y) * W + xx) * C + c];
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
          const top = at(b, y0, x0, c) * (1 - wx) + at(b, y0, x1, c) * wx;
          const bot = at(b, y1, x0, c) * (1 - wx) + at(b, y1, x1, c) * wx;
          data[((b * newH + y) * newW + xx) * C + c] = top * (1 - wy) + bot * wy;
        }
      }
    }
  return { shape: [B, newH, newW, C], data };
}

/**
 * Nearest-neighbour resize, TensorFlow's rules: source = scale·y (or scale·(y + ½) with
 * halfPixelCenters), rounded (alignCorners) or floored, then clamped to [0, in−1].
 */
export function resizeNearestNeighbor(x, [newH, newW], alignCorners = false, halfPixelCenters = false) {
  const [B, H, W, C] = x.shape;
  const sy = resizeScale(H, newH, alignCorners);
  const sx = resizeScale(W, newW, alignCorners);
  const pick = (scale, i, size) => {
    const f = halfPixelCenters ? scale * (i + 0.5) : scale * i;
    const r = alignCorners ? Math.round(f) : Math.floor(f);
    return Math.max(0, Math.min(size - 1, r));
  };
  const data = new Array(B * newH * newW * C);
  for (let b = 0; b < B; b++)
    for (let y = 0; y < newH; y++) {
      const iy = pick(sy, y, H);
      for (let xx = 0; xx < newW; xx++) {
        const ix = pick(sx, xx, W);
        for (let c = 0; c < C; c++) data[((b * newH + y) * newW + xx) * C + c] = x.data[((b * H + iy) * W + ix) * C + c];
      }
    }
  return { shape: [B, newH, newW, C], data };
}

// ---- extended ops -----------------------------------------------------------------------------

/** Cumulative sum along `axis`; exclusive shifts by one, reverse sums from the end. */
export function cumsum(x, axis = 0, exclusive = false, reverse = false) {
  return alongAxis(x, axis, (v) => {
    const n = v.length;
    const out = new Array(n).fill(0);
    let acc = 0;
    for (let k = 0; k < n; k++) {
      const i = reverse ? n - 1 - k : k;
      if (exclusive) { out[i] = acc; acc += v[i]; } else { acc += v[i]; out[i] = acc; }
    }
    return out;
  });
}

/**
 * Einstein summation, by brute force over every assignment of the letters: the output letters
 * index the result, all the other letters are summed over.
 */
export function einsum(equation, ...ts) {
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhsGiven] = eq.includes('->') ? eq.split('->') : [eq, undefined];
  const specs = lhs.split(',');
  const dims = {};
  specs.forEach((s, i) => [...s].forEach((c, j) => { dims[c] = ts[i].shape[j]; }));
  const counts = {};
  for (const c of specs.join('')) counts[c] = (counts[c] ?? 0) + 1;
  const rhs = rhsGiven ?? Object.keys(counts).filter((c) => counts[c] === 1).sort().join('');
  const letters = Object.keys(dims);
  const summed = letters.filter((c) => !rhs.includes(c));
  const outShape = [...rhs].map((c) => dims[c]);
  const sumShape = summed.map((c) => dims[c]);
  const data = new Array(sizeOf(outShape)).fill(0);
  for (let o = 0; o < data.length; o++) {
    const oi = unravel(o, outShape);
    const env = {};
    [...rhs].forEach((c, k) => { env[c] = oi[k]; });
    let s = 0;
    for (let r = 0; r < sizeOf(sumShape); r++) {
      const ri = unravel(r, sumShape);
      summed.forEach((c, k) => { env[c] = ri[k]; });
      let p = 1;
      specs.forEach((spec, i) => { p *= ts[i].data[ravel([...spec].map((c) => env[c]), ts[i].shape)]; });
      s += p;
    }
    data[o] = s;
  }
  return { shape: outShape, data };
}

function triple(v) {
  return typeof v === 'number' ? [v, v, v] : v;
}

/** conv3d over NDHWC with a DHWIO filter ('same' | 'valid' | number pads, TF rules). */
export function conv3d(x, filter, strides, pad, dilations = 1) {
  const [B, D, H, W, C] = x.shape;
  const [fd, fh, fw, fc, O] = filter.shape;
  if (fc !== C) throw new Error('naive.conv3d: channel mismatch');
  const [sd, sh, sw] = triple(strides);
  const [dd, dh, dw] = triple(dilations);
  const pd = padding1d(D, fd, sd, dd, pad);
  const ph = padding1d(H, fh, sh, dh, pad);
  const pw = padding1d(W, fw, sw, dw, pad);
  const out = [];
  for (let b = 0; b < B; b++)
    for (let oz = 0; oz < pd.out; oz++)
      for (let oy = 0; oy < ph.out; oy++)
        for (let ox = 0; ox < pw.out; ox++)
          for (let o = 0; o < O; o++) {
            let s = 0;
            for (let kz = 0; kz < fd; kz++)
              for (let ky = 0; ky < fh; ky++)
                for (let kx = 0; kx < fw; kx++) {
                  const iz = oz * sd + kz * dd - pd.before;
                  const iy = oy * sh + ky * dh - ph.before;
                  const ix = ox * sw + kx * dw - pw.before;
                  if (iz < 0 || iz >= D || iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                  for (let c = 0; c < C; c++) {
                    s += x.data[(((b * D + iz) * H + iy) * W + ix) * C + c] * filter.data[(((kz * fh + ky) * fw + kx) * C + c) * O + o];
                  }
                }
            out.push(s);
          }
  return { shape: [B, pd.out, ph.out, pw.out, O], data: out };
}

/** conv3dTranspose as the adjoint of conv3d (filter [fd, fh, fw, C, O], outShape [B, D, H, W, C]). */
export function conv3dTranspose(dy, filter, outShape, strides, pad) {
  const [B, D, H, W, C] = outShape;
  const [fd, fh, fw, fc, O] = filter.shape;
  if (fc !== C || O !== dy.shape[4]) throw new Error('naive.conv3dTranspose: channel mismatch');
  const [sd, sh, sw] = triple(strides);
  const pd = padding1d(D, fd, sd, 1, pad);
  const ph = padding1d(H, fh, sh, 1, pad);
  const pw = padding1d(W, fw, sw, 1, pad);
  const out = new Array(B * D * H * W * C).fill(0);
  for (let b = 0; b < B; b++)
    for (let oz = 0; oz < pd.out; oz++)
      for (let oy = 0; oy < ph.out; oy++)
        for (let ox = 0; ox < pw.out; ox++)
          for (let o = 0; o < O; o++) {
            const g = dy.data[(((b * pd.out + oz) * ph.out + oy) * pw.out + ox) * O + o];
            for (let kz = 0; kz < fd; kz++)
              for (let ky = 0; ky < fh; ky++)
                for (let kx = 0; kx < fw; kx++) {
                  const iz = oz * sd + kz - pd.before;
                  const iy = oy * sh + ky - ph.before;
                  const ix = ox * sw + kx - pw.before;
                  if (iz < 0 || iz >= D || iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                  for (let c = 0; c < C; c++) {
                    out[(((b * D + iz) * H + iy) * W + ix) * C + c] += g * filter.data[(((kz * fh + ky) * fw + kx) * C + c) * O + o];
                  }
                }
          }
  return { shape: [B, D, H, W, C], data: out };
}

/** 3-D max/avg pooling over NDHWC (padding cells ignored). */
export function pool3d(x, kind, filterSize, strides, pad, rounding) {
  const [B, D, H, W, C] = x.shape;
  const [fd, fh, fw] = triple(filterSize);
  const [sd, sh, sw] = triple(strides);
  const pd = padding1d(D, fd, sd, 1, pad, rounding);
  const ph = padding1d(H, fh, sh, 1, pad, rounding);
  const pw = padding1d(W, fw, sw, 1, pad, rounding);
  const out = [];
  for (let b = 0; b < B; b++)
    for (let oz = 0; oz < pd.out; oz++)
      for (let oy = 0; oy < ph.out; oy++)
        for (let ox = 0; ox < pw.out; ox++)
          for (let c = 0; c < C; c++) {
            const vals = [];
            for (let kz = 0; kz < fd; kz++)
              for (let ky = 0; ky < fh; ky++)
                for (let kx = 0; kx < fw; kx++) {
                  const iz = oz * sd + kz - pd.before;
                  const iy = oy * sh + ky - ph.before;
                  const ix = ox * sw + kx - pw.before;
                  if (iz < 0 || iz >= D || iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                  vals.push(x.data[(((b * D + iz) * H + iy) * W + ix) * C + c]);
                }
            out.push(kind === 'max' ? reducers.max(vals) : reducers.mean(vals));
          }
  return { shape: [B, pd.out, ph.out, pw.out, C], data: out };
}

/**
 * maxPool with the flat index of each maximum: ((b·H + y)·W + x)·C + c (without b unless
 * includeBatchInIndex); the first maximum in window order wins.
 */
export function maxPoolWithArgmax(x, filterSize, strides, pad, includeBatchInIndex = false) {
  const [B, H, W, C] = x.shape;
  const [fh, fw] = pair(filterSize);
  const p = plan(x.shape, fh, fw, strides, pad, 1);
  const result = [];
  const indexes = [];
  for (let b = 0; b < B; b++)
    for (let oy = 0; oy < p.outH; oy++)
      for (let ox = 0; ox < p.outW; ox++)
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          for (let ky = 0; ky < fh; ky++)
            for (let kx = 0; kx < fw; kx++) {
              const iy = oy * p.sh + ky - p.top;
              const ix = ox * p.sw + kx - p.left;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              const v = x.data[((b * H + iy) * W + ix) * C + c];
              if (at < 0 || v > best) {
                best = v;
                at = ((includeBatchInIndex ? b * H : 0) + iy) * W * C + ix * C + c;
              }
            }
          result.push(best);
          indexes.push(at);
        }
  const shape = [B, p.outH, p.outW, C];
  return { result: { shape, data: result }, indexes: { shape: shape.slice(), data: indexes } };
}

/** Local response normalisation over the last axis: x / (bias + alpha·Σ_window x²)^beta. */
export function localResponseNormalization(x, depthRadius = 5, bias = 1, alpha = 1, beta = 0.5) {
  return alongAxis(x, -1, (v) => v.map((xv, c) => {
    let s = 0;
    for (let k = Math.max(0, c - depthRadius); k <= Math.min(v.length - 1, c + depthRadius); k++) s += v[k] * v[k];
    return xv / Math.pow(bias + alpha * s, beta);
  }));
}

/** Python-style x[b0:e0:s0, b1:e1:s1, …] (one entry per leading axis; negatives count from the end). */
export function stridedSlice(x, begin, end, strides) {
  const ranges = x.shape.map((n, d) => {
    if (d >= begin.length) return Array.from({ length: n }, (_, i) => i);
    const s = strides?.[d] ?? 1;
    const norm = (v) => (v < 0 ? v + n : v);
    const lo = s > 0 ? 0 : -1;
    const hi = s > 0 ? n : n - 1;
    const b = Math.min(Math.max(norm(begin[d]), lo), hi);
    const e = Math.min(Math.max(norm(end[d]), lo), hi);
    const idx = [];
    for (let i = b; s > 0 ? i < e : i > e; i += s) idx.push(i);
    return idx;
  });
  const shape = ranges.map((r) => r.length);
  const data = [];
  for (let i = 0; i < sizeOf(shape); i++) {
    const o = unravel(i, shape);
    data.push(x.data[ravel(o.map((v, d) => ranges[d][v]), x.shape)]);
  }
  return { shape, data };
}

/** gatherND: the last axis of `indices` indexes the leading axes of x. */
export function gatherND(x, indices) {
  const k = indices.shape[indices.shape.length - 1];
  const rows = indices.data.length / (k || 1);
  const sliceShape = x.shape.slice(k);
  const sliceSize = sizeOf(sliceShape);
  const data = [];
  for (let r = 0; r < rows; r++) {
    const lead = indices.data.slice(r * k, r * k + k);
    const base = ravel([...lead, ...sliceShape.map(() => 0)], x.shape);
    for (let i = 0; i < sliceSize; i++) data.push(x.data[base + i]);
  }
  return { shape: [...indices.shape.slice(0, -1), ...sliceShape], data };
}

/** scatterND into zeros of `shape`; duplicate indices add up. */
export function scatterND(indices, updates, shape) {
  const k = indices.shape[indices.shape.length - 1];
  const rows = indices.data.length / (k || 1);
  const sliceSize = sizeOf(shape.slice(k));
  const data = new Array(sizeOf(shape)).fill(0);
  for (let r = 0; r < rows; r++) {
    const lead = indices.data.slice(r * k, r * k + k);
    const base = ravel([...lead, ...shape.slice(k).map(() => 0)], shape);
    for (let i = 0; i < sliceSize; i++) data[base + i] += updates.data[r * sliceSize + i];
  }
  return { shape: shape.slice(), data };
}

/** Mirror padding: 'reflect' does not repeat the edge, 'symmetric' does. */
export function mirrorPad(x, paddings, mode) {
  const shape = x.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
  const src = (i, n) => {
    if (mode === 'reflect') return i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
    return i < 0 ? -i - 1 : i >= n ? 2 * n - 1 - i : i;
  };
  const data = [];
  for (let i = 0; i < sizeOf(shape); i++) {
    const o = unravel(i, shape);
    data.push(x.data[ravel(o.map((v, d) => src(v - paddings[d][0], x.shape[d])), x.shape)]);
  }
  return { shape, data };
}

/** Reverses along `axes` (all when undefined). */
export function reverse(x, axes) {
  const ax = normAxes(axes, x.shape.length);
  const data = [];
  for (let i = 0; i < x.data.length; i++) {
    const o = unravel(i, x.shape);
    data.push(x.data[ravel(o.map((v, d) => (ax.includes(d) ? x.shape[d] - 1 - v : v)), x.shape)]);
  }
  return { shape: x.shape.slice(), data };
}

/** depthToSpace (NHWC): out[b, h·s + i, w·s + j, c] = x[b, h, w, (i·s + j)·C' + c]. */
export function depthToSpace(x, s) {
  const [B, H, W, C] = x.shape;
  const C2 = C / (s * s);
  const shape = [B, H * s, W * s, C2];
  const data = [];
  for (let q = 0; q < sizeOf(shape); q++) {
    const [b, y, xx, c] = unravel(q, shape);
    const h = Math.floor(y / s), i = y % s, w = Math.floor(xx / s), j = xx % s;
    data.push(x.data[ravel([b, h, w, (i * s + j) * C2 + c], x.shape)]);
  }
  return { shape, data };
}

/** spaceToDepth (NHWC): the inverse of depthToSpace. */
export function spaceToDepth(x, s) {
  const [B, H, W, C] = x.shape;
  const shape = [B, H / s, W / s, C * s * s];
  const data = [];
  for (let q = 0; q < sizeOf(shape); q++) {
    const [b, h, w, cc] = unravel(q, shape);
    const c = cc % C, ij = Math.floor(cc / C), i = Math.floor(ij / s), j = ij % s;
    data.push(x.data[ravel([b, h * s + i, w * s + j, c], x.shape)]);
  }
  return { shape, data };
}

/** Unique slices along `axis` in order of first appearance (NaN equals NaN), and each slice's index. */
export function unique(x, axis = 0) {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const n = x.shape[a];
  const sliceOf = (j) => slice(x, x.shape.map((_, d) => (d === a ? j : 0)), x.shape.map((d, k) => (k === a ? 1 : d))).data;
  const same = (p, q) => p.length === q.length && p.every((v, i) => v === q[i] || (Number.isNaN(v) && Number.isNaN(q[i])));
  const firsts = [];
  const indices = [];
  for (let j = 0; j < n; j++) {
    const sj = sliceOf(j);
    let at = firsts.findIndex((f) => same(sliceOf(f), sj));
    if (at < 0) { at = firsts.length; firsts.push(j); }
    indices.push(at);
  }
  const values = concat(firsts.map((f) => slice(x, x.shape.map((_, d) => (d === a ? f : 0)), x.shape.map((d, k) => (k === a ? 1 : d)))), a);
  return { values, indices: { shape: [n], data: indices } };
}

/**
 * cropAndResize, TensorFlow's sampling: box (y1, x1, y2, x2) normalised; for crop size c > 1 the
 * sample y = y1·(H−1) + i·(y2−y1)·(H−1)/(c−1), for c = 1 the centre 0.5·(y1+y2)·(H−1); samples
 * outside [0, H−1] get the extrapolation value; bilinear between floor and ceil, nearest rounds.
 */
export function cropAndResize(image, boxes, boxInd, [ch, cw], method = 'bilinear', extrapolationValue = 0) {
  const [, H, W, C] = image.shape;
  const nb = boxes.shape[0];
  const data = [];
  const at = (b, y, x, c) => image.data[((b * H + y) * W + x) * C + c];
  for (let n = 0; n < nb; n++) {
    const [y1, x1, y2, x2] = boxes.data.slice(n * 4, n * 4 + 4);
    const b = boxInd.data[n];
    for (let i = 0; i < ch; i++) {
      const sy = ch > 1 ? y1 * (H - 1) + i * ((y2 - y1) * (H - 1)) / (ch - 1) : 0.5 * (y1 + y2) * (H - 1);
      for (let j = 0; j < cw; j++) {
        const sx = cw > 1 ? x1 * (W - 1) + j * ((x2 - x1) * (W - 1)) / (cw - 1) : 0.5 * (x1 + x2) * (W - 1);
        for (let c = 0; c < C; c++) {
          if (sy < 0 || sy > H - 1 || sx < 0 || sx > W - 1) { data.push(extrapolationValue); continue; }
          if (method === 'nearest') { data.push(at(b, Math.round(sy), Math.round(sx), c)); continue; }
          const t = Math.floor(sy), btm = Math.ceil(sy), l = Math.floor(sx), r = Math.ceil(sx);
          const fy = sy - t, fx = sx - l;
          const top = at(b, t, l, c) + (at(b, t, r, c) - at(b, t, l, c)) * fx;
          const bot = at(b, btm, l, c) + (at(b, btm, r, c) - at(b, btm, l, c)) * fx;
          data.push(top + (bot - top) * fy);
        }
      }
    }
  }
  return { shape: [nb, ch, cw, C], data };
}

/** Intersection over union of boxes i and j ([y1, x1, y2, x2], corners in any order). */
export function iou(boxes, i, j) {
  const box = (k) => {
    const [a, b, c, d] = boxes.data.slice(k * 4, k * 4 + 4);
    return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
  };
  const [ay1, ax1, ay2, ax2] = box(i);
  const [by1, bx1, by2, bx2] = box(j);
  const areaA = (ay2 - ay1) * (ax2 - ax1);
  const areaB = (by2 - by1) * (bx2 - bx1);
  if (areaA <= 0 || areaB <= 0) return 0;
  const ih = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const iw = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
  const inter = ih * iw;
  return inter / (areaA + areaB - inter);
}

/** Greedy hard NMS: by descending score (ties: lower index), drop boxes with IoU ≥ threshold to a kept one. */
export function nonMaxSuppression(boxes, scores, maxOutputSize, iouThreshold = 0.5, scoreThreshold = -Infinity) {
  const order = scores.data.map((s, i) => [s, i]).filter(([s]) => s > scoreThreshold).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  const kept = [];
  for (const [, i] of order) {
    if (kept.length >= maxOutputSize) break;
    if (kept.every((k) => iou(boxes, i, k) < iouThreshold)) kept.push(i);
  }
  return kept;
}
