// Layout ops: reshape, flatten, transpose, expandDims, squeeze, concat, stack, unstack, split,
// slice, gather, tile, pad, broadcastTo, clone.
import { assert, assertDtype, assertShape, assertThrows } from './assert.js';
import { defineCase } from './util.js';
import * as N from '../reference/naive.js';

const EXACT = { rtol: 0, atol: 0 };

function randomPerm(rng, n) {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

const reshapeCases = [
  defineCase('reshape: -1 is inferred; values keep row-major order', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.reshape([1, 2, 3, 4], [2, -1]), [[1, 2], [3, 4]], { shape: [2, 2] });
    ctx.expect(sp.reshape(sp.tensor([[1, 2, 3], [4, 5, 6]]), [3, 2]), [1, 2, 3, 4, 5, 6], { shape: [3, 2], what: '[2,3] → [3,2]' });
    ctx.expect(sp.reshape(sp.scalar(7), [1, 1, 1]), [7], { shape: [1, 1, 1], what: 'scalar → [1,1,1]' });
    ctx.expect(sp.reshape(sp.tensor([5]), []), [5], { shape: [], what: '[1] → scalar' });
    ctx.expect(sp.reshape(sp.zeros([0, 3]), [-1, 3]), [], { shape: [0, 3], what: 'empty with -1' });
    ctx.expect(sp.reshape(sp.tensor([1, 2, 3, 4], [4], 'int32'), [2, 2]), [1, 2, 3, 4], { dtype: 'int32', what: 'int32 kept' });
  }),
  defineCase('reshape/flatten/as1D: methods', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([[1, 2], [3, 4]]);
    ctx.expect(x.reshape([4]), [1, 2, 3, 4], { shape: [4], what: 'reshape' });
    ctx.expect(x.flatten(), [1, 2, 3, 4], { shape: [4], what: 'flatten' });
    ctx.expect(x.as1D(), [1, 2, 3, 4], { shape: [4], what: 'as1D' });
    ctx.expect(sp.flatten(sp.ones([2, 0, 3])), [], { shape: [0], what: 'flatten empty' });
    ctx.expect(sp.flatten(sp.scalar(3)), [3], { shape: [1], what: 'flatten scalar' });
  }),
  defineCase('reshape: bad shapes throw', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.reshape([1, 2, 3, 4], [3]), 'reshape: shape must have 4 element(s) like [4], got [3] (3 elements)');
    assertThrows(() => sp.reshape([1, 2, 3, 4], [-1, -1]), 'reshape: shape may contain only one -1 and no other negative size, got [-1,-1]');
    assertThrows(() => sp.reshape([1, 2, 3], [2, -1]), 'reshape: shape must fit 3 element(s) of shape [3], got [2,-1]');
    assertThrows(() => sp.reshape(sp.ones([1]), [1, 1, 1, 1, 1, 1, 1]), /reshape: shape must have at most 6 dimensions/);
  }),
];

const transposeCases = [
  defineCase('transpose: 2x3 hand values and default reversed perm', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.transpose([[1, 2, 3], [4, 5, 6]]), [[1, 4], [2, 5], [3, 6]], { shape: [3, 2] });
    const x = sp.tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    // default perm [2,1,0]: y[k][j][i] = x[i][j][k]
    ctx.expect(sp.transpose(x), [1, 5, 3, 7, 2, 6, 4, 8], { shape: [2, 2, 2], what: 'rank 3 reversed' });
    ctx.expect(x.transpose([0, 2, 1]), [1, 3, 2, 4, 5, 7, 6, 8], { shape: [2, 2, 2], what: 'method perm [0,2,1]' });
  }),
  defineCase('transpose: random ranks 1-5 and perms vs reference', (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 8; trial++) {
      const shape = rng.shape(rng.int(1, 5), 1, 4);
      const x = rng.tensor(shape, -1, 1);
      const perm = randomPerm(rng, shape.length);
      ctx.expect(sp.transpose(ctx.t(x), perm), N.transpose(x, perm), { ...EXACT, what: `[${shape}] perm [${perm}]` });
    }
  }),
  defineCase('transpose: size-1 dims, int32/bool dtypes and empty tensors', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.intTensor([1, 3, 1, 2], -9, 9);
    ctx.expect(sp.transpose(ctx.t(x, 'int32'), [2, 0, 3, 1]), N.transpose(x, [2, 0, 3, 1]), { dtype: 'int32', what: 'moves only size-1 dims' });
    ctx.expect(sp.transpose(ctx.t(x, 'int32'), [3, 1, 0, 2]), N.transpose(x, [3, 1, 0, 2]), { dtype: 'int32', what: 'real permutation' });
    ctx.expect(sp.transpose(sp.tensor([[true, false, true]])), [1, 0, 1], { dtype: 'bool', shape: [3, 1], what: 'bool' });
    ctx.expect(sp.transpose(sp.zeros([2, 0, 3]), [2, 0, 1]), [], { shape: [3, 2, 0], what: 'empty' });
  }),
  defineCase('transpose: a perm that is not a permutation throws', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.transpose(sp.ones([2, 2]), [0, 0]), 'transpose: perm must be a permutation of [0..1], got [0,0]');
    assertThrows(() => sp.transpose(sp.ones([2, 2]), [0]), /transpose: perm must be an array of 2 integers/);
  }),
];

const dimsCases = [
  defineCase('expandDims: axes 0, 1, -1 and the method', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.expandDims([1, 2]), [1, 2], { shape: [1, 2], what: 'default axis 0' });
    ctx.expect(sp.expandDims([1, 2], 1), [1, 2], { shape: [2, 1], what: 'axis 1' });
    ctx.expect(sp.expandDims(sp.ones([2, 3]), -1), new Array(6).fill(1), { shape: [2, 3, 1], what: 'axis -1' });
    ctx.expect(sp.expandDims(sp.scalar(4)), [4], { shape: [1], what: 'scalar' });
    ctx.expect(sp.tensor([[1, 2]]).expandDims(1), [1, 2], { shape: [1, 1, 2], what: 'method' });
    assertThrows(() => sp.expandDims([1, 2], 3), /expandDims: axis must be an integer in \[-2, 1\]/);
  }),
  defineCase('squeeze: all size-1 dims or the listed ones', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.squeeze([[1], [2]]), [1, 2], { shape: [2] });
    ctx.expect(sp.squeeze(sp.ones([1, 2, 1, 3, 1])), new Array(6).fill(1), { shape: [2, 3], what: 'all' });
    ctx.expect(sp.squeeze(sp.ones([1, 2, 1, 3, 1]), [0, -1]), new Array(6).fill(1), { shape: [2, 1, 3], what: 'listed' });
    ctx.expect(sp.ones([1, 1]).squeeze(), [1], { shape: [], what: 'method → scalar' });
    assertThrows(() => sp.squeeze(sp.ones([2, 1]), 0), 'squeeze: axis must name dimensions of size 1 (shape [2,1]), got axis 0 of size 2');
  }),
];

const joinCases = [
  defineCase('concat: hand values along each axis', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.concat([[1, 2], [3]]), [1, 2, 3], { shape: [3], what: '1-D' });
    const a = sp.tensor([[1, 2], [3, 4]]);
    const b = sp.tensor([[5, 6]]);
    ctx.expect(sp.concat([a, b]), [[1, 2], [3, 4], [5, 6]], { shape: [3, 2], what: 'axis 0' });
    ctx.expect(sp.concat([a, sp.tensor([[7], [8]])], 1), [[1, 2, 7], [3, 4, 8]], { shape: [2, 3], what: 'axis 1' });
    ctx.expect(sp.concat([a, a], -1), [[1, 2, 1, 2], [3, 4, 3, 4]], { shape: [2, 4], what: 'axis -1' });
    ctx.expect(a.concat(b), [[1, 2], [3, 4], [5, 6]], { shape: [3, 2], what: 'method' });
    ctx.expect(a.concat([a, a], 1), [[1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4]], { shape: [2, 6], what: 'method with a list' });
  }),
  defineCase('concat: random pieces along a random axis vs reference', (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 5; trial++) {
      const base = rng.shape(rng.int(1, 4), 1, 3);
      const axis = rng.int(-base.length, base.length - 1);
      const a = axis < 0 ? axis + base.length : axis;
      const pieces = Array.from({ length: rng.int(2, 4) }, () => {
        const s = base.slice();
        s[a] = rng.int(0, 3);
        return rng.tensor(s, -1, 1);
      });
      ctx.expect(sp.concat(pieces.map((p) => ctx.t(p)), axis), N.concat(pieces, axis), { ...EXACT, what: `axis ${axis} of [${pieces.map((p) => `[${p.shape}]`)}]` });
    }
  }),
  defineCase('concat: empty pieces, dtype promotion and a single tensor', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.concat([sp.zeros([0, 2]), sp.ones([1, 2])]), [1, 1], { shape: [1, 2], what: 'empty piece' });
    ctx.expect(sp.concat([sp.zeros([0, 2]), sp.zeros([0, 2])]), [], { shape: [0, 2], what: 'all empty' });
    ctx.expect(sp.concat([sp.zeros([2, 0]), sp.zeros([2, 0])], 1), [], { shape: [2, 0], what: 'all empty along axis' });
    ctx.expect(sp.concat([sp.tensor([1], [1], 'int32'), sp.tensor([0.5])]), [1, 0.5], { dtype: 'float32', what: 'int32 + float32' });
    ctx.expect(sp.concat([sp.tensor([true]), sp.tensor([2], [1], 'int32')]), [1, 2], { dtype: 'int32', what: 'bool + int32' });
    ctx.expect(sp.concat([sp.tensor([true]), sp.tensor([false])]), [1, 0], { dtype: 'bool', what: 'bool + bool' });
    ctx.expect(sp.concat([sp.tensor([3, 4])]), [3, 4], { shape: [2], what: 'single' });
  }),
  defineCase('concat: shape mismatch and scalars throw', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.concat([sp.ones([2, 2]), sp.ones([1, 3])]),
      'concat: tensors[1] must have shape [*,2] (all but axis 0 equal to tensors[0]), got [1,3]');
    assertThrows(() => sp.concat([sp.scalar(1), sp.scalar(2)]),
      'concat: tensors must have rank ≥ 1 (scalars cannot be concatenated; use stack), got rank 0');
    assertThrows(() => sp.concat([]), /concat: tensors must be a non-empty array of tensors/);
  }),
  defineCase('stack: new axis at 0, 1, -1; scalars; vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.stack([[1, 2], [3, 4]]), [[1, 2], [3, 4]], { shape: [2, 2], what: 'axis 0' });
    ctx.expect(sp.stack([[1, 2], [3, 4]], 1), [[1, 3], [2, 4]], { shape: [2, 2], what: 'axis 1' });
    ctx.expect(sp.stack([sp.scalar(1), sp.scalar(2), sp.scalar(3)]), [1, 2, 3], { shape: [3], what: 'scalars' });
    const xs = [0, 1, 2].map(() => rng.tensor([2, 3], -1, 1));
    for (const axis of [0, 1, 2, -1, -2]) {
      ctx.expect(sp.stack(xs.map((x) => ctx.t(x)), axis), N.stack(xs, axis), { ...EXACT, what: `axis ${axis}` });
    }
    ctx.expect(ctx.t(xs[0]).stack(ctx.t(xs[1]), 1), N.stack([xs[0], xs[1]], 1), { ...EXACT, what: 'method' });
    assertThrows(() => sp.stack([sp.ones([2]), sp.ones([3])]), 'stack: tensors[1] must have the shape of tensors[0] ([2]), got [3]');
  }),
  defineCase('unstack: along axes 0 and 1', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([[1, 2, 3], [4, 5, 6]]);
    const rows = sp.unstack(x);
    assert(rows.length === 2, `unstack gives ${rows.length} tensors, expected 2`);
    ctx.expect(rows[0], [1, 2, 3], { shape: [3], what: 'row 0' });
    ctx.expect(rows[1], [4, 5, 6], { shape: [3], what: 'row 1' });
    const cols = x.unstack(1);
    assert(cols.length === 3, `unstack(1) gives ${cols.length} tensors, expected 3`);
    cols.forEach((c, i) => ctx.expect(c, [i + 1, i + 4], { shape: [2], what: `col ${i}` }));
    assert(sp.unstack(sp.zeros([0, 2])).length === 0, 'unstack of an empty axis gives []');
  }),
  defineCase('split: equal parts, sizes with -1, along an axis', (ctx) => {
    const { sp, rng } = ctx;
    const parts = sp.split([1, 2, 3, 4], 2);
    assert(parts.length === 2, 'two parts');
    ctx.expect(parts[0], [1, 2], { shape: [2], what: 'part 0' });
    ctx.expect(parts[1], [3, 4], { shape: [2], what: 'part 1' });
    const x = rng.tensor([2, 7], -1, 1);
    const s = sp.split(ctx.t(x), [2, -1, 1], 1);
    assert(s.length === 3, 'three parts');
    ctx.expect(s[0], N.slice(x, [0, 0], [2, 2]), { ...EXACT, what: 'sizes part 0' });
    ctx.expect(s[1], N.slice(x, [0, 2], [2, 4]), { ...EXACT, what: 'sizes part 1 (-1 → 4)' });
    ctx.expect(s[2], N.slice(x, [0, 6], [2, 1]), { ...EXACT, what: 'sizes part 2' });
    const m = ctx.t(x).split(1, 0);
    ctx.expect(m[0], x, { ...EXACT, what: 'method, one part' });
    const z = sp.split(ctx.t(x), [0, 7], 1);
    ctx.expect(z[0], [], { shape: [2, 0], what: 'empty part' });
    assertThrows(() => sp.split([1, 2, 3, 4, 5], 2), 'split: numOrSizeSplits must divide the axis size 5, got 2');
    assertThrows(() => sp.split([1, 2, 3], [1, 1]), /split: numOrSizeSplits must add up to the axis size 3/);
  }),
];

const sliceGatherCases = [
  defineCase('slice: hand values (doc example), number begin, size -1', (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([[1, 2, 3], [4, 5, 6]]);
    ctx.expect(sp.slice(x, [0, 1], [2, 2]), [[2, 3], [5, 6]], { shape: [2, 2] });
    ctx.expect(sp.slice(x, 1), [[4, 5, 6]], { shape: [1, 3], what: 'begin number' });
    ctx.expect(sp.slice(x, [0, 1], [-1, 1]), [[2], [5]], { shape: [2, 1], what: 'size -1' });
    ctx.expect(sp.slice([1, 2, 3, 4], 1, 2), [2, 3], { shape: [2], what: '1-D' });
    ctx.expect(sp.slice(x, [1, 3], [1, 0]), [], { shape: [1, 0], what: 'empty at the end' });
    ctx.expect(x.slice([1, 0], [1, 2]), [[4, 5]], { shape: [1, 2], what: 'method' });
  }),
  defineCase('slice: random boxes vs reference', (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 8; trial++) {
      const shape = rng.shape(rng.int(1, 4), 1, 5);
      const x = rng.tensor(shape, -1, 1);
      const begin = shape.map((d) => rng.int(0, d));
      const size = shape.map((d, i) => (rng.next() < 0.2 ? -1 : rng.int(0, d - begin[i])));
      ctx.expect(sp.slice(ctx.t(x), begin, size), N.slice(x, begin, size), { ...EXACT, what: `[${shape}] begin [${begin}] size [${size}]` });
    }
  }),
  defineCase('slice: int32 and bool keep their dtype', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.slice(sp.tensor([5, 6, 7], [3], 'int32'), 1), [6, 7], { dtype: 'int32', what: 'int32' });
    ctx.expect(sp.slice(sp.tensor([true, false, true]), 1, 1), [0], { dtype: 'bool', what: 'bool' });
  }),
  defineCase('slice: out-of-range begin/size throw', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.slice([1, 2, 3], 4), 'slice: begin must be in [0, 3] at axis 0 (shape [3]), got 4');
    assertThrows(() => sp.slice([1, 2, 3], 1, 3), 'slice: size must fit in the tensor at axis 0 (begin 1, dimension 3), got 3');
    assertThrows(() => sp.slice(sp.scalar(1), 0), 'slice: x must have rank ≥ 1, got rank 0 (a scalar)');
  }),
  defineCase('gather: hand values along axis 0 and 1', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.gather([10, 20, 30], [2, 0]), [30, 10], { shape: [2] });
    const x = sp.tensor([[1, 2, 3], [4, 5, 6]]);
    ctx.expect(sp.gather(x, [1, 1, 0]), [[4, 5, 6], [4, 5, 6], [1, 2, 3]], { shape: [3, 3], what: 'rows, repeated' });
    ctx.expect(sp.gather(x, [2, 0], 1), [[3, 1], [6, 4]], { shape: [2, 2], what: 'axis 1' });
    ctx.expect(sp.gather(x, [0], -1), [[1], [4]], { shape: [2, 1], what: 'axis -1' });
    ctx.expect(x.gather(sp.tensor([1], [1], 'int32')), [[4, 5, 6]], { shape: [1, 3], what: 'method, int32 indices' });
    ctx.expect(sp.gather(x, sp.tensor([], [0], 'int32')), [], { shape: [0, 3], what: 'no indices' });
  }),
  defineCase('gather: 2-D indices and random vs reference', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([3, 4, 2], -1, 1);
    for (const axis of [0, 1, 2]) {
      const idx = rng.intTensor([2, 3], 0, x.shape[axis] - 1);
      ctx.expect(sp.gather(ctx.t(x), ctx.t(idx, 'int32'), axis), N.gather(x, idx, axis), { ...EXACT, what: `axis ${axis}` });
    }
    const xi = rng.intTensor([5], -100, 100);
    const idx = N.T([4], [4, 0, 4, 2]);
    ctx.expect(sp.gather(ctx.t(xi, 'int32'), idx.data), N.gather(xi, idx, 0), { dtype: 'int32', what: 'int32 data' });
  }),
  defineCase('gather: out-of-range and non-integer indices throw', (ctx) => {
    const { sp } = ctx;
    if (sp.ENGINE.backend().readSync) {
      assertThrows(() => sp.gather([1, 2, 3], [0, 3]), 'gather: indices must be in [0, 2] (axis 0 has size 3), got 3 at position 2');
      assertThrows(() => sp.gather([1, 2, 3], [-1]), 'gather: indices must be in [0, 2] (axis 0 has size 3), got -1 at position 1');
    }
    assertThrows(() => sp.gather([1, 2, 3], sp.tensor([0.5])), 'gather: indices must be integers, got dtype float32');
  }),
];

const repeatCases = [
  defineCase('tile: hand values and reps 0', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.tile([1, 2], [2]), [1, 2, 1, 2], { shape: [4] });
    ctx.expect(sp.tile([[1, 2], [3, 4]], [2, 3]), [[1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4], [1, 2, 1, 2, 1, 2], [3, 4, 3, 4, 3, 4]], { shape: [4, 6], what: '2-D' });
    ctx.expect(sp.tile([[1, 2]], [0, 2]), [], { shape: [0, 4], what: 'reps 0' });
    ctx.expect(sp.tensor([true, false]).tile([2]), [1, 0, 1, 0], { dtype: 'bool', what: 'method, bool' });
  }),
  defineCase('tile: random vs reference', (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 4; trial++) {
      const shape = rng.shape(rng.int(1, 4), 1, 3);
      const reps = shape.map(() => rng.int(1, 3));
      const x = rng.intTensor(shape, -50, 50);
      ctx.expect(sp.tile(ctx.t(x, 'int32'), reps), N.tile(x, reps), { dtype: 'int32', what: `[${shape}] reps [${reps}]` });
    }
    assertThrows(() => sp.tile(sp.ones([2, 2]), [1, -1]), 'tile: reps must be non-negative, got [1,-1]');
    assertThrows(() => sp.tile(sp.ones([2, 2]), [2]), /tile: reps must be an array of 2 integers/);
  }),
  defineCase('pad: hand values (doc example) and constant value', (ctx) => {
    const { sp } = ctx;
    ctx.expect(sp.pad([1, 2], [[1, 2]]), [0, 1, 2, 0, 0], { shape: [5] });
    ctx.expect(sp.pad([[1, 2], [3, 4]], [[1, 0], [0, 1]], -1), [[-1, -1, -1], [1, 2, -1], [3, 4, -1]], { shape: [3, 3], what: '2-D, -1' });
    ctx.expect(sp.pad(sp.tensor([5], [1], 'int32'), [[0, 2]], 7), [5, 7, 7], { dtype: 'int32', what: 'int32' });
    ctx.expect(sp.pad(sp.zeros([0, 2]), [[1, 0], [0, 0]], 3), [3, 3], { shape: [1, 2], what: 'pad an empty tensor' });
    ctx.expect(sp.tensor([1]).pad([[1, 1]], NaN), [NaN, 1, NaN], { what: 'method, NaN constant' });
    assertThrows(() => sp.pad([1, 2], [[1]]), 'pad: paddings must be 1 pair(s) [before, after] of non-negative integers (one per axis), got [[1]]');
  }),
  defineCase('pad: random vs reference', (ctx) => {
    const { sp, rng } = ctx;
    for (let trial = 0; trial < 4; trial++) {
      const shape = rng.shape(rng.int(1, 4), 1, 3);
      const paddings = shape.map(() => [rng.int(0, 2), rng.int(0, 2)]);
      const x = rng.tensor(shape, -1, 1);
      ctx.expect(sp.pad(ctx.t(x), paddings, 0.5), N.pad(x, paddings, 0.5), { ...EXACT, what: `[${shape}] ${JSON.stringify(paddings)}` });
    }
  }),
  defineCase('broadcastTo: hand values, rank growth, random vs reference', (ctx) => {
    const { sp, rng } = ctx;
    ctx.expect(sp.broadcastTo([1, 2], [2, 2]), [[1, 2], [1, 2]], { shape: [2, 2] });
    ctx.expect(sp.broadcastTo([[1], [2]], [2, 3]), [[1, 1, 1], [2, 2, 2]], { shape: [2, 3], what: 'column' });
    ctx.expect(sp.broadcastTo(sp.scalar(5), [2, 1, 2]), [5, 5, 5, 5], { shape: [2, 1, 2], what: 'scalar' });
    const x = rng.tensor([3, 1], -1, 1);
    ctx.expect(ctx.t(x).broadcastTo([2, 3, 4]), N.broadcastTo(x, [2, 3, 4]), { ...EXACT, what: 'method' });
    assertThrows(() => sp.broadcastTo(sp.ones([2, 3]), [2, 4]), 'broadcastTo: shape must be reachable from [2,3] (each dimension equal or from 1), got [2,4]');
  }),
  defineCase('clone: same values, a new tensor that outlives the original', async (ctx) => {
    const { sp } = ctx;
    const x = sp.tensor([1, 2, 3], [3], 'int32');
    const c = sp.clone(x);
    assert(c !== x && c.id !== x.id, 'clone is a new tensor');
    assertDtype(c, 'int32');
    assertShape(c, [3]);
    x.dispose();
    ctx.expect(c, [1, 2, 3], { what: 'clone after disposing the original' });
    ctx.expect(c.clone(), [1, 2, 3], { what: 'method' });
  }),
];

export const transformCases = [
  ...reshapeCases,
  ...transposeCases,
  ...dimsCases,
  ...joinCases,
  ...sliceGatherCases,
  ...repeatCases,
];
