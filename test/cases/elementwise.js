// Elementwise ops: unary math, binary arithmetic with broadcasting, comparisons, logical ops,
// where, addN, cast, NaN/Inf predicates and the parametrised activations.
import { assert, assertDtype, assertThrows } from './assert.js';
import { defineCase } from './util.js';
import * as N from '../reference/naive.js';

const { fn } = N;
const E = Math.E;
const PI = Math.PI;

/** A pair of shapes that broadcast together, chosen at random (some dims 1, ranks may differ). */
function broadcastPair(rng) {
  const rank = rng.int(1, 4);
  const out = rng.shape(rank, 1, 4);
  const make = () => {
    const r = rng.int(0, rank);
    return out.slice(rank - r).map((d) => (rng.next() < 0.35 ? 1 : d));
  };
  return [make(), make()];
}

// ---- unary: hand-checked values ---------------------------------------------------------------

/** [op, input values, exact expected values] (float32 results) */
const UNARY_HAND = [
  ['neg', [1, -2.5, 0, Infinity, NaN], [-1, 2.5, 0, -Infinity, NaN]],
  ['abs', [-1.5, 2, -0, -Infinity, NaN], [1.5, 2, 0, Infinity, NaN]],
  ['exp', [0, 1, -Infinity, Infinity, NaN, -1], [1, E, 0, Infinity, NaN, 1 / E]],
  ['expm1', [0, 1, 1e-7, -Infinity], [0, E - 1, Math.fround(1e-7) + Math.fround(1e-7) ** 2 / 2, -1]],
  ['log', [1, E, 0, -1, Infinity, 100], [0, 1, -Infinity, NaN, Infinity, Math.log(100)]],
  ['log1p', [0, -1, 1e-7, E - 1, -2], [0, -Infinity, Math.fround(1e-7) - Math.fround(1e-7) ** 2 / 2, 1, NaN]],
  ['sqrt', [4, 9, 0, -1, Infinity, 2], [2, 3, 0, NaN, Infinity, Math.SQRT2]],
  ['rsqrt', [4, 0.25, 0, Infinity, -1], [0.5, 2, Infinity, 0, NaN]],
  ['square', [2, -3, 0.5, -Infinity, NaN], [4, 9, 0.25, Infinity, NaN]],
  ['reciprocal', [2, -0.5, 0, Infinity, 4], [0.5, -2, Infinity, 0, 0.25]],
  ['sin', [0, PI / 2, PI / 6, -PI / 2, Infinity], [0, 1, 0.5, -1, NaN]],
  ['cos', [0, PI, PI / 3, NaN], [1, -1, 0.5, NaN]],
  ['tan', [0, PI / 4, -PI / 4], [0, 1, -1]],
  ['asin', [0, 1, -1, 0.5, 2], [0, PI / 2, -PI / 2, PI / 6, NaN]],
  ['acos', [1, 0, -1, 0.5, -2], [0, PI / 2, PI, PI / 3, NaN]],
  ['atan', [0, 1, -1, Infinity, -Infinity], [0, PI / 4, -PI / 4, PI / 2, -PI / 2]],
  ['sinh', [0, 1, -1], [0, (E - 1 / E) / 2, -(E - 1 / E) / 2]],
  ['cosh', [0, 1, -1], [1, (E + 1 / E) / 2, (E + 1 / E) / 2]],
  ['tanh', [0, 1, -1, Infinity, -Infinity, 20], [0, (E * E - 1) / (E * E + 1), -(E * E - 1) / (E * E + 1), 1, -1, 1]],
  ['sigmoid', [0, Infinity, -Infinity, 1, -1000], [0.5, 1, 0, 1 / (1 + 1 / E), 0]],
  ['softplus', [0, 100, -100, 1, Infinity], [Math.LN2, 100, Math.exp(-100), Math.log(1 + E), Infinity]],
  ['relu', [-1, 0, 2.5, -Infinity, Infinity, NaN], [0, 0, 2.5, 0, Infinity, NaN]],
  ['relu6', [-1, 0, 3, 6, 8, Infinity, NaN], [0, 0, 3, 6, 6, 6, NaN]],
  ['elu', [-1, 0, 2, -Infinity, NaN], [1 / E - 1, 0, 2, -1, NaN]],
  ['selu', [0, 1, -1, -Infinity], [0, 1.0507009873554805, 1.0507009873554805 * 1.6732632423543772 * (1 / E - 1), -1.0507009873554805 * 1.6732632423543772]],
  ['erf', [0, 0.5, -0.5, 1, 3, -Infinity, Infinity, NaN], [0, 0.5204998778130465, -0.5204998778130465, 0.8427007929497149, 0.9999779095030014, -1, 1, NaN]],
  ['floor', [1.5, -1.5, 2, -0.2, Infinity, NaN], [1, -2, 2, -1, Infinity, NaN]],
  ['ceil', [1.5, -1.5, 2, 0.2, -Infinity, NaN], [2, -1, 2, 1, -Infinity, NaN]],
  ['round', [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6, 3.5], [0, 2, 2, 0, -2, -2, 2, 3, -3, 4]],
  ['sign', [-3, 0, 2, -0.001, Infinity, -Infinity, NaN], [-1, 0, 1, -1, 1, -1, NaN]],
];

/** [op, lo, hi]: random input domains for comparison with the reference. */
const UNARY_RANDOM = [
  ['neg', -10, 10], ['abs', -10, 10], ['exp', -10, 10], ['expm1', -2, 2], ['log', 0.001, 100],
  ['log1p', -0.99, 10], ['sqrt', 0, 100], ['rsqrt', 0.01, 100], ['square', -10, 10],
  ['reciprocal', 0.1, 10], ['sin', -10, 10], ['cos', -10, 10], ['tan', -1.5, 1.5], ['asin', -1, 1],
  ['acos', -1, 1], ['atan', -10, 10], ['sinh', -5, 5], ['cosh', -5, 5], ['tanh', -5, 5],
  ['sigmoid', -10, 10], ['softplus', -20, 20], ['relu', -5, 5], ['relu6', -3, 9], ['elu', -5, 5],
  ['selu', -5, 5], ['erf', -4, 4], ['floor', -10, 10], ['ceil', -10, 10], ['round', -10, 10],
  ['sign', -2, 2],
];

const unaryRandom = UNARY_RANDOM.map(([op, lo, hi]) =>
  defineCase(`${op}: random rank-3 tensor vs reference`, (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor(rng.shape(3, 1, 5), lo, hi);
    const y = sp[op](ctx.t(x));
    ctx.expect(y, N.map(x, fn[op]), { dtype: 'float32', rtol: 1e-5, atol: 1e-6, what: op });
  }));

const unaryCases = [
  ...UNARY_HAND.map(([op, input, expected]) =>
    defineCase(`${op}: hand-checked values incl. NaN/±Inf`, (ctx) => {
      const y = ctx.sp[op](ctx.sp.tensor(input));
      assertDtype(y, 'float32', `${op} dtype`);
      // Expected values are the exact math; float32 storage rounds both inputs and outputs.
      ctx.expect(y, expected, { rtol: 2e-6, atol: 1e-6, what: `${op}([${input.join(', ')}])` });
    })),
  ...unaryRandom,

  defineCase('unary: int32 stays int32 for neg/abs/square/sign/relu/relu6', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([-3, 0, 4, -7, 9], [5], 'int32');
    const want = {
      neg: [3, 0, -4, 7, -9], abs: [3, 0, 4, 7, 9], square: [9, 0, 16, 49, 81],
      sign: [-1, 0, 1, -1, 1], relu: [0, 0, 4, 0, 9], relu6: [0, 0, 4, 0, 6],
    };
    for (const [op, values] of Object.entries(want)) ctx.expect(sp[op](x), values, { dtype: 'int32', shape: [5], what: op });
  }),
  defineCase('unary: float-only ops cast int32 and bool input to float32', (ctx) => {
    const { sp } = ctx;
    const xi = sp.tensor([0, 1, 4], [3], 'int32');
    ctx.expect(sp.exp(xi), [1, E, Math.exp(4)], { dtype: 'float32', what: 'exp(int32)' });
    ctx.expect(sp.sqrt(xi), [0, 1, 2], { dtype: 'float32', what: 'sqrt(int32)' });
    ctx.expect(sp.sigmoid(xi), [0.5, fn.sigmoid(1), fn.sigmoid(4)], { dtype: 'float32', what: 'sigmoid(int32)' });
    ctx.expect(sp.log(sp.tensor([true, false])), [0, -Infinity], { dtype: 'float32', what: 'log(bool)' });
    ctx.expect(sp.reciprocal(sp.tensor([2], [1], 'int32')), [0.5], { dtype: 'float32', what: 'reciprocal(int32)' });
  }),
  defineCase('unary: floor/ceil/round are the identity on int32 (dtype kept)', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([-5, 0, 7], [3], 'int32');
    for (const op of ['floor', 'ceil', 'round']) ctx.expect(sp[op](x), [-5, 0, 7], { dtype: 'int32', what: op });
  }),
  defineCase('unary: int32 neg/abs of -2147483648 wrap to -2147483648', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([-2147483648], [1], 'int32');
    ctx.expect(sp.neg(x), [-2147483648], { dtype: 'int32', what: 'neg' });
    ctx.expect(sp.abs(x), [-2147483648], { dtype: 'int32', what: 'abs' });
  }),
  defineCase('unary: empty tensors and scalars keep their shape', (ctx) => {
    const { sp } = ctx;
    for (const op of ['exp', 'neg', 'relu', 'round', 'sigmoid']) {
      ctx.expect(sp[op](sp.zeros([2, 0, 3])), [], { shape: [2, 0, 3], what: `${op}(empty)` });
      ctx.expect(sp[op](sp.scalar(0)), [fn[op](0)], { shape: [], what: `${op}(scalar)` });
    }
  }),
  defineCase('unary: Tensor methods match the ops', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([3, 4], 0.1, 0.9);
    const t = ctx.t(x);
    for (const op of ['neg', 'abs', 'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt', 'square', 'reciprocal',
      'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'sigmoid', 'softplus', 'relu', 'relu6',
      'elu', 'selu', 'erf', 'floor', 'ceil', 'round', 'sign']) {
      assert(typeof t[op] === 'function', `Tensor.prototype.${op} is missing`);
      ctx.expect(t[op](), N.map(x, fn[op]), { rtol: 1e-5, atol: 1e-6, what: `t.${op}()` });
    }
  }),
];

// ---- parametrised unary ops -------------------------------------------------------------------

const paramUnary = [
  defineCase('leakyRelu: hand values, default alpha 0.2 and custom alpha', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.leakyRelu([-1, 0, 2, -10, NaN]), [-0.2, 0, 2, -2, NaN], { what: 'default alpha' });
    ctx.expect(sp.leakyRelu([-1, 1], 0.1), [-0.1, 1], { what: 'alpha 0.1' });
    ctx.expect(sp.leakyRelu(sp.tensor([-2, 3], [2], 'int32'), 0.5), [-1, 3], { dtype: 'float32', what: 'int input' });
  }),
  defineCase('leakyRelu: random vs reference', (ctx) => {
    const x = ctx.rng.tensor([4, 5], -3, 3);
    ctx.expect(ctx.sp.leakyRelu(ctx.t(x), 0.3), N.map(x, fn.leakyRelu(0.3)), { rtol: 1e-6 });
  }),
  defineCase('prelu: alpha broadcast along the last axis', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.prelu([-2, 2], [0.5]), [-1, 2], { what: 'scalar-like alpha' });
    ctx.expect(sp.prelu([[-1, -1, 1], [-2, 4, -4]], [0.1, 0.2, 0.3]), [[-0.1, -0.2, 1], [-0.2, 4, -1.2]], { shape: [2, 3], what: 'per-channel alpha' });
    const x = ctx.rng.tensor([2, 3, 4], -2, 2);
    const a = ctx.rng.tensor([4], 0, 1);
    ctx.expect(sp.prelu(ctx.t(x), ctx.t(a)), N.zip(x, a, fn.prelu), { rtol: 1e-6, what: 'random' });
  }),
  defineCase('step: x > 0 ? 1 : alpha, NaN stays NaN', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.step([-1, 0, 2, NaN, Infinity, -Infinity]), [0, 0, 1, NaN, 1, 0], { what: 'alpha 0' });
    ctx.expect(sp.step([-1, 0, 2], 0.3), [0.3, 0.3, 1], { what: 'alpha 0.3' });
  }),
  defineCase('clipByValue: hand values, NaN kept, int32 kept', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.clipByValue([-5, 0, 5, -Infinity, Infinity, NaN], -1, 1), [-1, 0, 1, -1, 1, NaN], { dtype: 'float32' });
    ctx.expect(sp.clipByValue(sp.tensor([-5, 2, 9], [3], 'int32'), 0, 4), [0, 2, 4], { dtype: 'int32', what: 'int32' });
    ctx.expect(sp.clipByValue([1, 2, 3], 2, 2), [2, 2, 2], { what: 'min == max' });
  }),
  defineCase('clipByValue: random vs reference and min > max throws', (ctx) => {
    const x = ctx.rng.tensor([3, 3, 3], -4, 4);
    ctx.expect(ctx.sp.clipByValue(ctx.t(x), -1.5, 2.25), N.map(x, fn.clip(-1.5, 2.25)));
    assertThrows(() => ctx.sp.clipByValue([1], 2, 1), /clipByValue: clipValueMin must be ≤ clipValueMax \(1\), got 2/);
  }),
  defineCase('isNaN/isFinite/isInf: bool results', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([1, NaN, Infinity, -Infinity, 0, -0]);
    ctx.expect(sp.isNaN(x), [0, 1, 0, 0, 0, 0], { dtype: 'bool', what: 'isNaN' });
    ctx.expect(sp.isFinite(x), [1, 0, 0, 0, 1, 1], { dtype: 'bool', what: 'isFinite' });
    ctx.expect(sp.isInf(x), [0, 0, 1, 1, 0, 0], { dtype: 'bool', what: 'isInf' });
    ctx.expect(x.isNaN(), [0, 1, 0, 0, 0, 0], { dtype: 'bool', what: 'x.isNaN()' });
    const xi = sp.tensor([1, -2], [2], 'int32');
    ctx.expect(sp.isNaN(xi), [0, 0], { dtype: 'bool', what: 'isNaN(int32)' });
    ctx.expect(sp.isFinite(xi), [1, 1], { dtype: 'bool', what: 'isFinite(int32)' });
  }),
];

// ---- cast -------------------------------------------------------------------------------------

const castCases = [
  defineCase('cast: float32 → int32 truncates toward zero; NaN/Inf → 0; wraps', (ctx) => {
    const { sp } = ctx;
    const y = sp.cast([1.7, -1.7, 0.5, -0.5, NaN, Infinity, -Infinity, 3e9], 'int32');
    ctx.expect(y, [1, -1, 0, 0, 0, 0, 0, N.int32(3e9)], { dtype: 'int32' });
    assert(N.int32(3e9) === -1294967296, 'reference int32(3e9) sanity');
  }),
  defineCase('cast: anything → bool is x != 0 (NaN is true)', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.cast([0, NaN, -0, 0.1, -3], 'bool'), [0, 1, 0, 1, 1], { dtype: 'bool', what: 'float → bool' });
    ctx.expect(sp.cast(sp.tensor([0, 5, -1], [3], 'int32'), 'bool'), [0, 1, 1], { dtype: 'bool', what: 'int → bool' });
  }),
  defineCase('cast: bool → int32/float32 and int32 → float32', (ctx) => {
    const { sp } = ctx;
    const b = sp.tensor([true, false, true]);
    assertDtype(b, 'bool');
    ctx.expect(sp.cast(b, 'int32'), [1, 0, 1], { dtype: 'int32', what: 'bool → int32' });
    ctx.expect(sp.cast(b, 'float32'), [1, 0, 1], { dtype: 'float32', what: 'bool → float32' });
    ctx.expect(sp.cast(sp.tensor([16777217, -3], [2], 'int32'), 'float32'), [16777216, -3], { dtype: 'float32', what: 'int32 → float32 rounds' });
    const same = sp.cast(b, 'bool');
    assertDtype(same, 'bool');
    assert(same !== b, 'cast to the same dtype returns a new tensor');
  }),
  defineCase('cast: Tensor methods cast/asType/toFloat/toInt/toBool', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([-1.5, 0, 2.5]);
    ctx.expect(x.cast('int32'), [-1, 0, 2], { dtype: 'int32', what: 'cast' });
    ctx.expect(x.asType('int32'), [-1, 0, 2], { dtype: 'int32', what: 'asType' });
    ctx.expect(x.toInt(), [-1, 0, 2], { dtype: 'int32', what: 'toInt' });
    ctx.expect(x.toBool(), [1, 0, 1], { dtype: 'bool', what: 'toBool' });
    ctx.expect(x.toInt().toFloat(), [-1, 0, 2], { dtype: 'float32', what: 'toFloat' });
    assertThrows(() => sp.cast(x, 'float64'), /cast: dtype must be 'float32', 'int32' or 'bool', got a string \("float64"\)/);
  }),
];

// ---- binary arithmetic ------------------------------------------------------------------------

const BINARY_HAND = [
  ['add', [1, 2, -3, Infinity, NaN, Infinity], [10, 0.5, 3, 1, 1, -Infinity], [11, 2.5, 0, Infinity, NaN, NaN]],
  ['sub', [5, 6, 0, Infinity], [1, 2, 0.25, Infinity], [4, 4, -0.25, NaN]],
  ['mul', [1, 2, -3, Infinity, 0], [3, 4, 0.5, 0, 5], [3, 8, -1.5, NaN, 0]],
  ['div', [1, 4, -1, 0, 1, 0], [2, 2, 4, 0, 0, -1], [0.5, 2, -0.25, NaN, Infinity, 0]],
  ['floorDiv', [7, -7, 7, -7, 6.5, 1], [2, 2, -2, -2, 2, 0], [3, -4, -4, 3, 3, Infinity]],
  ['mod', [7, -7, 7, -7, 5.5, -0.5, 6, 1], [3, 3, -3, -3, -2, 1, 3, 0], [1, 2, -2, -1, -0.5, 0.5, 0, NaN]],
  ['pow', [2, 3, 2, 4, -2, 0, -8, NaN], [2, 2, -1, 0.5, 3, 0, 1 / 3, 2], [4, 9, 0.5, 2, -8, 1, NaN, NaN]],
  ['maximum', [1, 5, NaN, 1, -Infinity], [3, 2, 1, NaN, -5], [3, 5, NaN, NaN, -5]],
  ['minimum', [1, 5, NaN, 1, Infinity], [3, 2, 1, NaN, 5], [1, 2, NaN, NaN, 5]],
  ['squaredDifference', [1, -2, 3.5], [4, 2, 3.5], [9, 16, 0]],
  ['atan2', [1, 0, 1, -1, 0], [1, -1, 0, -1, 1], [PI / 4, PI, PI / 2, -3 * PI / 4, 0]],
];

const RANDOM_BINARY = [
  // op, domain of a, domain of b (|b| ≥ bMin to avoid division blow-ups)
  ['add', [-5, 5], [-5, 5]],
  ['sub', [-5, 5], [-5, 5]],
  ['mul', [-5, 5], [-5, 5]],
  ['div', [-5, 5], [0.5, 3], true],
  ['floorDiv', [-10, 10], [0.5, 3], true],
  ['mod', [-10, 10], [0.5, 3], true],
  ['pow', [0.1, 3], [-2, 2]],
  ['maximum', [-5, 5], [-5, 5]],
  ['minimum', [-5, 5], [-5, 5]],
  ['squaredDifference', [-5, 5], [-5, 5]],
  ['atan2', [-5, 5], [-5, 5]],
];

function randomSigned(rng, shape, [lo, hi], signed) {
  const t = rng.tensor(shape, lo, hi);
  if (signed) t.data = t.data.map((v) => (rng.next() < 0.5 ? -v : v));
  return t;
}

const binaryCases = [
  ...BINARY_HAND.map(([op, a, b, expected]) =>
    defineCase(`${op}: hand-checked values incl. NaN/±Inf`, (ctx) => {
      const y = ctx.sp[op](ctx.sp.tensor(a), ctx.sp.tensor(b));
      assertDtype(y, 'float32', `${op} dtype`);
      ctx.expect(y, expected, { rtol: 2e-6, atol: 1e-6, what: `${op}([${a}], [${b}])` });
    })),
  ...RANDOM_BINARY.map(([op, da, db, signed]) =>
    defineCase(`${op}: random broadcasting shapes vs reference`, (ctx) => {
      const { sp, rng } = ctx;
      for (let trial = 0; trial < 4; trial++) {
        const [sa, sb] = broadcastPair(rng);
        const a = rng.tensor(sa, ...da);
        const b = randomSigned(rng, sb, db, signed);
        const y = sp[op](ctx.t(a), ctx.t(b));
        ctx.expect(y, N.zip(a, b, fn[op]), { rtol: 1e-5, atol: 1e-5, what: `${op} [${sa}] ⊕ [${sb}]` });
      }
    })),
  ...RANDOM_BINARY.map(([op, da, db, signed]) =>
    defineCase(`${op}: [3,1] with [1,4] expands both sides`, (ctx) => {
      const { sp, rng } = ctx;
      const a = rng.tensor([3, 1], ...da);
      const b = randomSigned(rng, [1, 4], db, signed);
      const y = sp[op](ctx.t(a), ctx.t(b));
      ctx.expect(y, N.zip(a, b, fn[op]), { shape: [3, 4], rtol: 1e-5, atol: 1e-5 });
      const y2 = sp[op](ctx.t(b), ctx.t(a));
      ctx.expect(y2, N.zip(b, a, fn[op]), { shape: [3, 4], rtol: 1e-5, atol: 1e-5, what: 'swapped' });
    })),
  defineCase('add: scalar, rank-0 and size-1 broadcasting', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.add([1, 2], 10), [11, 12], { shape: [2], what: 'number' });
    ctx.expect(sp.add(sp.scalar(5), [[1], [2]]), [[6], [7]], { shape: [2, 1], what: 'rank-0 tensor' });
    ctx.expect(sp.add(sp.ones([1, 1, 3]), sp.ones([2, 1])), new Array(6).fill(2), { shape: [1, 2, 3], what: '[1,1,3]+[2,1]' });
    ctx.expect(sp.add(sp.scalar(1), sp.scalar(2)), [3], { shape: [], what: 'two scalars' });
  }),
  defineCase('add: empty tensors broadcast to empty results', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.add(sp.zeros([0, 3]), sp.ones([3])), [], { shape: [0, 3], what: '[0,3]+[3]' });
    ctx.expect(sp.mul(sp.zeros([2, 0]), sp.ones([2, 1])), [], { shape: [2, 0], what: '[2,0]*[2,1]' });
    ctx.expect(sp.add(sp.zeros([0]), 1), [], { shape: [0], what: '[0]+1' });
  }),
  defineCase('add: incompatible shapes throw the broadcast message', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.add(sp.ones([2, 3]), sp.ones([4])),
      'add: shapes [2,3] and [4] cannot be broadcast together (dimension 1 is 3 vs 4; each must be equal or 1)');
    assertThrows(() => sp.mul(sp.ones([2, 0]), sp.ones([3])), /mul: shapes \[2,0\] and \[3\] cannot be broadcast/);
  }),
  defineCase('add: int32 overflow wraps (2147483647 + 1 = -2147483648)', (ctx) => {
    const { sp } = ctx;
    const y = sp.add(sp.tensor([2147483647, -2147483648], [2], 'int32'), sp.tensor([1, -1], [2], 'int32'));
    ctx.expect(y, [-2147483648, 2147483647], { dtype: 'int32' });
  }),
  defineCase('mul/sub: int32 overflow wraps', (ctx) => {
    const { sp } = ctx;
    const a = sp.tensor([65536, 65537, -2147483648], [3], 'int32');
    ctx.expect(sp.mul(a, sp.tensor([65536, 65537, 1], [3], 'int32')), [0, N.int32(65537 * 65537), -2147483648], { dtype: 'int32', what: 'mul' });
    ctx.expect(sp.sub(sp.tensor([-2147483648], [1], 'int32'), sp.tensor([1], [1], 'int32')), [2147483647], { dtype: 'int32', what: 'sub' });
  }),
  defineCase('div: int32 floors like TF.js and x/0 → 0', (ctx) => {
    const { sp } = ctx;
    const y = sp.div(sp.tensor([7, -7, 7, -7, 0, 6], [6], 'int32'), sp.tensor([2, 2, -2, 0, 0, 3], [6], 'int32'));
    // floor(7/2)=3, floor(-3.5)=-4, floor(-3.5)=-4, -7/0=-Inf→0, 0/0=NaN→0, 2
    ctx.expect(y, [3, -4, -4, 0, 0, 2], { dtype: 'int32' });
    ctx.expect(sp.div(sp.tensor([7], [1], 'int32'), sp.tensor([0], [1], 'int32')), [0], { dtype: 'int32', what: '7/0' });
  }),
  defineCase('div: float 1/0 = Infinity, -1/0 = -Infinity, 0/0 = NaN', (ctx) => {
    ctx.expect(ctx.sp.div([1, -1, 0], [0, 0, 0]), [Infinity, -Infinity, NaN], { dtype: 'float32' });
  }),
  defineCase('div: int32 with a non-integer number becomes float32', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.div(sp.tensor([1, 4], [2], 'int32'), 2.5), [0.4, 1.6], { dtype: 'float32' });
    ctx.expect(sp.div(sp.tensor([1, 4], [2], 'int32'), 2), [0, 2], { dtype: 'int32', what: 'integer divisor keeps int32' });
  }),
  defineCase('floorDiv/mod: int32 values', (ctx) => {
    const { sp } = ctx;
    const a = sp.tensor([7, -7, 7, -7, 0], [5], 'int32');
    const b = sp.tensor([3, 3, -3, -3, 5], [5], 'int32');
    ctx.expect(sp.floorDiv(a, b), [2, -3, -3, 2, 0], { dtype: 'int32', what: 'floorDiv' });
    ctx.expect(sp.mod(a, b), [1, 2, -2, -1, 0], { dtype: 'int32', what: 'mod' });
    ctx.expect(sp.floorDiv(sp.tensor([7], [1], 'int32'), sp.tensor([0], [1], 'int32')), [0], { dtype: 'int32', what: 'floorDiv by 0' });
    ctx.expect(sp.mod(sp.tensor([7, -7], [2], 'int32'), sp.tensor([0, 0], [2], 'int32')), [0, 0], { dtype: 'int32', what: 'mod by 0 (NaN → 0)' });
  }),
  defineCase('pow: int32 base and exponent stay int32', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.pow(sp.tensor([2, 3, -2, 5], [4], 'int32'), sp.tensor([3, 2, 3, 0], [4], 'int32')), [8, 9, -8, 1], { dtype: 'int32' });
    ctx.expect(sp.pow(sp.tensor([2, 3], [2], 'int32'), 2), [4, 9], { dtype: 'int32', what: 'number exponent' });
  }),
  defineCase('binary: dtype promotion (int32 op float32 → float32, bool op bool → int32)', (ctx) => {
    const { sp } = ctx;
    const i = sp.tensor([1, 2], [2], 'int32');
    const f = sp.tensor([0.5, 0.25]);
    ctx.expect(sp.add(i, f), [1.5, 2.25], { dtype: 'float32', what: 'int32 + float32' });
    ctx.expect(sp.add(f, i), [1.5, 2.25], { dtype: 'float32', what: 'float32 + int32' });
    ctx.expect(sp.add(i, 3), [4, 5], { dtype: 'int32', what: 'int32 + 3' });
    ctx.expect(sp.add(i, 0.5), [1.5, 2.5], { dtype: 'float32', what: 'int32 + 0.5' });
    const b = sp.tensor([true, true, false]);
    ctx.expect(sp.add(b, b), [2, 2, 0], { dtype: 'int32', what: 'bool + bool' });
    ctx.expect(sp.mul(b, sp.tensor([3, 3, 3], [3], 'int32')), [3, 3, 0], { dtype: 'int32', what: 'bool * int32' });
    ctx.expect(sp.sub(b, 0.5), [0.5, 0.5, -0.5], { dtype: 'float32', what: 'bool - 0.5' });
  }),
  defineCase('binary: random int32 add/sub/mul/maximum/minimum vs reference (exact)', (ctx) => {
    const { sp, rng } = ctx;
    const [sa, sb] = broadcastPair(rng);
    const a = rng.intTensor(sa, -1000, 1000);
    const b = rng.intTensor(sb, -1000, 1000);
    for (const op of ['add', 'sub', 'mul', 'maximum', 'minimum', 'squaredDifference']) {
      ctx.expect(sp[op](ctx.t(a, 'int32'), ctx.t(b, 'int32')), N.zip(a, b, fn[op]), { dtype: 'int32', what: op });
    }
  }),
  defineCase('binary: random int32 floorDiv/mod (nonzero divisors) vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const a = rng.intTensor([4, 5], -50, 50);
    const b = rng.intTensor([5], 1, 9);
    b.data = b.data.map((v) => (rng.next() < 0.5 ? -v : v));
    ctx.expect(sp.floorDiv(ctx.t(a, 'int32'), ctx.t(b, 'int32')), N.zip(a, b, fn.floorDiv), { dtype: 'int32', what: 'floorDiv' });
    ctx.expect(sp.mod(ctx.t(a, 'int32'), ctx.t(b, 'int32')), N.zip(a, b, fn.mod), { dtype: 'int32', what: 'mod' });
    ctx.expect(sp.div(ctx.t(a, 'int32'), ctx.t(b, 'int32')), N.zip(a, b, fn.floorDiv), { dtype: 'int32', what: 'div' });
  }),
  defineCase('binary: Tensor methods chain (x.add(1).mul(2).sub(x).div(2).pow(2))', (ctx) => {
    const { rng } = ctx;
    const x = rng.tensor([2, 3], -2, 2);
    const t = ctx.t(x);
    const y = t.add(1).mul(2).sub(t).div(2).pow(2).maximum(0.5).minimum(3).squaredDifference(1).mod(2).floorDiv(1).atan2(1);
    const ref = N.map(x, (v) => {
      let r = ((v + 1) * 2 - v) / 2;
      r = Math.min(Math.max(r ** 2, 0.5), 3);
      r = fn.mod((r - 1) ** 2, 2);
      return Math.atan2(Math.floor(r), 1);
    });
    ctx.expect(y, ref, { rtol: 1e-5, atol: 1e-5 });
  }),
];

// ---- comparisons and logical ------------------------------------------------------------------

const COMPARE_HAND = [
  ['equal', [1, 2, NaN, Infinity, 0], [2, 2, NaN, Infinity, -0], [0, 1, 0, 1, 1]],
  ['notEqual', [1, 2, NaN, Infinity, 0], [2, 2, NaN, Infinity, -0], [1, 0, 1, 0, 0]],
  ['less', [1, 2, 3, NaN, -Infinity], [2, 2, 2, 1, 0], [1, 0, 0, 0, 1]],
  ['lessEqual', [1, 2, 3, NaN, -Infinity], [2, 2, 2, 1, -Infinity], [1, 1, 0, 0, 1]],
  ['greater', [1, 2, 3, NaN, Infinity], [2, 2, 2, 1, 0], [0, 0, 1, 0, 1]],
  ['greaterEqual', [1, 2, 3, NaN, Infinity], [2, 2, 2, 1, Infinity], [0, 1, 1, 0, 1]],
];

const compareCases = [
  ...COMPARE_HAND.map(([op, a, b, expected]) =>
    defineCase(`${op}: hand-checked values incl. NaN, bool result`, (ctx) => {
      const y = ctx.sp[op](ctx.sp.tensor(a), ctx.sp.tensor(b));
      ctx.expect(y, expected, { dtype: 'bool', shape: [a.length], what: `${op}([${a}], [${b}])` });
    })),
  ...COMPARE_HAND.map(([op]) =>
    defineCase(`${op}: random broadcasting and int32 vs reference`, (ctx) => {
      const { sp, rng } = ctx;
      const [sa, sb] = broadcastPair(rng);
      const a = rng.intTensor(sa, -2, 2);
      const b = rng.intTensor(sb, -2, 2);
      ctx.expect(sp[op](ctx.t(a, 'int32'), ctx.t(b, 'int32')), N.zip(a, b, fn[op]), { dtype: 'bool', what: 'int32' });
      ctx.expect(sp[op](ctx.t(a), ctx.t(b)), N.zip(a, b, fn[op]), { dtype: 'bool', what: 'float32' });
      ctx.expect(sp[op](ctx.t(a, 'int32'), 1), N.zip(a, N.T([], [1]), fn[op]), { dtype: 'bool', what: 'vs number' });
    })),
  defineCase('compare: int32 and float32 operands compare by value', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.equal(sp.tensor([1, 2], [2], 'int32'), sp.tensor([1, 2.5])), [1, 0], { dtype: 'bool' });
    ctx.expect(sp.less(sp.tensor([1, 2], [2], 'int32'), 1.5), [1, 0], { dtype: 'bool', what: 'int32 < 1.5' });
    ctx.expect(sp.equal(sp.tensor([true, false]), sp.tensor([true, true])), [1, 0], { dtype: 'bool', what: 'bool == bool' });
  }),
  defineCase('compare: Tensor methods', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([1, 2, 3]);
    ctx.expect(x.equal(2), [0, 1, 0], { dtype: 'bool', what: 'equal' });
    ctx.expect(x.notEqual(2), [1, 0, 1], { dtype: 'bool', what: 'notEqual' });
    ctx.expect(x.less(2), [1, 0, 0], { dtype: 'bool', what: 'less' });
    ctx.expect(x.lessEqual(2), [1, 1, 0], { dtype: 'bool', what: 'lessEqual' });
    ctx.expect(x.greater(2), [0, 0, 1], { dtype: 'bool', what: 'greater' });
    ctx.expect(x.greaterEqual(2), [0, 1, 1], { dtype: 'bool', what: 'greaterEqual' });
  }),
  defineCase('logicalAnd/Or/Xor: truth tables, bool result', (ctx) => {
    const { sp } = ctx;
    const a = sp.tensor([true, true, false, false]);
    const b = sp.tensor([true, false, true, false]);
    ctx.expect(sp.logicalAnd(a, b), [1, 0, 0, 0], { dtype: 'bool', what: 'and' });
    ctx.expect(sp.logicalOr(a, b), [1, 1, 1, 0], { dtype: 'bool', what: 'or' });
    ctx.expect(sp.logicalXor(a, b), [0, 1, 1, 0], { dtype: 'bool', what: 'xor' });
    ctx.expect(a.logicalAnd(b), [1, 0, 0, 0], { dtype: 'bool', what: 'a.logicalAnd(b)' });
    ctx.expect(a.logicalOr(b), [1, 1, 1, 0], { dtype: 'bool', what: 'a.logicalOr(b)' });
    ctx.expect(a.logicalXor(b), [0, 1, 1, 0], { dtype: 'bool', what: 'a.logicalXor(b)' });
  }),
  defineCase('logicalAnd/Or/Xor: broadcasting [3,1] with [1,4] vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const a = rng.intTensor([3, 1], 0, 1);
    const b = rng.intTensor([1, 4], 0, 1);
    for (const op of ['logicalAnd', 'logicalOr', 'logicalXor']) {
      ctx.expect(sp[op](ctx.t(a, 'bool'), ctx.t(b, 'bool')), N.zip(a, b, fn[op]), { dtype: 'bool', shape: [3, 4], what: op });
    }
  }),
  defineCase('logicalNot: bool and numeric input', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.logicalNot([true, false]), [0, 1], { dtype: 'bool', what: 'bool' });
    ctx.expect(sp.logicalNot(sp.tensor([0, 2, -1], [3], 'int32')), [1, 0, 0], { dtype: 'bool', what: 'int32' });
    ctx.expect(sp.tensor([true, false]).logicalNot(), [0, 1], { dtype: 'bool', what: 'method' });
  }),
];

// ---- where / addN -----------------------------------------------------------------------------

const whereAddN = [
  defineCase('where: hand values and three-way broadcasting', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.where([true, false], [1, 2], [10, 20]), [1, 20], { what: 'same shapes' });
    ctx.expect(sp.where(sp.tensor([[true], [false]]), [1, 2, 3], 0), [[1, 2, 3], [0, 0, 0]], { shape: [2, 3], what: '[2,1] cond' });
    ctx.expect(sp.where(sp.tensor([true, false, true]), sp.tensor([1, 2, 3], [3], 'int32'), 9), [1, 9, 3], { dtype: 'int32', what: 'int32 branches' });
  }),
  defineCase('where: random broadcasting vs reference, NaN passes through', (ctx) => {
    const { sp, rng } = ctx;
    const c = rng.intTensor([3, 1, 4], 0, 1);
    const a = rng.tensor([1, 2, 4], -1, 1);
    const b = rng.tensor([3, 2, 1], -1, 1);
    a.data[0] = NaN;
    ctx.expect(sp.where(ctx.t(c, 'bool'), ctx.t(a), ctx.t(b)), N.where(c, a, b), { shape: [3, 2, 4] });
  }),
  defineCase('where: non-bool condition throws', (ctx) => {
    assertThrows(() => ctx.sp.where([1, 0], [1, 2], [3, 4]), /where: condition must have dtype bool, got float32/);
  }),
  defineCase('addN: sums a list; bool becomes int32; shape mismatch throws', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.addN([[1, 2], [3, 4], [5, 6]]), [9, 12], { what: 'hand' });
    const xs = [0, 1, 2, 3].map(() => rng.tensor([2, 3], -1, 1));
    ctx.expect(sp.addN(xs.map((x) => ctx.t(x))), xs.reduce((p, q) => N.zip(p, q, fn.add)), { rtol: 1e-6, what: 'random' });
    ctx.expect(sp.addN([sp.tensor([1, 2], [2], 'int32')]), [1, 2], { dtype: 'int32', what: 'single' });
    ctx.expect(sp.addN([sp.tensor([true, false]), sp.tensor([true, true])]), [2, 1], { dtype: 'int32', what: 'bool' });
    assertThrows(() => sp.addN([sp.ones([2]), sp.ones([3])]), /addN: tensors\[1\] must have the shape of tensors\[0\] \(\[2\]\), got \[3\]/);
    assertThrows(() => sp.addN([]), /addN: tensors must be a non-empty array of tensors/);
  }),
];

export const elementwiseCases = [
  ...unaryCases,
  ...paramUnary,
  ...castCases,
  ...binaryCases,
  ...compareCases,
  ...whereAddN,
];
