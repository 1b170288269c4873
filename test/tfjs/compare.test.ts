// Sprout against TensorFlow.js 4.22 (its CPU backend) on random cases.
//
// Every case draws shapes and parameters from a seeded PRNG (so a failure reproduces), builds the
// same input on both sides, and compares shape, dtype and values. Tolerance: 1e-4 relative to the
// output's range (max |ref| over finite reference values, at least 1); NaN must match NaN and ±∞
// must match exactly.
//
// Where Sprout deliberately differs from TF.js, the comment says so and the test checks Sprout's
// documented behaviour instead (its expected values then come from hand computation or from TF.js
// on an equivalent input).
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';

import { cases, close, closeTo, closeValues, fmt, Gen, pair, randPair, size, SCALE, type DT, type SpTensor, type TfTensor } from './helpers.ts';
type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];


// ---- elementwise --------------------------------------------------------------------------

type SpUnary = (x: SpTensor) => SpTensor;
type TfUnary = (x: TfTensor) => TfTensor;

/** Unary ops with an input domain where they are defined (and well conditioned). */
const UNARY: [name: string, lo: number, hi: number][] = [
  ['neg', -5, 5], ['abs', -5, 5], ['exp', -5, 5], ['expm1', -2, 2], ['log', 0.01, 10], ['log1p', -0.9, 10],
  ['sqrt', 0, 10], ['rsqrt', 0.1, 10], ['square', -5, 5], ['sin', -6, 6], ['cos', -6, 6], ['tan', -1.3, 1.3],
  ['asin', -0.99, 0.99], ['acos', -0.99, 0.99], ['atan', -5, 5], ['sinh', -3, 3], ['cosh', -3, 3], ['tanh', -4, 4],
  ['sigmoid', -8, 8], ['softplus', -8, 8], ['relu', -5, 5], ['relu6', -3, 9], ['elu', -4, 4], ['selu', -4, 4],
  ['erf', -3, 3], ['floor', -5, 5], ['ceil', -5, 5], ['round', -5, 5], ['sign', -5, 5],
];

describe('unary ops vs TF.js', () => {
  for (const [name, lo, hi] of UNARY) {
    it(`${name} (float32)`, () => {
      const spOp = (sp as unknown as Record<string, SpUnary>)[name];
      const tfOp = (tf as unknown as Record<string, TfUnary>)[name];
      cases(1000 + name.length * 31 + name.charCodeAt(0), 6, (g, i) => {
        const shape = g.shape(g.int(0, 4), 1, 5);
        const vals = g.floats(size(shape), lo, hi);
        // round: exact halves must round to even, as TensorFlow does.
        if (name === 'round') for (let k = 0; k < vals.length; k += 2) vals[k] = Math.floor(vals[k]) + 0.5;
        if (name === 'sign' && vals.length > 1) vals[0] = 0;
        const [a, b] = pair(vals, shape);
        close(spOp(a), tfOp(b), `${name} case ${i} shape ${fmt(shape)}`);
      });
    });
  }

  it('reciprocal (away from 0)', () => {
    cases(1101, 6, (g, i) => {
      const shape = g.shape(g.int(1, 3));
      const vals = g.floats(size(shape), 0.2, 5).map((v) => (g.bool() ? -v : v));
      const [a, b] = pair(vals, shape);
      close(sp.reciprocal(a), tf.reciprocal(b), `reciprocal case ${i}`);
    });
  });

  it('int32-preserving unary ops (neg, abs, square, sign, relu, relu6) keep int32 like TF.js', () => {
    const ops = ['neg', 'abs', 'square', 'sign', 'relu', 'relu6'];
    cases(1102, 6, (g, i) => {
      const shape = g.shape(g.int(1, 3));
      const [a, b] = randPair(g, shape, -9, 9, 'int32');
      for (const name of ops) {
        const spOp = (sp as unknown as Record<string, SpUnary>)[name];
        const tfOp = (tf as unknown as Record<string, TfUnary>)[name];
        close(spOp(a), tfOp(b), `${name} int32 case ${i}`);
      }
    });
  });

  it('float-only ops on int32 input: Sprout casts to float32 (TF.js throws for most)', () => {
    // Deliberate difference: TF.js rejects int32 input for sqrt, sigmoid, elu, floor… (and gives
    // odd int32 results for reciprocal/selu/softplus); Sprout converts to float32 first. The
    // reference is TF.js on the float32 cast of the same values.
    const ops = ['exp', 'log1p', 'sqrt', 'sigmoid', 'tanh', 'elu', 'selu', 'softplus', 'erf', 'sin', 'atan'];
    cases(1103, 5, (g, i) => {
      const shape = g.shape(g.int(1, 3));
      const [a, b] = randPair(g, shape, 0, 6, 'int32');
      for (const name of ops) {
        const spOp = (sp as unknown as Record<string, SpUnary>)[name];
        const tfOp = (tf as unknown as Record<string, TfUnary>)[name];
        close(spOp(a), tfOp(tf.cast(b, 'float32')), `${name} of int32 case ${i}`);
      }
    });
  });

  it('floor/ceil/round of int32 are the identity (int32 kept)', () => {
    // TF.js throws on floor/ceil of int32; Sprout returns the values unchanged, as an integer has
    // nothing to round. TF.js' round of int32 is the identity too.
    const [a, b] = pair(new Int32Array([-3, 0, 7, 2147483647]), [4], 'int32');
    close(sp.round(a), tf.round(b), 'round int32');
    for (const op of [sp.floor, sp.ceil]) {
      const r = op(a);
      expect(r.dtype).toBe('int32');
      expect(Array.from(r.dataSync())).toEqual([-3, 0, 7, 2147483647]);
    }
  });

  it('sign of NaN is NaN (TF.js gives 0)', () => {
    // Deliberate difference: Sprout documents "NaN stays NaN" (as numpy); TF.js' CPU sign gives 0.
    const r = sp.sign([NaN, -2, 0, 3]).dataSync();
    expect(Number.isNaN(r[0])).toBe(true);
    expect(Array.from(r.slice(1))).toEqual([-1, 0, 1]);
  });

  it('isNaN, isFinite, isInf, logicalNot', () => {
    cases(1104, 6, (g, i) => {
      const shape = g.shape(g.int(1, 3), 1, 5);
      const vals = g.floats(size(shape), -3, 3);
      for (let k = 0; k < vals.length; k++) {
        const r = g.next();
        if (r < 0.15) vals[k] = NaN;
        else if (r < 0.25) vals[k] = Infinity;
        else if (r < 0.35) vals[k] = -Infinity;
      }
      const [a, b] = pair(vals, shape);
      close(sp.isNaN(a), tf.isNaN(b), `isNaN case ${i}`);
      close(sp.isFinite(a), tf.isFinite(b), `isFinite case ${i}`);
      close(sp.isInf(a), tf.isInf(b), `isInf case ${i}`);
      const [c, d] = randPair(g, shape, 0, 0, 'bool');
      close(sp.logicalNot(c), tf.logicalNot(d), `logicalNot case ${i}`);
    });
  });

  it('leakyRelu, step, clipByValue, prelu (broadcast alpha)', () => {
    cases(1105, 8, (g, i) => {
      const shape = g.shape(g.int(1, 4));
      const [a, b] = randPair(g, shape, -4, 4);
      const alpha = g.float(0, 0.5);
      close(sp.leakyRelu(a, alpha), tf.leakyRelu(b, alpha), `leakyRelu case ${i}`);
      close(sp.step(a, alpha), tf.step(b, alpha), `step case ${i}`);
      const lo = g.float(-3, 0), hi = g.float(0, 3);
      close(sp.clipByValue(a, lo, hi), tf.clipByValue(b, lo, hi), `clipByValue case ${i} [${lo}, ${hi}]`);
      // prelu alpha: broadcast along the trailing dims
      const aShape = shape.slice(g.int(0, shape.length - 1)).map((d) => (g.bool(0.3) ? 1 : d));
      const [pa, pb] = randPair(g, aShape, 0, 0.5);
      close(sp.prelu(a, pa), tf.prelu(b, pb), `prelu case ${i} x ${fmt(shape)} alpha ${fmt(aShape)}`);
    });
  });

  it('cast between float32, int32 and bool', () => {
    cases(1106, 6, (g, i) => {
      const shape = g.shape(g.int(1, 3));
      const vals = g.floats(size(shape), -5, 5);
      for (let k = 0; k < vals.length; k += 3) vals[k] = 0;
      const [a, b] = pair(vals, shape);
      close(sp.cast(a, 'int32'), tf.cast(b, 'int32'), `cast float→int case ${i}`);
      close(sp.cast(a, 'bool'), tf.cast(b, 'bool'), `cast float→bool case ${i}`);
      const [c, d] = randPair(g, shape, -5, 5, 'int32');
      close(sp.cast(c, 'float32'), tf.cast(d, 'float32'), `cast int→float case ${i}`);
      close(sp.cast(c, 'bool'), tf.cast(d, 'bool'), `cast int→bool case ${i}`);
      const [e, f] = randPair(g, shape, 0, 0, 'bool');
      close(sp.cast(e, 'float32'), tf.cast(f, 'float32'), `cast bool→float case ${i}`);
      close(sp.cast(e, 'int32'), tf.cast(f, 'int32'), `cast bool→int case ${i}`);
    });
  });
});

/** Two shapes that broadcast together, with size-1 dims and missing leading dims on either side. */
function broadcastShapes(g: Gen): [number[], number[]] {
  const rank = g.int(0, 4);
  const base = g.shape(rank, 2, 4);
  const a = base.map((d) => (g.bool(0.3) ? 1 : d));
  const b = base.map((d) => (g.bool(0.3) ? 1 : d));
  const r = g.next();
  if (r < 0.25) return [a.slice(g.int(0, rank)), b];
  if (r < 0.5) return [a, b.slice(g.int(0, rank))];
  return [a, b];
}

type SpBin = (a: SpTensor | number, b: SpTensor | number) => SpTensor;
type TfBin = (a: TfTensor | number, b: TfTensor | number) => TfTensor;

describe('binary ops vs TF.js (broadcasting on both sides)', () => {
  // [name, a range, b range]; b kept away from 0 where it divides.
  const FLOAT_BIN: [string, [number, number], [number, number]][] = [
    ['add', [-5, 5], [-5, 5]], ['sub', [-5, 5], [-5, 5]], ['mul', [-5, 5], [-5, 5]], ['div', [-5, 5], [0.5, 4]],
    ['floorDiv', [-9, 9], [0.5, 4]], ['mod', [-9, 9], [0.5, 4]], ['pow', [0.1, 3], [-2, 2]],
    ['maximum', [-5, 5], [-5, 5]], ['minimum', [-5, 5], [-5, 5]], ['squaredDifference', [-5, 5], [-5, 5]],
    ['atan2', [-5, 5], [-5, 5]],
  ];
  for (const [name, ra, rb] of FLOAT_BIN) {
    it(`${name} (float32)`, () => {
      const spOp = (sp as unknown as Record<string, SpBin>)[name];
      const tfOp = (tf as unknown as Record<string, TfBin>)[name];
      cases(2000 + name.charCodeAt(0) * 7 + name.length, 8, (g, i) => {
        const [sa, sb] = broadcastShapes(g);
        const [a, b] = randPair(g, sa, ...ra);
        let [c, d] = randPair(g, sb, ...rb);
        if (['div', 'floorDiv', 'mod'].includes(name) && g.bool()) {
          // negative divisors too
          [c, d] = [sp.neg(c), tf.neg(d)];
        }
        // TF.js' floorDiv returns int32 even for float32 operands; Sprout keeps the operands' dtype
        // (float32), as TensorFlow's floordiv does: values are compared, and the dtype checked apart.
        const dtype = name !== 'floorDiv';
        const r1 = spOp(a, c), r2 = spOp(c, a);
        close(r1, tfOp(b, d), `${name} case ${i}: ${fmt(sa)} ∘ ${fmt(sb)}`, { dtype });
        close(r2, tfOp(d, b), `${name} swapped case ${i}: ${fmt(sb)} ∘ ${fmt(sa)}`, { dtype, rtol: name === 'pow' ? 1e-3 : 1e-4 });
        if (!dtype) expect([r1.dtype, r2.dtype]).toEqual(['float32', 'float32']);
      });
    });
  }

  it('binary ops on int32 (div floors, as TF.js)', () => {
    const ops = ['add', 'sub', 'mul', 'div', 'floorDiv', 'mod', 'maximum', 'minimum', 'squaredDifference'];
    cases(2100, 8, (g, i) => {
      const [sa, sb] = broadcastShapes(g);
      const [a, b] = randPair(g, sa, -20, 20, 'int32');
      const vals = g.ints(size(sb), 1, 6).map((v) => (g.bool() ? -v : v));
      const [c, d] = pair(vals, sb, 'int32');
      for (const name of ops) {
        const spOp = (sp as unknown as Record<string, SpBin>)[name];
        const tfOp = (tf as unknown as Record<string, TfBin>)[name];
        close(spOp(a, c), tfOp(b, d), `${name} int32 case ${i}: ${fmt(sa)} ∘ ${fmt(sb)}`);
      }
      const [e, f] = randPair(g, sb, 0, 4, 'int32');
      close(sp.pow(a, e), tf.pow(b, f), `pow int32 case ${i}`);
    });
  });

  it('a tensor with a plain number on either side', () => {
    cases(2101, 6, (g, i) => {
      const shape = g.shape(g.int(0, 3));
      const [a, b] = randPair(g, shape, -5, 5);
      const k = Math.round(g.float(1, 5) * 100) / 100;
      close(sp.add(a, k), tf.add(b, k), `add number case ${i}`);
      close(sp.sub(k, a), tf.sub(k, b), `sub number-first case ${i}`);
      close(sp.mul(a, k), tf.mul(b, k), `mul number case ${i}`);
      close(sp.div(a, k), tf.div(b, k), `div number case ${i}`);
      // Deliberate difference: TF.js turns a plain number into a float32 tensor, so int32 + 3 is
      // float32 there; Sprout keeps int32 when the number is an integer (2 + int → int), and goes
      // float32 otherwise. Values must agree either way.
      const [c, d] = randPair(g, shape, -9, 9, 'int32');
      const r1 = sp.add(c, 3), r2 = sp.mul(2, c), r3 = sp.add(c, 0.5);
      close(r1, tf.add(d, 3), `int32 + integer case ${i}`, { dtype: false });
      close(r2, tf.mul(2, d), `integer · int32 case ${i}`, { dtype: false });
      close(r3, tf.add(d, 0.5), `int32 + 0.5 case ${i}`);
      expect([r1.dtype, r2.dtype, r3.dtype]).toEqual(['int32', 'int32', 'float32']);
    });
  });

  it('mixed dtypes upcast (int32 + float32 → float32, bool + int32 → int32)', () => {
    // TF.js 4.x upcasts mixed operands of add/mul the same way.
    cases(2102, 4, (g, i) => {
      const [sa, sb] = broadcastShapes(g);
      const [a, b] = randPair(g, sa, -5, 5, 'int32');
      const [c, d] = randPair(g, sb, -5, 5, 'float32');
      close(sp.add(a, c), tf.add(b, d), `int32 + float32 case ${i}`);
      const [e, f] = randPair(g, sb, 0, 0, 'bool');
      close(sp.mul(a, e), tf.mul(b, f), `int32 · bool case ${i}`);
    });
  });
});

describe('comparisons, logical ops and where vs TF.js', () => {
  const CMP = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];
  it('comparisons on float32 and int32 with broadcasting', () => {
    cases(3000, 10, (g, i) => {
      const [sa, sb] = broadcastShapes(g);
      // integer-valued floats so that equality happens
      const dtype = g.pick(['float32', 'int32'] as const);
      const [a, b] = pair(dtype === 'int32' ? g.ints(size(sa), -2, 2) : Float32Array.from(g.ints(size(sa), -2, 2)), sa, dtype);
      const [c, d] = pair(dtype === 'int32' ? g.ints(size(sb), -2, 2) : Float32Array.from(g.ints(size(sb), -2, 2)), sb, dtype);
      for (const name of CMP) {
        const spOp = (sp as unknown as Record<string, SpBin>)[name];
        const tfOp = (tf as unknown as Record<string, TfBin>)[name];
        close(spOp(a, c), tfOp(b, d), `${name} ${dtype} case ${i}: ${fmt(sa)} vs ${fmt(sb)}`);
      }
    });
  });

  it('logicalAnd, logicalOr, logicalXor with broadcasting', () => {
    cases(3001, 8, (g, i) => {
      const [sa, sb] = broadcastShapes(g);
      const [a, b] = randPair(g, sa, 0, 0, 'bool');
      const [c, d] = randPair(g, sb, 0, 0, 'bool');
      close(sp.logicalAnd(a, c), tf.logicalAnd(b, d), `logicalAnd case ${i}`);
      close(sp.logicalOr(a, c), tf.logicalOr(b, d), `logicalOr case ${i}`);
      close(sp.logicalXor(a, c), tf.logicalXor(b, d), `logicalXor case ${i}`);
    });
  });

  it('where with condition, a and b broadcasting together', () => {
    cases(3002, 10, (g, i) => {
      const rank = g.int(1, 4);
      const base = g.shape(rank, 2, 4);
      const sh = () => base.slice(g.int(0, rank - 1)).map((d) => (g.bool(0.3) ? 1 : d));
      const sc = sh(), sa = sh(), sb = sh();
      const [c, d] = randPair(g, sc, 0, 0, 'bool');
      const dtype = g.pick(['float32', 'int32'] as const);
      const [a, b] = randPair(g, sa, -5, 5, dtype);
      const [e, f] = randPair(g, sb, -5, 5, dtype);
      close(sp.where(c, a, e), tf.where(d, b, f), `where case ${i}: cond ${fmt(sc)} a ${fmt(sa)} b ${fmt(sb)}`);
    });
  });
});

// ---- reductions ---------------------------------------------------------------------------

/** A random axis argument for a tensor of `rank`: undefined, one axis, or a list (negatives too). */
function randAxis(g: Gen, rank: number): number | number[] | undefined {
  const r = g.next();
  if (rank === 0 || r < 0.2) return undefined;
  const neg = (a: number) => (g.bool() ? a - rank : a);
  if (r < 0.55) return neg(g.int(0, rank - 1));
  const axes = g.perm(rank).slice(0, g.int(1, rank));
  return axes.map(neg);
}

type SpRed = (x: SpTensor, axis?: number | number[], keepDims?: boolean) => SpTensor;
type TfRed = (x: TfTensor, axis?: number | number[], keepDims?: boolean) => TfTensor;

describe('reductions vs TF.js', () => {
  const RED: [string, number, number, DT][] = [
    ['sum', -5, 5, 'float32'], ['sum', -9, 9, 'int32'], ['prod', 0.6, 1.5, 'float32'], ['max', -5, 5, 'float32'],
    ['max', -9, 9, 'int32'], ['min', -5, 5, 'float32'], ['min', -9, 9, 'int32'], ['mean', -5, 5, 'float32'],
    ['mean', -9, 9, 'int32'], ['all', 0, 0, 'bool'], ['any', 0, 0, 'bool'], ['logSumExp', -5, 5, 'float32'],
  ];
  for (const [name, lo, hi, dtype] of RED) {
    it(`${name} (${dtype}) over axes with keepDims`, () => {
      const spOp = (sp as unknown as Record<string, SpRed>)[name];
      const tfOp = (tf as unknown as Record<string, TfRed>)[name];
      cases(4000 + name.charCodeAt(1) * 13 + dtype.length, 8, (g, i) => {
        const rank = g.int(name === 'all' || name === 'any' ? 1 : 0, 4);
        const shape = g.shape(rank, 1, 4);
        const [a, b] = randPair(g, shape, lo, hi, dtype);
        const axis = randAxis(g, rank);
        const keepDims = g.bool();
        close(spOp(a, axis, keepDims), tfOp(b, axis, keepDims), `${name} case ${i} shape ${fmt(shape)} axis ${fmt(axis)} keepDims ${keepDims}`);
      });
    });
  }

  it('reductions with ±Infinity and NaN in the input', () => {
    const rows = [[Infinity, 1, 2], [-Infinity, -Infinity], [Infinity, -Infinity], [1, NaN, 3], [-Infinity, 5], [1e30, 1e30, -1e30]];
    for (const row of rows) {
      const [a, b] = pair(Float32Array.from(row), [row.length]);
      for (const name of ['sum', 'mean', 'max', 'min', 'prod']) {
        const spOp = (sp as unknown as Record<string, SpRed>)[name];
        const tfOp = (tf as unknown as Record<string, TfRed>)[name];
        close(spOp(a), tfOp(b), `${name} of [${row}]`);
      }
      // along an axis too: the same row twice
      const [c, d] = pair(Float32Array.from([...row, ...row]), [2, row.length]);
      close(sp.sum(c, 1), tf.sum(d, 1), `sum along axis 1 of [${row}] ×2`);
      close(sp.sum(c, 0), tf.sum(d, 0), `sum along axis 0 of [${row}] ×2`);
    }
  });

  it('sum of bool counts the trues (int32)', () => {
    cases(4100, 5, (g, i) => {
      const shape = g.shape(g.int(1, 3));
      const [a, b] = randPair(g, shape, 0, 0, 'bool');
      const axis = randAxis(g, shape.length);
      close(sp.sum(a, axis), tf.sum(b, axis), `sum bool case ${i}`);
    });
  });

  it('argMax / argMin along every axis (negative too)', () => {
    cases(4101, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 5);
      const dtype = g.pick(['float32', 'int32'] as const);
      // int32 draws have ties: both return the first index of the extreme
      const [a, b] = randPair(g, shape, -9, 9, dtype);
      const axis = g.int(-rank, rank - 1);
      close(sp.argMax(a, axis), tf.argMax(b, axis), `argMax ${dtype} case ${i} shape ${fmt(shape)} axis ${axis}`);
      close(sp.argMin(a, axis), tf.argMin(b, axis), `argMin ${dtype} case ${i} shape ${fmt(shape)} axis ${axis}`);
    });
  });

  it('argMax / argMin with a NaN return the NaN index (numpy), unlike TF.js', () => {
    // Deliberate difference: TF.js' CPU argMax skips NaN ([1, NaN, 3] → 2); Sprout treats NaN as the
    // extreme and returns its first index, as numpy does.
    expect(Array.from(sp.argMax([1, NaN, 3]).dataSync())).toEqual([1]);
    expect(Array.from(sp.argMin([1, NaN, -3]).dataSync())).toEqual([1]);
    expect(Array.from(sp.argMax([[NaN, 5], [2, NaN], [0, 1]], 1).dataSync())).toEqual([0, 1, 1]);
    expect(Array.from(sp.argMax([[1, 5], [7, NaN]], 0).dataSync())).toEqual([1, 1]);
  });

  it('softmax / logSoftmax along the last dimension', () => {
    cases(4102, 8, (g, i) => {
      const shape = g.shape(g.int(1, 4), 1, 6);
      const [a, b] = randPair(g, shape, -10, 10);
      close(sp.softmax(a), tf.softmax(b), `softmax case ${i} ${fmt(shape)}`);
      close(sp.logSoftmax(a), tf.logSoftmax(b), `logSoftmax case ${i} ${fmt(shape)}`);
      close(sp.softmax(a, -1), tf.softmax(b, -1), `softmax dim -1 case ${i}`);
    });
  });

  it('softmax / logSoftmax along other dimensions (reference: TF.js on the transposed input)', () => {
    // TF.js only supports the last dimension ("Softmax along a non-last dimension is not yet
    // supported"); Sprout supports any. Reference: move the axis last in TF.js, softmax, move back.
    cases(4103, 8, (g, i) => {
      const rank = g.int(2, 4);
      const shape = g.shape(rank, 1, 5);
      const [a, b] = randPair(g, shape, -6, 6);
      const dim = g.int(-rank, rank - 2);
      const d = dim < 0 ? dim + rank : dim;
      const perm = Array.from({ length: rank }, (_, k) => k);
      [perm[d], perm[rank - 1]] = [perm[rank - 1], perm[d]];
      const ref = tf.transpose(tf.softmax(tf.transpose(b, perm)), perm);
      const refLog = tf.transpose(tf.logSoftmax(tf.transpose(b, perm)), perm);
      close(sp.softmax(a, dim), ref, `softmax case ${i} ${fmt(shape)} dim ${dim}`);
      close(sp.logSoftmax(a, dim), refLog, `logSoftmax case ${i} ${fmt(shape)} dim ${dim}`);
    });
  });

  it('moments over axes with keepDims', () => {
    cases(4104, 8, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 5);
      const [a, b] = randPair(g, shape, -5, 5);
      const axis = randAxis(g, rank);
      const keepDims = g.bool();
      const s = sp.moments(a, axis, keepDims);
      const t = tf.moments(b, axis, keepDims);
      close(s.mean, t.mean, `moments mean case ${i} ${fmt(shape)} axis ${fmt(axis)} keepDims ${keepDims}`);
      close(s.variance, t.variance, `moments variance case ${i} ${fmt(shape)} axis ${fmt(axis)} keepDims ${keepDims}`);
    });
  });

  it('topk (sorted), float32 and int32 with ties', () => {
    cases(4105, 10, (g, i) => {
      const shape = g.shape(g.int(1, 3), 1, 6);
      const dtype = g.pick(['float32', 'int32'] as const);
      const [a, b] = randPair(g, shape, -4, 4, dtype);
      const k = g.int(0, shape[shape.length - 1]);
      const s = sp.topk(a, k);
      const t = tf.topk(b, k);
      close(s.values, t.values, `topk values ${dtype} case ${i} ${fmt(shape)} k ${k}`);
      close(s.indices, t.indices, `topk indices ${dtype} case ${i} ${fmt(shape)} k ${k}`);
    });
  });
});

// ---- linear algebra -----------------------------------------------------------------------

/** Last-two dims of a and b for M×K · K×N with the given transposes. */
function mmShapes(g: Gen, ta: boolean, tb: boolean): [number[], number[]] {
  const M = g.int(1, 7), K = g.int(1, 7), N = g.int(1, 7);
  return [ta ? [K, M] : [M, K], tb ? [N, K] : [K, N]];
}

/**
 * Batch shapes for a and b that broadcast together. TF.js 4.22's CPU matMul gives wrong results
 * when a size-1 batch dimension that is not the leading one is broadcast (e.g. a [2,1,3,4] by
 * b [1,2,4,5]), so the TF.js comparison only draws size-1 (or missing) dims in the leading
 * position; such shapes are checked against a plain-JS reference further below.
 */
function mmBatches(g: Gen): [number[], number[]] {
  const r = g.int(0, 2);
  if (r === 0) return [[], []];
  const rest = g.shape(r - 1, 2, 3);
  const lead = g.int(2, 3);
  const opt = g.int(0, 4);
  if (opt === 0) return [[lead, ...rest], [lead, ...rest]];
  if (opt === 1) return [[1, ...rest], [lead, ...rest]];
  if (opt === 2) return [[lead, ...rest], [1, ...rest]];
  if (opt === 3) return [[lead, ...rest], rest];
  return [rest, [lead, ...rest]];
}

/**
 * Batch shapes for fused.matMul. TF.js' fused kernel flattens each operand's batch dims before
 * broadcasting, so it only handles equal batches or a batch of one on either side.
 */
function fusedBatches(g: Gen): [number[], number[]] {
  const lead = g.int(2, 3);
  return g.pick<[number[], number[]]>([[[], []], [[lead], [lead]], [[1], [lead]], [[lead], []], [[], [lead]], [[2, lead], [2, lead]]]);
}

describe('matMul vs TF.js', () => {
  it('2-D with every transpose combination', () => {
    cases(5000, 10, (g, i) => {
      const ta = g.bool(), tb = g.bool();
      const [sa, sb] = mmShapes(g, ta, tb);
      const [a, b] = randPair(g, sa);
      const [c, d] = randPair(g, sb);
      close(sp.matMul(a, c, ta, tb), tf.matMul(b, d, ta, tb), `matMul case ${i} ${fmt(sa)}${ta ? 'ᵀ' : ''} · ${fmt(sb)}${tb ? 'ᵀ' : ''}`);
    });
  });

  it('larger 2-D products (blocked kernel paths)', () => {
    cases(5001, 4, (g, i) => {
      const M = g.int(30, 130), K = g.int(30, 300), N = g.int(30, 140);
      const ta = g.bool(), tb = g.bool();
      const [a, b] = randPair(g, ta ? [K, M] : [M, K], -1, 1);
      const [c, d] = randPair(g, tb ? [N, K] : [K, N], -1, 1);
      close(sp.matMul(a, c, ta, tb), tf.matMul(b, d, ta, tb), `matMul large case ${i} M${M} K${K} N${N} ta ${ta} tb ${tb}`);
    });
  });

  it('batched, with batch broadcasting (size-1 or missing leading dims)', () => {
    cases(5002, 12, (g, i) => {
      const ta = g.bool(), tb = g.bool();
      const [sa, sb] = mmShapes(g, ta, tb);
      const [ba, bb] = mmBatches(g);
      const [a, b] = randPair(g, [...ba, ...sa]);
      const [c, d] = randPair(g, [...bb, ...sb]);
      close(sp.matMul(a, c, ta, tb), tf.matMul(b, d, ta, tb), `batched matMul case ${i} ${fmt([...ba, ...sa])} · ${fmt([...bb, ...sb])} ta ${ta} tb ${tb}`);
    });
  });

  it('int32 matMul stays int32', () => {
    cases(5003, 4, (g, i) => {
      const [sa, sb] = mmShapes(g, false, false);
      const [a, b] = randPair(g, sa, -5, 5, 'int32');
      const [c, d] = randPair(g, sb, -5, 5, 'int32');
      close(sp.matMul(a, c), tf.matMul(b, d), `int32 matMul case ${i}`);
    });
  });

  it('batch broadcasting at non-leading size-1 dims, against a plain-JS reference', () => {
    // (Not compared with TF.js: see mmBatches.) Reference computed here with explicit loops.
    const cs: [number[], number[]][] = [
      [[2, 1, 3, 4], [1, 2, 4, 5]], [[2, 2, 3, 4], [2, 1, 4, 5]], [[3, 1, 3, 4], [2, 4, 5]], [[2, 3, 4], [3, 1, 4, 5]],
    ];
    const g = new Gen(5004);
    for (const [sa, sb] of cs) {
      const av = g.floats(size(sa), -2, 2), bv = g.floats(size(sb), -2, 2);
      const got = sp.matMul(sp.tensor(av, sa), sp.tensor(bv, sb));
      const rank = Math.max(sa.length, sb.length);
      const pa = [...new Array(rank - sa.length).fill(1), ...sa], pb = [...new Array(rank - sb.length).fill(1), ...sb];
      const batch = pa.slice(0, -2).map((d, k) => Math.max(d, pb[k]));
      const [M, K] = pa.slice(-2), N = pb[rank - 1];
      const want: number[] = [];
      const idx = (shape: number[], bi: number[]) => bi.reduce((acc, v, k) => acc * shape[k] + (shape[k] === 1 ? 0 : v), 0);
      for (let flat = 0; flat < size(batch); flat++) {
        const bi: number[] = [];
        let rem = flat;
        for (let k = batch.length - 1; k >= 0; k--) { bi.unshift(rem % batch[k]); rem = Math.floor(rem / batch[k]); }
        const oa = idx(pa.slice(0, -2), bi) * M * K, ob = idx(pb.slice(0, -2), bi) * K * N;
        for (let m = 0; m < M; m++) {
          for (let n = 0; n < N; n++) {
            let s = 0;
            for (let k = 0; k < K; k++) s += av[oa + m * K + k] * bv[ob + k * N + n];
            want.push(s);
          }
        }
      }
      expect(got.shape).toEqual([...batch, M, N]);
      closeValues(got.dataSync(), want, `matMul ${fmt(sa)} · ${fmt(sb)}`);
    }
  });

  it('fused.matMul with bias and every activation', () => {
    const acts = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'] as const;
    cases(5005, 14, (g, i) => {
      const activation = acts[i % acts.length];
      const ta = g.bool(), tb = g.bool();
      const [sa, sb] = mmShapes(g, ta, tb);
      const [ba, bb] = fusedBatches(g);
      const [a, b] = randPair(g, [...ba, ...sa], -3, 3);
      const [c, d] = randPair(g, [...bb, ...sb], -3, 3);
      const M = ta ? sa[1] : sa[0], N = tb ? sb[0] : sb[1];
      const biasShape = g.pick([[N], [1], [M, 1], [M, N]]);
      const withBias = g.bool(0.8);
      const [e, f] = randPair(g, biasShape, -2, 2);
      const [pa, pb] = randPair(g, [N], 0, 0.5);
      const leakyreluAlpha = g.float(0.05, 0.4);
      const got = sp.fused.matMul({
        a, b: c, transposeA: ta, transposeB: tb, bias: withBias ? e : undefined, activation,
        preluActivationWeights: activation === 'prelu' ? pa : undefined, leakyreluAlpha,
      });
      const want = tf.fused.matMul({
        a: b, b: d, transposeA: ta, transposeB: tb, bias: withBias ? f : undefined, activation,
        preluActivationWeights: activation === 'prelu' ? pb : undefined, leakyreluAlpha,
      });
      close(got, want, `fused.matMul ${activation} case ${i} ${fmt([...ba, ...sa])} · ${fmt([...bb, ...sb])} bias ${withBias ? fmt(biasShape) : 'none'}`);
    });
  });
});

// ---- convolutions and pools ---------------------------------------------------------------

/** Output size of a conv dimension (TF rules), to keep draws valid. */
function outSize(inSize: number, k: number, s: number, d: number, pad: Pad, which: 1 | 2): number {
  const eff = (k - 1) * d + 1;
  if (pad === 'same') return Math.ceil(inSize / s);
  if (pad === 'valid') return Math.ceil((inSize - eff + 1) / s);
  if (typeof pad === 'number') return Math.floor((inSize - eff + 2 * pad) / s) + 1;
  const [p, q] = pad[which];
  return Math.floor((inSize + p + q - eff) / s) + 1;
}

interface ConvDraw {
  xShape: number[];
  fh: number;
  fw: number;
  strides: [number, number];
  dilations: [number, number];
  pad: Pad;
}

/** Draws a valid conv/pool configuration (output at least 1×1). */
function drawConv(g: Gen, explicit = true): ConvDraw {
  for (;;) {
    const xShape = [g.int(1, 2), g.int(3, 9), g.int(3, 9), g.int(1, 3)];
    const fh = g.int(1, 4), fw = g.int(1, 4);
    const s = g.pick([1, 2]), s2 = g.bool(0.2) ? 3 - s : s;
    const strides: [number, number] = [s, s2];
    const dil = strides[0] === 1 && strides[1] === 1 && g.bool(0.35) ? g.pick([[2, 2], [1, 2], [2, 1]] as [number, number][]) : [1, 1] as [number, number];
    const kinds: Pad[] = ['same', 'valid'];
    if (explicit) {
      kinds.push([[0, 0], [g.int(0, 2), g.int(0, 2)], [g.int(0, 2), g.int(0, 2)], [0, 0]]);
      // TF.js 4.22 sizes a numeric pad's output with the filter height and stride height for both
      // dimensions (conv_util computeOutputShape2D), so numeric pads are only drawn where those
      // agree: square filters, equal strides and dilations.
      if (fh === fw && strides[0] === strides[1] && dil[0] === dil[1]) kinds.push(g.int(0, 2));
    }
    const pad = g.pick(kinds);
    const oh = outSize(xShape[1], fh, strides[0], dil[0], pad, 1), ow = outSize(xShape[2], fw, strides[1], dil[1], pad, 2);
    if (oh >= 1 && ow >= 1) return { xShape, fh, fw, strides, dilations: dil, pad };
  }
}

const convDesc = (c: ConvDraw, f: number[]) =>
  `x ${fmt(c.xShape)} filter ${fmt(f)} strides ${fmt(c.strides)} dilations ${fmt(c.dilations)} pad ${fmt(c.pad)}`;

describe('convolutions and pools vs TF.js', () => {
  it('conv2d: strides 1/2, same/valid/explicit/numeric pads, even kernels, dilations', () => {
    cases(6000, 16, (g, i) => {
      const c = drawConv(g);
      const fShape = [c.fh, c.fw, c.xShape[3], g.int(1, 4)];
      const [x, tx] = randPair(g, c.xShape, -2, 2);
      const [f, tfF] = randPair(g, fShape, -1, 1);
      // Numeric pads: TF.js takes them too (with dimRoundingMode optional).
      const got = sp.conv2d(x, f, c.strides, c.pad as never, 'NHWC', c.dilations);
      const want = tf.conv2d(tx as tf.Tensor4D, tfF as tf.Tensor4D, c.strides, c.pad as never, 'NHWC', c.dilations);
      close(got, want, `conv2d case ${i} ${convDesc(c, fShape)}`);
    });
  });

  it('conv2d on a rank-3 image and a larger image (tiled paths)', () => {
    cases(6001, 3, (g, i) => {
      const H = g.int(20, 40), W = g.int(20, 40), C = g.int(3, 8), O = g.int(4, 16);
      const [x, tx] = randPair(g, [H, W, C], -1, 1);
      const [f, tfF] = randPair(g, [3, 3, C, O], -1, 1);
      const pad = g.pick(['same', 'valid'] as const);
      const s = g.pick([1, 2]);
      close(sp.conv2d(x, f, s, pad), tf.conv2d(tx as tf.Tensor3D, tfF as tf.Tensor4D, s, pad), `conv2d rank-3 case ${i} [${H},${W},${C}]→${O} ${pad} s${s}`);
    });
  });

  it('conv2d with a dimRoundingMode on a numeric pad', () => {
    cases(6002, 6, (g, i) => {
      const xShape = [1, g.int(5, 9), g.int(5, 9), 2];
      const k = g.int(2, 4);
      const mode = g.pick(['floor', 'round', 'ceil'] as const);
      const pad = g.int(0, 2);
      const [x, tx] = randPair(g, xShape, -1, 1);
      const [f, tfF] = randPair(g, [k, k, 2, 3], -1, 1);
      close(
        sp.conv2d(x, f, 2, pad, 'NHWC', 1, mode),
        tf.conv2d(tx as tf.Tensor4D, tfF as tf.Tensor4D, 2, pad, 'NHWC', 1, mode),
        `conv2d rounding ${mode} case ${i} x ${fmt(xShape)} k ${k} pad ${pad}`,
      );
    });
  });

  it('depthwiseConv2d with channel multiplier 1 and 2', () => {
    cases(6003, 14, (g, i) => {
      const c = drawConv(g, false);
      const mult = i % 2 === 0 ? 1 : 2;
      const fShape = [c.fh, c.fw, c.xShape[3], mult];
      const [x, tx] = randPair(g, c.xShape, -2, 2);
      const [f, tfF] = randPair(g, fShape, -1, 1);
      const got = sp.depthwiseConv2d(x, f, c.strides, c.pad as never, 'NHWC', c.dilations);
      const want = tf.depthwiseConv2d(tx as tf.Tensor4D, tfF as tf.Tensor4D, c.strides, c.pad as never, 'NHWC', c.dilations);
      close(got, want, `depthwiseConv2d case ${i} ${convDesc(c, fShape)}`);
    });
  });

  it('fused.conv2d and fused.depthwiseConv2d with bias and every activation', () => {
    const acts = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'] as const;
    cases(6004, 14, (g, i) => {
      const activation = acts[i % acts.length];
      const c = drawConv(g, false);
      const depthwise = Math.floor(i / acts.length) % 2 === 1;
      const outC = depthwise ? c.xShape[3] * g.int(1, 2) : g.int(1, 4);
      const fShape = depthwise ? [c.fh, c.fw, c.xShape[3], outC / c.xShape[3]] : [c.fh, c.fw, c.xShape[3], outC];
      const [x, tx] = randPair(g, c.xShape, -2, 2);
      const [f, tfF] = randPair(g, fShape, -1, 1);
      const [bias, tb] = randPair(g, g.bool() ? [outC] : [1], -1, 1);
      const [alpha, ta] = randPair(g, [outC], 0, 0.5);
      const leakyreluAlpha = g.float(0.05, 0.4);
      const cfg = { strides: c.strides, pad: c.pad as 'same', dilations: c.dilations, activation, leakyreluAlpha };
      const got = (depthwise ? sp.fused.depthwiseConv2d : sp.fused.conv2d)({
        ...cfg, x, filter: f, bias, preluActivationWeights: activation === 'prelu' ? alpha : undefined,
      });
      const want = (depthwise ? tf.fused.depthwiseConv2d : tf.fused.conv2d)({
        ...cfg, x: tx as tf.Tensor4D, filter: tfF as tf.Tensor4D, bias: tb, preluActivationWeights: activation === 'prelu' ? ta : undefined,
      });
      close(got, want, `fused.${depthwise ? 'depthwiseConv2d' : 'conv2d'} ${activation} case ${i} ${convDesc(c, fShape)}`);
    });
  });

  it('conv2dTranspose: strides 1/2, same/valid, even kernels', () => {
    cases(6005, 12, (g, i) => {
      const batch = g.int(1, 2), H = g.int(3, 9), W = g.int(3, 9), outC = g.int(1, 3), inC = g.int(1, 3);
      const fh = g.int(1, 4), fw = g.int(1, 4), s = g.pick([1, 2]);
      const pad = g.pick(['same', 'valid'] as const);
      const h = outSize(H, fh, s, 1, pad, 1), w = outSize(W, fw, s, 1, pad, 2);
      if (h < 1 || w < 1) return;
      const [x, tx] = randPair(g, [batch, h, w, inC], -2, 2);
      const [f, tfF] = randPair(g, [fh, fw, outC, inC], -1, 1);
      const outShape: [number, number, number, number] = [batch, H, W, outC];
      close(
        sp.conv2dTranspose(x, f, outShape, s, pad),
        tf.conv2dTranspose(tx as tf.Tensor4D, tfF as tf.Tensor4D, outShape, s, pad),
        `conv2dTranspose case ${i} x ${fmt([batch, h, w, inC])} filter ${fmt([fh, fw, outC, inC])} out ${fmt(outShape)} s ${s} ${pad}`,
      );
    });
  });

  for (const kind of ['maxPool', 'avgPool'] as const) {
    it(`${kind}: same/valid, stride 1/2, even windows`, () => {
      cases(kind === 'maxPool' ? 6006 : 6007, 14, (g, i) => {
        let c: ConvDraw;
        do c = drawConv(g, false); while (c.dilations[0] !== 1 || c.dilations[1] !== 1);
        // make sure the interesting case ('same' + stride 2 + even window) shows up
        if (i < 3) c = { xShape: [1, g.int(4, 8), g.int(4, 8), 2], fh: 2 * (i + 1) > 4 ? 4 : 2, fw: 2, strides: [2, 2], dilations: [1, 1], pad: 'same' };
        const [x, tx] = randPair(g, c.xShape, -3, 3);
        const got = sp[kind](x, [c.fh, c.fw], c.strides, c.pad as 'same');
        const want = tf[kind](tx as tf.Tensor4D, [c.fh, c.fw], c.strides, c.pad as 'same');
        close(got, want, `${kind} case ${i} x ${fmt(c.xShape)} window ${fmt([c.fh, c.fw])} strides ${fmt(c.strides)} pad ${fmt(c.pad)}`);
      });
    });
  }

  it('batchNorm with per-channel and full-shape parameters', () => {
    cases(6008, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 5);
      const C = shape[rank - 1];
      // TF.js requires mean, variance, offset and scale of one rank: one parameter shape per case.
      const ps = g.bool(0.7) ? [C] : shape.slice();
      const pShape = () => ps;
      const [x, tx] = randPair(g, shape, -5, 5);
      const [m, tm] = randPair(g, pShape(), -1, 1);
      const [v, tv] = randPair(g, pShape(), 0.1, 3);
      const useOffset = g.bool(0.7), useScale = g.bool(0.7);
      const [o, to] = randPair(g, pShape(), -1, 1);
      const [s, ts] = randPair(g, pShape(), 0.5, 2);
      const eps = g.bool() ? undefined : g.float(1e-5, 0.1);
      const got = sp.batchNorm(x, m, v, useOffset ? o : undefined, useScale ? s : undefined, eps);
      const want = tf.batchNorm(tx, tm, tv, useOffset ? to : undefined, useScale ? ts : undefined, eps);
      close(got, want, `batchNorm case ${i} x ${fmt(shape)} offset ${useOffset} scale ${useScale} eps ${eps}`);
    });
  });
});

// ---- shape ops ----------------------------------------------------------------------------

describe('shape ops vs TF.js', () => {
  it('transpose with random permutations (and the default reversal)', () => {
    cases(7000, 10, (g, i) => {
      const rank = g.int(1, 6);
      const shape = g.shape(rank, 1, 4);
      const dtype = g.pick(['float32', 'int32', 'bool'] as const);
      const [a, b] = randPair(g, shape, -5, 5, dtype);
      const perm = g.perm(rank);
      close(sp.transpose(a, perm), tf.transpose(b, perm), `transpose case ${i} ${fmt(shape)} perm ${fmt(perm)}`);
      close(sp.transpose(a), tf.transpose(b), `transpose default case ${i} ${fmt(shape)}`);
    });
  });

  it('reshape, expandDims, squeeze, flatten', () => {
    cases(7001, 6, (g, i) => {
      const shape = g.shape(g.int(1, 4), 1, 4);
      const [a, b] = randPair(g, shape);
      const n = size(shape);
      close(sp.reshape(a, [n]), tf.reshape(b, [n]), `reshape flat case ${i}`);
      close(sp.reshape(a, [-1, shape[shape.length - 1]]), tf.reshape(b, [-1, shape[shape.length - 1]]), `reshape -1 case ${i}`);
      const ax = g.int(-shape.length - 1, shape.length);
      close(sp.expandDims(a, ax), tf.expandDims(b, ax), `expandDims ${ax} case ${i}`);
      close(sp.squeeze(a), tf.squeeze(b), `squeeze case ${i} ${fmt(shape)}`);
      close(sp.flatten(a), tf.reshape(b, [-1]), `flatten case ${i}`);
    });
  });

  it('slice with begin/size (size -1 to the end, a number for axis 0)', () => {
    cases(7002, 10, (g, i) => {
      const rank = g.int(1, 5);
      const shape = g.shape(rank, 1, 5);
      const [a, b] = randPair(g, shape, -5, 5, g.pick(['float32', 'int32'] as const));
      const begin = shape.map((d) => g.int(0, d - 1));
      const sz = shape.map((d, k) => (g.bool(0.25) ? -1 : g.int(0, d - begin[k])));
      close(sp.slice(a, begin, sz), tf.slice(b, begin, sz), `slice case ${i} ${fmt(shape)} begin ${fmt(begin)} size ${fmt(sz)}`);
      const b0 = g.int(0, shape[0] - 1);
      close(sp.slice(a, b0), tf.slice(b, b0), `slice number begin case ${i}`);
      const shortBegin = begin.slice(0, g.int(1, rank));
      close(sp.slice(a, shortBegin), tf.slice(b, shortBegin), `slice short begin case ${i} ${fmt(shortBegin)}`);
    });
  });

  it('concat along any axis (negative too), 1 to 4 tensors', () => {
    cases(7003, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 4);
      const axis = g.int(-rank, rank - 1);
      const a = axis < 0 ? axis + rank : axis;
      const dtype = g.pick(['float32', 'int32', 'bool'] as const);
      const ps = Array.from({ length: g.int(1, 4) }, () => randPair(g, shape.map((d, k) => (k === a ? g.int(0, 3) : d)), -5, 5, dtype));
      close(sp.concat(ps.map((p) => p[0]), axis), tf.concat(ps.map((p) => p[1]), axis), `concat case ${i} ${fmt(ps.map((p) => p[0].shape))} axis ${axis}`);
    });
  });

  it('stack and unstack along any axis', () => {
    cases(7004, 8, (g, i) => {
      const rank = g.int(0, 3);
      const shape = g.shape(rank, 1, 4);
      const axis = g.int(-rank - 1, rank);
      const ps = Array.from({ length: g.int(1, 4) }, () => randPair(g, shape));
      close(sp.stack(ps.map((p) => p[0]), axis), tf.stack(ps.map((p) => p[1]), axis), `stack case ${i} ${fmt(shape)} ×${ps.length} axis ${axis}`);
      if (rank > 0) {
        const [a, b] = randPair(g, shape);
        const ua = g.int(-rank, rank - 1);
        const us = sp.unstack(a, ua), ut = tf.unstack(b, ua);
        expect(us.length).toBe(ut.length);
        us.forEach((t, k) => close(t, ut[k], `unstack case ${i} part ${k}`));
      }
    });
  });

  it('split into equal parts and into sizes (with -1)', () => {
    cases(7005, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 4);
      const axis = g.int(-rank, rank - 1);
      const a = axis < 0 ? axis + rank : axis;
      const parts = g.int(1, 3);
      shape[a] = parts * g.int(1, 3);
      const [x, tx] = randPair(g, shape);
      const s = sp.split(x, parts, axis), t = tf.split(tx, parts, axis);
      expect(s.length).toBe(t.length);
      s.forEach((p, k) => close(p, t[k], `split ${parts} case ${i} part ${k}`));
      // sizes adding up to the axis, one of them -1
      const sizes: number[] = [];
      let left = shape[a];
      while (left > 0) { const v = g.int(0, left); sizes.push(v); left -= v; if (sizes.length > 3) { sizes.push(left); left = 0; } }
      // TF.js 4.22 miscounts a -1 in the first position (prepareSplitSize sums starting from it),
      // so TF.js gets the resolved sizes and Sprout the ones with -1.
      const resolved = sizes.slice();
      if (g.bool()) sizes[g.int(0, sizes.length - 1)] = -1;
      const s2 = sp.split(x, sizes, axis), t2 = tf.split(tx, resolved, axis);
      expect(s2.length).toBe(t2.length);
      s2.forEach((p, k) => close(p, t2[k], `split sizes ${fmt(sizes)} case ${i} part ${k}`));
    });
  });

  it('pad with constant values', () => {
    cases(7006, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 4);
      const dtype = g.pick(['float32', 'int32'] as const);
      const [a, b] = randPair(g, shape, -5, 5, dtype);
      const paddings = shape.map(() => [g.int(0, 2), g.int(0, 2)] as [number, number]);
      const value = g.bool() ? 0 : g.int(-3, 3);
      close(sp.pad(a, paddings, value), tf.pad(b, paddings, value), `pad case ${i} ${fmt(shape)} ${fmt(paddings)} value ${value}`);
    });
  });

  it('gather along any axis with 1-D and 2-D indices', () => {
    cases(7007, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 5);
      const axis = g.int(-rank, rank - 1);
      const a = axis < 0 ? axis + rank : axis;
      const dtype = g.pick(['float32', 'int32', 'bool'] as const);
      const [x, tx] = randPair(g, shape, -5, 5, dtype);
      const iShape = g.bool() ? [g.int(0, 5)] : [g.int(1, 3), g.int(1, 3)];
      const [ix, tix] = pair(g.ints(size(iShape), 0, shape[a] - 1), iShape, 'int32');
      close(sp.gather(x, ix, axis), tf.gather(tx, tix, axis), `gather case ${i} ${fmt(shape)} axis ${axis} indices ${fmt(iShape)}`);
    });
  });

  it('tile and broadcastTo', () => {
    cases(7008, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 3);
      const dtype = g.pick(['float32', 'int32', 'bool'] as const);
      const [x, tx] = randPair(g, shape, -5, 5, dtype);
      const reps = shape.map(() => g.int(1, 3));
      close(sp.tile(x, reps), tf.tile(tx, reps), `tile case ${i} ${fmt(shape)} reps ${fmt(reps)}`);
      const small = shape.map((d) => (g.bool(0.5) ? 1 : d));
      const [y, ty] = randPair(g, small, -5, 5, dtype);
      const target = [...g.shape(g.int(0, 2), 1, 3), ...shape];
      close(sp.broadcastTo(y, target), tf.broadcastTo(ty, target), `broadcastTo case ${i} ${fmt(small)} → ${fmt(target)}`);
    });
  });

  it('addN', () => {
    cases(7009, 5, (g, i) => {
      const shape = g.shape(g.int(0, 3));
      const ps = Array.from({ length: g.int(1, 4) }, () => randPair(g, shape));
      close(sp.addN(ps.map((p) => p[0])), tf.addN(ps.map((p) => p[1])), `addN case ${i}`);
    });
  });

  it('cumsum along any axis, exclusive and reverse, over various shapes', () => {
    cases(7011, 10, (g, i) => {
      const rank = g.int(1, 4);
      const shape = g.shape(rank, 1, 5);
      const dtype = g.pick(['float32', 'int32'] as const);
      const [x, tx] = randPair(g, shape, -5, 5, dtype);
      const axis = g.int(-rank, rank - 1);
      const exclusive = g.bool(), reverse = g.bool();
      // TF.js 4.22's cumsum mishandles a negative axis (the result gets a garbled shape), so TF.js
      // gets the normalised axis; Sprout gets the drawn one.
      const pos = axis < 0 ? axis + rank : axis;
      close(sp.cumsum(x, axis, exclusive, reverse), tf.cumsum(tx, pos, exclusive, reverse), `cumsum case ${i} ${fmt(shape)} ${dtype} axis ${axis} exclusive ${exclusive} reverse ${reverse}`);
    });
  });

  it('oneHot with on/off values, out-of-range indices and dtypes', () => {
    cases(7010, 8, (g, i) => {
      const iShape = g.shape(g.int(1, 2), 1, 5);
      const depth = g.int(2, 6); // TF.js requires depth ≥ 2
      // -1 and depth are out of range: all-off rows, as in TensorFlow
      const [ix, tix] = pair(g.ints(size(iShape), -1, depth), iShape, 'int32');
      if (g.bool()) {
        close(sp.oneHot(ix, depth), tf.oneHot(tix as tf.Tensor1D, depth), `oneHot case ${i} ${fmt(iShape)} depth ${depth}`);
      } else {
        const on = g.int(-3, 5), off = g.int(-3, 5);
        const dtype = g.pick(['float32', 'int32'] as const);
        close(sp.oneHot(ix, depth, on, off, dtype), tf.oneHot(tix as tf.Tensor1D, depth, on, off, dtype), `oneHot case ${i} on ${on} off ${off} ${dtype}`);
      }
    });
  });
});

// ---- image --------------------------------------------------------------------------------

describe('image resizing vs TF.js', () => {
  const COMBOS: [boolean, boolean][] = [[false, false], [true, false], [false, true]];
  for (const [alignCorners, halfPixelCenters] of COMBOS) {
    it(`resizeBilinear alignCorners=${alignCorners} halfPixelCenters=${halfPixelCenters}`, () => {
      cases(8000 + (alignCorners ? 10 : 0) + (halfPixelCenters ? 20 : 0), 8, (g, i) => {
        const rank4 = g.bool(0.7);
        const inH = g.int(1, 7), inW = g.int(1, 7), C = g.int(1, 3);
        const shape = rank4 ? [g.int(1, 2), inH, inW, C] : [inH, inW, C];
        const newSize: [number, number] = [g.int(1, 12), g.int(1, 12)];
        const dtype = g.bool(0.8) ? 'float32' : 'int32';
        const [x, tx] = randPair(g, shape, -10, 10, dtype);
        close(
          sp.image.resizeBilinear(x, newSize, alignCorners, halfPixelCenters),
          tf.image.resizeBilinear(tx as tf.Tensor4D, newSize, alignCorners, halfPixelCenters),
          `resizeBilinear case ${i} ${fmt(shape)} ${dtype} → ${fmt(newSize)}`,
        );
      });
    });

    it(`resizeNearestNeighbor alignCorners=${alignCorners} halfPixelCenters=${halfPixelCenters}`, () => {
      cases(8100 + (alignCorners ? 10 : 0) + (halfPixelCenters ? 20 : 0), 8, (g, i) => {
        const rank4 = g.bool(0.7);
        const inH = g.int(1, 7), inW = g.int(1, 7), C = g.int(1, 3);
        const shape = rank4 ? [g.int(1, 2), inH, inW, C] : [inH, inW, C];
        const newSize: [number, number] = [g.int(1, 12), g.int(1, 12)];
        const dtype = g.bool(0.7) ? 'float32' : 'int32';
        const [x, tx] = randPair(g, shape, -10, 10, dtype);
        close(
          sp.image.resizeNearestNeighbor(x, newSize, alignCorners, halfPixelCenters),
          tf.image.resizeNearestNeighbor(tx as tf.Tensor4D, newSize, alignCorners, halfPixelCenters),
          `resizeNearestNeighbor case ${i} ${fmt(shape)} ${dtype} → ${fmt(newSize)}`,
        );
      });
    });
  }
});

// ---- ops chained: shapes carried through a small network ----------------------------------

describe('a chain of ops (shapes carried from op to op) vs TF.js', () => {
  it('conv → bias → relu → pool → reshape → matMul → softmax, and the same with Tensor methods', () => {
    cases(9000, 4, (g, i) => {
      const [x, tx] = randPair(g, [2, g.int(6, 10), g.int(6, 10), 3], 0, 1);
      const [f, tfF] = randPair(g, [3, 3, 3, 4], -0.5, 0.5);
      const [bias, tb] = randPair(g, [4], -0.1, 0.1);
      const spNet = (t: SpTensor) => {
        const h = sp.maxPool(sp.relu(sp.add(sp.conv2d(t, f, 1, 'same'), bias)), 2, 2, 'same');
        return h;
      };
      const tfNet = (t: TfTensor) => tf.maxPool(tf.relu(tf.add(tf.conv2d(t as tf.Tensor4D, tfF as tf.Tensor4D, 1, 'same'), tb)) as tf.Tensor4D, 2, 2, 'same');
      const h = spNet(x), th = tfNet(tx);
      close(h, th, `chain pooled case ${i}`);
      const feat = h.shape.slice(1).reduce((p, q) => p * q, 1);
      const [w, tw] = randPair(g, [feat, 5], -0.2, 0.2);
      const out = h.reshape([2, -1]).matMul(w).softmax();
      const tout = tf.softmax(tf.matMul(th.reshape([2, -1]), tw));
      close(out, tout, `chain logits case ${i}`);
      close(out.sum(-1), tf.sum(tout, -1), `chain sums to 1 case ${i}`);
      close(x.add(1).relu().mean([1, 2]), tf.mean(tf.relu(tf.add(tx, 1)), [1, 2]), `method chain case ${i}`);
    });
  });
});
