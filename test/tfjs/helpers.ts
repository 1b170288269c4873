// Shared by the TF.js comparison suites: a seeded case generator, the same inputs on both sides,
// and the comparison with a tolerance of 1e-4 relative to the output's range.
import { afterAll, beforeAll, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';

export type SpTensor = sp.Tensor;
export type TfTensor = tf.Tensor;
export type DT = 'float32' | 'int32' | 'bool';

beforeAll(async () => {
  // TF.js prints a "Hi, looks like you are running TensorFlow.js in Node.js" banner once.
  const warn = console.warn;
  console.warn = () => {};
  try {
    await tf.setBackend('cpu');
    await tf.ready();
    tf.tensor([0]).dispose();
  } finally {
    console.warn = warn;
  }
  await sp.setBackend('cpu');
});

afterAll(() => {
  tf.disposeVariables();
});

// ---- seeded randomness (as compare.test.ts) -------------------------------------------------

/** mulberry32: small, seedable, good enough for drawing test cases. */
export class Gen {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  float(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  shape(rank: number, lo = 1, hi = 4): number[] {
    return Array.from({ length: rank }, () => this.int(lo, hi));
  }
  floats(n: number, lo: number, hi: number): Float32Array {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = this.float(lo, hi);
    return a;
  }
  ints(n: number, lo: number, hi: number): Int32Array {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = this.int(lo, hi);
    return a;
  }
  bools(n: number): Uint8Array {
    const a = new Uint8Array(n);
    for (let i = 0; i < n; i++) a[i] = this.bool() ? 1 : 0;
    return a;
  }
  perm(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }
}

export const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** The same values as a Sprout tensor and a TF.js tensor. */
export function pair(values: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: DT = 'float32'): [SpTensor, TfTensor] {
  const spT = sp.tensor(dtype === 'bool' ? Array.from(values, (v) => v !== 0) : values.slice(), shape, dtype);
  const tfT = tf.tensor(dtype === 'bool' ? Array.from(values, (v) => v !== 0) : values.slice(), shape, dtype);
  return [spT, tfT];
}

export function randPair(g: Gen, shape: number[], lo = -3, hi = 3, dtype: DT = 'float32'): [SpTensor, TfTensor] {
  const n = size(shape);
  if (dtype === 'int32') return pair(g.ints(n, Math.ceil(lo), Math.floor(hi)), shape, 'int32');
  if (dtype === 'bool') return pair(g.bools(n), shape, 'bool');
  return pair(g.floats(n, lo, hi), shape, 'float32');
}

// ---- comparison ---------------------------------------------------------------------------

/** Asserts a Sprout result equals the TF.js reference: shape, dtype (unless off) and values. */
export function close(got: SpTensor, want: TfTensor, what: string, opts: { dtype?: boolean; rtol?: number } = {}): void {
  expect(got.shape, `${what}: shape`).toEqual(want.shape);
  if (opts.dtype !== false) expect(got.dtype, `${what}: dtype`).toBe(want.dtype);
  closeValues(got.dataSync(), want.dataSync() as ArrayLike<number>, what, opts.rtol);
}

/** Asserts a Sprout result equals a hand-computed reference (flat values in row-major order). */
export function closeTo(got: SpTensor, shape: number[], want: ArrayLike<number>, what: string, dtype?: DT, rtol?: number): void {
  expect(got.shape, `${what}: shape`).toEqual(shape);
  if (dtype) expect(got.dtype, `${what}: dtype`).toBe(dtype);
  closeValues(got.dataSync(), want, what, rtol);
}

/** Compares flat values with the suite's tolerance; reports the first mismatches. */
export function closeValues(g: ArrayLike<number>, w: ArrayLike<number>, what: string, rtol = 1e-4): void {
  expect(g.length, `${what}: number of values`).toBe(w.length);
  let range = 1;
  for (let i = 0; i < w.length; i++) if (Number.isFinite(w[i])) range = Math.max(range, Math.abs(w[i]));
  const tol = rtol * range;
  const bad: string[] = [];
  for (let i = 0; i < w.length && bad.length < 6; i++) {
    const a = g[i], e = w[i];
    const ok = Number.isNaN(e) ? Number.isNaN(a) : Number.isFinite(e) ? Math.abs(a - e) <= tol : a === e;
    if (!ok) bad.push(`[${i}] got ${a}, expected ${e}`);
  }
  expect(bad, `${what}: values differ (tolerance ${tol.toExponential(2)})`).toEqual([]);
}

/** More draws per op for a soak run: SPROUT_COMPARE_SCALE=10 npx vitest run test/tfjs */
export const SCALE = Math.max(1, Number(process.env.SPROUT_COMPARE_SCALE) || 1);

/** Runs `n` random cases of one op inside tidies on both sides. */
export function cases(seed: number, n: number, body: (g: Gen, i: number) => void): void {
  const g = new Gen(seed);
  for (let i = 0; i < n * SCALE; i++) {
    sp.tidy(() => {
      tf.tidy(() => {
        body(g, i);
      });
    });
  }
}

export const fmt = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
