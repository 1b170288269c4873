// Helpers shared by the case modules: a seeded PRNG, the case wrapper (leak check + deferred,
// async reads so cases also run on backends without synchronous reads) and input generators.
// Pure ES module: imports nothing Node-only or browser-only.
import { assertClose, assertDtype, assertShape, fail, flat } from './assert.js';
import { sizeOf } from '../reference/naive.js';

// ---- PRNG -------------------------------------------------------------------------------------

/** 32-bit FNV-1a hash of a string (seeds each case from its name). */
export function hashString(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a small, seeded, deterministic PRNG. */
export class Prng {
  constructor(seed) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform float in [lo, hi). */
  uniform(lo = 0, hi = 1) {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }

  /** `n` float32-representable values in [lo, hi). */
  floats(n, lo = -1, hi = 1) {
    return Array.from({ length: n }, () => Math.fround(this.uniform(lo, hi)));
  }

  /** `n` integers in [lo, hi]. */
  ints(n, lo, hi) {
    return Array.from({ length: n }, () => this.int(lo, hi));
  }

  /** A random shape of `rank` dims each in [minDim, maxDim]. */
  shape(rank, minDim = 1, maxDim = 4) {
    return Array.from({ length: rank }, () => this.int(minDim, maxDim));
  }

  /** A naive reference tensor of float32-representable values. */
  tensor(shape, lo = -1, hi = 1) {
    return { shape: shape.slice(), data: this.floats(sizeOf(shape), lo, hi) };
  }

  /** A naive reference tensor of integers. */
  intTensor(shape, lo, hi) {
    return { shape: shape.slice(), data: this.ints(sizeOf(shape), lo, hi) };
  }
}

// ---- cases ------------------------------------------------------------------------------------

/** The per-run context a case body receives. */
class Ctx {
  constructor(sp, backend, name) {
    this.sp = sp;
    this.backend = backend;
    this.rng = new Prng(hashString(name));
    this.pending = [];
  }

  /** A library tensor from a naive reference tensor (or values + shape). */
  t(ref, dtype) {
    return this.sp.tensor(ref.data, ref.shape, dtype);
  }

  /**
   * Checks a tensor: dtype and shape at once, values after the body ran (read with `await
   * t.data()`). `expected` is a naive `{shape, data}` (its shape is checked too), nested or flat
   * values, or a number.
   */
  expect(t, expected, { shape, dtype, rtol, atol, what = 'result' } = {}) {
    if (!t || typeof t.dataSync !== 'function') fail(`${what}: expected a Tensor, got ${t === null ? 'null' : typeof t}`);
    const expShape = shape ?? (expected && typeof expected === 'object' && Array.isArray(expected.shape) ? expected.shape : undefined);
    if (expShape) assertShape(t, expShape, `${what} shape`);
    if (dtype) assertDtype(t, dtype, `${what} dtype`);
    const exp = flat(expected);
    if (t.size !== exp.length) fail(`${what}: tensor has ${t.size} element(s) (shape [${t.shape}]), expected ${exp.length}`);
    const isFloat = t.dtype === 'float32';
    this.pending.push({ t, exp, rtol: rtol ?? (isFloat ? 1e-5 : 0), atol: atol ?? (isFloat ? 1e-6 : 0), what });
  }

  /** Reads a tensor's values now (awaits `data()`); returns a plain array. */
  async read(t) {
    return Array.from(await t.data(), Number);
  }

  async flush() {
    const items = this.pending;
    this.pending = [];
    for (const p of items) {
      const values = await p.t.data();
      assertClose(values, p.exp, { rtol: p.rtol, atol: p.atol, what: p.what });
    }
  }
}

function leakCheck(sp, before, name) {
  const after = sp.memory().numTensors;
  if (after !== before) fail(`${name}: ${after - before > 0 ? 'leaked' : 'over-disposed'} ${Math.abs(after - before)} tensor(s) (numTensors ${before} → ${after})`);
}

/**
 * Defines a case. The body `(ctx) => void | Promise<void>` runs inside `sp.scope`, so every
 * tensor it makes is freed; the case then checks that `memory().numTensors` is back to where it
 * was (no leaks, no double frees).
 */
export function defineCase(name, body) {
  return {
    name,
    async run(sp, backend) {
      const before = sp.memory().numTensors;
      await sp.scope(async () => {
        const ctx = new Ctx(sp, backend, name);
        await body(ctx);
        await ctx.flush();
      });
      leakCheck(sp, before, name);
    },
  };
}

/**
 * Defines a case that manages memory itself (tidy/keep/dispose tests): no scope around it, but the
 * leak check still applies.
 */
export function defineRawCase(name, body) {
  return {
    name,
    async run(sp, backend) {
      const before = sp.memory().numTensors;
      const ctx = new Ctx(sp, backend, name);
      await body(ctx);
      await ctx.flush();
      leakCheck(sp, before, name);
    },
  };
}

/** Checks names are unique (called by index.js). */
export function checkUniqueNames(cases) {
  const seen = new Set();
  for (const c of cases) {
    if (typeof c.name !== 'string' || !c.name) throw new Error('a case has no name');
    if (seen.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
    seen.add(c.name);
  }
  return cases;
}
