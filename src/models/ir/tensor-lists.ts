/**
 * TensorArray (TF1, `ta.*`) and TensorList (TF2, `tl.*`) ops for the dynamic executor. Their
 * values are not tensors: a TensorArray is a mutable handle (its ops return a "flow" token that
 * only orders them), a TensorList is an immutable list (each op returns a new one). Stored
 * tensors are views the executor's run scope frees.
 */
import type { DType } from '../../core/dtype.js';
import { raise } from '../../errors/index.js';
import { concat, ENGINE, split, stack, unstack, zeros, type Tensor } from '../../tensor/index.js';
import type { IrAttr } from './graph.js';

/** The flow token TensorArray ops pass along (it carries no data). */
export const FLOW = Object.freeze({ flow: true });

export class TensorArray {
  readonly items: (Tensor | undefined)[];
  constructor(readonly name: string, size: number, readonly dtype: DType, readonly dynamicSize: boolean, readonly clearAfterRead: boolean) {
    this.items = new Array(size).fill(undefined);
  }
}

export class TensorList {
  constructor(readonly items: (Tensor | undefined)[], readonly elementShape: number[] | null, readonly dtype: DType) {}
}

export type ListOpFn = (inputs: unknown[], attrs: Record<string, IrAttr>, name: string, op: string) => unknown | unknown[];

const num = (t: unknown): number => Number((t as Tensor).dataSync()[0]);
const nums = (t: unknown): number[] => Array.from((t as Tensor).dataSync() as ArrayLike<number>, Number);
const view = (t: Tensor): Tensor => ENGINE.makeView(t, t.shape);
const int32 = (v: number[], shape: number[]) => ENGINE.makeTensor(Int32Array.from(v), shape, 'int32');

function taOf(x: unknown, name: string, op: string): TensorArray {
  if (!(x instanceof TensorArray)) raise('graph.tensorArray', { op, kind: 'TensorArray op', name, detail: 'its first input is not a TensorArray handle' });
  return x as TensorArray;
}
function listOf(x: unknown, name: string, op: string): TensorList {
  if (!(x instanceof TensorList)) raise('graph.tensorArray', { op, kind: 'TensorList op', name, detail: 'its first input is not a TensorList' });
  return x as TensorList;
}
function checkIndex(ta: { items: unknown[] }, i: number, grow: boolean, name: string, op: string): void {
  if (i >= ta.items.length && grow) { while (ta.items.length <= i) ta.items.push(undefined); return; }
  if (!(Number.isInteger(i) && i >= 0 && i < ta.items.length)) raise('graph.tensorArray', { op, kind: 'index', name, detail: `index ${i} is outside the array of size ${ta.items.length}` });
}
function read(items: (Tensor | undefined)[], i: number, name: string, op: string): Tensor {
  const t = items[i];
  if (!t) return raise('graph.tensorArray', { op, kind: 'read', name, detail: `element ${i} was never written` });
  return t;
}

export const LIST_OPS: Readonly<Record<string, ListOpFn>> = {
  'ta.create': (i, a, name) => [new TensorArray(name, num(i[0]), (a.dtype as DType) ?? 'float32', !!a.dynamicSize, a.clearAfterRead !== false), FLOW],
  'ta.write': (i, _a, name, op) => {
    const ta = taOf(i[0], name, op);
    const k = num(i[1]);
    checkIndex(ta, k, ta.dynamicSize, name, op);
    ta.items[k] = view(i[2] as Tensor);
    return FLOW;
  },
  'ta.scatter': (i, _a, name, op) => {
    const ta = taOf(i[0], name, op);
    const idx = nums(i[1]);
    const parts = unstack(i[2] as Tensor, 0);
    idx.forEach((k, j) => { checkIndex(ta, k, ta.dynamicSize, name, op); ta.items[k] = parts[j]; });
    return FLOW;
  },
  'ta.read': (i, _a, name, op) => {
    const ta = taOf(i[0], name, op);
    const k = num(i[1]);
    checkIndex(ta, k, false, name, op);
    const t = read(ta.items, k, name, op);
    if (ta.clearAfterRead) ta.items[k] = undefined;
    return view(t);
  },
  'ta.size': (i, _a, name, op) => int32([taOf(i[0], name, op).items.length], []),
  'ta.gather': (i, a, name, op) => {
    const ta = taOf(i[0], name, op);
    const idx = nums(i[1]);
    if (!idx.length) return zeros([0, ...((a.elementShape as number[] | null) ?? [])], ta.dtype);
    return stack(idx.map((k) => { checkIndex(ta, k, false, name, op); return read(ta.items, k, name, op); }), 0);
  },
  'ta.concat': (i, _a, name, op) => {
    const ta = taOf(i[0], name, op);
    const ts = ta.items.map((_, k) => read(ta.items, k, name, op));
    return [concat(ts, 0), int32(ts.map((t) => t.shape[0]), [ts.length])];
  },
  'ta.split': (i, _a, name, op) => {
    const ta = taOf(i[0], name, op);
    const lengths = nums(i[2]);
    const parts = split(i[1] as Tensor, lengths, 0);
    parts.forEach((p, k) => { checkIndex(ta, k, ta.dynamicSize, name, op); ta.items[k] = p; });
    return FLOW;
  },
  'ta.close': () => FLOW,

  'tl.reserve': (i, a) => {
    const shape = i[0] ? nums(i[0]) : [];
    const n = a.empty ? 0 : num(i[1]);
    return new TensorList(new Array(n).fill(undefined), shape.length === 1 && shape[0] === -1 ? null : shape, (a.dtype as DType) ?? 'float32');
  },
  'tl.fromTensor': (i, a) => {
    const t = i[0] as Tensor;
    return new TensorList(unstack(t, 0), t.shape.slice(1), (a.dtype as DType) ?? t.dtype);
  },
  'tl.setItem': (i, _a, name, op) => {
    const l = listOf(i[0], name, op);
    const k = num(i[1]);
    checkIndex(l, k, false, name, op);
    const items = l.items.slice();
    items[k] = view(i[2] as Tensor);
    return new TensorList(items, l.elementShape, l.dtype);
  },
  'tl.getItem': (i, _a, name, op) => {
    const l = listOf(i[0], name, op);
    const k = num(i[1]);
    checkIndex(l, k, false, name, op);
    const t = l.items[k];
    return t ? view(t) : zeros(l.elementShape ?? nums(i[2]), l.dtype);
  },
  'tl.pushBack': (i, _a, name, op) => {
    const l = listOf(i[0], name, op);
    return new TensorList([...l.items, view(i[1] as Tensor)], l.elementShape, l.dtype);
  },
  'tl.popBack': (i, _a, name, op) => {
    const l = listOf(i[0], name, op);
    if (!l.items.length) raise('graph.tensorArray', { op, kind: 'TensorListPopBack', name, detail: 'the list is empty' });
    return [new TensorList(l.items.slice(0, -1), l.elementShape, l.dtype), view(read(l.items, l.items.length - 1, name, op))];
  },
  'tl.length': (i, _a, name, op) => int32([listOf(i[0], name, op).items.length], []),
  'tl.elementShape': (i, _a, name, op) => { const s = listOf(i[0], name, op).elementShape ?? [-1]; return int32(s, [s.length]); },
  'tl.resize': (i, _a, name, op) => {
    const l = listOf(i[0], name, op);
    const n = num(i[1]);
    const items = l.items.slice(0, n);
    while (items.length < n) items.push(undefined);
    return new TensorList(items, l.elementShape, l.dtype);
  },
  'tl.stack': (i, _a, name, op) => {
    const l = listOf(i[0], name, op);
    if (!l.items.length) return zeros([0, ...(l.elementShape ?? [])], l.dtype);
    return stack(l.items.map((_, k) => read(l.items, k, name, op)), 0);
  },
  'tl.gather': (i, _a, name, op) => {
    const l = listOf(i[0], name, op);
    const idx = nums(i[1]);
    if (!idx.length) return zeros([0, ...(l.elementShape ?? [])], l.dtype);
    return stack(idx.map((k) => { checkIndex(l, k, false, name, op); return read(l.items, k, name, op); }), 0);
  },
  'tl.scatter': (i) => {
    const t = i[0] as Tensor;
    const idx = nums(i[1]);
    const size = i[3] !== undefined ? num(i[3]) : -1;
    const items: (Tensor | undefined)[] = new Array(Math.max(size, idx.length ? Math.max(...idx) + 1 : 0)).fill(undefined);
    const parts = unstack(t, 0);
    idx.forEach((k, j) => { items[k] = parts[j]; });
    return new TensorList(items, t.shape.slice(1), t.dtype);
  },
  'tl.scatterIntoExistingList': (i, _a, name, op) => {
    const l = listOf(i[0], name, op);
    const items = l.items.slice();
    const parts = unstack(i[1] as Tensor, 0);
    nums(i[2]).forEach((k, j) => { checkIndex({ items }, k, false, name, op); items[k] = parts[j]; });
    return new TensorList(items, l.elementShape, l.dtype);
  },
  'tl.concat': (i, _a, name, op) => {
    const l = listOf(i[0], name, op);
    const ts = l.items.map((_, k) => read(l.items, k, name, op));
    return [concat(ts, 0), int32(ts.map((t) => t.shape[0]), [ts.length])];
  },
  'tl.split': (i) => {
    const t = i[0] as Tensor;
    const parts = split(t, nums(i[2]), 0);
    return new TensorList(parts, t.shape.slice(1), t.dtype);
  },
};

