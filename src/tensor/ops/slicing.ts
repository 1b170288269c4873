import { allocArray } from '../../core/dtype.js';
import { sizeOf } from '../../core/shape.js';
import { describeValue } from '../../errors/index.js';
import { toTensor, type TensorLike } from '../convert.js';
import { ENGINE } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { badArg, cast, checkAxes, checkInt, checkRank, run } from './op-utils.js';
import { reshape, transpose } from './transform.js';

/**
 * Slices with strides and TensorFlow's masks (begin/end/ellipsis/newAxis/shrinkAxis), as
 * `x[begin:end:stride]` in Python.
 *
 * @example
 * sprout.stridedSlice([0, 1, 2, 3, 4, 5], [1], [6], [2]).print(); // [1, 3, 5]
 */
export function stridedSlice(
  x: TensorLike, begin: number[], end: number[], strides?: number[],
  beginMask = 0, endMask = 0, ellipsisMask = 0, newAxisMask = 0, shrinkAxisMask = 0,
): Tensor {
  return ENGINE.tidy(() => {
    const op = 'stridedSlice';
    const t = toTensor(x, 'x', op);
    const isIntList = (v: unknown) => Array.isArray(v) && v.every((e) => Number.isInteger(e));
    if (!isIntList(begin)) badArg(op, 'begin', 'must be an array of integers', describeValue(begin));
    if (!isIntList(end) || end.length !== begin.length) badArg(op, 'end', `must be an array of ${begin.length} integers like begin`, describeValue(end));
    const st = strides ?? begin.map(() => 1);
    if (!isIntList(st) || st.length !== begin.length) badArg(op, 'strides', `must be an array of ${begin.length} integers like begin`, describeValue(strides));
    if (st.some((s) => s === 0)) badArg(op, 'strides', 'must not contain 0', `[${st}]`);
    if ((ellipsisMask & (ellipsisMask - 1)) !== 0) badArg(op, 'ellipsisMask', 'must have at most one bit set', String(ellipsisMask));
    const bit = (mask: number, i: number) => (mask & (1 << i)) !== 0;

    // Expand the sparse spec into one entry per input dimension (TensorFlow's dense spec).
    const sparse = begin.length;
    const hasEllipsis = ellipsisMask !== 0;
    const consuming = [...Array(sparse).keys()].filter((i) => !bit(newAxisMask, i) && !bit(ellipsisMask, i)).length;
    const denseBegin: number[] = [], denseEnd: number[] = [], denseStride: number[] = [];
    const denseBeginMask: boolean[] = [], denseEndMask: boolean[] = [], denseShrink: boolean[] = [];
    const finalShape: (number | 'new' | 'dim')[] = []; // 'dim' = keeps dense dim in order
    let dim = 0;
    const fullDim = () => {
      denseBegin.push(0); denseEnd.push(0); denseStride.push(1);
      denseBeginMask.push(true); denseEndMask.push(true); denseShrink.push(false);
      finalShape.push('dim');
      dim++;
    };
    for (let i = 0; i < sparse; i++) {
      if (bit(ellipsisMask, i)) {
        const n = t.rank - consuming;
        for (let k = 0; k < n; k++) fullDim();
      } else if (bit(newAxisMask, i)) {
        finalShape.push('new');
      } else {
        denseBegin.push(begin[i]); denseEnd.push(end[i]); denseStride.push(st[i]);
        denseBeginMask.push(bit(beginMask, i)); denseEndMask.push(bit(endMask, i)); denseShrink.push(bit(shrinkAxisMask, i));
        finalShape.push(bit(shrinkAxisMask, i) ? -1 : 'dim');
        dim++;
      }
    }
    if (!hasEllipsis) while (dim < t.rank) fullDim();
    if (dim !== t.rank) badArg(op, 'begin', `must index at most ${t.rank} dimension(s) of x (shape [${t.shape}])`, `${consuming} dimension(s)`);

    const kBegin: number[] = [], kSize: number[] = [], kStride: number[] = [];
    for (let d = 0; d < t.rank; d++) {
      const n = t.shape[d], s = denseStride[d];
      const norm = (v: number) => (v < 0 ? v + n : v);
      if (denseShrink[d]) {
        const b = norm(denseBegin[d]);
        if (b < 0 || b >= n) badArg(op, 'begin', `must be inside dimension ${d} (size ${n}) where shrinkAxisMask is set`, String(denseBegin[d]));
        kBegin.push(b); kSize.push(1); kStride.push(1);
        continue;
      }
      let b: number, e: number;
      if (s > 0) {
        b = denseBeginMask[d] ? 0 : Math.min(Math.max(norm(denseBegin[d]), 0), n);
        e = denseEndMask[d] ? n : Math.min(Math.max(norm(denseEnd[d]), 0), n);
      } else {
        b = denseBeginMask[d] ? n - 1 : Math.min(Math.max(norm(denseBegin[d]), -1), n - 1);
        e = denseEndMask[d] ? -1 : Math.min(Math.max(norm(denseEnd[d]), -1), n - 1);
      }
      const size = Math.max(0, Math.ceil((e - b) / s));
      kBegin.push(size === 0 ? 0 : b); kSize.push(size); kStride.push(s);
    }
    const sliced = run('StridedSlice', [t], { begin: kBegin, strides: kStride, size: kSize }, op);
    const out: number[] = [];
    let k = 0;
    for (const f of finalShape) {
      if (f === 'new') out.push(1);
      else if (f === -1) k++;
      else out.push(kSize[k++]);
    }
    return reshape(sliced, out);
  });
}

/** Converts indices to int32, rejecting non-integer values instead of truncating them. */
function intIndices(op: string, indices: TensorLike): Tensor {
  const t = toTensor(indices, 'indices', op, 'int32');
  if (t.dtype === 'float32' && ENGINE.backend().readSync) {
    const v = t.dataSync();
    for (let i = 0; i < v.length; i++) if (!Number.isInteger(v[i])) badArg(op, 'indices', 'must be integers', `${v[i]} at position ${i + 1}`);
  }
  return cast(t, 'int32');
}

/** Reads int32 indices on backends that can, to reject out-of-range ones with a clear message. */
function checkIndexRows(op: string, idx: Tensor, limits: number[]): void {
  if (!ENGINE.backend().readSync) return;
  const v = idx.dataSync();
  const k = limits.length;
  for (let i = 0; i < v.length; i++) {
    const lim = limits[i % k];
    if (v[i] < 0 || v[i] >= lim) badArg(op, 'indices', `must be in [0, ${lim - 1}] in position ${(i % k) + 1} of each index`, `${v[i]} (index ${Math.floor(i / k) + 1})`);
  }
}

/**
 * Gathers slices by n-dimensional indices: the last axis of `indices` indexes the first dims of x.
 *
 * @example
 * sprout.gatherND([[1, 2], [3, 4]], [[1, 0], [0, 1]]).print(); // [3, 2]
 */
export function gatherND(x: TensorLike, indices: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const op = 'gatherND';
    const t = toTensor(x, 'x', op);
    const idx = intIndices(op, indices);
    if (idx.rank < 1) badArg(op, 'indices', 'must have rank ≥ 1', 'rank 0');
    const k = idx.shape[idx.rank - 1];
    if (k > t.rank) badArg(op, 'indices', `must have at most ${t.rank} entries in its last dimension (the rank of x)`, `${k}`);
    checkIndexRows(op, idx, t.shape.slice(0, k));
    const n = idx.size / (k || 1);
    const out = run('GatherNd', [t, reshape(idx, [n, k])], {}, op);
    return reshape(out, [...idx.shape.slice(0, -1), ...t.shape.slice(k)]);
  });
}

/**
 * Scatters `updates` into a zero tensor of `shape` at n-dimensional `indices` (duplicates add up).
 *
 * @example
 * sprout.scatterND([[1], [3]], [9, 10], [5]).print(); // [0, 9, 0, 10, 0]
 */
export function scatterND(indices: TensorLike, updates: TensorLike, shape: number[]): Tensor {
  return ENGINE.tidy(() => {
    const op = 'scatterND';
    const idx = intIndices(op, indices);
    let u = toTensor(updates, 'updates', op);
    if (u.dtype === 'bool') u = cast(u, 'int32');
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) badArg(op, 'shape', 'must be an array of non-negative integers', Array.isArray(shape) ? JSON.stringify(shape) : describeValue(shape));
    if (idx.rank < 1) badArg(op, 'indices', 'must have rank ≥ 1', 'rank 0');
    const k = idx.shape[idx.rank - 1];
    if (k > shape.length) badArg(op, 'indices', `must have at most ${shape.length} entries in its last dimension`, `${k}`);
    const expected = [...idx.shape.slice(0, -1), ...shape.slice(k)];
    if (expected.join() !== u.shape.join()) badArg(op, 'updates', `must have shape [${expected}]`, `shape [${u.shape}]`);
    checkIndexRows(op, idx, shape.slice(0, k));
    const n = idx.size / (k || 1);
    return run('ScatterNd', [reshape(idx, [n, k]), reshape(u, [n, sizeOf(shape.slice(k))])], { shape: shape.slice() }, op);
  });
}

/**
 * Pads by mirroring the edges: 'reflect' (edge not repeated) or 'symmetric' (edge repeated).
 *
 * @example
 * sprout.mirrorPad([1, 2, 3], [[2, 2]], 'reflect').print(); // [3, 2, 1, 2, 3, 2, 1]
 */
export function mirrorPad(x: TensorLike, paddings: [number, number][], mode: 'reflect' | 'symmetric'): Tensor {
  return ENGINE.tidy(() => {
    const op = 'mirrorPad';
    const t = toTensor(x, 'x', op);
    if (mode !== 'reflect' && mode !== 'symmetric') badArg(op, 'mode', "must be 'reflect' or 'symmetric'", describeValue(mode));
    if (!Array.isArray(paddings) || paddings.length !== t.rank) badArg(op, 'paddings', `must have one [before, after] pair per axis (${t.rank})`, JSON.stringify(paddings));
    const offset = mode === 'reflect' ? 0 : 1;
    paddings.forEach((p, i) => {
      const limit = t.shape[i] - 1 + offset;
      if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => Number.isInteger(v) && v >= 0 && v <= limit)) {
        badArg(op, 'paddings', `must be in [0, ${limit}] at axis ${i} for mode '${mode}' (dimension ${t.shape[i]})`, JSON.stringify(p));
      }
    });
    return run('MirrorPad', [t], { paddings: paddings.map((p) => [p[0], p[1]]), mode }, op);
  });
}

/**
 * Reverses along the given axes (all by default).
 *
 * @example
 * sprout.reverse([1, 2, 3]).print(); // [3, 2, 1]
 */
export function reverse(x: TensorLike, axis?: number | number[]): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'reverse');
    const axes = checkAxes('reverse', axis, t.rank).filter((a) => t.shape[a] > 1);
    if (axes.length === 0) return ENGINE.makeView(t, t.shape);
    return run('Reverse', [t], { axes }, 'reverse');
  });
}

/**
 * Moves blocks of channels into space: [b, h, w, c] → [b, h·s, w·s, c / s²].
 *
 * @example
 * sprout.depthToSpace(sprout.tensor([1, 2, 3, 4], [1, 1, 1, 4]), 2).shape; // [1, 2, 2, 1]
 */
export function depthToSpace(x: TensorLike, blockSize: number, dataFormat: 'NHWC' = 'NHWC'): Tensor {
  return ENGINE.tidy(() => {
    const op = 'depthToSpace';
    const t = toTensor(x, 'x', op);
    checkRank(op, 'x', t, 4);
    if (dataFormat !== 'NHWC') badArg(op, 'dataFormat', "must be 'NHWC'", describeValue(dataFormat));
    checkInt(op, 'blockSize', blockSize, 2);
    const [b, h, w, c] = t.shape;
    if (c % (blockSize * blockSize) !== 0) badArg(op, 'x', `must have channels divisible by blockSize² (${blockSize * blockSize})`, `${c} channels`);
    const c2 = c / (blockSize * blockSize);
    const moved = transpose(reshape(t, [b, h, w, blockSize, blockSize, c2]), [0, 1, 3, 2, 4, 5]);
    return reshape(moved, [b, h * blockSize, w * blockSize, c2]);
  });
}

/**
 * Moves blocks of space into channels: [b, h, w, c] → [b, h/s, w/s, c·s²].
 *
 * @example
 * sprout.spaceToDepth(sprout.ones([1, 2, 2, 1]), 2).shape; // [1, 1, 1, 4]
 */
export function spaceToDepth(x: TensorLike, blockSize: number, dataFormat: 'NHWC' = 'NHWC'): Tensor {
  return ENGINE.tidy(() => {
    const op = 'spaceToDepth';
    const t = toTensor(x, 'x', op);
    checkRank(op, 'x', t, 4);
    if (dataFormat !== 'NHWC') badArg(op, 'dataFormat', "must be 'NHWC'", describeValue(dataFormat));
    checkInt(op, 'blockSize', blockSize, 2);
    const [b, h, w, c] = t.shape;
    if (h % blockSize !== 0 || w % blockSize !== 0) badArg(op, 'x', `must have height and width divisible by blockSize (${blockSize})`, `${h}×${w}`);
    const moved = transpose(reshape(t, [b, h / blockSize, blockSize, w / blockSize, blockSize, c]), [0, 1, 3, 2, 4, 5]);
    return reshape(moved, [b, h / blockSize, w / blockSize, blockSize * blockSize * c]);
  });
}

/**
 * The unique slices along an axis, in order of first appearance, and for each input slice the
 * index of its unique value.
 *
 * @example
 * const { values, indices } = sprout.unique([1, 1, 2, 4, 4, 4, 7]);
 * values.print();  // [1, 2, 4, 7]
 * indices.print(); // [0, 0, 1, 2, 2, 2, 3]
 */
export function unique(x: TensorLike, axis = 0): { values: Tensor; indices: Tensor } {
  return ENGINE.tidy(() => {
    const op = 'unique';
    const t = toTensor(x, 'x', op);
    if (t.rank === 0) badArg(op, 'x', 'must have rank ≥ 1', 'rank 0 (a scalar)');
    const [a] = checkAxes(op, axis, t.rank);
    const v = t.dataSync();
    const n = t.shape[a];
    const outer = sizeOf(t.shape.slice(0, a)), inner = sizeOf(t.shape.slice(a + 1));
    // The key of slice j: its values in row-major order (NaN equals NaN here, as in TF).
    const keyOf = (j: number): string => {
      const parts: number[] = [];
      for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) parts.push(v[(o * n + j) * inner + i]);
      return parts.join(',');
    };
    const seen = new Map<string, number>();
    const firsts: number[] = [];
    const indices = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const key = keyOf(j);
      let at = seen.get(key);
      if (at === undefined) { at = firsts.length; seen.set(key, at); firsts.push(j); }
      indices[j] = at;
    }
    const m = firsts.length;
    const out = allocArray(t.dtype, outer * m * inner);
    for (let o = 0; o < outer; o++) {
      for (let u = 0; u < m; u++) {
        for (let i = 0; i < inner; i++) out[(o * m + u) * inner + i] = v[(o * n + firsts[u]) * inner + i];
      }
    }
    const shape = t.shape.slice();
    shape[a] = m;
    return { values: ENGINE.makeTensor(out, shape, t.dtype), indices: ENGINE.makeTensor(indices, [n], 'int32') };
  });
}
