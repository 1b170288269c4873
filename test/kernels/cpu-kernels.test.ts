// The CPU backend's heavy kernels (matmul, convolutions, pools, resizes) called directly through
// a CpuBackend, checked against plain reference loops written here and against TF.js 4.22's cpu
// backend.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KernelAttrs, TensorInfo } from '../../src/core/backend.js';
import { computeConv2DInfo, type Conv2DInfo, type PaddingSpec } from '../../src/core/conv-util.js';
import type { DType, TypedArray } from '../../src/core/dtype.js';
import type { Activation } from '../../src/core/kernels.js';
import { CpuBackend } from '../../src/backends/cpu/index.js';
import { gemm } from '../../src/backends/cpu/gemm.js';

// ---------------------------------------------------------------------------------------------
// Harness

const be = new CpuBackend();

beforeAll(async () => {
  // TF.js greets Node users on the console; keep the test output quiet.
  const warn = console.warn;
  const log = console.log;
  console.warn = () => {};
  console.log = () => {};
  try {
    await tf.setBackend('cpu');
    await tf.ready();
  } finally {
    console.warn = warn;
    console.log = log;
  }
});

/** A small seeded generator (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20240601);
const randInt = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}
function randomValues(n: number, lo = -1, hi = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rand();
  return a;
}
function put(values: TypedArray, shape: readonly number[], dtype: DType = 'float32'): TensorInfo {
  return { dataId: be.write(values, shape, dtype), shape: [...shape], dtype };
}
function run(name: string, inputs: TensorInfo[], attrs: KernelAttrs): { values: TypedArray; shape: readonly number[]; dtype: DType } {
  const [o] = be.runKernel(name, inputs, attrs);
  return { values: be.readSync(o.dataId), shape: o.shape, dtype: o.dtype };
}

/**
 * Element-wise |actual − expected| ≤ rtol · max(1, |expected|) (a relative tolerance that
 * does not blow up at zero), same length, NaN only where NaN is expected. Also refuses vacuous
 * references: the expected values must not be all zero.
 */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-4, what = ''): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  expect(expected.length, `${what} empty`).toBeGreaterThan(0);
  let nonZero = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i], a = actual[i];
    if (e !== 0) nonZero++;
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) expect.fail(`${what}[${i}]: expected NaN, got ${a}`);
      continue;
    }
    if (e === Infinity || e === -Infinity) {
      if (a !== e) expect.fail(`${what}[${i}]: expected ${e}, got ${a}`);
      continue;
    }
    const tol = rtol * Math.max(1, Math.abs(e));
    if (!(Math.abs(a - e) <= tol)) expect.fail(`${what}[${i}]: expected ${e}, got ${a} (tolerance ${tol})`);
  }
  expect(nonZero, `${what} reference is all zeros`).toBeGreaterThan(0);
}

function tfValues(t: tf.Tensor): Float32Array | Int32Array | Uint8Array {
  const v = t.dataSync() as Float32Array | Int32Array | Uint8Array;
  t.dispose();
  return v;
}

// ---------------------------------------------------------------------------------------------
// Reference implementations (plain loops, doubles)

function refActivation(v: number, act: Activation, leaky: number, alpha: number): number {
  switch (act) {
    case 'linear': return v;
    case 'relu': return Math.max(0, v);
    case 'relu6': return Math.min(6, Math.max(0, v));
    case 'elu': return v >= 0 ? v : Math.exp(v) - 1;
    case 'leakyrelu': return v < 0 ? leaky * v : v;
    case 'prelu': return v < 0 ? alpha * v : v;
    case 'sigmoid': return 1 / (1 + Math.exp(-v));
  }
}

interface Fused {
  bias?: Float32Array;
  activation?: Activation;
  leaky?: number;
  alpha?: Float32Array;
}

/** Bias (length n or 1) and activation applied to a [rows, n] array, in place. */
function refEpilogue(o: Float64Array, n: number, f: Fused): Float64Array {
  const act = f.activation ?? 'linear';
  for (let i = 0; i < o.length; i++) {
    const j = i % n;
    let v = o[i];
    if (f.bias) v += f.bias.length === 1 ? f.bias[0] : f.bias[j];
    const alpha = f.alpha ? (f.alpha.length === 1 ? f.alpha[0] : f.alpha[j]) : 0;
    o[i] = refActivation(v, act, f.leaky ?? 0.2, alpha);
  }
  return o;
}

function refMatMul(
  a: ArrayLike<number>, aShape: number[], b: ArrayLike<number>, bShape: number[], ta: boolean, tb: boolean,
): { values: Float64Array; shape: number[] } {
  const [ba, a1, a2] = aShape;
  const [bb, b1, b2] = bShape;
  const M = ta ? a2 : a1, K = ta ? a1 : a2, N = tb ? b1 : b2;
  const batch = Math.max(ba, bb);
  const out = new Float64Array(batch * M * N);
  for (let p = 0; p < batch; p++) {
    const pa = ba === 1 ? 0 : p, pb = bb === 1 ? 0 : p;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const av = ta ? a[pa * M * K + k * M + i] : a[pa * M * K + i * K + k];
          const bv = tb ? b[pb * K * N + j * K + k] : b[pb * K * N + k * N + j];
          s += av * bv;
        }
        out[(p * M + i) * N + j] = s;
      }
    }
  }
  return { values: out, shape: [batch, M, N] };
}

function refConv2D(x: Float32Array, w: Float32Array, c: Conv2DInfo): Float64Array {
  const out = new Float64Array(c.batch * c.outH * c.outW * c.outC);
  for (let b = 0; b < c.batch; b++)
    for (let oh = 0; oh < c.outH; oh++)
      for (let ow = 0; ow < c.outW; ow++)
        for (let oc = 0; oc < c.outC; oc++) {
          let s = 0;
          for (let kh = 0; kh < c.filterH; kh++) {
            const ih = oh * c.strideH - c.padTop + kh * c.dilationH;
            if (ih < 0 || ih >= c.inH) continue;
            for (let kw = 0; kw < c.filterW; kw++) {
              const iw = ow * c.strideW - c.padLeft + kw * c.dilationW;
              if (iw < 0 || iw >= c.inW) continue;
              for (let ic = 0; ic < c.inC; ic++) {
                s += x[((b * c.inH + ih) * c.inW + iw) * c.inC + ic] * w[((kh * c.filterW + kw) * c.inC + ic) * c.outC + oc];
              }
            }
          }
          out[((b * c.outH + oh) * c.outW + ow) * c.outC + oc] = s;
        }
  return out;
}

function refDepthwise(x: Float32Array, w: Float32Array, c: Conv2DInfo): Float64Array {
  const mult = c.channelMultiplier;
  const out = new Float64Array(c.batch * c.outH * c.outW * c.outC);
  for (let b = 0; b < c.batch; b++)
    for (let oh = 0; oh < c.outH; oh++)
      for (let ow = 0; ow < c.outW; ow++)
        for (let ic = 0; ic < c.inC; ic++)
          for (let m = 0; m < mult; m++) {
            let s = 0;
            for (let kh = 0; kh < c.filterH; kh++) {
              const ih = oh * c.strideH - c.padTop + kh * c.dilationH;
              if (ih < 0 || ih >= c.inH) continue;
              for (let kw = 0; kw < c.filterW; kw++) {
                const iw = ow * c.strideW - c.padLeft + kw * c.dilationW;
                if (iw < 0 || iw >= c.inW) continue;
                s += x[((b * c.inH + ih) * c.inW + iw) * c.inC + ic] * w[((kh * c.filterW + kw) * c.inC + ic) * mult + m];
              }
            }
            out[((b * c.outH + oh) * c.outW + ow) * c.outC + ic * mult + m] = s;
          }
  return out;
}

/** The input gradient of refConv2D: every product is sent back to the input cell it read. */
function refConvBackpropInput(dy: Float32Array, w: Float32Array, c: Conv2DInfo): Float64Array {
  const dx = new Float64Array(c.batch * c.inH * c.inW * c.inC);
  for (let b = 0; b < c.batch; b++)
    for (let oh = 0; oh < c.outH; oh++)
      for (let ow = 0; ow < c.outW; ow++)
        for (let kh = 0; kh < c.filterH; kh++) {
          const ih = oh * c.strideH - c.padTop + kh * c.dilationH;
          if (ih < 0 || ih >= c.inH) continue;
          for (let kw = 0; kw < c.filterW; kw++) {
            const iw = ow * c.strideW - c.padLeft + kw * c.dilationW;
            if (iw < 0 || iw >= c.inW) continue;
            for (let ic = 0; ic < c.inC; ic++)
              for (let oc = 0; oc < c.outC; oc++) {
                dx[((b * c.inH + ih) * c.inW + iw) * c.inC + ic] +=
                  dy[((b * c.outH + oh) * c.outW + ow) * c.outC + oc] * w[((kh * c.filterW + kw) * c.inC + ic) * c.outC + oc];
              }
          }
        }
  return dx;
}

function refPool(x: ArrayLike<number>, c: Conv2DInfo, kind: 'max' | 'avg'): Float64Array {
  const out = new Float64Array(c.batch * c.outH * c.outW * c.inC);
  for (let b = 0; b < c.batch; b++)
    for (let oh = 0; oh < c.outH; oh++)
      for (let ow = 0; ow < c.outW; ow++)
        for (let ch = 0; ch < c.inC; ch++) {
          let m = -Infinity, s = 0, n = 0, sawNaN = false;
          for (let kh = 0; kh < c.filterH; kh++) {
            const ih = oh * c.strideH - c.padTop + kh * c.dilationH;
            if (ih < 0 || ih >= c.inH) continue;
            for (let kw = 0; kw < c.filterW; kw++) {
              const iw = ow * c.strideW - c.padLeft + kw * c.dilationW;
              if (iw < 0 || iw >= c.inW) continue;
              const v = x[((b * c.inH + ih) * c.inW + iw) * c.inC + ch];
              if (Number.isNaN(v)) sawNaN = true;
              m = Math.max(m, v);
              s += v;
              n++;
            }
          }
          out[((b * c.outH + oh) * c.outW + ow) * c.inC + ch] = kind === 'max' ? (sawNaN ? NaN : m) : s / n;
        }
  return out;
}

/** Source coordinate of output index `o` for resizes, from TF's documented conventions. */
function refResize(
  x: ArrayLike<number>, shape: number[], nh: number, nw: number, align: boolean, half: boolean, nearest: boolean,
): Float64Array {
  const [B, H, W, C] = shape;
  const ratio = (i: number, o: number) => (align && o > 1 ? (i - 1) / (o - 1) : i / o);
  const ry = ratio(H, nh), rx = ratio(W, nw);
  const at = (b: number, y: number, xx: number, ch: number) => x[((b * H + y) * W + xx) * C + ch];
  const out = new Float64Array(B * nh * nw * C);
  let o = 0;
  for (let b = 0; b < B; b++)
    for (let y = 0; y < nh; y++)
      for (let xx = 0; xx < nw; xx++)
        for (let ch = 0; ch < C; ch++) {
          if (nearest) {
            const fy = half ? ry * (y + 0.5) : ry * y, fx = half ? rx * (xx + 0.5) : rx * xx;
            const pick = (f: number, size: number) => {
              const i = Math.min(size - 1, align ? Math.round(f) : Math.floor(f));
              return half ? Math.max(0, i) : i;
            };
            out[o++] = at(b, pick(fy, H), pick(fx, W), ch);
          } else {
            const fy = half ? ry * (y + 0.5) - 0.5 : ry * y, fx = half ? rx * (xx + 0.5) - 0.5 : rx * xx;
            const y0 = Math.max(0, Math.floor(fy)), y1 = Math.min(H - 1, Math.ceil(fy));
            const x0 = Math.max(0, Math.floor(fx)), x1 = Math.min(W - 1, Math.ceil(fx));
            const dy = fy - y0, dx = fx - x0;
            const top = at(b, y0, x0, ch) * (1 - dx) + at(b, y0, x1, ch) * dx;
            const bot = at(b, y1, x0, ch) * (1 - dx) + at(b, y1, x1, ch) * dx;
            out[o++] = top * (1 - dy) + bot * dy;
          }
        }
  return out;
}

const ACTIVATIONS: Activation[] = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'];

function fusedAttrs(f: Fused): KernelAttrs {
  return {
    activation: f.activation ?? 'linear',
    leakyreluAlpha: f.leaky ?? 0.2,
    hasBias: Boolean(f.bias),
    hasPreluAlpha: Boolean(f.alpha),
  };
}
function fusedInputs(f: Fused): TensorInfo[] {
  const extra: TensorInfo[] = [];
  if (f.bias) extra.push(put(f.bias, [f.bias.length]));
  if (f.alpha) extra.push(put(f.alpha, [f.alpha.length]));
  return extra;
}
function tfFused(f: Fused) {
  return {
    bias: f.bias ? tf.tensor1d(f.bias) : undefined,
    activation: f.activation ?? 'linear',
    preluActivationWeights: f.alpha ? tf.tensor1d(f.alpha) : undefined,
    leakyreluAlpha: f.leaky ?? 0.2,
  };
}

// ---------------------------------------------------------------------------------------------
// GEMM

describe('gemm', () => {
  function refGemm(
    M: number, N: number, K: number, a: Float32Array, aOff: number, lda: number, ta: boolean,
    b: Float32Array, bOff: number, ldb: number, tb: boolean,
  ): Float64Array {
    const out = new Float64Array(M * N);
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          s += (ta ? a[aOff + k * lda + i] : a[aOff + i * lda + k]) * (tb ? b[bOff + j * ldb + k] : b[bOff + k * ldb + j]);
        }
        out[i * N + j] = s;
      }
    return out;
  }

  // Sizes cover the 4×4 tile edges, the small-M/N paths and more than one block of K (256),
  // N (128) and M (96).
  const sizes: [number, number, number][] = [
    [1, 1, 1], [1, 17, 9], [3, 5, 2], [2, 2, 300], [17, 1, 33], [5, 3, 7], [4, 4, 4], [7, 13, 11],
    [33, 65, 17], [100, 130, 300], [97, 129, 257], [64, 64, 64],
  ];
  for (const [M, N, K] of sizes) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        it(`M=${M} N=${N} K=${K} transA=${ta} transB=${tb}, strided views, accumulate`, () => {
          // Operands live inside larger arrays with padded rows and an offset.
          const aRows = ta ? K : M, aCols = ta ? M : K;
          const bRows = tb ? N : K, bCols = tb ? K : N;
          const lda = aCols + randInt(0, 3), ldb = bCols + randInt(0, 3), ldc = N + randInt(0, 3);
          const aOff = randInt(0, 5), bOff = randInt(0, 5), cOff = randInt(0, 5);
          const a = randomValues(aOff + aRows * lda), b = randomValues(bOff + bRows * ldb);
          const c0 = randomValues(cOff + M * ldc);
          const expected = refGemm(M, N, K, a, aOff, lda, ta, b, bOff, ldb, tb);

          const c = c0.slice();
          gemm(M, N, K, a, aOff, lda, ta, b, bOff, ldb, tb, c, cOff, ldc, false);
          const got = new Float64Array(M * N), gotAcc = new Float64Array(M * N), wantAcc = new Float64Array(M * N);
          for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) got[i * N + j] = c[cOff + i * ldc + j];
          expectClose(got, expected, 1e-4, 'overwrite');
          // Cells outside the view are untouched.
          for (let i = 0; i < cOff; i++) expect(c[i]).toBe(c0[i]);
          for (let i = 0; i < M; i++) for (let j = N; j < ldc && cOff + i * ldc + j < c.length; j++) {
            expect(c[cOff + i * ldc + j]).toBe(c0[cOff + i * ldc + j]);
          }

          const d = c0.slice();
          gemm(M, N, K, a, aOff, lda, ta, b, bOff, ldb, tb, d, cOff, ldc, true);
          for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
            gotAcc[i * N + j] = d[cOff + i * ldc + j];
            wantAcc[i * N + j] = c0[cOff + i * ldc + j] + expected[i * N + j];
          }
          expectClose(gotAcc, wantAcc, 1e-4, 'accumulate');
        });
      }
    }
  }

  it('K = 0 gives zeros (or leaves C when accumulating)', () => {
    const c = new Float32Array([1, 2, 3, 4, 5, 6]);
    gemm(2, 3, 0, new Float32Array(0), 0, 0, false, new Float32Array(0), 0, 3, false, c, 0, 3, true);
    expect(Array.from(c)).toEqual([1, 2, 3, 4, 5, 6]);
    gemm(2, 3, 0, new Float32Array(0), 0, 0, false, new Float32Array(0), 0, 3, false, c, 0, 3, false);
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('propagates NaN and Infinity like plain arithmetic', () => {
    const a = new Float32Array(8 * 8).fill(1), b = new Float32Array(8 * 8).fill(1);
    a[0] = NaN; // row 0 of C becomes NaN
    b[8 * 3 + 5] = Infinity; // column 5 of C becomes +Inf (other rows)
    const c = new Float32Array(64);
    gemm(8, 8, 8, a, 0, 8, false, b, 0, 8, false, c, 0, 8, false);
    for (let j = 0; j < 8; j++) expect(c[j]).toBeNaN();
    expect(c[8 + 5]).toBe(Infinity);
    expect(c[8 + 4]).toBe(8);
  });
});

// ---------------------------------------------------------------------------------------------
// BatchMatMul

describe('BatchMatMul', () => {
  const cases: { ba: number; bb: number; M: number; K: number; N: number; ta: boolean; tb: boolean }[] = [];
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    cases.push({ ba: 1, bb: 1, M: randInt(1, 40), K: randInt(1, 70), N: randInt(1, 40), ta, tb });
    cases.push({ ba: 3, bb: 3, M: randInt(5, 30), K: randInt(5, 30), N: randInt(5, 30), ta, tb });
    cases.push({ ba: 1, bb: 4, M: randInt(5, 20), K: randInt(1, 20), N: randInt(5, 20), ta, tb });
    cases.push({ ba: 2, bb: 1, M: randInt(1, 20), K: randInt(5, 20), N: randInt(1, 20), ta, tb });
  }
  cases.push({ ba: 1, bb: 1, M: 129, K: 300, N: 131, ta: false, tb: false });
  cases.push({ ba: 2, bb: 2, M: 67, K: 259, N: 97, ta: true, tb: true });
  cases.push({ ba: 5, bb: 1, M: 31, K: 45, N: 23, ta: false, tb: false }); // stacked into one GEMM
  cases.push({ ba: 5, bb: 1, M: 31, K: 45, N: 23, ta: false, tb: true });

  for (const cs of cases) {
    it(`[${cs.ba},${cs.M},${cs.K}]·[${cs.bb},${cs.K},${cs.N}] transA=${cs.ta} transB=${cs.tb}`, () => {
      const aShape = cs.ta ? [cs.ba, cs.K, cs.M] : [cs.ba, cs.M, cs.K];
      const bShape = cs.tb ? [cs.bb, cs.N, cs.K] : [cs.bb, cs.K, cs.N];
      const a = randomValues(sizeOf(aShape)), b = randomValues(sizeOf(bShape));
      const got = run('BatchMatMul', [put(a, aShape), put(b, bShape)], { transposeA: cs.ta, transposeB: cs.tb, ...fusedAttrs({}) });
      const ref = refMatMul(a, aShape, b, bShape, cs.ta, cs.tb);
      expect(got.shape).toEqual(ref.shape);
      expect(got.dtype).toBe('float32');
      expectClose(got.values, ref.values, 1e-4, 'vs reference');
      const theirs = tfValues(tf.matMul(tf.tensor3d(a, aShape as [number, number, number]), tf.tensor3d(b, bShape as [number, number, number]), cs.ta, cs.tb));
      expectClose(got.values, theirs, 1e-4, 'vs tfjs');
    });
  }

  for (const activation of ACTIVATIONS) {
    for (const scalarParams of [false, true]) {
      it(`fused bias + ${activation} (${scalarParams ? 'scalar' : 'per-column'} bias/alpha)`, () => {
        const M = randInt(3, 25), K = randInt(3, 25), N = randInt(3, 25);
        const a = randomValues(M * K, -2, 2), b = randomValues(K * N, -2, 2);
        const f: Fused = {
          bias: randomValues(scalarParams ? 1 : N),
          activation,
          leaky: 0.15,
          alpha: activation === 'prelu' ? randomValues(scalarParams ? 1 : N, 0, 0.5) : undefined,
        };
        const got = run('BatchMatMul', [put(a, [1, M, K]), put(b, [1, K, N]), ...fusedInputs(f)], {
          transposeA: false, transposeB: false, ...fusedAttrs(f),
        });
        const ref = refEpilogue(refMatMul(a, [1, M, K], b, [1, K, N], false, false).values, N, f);
        expectClose(got.values, ref, 1e-4, 'vs reference');
        const tff = tfFused(f);
        const theirs = tfValues(tf.fused.matMul({ a: tf.tensor2d(a, [M, K]), b: tf.tensor2d(b, [K, N]), ...tff }));
        expectClose(got.values, theirs, 1e-4, 'vs tfjs');
        // The activation really shaped the output (not everything linear by accident).
        if (activation === 'relu') expect(Array.from(got.values).some((v) => v === 0)).toBe(true);
        if (activation === 'sigmoid') {
          expect(Array.from(got.values).every((v) => v >= 0 && v <= 1)).toBe(true);
          expect(Array.from(got.values).some((v) => v > 0.01 && v < 0.99)).toBe(true);
        }
      });
    }
  }

  it('prelu alone (no bias) reads alpha from input 2', () => {
    const M = 6, K = 5, N = 7;
    const a = randomValues(M * K), b = randomValues(K * N);
    const f: Fused = { activation: 'prelu', alpha: randomValues(N, 0.1, 0.4) };
    const got = run('BatchMatMul', [put(a, [1, M, K]), put(b, [1, K, N]), ...fusedInputs(f)], {
      transposeA: false, transposeB: false, ...fusedAttrs(f),
    });
    expectClose(got.values, refEpilogue(refMatMul(a, [1, M, K], b, [1, K, N], false, false).values, N, f));
    expect(Array.from(got.values).some((v) => v < 0)).toBe(true);
  });

  it('an empty batch broadcast against a batch of 1 stays empty; K = 0 gives zeros', () => {
    const empty = run('BatchMatMul', [put(new Float32Array(0), [0, 2, 3]), put(randomValues(6), [1, 3, 2])], {
      transposeA: false, transposeB: false, ...fusedAttrs({}),
    });
    expect(empty.shape).toEqual([0, 2, 2]);
    expect(empty.values.length).toBe(0);
    const zeroK = run('BatchMatMul', [put(new Float32Array(0), [1, 2, 0]), put(new Float32Array(0), [1, 0, 3])], {
      transposeA: false, transposeB: false, ...fusedAttrs({}),
    });
    expect(zeroK.shape).toEqual([1, 2, 3]);
    expect(Array.from(zeroK.values)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('int32 inputs: integer products, int32 output, as TF.js', () => {
    const M = 9, K = 13, N = 6;
    const a = new Int32Array(M * K), b = new Int32Array(K * N);
    for (let i = 0; i < a.length; i++) a[i] = randInt(-50, 50);
    for (let i = 0; i < b.length; i++) b[i] = randInt(-50, 50);
    const got = run('BatchMatMul', [put(a, [1, M, K], 'int32'), put(b, [1, N, K], 'int32')], {
      transposeA: false, transposeB: true, ...fusedAttrs({}),
    });
    expect(got.dtype).toBe('int32');
    expect(got.values).toBeInstanceOf(Int32Array);
    // transB: b is read as [N, K].
    const ref = refMatMul(a, [1, M, K], b, [1, N, K], false, true);
    expect(Array.from(got.values)).toEqual(Array.from(ref.values));
    const theirs = tfValues(tf.matMul(tf.tensor2d(a, [M, K], 'int32'), tf.tensor2d(b, [N, K], 'int32'), false, true));
    expect(Array.from(got.values)).toEqual(Array.from(theirs));
  });
});

// ---------------------------------------------------------------------------------------------
// Conv2D

interface ConvCase {
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  pad: PaddingSpec;
}

function convCases(): ConvCase[] {
  const c: ConvCase[] = [
    { x: [1, 7, 9, 3], f: [3, 3, 3, 5], strides: [1, 1], dilations: [1, 1], pad: 'same' },
    { x: [2, 9, 8, 4], f: [3, 3, 4, 6], strides: [2, 2], dilations: [1, 1], pad: 'same' },
    { x: [1, 10, 11, 3], f: [2, 2, 3, 4], strides: [1, 1], dilations: [1, 1], pad: 'same' }, // even kernel: asymmetric pads
    { x: [2, 11, 10, 5], f: [4, 2, 5, 3], strides: [2, 1], dilations: [1, 1], pad: 'same' },
    { x: [1, 12, 13, 3], f: [3, 3, 3, 7], strides: [1, 1], dilations: [2, 2], pad: 'same' },
    { x: [1, 13, 12, 2], f: [3, 2, 2, 5], strides: [1, 1], dilations: [2, 3], pad: 'valid' },
    { x: [3, 8, 8, 6], f: [1, 1, 6, 9], strides: [1, 1], dilations: [1, 1], pad: 'valid' }, // pointwise GEMM path
    { x: [1, 9, 9, 6], f: [1, 1, 6, 5], strides: [2, 2], dilations: [1, 1], pad: 'same' }, // 1×1 strided
    { x: [1, 15, 14, 3], f: [5, 5, 3, 8], strides: [3, 2], dilations: [1, 1], pad: 'valid' },
    { x: [1, 40, 37, 64], f: [3, 3, 64, 9], strides: [1, 1], dilations: [1, 1], pad: 'same' }, // several im2col tiles
    { x: [1, 6, 7, 3], f: [3, 3, 3, 4], strides: [1, 1], dilations: [1, 1], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  ];
  for (let i = 0; i < 4; i++) {
    const k = randInt(1, 4);
    const x: ConvCase['x'] = [randInt(1, 2), randInt(k + 2, 14), randInt(k + 2, 14), randInt(1, 7)];
    const s = randInt(1, 2);
    c.push({ x, f: [k, randInt(1, 4), x[3], randInt(1, 9)], strides: [s, s], dilations: [1, 1], pad: i % 2 ? 'same' : 'valid' });
  }
  return c;
}

const describeConv = (c: ConvCase) =>
  `x=[${c.x}] f=[${c.f}] strides=[${c.strides}] dilations=[${c.dilations}] pad=${JSON.stringify(c.pad)}`;

/** TF.js takes one padding spec; explicit pads pass as they are. */
function tfPad(p: PaddingSpec): 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]] {
  return p as 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
}
/** TF.js conv ops refuse strides > 1 together with dilations > 1. */
const tfAccepts = (c: ConvCase) => (c.strides[0] === 1 && c.strides[1] === 1) || (c.dilations[0] === 1 && c.dilations[1] === 1);

describe('Conv2D', () => {
  for (const c of convCases()) {
    it(describeConv(c), () => {
      const x = randomValues(sizeOf(c.x)), w = randomValues(sizeOf(c.f));
      const info = computeConv2DInfo(c.x, c.f, c.strides, c.dilations, c.pad);
      const got = run('Conv2D', [put(x, c.x), put(w, c.f)], { info, ...fusedAttrs({}) });
      expect(got.shape).toEqual([info.batch, info.outH, info.outW, info.outC]);
      expectClose(got.values, refConv2D(x, w, info), 1e-4, 'vs reference');
      if (tfAccepts(c)) {
        const theirs = tfValues(tf.conv2d(tf.tensor4d(x, c.x), tf.tensor4d(w, c.f), c.strides, tfPad(c.pad), 'NHWC', c.dilations));
        expectClose(got.values, theirs, 1e-4, 'vs tfjs');
      }
    });
  }

  it('stride 2 with dilation 2 (checked against the reference only; TF.js refuses it)', () => {
    const xs: [number, number, number, number] = [2, 13, 12, 3], fs: [number, number, number, number] = [3, 3, 3, 4];
    const x = randomValues(sizeOf(xs)), w = randomValues(sizeOf(fs));
    const info = computeConv2DInfo(xs, fs, [2, 2], [2, 2], 'same');
    const got = run('Conv2D', [put(x, xs), put(w, fs)], { info, ...fusedAttrs({}) });
    expectClose(got.values, refConv2D(x, w, info));
  });

  for (const activation of ACTIVATIONS) {
    it(`fused bias + ${activation}`, () => {
      const xs: [number, number, number, number] = [2, 8, 9, 3], fs: [number, number, number, number] = [3, 3, 3, 6];
      const x = randomValues(sizeOf(xs), -2, 2), w = randomValues(sizeOf(fs));
      const f: Fused = { bias: randomValues(6), activation, leaky: 0.3, alpha: activation === 'prelu' ? randomValues(6, 0, 0.5) : undefined };
      const info = computeConv2DInfo(xs, fs, [2, 2], [1, 1], 'same');
      const got = run('Conv2D', [put(x, xs), put(w, fs), ...fusedInputs(f)], { info, ...fusedAttrs(f) });
      expectClose(got.values, refEpilogue(refConv2D(x, w, info), 6, f), 1e-4, 'vs reference');
      const theirs = tfValues(tf.fused.conv2d({ x: tf.tensor4d(x, xs), filter: tf.tensor4d(w, fs), strides: 2, pad: 'same', ...tfFused(f) }));
      expectClose(got.values, theirs, 1e-4, 'vs tfjs');
    });
  }

  it('pointwise path with bias and relu6', () => {
    const xs: [number, number, number, number] = [2, 5, 6, 7], fs: [number, number, number, number] = [1, 1, 7, 10];
    const x = randomValues(sizeOf(xs), -3, 3), w = randomValues(sizeOf(fs), -2, 2);
    const f: Fused = { bias: randomValues(1), activation: 'relu6' };
    const info = computeConv2DInfo(xs, fs, [1, 1], [1, 1], 'valid');
    const got = run('Conv2D', [put(x, xs), put(w, fs), ...fusedInputs(f)], { info, ...fusedAttrs(f) });
    const ref = refEpilogue(refConv2D(x, w, info), 10, f);
    expectClose(got.values, ref);
    expect(Array.from(got.values).some((v) => v === 6)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// DepthwiseConv2dNative

describe('DepthwiseConv2dNative', () => {
  const cases: (ConvCase & { mult: number })[] = [
    { x: [1, 9, 10, 4], f: [3, 3, 4, 1], strides: [1, 1], dilations: [1, 1], pad: 'same', mult: 1 },
    { x: [2, 11, 9, 5], f: [3, 3, 5, 1], strides: [2, 2], dilations: [1, 1], pad: 'same', mult: 1 },
    { x: [1, 10, 10, 3], f: [3, 3, 3, 2], strides: [1, 1], dilations: [1, 1], pad: 'same', mult: 2 },
    { x: [2, 8, 9, 3], f: [2, 2, 3, 3], strides: [1, 1], dilations: [1, 1], pad: 'same', mult: 3 },
    { x: [1, 13, 12, 4], f: [3, 3, 4, 1], strides: [1, 1], dilations: [2, 2], pad: 'same', mult: 1 },
    { x: [1, 12, 13, 2], f: [3, 3, 2, 2], strides: [1, 1], dilations: [2, 2], pad: 'valid', mult: 2 },
    { x: [1, 14, 15, 6], f: [5, 5, 6, 1], strides: [2, 2], dilations: [1, 1], pad: 'same', mult: 1 },
    { x: [3, 7, 7, 8], f: [4, 3, 8, 1], strides: [1, 2], dilations: [1, 1], pad: 'valid', mult: 1 },
    { x: [1, 5, 6, 3], f: [3, 3, 3, 1], strides: [1, 1], dilations: [1, 1], pad: [[0, 0], [1, 2], [2, 0], [0, 0]], mult: 1 },
  ];
  for (const c of cases) {
    it(describeConv(c), () => {
      const x = randomValues(sizeOf(c.x)), w = randomValues(sizeOf(c.f));
      const info = computeConv2DInfo(c.x, c.f, c.strides, c.dilations, c.pad, undefined, true);
      const got = run('DepthwiseConv2dNative', [put(x, c.x), put(w, c.f)], { info, ...fusedAttrs({}) });
      expect(got.shape).toEqual([c.x[0], info.outH, info.outW, c.x[3] * c.mult]);
      expectClose(got.values, refDepthwise(x, w, info), 1e-4, 'vs reference');
      const theirs = tfValues(tf.depthwiseConv2d(tf.tensor4d(x, c.x), tf.tensor4d(w, c.f), c.strides, tfPad(c.pad) as 'same', 'NHWC', c.dilations));
      expectClose(got.values, theirs, 1e-4, 'vs tfjs');
    });
  }

  it('stride 2 with dilation 2 (reference only)', () => {
    const xs: [number, number, number, number] = [1, 15, 14, 3], fs: [number, number, number, number] = [3, 3, 3, 2];
    const x = randomValues(sizeOf(xs)), w = randomValues(sizeOf(fs));
    const info = computeConv2DInfo(xs, fs, [2, 2], [2, 2], 'same', undefined, true);
    const got = run('DepthwiseConv2dNative', [put(x, xs), put(w, fs)], { info, ...fusedAttrs({}) });
    expectClose(got.values, refDepthwise(x, w, info));
  });

  for (const activation of ACTIVATIONS) {
    it(`fused bias + ${activation}`, () => {
      const xs: [number, number, number, number] = [2, 7, 8, 4], fs: [number, number, number, number] = [3, 3, 4, 2];
      const x = randomValues(sizeOf(xs), -2, 2), w = randomValues(sizeOf(fs));
      const f: Fused = { bias: randomValues(8), activation, leaky: 0.25, alpha: activation === 'prelu' ? randomValues(8, 0, 0.5) : undefined };
      const info = computeConv2DInfo(xs, fs, [1, 1], [1, 1], 'same', undefined, true);
      const got = run('DepthwiseConv2dNative', [put(x, xs), put(w, fs), ...fusedInputs(f)], { info, ...fusedAttrs(f) });
      expectClose(got.values, refEpilogue(refDepthwise(x, w, info), 8, f), 1e-4, 'vs reference');
      const theirs = tfValues(tf.fused.depthwiseConv2d({ x: tf.tensor4d(x, xs), filter: tf.tensor4d(w, fs), strides: 1, pad: 'same', ...tfFused(f) }));
      expectClose(got.values, theirs, 1e-4, 'vs tfjs');
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Conv2DBackpropInput (conv2dTranspose)

describe('Conv2DBackpropInput', () => {
  const cases: ConvCase[] = [
    { x: [1, 8, 8, 3], f: [3, 3, 3, 5], strides: [2, 2], dilations: [1, 1], pad: 'same' },
    { x: [2, 9, 7, 4], f: [3, 3, 4, 6], strides: [1, 1], dilations: [1, 1], pad: 'same' },
    { x: [1, 10, 11, 2], f: [2, 2, 2, 3], strides: [2, 2], dilations: [1, 1], pad: 'same' },
    { x: [1, 11, 10, 3], f: [4, 3, 3, 2], strides: [3, 2], dilations: [1, 1], pad: 'valid' },
    { x: [2, 6, 6, 5], f: [1, 1, 5, 4], strides: [1, 1], dilations: [1, 1], pad: 'valid' }, // pointwise path
    { x: [1, 9, 9, 4], f: [1, 1, 4, 3], strides: [2, 2], dilations: [1, 1], pad: 'valid' },
    { x: [1, 40, 36, 16], f: [3, 3, 16, 40], strides: [1, 1], dilations: [1, 1], pad: 'same' }, // several tiles
  ];
  for (const c of cases) {
    it(describeConv(c), () => {
      const info = computeConv2DInfo(c.x, c.f, c.strides, c.dilations, c.pad);
      const dyShape: [number, number, number, number] = [info.batch, info.outH, info.outW, info.outC];
      const dy = randomValues(sizeOf(dyShape)), w = randomValues(sizeOf(c.f));
      const got = run('Conv2DBackpropInput', [put(dy, dyShape), put(w, c.f)], { info });
      expect(got.shape).toEqual(c.x);
      expectClose(got.values, refConvBackpropInput(dy, w, info), 1e-4, 'vs reference');
      const theirs = tfValues(tf.conv2dTranspose(tf.tensor4d(dy, dyShape), tf.tensor4d(w, c.f), c.x, c.strides, c.pad as 'same' | 'valid'));
      expectClose(got.values, theirs, 1e-4, 'vs tfjs');
    });
  }

  it('dilation 2 (reference only; TF.js conv2dTranspose has no dilations)', () => {
    const xs: [number, number, number, number] = [2, 12, 11, 3], fs: [number, number, number, number] = [3, 3, 3, 4];
    const info = computeConv2DInfo(xs, fs, [1, 1], [2, 2], 'same');
    const dyShape = [info.batch, info.outH, info.outW, info.outC];
    const dy = randomValues(sizeOf(dyShape)), w = randomValues(sizeOf(fs));
    const got = run('Conv2DBackpropInput', [put(dy, dyShape), put(w, fs)], { info });
    expectClose(got.values, refConvBackpropInput(dy, w, info));
  });

  it('is the adjoint of Conv2D: <conv(x), dy> = <x, convT(dy)>', () => {
    const xs: [number, number, number, number] = [2, 9, 10, 3], fs: [number, number, number, number] = [3, 2, 3, 4];
    const info = computeConv2DInfo(xs, fs, [2, 2], [1, 1], 'same');
    const x = randomValues(sizeOf(xs)), w = randomValues(sizeOf(fs));
    const dyShape = [info.batch, info.outH, info.outW, info.outC];
    const dy = randomValues(sizeOf(dyShape));
    const y = run('Conv2D', [put(x, xs), put(w, fs)], { info, ...fusedAttrs({}) }).values;
    const dx = run('Conv2DBackpropInput', [put(dy, dyShape), put(w, fs)], { info }).values;
    let lhs = 0, rhs = 0;
    for (let i = 0; i < y.length; i++) lhs += y[i] * dy[i];
    for (let i = 0; i < dx.length; i++) rhs += x[i] * dx[i];
    expect(Math.abs(lhs)).toBeGreaterThan(1e-3);
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * Math.max(1, Math.abs(lhs)));
  });
});

// ---------------------------------------------------------------------------------------------
// Pools

describe('MaxPool / AvgPool', () => {
  const cases: { x: [number, number, number, number]; k: [number, number]; strides: [number, number]; dilations: [number, number]; pad: PaddingSpec }[] = [
    { x: [1, 8, 9, 3], k: [2, 2], strides: [2, 2], dilations: [1, 1], pad: 'valid' },
    { x: [2, 9, 7, 4], k: [3, 3], strides: [2, 2], dilations: [1, 1], pad: 'same' },
    { x: [1, 10, 11, 2], k: [2, 3], strides: [1, 1], dilations: [1, 1], pad: 'same' },
    { x: [1, 11, 10, 5], k: [4, 4], strides: [3, 2], dilations: [1, 1], pad: 'same' },
    { x: [2, 12, 12, 3], k: [3, 3], strides: [1, 1], dilations: [2, 2], pad: 'valid' },
    { x: [1, 7, 9, 2], k: [3, 3], strides: [1, 1], dilations: [1, 1], pad: 1 },
  ];
  for (const c of cases) {
    for (const kind of ['max', 'avg'] as const) {
      it(`${kind} x=[${c.x}] k=[${c.k}] strides=[${c.strides}] dilations=[${c.dilations}] pad=${c.pad}`, () => {
        const x = randomValues(sizeOf(c.x));
        const info = computeConv2DInfo(c.x, [c.k[0], c.k[1], c.x[3], c.x[3]], c.strides, c.dilations, c.pad);
        const got = run(kind === 'max' ? 'MaxPool' : 'AvgPool', [put(x, c.x)], { info });
        expect(got.shape).toEqual([c.x[0], info.outH, info.outW, c.x[3]]);
        expectClose(got.values, refPool(x, info, kind), 1e-5, 'vs reference');
        const xt = tf.tensor4d(x, c.x);
        const dilated = c.dilations[0] > 1 || c.dilations[1] > 1;
        const theirs = dilated
          ? tf.pool(xt, c.k, kind, c.pad as 'valid', c.dilations, c.strides)
          : kind === 'max'
            ? tf.maxPool(xt, c.k, c.strides, c.pad as 'same')
            : tf.avgPool(xt, c.k, c.strides, c.pad as 'same');
        expectClose(got.values, tfValues(theirs), 1e-5, 'vs tfjs');
      });
    }
  }

  it('dilation 2 with same padding ignores padded cells (reference only)', () => {
    const xs: [number, number, number, number] = [1, 9, 10, 3];
    const x = randomValues(sizeOf(xs), 0.5, 2); // positive, so padding zeros would change max and avg
    const info = computeConv2DInfo(xs, [3, 3, 3, 3], [2, 2], [2, 2], 'same');
    for (const kind of ['max', 'avg'] as const) {
      const got = run(kind === 'max' ? 'MaxPool' : 'AvgPool', [put(x, xs)], { info });
      expectClose(got.values, refPool(x, info, kind), 1e-5, kind);
      expect(Array.from(got.values).every((v) => v >= 0.5)).toBe(true);
    }
  });

  it('MaxPool propagates NaN; AvgPool too', () => {
    const xs: [number, number, number, number] = [1, 4, 4, 2];
    const x = randomValues(16 * 2);
    x[(1 * 4 + 1) * 2 + 0] = NaN; // pixel (1,1), channel 0
    const info = computeConv2DInfo(xs, [2, 2, 2, 2], [2, 2], [1, 1], 'valid');
    const max = run('MaxPool', [put(x, xs)], { info }).values;
    const avg = run('AvgPool', [put(x, xs)], { info }).values;
    expect(max[0]).toBeNaN();
    expect(avg[0]).toBeNaN();
    expect(max[1]).toBe(Math.max(x[1], x[3], x[9], x[11]));
    expectClose(max, refPool(x, info, 'max'), 0, 'max');
  });

  it('int32 MaxPool keeps the dtype', () => {
    const xs: [number, number, number, number] = [1, 5, 5, 1];
    const x = new Int32Array(25);
    for (let i = 0; i < 25; i++) x[i] = randInt(-100, 100);
    const info = computeConv2DInfo(xs, [2, 2, 1, 1], [1, 1], [1, 1], 'same');
    const got = run('MaxPool', [put(x, xs, 'int32')], { info });
    expect(got.dtype).toBe('int32');
    expect(Array.from(got.values)).toEqual(Array.from(refPool(x, info, 'max')));
    expect(Array.from(got.values)).toEqual(Array.from(tfValues(tf.maxPool(tf.tensor4d(x, xs, 'int32'), 2, 1, 'same'))));
  });
});

// ---------------------------------------------------------------------------------------------
// Resizes

describe('ResizeBilinear / ResizeNearestNeighbor', () => {
  const shapes: { x: [number, number, number, number]; size: [number, number] }[] = [
    { x: [1, 4, 5, 3], size: [8, 10] },
    { x: [2, 7, 6, 2], size: [3, 4] },
    { x: [1, 5, 5, 1], size: [5, 5] },
    { x: [1, 3, 4, 2], size: [1, 7] },
    { x: [1, 1, 1, 3], size: [4, 3] },
    { x: [2, 9, 4, 3], size: [13, 2] },
  ];
  const flags: [boolean, boolean][] = [[false, false], [true, false], [false, true]];
  for (const s of shapes) {
    for (const [align, half] of flags) {
      const label = `x=[${s.x}] → [${s.size}] alignCorners=${align} halfPixelCenters=${half}`;
      it(`bilinear ${label}`, () => {
        const x = randomValues(sizeOf(s.x), -5, 5);
        const attrs = { newHeight: s.size[0], newWidth: s.size[1], alignCorners: align, halfPixelCenters: half };
        const got = run('ResizeBilinear', [put(x, s.x)], attrs);
        expect(got.shape).toEqual([s.x[0], s.size[0], s.size[1], s.x[3]]);
        expect(got.dtype).toBe('float32');
        expectClose(got.values, refResize(x, s.x, s.size[0], s.size[1], align, half, false), 1e-5, 'vs reference');
        const theirs = tfValues(tf.image.resizeBilinear(tf.tensor4d(x, s.x), s.size, align, half));
        expectClose(got.values, theirs, 1e-6, 'vs tfjs');
      });
      it(`nearest ${label}`, () => {
        const x = new Int32Array(sizeOf(s.x));
        for (let i = 0; i < x.length; i++) x[i] = randInt(-1000, 1000);
        const attrs = { newHeight: s.size[0], newWidth: s.size[1], alignCorners: align, halfPixelCenters: half };
        const got = run('ResizeNearestNeighbor', [put(x, s.x, 'int32')], attrs);
        expect(got.dtype).toBe('int32');
        expect(Array.from(got.values)).toEqual(Array.from(refResize(x, s.x, s.size[0], s.size[1], align, half, true)));
        const theirs = tfValues(tf.image.resizeNearestNeighbor(tf.tensor4d(x, s.x, 'int32'), s.size, align, half));
        expect(Array.from(got.values)).toEqual(Array.from(theirs));
      });
    }
  }

  it('nearest keeps float32 values exactly', () => {
    const xs: [number, number, number, number] = [1, 3, 3, 2];
    const x = randomValues(18);
    const got = run('ResizeNearestNeighbor', [put(x, xs)], { newHeight: 7, newWidth: 5, alignCorners: false, halfPixelCenters: true });
    expect(got.dtype).toBe('float32');
    const theirs = tfValues(tf.image.resizeNearestNeighbor(tf.tensor4d(x, xs), [7, 5], false, true));
    expect(Array.from(got.values)).toEqual(Array.from(theirs));
  });
});
