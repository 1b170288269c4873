// matMul (transposes, batches, batch broadcasting) and fused.matMul (bias + every activation).
import { assert, assertThrows } from './assert.js';
import { defineCase } from './util.js';
import * as N from '../reference/naive.js';

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'];
const TOL = { rtol: 1e-5, atol: 1e-5 };

/** Random operands for a (possibly transposed, batched) matMul. */
function operands(rng, batchA, batchB, M, K, Nn, tA, tB) {
  const a = rng.tensor([...batchA, ...(tA ? [K, M] : [M, K])], -1, 1);
  const b = rng.tensor([...batchB, ...(tB ? [Nn, K] : [K, Nn])], -1, 1);
  return [a, b];
}

const matMulCases = [
  defineCase('matMul: 2x3 by 3x2 hand values', (ctx) => {
    const { sp } = ctx;
    const y = sp.matMul([[1, 2, 3], [4, 5, 6]], [[7, 8], [9, 10], [11, 12]]);
    ctx.expect(y, [[58, 64], [139, 154]], { shape: [2, 2], dtype: 'float32' });
  }),
  defineCase('matMul: transposeA and transposeB hand values', (ctx) => {
    const { sp } = ctx;
    const aT = [[1, 4], [2, 5], [3, 6]]; // a = [[1,2,3],[4,5,6]]
    const bT = [[7, 9, 11], [8, 10, 12]]; // b = [[7,8],[9,10],[11,12]]
    const want = [[58, 64], [139, 154]];
    ctx.expect(sp.matMul(aT, [[7, 8], [9, 10], [11, 12]], true, false), want, { shape: [2, 2], what: 'transposeA' });
    ctx.expect(sp.matMul([[1, 2, 3], [4, 5, 6]], bT, false, true), want, { shape: [2, 2], what: 'transposeB' });
    ctx.expect(sp.matMul(aT, bT, true, true), want, { shape: [2, 2], what: 'both' });
  }),
  defineCase('matMul: random sizes, all transpose combinations vs reference', (ctx) => {
    const { sp, rng } = ctx;
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        const [M, K, Nn] = [rng.int(1, 7), rng.int(1, 9), rng.int(1, 7)];
        const [a, b] = operands(rng, [], [], M, K, Nn, tA, tB);
        ctx.expect(sp.matMul(ctx.t(a), ctx.t(b), tA, tB), N.matMul(a, b, tA, tB), { ...TOL, what: `M${M} K${K} N${Nn} tA=${tA} tB=${tB}` });
      }
    }
  }),
  defineCase('matMul: larger 33x65 by 65x17 vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const [a, b] = operands(rng, [], [], 33, 65, 17, false, false);
    ctx.expect(sp.matMul(ctx.t(a), ctx.t(b)), N.matMul(a, b), { rtol: 1e-4, atol: 1e-4 });
    const [c, d] = operands(rng, [], [], 17, 40, 33, true, true);
    ctx.expect(sp.matMul(ctx.t(c), ctx.t(d), true, true), N.matMul(c, d, true, true), { rtol: 1e-4, atol: 1e-4, what: 'transposed' });
  }),
  defineCase('matMul: batched [2,3,4] x [2,4,5] vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const [a, b] = operands(rng, [2], [2], 3, 4, 5, false, false);
    ctx.expect(sp.matMul(ctx.t(a), ctx.t(b)), N.matMul(a, b), { shape: [2, 3, 5], ...TOL });
    const [c, d] = operands(rng, [3], [3], 2, 4, 3, true, true);
    ctx.expect(sp.matMul(ctx.t(c), ctx.t(d), true, true), N.matMul(c, d, true, true), { shape: [3, 2, 3], ...TOL, what: 'transposed' });
  }),
  defineCase('matMul: batch broadcast with a non-leading size-1 batch dim', (ctx) => {
    const { sp, rng } = ctx;
    // a batch [2,1], b batch [3] → [2,3]
    const [a, b] = operands(rng, [2, 1], [3], 3, 4, 2, false, false);
    ctx.expect(sp.matMul(ctx.t(a), ctx.t(b)), N.matMul(a, b), { shape: [2, 3, 3, 2], ...TOL, what: '[2,1,3,4] x [3,4,2]' });
    // both sides broadcast: [3,1] with [1,4]
    const [c, d] = operands(rng, [3, 1], [1, 4], 2, 3, 2, false, true);
    ctx.expect(sp.matMul(ctx.t(c), ctx.t(d), false, true), N.matMul(c, d, false, true), { shape: [3, 4, 2, 2], ...TOL, what: '[3,1,..] x [1,4,..]' });
  }),
  defineCase('matMul: batch broadcast of a leading size-1 batch and of rank-2 operands', (ctx) => {
    const { sp, rng } = ctx;
    const [a, b] = operands(rng, [1], [4], 2, 3, 5, false, false);
    ctx.expect(sp.matMul(ctx.t(a), ctx.t(b)), N.matMul(a, b), { shape: [4, 2, 5], ...TOL, what: '[1,..] x [4,..]' });
    const [c, d] = operands(rng, [], [2, 2], 3, 4, 2, false, false);
    ctx.expect(sp.matMul(ctx.t(c), ctx.t(d)), N.matMul(c, d), { shape: [2, 2, 3, 2], ...TOL, what: 'rank 2 x rank 4' });
    const [e, f] = operands(rng, [3], [], 2, 2, 2, true, false);
    ctx.expect(sp.matMul(ctx.t(e), ctx.t(f), true), N.matMul(e, f, true), { shape: [3, 2, 2], ...TOL, what: 'rank 3 x rank 2' });
  }),
  defineCase('matMul: int32 operands give exact int32 results', (ctx) => {
    const { sp, rng } = ctx;
    const a = rng.intTensor([3, 4], -20, 20);
    const b = rng.intTensor([4, 2], -20, 20);
    ctx.expect(sp.matMul(ctx.t(a, 'int32'), ctx.t(b, 'int32')), N.matMul(a, b), { dtype: 'int32', shape: [3, 2] });
  }),
  defineCase('matMul: NaN and Infinity propagate', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.matMul([[1, NaN], [1, 1]], [[1], [1]]), [[NaN], [2]], { what: 'NaN row' });
    ctx.expect(sp.matMul([[Infinity, 1]], [[1], [2]]), [[Infinity]], { what: 'Inf' });
    ctx.expect(sp.matMul([[Infinity, 1]], [[0], [2]]), [[NaN]], { what: 'Inf·0' });
  }),
  defineCase('matMul: empty dimensions (K = 0 gives zeros, M = 0 gives empty)', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.matMul(sp.zeros([2, 0]), sp.zeros([0, 3])), [0, 0, 0, 0, 0, 0], { shape: [2, 3], what: 'K = 0' });
    ctx.expect(sp.matMul(sp.zeros([0, 3]), sp.ones([3, 2])), [], { shape: [0, 2], what: 'M = 0' });
    ctx.expect(sp.matMul(sp.zeros([0, 2, 3]), sp.ones([3, 2])), [], { shape: [0, 2, 2], what: 'batch 0' });
  }),
  defineCase('matMul: size-1 M, K and N', (ctx) => {
    const { sp, rng } = ctx;
    for (const [M, K, Nn] of [[1, 5, 1], [4, 1, 3], [1, 1, 1], [5, 3, 1]]) {
      const [a, b] = operands(rng, [], [], M, K, Nn, false, false);
      ctx.expect(sp.matMul(ctx.t(a), ctx.t(b)), N.matMul(a, b), { ...TOL, what: `M${M} K${K} N${Nn}` });
    }
  }),
  defineCase('matMul: rows given as TypedArrays, and the Tensor method', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.matMul([Float32Array.of(1, 2), Float32Array.of(3, 4)], [[5], [6]]), [[17], [39]], { shape: [2, 1], what: 'Float32Array rows' });
    ctx.expect(sp.tensor([[1, 2], [3, 4]]).matMul([[5], [6]]), [[17], [39]], { what: 'method' });
    ctx.expect(sp.tensor([[1, 2], [3, 4]]).matMul([[5, 6]], false, true), [[17], [39]], { what: 'method transposeB' });
  }),
  defineCase('matMul: shape errors', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.matMul(sp.ones([2, 3]), sp.ones([4, 2])),
      'matMul: b must have 3 row(s) to match the inner dimension of a ([2,3]), got shape [4,2]');
    assertThrows(() => sp.matMul(sp.ones([3]), sp.ones([3, 2])), 'matMul: a must have rank ≥ 2, got rank 1 (shape [3])');
    assertThrows(() => sp.matMul(sp.ones([2, 3, 4]), sp.ones([3, 4, 5])), /matMul: shapes \[2\] and \[3\] cannot be broadcast together/);
  }),
];

const fusedCases = [
  ...ACTIVATIONS.map((activation) =>
    defineCase(`fused.matMul: bias + ${activation} vs reference`, (ctx) => {
      const { sp, rng } = ctx;
      const [a, b] = operands(rng, [2], [2], 3, 4, 5, false, false);
      const bias = rng.tensor([5], -1, 1);
      const alpha = rng.tensor([5], 0, 1);
      const cfg = { a: ctx.t(a), b: ctx.t(b), bias: ctx.t(bias), activation };
      if (activation === 'prelu') cfg.preluActivationWeights = ctx.t(alpha);
      if (activation === 'leakyrelu') cfg.leakyreluAlpha = 0.3;
      const ref = N.activate(N.zip(N.matMul(a, b), bias, N.fn.add), activation, { alpha, leakyreluAlpha: 0.3 });
      ctx.expect(sp.fused.matMul(cfg), ref, { ...TOL, what: activation });
    })),
  defineCase('fused.matMul: transposes, scalar bias, no bias, default activation', (ctx) => {
    const { sp, rng } = ctx;
    const [a, b] = operands(rng, [], [], 4, 3, 2, true, true);
    const mm = N.matMul(a, b, true, true);
    ctx.expect(sp.fused.matMul({ a: ctx.t(a), b: ctx.t(b), transposeA: true, transposeB: true }), mm, { ...TOL, what: 'no bias' });
    ctx.expect(sp.fused.matMul({ a: ctx.t(a), b: ctx.t(b), transposeA: true, transposeB: true, bias: sp.scalar(0.5), activation: 'relu' }),
      N.map(N.zip(mm, N.T([], [0.5]), N.fn.add), N.fn.relu), { ...TOL, what: 'scalar bias + relu' });
  }),
  defineCase('fused.matMul: bias broadcast over rows ([M,1]) and default leakyrelu alpha 0.2', (ctx) => {
    const { sp, rng } = ctx;
    const [a, b] = operands(rng, [], [], 3, 4, 5, false, false);
    const bias = rng.tensor([3, 1], -1, 1);
    const ref = N.map(N.zip(N.matMul(a, b), bias, N.fn.add), N.fn.leakyRelu(0.2));
    ctx.expect(sp.fused.matMul({ a: ctx.t(a), b: ctx.t(b), bias: ctx.t(bias), activation: 'leakyrelu' }), ref, { shape: [3, 5], ...TOL });
  }),
  defineCase('fused.matMul: hand values (doc example) and sp.fusedMatMul alias', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.fused.matMul({ a: [[1, 2]], b: [[1], [1]], bias: [-5], activation: 'relu' }), [[0]], { shape: [1, 1] });
    ctx.expect(sp.fused.matMul({ a: [[1, 2]], b: [[1], [1]], bias: [-5] }), [[-2]], { what: 'linear' });
    ctx.expect(sp.fusedMatMul({ a: [[1, 2]], b: [[3], [4]], bias: [1], activation: 'relu6' }), [[6]], { what: 'relu6 clamps 12' });
    ctx.expect(sp.fused.matMul({ a: [[1, 2]], b: [[1], [1]], bias: [-3], activation: 'elu' }), [[Math.exp(-0) - 1]], { what: 'elu(0)' });
    ctx.expect(sp.fused.matMul({ a: [[1, 2]], b: [[1], [1]], activation: 'sigmoid' }), [[1 / (1 + Math.exp(-3))]], { what: 'sigmoid(3)' });
  }),
  defineCase('fused.matMul: int32 operands with bias (linear) stay int32', (ctx) => {
    const { sp } = ctx;
    const y = sp.fused.matMul({ a: sp.tensor([[1, 2]], [1, 2], 'int32'), b: sp.tensor([[3], [4]], [2, 1], 'int32'), bias: sp.tensor([10], [1], 'int32') });
    ctx.expect(y, [[21]], { dtype: 'int32' });
  }),
  defineCase('fused.matMul: argument errors', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.fused.matMul({ a: [[1]], b: [[1]], activation: 'prelu' }),
      "fused.matMul: preluActivationWeights must be given with activation 'prelu', got undefined");
    assertThrows(() => sp.fused.matMul({ a: [[1]], b: [[1]], activation: 'tanh' }),
      /fused\.matMul: activation must be one of 'linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid', got a string \("tanh"\)/);
    assertThrows(() => sp.fused.matMul({ a: [[1, 2]], b: [[1, 1, 1], [1, 1, 1]], bias: [1, 2] }),
      'fused.matMul: shapes [1,3] and [2] cannot be broadcast together (dimension 1 is 3 vs 2; each must be equal or 1)');
    assert(sp.fused.matMul === sp.fusedMatMul, 'fused.matMul is fusedMatMul');
  }),
];

export const linalgCases = [...matMulCases, ...fusedCases];
