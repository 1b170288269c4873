// The extended op set against TensorFlow.js 4.22 (its CPU backend) on random cases.
//
// Same rules as compare.test.ts: every case draws shapes and parameters from a seeded PRNG (so a
// failure reproduces), builds the same input on both sides and compares shape, dtype and values
// with a tolerance of 1e-4 relative to the output's range (max |ref| over finite reference values,
// at least 1); NaN must match NaN and ±∞ must match exactly.
//
// Where TF.js is wrong, throws where Sprout accepts, or differs on purpose, the comment says so and
// the test checks against a hand computation (a plain-JS loop written here from the op's
// definition) or against TF.js on an equivalent input. Expected values never come from Sprout.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';

import { cases, close, closeTo, closeValues, fmt, Gen, pair, randPair, size, SCALE, type DT, type SpTensor, type TfTensor } from './helpers.ts';
type Rounding = 'floor' | 'round' | 'ceil';

const flat = (t: SpTensor) => Array.from(t.dataSync() as ArrayLike<number>);

/** Row-major strides of a shape. */
function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/** Calls f with every multi-index of `shape` in row-major order. */
function forEachIndex(shape: readonly number[], f: (idx: number[]) => void): void {
  const n = size(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    f(idx);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

const roundBy = (v: number, mode: Rounding | undefined) => (mode === 'ceil' ? Math.ceil(v) : mode === 'round' ? Math.round(v) : Math.floor(v));

/** Output size of one conv/pool dimension under TensorFlow's rules. */
function outDim(inSize: number, k: number, s: number, d: number, pad: 'same' | 'valid' | number, mode?: Rounding): number {
  const eff = (k - 1) * d + 1;
  if (pad === 'same') return Math.ceil(inSize / s);
  if (pad === 'valid') return Math.ceil((inSize - eff + 1) / s);
  return roundBy((inSize - eff + 2 * pad) / s + 1, mode);
}

/** Padding before of one dimension ('same': half the total, the extra pixel at the end). */
function padBefore(inSize: number, k: number, s: number, d: number, pad: 'same' | 'valid' | number): number {
  if (pad === 'valid') return 0;
  if (typeof pad === 'number') return pad;
  const eff = (k - 1) * d + 1;
  const out = Math.ceil(inSize / s);
  return Math.floor(Math.max(0, (out - 1) * s + eff - inSize) / 2);
}

/**
 * Hand reference for max/avg pooling over [batch, ...spatial, channels] with any number of
 * spatial dims: padded cells are skipped (TensorFlow's MaxPool/AvgPool semantics).
 */
function naivePool(
  x: ArrayLike<number>, xShape: number[], win: number[], strides: number[], dil: number[], before: number[], outSpatial: number[], kind: 'max' | 'avg',
): number[] {
  const nd = win.length;
  const inSpatial = xShape.slice(1, 1 + nd), C = xShape[nd + 1];
  const xs = stridesOf(xShape);
  const out: number[] = [];
  forEachIndex([xShape[0], ...outSpatial, C], (o) => {
    const b = o[0], c = o[nd + 1];
    let acc = kind === 'max' ? -Infinity : 0, count = 0;
    forEachIndex(win, (w) => {
      let off = b * xs[0] + c;
      for (let d = 0; d < nd; d++) {
        const p = o[1 + d] * strides[d] - before[d] + w[d] * dil[d];
        if (p < 0 || p >= inSpatial[d]) return;
        off += p * xs[1 + d];
      }
      const v = x[off];
      if (kind === 'max') acc = Number.isNaN(v) || v > acc ? v : acc;
      else acc += v;
      count++;
    });
    out.push(kind === 'max' ? acc : acc / count);
  });
  return out;
}

/** True when every window of a numeric-pad pool touches the input (no all-padding window). */
function windowsTouchInput(inSizes: number[], k: number[], s: number[], d: number[], pad: number, outs: number[]): boolean {
  return inSizes.every((n, i) => pad <= (k[i] - 1) * d[i] && (outs[i] - 1) * s[i] - pad < n && outs[i] >= 1);
}


/**
 * TF.js 4.22 does not clamp a 3-D 'same' padding at 0: when (out − 1)·stride + window < in
 * (e.g. window 1, stride 2 over 6), its "total padding" is negative and it starts the windows
 * one cell late (a window-1 stride-2 'same' pool over 6 cells reads cells 1, 3, 5 instead of
 * TensorFlow's 0, 2, 4). Such draws are checked against the hand reference instead.
 */
function tfSame3dIsWrong(inSizes: number[], k: number[], s: number[], d: number[], pad: 'same' | 'valid' | number): boolean {
  return pad === 'same' && inSizes.some((n, i) => (Math.ceil(n / s[i]) - 1) * s[i] + (k[i] - 1) * d[i] + 1 < n);
}

/** Hand reference for an N-d convolution: x [B, ...spatial, C], filter [...window, C, O]. */
function naiveConv(
  x: ArrayLike<number>, xShape: number[], f: ArrayLike<number>, fShape: number[], strides: number[], dil: number[], before: number[], outs: number[],
): number[] {
  const nd = strides.length;
  const C = xShape[nd + 1], O = fShape[nd + 1];
  const xs = stridesOf(xShape), ks = stridesOf(fShape.slice(0, nd));
  const out: number[] = [];
  forEachIndex([xShape[0], ...outs, O], (o) => {
    let acc = 0;
    forEachIndex(fShape.slice(0, nd), (w) => {
      let off = o[0] * xs[0], fOff = 0;
      for (let d = 0; d < nd; d++) {
        const p = o[1 + d] * strides[d] - before[d] + w[d] * dil[d];
        if (p < 0 || p >= xShape[1 + d]) return;
        off += p * xs[1 + d];
        fOff += w[d] * ks[d];
      }
      for (let c = 0; c < C; c++) acc += x[off + c] * f[(fOff * C + c) * O + o[nd + 1]];
    });
    out.push(acc);
  });
  return out;
}

/**
 * Hand reference for an N-d transposed convolution: dy [B, ...ins, inC], filter
 * [...window, outC, inC] → [B, ...outSpatial, outC]; every dy cell is scattered back through the
 * window of the forward convolution (stride, padding before) that produced it.
 */
function naiveConvTranspose(
  dy: ArrayLike<number>, dyShape: number[], f: ArrayLike<number>, fShape: number[], strides: number[], before: number[], outSpatial: number[],
): number[] {
  const nd = strides.length;
  const inC = dyShape[nd + 1], outC = fShape[nd];
  const outShape = [dyShape[0], ...outSpatial, outC];
  const os = stridesOf(outShape), ks = stridesOf(fShape.slice(0, nd));
  const out = new Array<number>(size(outShape)).fill(0);
  let src = 0;
  forEachIndex(dyShape.slice(0, nd + 1), (o) => {
    forEachIndex(fShape.slice(0, nd), (w) => {
      let off = o[0] * os[0], fOff = 0;
      for (let d = 0; d < nd; d++) {
        const p = o[1 + d] * strides[d] - before[d] + w[d];
        if (p < 0 || p >= outSpatial[d]) return;
        off += p * os[1 + d];
        fOff += w[d] * ks[d];
      }
      for (let oc = 0; oc < outC; oc++) {
        for (let ic = 0; ic < inC; ic++) out[off + oc] += dy[src + ic] * f[(fOff * outC + oc) * inC + ic];
      }
    });
    src += inC;
  });
  return out;
}

// ---- elementwise ----------------------------------------------------------------------------

/** Sprinkles NaN, ±∞ and out-of-domain values into a draw. */
function withSpecials(g: Gen, vals: Float32Array, extra: number[] = []): Float32Array {
  const specials = [NaN, Infinity, -Infinity, 0, -0, ...extra];
  for (let k = 0; k < vals.length; k++) if (g.bool(0.3)) vals[k] = g.pick(specials);
  return vals;
}

type SpUnary = (x: SpTensor) => SpTensor;
type TfUnary = (x: TfTensor) => TfTensor;
type SpBin = (a: SpTensor | number, b: SpTensor | number) => SpTensor;
type TfBin = (a: TfTensor | number, b: TfTensor | number) => TfTensor;

describe('extended elementwise ops vs TF.js (NaN, ±∞ and out-of-domain values included)', () => {
  // [name, lo, hi, extra special values (out of the domain → NaN, or on its edge)]
  const UNARY: [string, number, number, number[]][] = [
    ['expm1', -3, 3, [-100, 80]], ['log1p', -0.99, 10, [-1, -2, -1.5]], ['tan', -1.5, 1.5, [Math.PI / 2, 100]],
    ['asin', -1, 1, [1, -1, 1.5, -7]], ['acos', -1, 1, [1, -1, 2, -3]], ['atan', -10, 10, [1e30]],
    ['sinh', -4, 4, [100, -100]], ['cosh', -4, 4, [100, -100]],
  ];
  for (const [name, lo, hi, extra] of UNARY) {
    it(`${name} (float32)`, () => {
      const spOp = (sp as unknown as Record<string, SpUnary>)[name];
      const tfOp = (tf as unknown as Record<string, TfUnary>)[name];
      cases(11000 + name.charCodeAt(0) * 17 + name.length, 6, (g, i) => {
        const shape = g.shape(g.int(1, 3), 1, 6);
        const vals = withSpecials(g, g.floats(size(shape), lo, hi), extra);
        const [a, b] = pair(vals, shape);
        close(spOp(a), tfOp(b), `${name} case ${i} ${fmt(Array.from(vals))}`);
      });
    });
  }

  it('atan2 with signed zeros, ±∞ and NaN on either side, broadcasting', () => {
    cases(11100, 8, (g, i) => {
      const rank = g.int(1, 3);
      const base = g.shape(rank, 1, 4);
      const sb = base.map((d) => (g.bool(0.3) ? 1 : d));
      const specials = [0, -0, Infinity, -Infinity, NaN, 1, -1, 2.5, -2.5];
      const va = Float32Array.from({ length: size(base) }, () => g.pick(specials));
      const vb = Float32Array.from({ length: size(sb) }, () => g.pick(specials));
      const [a, b] = pair(va, base), [c, d] = pair(vb, sb);
      close(sp.atan2(a, c), tf.atan2(b, d), `atan2 case ${i}`);
      close(sp.atan2(c, a), tf.atan2(d, b), `atan2 swapped case ${i}`);
    });
  });

  it('step with any alpha keeps NaN, on float32 and int32', () => {
    cases(11101, 6, (g, i) => {
      const shape = g.shape(g.int(1, 3), 1, 5);
      const vals = withSpecials(g, g.floats(size(shape), -3, 3));
      const alpha = g.pick([0, g.float(-1, 1), 0.5]);
      const [a, b] = pair(vals, shape);
      close(sp.step(a, alpha), tf.step(b, alpha), `step case ${i} alpha ${alpha}`);
      const [c, d] = randPair(g, shape, -3, 3, 'int32');
      // Sprout computes step in float32 (TF.js keeps int32 and truncates alpha into it); reference:
      // TF.js on the float32 cast.
      close(sp.step(c, alpha), tf.step(tf.cast(d, 'float32'), alpha), `step int32 case ${i} alpha ${alpha}`);
    });
  });

  it('isNaN / isFinite on float32 with specials and on int32', () => {
    cases(11102, 6, (g, i) => {
      const shape = g.shape(g.int(1, 3), 1, 5);
      const vals = withSpecials(g, g.floats(size(shape), -1e6, 1e6), [3.4e38, -3.4e38]);
      const [a, b] = pair(vals, shape);
      close(sp.isNaN(a), tf.isNaN(b), `isNaN case ${i}`);
      close(sp.isFinite(a), tf.isFinite(b), `isFinite case ${i}`);
      const [c, d] = pair(Int32Array.from({ length: size(shape) }, () => g.pick([0, 1, -1, 2147483647, -2147483648])), shape, 'int32');
      close(sp.isNaN(c), tf.isNaN(d), `isNaN int32 case ${i}`);
      close(sp.isFinite(c), tf.isFinite(d), `isFinite int32 case ${i}`);
    });
  });

  it('floorDiv / mod on int32: random signs, broadcasting', () => {
    cases(11103, 8, (g, i) => {
      const rank = g.int(1, 3);
      const base = g.shape(rank, 1, 4);
      const sb = base.map((d) => (g.bool(0.4) ? 1 : d));
      const [a, b] = randPair(g, base, -50, 50, 'int32');
      const vals = g.ints(size(sb), 1, 9).map((v) => (g.bool() ? -v : v));
      const [c, d] = pair(vals, sb, 'int32');
      close(sp.floorDiv(a, c), tf.floorDiv(b, d), `floorDiv int32 case ${i}`);
      close(sp.mod(a, c), tf.mod(b, d), `mod int32 case ${i}`);
    });
  });

  it('int32 division by zero (floorDiv, mod, div) gives 0, as TF.js', () => {
    // Integer x / 0 has no int32 value; TF.js stores the ±∞/NaN of the float division into an
    // Int32Array, which turns them into 0. TF.js is the reference; the hand values say the same.
    const va = Int32Array.from([7, -7, 0, 2147483647, -2147483648, 1]);
    const vb = Int32Array.from([0, 0, 0, 0, 0, 0]);
    const [a, b] = pair(va, [6], 'int32'), [c, d] = pair(vb, [6], 'int32');
    for (const name of ['floorDiv', 'mod', 'div']) {
      const spOp = (sp as unknown as Record<string, SpBin>)[name];
      const tfOp = (tf as unknown as Record<string, TfBin>)[name];
      const got = spOp(a, c);
      close(got, tfOp(b, d), `${name} int32 by zero`);
      expect(flat(got), `${name} int32 by zero (hand)`).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });

  it('int32 overflow wraps around (two’s complement), as TF.js', () => {
    const big = 2147483647, small = -2147483648;
    // (products stay below 2⁵³, where a double still holds the exact result before wrapping)
    const [a, b] = pair(Int32Array.from([big, small, small, big, 65537, -46341, small, small]), [8], 'int32');
    const [c, d] = pair(Int32Array.from([1, -1, -1, 2, 65537, 46341, 1, -2]), [8], 'int32');
    const ops: [string, number[]][] = [
      // hand values: the exact result taken mod 2³² into [-2³¹, 2³¹)
      ['add', [small, big, big, -2147483647, 131074, 0, -2147483647, 2147483646]],
      ['sub', [2147483646, -2147483647, -2147483647, 2147483645, 0, -92682, big, -2147483646]],
      ['mul', [big, small, small, -2, 131073, -2147488281 + 4294967296, small, 0]],
      ['floorDiv', [big, small, small, 1073741823, 1, -1, small, 1073741824]],
      ['mod', [0, 0, 0, 1, 0, 0, 0, 0]],
    ];
    for (const [name, hand] of ops) {
      const spOp = (sp as unknown as Record<string, SpBin>)[name];
      const tfOp = (tf as unknown as Record<string, TfBin>)[name];
      const got = spOp(a, c);
      close(got, tfOp(b, d), `${name} int32 overflow`);
      expect(flat(got), `${name} int32 overflow (hand)`).toEqual(hand);
    }
    // neg / abs of -2³¹ wrap to -2³¹ too
    const [e, f] = pair(Int32Array.from([small, big, 0]), [3], 'int32');
    close(sp.neg(e), tf.neg(f), 'neg of int32 extremes');
    // TF.js' CPU abs goes through a Float32Array, so abs(2³¹ − 1) rounds to 2³¹ and wraps to −2³¹
    // there; hand values instead: |−2³¹| wraps to −2³¹, |2³¹ − 1| = 2³¹ − 1.
    expect(flat(sp.abs(e)), 'abs of int32 extremes (hand)').toEqual([small, big, 0]);
  });

  it('floorDiv / mod on float32: NaN propagates, division by zero (hand)', () => {
    // TF.js' floorDiv returns int32 even for float32 operands (its NaN and ±∞ become 0), and its
    // mod mishandles an infinite divisor, so these are hand computations with TensorFlow's float
    // semantics: floordiv = ⌊a/b⌋ (IEEE), floormod = a − ⌊a/b⌋·b with NaN for b = 0.
    const a = sp.tensor([NaN, 1, 5, -5, 0, 3, NaN, Infinity]);
    const b = sp.tensor([2, NaN, 0, 0, 0, 2, NaN, 2]);
    const fd = sp.floorDiv(a, b);
    expect(fd.dtype).toBe('float32');
    closeValues(fd.dataSync(), [NaN, NaN, Infinity, -Infinity, NaN, 1, NaN, Infinity], 'floorDiv float32 specials');
    closeValues(sp.mod(a, b).dataSync(), [NaN, NaN, NaN, NaN, NaN, 1, NaN, NaN], 'mod float32 specials');
  });

  it('NaN propagates through binary float ops (NaN on either side), as TF.js', () => {
    cases(11104, 4, (g, i) => {
      const shape = g.shape(g.int(1, 2), 2, 5);
      const va = withSpecials(g, g.floats(size(shape), -3, 3)), vb = withSpecials(g, g.floats(size(shape), 0.5, 3));
      const [a, b] = pair(va, shape), [c, d] = pair(vb, shape);
      for (const name of ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'squaredDifference', 'atan2']) {
        const spOp = (sp as unknown as Record<string, SpBin>)[name];
        const tfOp = (tf as unknown as Record<string, TfBin>)[name];
        close(spOp(a, c), tfOp(b, d), `${name} NaN case ${i} a ${fmt(Array.from(va))} b ${fmt(Array.from(vb))}`);
      }
    });
  });

  it('logicalXor with broadcasting; non-bool inputs are cast to bool (NaN is true)', () => {
    cases(11105, 6, (g, i) => {
      const rank = g.int(1, 3);
      const base = g.shape(rank, 1, 4);
      const sb = base.map((d) => (g.bool(0.4) ? 1 : d)).slice(g.int(0, rank - 1));
      const [a, b] = randPair(g, base, 0, 0, 'bool');
      const [c, d] = randPair(g, sb, 0, 0, 'bool');
      close(sp.logicalXor(a, c), tf.logicalXor(b, d), `logicalXor case ${i}`);
      // TF.js requires bool operands; reference: TF.js on the bool cast of the same values.
      const vf = withSpecials(g, Float32Array.from(g.ints(size(base), -1, 1)));
      const [e, f] = pair(vf, base);
      close(sp.logicalXor(e, c), tf.logicalXor(tf.cast(f, 'bool'), d), `logicalXor float input case ${i}`);
    });
  });

  it('all / any over axes with keepDims (bool, and float/int32 cast to bool)', () => {
    cases(11106, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 4);
      // mostly-true or mostly-false draws so that both answers happen
      const p = g.pick([0.1, 0.5, 0.9]);
      const vals = Uint8Array.from({ length: size(shape) }, () => (g.bool(p) ? 1 : 0));
      const [a, b] = pair(vals, shape, 'bool');
      const r = g.next();
      const axis = r < 0.2 ? undefined : r < 0.6 ? g.int(-rank, rank - 1) : g.perm(rank).slice(0, g.int(1, rank));
      const keepDims = g.bool();
      close(sp.all(a, axis, keepDims), tf.all(b, axis, keepDims), `all case ${i} ${fmt(shape)} axis ${fmt(axis)} keepDims ${keepDims}`);
      close(sp.any(a, axis, keepDims), tf.any(b, axis, keepDims), `any case ${i} ${fmt(shape)} axis ${fmt(axis)} keepDims ${keepDims}`);
      const [c, d] = pair(Float32Array.from(vals, (v) => (v ? g.pick([NaN, -2, 0.5]) : 0)), shape);
      close(sp.all(c, axis, keepDims), tf.all(tf.cast(d, 'bool'), axis, keepDims), `all float case ${i}`);
      close(sp.any(c, axis, keepDims), tf.any(tf.cast(d, 'bool'), axis, keepDims), `any float case ${i}`);
    });
  });
});

// ---- norm, cumsum, dot, outerProduct, einsum --------------------------------------------------

/** Hand reference for norm: one or two axes (in the order given, numpy's convention). */
function naiveNorm(x: ArrayLike<number>, shape: number[], ord: number | 'euclidean' | 'fro', axes: number[], keepDims: boolean): { shape: number[]; values: number[] } {
  const rank = shape.length;
  const ax = axes.map((a) => (a < 0 ? a + rank : a));
  const outShapeKeep = shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const outShape = keepDims ? outShapeKeep : shape.filter((_, i) => !ax.includes(i));
  const xs = stridesOf(shape);
  const values: number[] = [];
  forEachIndex(outShapeKeep, (o) => {
    const at = (idx: number[]) => idx.reduce((s, v, k) => s + v * xs[k], 0);
    if (ax.length === 1) {
      const vs: number[] = [];
      for (let j = 0; j < shape[ax[0]]; j++) { const idx = o.slice(); idx[ax[0]] = j; vs.push(Math.abs(x[at(idx)])); }
      if (ord === 'euclidean' || ord === 'fro' || ord === 2) values.push(Math.sqrt(vs.reduce((s, v) => s + v * v, 0)));
      else if (ord === Infinity) values.push(Math.max(...vs));
      else if (ord === -Infinity) values.push(Math.min(...vs));
      else values.push(Math.pow(vs.reduce((s, v) => s + Math.pow(v, ord), 0), 1 / ord));
      return;
    }
    const [r, c] = ax; // rows along r, columns along c
    const m: number[][] = [];
    for (let i = 0; i < shape[r]; i++) {
      m.push([]);
      for (let j = 0; j < shape[c]; j++) { const idx = o.slice(); idx[r] = i; idx[c] = j; m[i].push(x[at(idx)]); }
    }
    const rowSums = m.map((row) => row.reduce((s, v) => s + Math.abs(v), 0));
    const colSums = m[0].map((_, j) => m.reduce((s, row) => s + Math.abs(row[j]), 0));
    if (ord === 'euclidean' || ord === 'fro') values.push(Math.sqrt(m.flat().reduce((s, v) => s + v * v, 0)));
    else if (ord === 1) values.push(Math.max(...colSums));
    else if (ord === Infinity) values.push(Math.max(...rowSums));
    else if (ord === -Infinity) values.push(Math.min(...rowSums));
    else throw new Error(`naiveNorm: ord ${ord}`);
  });
  return { shape: outShape, values };
}

describe('norm vs TF.js', () => {
  it('vector norms (ord 1, 2, ±∞, euclidean) over all values or one axis, keepDims', () => {
    cases(12000, 10, (g, i) => {
      const rank = g.int(1, 3);
      const shape = g.shape(rank, 1, 5);
      const [x, tx] = randPair(g, shape, -4, 4);
      const ord = g.pick([1, 2, Infinity, -Infinity, 'euclidean'] as const);
      const keepDims = g.bool();
      if (g.bool(0.4)) {
        // (keepDims with axis null has its own test below)
        close(sp.norm(x, ord), tf.norm(tx, ord), `norm ${ord} axis null case ${i} ${fmt(shape)}`);
      } else {
        const axis = g.int(-rank, rank - 1);
        // TF.js takes the negative axis fine for vector norms; give it the normalised one anyway.
        const pos = axis < 0 ? axis + rank : axis;
        close(sp.norm(x, ord, axis, keepDims), tf.norm(tx, ord, pos, keepDims), `norm ${ord} axis ${axis} case ${i} ${fmt(shape)} keepDims ${keepDims}`);
        close(sp.norm(x, ord, [axis], keepDims), tf.norm(tx, ord, [pos], keepDims), `norm ${ord} axis [${axis}] case ${i}`);
      }
    });
  });

  it('axis null with keepDims keeps every axis as 1 (TF.js and numpy)', () => {
    cases(12004, 6, (g, i) => {
      const shape = g.shape(g.int(1, 4), 1, 4);
      const [x, tx] = randPair(g, shape, -4, 4);
      const ord = g.pick([1, 2, Infinity, -Infinity, 'euclidean'] as const);
      close(sp.norm(x, ord, null, true), tf.norm(tx, ord, null as never, true), `norm ${ord} axis null keepDims case ${i} ${fmt(shape)}`);
    });
  });

  it('matrix norms (ord 1, ±∞, fro, euclidean) over two ascending axes, keepDims', () => {
    // TF.js' matrix norm assumes axis[0] < axis[1] and non-negative axes (its ord-1 branch reduces
    // "axis[1] - 1" after the first sum), so TF.js gets sorted, normalised axes; Sprout gets the
    // drawn ones (negative too) in ascending order.
    cases(12001, 10, (g, i) => {
      const rank = g.int(2, 4);
      const shape = g.shape(rank, 1, 5);
      const [x, tx] = randPair(g, shape, -4, 4);
      const ord = g.pick([1, Infinity, -Infinity, 'fro', 'euclidean'] as const);
      const [p, q] = g.perm(rank).slice(0, 2).sort((u, v) => u - v);
      const spAxes = [g.bool() ? p - rank : p, g.bool() ? q - rank : q];
      const keepDims = g.bool();
      close(sp.norm(x, ord, spAxes, keepDims), tf.norm(tx, ord, [p, q], keepDims), `norm ${ord} axes ${fmt(spAxes)} case ${i} ${fmt(shape)} keepDims ${keepDims}`);
    });
  });

  it('matrix norms with the axes [1, 0] are norms of the transpose (TF.js and numpy)', () => {
    // numpy.linalg.norm(x, ord, axis=(1, 0)) is the norm of the transposed matrix: ord 1 is then
    // the max row sum, ord ∞ the max column sum. TF.js' own norm with axes [1, 0] throws or picks
    // the wrong axis, so the reference is TF.js' norm of the explicitly transposed matrix.
    cases(12002, 6, (g, i) => {
      const [x, tx] = randPair(g, g.shape(2, 2, 5), -4, 4);
      for (const ord of [1, Infinity, -Infinity, 'fro'] as const) {
        close(sp.norm(x, ord, [1, 0]), tf.norm(tf.transpose(tx), ord, [0, 1]), `norm ${ord} axes [1,0] case ${i} ${fmt(x.shape)}`);
      }
    });
  });

  it('matrix norms with descending axes on rank 3 follow numpy (rows = axis[0]; hand reference)', () => {
    // On higher ranks TF.js' "axis[1] - 1" picks the wrong axis, so these use the hand reference.
    cases(12005, 6, (g, i) => {
      const shape = g.shape(3, 2, 4);
      const vals = g.floats(size(shape), -4, 4);
      const axes = g.pick([[2, 0], [1, 0], [2, 1], [-1, 0]]);
      const ord = g.pick([1, Infinity, -Infinity] as const);
      const keepDims = g.bool();
      const want = naiveNorm(vals, shape, ord, axes, keepDims);
      closeTo(sp.norm(sp.tensor(vals, shape), ord, axes, keepDims), want.shape, want.values, `norm ${ord} axes ${fmt(axes)} rank 3 case ${i} keepDims ${keepDims}`);
    });
  });

  it('vector p-norms and ord "fro" on a vector (TF.js throws; hand reference)', () => {
    // TF.js only takes 1, 2, ±∞ and 'euclidean' for vectors; Sprout also takes any non-zero p
    // (numpy's sum(|x|^p)^(1/p)) and 'fro' (treated as the 2-norm).
    cases(12003, 6, (g, i) => {
      const rank = g.int(1, 3);
      const shape = g.shape(rank, 1, 5);
      const vals = g.floats(size(shape), -3, 3);
      const ord = g.pick([3, 0.5, 1.5, -1, -2, 'fro'] as const);
      const axis = g.int(-rank, rank - 1);
      const keepDims = g.bool();
      const want = naiveNorm(vals, shape, ord, [axis], keepDims);
      closeTo(sp.norm(sp.tensor(vals, shape), ord, axis, keepDims), want.shape, want.values, `norm ord ${ord} axis ${axis} case ${i} ${fmt(shape)}`, 'float32', 1e-3);
    });
  });

  it('norm of a scalar, NaN propagation, int32 input', () => {
    close(sp.norm(sp.scalar(-3)), tf.norm(tf.scalar(-3)), 'norm of a scalar');
    const [x, tx] = pair(Float32Array.from([1, NaN, 3, -4, 0, 2]), [2, 3]);
    for (const ord of [1, 2, 'euclidean'] as const) close(sp.norm(x, ord, 1), tf.norm(tx, ord, 1), `norm ${ord} with NaN`);
    close(sp.norm(x, 'fro', [0, 1]), tf.norm(tx, 'fro', [0, 1]), 'norm fro with NaN');
    // int32 input: Sprout works in float32; reference TF.js on the float32 cast.
    const [y, ty] = pair(Int32Array.from([3, -4, 12, 0]), [2, 2], 'int32');
    close(sp.norm(y), tf.norm(tf.cast(ty, 'float32')), 'norm of int32');
    close(sp.norm(y, 1, [0, 1]), tf.norm(tf.cast(ty, 'float32'), 1, [0, 1]), 'norm ord 1 of int32');
  });
});

describe('cumsum, dot, outerProduct vs TF.js', () => {
  it('cumsum along any axis, exclusive and reverse, float32 / int32 / bool, NaN propagates', () => {
    cases(12100, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 5);
      const dtype = g.pick(['float32', 'int32', 'bool'] as const);
      let [x, tx] = randPair(g, shape, -5, 5, dtype);
      if (dtype === 'float32' && g.bool(0.3)) {
        const v = withSpecials(g, g.floats(size(shape), -5, 5));
        [x, tx] = pair(v, shape);
      }
      const axis = g.int(-rank, rank - 1);
      const exclusive = g.bool(), reverse = g.bool();
      // TF.js 4.22's cumsum garbles the shape for a negative axis: it gets the normalised one.
      const pos = axis < 0 ? axis + rank : axis;
      const got = sp.cumsum(x, axis, exclusive, reverse);
      if (dtype === 'bool') {
        // Sprout counts the trues (int32); TF.js' cumsum of bool is the same on the int32 cast.
        close(got, tf.cumsum(tf.cast(tx, 'int32'), pos, exclusive, reverse), `cumsum bool case ${i} ${fmt(shape)} axis ${axis}`);
      } else {
        close(got, tf.cumsum(tx, pos, exclusive, reverse), `cumsum ${dtype} case ${i} ${fmt(shape)} axis ${axis} exclusive ${exclusive} reverse ${reverse}`);
      }
    });
  });

  it('dot of vectors and matrices (all four rank combinations), float32 and int32', () => {
    cases(12101, 10, (g, i) => {
      const n = g.int(1, 6), m = g.int(1, 5), k = g.int(1, 5);
      const ra = g.int(1, 2), rb = g.int(1, 2);
      const dtype = g.pick(['float32', 'int32'] as const);
      const [a, ta] = randPair(g, ra === 1 ? [n] : [m, n], -4, 4, dtype);
      const [b, tb] = randPair(g, rb === 1 ? [n] : [n, k], -4, 4, dtype);
      close(sp.dot(a, b), tf.dot(ta, tb), `dot ${dtype} case ${i} ${fmt(a.shape)}·${fmt(b.shape)}`);
    });
  });

  it('outerProduct, float32 and int32', () => {
    cases(12102, 6, (g, i) => {
      const dtype = g.pick(['float32', 'int32'] as const);
      const [a, ta] = randPair(g, [g.int(1, 6)], -4, 4, dtype);
      const [b, tb] = randPair(g, [g.int(1, 6)], -4, 4, dtype);
      close(sp.outerProduct(a, b), tf.outerProduct(ta as tf.Tensor1D, tb as tf.Tensor1D), `outerProduct ${dtype} case ${i}`);
    });
  });
});

describe('einsum vs TF.js', () => {
  const PATTERNS: [string, (g: Gen) => number[][]][] = [
    ['ij,jk->ik', (g) => { const [i, j, k] = g.shape(3, 1, 5); return [[i, j], [j, k]]; }],
    ['bij,bjk->bik', (g) => { const [b, i, j, k] = g.shape(4, 1, 4); return [[b, i, j], [b, j, k]]; }],
    ['i,i->', (g) => { const i = g.int(1, 8); return [[i], [i]]; }],
    ['i,j->ij', (g) => { const [i, j] = g.shape(2, 1, 6); return [[i], [j]]; }],
    ['ij->ji', (g) => [g.shape(2, 1, 6)]],
    ['ij->i', (g) => [g.shape(2, 1, 6)]],
    ['ij,ij->ij', (g) => { const s = g.shape(2, 1, 5); return [s, s]; }],
    ['bij,jk->bik', (g) => { const [b, i, j, k] = g.shape(4, 1, 4); return [[b, i, j], [j, k]]; }],
    ['ij->j', (g) => [g.shape(2, 1, 6)]],
    ['ij,jk->ki', (g) => { const [i, j, k] = g.shape(3, 1, 5); return [[i, j], [j, k]]; }],
    ['ij,kj->ik', (g) => { const [i, j, k] = g.shape(3, 1, 5); return [[i, j], [k, j]]; }],
  ];
  for (const [eq, shapes] of PATTERNS) {
    it(`'${eq}'`, () => {
      cases(12200 + eq.length * 13 + eq.charCodeAt(eq.length - 1), 5, (g, i) => {
        const ss = shapes(g);
        const ps = ss.map((s) => randPair(g, s, -3, 3));
        close(sp.einsum(eq, ...ps.map((p) => p[0])), tf.einsum(eq, ...ps.map((p) => p[1])), `einsum '${eq}' case ${i} ${fmt(ss)}`);
      });
    });
  }

  it("implicit output (no '->'): the letters used once, in alphabetical order (numpy)", () => {
    // TF.js requires '->'; the reference is TF.js on the explicit equation numpy implies.
    const IMPLICIT: [string, string, (g: Gen) => number[][]][] = [
      ['ij,jk', 'ij,jk->ik', (g) => { const [i, j, k] = g.shape(3, 1, 5); return [[i, j], [j, k]]; }],
      ['ba', 'ba->ab', (g) => [g.shape(2, 1, 5)]],
      ['i,i', 'i,i->', (g) => { const i = g.int(1, 6); return [[i], [i]]; }],
      ['kj,ji', 'kj,ji->ik', (g) => { const [i, j, k] = g.shape(3, 1, 5); return [[k, j], [j, i]]; }],
    ];
    cases(12299, 3, (g, i) => {
      for (const [eq, explicit, shapes] of IMPLICIT) {
        const ss = shapes(g);
        const ps = ss.map((s) => randPair(g, s, -3, 3));
        close(sp.einsum(eq, ...ps.map((p) => p[0])), tf.einsum(explicit, ...ps.map((p) => p[1])), `einsum '${eq}' case ${i}`);
      }
    });
  });
});

// ---- convolutions and pools ----------------------------------------------------------------

/** Hand reference for conv1d over [batch, width, inC] with a filter [k, inC, outC]. */
function naiveConv1d(x: ArrayLike<number>, xShape: number[], f: ArrayLike<number>, fShape: number[], stride: number, dil: number, before: number, outW: number): number[] {
  const [B, W, C] = xShape, [K, , O] = fShape;
  const out: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let o = 0; o < outW; o++) {
      for (let oc = 0; oc < O; oc++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const p = o * stride - before + k * dil;
          if (p < 0 || p >= W) continue;
          for (let c = 0; c < C; c++) s += x[(b * W + p) * C + c] * f[(k * C + c) * O + oc];
        }
        out.push(s);
      }
    }
  }
  return out;
}

describe('conv1d and separableConv2d vs TF.js', () => {
  it("conv1d: 'same'/'valid', stride 1–3, dilation 1–3, batched and unbatched", () => {
    cases(13000, 12, (g, i) => {
      const W = g.int(3, 12), C = g.int(1, 3), O = g.int(1, 3), k = g.int(1, 4);
      const stride = g.pick([1, 1, 2, 3]);
      const dilation = stride === 1 ? g.pick([1, 2, 3]) : 1;
      const pad = g.pick(['same', 'valid'] as const);
      if (outDim(W, k, stride, dilation, pad) < 1) return;
      const batched = g.bool(0.7);
      const xShape = batched ? [g.int(1, 2), W, C] : [W, C];
      const [x, tx] = randPair(g, xShape, -2, 2);
      const [f, tfF] = randPair(g, [k, C, O], -1, 1);
      close(
        sp.conv1d(x, f, stride, pad, 'NWC', dilation),
        tf.conv1d(tx as tf.Tensor3D, tfF as tf.Tensor3D, stride, pad, 'NWC', dilation),
        `conv1d case ${i} x ${fmt(xShape)} k ${k} stride ${stride} dilation ${dilation} ${pad}`,
      );
    });
  });

  it('conv1d with a numeric pad (and dimRoundingMode) pads the width only (hand reference)', () => {
    // TF.js' conv1d hands a numeric pad to conv2d on a dummy height of 1, so it pads that height
    // too (its output gets 1 + 2·pad rows). Sprout pads the width only; reference: the loop above.
    cases(13001, 10, (g, i) => {
      const W = g.int(3, 10), C = g.int(1, 3), O = g.int(1, 3), k = g.int(1, 4);
      const stride = g.pick([1, 2, 3]);
      const dilation = stride === 1 ? g.pick([1, 2]) : 1;
      const pad = g.int(0, 2);
      const mode = g.pick([undefined, 'floor', 'round', 'ceil'] as const);
      const outW = outDim(W, k, stride, dilation, pad, mode);
      if (outW < 1) return;
      const B = g.int(1, 2);
      const xv = g.floats(B * W * C, -2, 2), fv = g.floats(k * C * O, -1, 1);
      const got = sp.conv1d(sp.tensor(xv, [B, W, C]), sp.tensor(fv, [k, C, O]), stride, pad, 'NWC', dilation, mode);
      closeTo(got, [B, outW, O], naiveConv1d(xv, [B, W, C], fv, [k, C, O], stride, dilation, pad, outW),
        `conv1d numeric pad case ${i} W ${W} k ${k} stride ${stride} dilation ${dilation} pad ${pad} ${mode}`);
    });
    // For the record, what TF.js does instead: its conv2d sizes the padded dummy height with the
    // filter's height (1) for both dimensions, gets a [1, 3, 6, 1] output and fails to reshape it.
    expect(() => tf.conv1d(tf.ones([1, 4, 1]) as tf.Tensor3D, tf.ones([3, 1, 1]) as tf.Tensor3D, 1, 1)).toThrow(/Size\(18\) must match the product of shape 1,6,1/);
    closeTo(sp.conv1d(sp.ones([1, 4, 1]), sp.ones([3, 1, 1]), 1, 1), [1, 4, 1], [2, 3, 3, 2], 'conv1d ones pad 1 (hand)');
  });

  it('separableConv2d: multiplier 1/2, strides, dilations, same/valid', () => {
    cases(13002, 10, (g, i) => {
      const H = g.int(3, 8), W = g.int(3, 8), C = g.int(1, 3), mult = g.int(1, 2), O = g.int(1, 4);
      const fh = g.int(1, 3), fw = g.int(1, 3);
      const s = g.pick([1, 2]);
      const dil = s === 1 && g.bool(0.4) ? g.pick([2, 3]) : 1;
      const pad = g.pick(['same', 'valid'] as const);
      if (outDim(H, fh, s, dil, pad) < 1 || outDim(W, fw, s, dil, pad) < 1) return;
      const xShape = g.bool(0.8) ? [g.int(1, 2), H, W, C] : [H, W, C];
      const [x, tx] = randPair(g, xShape, -2, 2);
      const [d, td] = randPair(g, [fh, fw, C, mult], -1, 1);
      const [p, tp] = randPair(g, [1, 1, C * mult, O], -1, 1);
      close(
        sp.separableConv2d(x, d, p, s, pad, dil),
        tf.separableConv2d(tx as tf.Tensor4D, td as tf.Tensor4D, tp as tf.Tensor4D, s, pad, dil),
        `separableConv2d case ${i} x ${fmt(xShape)} f ${fh}×${fw} mult ${mult} O ${O} s ${s} dil ${dil} ${pad}`,
      );
    });
  });
});

describe('conv3d and conv3dTranspose vs TF.js', () => {
  it("conv3d: 'same' with even kernels and stride 2, 'valid', dilations, unbatched", () => {
    cases(13100, 12, (g, i) => {
      const inShape = g.shape(3, 2, 6);
      const k = i < 4 ? [2, 2, g.pick([2, 4])] : g.shape(3, 1, 3);
      const strides = i < 4 ? [2, 2, 2] : g.shape(3, 1, 2);
      const allOne = strides.every((v) => v === 1);
      const dil = allOne && g.bool(0.4) ? g.shape(3, 1, 2) : [1, 1, 1];
      const pad = i < 4 ? 'same' : g.pick(['same', 'valid'] as const);
      if (inShape.some((n, d) => outDim(n, k[d], strides[d], dil[d], pad) < 1)) return;
      const C = g.int(1, 3), O = g.int(1, 3);
      const B = g.int(1, 2);
      const batched = g.bool(0.8);
      const xShape = batched ? [B, ...inShape, C] : [...inShape, C];
      const xv = g.floats(size(xShape), -2, 2), fv = g.floats(size(k) * C * O, -1, 1);
      const [x, tx] = pair(xv, xShape);
      const [f, tfF] = pair(fv, [...k, C, O]);
      const st = strides as [number, number, number], dl = dil as [number, number, number];
      const got = sp.conv3d(x, f, st, pad, 'NDHWC', dl);
      const what = `conv3d case ${i} x ${fmt(xShape)} k ${fmt(k)} strides ${fmt(strides)} dil ${fmt(dil)} ${pad}`;
      if (tfSame3dIsWrong(inShape, k, strides, dil, pad)) {
        const outs = inShape.map((n, d) => outDim(n, k[d], strides[d], dil[d], pad));
        const before = inShape.map((n, d) => padBefore(n, k[d], strides[d], dil[d], pad));
        const want = naiveConv(xv, batched ? xShape : [1, ...xShape], fv, [...k, C, O], strides, dil, before, outs);
        closeTo(got, batched ? [B, ...outs, O] : [...outs, O], want, `${what} (hand)`);
      } else {
        close(got, tf.conv3d(tx as tf.Tensor5D, tfF as tf.Tensor5D, st, pad, 'NDHWC', dl), what);
      }
    });
  });

  it('conv3dTranspose: strides 1/2, same/valid, even kernels, batch given or implied', () => {
    cases(13101, 10, (g, i) => {
      const outSpatial = g.shape(3, 2, 6);
      const k = g.shape(3, 1, 3);
      const s = g.pick([1, 2]);
      const pad = g.pick(['same', 'valid'] as const);
      const inSpatial = outSpatial.map((n, d) => outDim(n, k[d], s, 1, pad));
      if (inSpatial.some((v) => v < 1)) return;
      const B = g.int(1, 2), outC = g.int(1, 3), inC = g.int(1, 3);
      const xv = g.floats(B * size(inSpatial) * inC, -2, 2), fv = g.floats(size(k) * outC * inC, -1, 1);
      const [x, tx] = pair(xv, [B, ...inSpatial, inC]);
      const [f, tfF] = pair(fv, [...k, outC, inC]);
      const outShape = [B, ...outSpatial, outC] as [number, number, number, number, number];
      const what = `conv3dTranspose case ${i} x ${fmt([B, ...inSpatial, inC])} k ${fmt(k)} out ${fmt(outShape)} s ${s} ${pad}`;
      const got = sp.conv3dTranspose(x, f, outShape, s, pad);
      const ss = [s, s, s];
      if (tfSame3dIsWrong(outSpatial, k, ss, [1, 1, 1], pad)) {
        const before = outSpatial.map((n, d) => padBefore(n, k[d], s, 1, pad));
        closeTo(got, outShape, naiveConvTranspose(xv, [B, ...inSpatial, inC], fv, [...k, outC, inC], ss, before, outSpatial), `${what} (hand)`);
      } else {
        close(got, tf.conv3dTranspose(tx as tf.Tensor5D, tfF as tf.Tensor5D, outShape, s, pad), what);
      }
      // outputShape without the batch: Sprout takes x's batch (TF.js always wants five numbers)
      const noBatch = sp.conv3dTranspose(x, f, outShape.slice(1), s, pad);
      expect(noBatch.shape, `${what} (no batch in outputShape)`).toEqual(outShape);
      expect(flat(noBatch), `${what} (no batch in outputShape)`).toEqual(flat(got));
    });
  });
});

describe('maxPool3d / avgPool3d vs TF.js', () => {
  for (const kind of ['maxPool3d', 'avgPool3d'] as const) {
    it(`${kind}: same/valid with any window and strides, even windows`, () => {
      cases(kind === 'maxPool3d' ? 13200 : 13201, 10, (g, i) => {
        const inShape = g.shape(3, 2, 6);
        const win = g.shape(3, 1, 3).map((v) => (g.bool(0.3) ? 2 : v));
        const strides = g.shape(3, 1, 2);
        const pad = g.pick(['same', 'valid'] as const);
        if (inShape.some((n, d) => outDim(n, win[d], strides[d], 1, pad) < 1)) return;
        const batched = g.bool(0.8);
        const B = g.int(1, 2), C = g.int(1, 3);
        const xShape = batched ? [B, ...inShape, C] : [...inShape, C];
        const xv = g.floats(size(xShape), -3, 3);
        const [x, tx] = pair(xv, xShape);
        const w = win as [number, number, number], st = strides as [number, number, number];
        const what = `${kind} case ${i} x ${fmt(xShape)} win ${fmt(win)} strides ${fmt(strides)} ${pad}`;
        const got = sp[kind](x, w, st, pad);
        if (tfSame3dIsWrong(inShape, win, strides, [1, 1, 1], pad)) {
          const outs = inShape.map((n, d) => outDim(n, win[d], strides[d], 1, pad));
          const before = inShape.map((n, d) => padBefore(n, win[d], strides[d], 1, pad));
          const want = naivePool(xv, [batched ? B : 1, ...inShape, C], win, strides, [1, 1, 1], before, outs, kind === 'maxPool3d' ? 'max' : 'avg');
          closeTo(got, batched ? [B, ...outs, C] : [...outs, C], want, `${what} (hand)`);
        } else {
          close(got, tf[kind](tx as tf.Tensor5D, w, st, pad), what);
        }
      });
    });

    it(`${kind}: numeric pads with dimRoundingMode floor/round/ceil`, () => {
      // (Unlike its 2-D numeric pads, TF.js sizes each 3-D dimension with its own window and
      // stride.) Every draw is checked against TF.js and against the hand reference.
      cases(kind === 'maxPool3d' ? 13202 : 13203, 10, (g, i) => {
        const inShape = g.shape(3, 3, 7);
        const cubic = g.bool(0.6);
        const win = cubic ? new Array(3).fill(g.int(2, 3)) : g.shape(3, 2, 3);
        const strides = cubic ? new Array(3).fill(g.int(1, 3)) : g.shape(3, 1, 3);
        const pad = g.int(0, 2);
        const mode = g.pick(['floor', 'round', 'ceil'] as const);
        const outs = inShape.map((n, d) => outDim(n, win[d], strides[d], 1, pad, mode));
        if (!windowsTouchInput(inShape, win, strides, [1, 1, 1], pad, outs)) return;
        const xShape = [g.int(1, 2), ...inShape, g.int(1, 2)];
        const xv = g.floats(size(xShape), -3, 3);
        const [x, tx] = pair(xv, xShape);
        const w = win as [number, number, number], st = strides as [number, number, number];
        const what = `${kind} case ${i} x ${fmt(xShape)} win ${fmt(win)} strides ${fmt(strides)} pad ${pad} ${mode}`;
        const got = sp[kind](x, w, st, pad, mode);
        close(got, tf[kind](tx as tf.Tensor5D, w, st, pad, mode), what);
        closeTo(got, [xShape[0], ...outs, xShape[4]], naivePool(xv, xShape, win, strides, [1, 1, 1], [pad, pad, pad], outs, kind === 'maxPool3d' ? 'max' : 'avg'), `${what} (hand)`);
      });
    });
  }
});

describe('2-D pools: dimRoundingMode, numeric and explicit pads, dilations (pool)', () => {
  for (const kind of ['maxPool', 'avgPool'] as const) {
    it(`${kind} with numeric pads and dimRoundingMode; explicit pads`, () => {
      // TF.js sizes a numeric 2-D pad with the window height and stride height for both
      // dimensions: square windows and equal strides go to TF.js, the rest to the hand reference.
      cases(kind === 'maxPool' ? 13300 : 13301, 12, (g, i) => {
        const H = g.int(3, 9), W = g.int(3, 9), C = g.int(1, 3), B = g.int(1, 2);
        const square = g.bool(0.6);
        const win = square ? new Array(2).fill(g.int(2, 4)) : g.shape(2, 1, 4);
        const strides = square ? new Array(2).fill(g.int(1, 3)) : g.shape(2, 1, 3);
        const xv = g.floats(B * H * W * C, -3, 3);
        const [x, tx] = pair(xv, [B, H, W, C]);
        const w = win as [number, number], st = strides as [number, number];
        const pad = g.int(0, 2);
        const mode = g.pick([undefined, 'floor', 'round', 'ceil'] as const);
        const outs = [H, W].map((n, d) => outDim(n, win[d], strides[d], 1, pad, mode));
        const what = `${kind} case ${i} x ${fmt([B, H, W, C])} win ${fmt(win)} strides ${fmt(strides)}`;
        if (windowsTouchInput([H, W], win, strides, [1, 1], pad, outs)) {
          const got = sp[kind](x, w, st, pad, mode);
          if (square) close(got, tf[kind](tx as tf.Tensor4D, w, st, pad, mode), `${what} pad ${pad} ${mode}`);
          else closeTo(got, [B, ...outs, C], naivePool(xv, [B, H, W, C], win, strides, [1, 1], [pad, pad], outs, kind === 'maxPool' ? 'max' : 'avg'), `${what} pad ${pad} ${mode} (hand)`);
        }
        // explicit pads [[0,0],[t,b],[l,r],[0,0]], each side below the window size
        const pt = g.int(0, win[0] - 1), pb = g.int(0, win[0] - 1), pl = g.int(0, win[1] - 1), pr = g.int(0, win[1] - 1);
        const explicit: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [pt, pb], [pl, pr], [0, 0]];
        const eo = [Math.floor((H + pt + pb - win[0]) / strides[0]) + 1, Math.floor((W + pl + pr - win[1]) / strides[1]) + 1];
        if (eo[0] < 1 || eo[1] < 1) return;
        closeTo(sp[kind](x, w, st, explicit), [B, ...eo, C], naivePool(xv, [B, H, W, C], win, strides, [1, 1], [pt, pl], eo, kind === 'maxPool' ? 'max' : 'avg'), `${what} explicit ${fmt(explicit)} (hand)`);
        close(sp[kind](x, w, st, explicit), tf[kind](tx as tf.Tensor4D, w, st, explicit as never), `${what} explicit ${fmt(explicit)}`);
      });
    });
  }

  it("pool with dilations: max/avg, 'valid' (TF.js) and 'same' (interior vs TF.js, all vs hand)", () => {
    cases(13302, 12, (g, i) => {
      const H = g.int(4, 10), W = g.int(4, 10), C = g.int(1, 2), B = g.int(1, 2);
      const win = g.shape(2, 1, 3) as [number, number];
      const dil = g.shape(2, 1, 3) as [number, number];
      const type = g.pick(['max', 'avg'] as const);
      const pad = g.pick(['same', 'valid'] as const);
      const outs = [H, W].map((n, d) => outDim(n, win[d], 1, dil[d], pad));
      if (outs.some((v) => v < 1)) return;
      const xv = g.floats(B * H * W * C, -3, 3);
      const [x, tx] = pair(xv, [B, H, W, C]);
      const what = `pool ${type} case ${i} x ${fmt([B, H, W, C])} win ${fmt(win)} dil ${fmt(dil)} ${pad}`;
      const got = sp.pool(x, win, type, pad, dil, 1);
      const before = [H, W].map((n, d) => padBefore(n, win[d], 1, dil[d], pad));
      closeTo(got, [B, ...outs, C], naivePool(xv, [B, H, W, C], win, [1, 1], dil, before, outs, type), `${what} (hand)`);
      if (pad === 'valid') {
        close(got, tf.pool(tx as tf.Tensor4D, win, type, pad, dil, 1), what);
      } else {
        // TF.js (like TF's nn.pool) runs a dilated 'same' pool as spaceToBatch → 'valid' pool →
        // batchToSpace, so the zeros spaceToBatch pads with take part in the max / the average at
        // the borders. Sprout skips padded cells, as its 2-D pools do. Compare the outputs whose
        // window lies inside the image.
        const want = tf.pool(tx as tf.Tensor4D, win, type, pad, dil, 1);
        expect(got.shape).toEqual(want.shape);
        const gv = got.dataSync(), wv = want.dataSync();
        const inside: number[] = [], ref: number[] = [];
        forEachIndex([B, ...outs, C], (o) => {
          const ok = [0, 1].every((d) => o[1 + d] - before[d] >= 0 && o[1 + d] - before[d] + (win[d] - 1) * dil[d] < [H, W][d]);
          if (!ok) return;
          const at = ((o[0] * outs[0] + o[1]) * outs[1] + o[2]) * C + o[3];
          inside.push(gv[at]);
          ref.push(wv[at]);
        });
        closeValues(inside, ref, `${what} (interior vs TF.js)`);
      }
    });
  });

  it('pool with strides and no dilation equals maxPool/avgPool in TF.js, numeric pad + rounding', () => {
    cases(13303, 8, (g, i) => {
      const H = g.int(3, 9), W = g.int(3, 9);
      const k = g.int(2, 3), s = g.int(1, 3);
      const type = g.pick(['max', 'avg'] as const);
      const pad = g.pick(['same', 'valid', g.int(0, k - 1)] as const);
      const mode = typeof pad === 'number' ? g.pick(['floor', 'round', 'ceil'] as const) : undefined;
      const outs = [H, W].map((n) => outDim(n, k, s, 1, pad, mode));
      if (typeof pad === 'number' ? !windowsTouchInput([H, W], [k, k], [s, s], [1, 1], pad, outs) : outs.some((v) => v < 1)) return;
      const [x, tx] = randPair(g, [1, H, W, 2], -3, 3);
      // TF.js' pool turns a numeric pad of 0 into 'valid' and then rejects the rounding mode; for
      // pad 0 the reference is TF.js' maxPool / avgPool with the same arguments.
      const want = pad === 0
        ? (type === 'max' ? tf.maxPool : tf.avgPool)(tx as tf.Tensor4D, k, s, 0, mode)
        : tf.pool(tx as tf.Tensor4D, k, type, pad as never, 1, s, mode);
      close(sp.pool(x, k, type, pad, 1, s, mode), want, `pool ${type} case ${i} H ${H} W ${W} k ${k} s ${s} pad ${pad} ${mode}`);
    });
  });

  it('pool with dilations and a numeric pad (TF.js ignores the pad there; hand reference)', () => {
    // TF.js' pool only builds base paddings for 'same': with dilation > 1 a numeric pad is dropped.
    cases(13304, 6, (g, i) => {
      const H = g.int(5, 9), W = g.int(5, 9);
      const win = g.shape(2, 2, 3) as [number, number];
      const dil = [2, g.int(1, 2)] as [number, number];
      const pad = g.int(1, 2);
      const type = g.pick(['max', 'avg'] as const);
      const outs = [H, W].map((n, d) => outDim(n, win[d], 1, dil[d], pad));
      if (!windowsTouchInput([H, W], win, [1, 1], dil, pad, outs)) return;
      const xv = g.floats(H * W, -3, 3);
      closeTo(sp.pool(sp.tensor(xv, [1, H, W, 1]), win, type, pad, dil, 1), [1, ...outs, 1], naivePool(xv, [1, H, W, 1], win, [1, 1], dil, [pad, pad], outs, type), `pool ${type} case ${i} win ${fmt(win)} dil ${fmt(dil)} pad ${pad} (hand)`);
    });
  });
});

describe('maxPoolWithArgmax and localResponseNormalization vs TF.js', () => {
  it('maxPoolWithArgmax: values and indexes, includeBatchInIndex both ways, same/valid/numeric pads', () => {
    cases(13400, 14, (g, i) => {
      const B = g.int(1, 3), H = g.int(2, 8), W = g.int(2, 8), C = g.int(1, 3);
      const k = g.shape(2, 1, 3) as [number, number];
      const s = g.shape(2, 1, 2) as [number, number];
      // numeric pads only where TF.js sizes them right (square window, equal strides; see above)
      const square = k[0] === k[1] && s[0] === s[1] && k[0] > 1;
      const pad = square && g.bool(0.5) ? g.int(1, k[0] - 1) : g.pick(['same', 'valid'] as const);
      const outs = [outDim(H, k[0], s[0], 1, pad), outDim(W, k[1], s[1], 1, pad)];
      if (typeof pad === 'number' ? !windowsTouchInput([H, W], k, s, [1, 1], pad, outs) : outs.some((v) => v < 1)) return;
      // distinct values (a permutation) so that the argmax is unambiguous
      const n = B * H * W * C;
      const vals = Float32Array.from(g.perm(n), (v) => v - n / 2);
      const [x, tx] = pair(vals, [B, H, W, C]);
      const withBatch = g.bool();
      const got = sp.maxPoolWithArgmax(x, k, s, pad, withBatch);
      const want = tf.maxPoolWithArgmax(tx as tf.Tensor4D, k, s, pad as never, withBatch);
      const what = `maxPoolWithArgmax case ${i} x ${fmt([B, H, W, C])} k ${fmt(k)} s ${fmt(s)} ${pad} includeBatchInIndex ${withBatch}`;
      close(got.result, want.result, `${what}: result`);
      close(got.indexes, want.indexes, `${what}: indexes`);
    });
  });

  it('maxPoolWithArgmax: ties go to the first index in the window (row-major)', () => {
    // Hand: x = [[1, 5], [5, 2]] (one channel): the 2×2 max 5 first appears at flat index 1.
    const x = sp.tensor([1, 5, 5, 2, 7, 7, 7, 7], [2, 2, 2, 1]);
    const r = sp.maxPoolWithArgmax(x, 2, 2, 'valid', true);
    expect(flat(r.result)).toEqual([5, 7]);
    expect(flat(r.indexes)).toEqual([1, 4]);
    const r2 = sp.maxPoolWithArgmax(x, 2, 2, 'valid', false);
    expect(flat(r2.indexes)).toEqual([1, 0]);
    const t = tf.maxPoolWithArgmax(tf.tensor4d([1, 5, 5, 2, 7, 7, 7, 7], [2, 2, 2, 1]), 2, 2, 'valid', true);
    expect(Array.from(t.indexes.dataSync())).toEqual([1, 4]);
    t.result.dispose();
    t.indexes.dispose();
  });

  it('localResponseNormalization: depthRadius (also beyond the channels), bias, alpha, beta', () => {
    cases(13401, 10, (g, i) => {
      const C = g.int(1, 8);
      const shape = g.bool(0.8) ? [g.int(1, 2), g.int(1, 4), g.int(1, 4), C] : [g.int(1, 4), g.int(1, 4), C];
      const [x, tx] = randPair(g, shape, -3, 3);
      const r = g.int(0, 5), bias = g.float(0.5, 2), alpha = g.float(0.01, 1), beta = g.float(0.25, 1.5);
      close(
        sp.localResponseNormalization(x, r, bias, alpha, beta),
        tf.localResponseNormalization(tx as tf.Tensor4D, r, bias, alpha, beta),
        `LRN case ${i} ${fmt(shape)} r ${r} bias ${bias} alpha ${alpha} beta ${beta}`,
      );
    });
    // defaults (depthRadius 5, bias 1, alpha 1, beta 0.5)
    cases(13402, 2, (g, i) => {
      const [x, tx] = randPair(g, [1, 2, 2, 7], -2, 2);
      close(sp.localResponseNormalization(x), tf.localResponseNormalization(tx as tf.Tensor4D), `LRN defaults case ${i}`);
    });
  });
});

// ---- slicing ops -----------------------------------------------------------------------------

interface SliceSpec {
  begin: number[]; end: number[]; strides: number[];
  beginMask: number; endMask: number; ellipsisMask: number; newAxisMask: number; shrinkAxisMask: number;
}

/** Draws a stridedSlice spec with every mask, negative strides and out-of-range begin/end. */
function drawSlice(g: Gen, shape: number[]): SliceSpec {
  const rank = shape.length;
  const ellipsis = g.bool(0.35);
  const consuming = ellipsis ? g.int(0, rank) : g.int(0, rank);
  const newAxes = g.bool(0.35) ? g.int(1, 2) : 0;
  // entries: 'd' consumes a dimension, 'n' is a new axis, 'e' the ellipsis
  const kinds: string[] = [...new Array(consuming).fill('d'), ...new Array(newAxes).fill('n')];
  for (let k = kinds.length - 1; k > 0; k--) { const j = g.int(0, k); [kinds[k], kinds[j]] = [kinds[j], kinds[k]]; }
  if (ellipsis) kinds.splice(g.int(0, kinds.length), 0, 'e');
  const s: SliceSpec = { begin: [], end: [], strides: [], beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 };
  const eAt = kinds.indexOf('e');
  const dimsAfter = (at: number) => kinds.slice(at + 1).filter((k) => k === 'd').length;
  let lead = 0;
  kinds.forEach((kind, at) => {
    const bit = 1 << at;
    if (kind === 'e') { s.ellipsisMask |= bit; s.begin.push(0); s.end.push(0); s.strides.push(1); return; }
    if (kind === 'n') { s.newAxisMask |= bit; s.begin.push(g.int(-2, 2)); s.end.push(g.int(-2, 2)); s.strides.push(1); return; }
    // the input dimension this entry consumes
    const dim = eAt >= 0 && at > eAt ? rank - 1 - dimsAfter(at) : lead++;
    const n = shape[dim];
    if (g.bool(0.2)) {
      s.shrinkAxisMask |= bit;
      s.begin.push(g.int(-n, n - 1)); s.end.push(g.int(-n - 1, n + 1)); s.strides.push(g.pick([1, 2]));
      return;
    }
    s.begin.push(g.int(-n - 2, n + 2));
    s.end.push(g.int(-n - 2, n + 2));
    s.strides.push(g.pick([1, 1, 2, 3, -1, -1, -2]));
    if (g.bool(0.25)) s.beginMask |= bit;
    if (g.bool(0.25)) s.endMask |= bit;
  });
  return s;
}


/**
 * TF.js' stridedSlice as the reference, around two TF.js 4.22 bugs:
 * - With a shrinkAxisMask bit and any stride ≠ 1, its general path indexes the input with the
 *   begins/strides of the wrong dimensions (x[..., 0] of a [2,2,2,3] iota sliced with stride 2 on
 *   the shrunk axis gives [0,1,6,7,…] instead of [0,3,6,…]). The reference then slices without
 *   shrinking (begin b, end b + 1, stride 1 on those entries) and squeezes those dims away.
 * - When every stride is 1 and an interval is empty (begin after end), its fast path calls slice
 *   with a negative size and throws. The reference shape then comes from TF.js' own sliceInfo
 *   (which sizes it right) and the result must be empty.
 */
function tfStridedSlice(tx: TfTensor, shape: number[], s: SliceSpec): { shape: number[]; values: ArrayLike<number> } {
  try {
    if (s.shrinkAxisMask === 0) {
      const r = tf.stridedSlice(tx, s.begin, s.end, s.strides, s.beginMask, s.endMask, s.ellipsisMask, s.newAxisMask, 0);
      return { shape: r.shape, values: r.dataSync() as ArrayLike<number> };
    }
    const begin = s.begin.slice(), end = s.end.slice(), strides = s.strides.slice();
    let beginMask = s.beginMask, endMask = s.endMask;
    const rank = shape.length;
    const consuming = s.begin.filter((_, i) => !(s.ellipsisMask & (1 << i)) && !(s.newAxisMask & (1 << i))).length;
    const squeeze: number[] = [];
    let outPos = 0, dim = 0;
    for (let i = 0; i < s.begin.length; i++) {
      const bit = 1 << i;
      if (s.ellipsisMask & bit) { outPos += rank - consuming; dim += rank - consuming; continue; }
      if (s.newAxisMask & bit) { outPos++; continue; }
      if (s.shrinkAxisMask & bit) {
        const b = s.begin[i] < 0 ? s.begin[i] + shape[dim] : s.begin[i];
        begin[i] = b; end[i] = b + 1; strides[i] = 1;
        beginMask &= ~bit; endMask &= ~bit;
        squeeze.push(outPos);
      }
      outPos++; dim++;
    }
    const r = tf.squeeze(tf.stridedSlice(tx, begin, end, strides, beginMask, endMask, s.ellipsisMask, s.newAxisMask, 0), squeeze);
    return { shape: r.shape, values: r.dataSync() as ArrayLike<number> };
  } catch (e) {
    // (an empty interval of exactly -1 does not throw there but slices "to the end" and then
    // fails to reshape: "Size(10) must match the product of shape 0,2,5")
    const info = tf.slice_util.sliceInfo(shape, s.begin, s.end, s.strides, s.beginMask, s.endMask, s.ellipsisMask, s.newAxisMask, s.shrinkAxisMask);
    if (size(info.finalShape) !== 0) throw e;
    return { shape: info.finalShape, values: [] };
  }
}

describe('stridedSlice vs TF.js', () => {
  it('random specs: begin/end/ellipsis/newAxis/shrinkAxis masks, negative strides, clamping', () => {
    cases(14000, 40, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 5);
      const dtype = g.pick(['float32', 'int32', 'bool'] as const);
      const [x, tx] = randPair(g, shape, -9, 9, dtype);
      const s = drawSlice(g, shape);
      const got = sp.stridedSlice(x, s.begin, s.end, s.strides, s.beginMask, s.endMask, s.ellipsisMask, s.newAxisMask, s.shrinkAxisMask);
      const want = tfStridedSlice(tx, shape, s);
      closeTo(got, want.shape, want.values, `stridedSlice case ${i} ${dtype} ${fmt(shape)} spec ${fmt(s)}`, dtype);
    });
  });

  it('strides omitted, and specs shorter than the rank (trailing dims kept whole)', () => {
    cases(14001, 8, (g, i) => {
      const rank = g.int(2, 4);
      const shape = g.shape(rank, 1, 5);
      const [x, tx] = randPair(g, shape);
      const m = g.int(1, rank - 1);
      const begin = shape.slice(0, m).map((n) => g.int(-n, n));
      const end = shape.slice(0, m).map((n) => g.int(-n, n + 2));
      const spec: SliceSpec = { begin, end, strides: begin.map(() => 1), beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 };
      const want = tfStridedSlice(tx, shape, spec);
      closeTo(sp.stridedSlice(x, begin, end), want.shape, want.values, `stridedSlice no strides case ${i} ${fmt(shape)} ${fmt(begin)}:${fmt(end)}`, 'float32');
    });
  });

  it('Python-style hand cases: reversal, clamping, ellipsis + new axis, shrink', () => {
    const v = [0, 1, 2, 3, 4, 5];
    const x = sp.tensor(v);
    const row = (b: number, e: number, s: number, bm = 0, em = 0) => flat(sp.stridedSlice(x, [b], [e], [s], bm, em));
    expect(row(0, 0, -1, 1, 1)).toEqual([5, 4, 3, 2, 1, 0]); // x[::-1]
    expect(row(10, -10, -2)).toEqual([5, 3, 1]); // x[10:-10:-2]
    expect(row(-100, 100, 1)).toEqual(v); // x[-100:100]
    expect(row(4, 1, 1)).toEqual([]); // x[4:1]
    expect(row(-2, 0, -1, 0, 1)).toEqual([4, 3, 2, 1, 0]); // x[-2::-1]
    expect(row(1, -1, 3)).toEqual([1, 4]); // x[1:-1:3]
    const m = sp.tensor([[1, 2, 3], [4, 5, 6]]);
    // m[..., None, 1] → shape [2, 1], values [2, 5]
    const a = sp.stridedSlice(m, [0, 0, 1], [0, 0, 2], [1, 1, 1], 0, 0, 1, 2, 4);
    expect(a.shape).toEqual([2, 1]);
    expect(flat(a)).toEqual([2, 5]);
    // m[-1] → [4, 5, 6] (shrink), m[None, :, ::-2] → [[[3, 1], [6, 4]]]
    const b = sp.stridedSlice(m, [-1], [0], [1], 0, 0, 0, 0, 1);
    expect(b.shape).toEqual([3]);
    expect(flat(b)).toEqual([4, 5, 6]);
    const c = sp.stridedSlice(m, [0, 0, 0], [0, 0, 0], [1, 1, -2], 6, 6, 0, 1, 0);
    expect(c.shape).toEqual([1, 2, 2]);
    expect(flat(c)).toEqual([3, 1, 6, 4]);
    // a shrunk axis ignores its end and (positive) stride: x[..., 0] of an iota [2, 2, 2, 3]
    // (TF.js gets this wrong with stride 2, see tfStridedSlice)
    const iota = sp.tensor(Array.from({ length: 24 }, (_, k) => k), [2, 2, 2, 3]);
    const d = sp.stridedSlice(iota, [0, 0], [0, 3], [1, 2], 0, 0, 1, 0, 2);
    expect(d.shape).toEqual([2, 2, 2]);
    expect(flat(d)).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
    // an empty interval with unit strides (TF.js throws here) gives an empty result
    const e = sp.stridedSlice(sp.tensor([[0, 1, 2, 3, 4]]), [0, 3], [1, 1]);
    expect(e.shape).toEqual([1, 0]);
  });
});

describe('gatherND, scatterND, mirrorPad, reverse, depthToSpace, spaceToDepth vs TF.js', () => {
  it('gatherND: index depth 1..rank, batch dims of indices, dtypes', () => {
    cases(14100, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 4);
      const dtype = g.pick(['float32', 'int32', 'bool'] as const);
      const [x, tx] = randPair(g, shape, -9, 9, dtype);
      const k = g.int(1, rank);
      const batch = g.shape(g.int(1, 2), 1, 3);
      const iv = new Int32Array(size(batch) * k);
      for (let r = 0; r < size(batch); r++) for (let j = 0; j < k; j++) iv[r * k + j] = g.int(0, shape[j] - 1);
      const [ix, tix] = pair(iv, [...batch, k], 'int32');
      close(sp.gatherND(x, ix), tf.gatherND(tx, tix), `gatherND case ${i} ${dtype} x ${fmt(shape)} indices ${fmt([...batch, k])}`);
    });
  });

  it('scatterND: duplicates add up, slices, float32 and int32 updates', () => {
    cases(14101, 10, (g, i) => {
      const rank = g.int(1, 3);
      const shape = g.shape(rank, 1, 4);
      const k = g.int(1, rank);
      const batch = g.shape(g.int(1, 2), 1, 4);
      const n = size(batch);
      const iv = new Int32Array(n * k);
      for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) iv[r * k + j] = g.int(0, shape[j] - 1);
      // force a duplicate row
      if (n > 1) for (let j = 0; j < k; j++) iv[(n - 1) * k + j] = iv[j];
      const dtype = g.pick(['float32', 'int32'] as const);
      const [ix, tix] = pair(iv, [...batch, k], 'int32');
      const [u, tu] = randPair(g, [...batch, ...shape.slice(k)], -5, 5, dtype);
      close(sp.scatterND(ix, u, shape), tf.scatterND(tix, tu, shape), `scatterND case ${i} ${dtype} shape ${fmt(shape)} indices ${fmt(Array.from(iv))}`);
    });
    // hand: duplicates add
    closeTo(sp.scatterND([[1], [1], [3], [1]], [1, 2, 3, 4], [5]), [5], [0, 7, 0, 3, 0], 'scatterND duplicates (hand)');
  });

  it("mirrorPad 'reflect' and 'symmetric' up to the largest allowed padding", () => {
    cases(14102, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 5);
      const mode = g.pick(['reflect', 'symmetric'] as const);
      const dtype = g.pick(['float32', 'int32'] as const);
      const [x, tx] = randPair(g, shape, -9, 9, dtype);
      const limit = (n: number) => (mode === 'reflect' ? n - 1 : n);
      const paddings = shape.map((n) => [g.bool(0.3) ? limit(n) : g.int(0, limit(n)), g.int(0, limit(n))] as [number, number]);
      close(sp.mirrorPad(x, paddings, mode), tf.mirrorPad(tx, paddings, mode), `mirrorPad ${mode} case ${i} ${fmt(shape)} ${fmt(paddings)}`);
    });
    closeTo(sp.mirrorPad([1, 2, 3], [[2, 2]], 'reflect'), [7], [3, 2, 1, 2, 3, 2, 1], 'mirrorPad reflect (hand)');
    closeTo(sp.mirrorPad([1, 2, 3], [[3, 1]], 'symmetric'), [7], [3, 2, 1, 1, 2, 3, 3], 'mirrorPad symmetric (hand)');
  });

  it('reverse along several axes (negative too) and all axes, dtypes', () => {
    cases(14103, 10, (g, i) => {
      const rank = g.int(1, 5);
      const shape = g.shape(rank, 1, 4);
      const dtype = g.pick(['float32', 'int32', 'bool'] as const);
      const [x, tx] = randPair(g, shape, -9, 9, dtype);
      const axes = g.perm(rank).slice(0, g.int(1, rank)).map((a) => (g.bool() ? a - rank : a));
      close(sp.reverse(x, axes), tf.reverse(tx, axes), `reverse case ${i} ${fmt(shape)} axes ${fmt(axes)}`);
      close(sp.reverse(x), tf.reverse(tx), `reverse all case ${i} ${fmt(shape)}`);
      if (axes.length === 1) close(sp.reverse(x, axes[0]), tf.reverse(tx, axes[0]), `reverse number axis case ${i}`);
    });
  });

  it('depthToSpace (vs TF.js) and spaceToDepth (hand), block sizes 2–3, dtypes', () => {
    cases(14104, 10, (g, i) => {
      const bs = g.int(2, 3);
      const dtype = g.pick(['float32', 'int32'] as const);
      const B = g.int(1, 2), H = g.int(1, 3), W = g.int(1, 3), C = g.int(1, 2);
      const [x, tx] = randPair(g, [B, H, W, C * bs * bs], -9, 9, dtype);
      // TF.js' depthToSpace only takes float32 (TensorFlow also takes int32): int32 input is
      // compared with TF.js on the float32 cast, and must keep its dtype.
      const tx32 = dtype === 'int32' ? tf.cast(tx, 'float32') : tx;
      const d2s = sp.depthToSpace(x, bs);
      close(d2s, tf.depthToSpace(tx32 as tf.Tensor4D, bs), `depthToSpace case ${i} ${fmt(x.shape)} block ${bs}`, { dtype: false });
      expect(d2s.dtype).toBe(dtype);
      // TF.js 4.22 has no spaceToDepth: hand reference,
      // out[b, i, j, (bi·bs + bj)·C + c] = y[b, i·bs + bi, j·bs + bj, c].
      const yv = dtype === 'int32' ? g.ints(B * H * bs * W * bs * C, -9, 9) : g.floats(B * H * bs * W * bs * C, -9, 9);
      const want: number[] = [];
      forEachIndex([B, H, W, bs, bs, C], ([b, i2, j, bi, bj, c]) => want.push(yv[((b * H * bs + i2 * bs + bi) * W * bs + j * bs + bj) * C + c]));
      closeTo(sp.spaceToDepth(sp.tensor(yv, [B, H * bs, W * bs, C], dtype), bs), [B, H, W, bs * bs * C], want, `spaceToDepth case ${i} ${fmt([B, H * bs, W * bs, C])} block ${bs}`, dtype);
    });
  });
});

describe('unique vs TF.js', () => {
  it('1-D float32 / int32 / bool with repeats (NaN equals NaN, as TF.js)', () => {
    cases(14200, 8, (g, i) => {
      const n = g.int(1, 12);
      const dtype = g.pick(['float32', 'int32', 'bool'] as const);
      let vals: Float32Array | Int32Array | Uint8Array;
      if (dtype === 'float32') vals = Float32Array.from({ length: n }, () => g.pick([1.5, -2, 0, 7, 3.25, NaN]));
      else if (dtype === 'int32') vals = g.ints(n, -3, 3);
      else vals = g.bools(n);
      const [x, tx] = pair(vals, [n], dtype);
      const got = sp.unique(x), want = tf.unique(tx);
      close(got.values, want.values, `unique ${dtype} case ${i} ${fmt(Array.from(vals))}: values`);
      close(got.indices, want.indices, `unique ${dtype} case ${i}: indices`);
    });
  });

  it('2-D along axis 1 (and 0, and -1) for int32 / float32, with repeated columns and rows', () => {
    cases(14201, 8, (g, i) => {
      const rows = g.int(1, 4), cols = g.int(1, 6);
      const dtype = g.pick(['float32', 'int32'] as const);
      // few distinct values so that columns repeat, plus some forced copies
      const vals = dtype === 'int32' ? g.ints(rows * cols, 0, 1) : Float32Array.from(g.ints(rows * cols, 0, 1), (v) => v * 0.5 - 1);
      if (cols > 2) for (let r = 0; r < rows; r++) vals[r * cols + cols - 1] = vals[r * cols];
      const [x, tx] = pair(vals, [rows, cols], dtype);
      for (const [spAxis, tfAxis] of [[1, 1], [-1, 1], [0, 0]]) {
        const got = sp.unique(x, spAxis), want = tf.unique(tx, tfAxis);
        close(got.values, want.values, `unique ${dtype} axis ${spAxis} case ${i} ${fmt([rows, cols])}: values`);
        close(got.indices, want.indices, `unique ${dtype} axis ${spAxis} case ${i}: indices`);
      }
    });
  });
});

// ---- image ops -------------------------------------------------------------------------------

describe('image.cropAndResize vs TF.js', () => {
  it('bilinear and nearest, boxes partly outside the image (extrapolation), flipped boxes, crop size 1', () => {
    cases(15000, 12, (g, i) => {
      const B = g.int(1, 3), H = g.int(1, 7), W = g.int(1, 7), C = g.int(1, 3);
      const dtype = g.pick(['float32', 'float32', 'int32'] as const);
      const [img, timg] = randPair(g, [B, H, W, C], -5, 5, dtype);
      const n = g.int(1, 4);
      const bv = g.floats(n * 4, -0.5, 1.5);
      const [boxes, tboxes] = pair(bv, [n, 4]);
      const [ind, tind] = pair(g.ints(n, 0, B - 1), [n], 'int32');
      const crop: [number, number] = i < 3 ? [1, g.pick([1, 3])] : [g.int(1, 6), g.int(1, 6)];
      const method = g.pick(['bilinear', 'nearest'] as const);
      const extra = g.pick([0, g.float(-3, 3)]);
      close(
        sp.image.cropAndResize(img, boxes, ind, crop, method, extra),
        tf.image.cropAndResize(dtype === 'int32' ? tf.cast(timg, 'float32') as tf.Tensor4D : timg as tf.Tensor4D, tboxes as tf.Tensor2D, tind as tf.Tensor1D, crop, method, extra),
        `cropAndResize case ${i} ${dtype} image ${fmt([B, H, W, C])} boxes ${fmt(Array.from(bv))} crop ${fmt(crop)} ${method} extrapolation ${extra}`,
      );
    });
  });

  it('hand values: the whole image, a 1×1 crop takes the box centre, outside → extrapolationValue', () => {
    const img = sp.tensor([0, 1, 2, 3, 4, 5, 6, 7, 8], [1, 3, 3, 1]);
    closeTo(sp.image.cropAndResize(img, [[0, 0, 1, 1]], [0], [3, 3]), [1, 3, 3, 1], [0, 1, 2, 3, 4, 5, 6, 7, 8], 'identity crop');
    // centre of [0, 0, 0.5, 0.5] in pixels is (0.5, 0.5): bilinear → (0 + 1 + 3 + 4)/4 = 2
    closeTo(sp.image.cropAndResize(img, [[0, 0, 0.5, 0.5]], [0], [1, 1]), [1, 1, 1, 1], [2], '1×1 crop bilinear');
    // nearest rounds 0.5 up → pixel (1, 1) = 4
    closeTo(sp.image.cropAndResize(img, [[0, 0, 0.5, 0.5]], [0], [1, 1], 'nearest'), [1, 1, 1, 1], [4], '1×1 crop nearest');
    // box [-1, 0, 0.5, 1] with 3 rows and 1 column samples y = -2, -0.5, 1 at x = 1 (pixels):
    // the first two rows are outside → -9; the last is pixel (1, 1) = 4
    closeTo(sp.image.cropAndResize(img, [[-1, 0, 0.5, 1]], [0], [3, 1], 'bilinear', -9), [1, 3, 1, 1], [-9, -9, 4], 'extrapolation');
    // box [-1, 0, 1, 1]: y = -2, 0, 2 → -9, pixel (0, 1) = 1, pixel (2, 1) = 7
    closeTo(sp.image.cropAndResize(img, [[-1, 0, 1, 1]], [0], [3, 1], 'nearest', -9), [1, 3, 1, 1], [-9, 1, 7], 'extrapolation nearest');
  });
});

/** Boxes that overlap a lot: jittered copies of a few centres, some with flipped corners. */
function drawBoxes(g: Gen, n: number): Float32Array {
  const centres = Array.from({ length: g.int(1, 3) }, () => [g.float(0, 1), g.float(0, 1)]);
  const out = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const [cy, cx] = g.pick(centres);
    const h = g.float(0.1, 0.5), w = g.float(0.1, 0.5);
    const y = cy + g.float(-0.1, 0.1), x = cx + g.float(-0.1, 0.1);
    const box = [y - h / 2, x - w / 2, y + h / 2, x + w / 2];
    if (g.bool(0.2)) [box[0], box[2]] = [box[2], box[0]];
    if (g.bool(0.2)) [box[1], box[3]] = [box[3], box[1]];
    out.set(box, i * 4);
  }
  return out;
}

describe('image.nonMaxSuppression* vs TF.js', () => {
  interface NmsDraw { boxes: Float32Array; scores: Float32Array; n: number; max: number; iou: number; scoreThr: number; sigma: number }
  const drawNms = (g: Gen): NmsDraw => {
    const n = g.int(1, 14);
    const boxes = drawBoxes(g, n);
    // scores from a small set so that ties happen
    const scores = Float32Array.from({ length: n }, () => (g.bool(0.4) ? g.pick([0.9, 0.5, 0.3]) : g.float(0, 1)));
    return {
      boxes, scores, n,
      max: g.int(0, n + 2),
      iou: g.pick([0, 0.3, 0.5, 0.7, 1, g.float(0, 1)]),
      scoreThr: g.pick([-Infinity, 0, 0.3, g.float(0, 0.8)]),
      sigma: g.pick([0, 0.1, 0.5, 1, g.float(0.05, 1)]),
    };
  };
  const desc = (d: NmsDraw) => `n ${d.n} max ${d.max} iou ${d.iou} scoreThreshold ${d.scoreThr} sigma ${d.sigma} scores ${fmt(Array.from(d.scores))} boxes ${fmt(Array.from(d.boxes))}`;

  it('nonMaxSuppression: iou and score thresholds, ties (lower index first)', () => {
    cases(15100, 16, (g, i) => {
      const d = drawNms(g);
      const [b, tb] = pair(d.boxes, [d.n, 4]), [s, ts] = pair(d.scores, [d.n]);
      close(sp.image.nonMaxSuppression(b, s, d.max, d.iou, d.scoreThr), tf.image.nonMaxSuppression(tb as tf.Tensor2D, ts as tf.Tensor1D, d.max, d.iou, d.scoreThr), `NMS case ${i} ${desc(d)}`);
    });
  });

  it('nonMaxSuppressionWithScore: soft-NMS (sigma > 0) indices and decayed scores', () => {
    cases(15101, 16, (g, i) => {
      const d = drawNms(g);
      const [b, tb] = pair(d.boxes, [d.n, 4]), [s, ts] = pair(d.scores, [d.n]);
      const got = sp.image.nonMaxSuppressionWithScore(b, s, d.max, d.iou, d.scoreThr, d.sigma);
      const want = tf.image.nonMaxSuppressionWithScore(tb as tf.Tensor2D, ts as tf.Tensor1D, d.max, d.iou, d.scoreThr, d.sigma);
      close(got.selectedIndices, want.selectedIndices, `soft-NMS case ${i} indices ${desc(d)}`);
      close(got.selectedScores, want.selectedScores, `soft-NMS case ${i} scores ${desc(d)}`);
    });
  });

  it('the async forms give what the sync TF.js forms give', async () => {
    const g = new Gen(15102);
    for (let i = 0; i < 8 * SCALE; i++) {
      const d = drawNms(g);
      const b = sp.tensor(d.boxes, [d.n, 4]), s = sp.tensor(d.scores, [d.n]);
      const tb = tf.tensor2d(d.boxes, [d.n, 4]), ts = tf.tensor1d(d.scores);
      const got = await sp.image.nonMaxSuppressionAsync(b, s, d.max, d.iou, d.scoreThr);
      const want = await tf.image.nonMaxSuppressionAsync(tb, ts, d.max, d.iou, d.scoreThr);
      close(got, want, `NMS async case ${i} ${desc(d)}`);
      const got2 = await sp.image.nonMaxSuppressionWithScoreAsync(b, s, d.max, d.iou, d.scoreThr, d.sigma);
      const want2 = await tf.image.nonMaxSuppressionWithScoreAsync(tb, ts, d.max, d.iou, d.scoreThr, d.sigma);
      close(got2.selectedIndices, want2.selectedIndices, `soft-NMS async case ${i} indices ${desc(d)}`);
      close(got2.selectedScores, want2.selectedScores, `soft-NMS async case ${i} scores ${desc(d)}`);
      sp.dispose([b, s, got, got2.selectedIndices, got2.selectedScores]);
      tf.dispose([tb, ts, want, want2.selectedIndices, want2.selectedScores]);
    }
  });

  it('hand case: equal scores keep the lower index, IoU exactly at the threshold suppresses', () => {
    // boxes 0 and 1 are identical (IoU 1); box 2 overlaps box 0 with IoU 1/3 exactly.
    const boxes = [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0.5, 1, 1.5]];
    expect(flat(sp.image.nonMaxSuppression(boxes, [0.5, 0.5, 0.4], 3, 0.5))).toEqual([0, 2]);
    // IoU of box 2 with box 0: intersection 0.5, union 1.5 → 1/3; at threshold 1/3 it is dropped
    expect(flat(sp.image.nonMaxSuppression(boxes, [0.5, 0.5, 0.4], 3, 1 / 3))).toEqual([0]);
    expect(flat(sp.image.nonMaxSuppression(boxes, [0.5, 0.5, 0.4], 3, 0.34))).toEqual([0, 2]);
    // soft-NMS: box 2's score decays by exp(-0.5/σ · (1/3)²)
    const sigma = 0.5;
    const r = sp.image.nonMaxSuppressionWithScore(boxes, [0.5, 0.1, 0.4], 3, 1, 0, sigma);
    expect(flat(r.selectedIndices)).toEqual([0, 2]);
    closeValues(r.selectedScores.dataSync(), [0.5, 0.4 * Math.exp((-0.5 / sigma) * (1 / 9))], 'soft-NMS decayed score (hand)');
  });
});

// ---- dropout ---------------------------------------------------------------------------------
// TF.js draws its mask from another RNG, so these check dropout's properties, not TF.js values.

describe('dropout properties (TF.js RNG differs: no value comparison)', () => {
  it('the same seed gives the same mask; kept values are x / (1 − rate), dropped are 0', () => {
    const g = new Gen(16000);
    for (const rate of [0.1, 0.5, 0.8]) {
      const vals = g.floats(500, 1, 2);
      const x = sp.tensor(vals, [20, 25]);
      const a = flat(sp.dropout(x, rate, undefined, 7));
      const b = flat(sp.dropout(x, rate, undefined, 7));
      expect(a, `rate ${rate}: same seed, same output`).toEqual(b);
      const c = flat(sp.dropout(x, rate, undefined, 8));
      expect(c, `rate ${rate}: another seed, another mask`).not.toEqual(a);
      const bad: string[] = [];
      a.forEach((v, k) => {
        const kept = vals[k] / (1 - rate);
        if (v !== 0 && Math.abs(v - kept) > 1e-5 * kept) bad.push(`[${k}] ${v} (x ${vals[k]})`);
      });
      expect(bad, `rate ${rate}: kept values scaled by 1/(1 − rate)`).toEqual([]);
      // string seeds work the same way
      expect(flat(sp.dropout(x, rate, undefined, 'abc'))).toEqual(flat(sp.dropout(x, rate, undefined, 'abc')));
    }
  });

  it('the fraction dropped is close to the rate on 10k values', () => {
    for (const [rate, seed] of [[0.1, 1], [0.3, 2], [0.5, 3], [0.9, 4]] as const) {
      const got = sp.dropout(sp.ones([100, 100]), rate, undefined, seed).dataSync();
      let zeros = 0;
      for (let k = 0; k < got.length; k++) if (got[k] === 0) zeros++;
      // binomial: σ = √(r(1 − r)/n) ≤ 0.005; allow 5σ
      const sigma = Math.sqrt((rate * (1 - rate)) / 10000);
      expect(Math.abs(zeros / 10000 - rate), `rate ${rate}: dropped ${zeros / 10000}`).toBeLessThan(5 * sigma);
      // the expected sum is kept: mean of the output ≈ 1
      let sum = 0;
      for (let k = 0; k < got.length; k++) sum += got[k];
      expect(Math.abs(sum / 10000 - 1), `rate ${rate}: mean ${sum / 10000}`).toBeLessThan(5 * sigma / (1 - rate));
    }
  });

  it('noiseShape broadcasting: one decision per broadcast slice', () => {
    const g = new Gen(16001);
    const vals = g.floats(8 * 30 * 6, 1, 2);
    const x = sp.tensor(vals, [8, 30, 6]);
    const rate = 0.4;
    for (const noise of [[8, 1, 6], [1, 30, 1], [8, 30, 1], [1, 1, 6], [30, 6]]) {
      const out = flat(sp.dropout(x, rate, noise, 11));
      const full = [8, 30, 6];
      const ns = [...new Array(3 - noise.length).fill(1), ...noise];
      const decisions = new Map<string, boolean>();
      const bad: string[] = [];
      let zeros = 0;
      forEachIndex(full, (idx) => {
        const at = (idx[0] * 30 + idx[1]) * 6 + idx[2];
        const key = idx.map((v, d) => (ns[d] === 1 ? 0 : v)).join(',');
        const kept = out[at] !== 0;
        if (!kept) zeros++;
        else if (Math.abs(out[at] - vals[at] / (1 - rate)) > 1e-5 * out[at]) bad.push(`${idx}: ${out[at]}`);
        const prev = decisions.get(key);
        if (prev === undefined) decisions.set(key, kept);
        else if (prev !== kept) bad.push(`${idx}: decision differs within slice ${key}`);
      });
      expect(bad.slice(0, 6), `noiseShape ${fmt(noise)}`).toEqual([]);
      expect(decisions.size, `noiseShape ${fmt(noise)}: one decision per noise cell`).toBe(size(noise));
      // with enough cells, both decisions happen
      if (size(noise) >= 30) expect(zeros > 0 && zeros < out.length, `noiseShape ${fmt(noise)}: some kept, some dropped`).toBe(true);
    }
  });

  it('rate 0 is the identity; int32 input gives float32; TF.js scales the same way', () => {
    const x = sp.tensor([1, -2, 3.5]);
    expect(flat(sp.dropout(x, 0))).toEqual([1, -2, 3.5]);
    const y = sp.dropout(sp.tensor([2, 4, 6, 8], [4], 'int32'), 0.5, undefined, 3);
    expect(y.dtype).toBe('float32');
    for (const v of flat(y)) expect([0, 4, 8, 12, 16]).toContain(v);
    // TF.js: every kept value of ones is 1 / (1 − rate) as well
    const t = tf.dropout(tf.ones([1000]), 0.25, undefined, 5);
    const tv = Array.from(t.dataSync());
    t.dispose();
    expect(new Set(tv.map((v) => Math.round(v * 1e5) / 1e5))).toEqual(new Set([0, Math.round((1 / 0.75) * 1e5) / 1e5]));
    expect(new Set(flat(sp.dropout(sp.ones([1000]), 0.25, undefined, 5)).map((v) => Math.round(v * 1e5) / 1e5))).toEqual(new Set([0, Math.round((1 / 0.75) * 1e5) / 1e5]));
  });
});
