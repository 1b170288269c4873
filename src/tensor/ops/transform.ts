import { upcastType } from '../../core/dtype.js';
import { iota, shapesEqual, sizeOf } from '../../core/shape.js';
import { describeValue } from '../../errors/index.js';
import { MAX_RANK, toTensor, type TensorLike } from '../convert.js';
import { ENGINE } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { badArg, cast, checkAxis, checkInt, run } from './op-utils.js';

function checkIntList(op: string, param: string, v: unknown, len?: number): number[] {
  if (!Array.isArray(v) || !v.every((d) => Number.isInteger(d)) || (len !== undefined && v.length !== len)) {
    badArg(op, param, `must be an array of ${len ?? ''}${len !== undefined ? ' ' : ''}integers`, describeValue(v) + (Array.isArray(v) ? ` [${v.join(',')}]` : ''));
  }
  return v.slice();
}

/**
 * Gives the tensor a new shape with the same number of elements; one dimension may be -1 (inferred).
 * No data is copied.
 *
 * @example
 * sprout.reshape([1, 2, 3, 4], [2, -1]).print(); // [[1, 2], [3, 4]]
 */
export function reshape(x: TensorLike, shape: number[]): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'reshape');
    const s = checkIntList('reshape', 'shape', shape);
    if (s.length > MAX_RANK) badArg('reshape', 'shape', `must have at most ${MAX_RANK} dimensions`, `[${s}]`);
    const unknown = s.filter((d) => d === -1).length;
    if (unknown > 1 || s.some((d) => d < -1)) badArg('reshape', 'shape', 'may contain only one -1 and no other negative size', `[${s}]`);
    if (unknown === 1) {
      const known = sizeOf(s.filter((d) => d !== -1));
      if (known === 0 || t.size % known !== 0) {
        badArg('reshape', 'shape', `must fit ${t.size} element(s) of shape [${t.shape}]`, `[${s}]`);
      }
      s[s.indexOf(-1)] = t.size / known;
    }
    if (sizeOf(s) !== t.size) badArg('reshape', 'shape', `must have ${t.size} element(s) like [${t.shape}]`, `[${s}] (${sizeOf(s)} elements)`);
    return ENGINE.makeView(t, s);
  });
}

/** Reshapes to one dimension. @example sprout.flatten([[1, 2], [3, 4]]).print(); // [1, 2, 3, 4] */
export function flatten(x: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'flatten');
    return ENGINE.makeView(t, [t.size]);
  });
}

/**
 * Permutes dimensions (default: reverses them).
 *
 * @example
 * sprout.transpose([[1, 2, 3], [4, 5, 6]]).print(); // [[1, 4], [2, 5], [3, 6]]
 */
export function transpose(x: TensorLike, perm?: number[]): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'transpose');
    const p = perm === undefined ? iota(t.rank).reverse() : checkIntList('transpose', 'perm', perm, t.rank).map((a) => checkAxis('transpose', a, t.rank, 'perm'));
    if (new Set(p).size !== p.length) badArg('transpose', 'perm', `must be a permutation of [0..${t.rank - 1}]`, `[${perm}]`);
    if (p.every((a, i) => a === i)) return ENGINE.makeView(t, t.shape);
    // Moving only size-1 dims is a reshape.
    const moved = p.filter((a) => t.shape[a] !== 1);
    if (moved.every((a, i) => i === 0 || a > moved[i - 1])) return ENGINE.makeView(t, p.map((a) => t.shape[a]));
    return run('Transpose', [t], { perm: p }, 'transpose');
  });
}

/** Inserts a size-1 dimension at `axis`. @example sprout.expandDims([1, 2], 1).shape; // [2, 1] */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'expandDims');
    const a = checkAxis('expandDims', axis, t.rank + 1);
    const shape = t.shape.slice();
    shape.splice(a, 0, 1);
    return reshape(t, shape);
  });
}

/** Removes size-1 dimensions (all, or those listed). @example sprout.squeeze([[1], [2]]).shape; // [2] */
export function squeeze(x: TensorLike, axis?: number[] | number): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'squeeze');
    const axes = axis === undefined ? null : (Array.isArray(axis) ? axis : [axis]).map((a) => checkAxis('squeeze', a, t.rank));
    if (axes) for (const a of axes) if (t.shape[a] !== 1) badArg('squeeze', 'axis', `must name dimensions of size 1 (shape [${t.shape}])`, `axis ${a} of size ${t.shape[a]}`);
    return reshape(t, t.shape.filter((d, i) => (axes ? !axes.includes(i) : d !== 1)));
  });
}

/**
 * Joins tensors along an existing axis. Shapes must match except along `axis`.
 *
 * @example
 * sprout.concat([[1, 2], [3]]).print(); // [1, 2, 3]
 */
export function concat(tensors: TensorLike[], axis = 0): Tensor {
  return ENGINE.tidy(() => {
    if (!Array.isArray(tensors) || tensors.length === 0) badArg('concat', 'tensors', 'must be a non-empty array of tensors', describeValue(tensors));
    let ts = tensors.map((t, i) => toTensor(t, `tensors[${i}]`, 'concat'));
    const rank = ts[0].rank;
    if (rank === 0) badArg('concat', 'tensors', 'must have rank ≥ 1 (scalars cannot be concatenated; use stack)', 'rank 0');
    const a = checkAxis('concat', axis, rank);
    ts.forEach((t, i) => {
      const ok = t.rank === rank && t.shape.every((d, j) => j === a || d === ts[0].shape[j]);
      if (!ok) badArg('concat', `tensors[${i}]`, `must have shape [${ts[0].shape.map((d, j) => (j === a ? '*' : d))}] (all but axis ${a} equal to tensors[0])`, `[${t.shape}]`);
    });
    const dtype = ts.reduce((d, t) => upcastType(d, t.dtype), ts[0].dtype);
    ts = ts.map((t) => cast(t, dtype));
    const outShape = ts[0].shape.slice();
    outShape[a] = ts.reduce((s, t) => s + t.shape[a], 0);
    if (ts.length === 1) return ENGINE.makeView(ts[0], ts[0].shape);
    const outer = sizeOf(ts[0].shape.slice(0, a));
    const parts = ts.filter((t) => t.size > 0 || outer === 0).map((t) => reshape(t, [outer, sizeOf(t.shape.slice(a))]));
    if (sizeOf(outShape) === 0 || parts.length === 0) return zerosOf(outShape, dtype);
    if (parts.length === 1) return reshape(parts[0], outShape);
    return reshape(run('Concat', parts, {}, 'concat'), outShape);
  });
}

function zerosOf(shape: number[], dtype: Tensor['dtype']): Tensor {
  return ENGINE.tidy(() => {
    const arr = dtype === 'float32' ? new Float32Array(sizeOf(shape)) : dtype === 'int32' ? new Int32Array(sizeOf(shape)) : new Uint8Array(sizeOf(shape));
    return ENGINE.makeTensor(arr, shape, dtype);
  });
}

/**
 * Stacks same-shaped tensors along a new axis.
 *
 * @example
 * sprout.stack([[1, 2], [3, 4]]).print(); // [[1, 2], [3, 4]]
 */
export function stack(tensors: TensorLike[], axis = 0): Tensor {
  return ENGINE.tidy(() => {
    if (!Array.isArray(tensors) || tensors.length === 0) badArg('stack', 'tensors', 'must be a non-empty array of tensors', describeValue(tensors));
    const ts = tensors.map((t, i) => toTensor(t, `tensors[${i}]`, 'stack'));
    ts.forEach((t, i) => {
      if (!shapesEqual(t.shape, ts[0].shape)) badArg('stack', `tensors[${i}]`, `must have the shape of tensors[0] ([${ts[0].shape}])`, `[${t.shape}]`);
    });
    const a = checkAxis('stack', axis, ts[0].rank + 1);
    return concat(ts.map((t) => expandDims(t, a)), a);
  });
}

/**
 * Splits a tensor into the slices along `axis`, dropping that axis.
 *
 * @example
 * sprout.unstack([[1, 2], [3, 4]]).map((t) => t.arraySync()); // [[1, 2], [3, 4]]
 */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'unstack');
    if (t.rank === 0) badArg('unstack', 'x', 'must have rank ≥ 1', 'rank 0');
    const a = checkAxis('unstack', axis, t.rank);
    const outShape = t.shape.filter((_, i) => i !== a);
    const size = t.shape.map((d, i) => (i === a ? 1 : d));
    return Array.from({ length: t.shape[a] }, (_, i) => {
      const begin = t.shape.map((_, j) => (j === a ? i : 0));
      return reshape(slice(t, begin, size), outShape);
    });
  });
}

/**
 * Splits along `axis` into `n` equal parts, or into parts of the given sizes (one may be -1).
 *
 * @example
 * sprout.split([1, 2, 3, 4], 2).map((t) => t.arraySync()); // [[1, 2], [3, 4]]
 */
export function split(x: TensorLike, numOrSizeSplits: number | number[], axis = 0): Tensor[] {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'split');
    const a = checkAxis('split', axis, t.rank);
    const dim = t.shape[a];
    let sizes: number[];
    if (typeof numOrSizeSplits === 'number') {
      checkInt('split', 'numOrSizeSplits', numOrSizeSplits, 1);
      if (dim % numOrSizeSplits !== 0) badArg('split', 'numOrSizeSplits', `must divide the axis size ${dim}`, String(numOrSizeSplits));
      sizes = new Array(numOrSizeSplits).fill(dim / numOrSizeSplits);
    } else {
      sizes = checkIntList('split', 'numOrSizeSplits', numOrSizeSplits);
      const neg = sizes.filter((s) => s === -1).length;
      if (neg > 1 || sizes.some((s) => s < -1)) badArg('split', 'numOrSizeSplits', 'may contain one -1 and no other negative size', `[${sizes}]`);
      const known = sizes.filter((s) => s !== -1).reduce((p, s) => p + s, 0);
      if (neg === 1) sizes[sizes.indexOf(-1)] = dim - known;
      if (sizes.reduce((p, s) => p + s, 0) !== dim || sizes.some((s) => s < 0)) {
        badArg('split', 'numOrSizeSplits', `must add up to the axis size ${dim}`, `[${numOrSizeSplits}]`);
      }
    }
    let start = 0;
    return sizes.map((s) => {
      const begin = t.shape.map((_, j) => (j === a ? start : 0));
      const size = t.shape.map((d, j) => (j === a ? s : d));
      start += s;
      return slice(t, begin, size);
    });
  });
}

/**
 * Extracts a block: `begin` per axis (a number applies to axis 0) and `size` (-1: to the end).
 *
 * @example
 * sprout.slice([[1, 2, 3], [4, 5, 6]], [0, 1], [2, 2]).print(); // [[2, 3], [5, 6]]
 */
export function slice(x: TensorLike, begin: number | number[], size?: number | number[]): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'slice');
    if (t.rank === 0) badArg('slice', 'x', 'must have rank ≥ 1', 'rank 0 (a scalar)');
    const b = typeof begin === 'number' ? [begin] : checkIntList('slice', 'begin', begin);
    const s = size === undefined ? [] : typeof size === 'number' ? [size] : checkIntList('slice', 'size', size);
    if (b.length > t.rank) badArg('slice', 'begin', `must have at most ${t.rank} entries for a tensor of rank ${t.rank}`, `[${b}]`);
    const fullBegin = t.shape.map((_, i) => b[i] ?? 0);
    const fullSize = t.shape.map((d, i) => (s[i] === undefined || s[i] === -1 ? d - fullBegin[i] : s[i]));
    fullBegin.forEach((bg, i) => {
      if (!Number.isInteger(bg) || bg < 0 || bg > t.shape[i]) badArg('slice', 'begin', `must be in [0, ${t.shape[i]}] at axis ${i} (shape [${t.shape}])`, String(bg));
      if (!Number.isInteger(fullSize[i]) || fullSize[i] < 0 || bg + fullSize[i] > t.shape[i]) {
        badArg('slice', 'size', `must fit in the tensor at axis ${i} (begin ${bg}, dimension ${t.shape[i]})`, String(s[i]));
      }
    });
    if (fullSize.every((d, i) => d === t.shape[i])) return ENGINE.makeView(t, t.shape);
    return run('Slice', [t], { begin: fullBegin, size: fullSize }, 'slice');
  });
}

/**
 * Picks slices along `axis` at the given indices.
 *
 * @example
 * sprout.gather([10, 20, 30], [2, 0]).print(); // [30, 10]
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0, batchDims = 0): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'gather');
    let idx = toTensor(indices, 'indices', 'gather', 'int32');
    if (idx.dtype === 'float32') {
      const v = idx.dataSync();
      if (!v.every((e) => Number.isInteger(e))) badArg('gather', 'indices', 'must be integers', `dtype ${idx.dtype}`);
    }
    idx = cast(idx, 'int32');
    const a = checkAxis('gather', axis, t.rank);
    if (batchDims !== 0) badArg('gather', 'batchDims', 'must be 0 (batched gather is not supported yet)', String(batchDims));
    const n = t.shape[a];
    const backend = ENGINE.backend();
    if (backend.readSync) {
      const v = idx.dataSync();
      for (let i = 0; i < v.length; i++) {
        if (v[i] < 0 || v[i] >= n) badArg('gather', 'indices', `must be in [0, ${n - 1}] (axis ${a} has size ${n})`, `${v[i]} at position ${i + 1}`);
      }
    }
    const outer = sizeOf(t.shape.slice(0, a));
    const inner = sizeOf(t.shape.slice(a + 1));
    const out = run('Gather', [reshape(t, [outer, n, inner]), reshape(idx, [idx.size])], {}, 'gather');
    return reshape(out, [...t.shape.slice(0, a), ...idx.shape, ...t.shape.slice(a + 1)]);
  });
}

/**
 * Repeats the tensor `reps[i]` times along each axis.
 *
 * @example
 * sprout.tile([1, 2], [2]).print(); // [1, 2, 1, 2]
 */
export function tile(x: TensorLike, reps: number[]): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'tile');
    const r = checkIntList('tile', 'reps', reps, t.rank);
    if (r.some((v) => v < 0)) badArg('tile', 'reps', 'must be non-negative', `[${r}]`);
    if (r.every((v) => v === 1)) return ENGINE.makeView(t, t.shape);
    return run('Tile', [t], { reps: r }, 'tile');
  });
}

/**
 * Pads with a constant: `paddings[i] = [before, after]` for each axis.
 *
 * @example
 * sprout.pad([1, 2], [[1, 2]]).print(); // [0, 1, 2, 0, 0]
 */
export function pad(x: TensorLike, paddings: [number, number][], constantValue = 0): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'pad');
    if (!Array.isArray(paddings) || paddings.length !== t.rank || !paddings.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0))) {
      badArg('pad', 'paddings', `must be ${t.rank} pair(s) [before, after] of non-negative integers (one per axis)`, JSON.stringify(paddings));
    }
    if (typeof constantValue !== 'number') badArg('pad', 'constantValue', 'must be a number', describeValue(constantValue));
    if (paddings.every(([p, q]) => p === 0 && q === 0)) return ENGINE.makeView(t, t.shape);
    return run('Pad', [t], { paddings: paddings.map((p) => [p[0], p[1]]), constantValue }, 'pad');
  });
}

/**
 * Broadcasts to a shape (numpy rules): size-1 dimensions are repeated.
 *
 * @example
 * sprout.broadcastTo([1, 2], [2, 2]).print(); // [[1, 2], [1, 2]]
 */
export function broadcastTo(x: TensorLike, shape: number[]): Tensor {
  return ENGINE.tidy(() => {
    let t = toTensor(x, 'x', 'broadcastTo');
    const s = checkIntList('broadcastTo', 'shape', shape);
    if (s.length < t.rank) badArg('broadcastTo', 'shape', `must have at least rank ${t.rank} (shape of x [${t.shape}])`, `[${s}]`);
    const padded = [...new Array(s.length - t.rank).fill(1), ...t.shape];
    padded.forEach((d, i) => {
      if (d !== s[i] && d !== 1) badArg('broadcastTo', 'shape', `must be reachable from [${t.shape}] (each dimension equal or from 1)`, `[${s}]`);
    });
    if (padded.length !== t.rank) t = reshape(t, padded);
    const reps = s.map((d, i) => (padded[i] === d ? 1 : d));
    return tile(t, reps);
  });
}
