import { sizeOf, stridesOf } from '../../core/shape.js';
import {
  ENGINE, cumsum, gatherND, pad, reshape, reverse, scatterND, slice, sum, transpose,
  type Tensor,
} from '../../tensor/index.js';
import { registerGradient } from '../registry.js';

registerGradient('Reshape', ([dy], { inputs: [x] }) => [reshape(dy, x.shape)]);
registerGradient('Transpose', ([dy], { attrs }) => {
  const perm = attrs.perm as number[];
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => { inv[p] = i; });
  return [transpose(dy, inv)];
});
registerGradient('Slice', ([dy], { inputs: [x], attrs }) => {
  const begin = attrs.begin as number[], size = attrs.size as number[];
  return [pad(dy, x.shape.map((d, i) => [begin[i], d - begin[i] - size[i]] as [number, number]))];
});
registerGradient('Concat', ([dy], { inputs }) => {
  let col = 0;
  return inputs.map((t) => {
    const g = slice(dy, [0, col], [dy.shape[0], t.shape[1]]);
    col += t.shape[1];
    return g;
  });
});
registerGradient('Pad', ([dy], { inputs: [x], attrs }) => {
  const paddings = attrs.paddings as [number, number][];
  return [slice(dy, paddings.map((p) => p[0]), x.shape)];
});
// Gather: x [outer, n, inner], indices [m], dy [outer, m, inner]: each dy row is added back at its
// index (a scatter, O(dy) work; a one-hot matMul would cost n·m·inner per outer row).
registerGradient('Gather', ([dy], { inputs: [x, indices] }) => {
  const [outer, n, inner] = x.shape;
  const m = indices.size;
  if (outer === 1) return [reshape(scatterND(reshape(indices, [m, 1]), reshape(dy, [m, inner]), [n, inner]), x.shape), null];
  const rows = transpose(dy, [1, 0, 2]); // [m, outer, inner]
  return [transpose(scatterND(reshape(indices, [m, 1]), rows, [n, outer, inner]), [1, 0, 2]), null];
});
// Tile: fold each repeated axis back by summing its copies.
registerGradient('Tile', ([dy], { inputs: [x], attrs }) => {
  const reps = attrs.reps as number[];
  let g = dy;
  x.shape.forEach((d, i) => {
    if (reps[i] === 1) return;
    const before = sizeOf(g.shape.slice(0, i)), after = sizeOf(g.shape.slice(i + 1));
    g = reshape(sum(reshape(g, [before, reps[i], d, after]), 1), [...g.shape.slice(0, i), d, ...g.shape.slice(i + 1)]);
  });
  return [g];
});
registerGradient('Reverse', ([dy], { attrs }) => [reverse(dy, attrs.axes as number[])]);
registerGradient('Cumsum', ([dy], { attrs }) => [cumsum(dy, 1, attrs.exclusive as boolean, !(attrs.reverse as boolean))]);
registerGradient('GatherNd', ([dy], { inputs: [x, indices] }) => [scatterND(indices, reshape(dy, [indices.shape[0], ...x.shape.slice(indices.shape[1])]), x.shape), null]);
registerGradient('ScatterNd', ([dy], { inputs: [indices, updates] }) => [null, reshape(gatherND(dy, indices), updates.shape)]);
for (const name of ['OneHot']) registerGradient(name, () => [null]);

/**
 * Gradient of a kernel that copies input elements to output positions (StridedSlice, MirrorPad):
 * the flat source index of every output element is computed in plain arithmetic, and dy is
 * scattered back (copies of one element add up).
 */
function scatterBack(dy: Tensor, x: Tensor, sourceOf: (outIndex: number[]) => number[]): Tensor {
  const outShape = dy.shape;
  const n = dy.size;
  const xStrides = stridesOf(x.shape);
  const flat = new Int32Array(n);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < n; i++) {
    const src = sourceOf(idx);
    let f = 0;
    for (let d = 0; d < src.length; d++) f += src[d] * xStrides[d];
    flat[i] = f;
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  const indices = ENGINE.makeTensor(flat, [n, 1], 'int32');
  return reshape(scatterND(indices, reshape(dy, [n]), [x.size]), x.shape);
}

registerGradient('StridedSlice', ([dy], { inputs: [x], attrs }) => {
  const begin = attrs.begin as number[], strides = attrs.strides as number[];
  return [scatterBack(dy, x, (o) => o.map((v, d) => begin[d] + v * strides[d]))];
});
registerGradient('MirrorPad', ([dy], { inputs: [x], attrs }) => {
  const paddings = attrs.paddings as [number, number][];
  const offset = attrs.mode === 'reflect' ? 0 : 1;
  return [scatterBack(dy, x, (o) => o.map((v, d) => {
    const size = x.shape[d];
    let c = v - paddings[d][0];
    if (c < 0) c = -c - offset;
    else if (c >= size) c = 2 * size - c - 2 + offset;
    return c;
  }))];
});

