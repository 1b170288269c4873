// Tensor creation: tensor/scalar from every kind of value, zeros/ones/fill/*Like, range,
// linspace, eye, oneHot, the seeded random generators, and TypedArray inputs to ops.
import { assert, assertDtype, assertShape, assertThrows } from './assert.js';
import { defineCase } from './util.js';
import * as N from '../reference/naive.js';

/** Mean and (population) standard deviation of a list. */
function stats(v) {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
  return { mean, std: Math.sqrt(variance) };
}

const tensorCases = [
  defineCase('tensor: nested arrays infer shape and dtype', (ctx) => {
    const { sp } = ctx;
    const t = sp.tensor([[1, 2], [3, 4]]);
    assertShape(t, [2, 2]);
    assertDtype(t, 'float32');
    assert(t.rank === 2 && t.size === 4, `rank ${t.rank}, size ${t.size}`);
    ctx.expect(t, [1, 2, 3, 4]);
    ctx.expect(sp.tensor([[true, false]]), [1, 0], { dtype: 'bool', shape: [1, 2], what: 'booleans → bool' });
    ctx.expect(sp.tensor(3.5), [3.5], { shape: [], what: 'number → scalar' });
    ctx.expect(sp.tensor([]), [], { shape: [0], dtype: 'float32', what: 'empty array' });
    ctx.expect(sp.tensor([[], []]), [], { shape: [2, 0], what: '[[], []]' });
    ctx.expect(sp.tensor([[[1], [2]], [[3], [4]]]), [1, 2, 3, 4], { shape: [2, 2, 1], what: 'rank 3' });
  }),
  defineCase('tensor: flat values with a shape, and an explicit dtype', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.tensor([1, 2, 3, 4, 5, 6], [2, 3]), [[1, 2, 3], [4, 5, 6]], { shape: [2, 3], what: 'flat + shape' });
    ctx.expect(sp.tensor([1.7, -1.7, 2147483648, NaN], [4], 'int32'), [1, -1, -2147483648, 0], { dtype: 'int32', what: 'float → int32 truncates and wraps' });
    ctx.expect(sp.tensor([1, 2], [2], 'float32'), [1, 2], { dtype: 'float32', what: 'float32' });
    ctx.expect(sp.tensor([0.1], [1], 'float32'), [Math.fround(0.1)], { rtol: 0, atol: 0, what: 'stored as float32' });
    ctx.expect(sp.tensor([], [0, 5]), [], { shape: [0, 5], what: 'empty with shape' });
    ctx.expect(sp.tensor([7], [1, 1, 1, 1, 1, 1]), [7], { shape: [1, 1, 1, 1, 1, 1], what: 'rank 6' });
  }),
  defineCase('tensor: numbers → bool are true when nonzero or NaN (as cast and TF.js)', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.tensor([0, 2, -3, -0], [4], 'bool'), [0, 1, 1, 0], { dtype: 'bool', what: 'integers' });
    ctx.expect(sp.tensor([NaN], [1], 'bool'), [1], { dtype: 'bool', what: 'NaN' });
    ctx.expect(sp.tensor([true, false], [2], 'int32'), [1, 0], { dtype: 'int32', what: 'booleans → int32' });
  }),
  defineCase('tensor: TypedArrays (Uint8ClampedArray included) set the dtype', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.tensor(Float32Array.of(1.5, 2)), [1.5, 2], { dtype: 'float32', shape: [2], what: 'Float32Array' });
    ctx.expect(sp.tensor(Float64Array.of(0.25)), [0.25], { dtype: 'float32', what: 'Float64Array' });
    ctx.expect(sp.tensor(Int32Array.of(-5, 7)), [-5, 7], { dtype: 'int32', what: 'Int32Array' });
    ctx.expect(sp.tensor(Uint8Array.of(0, 200)), [0, 200], { dtype: 'int32', what: 'Uint8Array' });
    ctx.expect(sp.tensor(Uint8ClampedArray.of(1, 255, 0, 128), [2, 2]), [[1, 255], [0, 128]], { dtype: 'int32', shape: [2, 2], what: 'Uint8ClampedArray + shape' });
    ctx.expect(sp.tensor(Int16Array.of(-300)), [-300], { dtype: 'int32', what: 'Int16Array' });
    ctx.expect(sp.tensor(Uint16Array.of(60000)), [60000], { dtype: 'int32', what: 'Uint16Array' });
    ctx.expect(sp.tensor(Int8Array.of(-128)), [-128], { dtype: 'int32', what: 'Int8Array' });
    ctx.expect(sp.tensor(Uint32Array.of(4294967295)), [-1], { dtype: 'int32', what: 'Uint32Array wraps to int32' });
    ctx.expect(sp.tensor(Uint8ClampedArray.of(3, 4), [2], 'float32'), [3, 4], { dtype: 'float32', what: 'with dtype float32' });
    ctx.expect(sp.tensor([Float32Array.of(1, 2), Float32Array.of(3, 4)]), [1, 2, 3, 4], { shape: [2, 2], what: 'array of Float32Array rows' });
  }),
  defineCase('ops accept TypedArrays wherever a tensor is expected', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.add(Uint8ClampedArray.of(1, 255), Int32Array.of(1, 1)), [2, 256], { dtype: 'int32', what: 'add(Uint8ClampedArray, Int32Array)' });
    // A JS number next to a TypedArray (not a tensor) gets no int32 hint: float32, as TF.js.
    ctx.expect(sp.add(Uint8ClampedArray.of(1, 255), 1), [2, 256], { what: 'add(Uint8ClampedArray, 1)' });
    ctx.expect(sp.add(sp.tensor(Uint8ClampedArray.of(1, 255)), 1), [2, 256], { dtype: 'int32', what: 'add(int32 tensor from Uint8ClampedArray, 1)' });
    ctx.expect(sp.mul(Float32Array.of(0.5, 2), Int32Array.of(4, 3)), [2, 6], { dtype: 'float32', what: 'mul(Float32Array, Int32Array)' });
    ctx.expect(sp.sum(Uint8ClampedArray.of(200, 100)), 300, { dtype: 'int32', what: 'sum(Uint8ClampedArray)' });
    ctx.expect(sp.relu(Float64Array.of(-1, 2)), [0, 2], { what: 'relu(Float64Array)' });
    ctx.expect(sp.maximum(Uint8Array.of(3, 9), Uint8ClampedArray.of(5, 1)), [5, 9], { dtype: 'int32', what: 'maximum' });
    ctx.expect(sp.reshape(Uint8ClampedArray.of(1, 2, 3, 4), [2, 2]), [1, 2, 3, 4], { shape: [2, 2], dtype: 'int32', what: 'reshape' });
    ctx.expect(sp.concat([Uint8ClampedArray.of(1), Float32Array.of(0.5)]), [1, 0.5], { dtype: 'float32', what: 'concat' });
    ctx.expect(sp.gather(Float32Array.of(10, 20, 30), Int32Array.of(2, 1)), [30, 20], { what: 'gather' });
    ctx.expect(sp.where(sp.tensor([true, false]), Uint8ClampedArray.of(1, 2), Uint8ClampedArray.of(3, 4)), [1, 4], { dtype: 'int32', what: 'where' });
    ctx.expect(sp.exp(Uint8ClampedArray.of(0)), [1], { dtype: 'float32', what: 'exp' });
    ctx.expect(sp.tensor([1, 2]).add(Uint8ClampedArray.of(1, 1)), [2, 3], { dtype: 'float32', what: 'method' });
    ctx.expect(sp.image.resizeNearestNeighbor(sp.tensor(Uint8ClampedArray.of(1, 2, 3, 4), [2, 2, 1]), [1, 1]), [1], { dtype: 'int32', what: 'resizeNearestNeighbor keeps int32' });
  }),
  defineCase('tensor: bad values and shapes throw engine messages', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.tensor([[1, 2], [3]]), 'tensor: nested array is ragged at [1]: expected 2 element(s), got 1');
    assertThrows(() => sp.tensor([1, 2, 3], [2, 2]), 'tensor: values hold 3 element(s) but shape [2,2] needs 4');
    assertThrows(() => sp.tensor(['a']), 'tensor: element [0] must be a number or a boolean, got a string ("a")');
    assertThrows(() => sp.tensor([1], [1], 'float16'), "tensor: dtype must be 'float32', 'int32' or 'bool', got a string (\"float16\")");
    assertThrows(() => sp.tensor(null), 'tensor: values must be a Tensor, a number, a boolean, a (nested) array or a TypedArray, got null');
    assertThrows(() => sp.tensor([1], [1, 1, 1, 1, 1, 1, 1]), 'tensor: tensors have rank 0 to 6, got rank 7 (shape [1,1,1,1,1,1,1])');
    assertThrows(() => sp.tensor([1, 2], [2.5]), 'tensor: shape must be an array of non-negative integers, got [2.5]');
    assertThrows(() => sp.add('abc', 1), 'add: a must be a Tensor, a number, a boolean, a (nested) array or a TypedArray, got a string ("abc")');
    assertThrows(() => sp.matMul([[1]], { x: 1 }), 'matMul: b must be a Tensor, a number, a boolean, a (nested) array or a TypedArray, got an object');
  }),
  defineCase('scalar: numbers and booleans', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.scalar(3.14), [3.14], { shape: [], dtype: 'float32', what: 'number' });
    ctx.expect(sp.scalar(true), [1], { shape: [], dtype: 'bool', what: 'boolean' });
    ctx.expect(sp.scalar(7.9, 'int32'), [7], { shape: [], dtype: 'int32', what: 'int32' });
    assertThrows(() => sp.scalar('1'), 'scalar: value must be a number or a boolean, got a string ("1")');
    assertThrows(() => sp.scalar([1]), 'scalar: value must be a number or a boolean, got an array of length 1');
  }),
];

const fillCases = [
  defineCase('zeros/ones: shapes and dtypes', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.zeros([2, 3]), new Array(6).fill(0), { shape: [2, 3], dtype: 'float32', what: 'zeros' });
    ctx.expect(sp.ones([3]), [1, 1, 1], { shape: [3], dtype: 'float32', what: 'ones' });
    ctx.expect(sp.ones([2], 'int32'), [1, 1], { dtype: 'int32', what: 'ones int32' });
    ctx.expect(sp.ones([2], 'bool'), [1, 1], { dtype: 'bool', what: 'ones bool' });
    ctx.expect(sp.zeros([]), [0], { shape: [], what: 'scalar zeros' });
    ctx.expect(sp.zeros([3, 0]), [], { shape: [3, 0], what: 'empty zeros' });
    assertThrows(() => sp.zeros([-1]), 'zeros: shape must be an array of non-negative integers, got [-1]');
  }),
  defineCase('zerosLike/onesLike keep shape and dtype', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.zerosLike([1, 2]), [0, 0], { shape: [2], dtype: 'float32', what: 'zerosLike' });
    ctx.expect(sp.onesLike(sp.tensor([[5], [6]], [2, 1], 'int32')), [1, 1], { shape: [2, 1], dtype: 'int32', what: 'onesLike int32' });
    ctx.expect(sp.onesLike(sp.tensor([false, false, false])), [1, 1, 1], { dtype: 'bool', what: 'onesLike bool' });
    ctx.expect(sp.zerosLike(sp.zeros([0, 4])), [], { shape: [0, 4], what: 'empty' });
  }),
  defineCase('fill: number, boolean and explicit dtype', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.fill([2, 2], 7), [7, 7, 7, 7], { shape: [2, 2], dtype: 'float32', what: 'number' });
    ctx.expect(sp.fill([2], true), [1, 1], { dtype: 'bool', what: 'boolean' });
    ctx.expect(sp.fill([3], -2.5, 'int32'), [-2, -2, -2], { dtype: 'int32', what: 'int32 truncates' });
    ctx.expect(sp.fill([2], NaN), [NaN, NaN], { what: 'NaN' });
    assertThrows(() => sp.fill([2], 'x'), 'fill: value must be a number or a boolean, got a string ("x")');
  }),
  defineCase('range: steps up, down, empty, int32', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.range(0, 10, 3), [0, 3, 6, 9], { dtype: 'float32', what: '0..10 by 3' });
    ctx.expect(sp.range(5, 0, -2), [5, 3, 1], { what: 'down' });
    ctx.expect(sp.range(0, 0), [], { shape: [0], what: 'empty' });
    ctx.expect(sp.range(3, 1), [], { shape: [0], what: 'wrong direction' });
    ctx.expect(sp.range(0, 1, 0.3), [0, 0.3, 0.6, 0.9].map(Math.fround), { rtol: 1e-6, what: 'fractional step' });
    ctx.expect(sp.range(-2, 2, 1, 'int32'), [-2, -1, 0, 1], { dtype: 'int32', what: 'int32' });
    ctx.expect(sp.range(0, 5), [0, 1, 2, 3, 4], { what: 'default step 1' });
    assertThrows(() => sp.range(0, 5, 0), 'range: step must not be 0, got 0');
  }),
  defineCase('linspace: endpoints included', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1], { shape: [5], dtype: 'float32' });
    ctx.expect(sp.linspace(1, 0, 3), [1, 0.5, 0], { what: 'decreasing' });
    ctx.expect(sp.linspace(4, 9, 1), [4], { what: 'num 1' });
    ctx.expect(sp.linspace(-1, 1, 201), Array.from({ length: 201 }, (_, i) => -1 + i / 100), { rtol: 1e-6, atol: 1e-6, what: '201 points' });
    assertThrows(() => sp.linspace(0, 1, 0), 'linspace: num must be an integer ≥ 1, got the number 0');
  }),
  defineCase('eye: square, rectangular, batched, dtype', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.eye(3), [1, 0, 0, 0, 1, 0, 0, 0, 1], { shape: [3, 3], dtype: 'float32', what: 'eye(3)' });
    ctx.expect(sp.eye(2, 3), [1, 0, 0, 0, 1, 0], { shape: [2, 3], what: 'eye(2, 3)' });
    ctx.expect(sp.eye(3, 2), [1, 0, 0, 1, 0, 0], { shape: [3, 2], what: 'eye(3, 2)' });
    ctx.expect(sp.eye(2, 2, [2]), [1, 0, 0, 1, 1, 0, 0, 1], { shape: [2, 2, 2], what: 'batched' });
    ctx.expect(sp.eye(2, undefined, undefined, 'int32'), [1, 0, 0, 1], { dtype: 'int32', what: 'int32' });
    ctx.expect(sp.eye(0), [], { shape: [0, 0], what: 'eye(0)' });
  }),
  defineCase('oneHot: depth, on/off values, out-of-range indices, dtype', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.oneHot([0, 2], 3), [[1, 0, 0], [0, 0, 1]], { shape: [2, 3], dtype: 'int32', what: 'doc example' });
    ctx.expect(sp.oneHot(sp.tensor([0, 2], [2], 'int32'), 3, 5, -1), [[5, -1, -1], [-1, -1, 5]], { what: 'on 5 off -1' });
    ctx.expect(sp.oneHot(sp.tensor([-1, 3, 1], [3], 'int32'), 3), [0, 0, 0, 0, 0, 0, 0, 1, 0], { shape: [3, 3], what: 'out of range → all off' });
    ctx.expect(sp.oneHot(sp.tensor([[1], [0]], [2, 1], 'int32'), 2, 1, 0, 'float32'), [0, 1, 1, 0], { shape: [2, 1, 2], dtype: 'float32', what: '2-D indices, float32' });
    ctx.expect(sp.oneHot(sp.tensor([1], [1], 'int32'), 2, 1, 0, 'bool'), [0, 1], { dtype: 'bool', what: 'bool' });
    ctx.expect(sp.oneHot(sp.tensor([], [0], 'int32'), 4), [], { shape: [0, 4], what: 'no indices' });
  }),
  defineCase('oneHot: random vs reference and bad arguments', (ctx) => {
    const { sp, rng } = ctx;
    const idx = rng.intTensor([3, 4], 0, 5);
    ctx.expect(sp.oneHot(ctx.t(idx, 'int32'), 5, 2, -3), N.oneHot(idx, 5, 2, -3), { shape: [3, 4, 5] });
    assertThrows(() => sp.oneHot(sp.tensor([0.5]), 2), 'oneHot: indices must have dtype int32, got float32');
    assertThrows(() => sp.oneHot([0], 0), 'oneHot: depth must be an integer ≥ 1, got the number 0');
  }),
];

const randomCases = [
  defineCase('randomUniform: same seed same values, in [min, max), statistics', async (ctx) => {
    const { sp } = ctx;
    const a = await ctx.read(sp.randomUniform([20000], -2, 3, 'float32', 42));
    const b = await ctx.read(sp.randomUniform([20000], -2, 3, 'float32', 42));
    const c = await ctx.read(sp.randomUniform([20000], -2, 3, 'float32', 43));
    assert(a.every((v, i) => v === b[i]), 'same seed gives the same values');
    assert(a.some((v, i) => v !== c[i]), 'another seed gives other values');
    assert(a.every((v) => v >= -2 && v < 3), `values in [-2, 3): min ${Math.min(...a)}, max ${Math.max(...a)}`);
    const s = stats(a);
    // uniform on [-2, 3): mean 0.5, std 5/√12 ≈ 1.443; tolerances are ~6 standard errors
    assert(Math.abs(s.mean - 0.5) < 0.06, `mean ${s.mean}, expected ≈ 0.5`);
    assert(Math.abs(s.std - 5 / Math.sqrt(12)) < 0.04, `std ${s.std}, expected ≈ ${5 / Math.sqrt(12)}`);
    const buckets = new Array(5).fill(0);
    for (const v of a) buckets[Math.floor(v + 2)]++;
    assert(buckets.every((n) => Math.abs(n - 4000) < 300), `buckets of width 1 hold ≈ 4000 each: ${buckets}`);
    const t = sp.randomUniform([2, 3]);
    assertShape(t, [2, 3]);
    assertDtype(t, 'float32');
  }),
  defineCase('randomUniform: int32 floors into [min, max)', async (ctx) => {
    const { sp } = ctx;
    const t = sp.randomUniform([4000], 0, 10, 'int32', 7);
    assertDtype(t, 'int32');
    const v = await ctx.read(t);
    assert(v.every((x) => Number.isInteger(x) && x >= 0 && x < 10), 'integers in [0, 10)');
    const counts = new Array(10).fill(0);
    for (const x of v) counts[x]++;
    assert(counts.every((n) => n > 300 && n < 500), `each value ≈ 400 times: ${counts}`);
    assertThrows(() => sp.randomUniform([2], 0, 1, 'bool'), "randomUniform: dtype must be 'float32' or 'int32', got 'bool'");
  }),
  defineCase('randomNormal: same seed same values, mean and std', async (ctx) => {
    const { sp } = ctx;
    const a = await ctx.read(sp.randomNormal([20000], 3, 2, 'float32', 5));
    const b = await ctx.read(sp.randomNormal([20000], 3, 2, 'float32', 5));
    assert(a.every((v, i) => v === b[i]), 'same seed gives the same values');
    const s = stats(a);
    assert(Math.abs(s.mean - 3) < 0.1, `mean ${s.mean}, expected ≈ 3`);
    assert(Math.abs(s.std - 2) < 0.08, `std ${s.std}, expected ≈ 2`);
    const within1 = a.filter((v) => Math.abs(v - 3) < 2).length / a.length;
    assert(Math.abs(within1 - 0.6827) < 0.02, `fraction within 1 std ${within1}, expected ≈ 0.683`);
    assert(a.some((v) => Math.abs(v - 3) > 4.5), 'some values beyond 2.25 std (not truncated)');
  }),
  defineCase('truncatedNormal: within two standard deviations', async (ctx) => {
    const { sp } = ctx;
    const a = await ctx.read(sp.truncatedNormal([20000], -1, 0.5, 'float32', 11));
    const b = await ctx.read(sp.truncatedNormal([20000], -1, 0.5, 'float32', 11));
    assert(a.every((v, i) => v === b[i]), 'same seed gives the same values');
    assert(a.every((v) => Math.abs(v + 1) <= 1 + 1e-6), `all within mean ± 2·std: min ${Math.min(...a)}, max ${Math.max(...a)}`);
    const s = stats(a);
    // a normal truncated at ±2σ has std ≈ 0.8796σ
    assert(Math.abs(s.mean + 1) < 0.03, `mean ${s.mean}, expected ≈ -1`);
    assert(Math.abs(s.std - 0.8796 * 0.5) < 0.02, `std ${s.std}, expected ≈ ${0.8796 * 0.5}`);
    assertShape(sp.truncatedNormal([3, 1]), [3, 1]);
  }),
];

export const creationCases = [...tensorCases, ...fillCases, ...randomCases];
