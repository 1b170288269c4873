// conv2d, depthwiseConv2d, conv2dTranspose, maxPool, avgPool, batchNorm and the fused
// convolutions, against hand-computed values and the naive reference.
import { assertShape, assertThrows } from './assert.js';
import { defineCase } from './util.js';
import * as N from '../reference/naive.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };
const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'];

const iota = (n, start = 1) => Array.from({ length: n }, (_, i) => i + start);

/** A random conv configuration whose output is non-empty. */
function randomConv(rng, { depthwise = false } = {}) {
  for (;;) {
    const B = rng.int(1, 2);
    const H = rng.int(1, 7);
    const W = rng.int(1, 7);
    const C = rng.int(1, 3);
    const fh = rng.int(1, 3);
    const fw = rng.int(1, 3);
    const O = rng.int(1, 3);
    const dilated = rng.next() < 0.3;
    const strides = dilated ? 1 : [rng.int(1, 2), rng.int(1, 2)];
    const dilations = dilated ? [rng.int(1, 2), rng.int(1, 2)] : 1;
    const pad = rng.pick(['same', 'valid', 1, [[0, 0], [rng.int(0, 2), rng.int(0, 2)], [rng.int(0, 2), rng.int(0, 2)], [0, 0]]]);
    const x = rng.tensor([B, H, W, C], -1, 1);
    const f = rng.tensor([fh, fw, C, O], -1, 1);
    const ref = depthwise ? N.depthwiseConv2d(x, f, strides, pad, dilations) : N.conv2d(x, f, strides, pad, dilations);
    if (ref.shape[1] > 0 && ref.shape[2] > 0) return { x, f, strides, pad, dilations, ref };
  }
}

const desc = (c) => `x [${c.x.shape}] f [${c.f.shape}] strides ${JSON.stringify(c.strides)} pad ${JSON.stringify(c.pad)} dil ${JSON.stringify(c.dilations)}`;

// ---- conv2d -----------------------------------------------------------------------------------

const conv2dCases = [
  defineCase('conv2d: ones 4x4 with ones 3x3, valid (doc example)', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.conv2d(sp.ones([1, 4, 4, 1]), sp.ones([3, 3, 1, 1]), 1, 'valid'), [9, 9, 9, 9], { shape: [1, 2, 2, 1], dtype: 'float32' });
  }),
  defineCase("conv2d: 'same' 3x3 on 3x3 pads one on each side", (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.conv2d(sp.ones([1, 3, 3, 1]), sp.ones([3, 3, 1, 1]), 1, 'same'), [4, 6, 4, 6, 9, 6, 4, 6, 4], { shape: [1, 3, 3, 1] });
  }),
  defineCase("conv2d: 'same' with an even 2x2 kernel pads bottom/right only", (ctx) => {
    const { sp } = ctx;
    // x = [[1,2,3],[4,5,6],[7,8,9]]; total pad 1 → top 0, bottom 1 (same for width)
    const y = sp.conv2d(sp.tensor(iota(9), [1, 3, 3, 1]), sp.ones([2, 2, 1, 1]), 1, 'same');
    ctx.expect(y, [12, 16, 9, 24, 28, 15, 15, 17, 9], { shape: [1, 3, 3, 1] });
  }),
  defineCase("conv2d: 'same' 3x3 with stride 2 on 4x4 (pad 0 top, 1 bottom)", (ctx) => {
    const { sp } = ctx;
    const y = sp.conv2d(sp.tensor(iota(16), [1, 4, 4, 1]), sp.ones([3, 3, 1, 1]), 2, 'same');
    ctx.expect(y, [54, 45, 72, 54], { shape: [1, 2, 2, 1] });
  }),
  defineCase("conv2d: 'same' even kernel 2x2 with stride 2 on 5x5", (ctx) => {
    const { sp } = ctx;
    // out = ceil(5/2) = 3, total pad = 2·2 + 2 − 5 = 1 → top 0, bottom 1
    const y = sp.conv2d(sp.tensor(iota(25), [1, 5, 5, 1]), sp.ones([2, 2, 1, 1]), [2, 2], 'same');
    // windows rows {0,1},{2,3},{4} × cols {0,1},{2,3},{4}; x[r][c] = 5r + c + 1
    const win = (rs, cs) => rs.reduce((s, r) => s + cs.reduce((t, c) => t + 5 * r + c + 1, 0), 0);
    const R = [[0, 1], [2, 3], [4]];
    const want = [];
    for (const rs of R) for (const cs of R) want.push(win(rs, cs));
    ctx.expect(y, want, { shape: [1, 3, 3, 1] });
    ctx.expect(y, [16, 24, 15, 56, 64, 35, 43, 47, 25], { what: 'spelled out' });
  }),
  defineCase('conv2d: dilation 2 with a 2x2 kernel reads the corners', (ctx) => {
    const { sp } = ctx;
    const y = sp.conv2d(sp.tensor(iota(9), [1, 3, 3, 1]), sp.ones([2, 2, 1, 1]), 1, 'valid', 'NHWC', [2, 2]);
    ctx.expect(y, [1 + 3 + 7 + 9], { shape: [1, 1, 1, 1] });
    const s = sp.conv2d(sp.tensor(iota(9), [1, 3, 3, 1]), sp.ones([2, 2, 1, 1]), 1, 'same', 'NHWC', 2);
    // effective kernel 3 → total pad 2, top/left 1: out[i][j] = Σ x[i-1+2a][j-1+2b]
    ctx.expect(s, [5, 4 + 6, 5, 2 + 8, 1 + 3 + 7 + 9, 2 + 8, 5, 4 + 6, 5], { shape: [1, 3, 3, 1], what: "dilated 'same'" });
  }),
  defineCase('conv2d: explicit and numeric padding', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor(iota(4), [1, 2, 2, 1]); // [[1,2],[3,4]]
    const y = sp.conv2d(x, sp.ones([1, 1, 1, 1]), 1, [[0, 0], [1, 0], [0, 2], [0, 0]]);
    ctx.expect(y, [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0], { shape: [1, 3, 4, 1], what: 'explicit' });
    const z = sp.conv2d(x, sp.ones([2, 2, 1, 1]), 1, 1);
    ctx.expect(z, [1, 3, 2, 4, 10, 6, 3, 7, 4], { shape: [1, 3, 3, 1], what: 'pad 1' });
  }),
  defineCase('conv2d: dimRoundingMode with a numeric pad', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([1, 5, 5, 1], -1, 1);
    const f = rng.tensor([2, 2, 1, 1], -1, 1);
    for (const mode of ['floor', 'ceil', 'round']) {
      const y = sp.conv2d(ctx.t(x), ctx.t(f), 2, 0, 'NHWC', 1, mode);
      ctx.expect(y, N.conv2d(x, f, 2, 0, 1, mode), { ...TOL, what: mode });
    }
    assertThrows(() => sp.conv2d(ctx.t(x), ctx.t(f), 2, 'same', 'NHWC', 1, 'ceil'), /conv2d: dimRoundingMode is only allowed with a numeric pad/);
  }),
  defineCase('conv2d: multi-channel hand values (HWIO layout)', (ctx) => {
    const { sp } = ctx;
    // x: 1x1x1x2 = [1, 10]; filter 1x1x2x3: f[0][0][c][o]
    const f = sp.tensor([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
    ctx.expect(sp.conv2d(sp.tensor([1, 10], [1, 1, 1, 2]), f, 1, 'valid'), [1 + 40, 2 + 50, 3 + 60], { shape: [1, 1, 1, 3] });
  }),
  defineCase('conv2d: random configurations vs reference', (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 10; trial++) {
      const c = randomConv(rng);
      const y = sp.conv2d(ctx.t(c.x), ctx.t(c.f), c.strides, c.pad, 'NHWC', c.dilations);
      ctx.expect(y, c.ref, { ...TOL, what: desc(c) });
    }
  }),
  defineCase('conv2d: larger 2x17x19x5 with 5x5x5x7, same and stride 2', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([2, 17, 19, 5], -1, 1);
    const f = rng.tensor([5, 5, 5, 7], -1, 1);
    ctx.expect(sp.conv2d(ctx.t(x), ctx.t(f), 1, 'same'), N.conv2d(x, f, 1, 'same'), { ...TOL, what: 'stride 1' });
    ctx.expect(sp.conv2d(ctx.t(x), ctx.t(f), [2, 3], 'same'), N.conv2d(x, f, [2, 3], 'same'), { ...TOL, what: 'stride [2,3]' });
  }),
  defineCase('conv2d: rank-3 input gives rank-3 output; int32 input is cast', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([4, 4, 2], -1, 1);
    const f = rng.tensor([3, 3, 2, 2], -1, 1);
    const y = sp.conv2d(ctx.t(x), ctx.t(f), 1, 'valid');
    const ref = N.conv2d({ shape: [1, 4, 4, 2], data: x.data }, f, 1, 'valid');
    ctx.expect(y, ref.data, { shape: [2, 2, 2], ...TOL });
    const yi = sp.conv2d(sp.tensor([1, 2, 3, 4], [1, 2, 2, 1], 'int32'), sp.ones([2, 2, 1, 1]), 1, 'valid');
    ctx.expect(yi, [10], { dtype: 'float32', what: 'int32 input' });
  }),
  defineCase('conv2d: a NaN only reaches the outputs whose window covers it', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([NaN, 1, 1, 1, 1, 1, 1, 1, 1], [1, 3, 3, 1]);
    ctx.expect(sp.conv2d(x, sp.ones([2, 2, 1, 1]), 1, 'valid'), [NaN, 4, 4, 4], { shape: [1, 2, 2, 1] });
  }),
  defineCase('conv2d: 1x1 kernel equals a matMul over channels', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([2, 3, 3, 4], -1, 1);
    const f = rng.tensor([1, 1, 4, 5], -1, 1);
    const ref = N.matMul({ shape: [18, 4], data: x.data }, { shape: [4, 5], data: f.data });
    ctx.expect(sp.conv2d(ctx.t(x), ctx.t(f), 1, 'same'), ref.data, { shape: [2, 3, 3, 5], ...TOL });
  }),
  defineCase('conv2d: Tensor method', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.ones([1, 3, 3, 1]).conv2d(sp.ones([3, 3, 1, 1]), 1, 'valid'), [9], { shape: [1, 1, 1, 1] });
  }),
  defineCase('conv2d: argument errors carry the engine messages', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.conv2d(sp.ones([1, 4, 4, 3]), sp.ones([3, 3, 3]), 1, 'same'),
      'conv2d: filter must have rank 4, got rank 3 (shape [3,3,3])');
    assertThrows(() => sp.conv2d(sp.ones([4, 4]), sp.ones([3, 3, 1, 1]), 1, 'same'), 'conv2d: x must have rank 3 or 4, got rank 2 (shape [4,4])');
    assertThrows(() => sp.conv2d(sp.ones([1, 4, 4, 2]), sp.ones([3, 3, 3, 1]), 1, 'same'),
      'conv2d: filter must have 2 input channel(s) in dimension 3 to match x (shape [1,4,4,2]), got shape [3,3,3,1]');
    assertThrows(() => sp.conv2d(sp.ones([1, 5, 5, 1]), sp.ones([2, 2, 1, 1]), 2, 'same', 'NHWC', 2),
      'conv2d: dilations must be 1 when strides are greater than 1 (strides [2,2]), got [2,2]');
    assertThrows(() => sp.conv2d(sp.ones([1, 2, 2, 1]), sp.ones([3, 3, 1, 1]), 1, 'valid'),
      'conv2d: x is too small for the filter: output would be 0×0, got shape [1,2,2,1]');
    assertThrows(() => sp.conv2d(sp.ones([1, 2, 2, 1]), sp.ones([1, 1, 1, 1]), 0, 'valid'), /conv2d: strides must be a positive integer or a pair \[h, w\] of them, got the number 0/);
    assertThrows(() => sp.conv2d(sp.ones([1, 2, 2, 1]), sp.ones([1, 1, 1, 1]), 1, 'full'), /conv2d: pad must be 'same', 'valid', a non-negative integer/);
    assertThrows(() => sp.conv2d(sp.ones([1, 2, 2, 1]), sp.ones([1, 1, 1, 1]), 1, 'valid', 'NCHW'), /conv2d: dataFormat must be 'NHWC' \(channels last\)/);
  }),
];

// ---- depthwise --------------------------------------------------------------------------------

const depthwiseCases = [
  defineCase('depthwiseConv2d: ones (doc example)', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.depthwiseConv2d(sp.ones([1, 3, 3, 2]), sp.ones([3, 3, 2, 1]), 1, 'valid'), [9, 9], { shape: [1, 1, 1, 2] });
  }),
  defineCase('depthwiseConv2d: channel multiplier ordering c·M + m', (ctx) => {
    const { sp } = ctx;
    // x = [1, 10] (two channels), filter f[0][0][c][m] = [[1,2],[3,4]]
    const y = sp.depthwiseConv2d(sp.tensor([1, 10], [1, 1, 1, 2]), sp.tensor([1, 2, 3, 4], [1, 1, 2, 2]), 1, 'valid');
    ctx.expect(y, [1, 2, 30, 40], { shape: [1, 1, 1, 4] });
  }),
  defineCase('depthwiseConv2d: channels do not mix', (ctx) => {
    const { sp } = ctx;
    // channel 0 all ones, channel 1 all 100; 2x2 ones filter per channel, 'same' on 2x2
    const x = sp.tensor([1, 100, 1, 100, 1, 100, 1, 100], [1, 2, 2, 2]);
    const y = sp.depthwiseConv2d(x, sp.ones([2, 2, 2, 1]), 1, 'same');
    ctx.expect(y, [4, 400, 2, 200, 2, 200, 1, 100], { shape: [1, 2, 2, 2] });
  }),
  defineCase('depthwiseConv2d: random configurations vs reference', (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 10; trial++) {
      const c = randomConv(rng, { depthwise: true });
      const y = sp.depthwiseConv2d(ctx.t(c.x), ctx.t(c.f), c.strides, c.pad, 'NHWC', c.dilations);
      ctx.expect(y, c.ref, { ...TOL, what: desc(c) });
    }
  }),
  defineCase('depthwiseConv2d: rank-3 input and the Tensor method', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([5, 5, 3], -1, 1);
    const f = rng.tensor([3, 3, 3, 2], -1, 1);
    const ref = N.depthwiseConv2d({ shape: [1, 5, 5, 3], data: x.data }, f, 2, 'same');
    ctx.expect(sp.depthwiseConv2d(ctx.t(x), ctx.t(f), 2, 'same'), ref.data, { shape: [3, 3, 6], ...TOL });
    ctx.expect(ctx.t(x).depthwiseConv2d(ctx.t(f), 2, 'same'), ref.data, { shape: [3, 3, 6], ...TOL, what: 'method' });
  }),
  defineCase('depthwiseConv2d: filter channel mismatch throws', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.depthwiseConv2d(sp.ones([1, 3, 3, 2]), sp.ones([3, 3, 3, 1]), 1, 'valid'),
      'depthwiseConv2d: filter must have 2 input channel(s) in dimension 3 to match x (shape [1,3,3,2]), got shape [3,3,3,1]');
    assertThrows(() => sp.depthwiseConv2d(sp.ones([1, 3, 3, 2]), sp.ones([3, 3, 2]), 1, 'valid'),
      'depthwiseConv2d: filter must have rank 4, got rank 3 (shape [3,3,2])');
  }),
];

// ---- conv2dTranspose --------------------------------------------------------------------------

const transposeCases = [
  defineCase('conv2dTranspose: stride 2 same, non-overlapping windows (doc example)', (ctx) => {
    const { sp } = ctx;
    const y = sp.conv2dTranspose(sp.ones([1, 2, 2, 1]), sp.ones([2, 2, 1, 1]), [1, 4, 4, 1], 2, 'same');
    ctx.expect(y, new Array(16).fill(1), { shape: [1, 4, 4, 1] });
  }),
  defineCase('conv2dTranspose: stride 1 valid is the full convolution', (ctx) => {
    const { sp } = ctx;
    const y = sp.conv2dTranspose(sp.tensor([1, 2, 3, 4], [1, 2, 2, 1]), sp.ones([2, 2, 1, 1]), [1, 3, 3, 1], 1, 'valid');
    ctx.expect(y, [1, 3, 2, 4, 10, 6, 3, 7, 4], { shape: [1, 3, 3, 1] });
  }),
  defineCase('conv2dTranspose: a single dy value scatters the filter taps', (ctx) => {
    const { sp } = ctx;
    // one dy value, filter [[1,2],[3,4]] → it scatters the filter as is
    const y = sp.conv2dTranspose(sp.tensor([1], [1, 1, 1, 1]), sp.tensor([1, 2, 3, 4], [2, 2, 1, 1]), [1, 2, 2, 1], 1, 'valid');
    ctx.expect(y, [1, 2, 3, 4], { shape: [1, 2, 2, 1] });
    // stride 2 'valid' on 3x3 from 1x1 dy with a 3x3 filter 1..9
    const z = sp.conv2dTranspose(sp.tensor([2], [1, 1, 1, 1]), sp.tensor(iota(9), [3, 3, 1, 1]), [1, 3, 3, 1], 2, 'valid');
    ctx.expect(z, iota(9).map((v) => 2 * v), { shape: [1, 3, 3, 1], what: 'stride 2' });
  }),
  defineCase('conv2dTranspose: random configurations vs adjoint reference', (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 8; trial++) {
      const B = rng.int(1, 2);
      const H = rng.int(2, 7);
      const W = rng.int(2, 7);
      const C = rng.int(1, 3);
      const O = rng.int(1, 3);
      const k = [rng.int(1, 3), rng.int(1, 3)];
      const s = [rng.int(1, 2), rng.int(1, 2)];
      const pad = rng.pick(['same', 'valid', [[0, 0], [1, 0], [0, 1], [0, 0]]]);
      const f = rng.tensor([k[0], k[1], C, O], -1, 1);
      const fwd = N.conv2d(N.T([B, H, W, C], new Array(B * H * W * C).fill(0)), f, s, pad);
      if (fwd.shape[1] <= 0 || fwd.shape[2] <= 0) continue;
      const dy = rng.tensor(fwd.shape, -1, 1);
      const ref = N.conv2dTranspose(dy, f, [B, H, W, C], s, pad);
      const y = sp.conv2dTranspose(ctx.t(dy), ctx.t(f), [B, H, W, C], s, pad);
      ctx.expect(y, ref, { ...TOL, what: `out [${B},${H},${W},${C}] k [${k}] s [${s}] pad ${JSON.stringify(pad)}` });
    }
  }),
  defineCase('conv2dTranspose: <conv2d(x), dy> equals <x, conv2dTranspose(dy)>', async (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([2, 6, 5, 3], -1, 1);
    const f = rng.tensor([3, 2, 3, 4], -1, 1);
    const fwd = sp.conv2d(ctx.t(x), ctx.t(f), 2, 'same');
    const dy = rng.tensor(fwd.shape, -1, 1);
    const back = sp.conv2dTranspose(ctx.t(dy), ctx.t(f), x.shape, 2, 'same');
    const lhs = await ctx.read(sp.sum(sp.mul(fwd, ctx.t(dy))));
    const rhs = await ctx.read(sp.sum(sp.mul(ctx.t(x), back)));
    const naive = N.reducers.sum(N.zip(N.conv2d(x, f, 2, 'same'), dy, N.fn.mul).data);
    ctx.expect(sp.tensor(lhs), [naive], { ...TOL, what: '<conv2d(x), dy>' });
    ctx.expect(sp.tensor(rhs), [naive], { ...TOL, what: '<x, conv2dTranspose(dy)>' });
  }),
  defineCase('conv2dTranspose: rank-3 dy and outputShape without batch', (ctx) => {
    const { sp, rng } = ctx;
    const dy = rng.tensor([2, 2, 2], -1, 1);
    const f = rng.tensor([3, 3, 1, 2], -1, 1);
    const ref = N.conv2dTranspose({ shape: [1, 2, 2, 2], data: dy.data }, f, [1, 4, 4, 1], 2, 'same');
    ctx.expect(sp.conv2dTranspose(ctx.t(dy), ctx.t(f), [4, 4, 1], 2, 'same'), ref.data, { shape: [4, 4, 1], ...TOL });
  }),
  defineCase('conv2dTranspose: inconsistent outputShape throws', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.conv2dTranspose(sp.ones([1, 2, 2, 1]), sp.ones([2, 2, 1, 1]), [1, 5, 5, 1], 2, 'same'),
      "conv2dTranspose: outputShape must be one that a conv2d with these strides and pad maps to x's 2×2, got [1,5,5,1] (maps to 3×3)");
    assertThrows(() => sp.conv2dTranspose(sp.ones([1, 2, 2, 1]), sp.ones([2, 2, 1, 3]), [1, 4, 4, 1], 2, 'same'),
      'conv2dTranspose: filter must have 1 channel(s) in dimension 4 to match x (shape [1,2,2,1]), got shape [2,2,1,3]');
  }),
];

// ---- pools ------------------------------------------------------------------------------------

function randomPool(rng) {
  for (;;) {
    const x = rng.tensor([rng.int(1, 2), rng.int(1, 7), rng.int(1, 7), rng.int(1, 3)], -5, 5);
    const size = [rng.int(1, 3), rng.int(1, 3)];
    const strides = [rng.int(1, 3), rng.int(1, 3)];
    const pad = rng.pick(['same', 'valid', 1, [[0, 0], [rng.int(0, 1), rng.int(0, 1)], [rng.int(0, 1), rng.int(0, 1)], [0, 0]]]);
    // numeric/explicit pads larger than the window would make all-padding windows; keep them out
    if (typeof pad === 'number' && (pad >= size[0] || pad >= size[1])) continue;
    if (Array.isArray(pad) && (pad[1].some((p) => p >= size[0]) || pad[2].some((p) => p >= size[1]))) continue;
    const ref = N.pool(x, 'max', size, strides, pad);
    if (ref.shape[1] > 0 && ref.shape[2] > 0) return { x, size, strides, pad };
  }
}

const poolCases = [
  defineCase('maxPool/avgPool: 2x2 stride 2 valid (doc examples)', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([1, 2, 3, 4], [1, 2, 2, 1]);
    ctx.expect(sp.maxPool(x, 2, 2, 'valid'), [4], { shape: [1, 1, 1, 1], what: 'max' });
    ctx.expect(sp.avgPool(x, 2, 2, 'valid'), [2.5], { shape: [1, 1, 1, 1], what: 'avg' });
  }),
  defineCase("maxPool/avgPool: 'same' padding cells are ignored (avg divides by real cells)", (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor(iota(9), [1, 3, 3, 1]);
    // out 2x2, pad bottom/right 1: windows {1,2,4,5} {3,6} {7,8} {9}
    ctx.expect(sp.maxPool(x, 2, 2, 'same'), [5, 6, 8, 9], { shape: [1, 2, 2, 1], what: 'max' });
    ctx.expect(sp.avgPool(x, 2, 2, 'same'), [3, 4.5, 7.5, 9], { shape: [1, 2, 2, 1], what: 'avg' });
    // 3x3 stride 1 'same' on 3x3: corner windows have 4 real cells
    ctx.expect(sp.avgPool(x, 3, 1, 'same'), [3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7], { shape: [1, 3, 3, 1], what: 'avg 3x3 same' });
  }),
  defineCase('maxPool: all-negative input with padding never returns the pad value 0', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([-1, -2, -3, -4], [1, 2, 2, 1]);
    ctx.expect(sp.maxPool(x, 3, 1, 'same'), [-1, -1, -1, -1], { what: 'same' });
    ctx.expect(sp.maxPool(x, 2, 1, 1), [-1, -1, -2, -1, -1, -2, -3, -3, -4], { shape: [1, 3, 3, 1], what: 'pad 1' });
  }),
  defineCase('maxPool/avgPool: random configurations vs reference', (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 10; trial++) {
      const c = randomPool(rng);
      const what = `x [${c.x.shape}] size [${c.size}] strides [${c.strides}] pad ${JSON.stringify(c.pad)}`;
      ctx.expect(sp.maxPool(ctx.t(c.x), c.size, c.strides, c.pad), N.pool(c.x, 'max', c.size, c.strides, c.pad), { rtol: 0, atol: 0, what: `max ${what}` });
      ctx.expect(sp.avgPool(ctx.t(c.x), c.size, c.strides, c.pad), N.pool(c.x, 'avg', c.size, c.strides, c.pad), { ...TOL, what: `avg ${what}` });
    }
  }),
  defineCase('maxPool/avgPool: rank-3 input, channels independent, methods', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([4, 5, 3], -1, 1);
    const x4 = { shape: [1, 4, 5, 3], data: x.data };
    ctx.expect(sp.maxPool(ctx.t(x), [2, 3], [2, 1], 'same'), N.pool(x4, 'max', [2, 3], [2, 1], 'same').data, { shape: [2, 5, 3], what: 'max' });
    ctx.expect(ctx.t(x).avgPool(3, 2, 'valid'), N.pool(x4, 'avg', 3, 2, 'valid').data, { shape: [1, 2, 3], ...TOL, what: 'avg method' });
    ctx.expect(ctx.t(x).maxPool(2, 2, 'valid'), N.pool(x4, 'max', 2, 2, 'valid').data, { shape: [2, 2, 3], what: 'max method' });
  }),
  defineCase('maxPool/avgPool: dimRoundingMode ceil', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([1, 5, 5, 2], -1, 1);
    ctx.expect(sp.maxPool(ctx.t(x), 2, 2, 0, 'ceil'), N.pool(x, 'max', 2, 2, 0, 1, 'ceil'), { what: 'max' });
    ctx.expect(sp.avgPool(ctx.t(x), 2, 2, 0, 'ceil'), N.pool(x, 'avg', 2, 2, 0, 1, 'ceil'), { ...TOL, what: 'avg' });
  }),
  defineCase('maxPool/avgPool: argument errors', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.maxPool(sp.ones([1, 2, 2, 1]), 0, 1, 'valid'), 'maxPool: filterSize must be a positive integer or a pair [h, w] of them, got the number 0');
    assertThrows(() => sp.avgPool(sp.ones([2, 2]), 2, 2, 'valid'), 'avgPool: x must have rank 3 or 4, got rank 2 (shape [2,2])');
    assertThrows(() => sp.maxPool(sp.ones([1, 2, 2, 1]), 3, 1, 'valid'), 'maxPool: x is too small for the filter: output would be 0×0, got shape [1,2,2,1]');
  }),
];

// ---- batchNorm --------------------------------------------------------------------------------

const batchNormCases = [
  defineCase('batchNorm: hand values (doc example) and epsilon', (ctx) => {
    const { sp } = ctx;
    const s = 1 / Math.sqrt(1.001);
    ctx.expect(sp.batchNorm([1, 3], [2], [1]), [-s, s], { what: 'default epsilon 0.001' });
    ctx.expect(sp.batchNorm([1, 3], [2], [4], [10], [2], 0), [9, 11], { what: 'offset 10, scale 2, eps 0' });
  }),
  defineCase('batchNorm: random NHWC with per-channel parameters vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([2, 3, 3, 4], -3, 3);
    const mean = rng.tensor([4], -1, 1);
    const variance = rng.tensor([4], 0.1, 2);
    const offset = rng.tensor([4], -1, 1);
    const scale = rng.tensor([4], 0.5, 2);
    ctx.expect(sp.batchNorm(ctx.t(x), ctx.t(mean), ctx.t(variance), ctx.t(offset), ctx.t(scale), 0.01),
      N.batchNorm(x, mean, variance, offset, scale, 0.01), { ...TOL, what: 'all params' });
    ctx.expect(sp.batchNorm(ctx.t(x), ctx.t(mean), ctx.t(variance)), N.batchNorm(x, mean, variance), { ...TOL, what: 'no offset/scale' });
    ctx.expect(sp.batchNorm(ctx.t(x), ctx.t(mean), ctx.t(variance), undefined, ctx.t(scale)),
      N.batchNorm(x, mean, variance, undefined, scale), { ...TOL, what: 'scale only' });
    ctx.expect(ctx.t(x).batchNorm(ctx.t(mean), ctx.t(variance), ctx.t(offset)), N.batchNorm(x, mean, variance, offset), { ...TOL, what: 'method' });
  }),
  defineCase('batchNorm: parameters of rank greater than x throw', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.batchNorm([1, 2], [[0, 0]], [1]), 'batchNorm: mean must have rank ≤ 1 (the rank of x), got rank 2 (shape [1,2])');
  }),
];

// ---- fused conv -------------------------------------------------------------------------------

const fusedConvCases = [
  ...ACTIVATIONS.map((activation) =>
    defineCase(`fused.conv2d: bias + ${activation} vs reference`, (ctx) => {
      const { sp, rng } = ctx;
      const x = rng.tensor([2, 5, 4, 3], -1, 1);
      const f = rng.tensor([3, 3, 3, 4], -1, 1);
      const bias = rng.tensor([4], -1, 1);
      const alpha = rng.tensor([4], 0, 1);
      const cfg = { x: ctx.t(x), filter: ctx.t(f), strides: 1, pad: 'same', bias: ctx.t(bias), activation };
      if (activation === 'prelu') cfg.preluActivationWeights = ctx.t(alpha);
      if (activation === 'leakyrelu') cfg.leakyreluAlpha = 0.05;
      const ref = N.activate(N.zip(N.conv2d(x, f, 1, 'same'), bias, N.fn.add), activation, { alpha, leakyreluAlpha: 0.05 });
      ctx.expect(sp.fused.conv2d(cfg), ref, { ...TOL, what: activation });
    })),
  ...ACTIVATIONS.map((activation) =>
    defineCase(`fused.depthwiseConv2d: bias + ${activation} vs reference`, (ctx) => {
      const { sp, rng } = ctx;
      const x = rng.tensor([1, 6, 5, 2], -1, 1);
      const f = rng.tensor([3, 2, 2, 2], -1, 1);
      const bias = rng.tensor([4], -1, 1);
      const alpha = rng.tensor([4], 0, 1);
      const cfg = { x: ctx.t(x), filter: ctx.t(f), strides: 2, pad: 'same', bias: ctx.t(bias), activation };
      if (activation === 'prelu') cfg.preluActivationWeights = ctx.t(alpha);
      const ref = N.activate(N.zip(N.depthwiseConv2d(x, f, 2, 'same'), bias, N.fn.add), activation, { alpha });
      ctx.expect(sp.fused.depthwiseConv2d(cfg), ref, { ...TOL, what: activation });
    })),
  defineCase('fused.conv2d: no bias, dilations, explicit pad, and a full-shape bias', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([1, 6, 6, 2], -1, 1);
    const f = rng.tensor([2, 2, 2, 3], -1, 1);
    const pad = [[0, 0], [1, 2], [0, 1], [0, 0]];
    const conv = N.conv2d(x, f, 1, pad, 2);
    ctx.expect(sp.fused.conv2d({ x: ctx.t(x), filter: ctx.t(f), strides: 1, pad, dilations: 2, activation: 'relu' }),
      N.map(conv, N.fn.relu), { ...TOL, what: 'no bias, relu' });
    const bias = rng.tensor(conv.shape.slice(1), -1, 1);
    ctx.expect(sp.fused.conv2d({ x: ctx.t(x), filter: ctx.t(f), strides: 1, pad, dilations: 2, bias: ctx.t(bias), activation: 'sigmoid' }),
      N.map(N.zip(conv, bias, N.fn.add), N.fn.sigmoid), { ...TOL, what: 'bias [outH,outW,outC] (not fusable)' });
    ctx.expect(sp.fused.conv2d({ x: ctx.t(x), filter: ctx.t(f), strides: 1, pad: 'valid', bias: sp.scalar(-0.25) }),
      N.zip(N.conv2d(x, f, 1, 'valid'), N.T([], [-0.25]), N.fn.add), { ...TOL, what: 'scalar bias, default linear' });
  }),
  defineCase('fused.conv2d: prelu without weights throws', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.fused.conv2d({ x: sp.ones([1, 3, 3, 1]), filter: sp.ones([1, 1, 1, 1]), strides: 1, pad: 'same', activation: 'prelu' }),
      "fused.conv2d: preluActivationWeights must be given with activation 'prelu', got undefined");
    assertThrows(() => sp.fused.depthwiseConv2d({ x: sp.ones([1, 3, 3, 1]), filter: sp.ones([1, 1, 1]), strides: 1, pad: 'same' }),
      'fused.depthwiseConv2d: filter must have rank 4, got rank 3 (shape [1,1,1])');
    assertShape(sp.fused.conv2d({ x: sp.ones([3, 3, 1]), filter: sp.ones([1, 1, 1, 2]), strides: 1, pad: 'same' }), [3, 3, 2], 'rank-3 x');
  }),
];

export const convCases = [
  ...conv2dCases,
  ...depthwiseCases,
  ...transposeCases,
  ...poolCases,
  ...batchNormCases,
  ...fusedConvCases,
];
