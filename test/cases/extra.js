// The extended op set: norm, cumsum, dot, outerProduct, einsum, conv1d, separableConv2d, conv3d,
// conv3dTranspose, maxPool3d, avgPool3d, pool, maxPoolWithArgmax, localResponseNormalization,
// stridedSlice, gatherND, scatterND, mirrorPad, reverse, depthToSpace, spaceToDepth, unique,
// image.cropAndResize, image.nonMaxSuppression*, dropout.
import { assert, assertDtype, assertShape, assertThrows } from './assert.js';
import { defineCase } from './util.js';
import * as N from '../reference/naive.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };
const EXACT = { rtol: 0, atol: 0 };
const R = N.reducers;
const iota = (n, start = 0) => Array.from({ length: n }, (_, i) => i + start);

// ---- math -------------------------------------------------------------------------------------

const mathCases = [
  defineCase('norm: vector norms by ord', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.norm([3, 4]), 5, { shape: [], what: 'euclidean' });
    ctx.expect(sp.norm([3, -4], 1), 7, { what: 'ord 1' });
    ctx.expect(sp.norm([3, -4], Infinity), 4, { what: 'ord Inf' });
    ctx.expect(sp.norm([3, -4], -Infinity), 3, { what: 'ord -Inf' });
    ctx.expect(sp.norm([3, -4], 3), Math.cbrt(27 + 64), { what: 'ord 3' });
    ctx.expect(sp.norm([[1, 2], [2, 4]]), 5, { what: 'all values of a matrix' });
    ctx.expect(sp.norm(sp.scalar(-2)), 2, { what: 'scalar' });
  }),
  defineCase('norm: matrix norms and axes vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const m = sp.tensor([[1, -2], [-3, 4]]);
    ctx.expect(sp.norm(m, 'fro', [0, 1]), Math.sqrt(30), { what: 'fro' });
    ctx.expect(sp.norm(m, 1, [0, 1]), 6, { what: 'ord 1 = max column sum' });
    ctx.expect(sp.norm(m, Infinity, [0, 1]), 7, { what: 'ord Inf = max row sum' });
    ctx.expect(sp.norm(m, -Infinity, [0, 1]), 3, { what: 'ord -Inf = min row sum' });
    const x = rng.tensor([3, 4, 2], -2, 2);
    const l2 = (v) => Math.sqrt(v.reduce((s, t) => s + t * t, 0));
    ctx.expect(sp.norm(ctx.t(x), 'euclidean', 1), N.reduce(x, [1], false, l2), { ...TOL, what: 'axis 1' });
    ctx.expect(sp.norm(ctx.t(x), 2, -1, true), N.reduce(x, [-1], true, l2), { ...TOL, what: 'axis -1 keepDims' });
    ctx.expect(sp.norm(ctx.t(x), 'fro', [0, 2], true), N.reduce(x, [0, 2], true, l2), { ...TOL, what: 'fro axes [0,2] keepDims' });
    ctx.expect(sp.norm(ctx.t(x), 1, 0), N.reduce(x, [0], false, (v) => v.reduce((s, t) => s + Math.abs(t), 0)), { ...TOL, what: 'ord 1 axis 0' });
  }),
  defineCase('cumsum: inclusive, exclusive, reverse, axes, dtypes', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.cumsum([1, 2, 3]), [1, 3, 6], { what: 'doc example' });
    ctx.expect(sp.cumsum([1, 2, 3], 0, true), [0, 1, 3], { what: 'exclusive' });
    ctx.expect(sp.cumsum([1, 2, 3], 0, false, true), [6, 5, 3], { what: 'reverse' });
    ctx.expect(sp.cumsum([1, 2, 3], 0, true, true), [5, 3, 0], { what: 'exclusive reverse' });
    ctx.expect(sp.cumsum([[1, 2], [3, 4]], 1), [[1, 3], [3, 7]], { what: 'axis 1' });
    ctx.expect(sp.cumsum(sp.tensor([5, -2], [2], 'int32')), [5, 3], { dtype: 'int32', what: 'int32' });
    ctx.expect(sp.cumsum(sp.tensor([true, false, true])), [1, 1, 2], { dtype: 'int32', what: 'bool' });
    const x = rng.tensor([3, 4, 5], -1, 1);
    for (const [axis, ex, rev] of [[0, false, false], [1, true, false], [-1, false, true], [2, true, true]]) {
      ctx.expect(sp.cumsum(ctx.t(x), axis, ex, rev), N.cumsum(x, axis, ex, rev), { ...TOL, what: `axis ${axis} exclusive ${ex} reverse ${rev}` });
    }
    assertThrows(() => sp.cumsum(sp.scalar(1)), 'cumsum: x must have rank ≥ 1, got rank 0 (a scalar)');
  }),
  defineCase('dot and outerProduct: hand values and shapes', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.dot([1, 2], [3, 4]), 11, { shape: [], what: 'vec·vec' });
    ctx.expect(sp.dot([[1, 2], [3, 4]], [5, 6]), [17, 39], { shape: [2], what: 'mat·vec' });
    ctx.expect(sp.dot([5, 6], [[1, 2], [3, 4]]), [23, 34], { shape: [2], what: 'vec·mat' });
    ctx.expect(sp.dot([[1, 2]], [[3], [4]]), [[11]], { shape: [1, 1], what: 'mat·mat' });
    ctx.expect(sp.outerProduct([1, 2], [3, 4, 5]), [[3, 4, 5], [6, 8, 10]], { shape: [2, 3], what: 'outer' });
    assertThrows(() => sp.dot([1, 2], [1, 2, 3]), 'dot: t2 must have 2 element(s) in its first dimension to match t1 ([2]), got shape [3]');
    assertThrows(() => sp.outerProduct([[1]], [1]), 'outerProduct: v1 must have rank 1, got rank 2 (shape [1,1])');
  }),
  defineCase('einsum: common equations vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.einsum('ij,jk->ik', [[1, 2]], [[3], [4]]), [[11]], { what: 'doc example' });
    const a = rng.tensor([2, 3], -1, 1);
    const b = rng.tensor([3, 4], -1, 1);
    const v = rng.tensor([3], -1, 1);
    const w = rng.tensor([3], -1, 1);
    const c = rng.tensor([2, 3, 4], -1, 1);
    const d = rng.tensor([2, 4, 2], -1, 1);
    const e = rng.tensor([2, 3], -1, 1);
    const cases = [
      ['ij,jk->ik', [a, b]], ['ij,jk', [a, b]], ['i,i->', [v, w]], ['i,j->ij', [v, w]], ['ij->ji', [a]],
      ['ij->i', [a]], ['ij->', [a]], ['bij,bjk->bik', [c, d]], ['ij,ij->ij', [a, e]], ['ij,ij->i', [a, e]],
      ['ij,kj->ik', [a, N.transpose(b)]], ['bij->bji', [c]],
    ];
    for (const [eq, ts] of cases) {
      ctx.expect(sp.einsum(eq, ...ts.map((t) => ctx.t(t))), N.einsum(eq, ...ts), { ...TOL, what: eq });
    }
    assertThrows(() => sp.einsum('ij,jk->ik', [[1]]), /einsum: tensors must be 2 tensor\(s\) for 'ij,jk->ik'/);
  }),
];

// ---- convolutions and pools -------------------------------------------------------------------

const convCases = [
  defineCase('conv1d: doc example and random vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.conv1d(sp.ones([1, 5, 1]), sp.ones([3, 1, 1]), 1, 'valid'), [3, 3, 3], { shape: [1, 3, 1], what: 'doc' });
    for (const [stride, pad, dilation] of [[1, 'same', 1], [2, 'same', 1], [2, 'valid', 1], [1, 'valid', 2], [1, 'same', 2]]) {
      const x = rng.tensor([2, 7, 3], -1, 1);
      const f = rng.tensor([3, 3, 2], -1, 1);
      const ref = N.conv2d({ shape: [2, 1, 7, 3], data: x.data }, { shape: [1, 3, 3, 2], data: f.data }, [1, stride], pad, [1, dilation]);
      const y = sp.conv1d(ctx.t(x), ctx.t(f), stride, pad, 'NWC', dilation);
      ctx.expect(y, ref.data, { shape: [2, ref.shape[2], 2], ...TOL, what: `stride ${stride} pad ${pad} dilation ${dilation}` });
    }
    ctx.expect(sp.conv1d(sp.tensor([1, 2, 3], [3, 1]), sp.tensor([1, -1], [2, 1, 1]), 1, 'valid'), [-1, -1], { shape: [2, 1], what: 'rank-2 x' });
    assertThrows(() => sp.conv1d(sp.ones([1, 5, 2]), sp.ones([3, 1, 1]), 1, 'valid'),
      'conv1d: filter must have 2 input channel(s) in dimension 2 to match x (shape [1,5,2]), got shape [3,1,1]');
  }),
  defineCase('conv1d: a numeric pad pads the width only', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([2, 6, 3], -1, 1);
    const f = rng.tensor([3, 3, 2], -1, 1);
    for (const [p, stride] of [[1, 1], [2, 2]]) {
      const ref = N.conv2d({ shape: [2, 1, 6, 3], data: x.data }, { shape: [1, 3, 3, 2], data: f.data }, [1, stride], [[0, 0], [0, 0], [p, p], [0, 0]]);
      ctx.expect(sp.conv1d(ctx.t(x), ctx.t(f), stride, p), ref.data, { shape: [2, ref.shape[2], 2], ...TOL, what: `pad ${p} stride ${stride}` });
    }
  }),
  defineCase('separableConv2d: depthwise then pointwise vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.separableConv2d(sp.ones([1, 3, 3, 2]), sp.ones([3, 3, 2, 1]), sp.ones([1, 1, 2, 4]), 1, 'valid'), [18, 18, 18, 18], { shape: [1, 1, 1, 4], what: 'doc' });
    for (const [strides, pad] of [[1, 'same'], [2, 'same'], [[1, 2], 'valid']]) {
      const x = rng.tensor([2, 5, 6, 3], -1, 1);
      const dw = rng.tensor([3, 3, 3, 2], -1, 1);
      const pw = rng.tensor([1, 1, 6, 4], -1, 1);
      const ref = N.conv2d(N.depthwiseConv2d(x, dw, strides, pad), pw, 1, 'valid');
      ctx.expect(sp.separableConv2d(ctx.t(x), ctx.t(dw), ctx.t(pw), strides, pad), ref, { ...TOL, what: `strides ${JSON.stringify(strides)} pad ${pad}` });
    }
    assertThrows(() => sp.separableConv2d(sp.ones([1, 3, 3, 2]), sp.ones([3, 3, 2, 1]), sp.ones([1, 1, 3, 4]), 1, 'valid'),
      'separableConv2d: pointwiseFilter must have 2 input channel(s) (inChannels · multiplier of the depthwise filter), got shape [1,1,3,4]');
  }),
  defineCase('conv3d: doc example and random vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.conv3d(sp.ones([1, 3, 3, 3, 1]), sp.ones([3, 3, 3, 1, 1]), 1, 'valid'), [27], { shape: [1, 1, 1, 1, 1], what: 'doc' });
    for (const [strides, pad, dil] of [[1, 'same', 1], [[2, 1, 2], 'same', 1], [1, 'valid', [2, 1, 1]], [2, 'valid', 1]]) {
      const x = rng.tensor([2, 4, 5, 3, 2], -1, 1);
      const f = rng.tensor([2, 3, 2, 2, 3], -1, 1);
      ctx.expect(sp.conv3d(ctx.t(x), ctx.t(f), strides, pad, 'NDHWC', dil), N.conv3d(x, f, strides, pad, dil),
        { ...TOL, what: `strides ${JSON.stringify(strides)} pad ${pad} dilations ${JSON.stringify(dil)}` });
    }
    const x4 = rng.tensor([3, 3, 3, 1], -1, 1);
    const f4 = rng.tensor([2, 2, 2, 1, 2], -1, 1);
    const ref = N.conv3d({ shape: [1, 3, 3, 3, 1], data: x4.data }, f4, 1, 'valid');
    ctx.expect(sp.conv3d(ctx.t(x4), ctx.t(f4), 1, 'valid'), ref.data, { shape: [2, 2, 2, 2], ...TOL, what: 'rank-4 x' });
    assertThrows(() => sp.conv3d(sp.ones([1, 3, 3, 3, 1]), sp.ones([3, 3, 1, 1]), 1, 'valid'), 'conv3d: filter must have rank 5, got rank 4 (shape [3,3,1,1])');
  }),
  defineCase('conv3dTranspose: adjoint of conv3d vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.conv3dTranspose(sp.ones([1, 1, 1, 1, 1]), sp.ones([2, 2, 2, 1, 1]), [1, 2, 2, 2, 1], 1, 'valid'), new Array(8).fill(1), { shape: [1, 2, 2, 2, 1], what: 'doc' });
    for (const [strides, pad] of [[1, 'same'], [2, 'same'], [[1, 2, 1], 'valid']]) {
      const outShape = [2, 4, 5, 3, 2];
      const f = rng.tensor([2, 3, 2, 2, 3], -1, 1);
      const fwd = N.conv3d(N.T(outShape, new Array(N.sizeOf(outShape)).fill(0)), f, strides, pad);
      const dy = rng.tensor(fwd.shape, -1, 1);
      ctx.expect(sp.conv3dTranspose(ctx.t(dy), ctx.t(f), outShape, strides, pad), N.conv3dTranspose(dy, f, outShape, strides, pad),
        { ...TOL, what: `strides ${JSON.stringify(strides)} pad ${pad}` });
    }
  }),
  defineCase('maxPool3d/avgPool3d: random vs reference, padding ignored', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.maxPool3d(sp.tensor(iota(8), [1, 2, 2, 2, 1]), 2, 1, 'valid'), [7], { shape: [1, 1, 1, 1, 1], what: 'max doc' });
    ctx.expect(sp.avgPool3d(sp.tensor(iota(8), [1, 2, 2, 2, 1]), 2, 1, 'valid'), [3.5], { shape: [1, 1, 1, 1, 1], what: 'avg doc' });
    ctx.expect(sp.avgPool3d(sp.tensor(iota(8), [2, 2, 2, 1]), 2, 2, 'same'), [3.5], { shape: [1, 1, 1, 1], what: 'rank-4 x' });
    for (const [size, strides, pad] of [[2, 1, 'same'], [[2, 3, 1], [2, 1, 2], 'same'], [2, 2, 'valid'], [3, 1, 1]]) {
      const x = rng.tensor([2, 4, 5, 3, 2], -3, 3);
      const what = `size ${JSON.stringify(size)} strides ${JSON.stringify(strides)} pad ${pad}`;
      ctx.expect(sp.maxPool3d(ctx.t(x), size, strides, pad), N.pool3d(x, 'max', size, strides, pad), { ...EXACT, what: `max ${what}` });
      ctx.expect(sp.avgPool3d(ctx.t(x), size, strides, pad), N.pool3d(x, 'avg', size, strides, pad), { ...TOL, what: `avg ${what}` });
    }
  }),
  defineCase('pool: max/avg with dilations vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.pool(sp.tensor(iota(16, 1), [1, 4, 4, 1]), [2, 2], 'max', 'valid', [2, 2], [1, 1]), [11, 12, 15, 16], { shape: [1, 2, 2, 1], what: 'doc' });
    for (const [win, type, pad, dil, strides] of [[[2, 2], 'max', 'same', [2, 2], 1], [3, 'avg', 'same', 2, 1], [[2, 3], 'avg', 'valid', [1, 2], 1], [2, 'max', 'valid', 1, 2]]) {
      const x = rng.tensor([2, 6, 7, 2], -2, 2);
      ctx.expect(sp.pool(ctx.t(x), win, type, pad, dil, strides), N.pool(x, type, win, strides, pad, dil),
        { ...TOL, what: `${type} window ${JSON.stringify(win)} pad ${pad} dilations ${JSON.stringify(dil)} strides ${strides}` });
    }
    assertThrows(() => sp.pool(sp.ones([1, 2, 2, 1]), 2, 'min', 'valid'), /pool: poolingType must be 'max' or 'avg'/);
  }),
  defineCase('maxPoolWithArgmax: values and flat argmax indexes', (ctx) => {
    const { sp, rng } = ctx;
    const d = sp.maxPoolWithArgmax(sp.tensor([1, 4, 2, 3], [1, 2, 2, 1]), 2, 2, 'valid');
    ctx.expect(d.result, [4], { shape: [1, 1, 1, 1], what: 'doc result' });
    ctx.expect(d.indexes, [1], { shape: [1, 1, 1, 1], dtype: 'int32', what: 'doc indexes' });
    const x = rng.tensor([2, 5, 4, 3], -3, 3);
    for (const [size, strides, pad, withBatch] of [[2, 2, 'valid', false], [3, 1, 'same', true], [[2, 3], [1, 2], 'same', false]]) {
      const r = sp.maxPoolWithArgmax(ctx.t(x), size, strides, pad, withBatch);
      const ref = N.maxPoolWithArgmax(x, size, strides, pad, withBatch);
      const what = `size ${JSON.stringify(size)} strides ${JSON.stringify(strides)} pad ${pad} batch ${withBatch}`;
      ctx.expect(r.result, ref.result, { ...EXACT, what: `result ${what}` });
      ctx.expect(r.indexes, ref.indexes, { dtype: 'int32', what: `indexes ${what}` });
    }
  }),
  defineCase('localResponseNormalization: doc example and random vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.localResponseNormalization(sp.ones([1, 1, 1, 3]), 1, 1, 1, 0.5), [1 / Math.sqrt(3), 0.5, 1 / Math.sqrt(3)], { what: 'doc' });
    const x = rng.tensor([2, 3, 2, 7], -2, 2);
    for (const [r, bias, alpha, beta] of [[5, 1, 1, 0.5], [1, 2, 0.5, 0.75], [0, 1, 0.1, 1], [3, 0.5, 2, 0.25]]) {
      ctx.expect(sp.localResponseNormalization(ctx.t(x), r, bias, alpha, beta), N.localResponseNormalization(x, r, bias, alpha, beta),
        { ...TOL, what: `r ${r} bias ${bias} alpha ${alpha} beta ${beta}` });
    }
    const x3 = rng.tensor([2, 2, 4], -1, 1);
    ctx.expect(sp.localResponseNormalization(ctx.t(x3), 1), N.localResponseNormalization(x3, 1), { ...TOL, shape: [2, 2, 4], what: 'rank 3' });
  }),
];

// ---- slicing ----------------------------------------------------------------------------------

const slicingCases = [
  defineCase('stridedSlice: strides, negative strides and clamping', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor(iota(6));
    ctx.expect(sp.stridedSlice(x, [1], [6], [2]), [1, 3, 5], { what: 'doc' });
    ctx.expect(sp.stridedSlice(x, [5], [0], [-1]), [5, 4, 3, 2, 1], { what: 'reverse, end exclusive' });
    ctx.expect(sp.stridedSlice(x, [-1], [-7], [-1]), [5, 4, 3, 2, 1, 0], { what: 'negative begin/end' });
    ctx.expect(sp.stridedSlice(x, [-100], [100]), [0, 1, 2, 3, 4, 5], { what: 'clamped, default strides' });
    ctx.expect(sp.stridedSlice(x, [4], [2]), [], { shape: [0], what: 'empty' });
  }),
  defineCase('stridedSlice: begin/end/shrink/newAxis/ellipsis masks', (ctx) => {
    const { sp } = ctx;
    const m = sp.tensor(iota(9), [3, 3]); // [[0,1,2],[3,4,5],[6,7,8]]
    ctx.expect(sp.stridedSlice(m, [1, 1], [2, 2], [1, 1], 1, 2), [[1, 2], [4, 5]], { shape: [2, 2], what: 'beginMask dim 0, endMask dim 1' });
    ctx.expect(sp.stridedSlice(m, [1, 0], [2, 3], [1, 1], 0, 0, 0, 0, 1), [3, 4, 5], { shape: [3], what: 'shrinkAxisMask dim 0' });
    ctx.expect(sp.stridedSlice(m, [0, 2], [3, 3], [1, 1], 0, 0, 0, 0, 2), [2, 5, 8], { shape: [3], what: 'shrinkAxisMask dim 1' });
    ctx.expect(sp.stridedSlice(m, [0, 1], [0, 3], [1, 1], 0, 0, 0, 1), [3, 4, 5, 6, 7, 8], { shape: [1, 2, 3], what: 'newAxisMask' });
    const c = sp.tensor(iota(24), [2, 3, 4]);
    const want = N.stridedSlice(N.T([2, 3, 4], iota(24)), [0, 0, 1], [2, 3, 3], [1, 1, 1]);
    ctx.expect(sp.stridedSlice(c, [0, 1], [0, 3], [1, 1], 0, 0, 1), want, { what: 'ellipsisMask' });
    ctx.expect(sp.stridedSlice(m, [0, 0], [3, 3], [2, -1], 2, 3), [[2, 1, 0], [8, 7, 6]], { shape: [2, 3], what: 'begin/end masks with a negative stride' });
    assertThrows(() => sp.stridedSlice(m, [0], [1], [0]), 'stridedSlice: strides must not contain 0, got [0]');
  }),
  defineCase('stridedSlice: random Python-style slices vs reference', (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 8; trial++) {
      const shape = rng.shape(rng.int(1, 3), 1, 6);
      const x = rng.tensor(shape, -1, 1);
      const k = rng.int(1, shape.length);
      const begin = [], end = [], strides = [];
      for (let d = 0; d < k; d++) {
        const n = shape[d];
        begin.push(rng.int(-n - 1, n + 1));
        end.push(rng.int(-n - 1, n + 1));
        strides.push(rng.pick([1, 2, 3, -1, -2]));
      }
      ctx.expect(sp.stridedSlice(ctx.t(x), begin, end, strides), N.stridedSlice(x, begin, end, strides),
        { ...EXACT, what: `[${shape}] begin [${begin}] end [${end}] strides [${strides}]` });
    }
  }),
  defineCase('gatherND: doc example, slices, random vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.gatherND([[1, 2], [3, 4]], [[1, 0], [0, 1]]), [3, 2], { shape: [2], what: 'doc' });
    ctx.expect(sp.gatherND([[1, 2], [3, 4]], [[1], [0]]), [[3, 4], [1, 2]], { shape: [2, 2], what: 'row slices' });
    const x = rng.tensor([3, 4, 2], -1, 1);
    for (const k of [1, 2, 3]) {
      const idx = N.T([2, 2, k], Array.from({ length: 4 }, () => x.shape.slice(0, k).map((d) => rng.int(0, d - 1))).flat());
      ctx.expect(sp.gatherND(ctx.t(x), ctx.t(idx, 'int32')), N.gatherND(x, idx), { ...EXACT, what: `k = ${k}` });
    }
    if (sp.ENGINE.backend().readSync) {
      assertThrows(() => sp.gatherND([[1, 2], [3, 4]], [[2, 0]]), 'gatherND: indices must be in [0, 1] in position 1 of each index, got 2 (index 1)');
    }
  }),
  defineCase('scatterND: doc example, duplicates add, random vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.scatterND([[1], [3]], [9, 10], [5]), [0, 9, 0, 10, 0], { shape: [5], what: 'doc' });
    ctx.expect(sp.scatterND([[1], [1]], [2, 3], [3]), [0, 5, 0], { what: 'duplicates add up' });
    ctx.expect(sp.scatterND(sp.tensor([[0], [2]], [2, 1], 'int32'), sp.tensor([[1, 2], [3, 4]], [2, 2], 'int32'), [3, 2]), [1, 2, 0, 0, 3, 4], { dtype: 'int32', shape: [3, 2], what: 'row slices, int32' });
    const shape = [4, 3, 2];
    const idx = N.T([5, 2], Array.from({ length: 5 }, () => [rng.int(0, 3), rng.int(0, 2)]).flat());
    const upd = rng.tensor([5, 2], -1, 1);
    ctx.expect(sp.scatterND(ctx.t(idx, 'int32'), ctx.t(upd), shape), N.scatterND(idx, upd, shape), { ...TOL, what: 'random' });
    assertThrows(() => sp.scatterND([[1]], [1, 2], [3]), 'scatterND: updates must have shape [1], got shape [2]');
  }),
  defineCase('mirrorPad: reflect and symmetric vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.mirrorPad([1, 2, 3], [[2, 2]], 'reflect'), [3, 2, 1, 2, 3, 2, 1], { what: 'reflect doc' });
    ctx.expect(sp.mirrorPad([1, 2, 3], [[2, 2]], 'symmetric'), [2, 1, 1, 2, 3, 3, 2], { what: 'symmetric' });
    ctx.expect(sp.mirrorPad([[1, 2], [3, 4]], [[1, 0], [0, 1]], 'reflect'), [[3, 4, 3], [1, 2, 1], [3, 4, 3]], { shape: [3, 3], what: '2-D reflect' });
    const x = rng.tensor([3, 4, 2], -1, 1);
    for (const mode of ['reflect', 'symmetric']) {
      const paddings = [[2, 1], [0, 3], [1, 1]];
      ctx.expect(sp.mirrorPad(ctx.t(x), paddings, mode), N.mirrorPad(x, paddings, mode), { ...EXACT, what: mode });
    }
    assertThrows(() => sp.mirrorPad([1, 2, 3], [[3, 0]], 'reflect'), "mirrorPad: paddings must be in [0, 2] at axis 0 for mode 'reflect' (dimension 3), got [3,0]");
  }),
  defineCase('reverse: axes, negative axes, all by default', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.reverse([1, 2, 3]), [3, 2, 1], { what: 'doc' });
    const x = rng.intTensor([2, 3, 4], -9, 9);
    for (const axes of [undefined, 0, [1], [-1], [0, 2], [2, 0, 1]]) {
      ctx.expect(sp.reverse(ctx.t(x, 'int32'), axes), N.reverse(x, axes), { dtype: 'int32', what: `axes ${JSON.stringify(axes)}` });
    }
    ctx.expect(sp.reverse(sp.tensor([true, false])), [0, 1], { dtype: 'bool', what: 'bool' });
  }),
  defineCase('depthToSpace/spaceToDepth: doc example, reference, round trip', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.depthToSpace(sp.tensor([1, 2, 3, 4], [1, 1, 1, 4]), 2), [1, 2, 3, 4], { shape: [1, 2, 2, 1], what: 'doc' });
    ctx.expect(sp.spaceToDepth(sp.tensor([1, 2, 3, 4], [1, 2, 2, 1]), 2), [1, 2, 3, 4], { shape: [1, 1, 1, 4], what: 'inverse doc' });
    const x = rng.tensor([2, 2, 3, 8], -1, 1);
    const d = sp.depthToSpace(ctx.t(x), 2);
    ctx.expect(d, N.depthToSpace(x, 2), { ...EXACT, what: 'depthToSpace' });
    ctx.expect(sp.spaceToDepth(d, 2), x, { ...EXACT, what: 'round trip' });
    const y = rng.tensor([1, 6, 3, 2], -1, 1);
    ctx.expect(sp.spaceToDepth(ctx.t(y), 3), N.spaceToDepth(y, 3), { ...EXACT, what: 'spaceToDepth block 3' });
    assertThrows(() => sp.depthToSpace(sp.ones([1, 1, 1, 3]), 2), 'depthToSpace: x must have channels divisible by blockSize² (4), got 3 channels');
  }),
  defineCase('unique: 1-D, along an axis, NaN, dtypes', (ctx) => {
    const { sp, rng } = ctx;
    const u = sp.unique([1, 1, 2, 4, 4, 4, 7]);
    ctx.expect(u.values, [1, 2, 4, 7], { shape: [4], what: 'doc values' });
    ctx.expect(u.indices, [0, 0, 1, 2, 2, 2, 3], { dtype: 'int32', what: 'doc indices' });
    const n = sp.unique([NaN, 1, NaN]);
    ctx.expect(n.values, [NaN, 1], { what: 'NaN values' });
    ctx.expect(n.indices, [0, 1, 0], { what: 'NaN indices' });
    const x = rng.intTensor([2, 6], 0, 1);
    const r = sp.unique(ctx.t(x, 'int32'), 1);
    const ref = N.unique(x, 1);
    assertDtype(r.values, 'int32');
    ctx.expect(r.values, ref.values, { what: 'axis 1 values' });
    ctx.expect(r.indices, ref.indices, { what: 'axis 1 indices' });
    const b = sp.unique(sp.tensor([true, true, false]));
    ctx.expect(b.values, [1, 0], { dtype: 'bool', what: 'bool' });
  }),
];

// ---- image ------------------------------------------------------------------------------------

const boxCases = [
  defineCase('image.cropAndResize: hand values (identity, corners, centre, extrapolation)', (ctx) => {
    const { sp } = ctx;
    const img = sp.tensor(iota(9), [1, 3, 3, 1]); // x[y][x] = 3y + x
    const one = (boxes, size, method, extra) => sp.image.cropAndResize(img, boxes, [0], size, method, extra);
    ctx.expect(one([[0, 0, 1, 1]], [3, 3]), iota(9), { shape: [1, 3, 3, 1], dtype: 'float32', what: 'whole image' });
    ctx.expect(one([[0, 0, 0.5, 0.5]], [2, 2]), [0, 1, 3, 4], { what: 'top-left quarter' });
    ctx.expect(one([[0.25, 0.25, 0.75, 0.75]], [1, 1]), [4], { what: 'crop size 1 samples the centre' });
    ctx.expect(one([[0, 0, 0.25, 0.25]], [2, 2]), [0, 0.5, 1.5, 2], { what: 'bilinear' });
    ctx.expect(one([[0, 0, 0.25, 0.25]], [2, 2], 'nearest'), [0, 1, 3, 4], { what: 'nearest rounds' });
    ctx.expect(one([[-0.5, 0, 0.5, 1]], [3, 1], 'bilinear', -7), [-7, 1, 4], { shape: [1, 3, 1, 1], what: 'extrapolation' });
  }),
  defineCase('image.cropAndResize: random boxes over a batch vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const img = rng.tensor([2, 5, 6, 2], -1, 1);
    const nb = 4;
    const boxes = rng.tensor([nb, 4], -0.2, 1.2);
    const ind = N.T([nb], [0, 1, 1, 0]);
    for (const method of ['bilinear', 'nearest']) {
      for (const size of [[3, 4], [1, 2]]) {
        ctx.expect(sp.image.cropAndResize(ctx.t(img), ctx.t(boxes), ctx.t(ind, 'int32'), size, method, 0.5),
          N.cropAndResize(img, boxes, ind, size, method, 0.5), { ...TOL, what: `${method} [${size}]` });
      }
    }
    assertThrows(() => sp.image.cropAndResize(sp.ones([1, 2, 2, 1]), [[0, 0, 1]], [0], [1, 1]), 'image.cropAndResize: boxes must have shape [numBoxes, 4], got shape [1,3]');
  }),
  defineCase('image.nonMaxSuppression: doc example, limits, thresholds', async (ctx) => {
    const { sp } = ctx;
    const boxes = [[0, 0, 1, 1], [0, 0, 0.9, 1], [0, 2, 1, 3]];
    const scores = [0.9, 0.8, 0.7];
    ctx.expect(sp.image.nonMaxSuppression(boxes, scores, 3, 0.5), [0, 2], { dtype: 'int32', shape: [2], what: 'doc' });
    ctx.expect(sp.image.nonMaxSuppression(boxes, scores, 1, 0.5), [0], { what: 'maxOutputSize 1' });
    ctx.expect(sp.image.nonMaxSuppression(boxes, scores, 3, 0.95), [0, 1, 2], { what: 'high IoU threshold keeps all' });
    ctx.expect(sp.image.nonMaxSuppression(boxes, scores, 3, 0.5, 0.75), [0], { what: 'score threshold' });
    ctx.expect(sp.image.nonMaxSuppression(boxes, [0.7, 0.8, 0.9], 3, 0.5), [2, 1], { what: 'order by score' });
    ctx.expect(sp.image.nonMaxSuppression(boxes, scores, 0), [], { shape: [0], what: 'maxOutputSize 0' });
    const a = await sp.image.nonMaxSuppressionAsync(boxes, scores, 3, 0.5);
    ctx.expect(a, [0, 2], { dtype: 'int32', what: 'async' });
    assertThrows(() => sp.image.nonMaxSuppression(boxes, [1, 2], 3), 'image.nonMaxSuppression: scores must have one score per box (3), got 2');
  }),
  defineCase('image.nonMaxSuppression: random boxes vs reference', async (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 4; trial++) {
      const n = rng.int(5, 20);
      const data = [];
      for (let i = 0; i < n; i++) {
        const y = rng.uniform(0, 1), x = rng.uniform(0, 1), h = rng.uniform(0.05, 0.5), w = rng.uniform(0.05, 0.5);
        data.push(...[y, x, y + h, x + w].map(Math.fround));
      }
      const boxes = N.T([n, 4], data);
      const scores = rng.tensor([n], 0, 1);
      const thr = rng.pick([0.1, 0.3, 0.5]);
      const max = rng.int(1, n);
      const ref = N.nonMaxSuppression(boxes, scores, max, thr, 0.2);
      ctx.expect(sp.image.nonMaxSuppression(ctx.t(boxes), ctx.t(scores), max, thr, 0.2), ref, { dtype: 'int32', what: `n ${n} iou ${thr} max ${max}` });
      const r = await sp.image.nonMaxSuppressionWithScoreAsync(ctx.t(boxes), ctx.t(scores), max, thr, 0.2);
      ctx.expect(r.selectedIndices, ref, { what: 'withScoreAsync indices' });
      ctx.expect(r.selectedScores, ref.map((i) => scores.data[i]), { what: 'withScoreAsync scores' });
    }
  }),
  defineCase('image.nonMaxSuppressionWithScore: soft-NMS decays overlapping scores', (ctx) => {
    const { sp } = ctx;
    // A and B overlap with IoU 1/3; C is apart. σ = 0.5: B's score becomes 0.8·exp(−0.5·(1/3)²/0.5).
    const boxes = [[0, 0, 1, 1], [0, 0.5, 1, 1.5], [0, 3, 1, 4]];
    const r = sp.image.nonMaxSuppressionWithScore(boxes, [0.9, 0.8, 0.75], 3, 0.5, 0, 0.5);
    ctx.expect(r.selectedIndices, [0, 2, 1], { dtype: 'int32', what: 'indices' });
    ctx.expect(r.selectedScores, [0.9, 0.75, 0.8 * Math.exp(-1 / 9)], { dtype: 'float32', rtol: 1e-6, what: 'scores' });
    const hard = sp.image.nonMaxSuppressionWithScore(boxes, [0.9, 0.8, 0.75], 3, 0.3);
    ctx.expect(hard.selectedIndices, [0, 2], { what: 'hard NMS with IoU threshold 0.3 drops B' });
    ctx.expect(hard.selectedScores, [0.9, 0.75], { what: 'hard NMS scores unchanged' });
  }),
];

// ---- dropout ----------------------------------------------------------------------------------

const dropoutCases = [
  defineCase('dropout: kept values scaled by 1/(1−rate), rate of zeros, seeded', async (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([10000], 0.5, 1.5);
    const y = await ctx.read(sp.dropout(ctx.t(x), 0.25, undefined, 3));
    const again = await ctx.read(sp.dropout(ctx.t(x), 0.25, undefined, 3));
    assert(y.every((v, i) => v === again[i]), 'same seed gives the same mask');
    let zeros = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] === 0) zeros++;
      else assert(Math.abs(y[i] - x.data[i] / 0.75) <= 1e-6 * Math.abs(x.data[i] / 0.75), `kept value ${i}: ${y[i]} vs ${x.data[i] / 0.75}`);
    }
    assert(Math.abs(zeros / y.length - 0.25) < 0.025, `fraction dropped ${zeros / y.length}, expected ≈ 0.25`);
    ctx.expect(sp.dropout(ctx.t(x), 0), x, { what: 'rate 0 is the identity' });
    assertThrows(() => sp.dropout([1], 1), 'dropout: rate must be a number in [0, 1), got the number 1');
  }),
  defineCase('dropout: noiseShape shares one decision along broadcast axes', async (ctx) => {
    const { sp } = ctx;
    const t = sp.dropout(sp.ones([50, 4]), 0.5, [1, 4], 9);
    assertShape(t, [50, 4]);
    const v = await ctx.read(t);
    for (let c = 0; c < 4; c++) {
      const col = Array.from({ length: 50 }, (_, r) => v[r * 4 + c]);
      assert(col.every((e) => e === col[0]) && (col[0] === 0 || col[0] === 2), `column ${c} is all 0 or all 2: ${col.slice(0, 5)}…`);
    }
    const rows = await ctx.read(sp.dropout(sp.ones([3, 200]), 0.5, [3, 1], 4));
    for (let r = 0; r < 3; r++) {
      const row = rows.slice(r * 200, r * 200 + 200);
      assert(row.every((e) => e === row[0]), `row ${r} shares one decision`);
    }
  }),
];

const aliasCases = [
  defineCase('fusedConv2d/fusedDepthwiseConv2d/fusedMatMul are the fused.* functions', (ctx) => {
    const { sp, rng } = ctx;
    assert(sp.fusedConv2d === sp.fused.conv2d, 'fusedConv2d is fused.conv2d');
    assert(sp.fusedDepthwiseConv2d === sp.fused.depthwiseConv2d, 'fusedDepthwiseConv2d is fused.depthwiseConv2d');
    const x = rng.tensor([1, 4, 4, 2], -1, 1);
    const f = rng.tensor([2, 2, 2, 3], -1, 1);
    const bias = rng.tensor([3], -1, 1);
    ctx.expect(sp.fusedConv2d({ x: ctx.t(x), filter: ctx.t(f), strides: 1, pad: 'same', bias: ctx.t(bias), activation: 'relu6' }),
      N.map(N.zip(N.conv2d(x, f, 1, 'same'), bias, N.fn.add), N.fn.relu6), { ...TOL, what: 'fusedConv2d relu6' });
    const fd = rng.tensor([2, 2, 2, 1], -1, 1);
    ctx.expect(sp.fusedDepthwiseConv2d({ x: ctx.t(x), filter: ctx.t(fd), strides: 2, pad: 'valid' }),
      N.depthwiseConv2d(x, fd, 2, 'valid'), { ...TOL, what: 'fusedDepthwiseConv2d linear' });
  }),
];

aliasCases.push(defineCase('top-level image and browser exports are the namespaced functions', async (ctx) => {
  const { sp } = ctx;
  for (const k of ['resizeBilinear', 'resizeNearestNeighbor', 'cropAndResize', 'nonMaxSuppression', 'nonMaxSuppressionAsync',
    'nonMaxSuppressionWithScore', 'nonMaxSuppressionWithScoreAsync']) {
    assert(typeof sp[k] === 'function' && sp[k] === sp.image[k], `sp.${k} is sp.image.${k}`);
  }
  assert(sp.fromPixels === sp.browser.fromPixels, 'sp.fromPixels is sp.browser.fromPixels');
  ctx.expect(sp.resizeBilinear(sp.tensor([0, 2], [1, 2, 1]), [1, 3], true), [0, 1, 2], { shape: [1, 3, 1], what: 'resizeBilinear' });
  ctx.expect(sp.resizeNearestNeighbor(sp.tensor([0, 2], [1, 2, 1]), [1, 4]), [0, 0, 2, 2], { what: 'resizeNearestNeighbor' });
  ctx.expect(sp.fromPixels({ data: [1, 2, 3, 4], width: 1, height: 1 }, 4), [1, 2, 3, 4], { shape: [1, 1, 4], what: 'fromPixels' });
  ctx.expect(sp.cropAndResize(sp.ones([1, 2, 2, 1]), [[0, 0, 1, 1]], [0], [1, 1]), [1], { what: 'cropAndResize' });
  ctx.expect(sp.nonMaxSuppression([[0, 0, 1, 1]], [1], 1), [0], { what: 'nonMaxSuppression' });
  const w = sp.nonMaxSuppressionWithScore([[0, 0, 1, 1]], [0.5], 1);
  ctx.expect(w.selectedScores, [0.5], { what: 'nonMaxSuppressionWithScore' });
  ctx.expect(await sp.nonMaxSuppressionAsync([[0, 0, 1, 1]], [1], 1), [0], { what: 'nonMaxSuppressionAsync' });
}));

export const extraCases = [...mathCases, ...convCases, ...slicingCases, ...boxCases, ...dropoutCases, ...aliasCases];
