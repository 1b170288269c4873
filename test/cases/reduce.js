// Reductions (sum, prod, max, min, mean, all, any, logSumExp, moments), argMax/argMin,
// softmax/logSoftmax and topk.
import { assertDtype, assertShape, assertThrows } from './assert.js';
import { defineCase } from './util.js';
import * as N from '../reference/naive.js';

const R = N.reducers;

/** A random rank-1..4 shape and a random non-empty subset of its axes, some written negative. */
function randomAxes(rng, rank) {
  const axes = [];
  for (let a = 0; a < rank; a++) if (rng.next() < 0.5) axes.push(a);
  if (!axes.length) axes.push(rng.int(0, rank - 1));
  return axes.map((a) => (rng.next() < 0.4 ? a - rank : a));
}

/** [op, reducer, lo, hi, tolerance] for random comparisons. */
const RANDOM_REDUCE = [
  ['sum', R.sum, -1, 1, { rtol: 1e-5, atol: 1e-4 }],
  ['prod', R.prod, 0.8, 1.25, { rtol: 1e-4, atol: 1e-6 }],
  ['max', R.max, -5, 5, { rtol: 0, atol: 0 }],
  ['min', R.min, -5, 5, { rtol: 0, atol: 0 }],
  ['mean', R.mean, -1, 1, { rtol: 1e-5, atol: 1e-5 }],
  ['logSumExp', R.logSumExp, -5, 5, { rtol: 1e-5, atol: 1e-5 }],
];

const randomReduce = RANDOM_REDUCE.flatMap(([op, reducer, lo, hi, tol]) => [
  defineCase(`${op}: random shapes, several axes (some negative), keepDims vs reference`, (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 4; trial++) {
      const shape = rng.shape(rng.int(1, 4), 1, 4);
      const x = rng.tensor(shape, lo, hi);
      const axes = randomAxes(rng, shape.length);
      const keepDims = trial % 2 === 1;
      const y = sp[op](ctx.t(x), axes, keepDims);
      ctx.expect(y, N.reduce(x, axes, keepDims, reducer), { dtype: 'float32', ...tol, what: `${op}([${shape}], [${axes}], ${keepDims})` });
    }
  }),
  defineCase(`${op}: all axes by default (rank 0 result) and as a method`, (ctx) => {
    const { rng } = ctx;
    const x = rng.tensor([3, 4], lo, hi);
    const y = ctx.sp[op](ctx.t(x));
    ctx.expect(y, N.reduce(x, null, false, reducer), { shape: [], ...tol, what: 'no axis' });
    ctx.expect(ctx.t(x)[op](null, true), N.reduce(x, null, true, reducer), { shape: [1, 1], ...tol, what: 'method, keepDims' });
    ctx.expect(ctx.t(x)[op](-1), N.reduce(x, [-1], false, reducer), { shape: [3], ...tol, what: 'method, axis -1' });
  }),
]);

const sumCases = [
  defineCase('sum: hand values over each axis', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([[1, 2, 3], [4, 5, 6]]);
    ctx.expect(sp.sum(x), 21, { shape: [], what: 'all' });
    ctx.expect(sp.sum(x, 0), [5, 7, 9], { shape: [3], what: 'axis 0' });
    ctx.expect(sp.sum(x, 1), [6, 15], { shape: [2], what: 'axis 1' });
    ctx.expect(sp.sum(x, -1, true), [[6], [15]], { shape: [2, 1], what: 'axis -1 keepDims' });
    ctx.expect(sp.sum(x, [0, 1], true), [[21]], { shape: [1, 1], what: 'both keepDims' });
    ctx.expect(sp.sum(x, []), [[1, 2, 3], [4, 5, 6]], { shape: [2, 3], what: 'axis [] is the identity' });
  }),
  defineCase('sum: 3-D over axes [0, 2] with keepDims', (ctx) => {
    const { sp } = ctx;
    // x[i][j][k] = 100i + 10j + k, shape [2,3,2]
    const vals = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) vals.push(100 * i + 10 * j + k);
    const x = sp.tensor(vals, [2, 3, 2]);
    // Σ_i Σ_k = 2·(0+100) ... per j: (0+1+100+101) + 40j = 202 + 40j
    ctx.expect(sp.sum(x, [0, 2], true), [202, 242, 282], { shape: [1, 3, 1] });
    ctx.expect(sp.sum(x, [-1, 0]), [202, 242, 282], { shape: [3], what: 'negative axes, any order' });
  }),
  defineCase('sum: dtypes (int32 stays int32, bool → int32) and int32 wrap', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.sum(sp.tensor([1, 2, 3], [3], 'int32')), 6, { dtype: 'int32', what: 'int32' });
    ctx.expect(sp.sum(sp.tensor([true, true, false, true])), 3, { dtype: 'int32', what: 'bool' });
    ctx.expect(sp.sum(sp.tensor([[true, false], [true, true]]), 1), [1, 2], { dtype: 'int32', what: 'bool axis 1' });
    ctx.expect(sp.sum(sp.tensor([2147483647, 1], [2], 'int32')), -2147483648, { dtype: 'int32', what: 'wrap' });
  }),
  defineCase('sum/prod/max/min/all/any/mean: empty reductions', (ctx) => {
    const { sp } = ctx;
    const e = sp.zeros([2, 0]);
    ctx.expect(sp.sum(e, 1), [0, 0], { shape: [2], what: 'sum' });
    ctx.expect(sp.prod(e, 1), [1, 1], { shape: [2], what: 'prod' });
    ctx.expect(sp.max(e, 1), [-Infinity, -Infinity], { shape: [2], what: 'max' });
    ctx.expect(sp.min(e, 1), [Infinity, Infinity], { shape: [2], what: 'min' });
    ctx.expect(sp.all(e, 1), [1, 1], { shape: [2], dtype: 'bool', what: 'all' });
    ctx.expect(sp.any(e, 1), [0, 0], { shape: [2], dtype: 'bool', what: 'any' });
    ctx.expect(sp.mean(e, 1), [NaN, NaN], { shape: [2], what: 'mean (0/0)' });
    ctx.expect(sp.sum(e, 0), [], { shape: [0], what: 'sum over the non-empty axis' });
    ctx.expect(sp.sum(sp.zeros([0])), 0, { shape: [], what: 'sum of [0]' });
  }),
  defineCase('sum: NaN and Infinity propagate', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.sum(sp.tensor([[1, NaN], [Infinity, 1], [Infinity, -Infinity]]), 1), [NaN, Infinity, NaN], { what: 'rows' });
    ctx.expect(sp.sum([1, Infinity, 1]), Infinity, { what: '[1, Inf, 1]' });
    ctx.expect(sp.sum([-Infinity, 2]), -Infinity, { what: '[-Inf, 2]' });
    ctx.expect(sp.sum([Infinity]), Infinity, { what: '[Inf]' });
    ctx.expect(sp.mean([Infinity, 1]), Infinity, { what: 'mean [Inf, 1]' });
  }),
  defineCase('sum: bad axes throw engine messages', (ctx) => {
    const { sp } = ctx;
    const x = sp.ones([2, 3]);
    assertThrows(() => sp.sum(x, 2), 'sum: axis must be an integer in [-2, 1] for a tensor of rank 2, got the number 2');
    assertThrows(() => sp.sum(x, [0, -2]), 'sum: axis must not repeat an axis, got [0,-2]');
    assertThrows(() => sp.max(x, 1.5), /max: axis must be an integer/);
  }),
];

const otherReduce = [
  defineCase('prod: hand values, int32 and bool dtypes', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.prod([2, 3, 4]), 24, { shape: [] });
    ctx.expect(sp.prod([[1, 2], [3, 4]], 0), [3, 8], { what: 'axis 0' });
    ctx.expect(sp.prod(sp.tensor([2, -3], [2], 'int32')), -6, { dtype: 'int32', what: 'int32' });
    ctx.expect(sp.prod(sp.tensor([true, true])), 1, { dtype: 'int32', what: 'bool' });
    ctx.expect(sp.prod([0, NaN]), NaN, { what: '0·NaN' });
  }),
  defineCase('max/min: hand values, NaN propagates, int32 kept', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([[1, 5, 3], [-Infinity, NaN, 2], [-1, -7, Infinity]]);
    ctx.expect(sp.max(x, 1), [5, NaN, Infinity], { what: 'max axis 1' });
    ctx.expect(sp.min(x, 1), [1, NaN, -7], { what: 'min axis 1' });
    ctx.expect(sp.max(x, 0), [1, NaN, Infinity], { what: 'max axis 0' });
    ctx.expect(sp.min(x, 0), [-Infinity, NaN, 2], { what: 'min axis 0' });
    ctx.expect(sp.max(sp.tensor([3, -9, 7], [3], 'int32')), 7, { dtype: 'int32', what: 'int32 max' });
    ctx.expect(sp.min(sp.tensor([3, -9, 7], [3], 'int32')), -9, { dtype: 'int32', what: 'int32 min' });
  }),
  defineCase('max/min: random with NaNs vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([3, 4, 2], -3, 3);
    x.data[5] = NaN;
    x.data[17] = NaN;
    for (const axes of [[1], [0, 2], [-1], null]) {
      ctx.expect(sp.max(ctx.t(x), axes), N.reduce(x, axes, false, R.max), { what: `max ${axes}` });
      ctx.expect(sp.min(ctx.t(x), axes, true), N.reduce(x, axes, true, R.min), { what: `min ${axes}` });
    }
  }),
  defineCase('mean: hand values; int32 input gives float32', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.mean([[1, 2], [3, 4]]), 2.5, { shape: [] });
    ctx.expect(sp.mean([[1, 2], [3, 4]], 1), [1.5, 3.5], { what: 'axis 1' });
    ctx.expect(sp.mean(sp.tensor([1, 2], [2], 'int32')), 1.5, { dtype: 'float32', what: 'int32 input' });
    ctx.expect(sp.mean(sp.tensor([true, false, false, false])), 0.25, { dtype: 'float32', what: 'bool input' });
  }),
  defineCase('all/any: hand values, numeric input, axes and keepDims', (ctx) => {
    const { sp } = ctx;
    const b = sp.tensor([[true, false, true], [true, true, true]]);
    ctx.expect(sp.all(b), 0, { dtype: 'bool', shape: [], what: 'all' });
    ctx.expect(sp.any(b), 1, { dtype: 'bool', shape: [], what: 'any' });
    ctx.expect(sp.all(b, 1), [0, 1], { dtype: 'bool', what: 'all axis 1' });
    ctx.expect(sp.any(b, 0, true), [[1, 1, 1]], { dtype: 'bool', shape: [1, 3], what: 'any axis 0 keepDims' });
    ctx.expect(sp.all([1, 2, -3]), 1, { dtype: 'bool', what: 'all numeric' });
    ctx.expect(sp.any(sp.tensor([0, 0], [2], 'int32')), 0, { dtype: 'bool', what: 'any int32 zeros' });
    ctx.expect(b.all(-1), [0, 1], { dtype: 'bool', what: 'method' });
  }),
  defineCase('all/any: random vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.intTensor([3, 2, 4], 0, 1);
    x.data = x.data.map((v, i) => (i % 5 === 0 ? 1 : v));
    for (const axes of [[0], [1, 2], [-1], [0, 1, 2]]) {
      ctx.expect(sp.all(ctx.t(x, 'bool'), axes), N.reduce(x, axes, false, R.all), { dtype: 'bool', what: `all ${axes}` });
      ctx.expect(sp.any(ctx.t(x, 'bool'), axes, true), N.reduce(x, axes, true, R.any), { dtype: 'bool', what: `any ${axes}` });
    }
  }),
  defineCase('logSumExp: hand values, large inputs stay finite', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.logSumExp([0, 0]), Math.LN2, { shape: [] });
    ctx.expect(sp.logSumExp([1000, 1000]), 1000 + Math.LN2, { what: 'large' });
    ctx.expect(sp.logSumExp([-1000, -1000]), -1000 + Math.LN2, { what: 'very negative' });
    ctx.expect(sp.logSumExp([[0, Math.log(3)], [1, 1]], 1, true), [[Math.log(4)], [1 + Math.LN2]], { shape: [2, 1], what: 'axis 1 keepDims' });
    ctx.expect(sp.logSumExp([-Infinity, 0]), 0, { what: 'with -Inf' });
  }),
  defineCase('moments: mean and population variance', (ctx) => {
    const { sp, rng } = ctx;
    const m = sp.moments([1, 2, 3, 4]);
    ctx.expect(m.mean, 2.5, { shape: [], what: 'mean' });
    ctx.expect(m.variance, 1.25, { shape: [], what: 'variance' });
    const x = rng.tensor([3, 4, 5], -2, 2);
    for (const [axes, keepDims] of [[[0, 1], false], [[-1], true], [null, false]]) {
      const r = sp.moments(ctx.t(x), axes, keepDims);
      ctx.expect(r.mean, N.reduce(x, axes, keepDims, R.mean), { rtol: 1e-5, atol: 1e-5, what: `mean ${axes}` });
      ctx.expect(r.variance, N.reduce(x, axes, keepDims, R.variance), { rtol: 1e-4, atol: 1e-5, what: `variance ${axes}` });
    }
  }),
];

const argCases = [
  defineCase('argMax/argMin: hand values, default axis 0, int32 result', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.argMax([1, 9, 3]), 1, { dtype: 'int32', shape: [] });
    ctx.expect(sp.argMin([4, 1, 3]), 1, { dtype: 'int32', shape: [] });
    const x = sp.tensor([[1, 9, 3], [7, 2, 8]]);
    ctx.expect(sp.argMax(x), [1, 0, 1], { dtype: 'int32', what: 'axis 0' });
    ctx.expect(sp.argMax(x, 1), [1, 2], { dtype: 'int32', what: 'axis 1' });
    ctx.expect(sp.argMin(x, -1), [0, 1], { dtype: 'int32', what: 'axis -1' });
    ctx.expect(x.argMax(1), [1, 2], { dtype: 'int32', what: 'method' });
    ctx.expect(x.argMin(0), [0, 1, 0], { dtype: 'int32', what: 'method argMin' });
  }),
  defineCase('argMax/argMin: ties pick the first index', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.argMax([3, 7, 7, 1, 7]), 1, { dtype: 'int32', what: 'argMax' });
    ctx.expect(sp.argMin([3, 1, 7, 1, 1]), 1, { dtype: 'int32', what: 'argMin' });
    ctx.expect(sp.argMax(sp.tensor([5, 5, 5], [3], 'int32')), 0, { dtype: 'int32', what: 'all equal' });
  }),
  defineCase('argMax/argMin: a NaN wins', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.argMax([1, NaN, 5, NaN]), 1, { what: 'argMax' });
    ctx.expect(sp.argMin([1, NaN, -5]), 1, { what: 'argMin' });
    ctx.expect(sp.argMax([Infinity, NaN]), 1, { what: 'NaN beats Infinity' });
    ctx.expect(sp.argMax([-Infinity, -Infinity, -1e30]), 2, { what: '-Inf' });
  }),
  defineCase('argMax/argMin: random rank-3 along each axis vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.intTensor([3, 4, 5], -3, 3); // small ints: many ties
    for (const axis of [0, 1, 2, -1, -3]) {
      ctx.expect(sp.argMax(ctx.t(x), axis), N.argReduce(x, axis, 'max'), { dtype: 'int32', what: `argMax axis ${axis}` });
      ctx.expect(sp.argMin(ctx.t(x, 'int32'), axis), N.argReduce(x, axis, 'min'), { dtype: 'int32', what: `argMin int32 axis ${axis}` });
    }
  }),
  defineCase('argMax/argMin: empty axis and scalars throw', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.argMax(sp.zeros([2, 0]), 1), 'argMax: x must not be empty along axis 1, got shape [2,0]');
    assertThrows(() => sp.argMin(sp.scalar(1)), 'argMin: x must have rank ≥ 1, got rank 0 (a scalar)');
    ctx.expect(sp.argMax(sp.zeros([0, 3]), 1), [], { shape: [0], dtype: 'int32', what: 'empty outer axis' });
  }),
];

const softmaxCases = [
  defineCase('softmax: hand values along the last axis', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.softmax([0, 0]), [0.5, 0.5]);
    const e = Math.E;
    const s = 1 + e + e * e;
    ctx.expect(sp.softmax([[0, 1, 2], [5, 5, 5]]), [[1 / s, e / s, (e * e) / s], [1 / 3, 1 / 3, 1 / 3]], { shape: [2, 3], what: 'rows' });
  }),
  defineCase('softmax: stable for large logits; -Inf gets 0', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.softmax([1000, 1000]), [0.5, 0.5], { what: 'large' });
    ctx.expect(sp.softmax([-1000, -1000, -1000, -1000]), [0.25, 0.25, 0.25, 0.25], { what: 'very negative' });
    ctx.expect(sp.softmax([-Infinity, 0, 0]), [0, 0.5, 0.5], { what: '-Inf' });
    ctx.expect(sp.softmax([3]), [1], { what: 'single' });
  }),
  defineCase('softmax: random, each dim vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([2, 3, 4], -5, 5);
    for (const dim of [-1, 2, 1, 0, -3]) {
      ctx.expect(sp.softmax(ctx.t(x), dim), N.softmax(x, dim), { rtol: 1e-5, atol: 1e-6, what: `dim ${dim}` });
    }
    ctx.expect(ctx.t(x).softmax(), N.softmax(x, -1), { rtol: 1e-5, atol: 1e-6, what: 'method' });
  }),
  defineCase('softmax: int input becomes float32; scalar throws; empty ok', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.softmax(sp.tensor([1, 1], [2], 'int32')), [0.5, 0.5], { dtype: 'float32' });
    assertThrows(() => sp.softmax(sp.scalar(1)), 'softmax: logits must have rank ≥ 1, got rank 0 (a scalar)');
    ctx.expect(sp.softmax(sp.zeros([0, 3])), [], { shape: [0, 3], what: 'empty' });
  }),
  defineCase('logSoftmax: hand values and stability', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.logSoftmax([0, 0]), [-Math.LN2, -Math.LN2]);
    ctx.expect(sp.logSoftmax([1000, 0]), [0, -1000], { rtol: 1e-6, atol: 1e-4, what: 'large' });
    ctx.expect(sp.logSoftmax([[0, Math.log(3)]]), [[-Math.log(4), Math.log(3) - Math.log(4)]], { what: 'row' });
  }),
  defineCase('logSoftmax: random, each axis vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([3, 2, 5], -10, 10);
    for (const axis of [-1, 0, 1]) {
      ctx.expect(sp.logSoftmax(ctx.t(x), axis), N.logSoftmax(x, axis), { rtol: 1e-5, atol: 1e-5, what: `axis ${axis}` });
    }
    ctx.expect(ctx.t(x).logSoftmax(), N.logSoftmax(x, -1), { rtol: 1e-5, atol: 1e-5, what: 'method' });
  }),
];

const topkCases = [
  defineCase('topk: hand values, sorted, int32 indices', (ctx) => {
    const { sp } = ctx;
    const { values, indices } = sp.topk([1, 9, 3], 2);
    ctx.expect(values, [9, 3], { dtype: 'float32', shape: [2], what: 'values' });
    ctx.expect(indices, [1, 2], { dtype: 'int32', shape: [2], what: 'indices' });
    const r = sp.topk([[4, 1, 8, 2], [0, -1, -2, 5]], 3);
    ctx.expect(r.values, [[8, 4, 2], [5, 0, -1]], { shape: [2, 3], what: 'rows values' });
    ctx.expect(r.indices, [[2, 0, 3], [3, 0, 1]], { shape: [2, 3], what: 'rows indices' });
    const d = sp.topk([5, 2, 7]);
    ctx.expect(d.values, [7], { what: 'default k = 1' });
  }),
  defineCase('topk: ties go to the lower index', (ctx) => {
    const { sp } = ctx;
    const r = sp.topk([3, 1, 3, 2, 3], 3);
    ctx.expect(r.values, [3, 3, 3], { what: 'values' });
    ctx.expect(r.indices, [0, 2, 4], { what: 'indices' });
  }),
  defineCase('topk: int32 input keeps int32 values; k = 0 and k = n', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([[5, -1, 3]], [1, 3], 'int32');
    const r = sp.topk(x, 3);
    ctx.expect(r.values, [[5, 3, -1]], { dtype: 'int32', what: 'values' });
    ctx.expect(r.indices, [[0, 2, 1]], { dtype: 'int32', what: 'indices' });
    const z = sp.topk(x, 0);
    ctx.expect(z.values, [], { shape: [1, 0], what: 'k = 0' });
    const m = x.topk(2);
    ctx.expect(m.indices, [[0, 2]], { what: 'method' });
  }),
  defineCase('topk: random rank-3 vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([2, 3, 7], -4, 4);
    const r = sp.topk(ctx.t(x), 4);
    const ref = N.topk(x, 4);
    ctx.expect(r.values, ref.values, { rtol: 0, atol: 0, what: 'values' });
    ctx.expect(r.indices, ref.indices, { dtype: 'int32', what: 'indices' });
  }),
  defineCase('topk: sorted = false returns the same set', async (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([1, 8], -4, 4);
    const r = sp.topk(ctx.t(x), 3, false);
    assertShape(r.values, [1, 3]);
    assertDtype(r.indices, 'int32');
    const ref = N.topk(x, 3);
    const vals = (await ctx.read(r.values)).sort((a, b) => a - b);
    const idx = (await ctx.read(r.indices)).sort((a, b) => a - b);
    ctx.expect(sp.tensor(vals), ref.values.data.slice().sort((a, b) => a - b), { what: 'values as a set' });
    ctx.expect(sp.tensor(idx), ref.indices.data.slice().sort((a, b) => a - b), { what: 'indices as a set' });
  }),
  defineCase('topk: k out of range and scalars throw', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.topk([1, 2, 3], 4), 'topk: k must be an integer in [0, 3], got the number 4');
    assertThrows(() => sp.topk(sp.scalar(2)), 'topk: x must have rank ≥ 1, got rank 0 (a scalar)');
  }),
];

export const reduceCases = [
  ...sumCases,
  ...randomReduce,
  ...otherReduce,
  ...argCases,
  ...softmaxCases,
  ...topkCases,
];
