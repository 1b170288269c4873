// Gradient checking by central finite differences in float64.
//
// The numeric gradient is taken on the float64 naive reference of the op (test/reference/naive.js
// and naive-extra.js), never on Sprout itself, so a wrong forward kernel cannot hide a wrong
// gradient. The analytic gradient is Sprout's `grads` of the scalar loss
//   L(x…) = Σ op(x…) · r
// with a fixed random projection r (so every output element matters and errors cannot cancel).
// Sprout's forward is checked against the reference first (a gradient check against the wrong
// function would prove nothing), and the kernels that ran on a path from the differentiated inputs
// are recorded so the tests can prove which gradient rules a check exercised.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as sp from '../../src/index.js';
import { ENGINE, type KernelRecord, type Tensor } from '../../src/tensor/index.js';

/** A naive reference tensor: row-major float64 values. */
export interface NT {
  shape: number[];
  data: number[];
}

// The references are plain .js modules shared with the browser page; loaded by URL so TypeScript
// needs no declarations for them (as test/ops/cases.test.ts does).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Module = Record<string, any>;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** test/reference/naive.js */
export const N = (await import(pathToFileURL(join(ROOT, 'test/reference/naive.js')).href)) as Module;
/** test/reference/naive-extra.js (backward kernels) */
export const NX = (await import(pathToFileURL(join(ROOT, 'test/reference/naive-extra.js')).href)) as Module;

// ---- random inputs ----------------------------------------------------------------------------

/** mulberry32: small, seeded and deterministic, so every failure reproduces. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(lo: number, hi: number): number { return lo + (hi - lo) * this.next(); }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
  bool(): boolean { return this.next() < 0.5; }
}

/** FNV-1a of a string: seeds each check from its name. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}

/** How one differentiable input is drawn. Values are rounded to float32 so both sides see the same. */
export interface InputSpec {
  shape: number[];
  /** Uniform range (default [-1, 1]). */
  range?: [number, number];
  /** Rejects a value (redrawn): keeps inputs off kinks, e.g. `near([0], 0.05)` for relu. */
  avoid?: (v: number) => boolean;
  /**
   * All values distinct and at least (hi − lo)/(2n) apart: an evenly spaced grid, shuffled and
   * jittered. For maxima, sorts and argmax, so no tie (a kink) is within reach of the step.
   */
  distinct?: boolean;
  /** Explicit values (overrides the rest). */
  values?: number[];
}

/** `avoid` predicate: within `margin` of any of `points`. */
export const near = (points: number[], margin = 0.05) => (v: number): boolean => points.some((p) => Math.abs(v - p) < margin);
/** `avoid` predicate: within `margin` of an integer (floor, ceil, mod, int casts). */
export const nearInteger = (margin = 0.05) => (v: number): boolean => Math.abs(v - Math.round(v)) < margin;
/** `avoid` predicate: within `margin` of a half-integer (round). */
export const nearHalf = (margin = 0.05) => (v: number): boolean => Math.abs(v - Math.floor(v) - 0.5) < margin;

function draw(spec: InputSpec, rng: Rng): number[] {
  const n = spec.shape.reduce((p, d) => p * d, 1);
  if (spec.values) {
    if (spec.values.length !== n) throw new Error(`input values: ${spec.values.length} for shape [${spec.shape}]`);
    return spec.values.map((v) => Math.fround(v));
  }
  const [lo, hi] = spec.range ?? [-1, 1];
  if (spec.distinct) {
    const step = (hi - lo) / n;
    const vals = Array.from({ length: n }, (_, i) => lo + step * (i + 0.25 + 0.5 * rng.next()));
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [vals[i], vals[j]] = [vals[j], vals[i]];
    }
    return vals.map((v) => Math.fround(v));
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let v = Math.fround(rng.uniform(lo, hi));
    for (let tries = 0; spec.avoid?.(v); tries++) {
      if (tries > 1000) throw new Error('input spec: `avoid` rejects the whole range');
      v = Math.fround(rng.uniform(lo, hi));
    }
    out.push(v);
  }
  return out;
}

// ---- the check --------------------------------------------------------------------------------

export interface GradCheck {
  /** The differentiable inputs (constants such as indices are closed over by `f` and `ref`). */
  inputs: InputSpec[];
  /** The op on Sprout tensors; must return a float32 tensor. */
  f: (...xs: Tensor[]) => Tensor;
  /** The same op on float64 naive tensors. */
  ref: (...xs: NT[]) => NT;
  /** Inputs to differentiate (indices into `inputs`; default all). The others stay constant. */
  wrt?: number[];
  /** Seed of the inputs and the projection. */
  seed: number;
  /**
   * Gradient tolerance: |analytic − numeric| ≤ tol · max(1, |numeric|). Default 2e-5: the float32
   * analytic gradients of every case here are within 3e-7 of the float64 numeric ones, so this
   * leaves a wide margin for rounding while a 0.01% error in a kernel still fails.
   */
  tol?: number;
  /** Forward tolerance against the reference, same form. Default 1e-4. */
  forwardTol?: number;
  /** Finite-difference step (default 1e-6; the reference is float64, so truncation error is ~h²). */
  h?: number;
}

export interface GradReport {
  /** Kernels that ran on a path from a differentiated input to the result. */
  kernels: Set<string>;
  /** Largest |analytic − numeric| / max(1, |numeric|). */
  maxError: number;
  /** Gradient elements compared. */
  checked: number;
  /** Largest |numeric| seen (a check of all-zero gradients proves little; tests may assert on it). */
  maxMagnitude: number;
}

const loss = (y: NT, r: number[]): number => {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += y.data[i] * r[i];
  return s;
};

/**
 * Checks Sprout's gradient of Σ f(x…)·r against central differences of Σ ref(x…)·r in float64.
 * Throws with the worst element on failure; returns what it checked.
 */
export function checkGradients(c: GradCheck): GradReport {
  const rng = new Rng(c.seed);
  const values = c.inputs.map((s) => draw(s, rng));
  const naive = (vals: number[][]): NT[] => vals.map((v, i) => ({ shape: c.inputs[i].shape.slice(), data: v.slice() }));
  const y0 = c.ref(...naive(values));
  const r = y0.data.map(() => Math.fround(rng.uniform(-1, 1)));
  const wrt = c.wrt ?? c.inputs.map((_, i) => i);
  const tol = c.tol ?? 2e-5;
  const fTol = c.forwardTol ?? 1e-4;
  const h = c.h ?? 1e-6;

  // Forward check and the kernels on a path from the differentiated inputs.
  const kernels = new Set<string>();
  sp.tidy(() => {
    const xs = values.map((v, i) => sp.tensor(v, c.inputs[i].shape, 'float32'));
    const reach = new Set(wrt.map((i) => xs[i].id));
    const listener = (rec: KernelRecord) => {
      if (!rec.inputs.some((t) => reach.has(t.id))) return;
      kernels.add(rec.name);
      for (const t of rec.outputs) reach.add(t.id);
    };
    ENGINE.kernelListeners.push(listener);
    let y: Tensor;
    try {
      y = c.f(...xs);
    } finally {
      ENGINE.kernelListeners.splice(ENGINE.kernelListeners.indexOf(listener), 1);
    }
    if (y.shape.join() !== y0.shape.join()) throw new Error(`forward shape [${y.shape}], reference [${y0.shape}]`);
    if (y.dtype !== 'float32') throw new Error(`forward dtype ${y.dtype}, expected float32`);
    const got = y.dataSync();
    for (let i = 0; i < got.length; i++) {
      const want = y0.data[i];
      if (!(Math.abs(got[i] - want) <= fTol * Math.max(1, Math.abs(want)))) {
        throw new Error(`forward differs from the reference at ${i}: ${got[i]} vs ${want}`);
      }
    }
  });

  // Analytic gradients of the projected loss.
  const analytic: Float32Array[] = sp.tidy(() => {
    const xs = values.map((v, i) => sp.tensor(v, c.inputs[i].shape, 'float32'));
    const rT = sp.tensor(r, y0.shape, 'float32');
    const g = sp.grads((...sel: Tensor[]) => {
      const all = xs.slice();
      wrt.forEach((k, j) => { all[k] = sel[j]; });
      return sp.sum(sp.mul(c.f(...all), rT));
    });
    const out = g(wrt.map((k) => xs[k]));
    return out.map((t, j) => {
      if (t.shape.join() !== c.inputs[wrt[j]].shape.join()) {
        throw new Error(`gradient of input ${wrt[j]} has shape [${t.shape}], expected [${c.inputs[wrt[j]].shape}]`);
      }
      return t.dataSync() as Float32Array;
    });
  });

  // Numeric gradients on the reference, one element at a time.
  let maxError = 0, checked = 0, maxMagnitude = 0;
  wrt.forEach((k, j) => {
    const v = values[k];
    for (let e = 0; e < v.length; e++) {
      const orig = v[e];
      const step = h * Math.max(1, Math.abs(orig));
      v[e] = orig + step;
      const lp = loss(c.ref(...naive(values)), r);
      v[e] = orig - step;
      const lm = loss(c.ref(...naive(values)), r);
      v[e] = orig;
      const num = (lp - lm) / (2 * step);
      const ana = analytic[j][e];
      const err = Math.abs(ana - num) / Math.max(1, Math.abs(num));
      if (!(err <= tol)) {
        throw new Error(`gradient of input ${k} [${c.inputs[k].shape}] at element ${e}: analytic ${ana}, numeric ${num} (error ${err.toExponential(2)} > ${tol})`);
      }
      maxError = Math.max(maxError, err);
      maxMagnitude = Math.max(maxMagnitude, Math.abs(num));
      checked++;
    }
  });
  return { kernels, maxError, checked, maxMagnitude };
}
