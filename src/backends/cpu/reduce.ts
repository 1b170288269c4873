import { allocArray, type DType } from '../../core/dtype.js';
import type { CpuKernel } from './cpu-backend.js';

/**
 * Reductions over the inner axis of an [outer, inner] input (the front end moves the reduced axes
 * there). Max/Min propagate NaN; ArgMax/ArgMin return the first extreme index, a NaN winning.
 */
export const reduceKernel: CpuKernel = (b, [x], _attrs, name) => {
  const [outer, inner] = x.shape;
  const v = b.data(x);
  let dtype: DType = x.dtype;
  if ((name === 'Sum' || name === 'Prod') && dtype === 'bool') dtype = 'int32';
  if (name === 'ArgMax' || name === 'ArgMin') dtype = 'int32';
  if (name === 'All' || name === 'Any') dtype = 'bool';
  const o = allocArray(dtype, outer);
  for (let r = 0; r < outer; r++) {
    const base = r * inner;
    const end = base + inner;
    switch (name) {
      case 'Sum': {
        // A float64 accumulator keeps float32 sums exact to float32 precision for any length
        // that fits in memory (and ±Infinity behaves as in plain addition).
        let s = 0;
        for (let i = base; i < end; i++) s += v[i];
        o[r] = s;
        break;
      }
      case 'Prod': { let p = 1; for (let i = base; i < end; i++) p *= v[i]; o[r] = p; break; }
      case 'Max': {
        let m = -Infinity;
        for (let i = base; i < end; i++) { const e = v[i]; if (e > m || e !== e) { m = e; if (e !== e) break; } }
        o[r] = m;
        break;
      }
      case 'Min': {
        let m = Infinity;
        for (let i = base; i < end; i++) { const e = v[i]; if (e < m || e !== e) { m = e; if (e !== e) break; } }
        o[r] = m;
        break;
      }
      case 'ArgMax': {
        let m = -Infinity, at = 0;
        for (let i = base; i < end; i++) { const e = v[i]; if (e !== e) { at = i - base; break; } if (e > m) { m = e; at = i - base; } }
        o[r] = at;
        break;
      }
      case 'ArgMin': {
        let m = Infinity, at = 0;
        for (let i = base; i < end; i++) { const e = v[i]; if (e !== e) { at = i - base; break; } if (e < m) { m = e; at = i - base; } }
        o[r] = at;
        break;
      }
      case 'All': { let a = 1; for (let i = base; i < end; i++) if (!v[i]) { a = 0; break; } o[r] = a; break; }
      case 'Any': { let a = 0; for (let i = base; i < end; i++) if (v[i]) { a = 1; break; } o[r] = a; break; }
      default: throw new Error(`cpu: unknown reduction ${name}`);
    }
  }
  return b.output(o, [outer], dtype);
};

/** Softmax / LogSoftmax along the inner axis of [outer, inner], shifted by the max for stability. */
export const softmaxKernel: CpuKernel = (b, [x], _attrs, name) => {
  const [outer, inner] = x.shape;
  const v = b.data(x);
  const o = new Float32Array(v.length);
  const log = name === 'LogSoftmax';
  for (let r = 0; r < outer; r++) {
    const base = r * inner, end = base + inner;
    let m = -Infinity;
    for (let i = base; i < end; i++) if (v[i] > m) m = v[i];
    let s = 0;
    for (let i = base; i < end; i++) s += Math.exp(v[i] - m);
    if (log) {
      const ls = Math.log(s);
      for (let i = base; i < end; i++) o[i] = v[i] - m - ls;
    } else {
      for (let i = base; i < end; i++) o[i] = Math.exp(v[i] - m) / s;
    }
  }
  return b.output(o, x.shape, 'float32');
};

/** TopK along the inner axis: values and int32 indices, largest first, ties to the lower index. */
export const topKKernel: CpuKernel = (b, [x], attrs) => {
  const [outer, inner] = x.shape;
  const k = attrs.k as number;
  const v = b.data(x);
  const values = allocArray(x.dtype, outer * k);
  const indices = new Int32Array(outer * k);
  const order = new Array<number>(inner);
  for (let r = 0; r < outer; r++) {
    const base = r * inner;
    for (let i = 0; i < inner; i++) order[i] = i;
    // NaN sorts as the largest value (as in TensorFlow); stable sort keeps ties in index order.
    order.sort((p, q) => {
      const a = v[base + p], c = v[base + q];
      if (a !== a) return c !== c ? 0 : -1;
      if (c !== c) return 1;
      return c - a;
    });
    for (let j = 0; j < k; j++) {
      indices[r * k + j] = order[j];
      values[r * k + j] = v[base + order[j]];
    }
  }
  return [b.output(values, [outer, k], x.dtype), b.output(indices, [outer, k], 'int32')];
};
