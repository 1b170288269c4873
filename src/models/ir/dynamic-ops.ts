/**
 * IR ops whose arguments or result shapes are only known at run time: shape arithmetic (shape,
 * size, range, fill), comparisons and selection, non-max suppression, gatherND, and `dynamic`,
 * which runs any table op after reading some of its attributes from tensor inputs (a Reshape
 * whose shape is computed from `Shape`, a Tile whose multiples depend on the batch, …).
 *
 * They are ordinary tensor → tensor functions, so the static plan runs them and constant folding
 * evaluates them when all their inputs are constants.
 */
import type { DType } from '../../core/dtype.js';
import { raise } from '../../errors/index.js';
import {
  equal, fill, floorDiv, gatherND, greater, greaterEqual, less, lessEqual, logicalAnd, logicalNot, logicalOr,
  mod, nonMaxSuppression, nonMaxSuppressionWithScore, notEqual, range, where, ENGINE, type Tensor,
} from '../../tensor/index.js';
import type { IrAttr } from './graph.js';

type A = Record<string, IrAttr>;
export type DynOpFn = (inputs: Tensor[], attrs: A) => Tensor | Tensor[];

/** All values of a small tensor as numbers. */
const vals = (t: Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>, Number);
const first = (t: Tensor): number => vals(t)[0];
const int32 = (v: ArrayLike<number>, shape: number[]) => ENGINE.makeTensor(Int32Array.from(v), shape, 'int32');

/** Turns the values of an attribute tensor into the attribute's form. */
function attrFrom(t: Tensor, kind: string): IrAttr {
  const v = vals(t);
  if (kind === 'scalar') return v[0];
  if (kind === 'pairs') {
    const p: number[][] = [];
    for (let k = 0; k + 1 < v.length; k += 2) p.push([v[k], v[k + 1]]);
    return p;
  }
  return v;
}

/**
 * Builds the `dynamic` op around an op table: inputs are the inner op's `numTensorInputs` tensors
 * followed by one tensor per name in `dynNames`; `dynKinds` says how each becomes an attribute
 * ('list', 'scalar' or 'pairs').
 *
 * @example
 * // A Reshape to a computed shape, inputs [x, shapeTensor]:
 * // { op: 'dynamic', attrs: { inner: 'reshape', numTensorInputs: 1, dynNames: ['shape'], dynKinds: ['list'] } }
 * const dynamicOp = makeDynamicOp(() => IR_OPS);
 */
export function makeDynamicOp(table: () => Readonly<Record<string, DynOpFn>>): DynOpFn {
  return (i, a) => {
    const inner = a.inner as string;
    const fn = (inner !== 'dynamic' && table()[inner]) || raise('ir.badGraph', { op: 'execute', detail: `a 'dynamic' node wraps op '${inner}', which is not a table op` });
    const nT = a.numTensorInputs as number;
    const names = a.dynNames as string[];
    const kinds = a.dynKinds as string[];
    const attrs: A = { ...a };
    for (let k = 0; k < names.length; k++) attrs[names[k]] = attrFrom(i[nT + k], kinds[k]);
    return fn(i.slice(0, nT), attrs);
  };
}

/** NMS of TF's NonMaxSuppressionV3/V4/V5: inputs boxes, scores, maxOutputSize, iou, score(, sigma). */
function nmsOp(i: Tensor[], a: A): Tensor | Tensor[] {
  const maxOut = first(i[2]);
  const iou = first(i[3]);
  const scoreT = i[4] ? first(i[4]) : -Infinity;
  const version = a.version as number;
  if (version === 5) {
    const r = nonMaxSuppressionWithScore(i[0], i[1], maxOut, iou, scoreT, i[5] ? first(i[5]) : 0);
    return [r.selectedIndices, r.selectedScores, int32([r.selectedIndices.size], [])];
  }
  const idx = nonMaxSuppression(i[0], i[1], maxOut, iou, scoreT);
  if (version !== 4) return idx;
  const n = idx.size;
  if (!a.padToMaxOutputSize || n >= maxOut) return [idx, int32([n], [])];
  const padded = new Int32Array(maxOut);
  padded.set(idx.dataSync() as Int32Array);
  idx.dispose();
  return [int32(padded, [maxOut]), int32([n], [])];
}

/** Coordinates of the true (non-zero) elements, as TF's Where with one input: int32 [n, rank]. */
function whereIndices(x: Tensor): Tensor {
  const v = x.dataSync() as ArrayLike<number>;
  const shape = x.shape;
  const out: number[] = [];
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < v.length; k++) {
    if (v[k]) out.push(...idx);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return int32(out, [out.length / Math.max(shape.length, 1), shape.length]);
}

export const DYNAMIC_OPS: Readonly<Record<string, DynOpFn>> = {
  'shape': (i) => int32(i[0].shape, [i[0].rank]),
  'size': (i) => int32([i[0].size], []),
  'rank': (i) => int32([i[0].rank], []),
  'range': (i, a) => range(first(i[0]), first(i[1]), first(i[2]), (a.dtype as 'float32' | 'int32') ?? 'float32'),
  'fill': (i, a) => fill(vals(i[0]), first(i[1]), (a.dtype as DType) ?? i[1].dtype),
  'floorDiv': (i) => floorDiv(i[0], i[1]),
  'mod': (i) => mod(i[0], i[1]),
  'gatherND': (i) => gatherND(i[0], i[1]),
  'less': (i) => less(i[0], i[1]), 'lessEqual': (i) => lessEqual(i[0], i[1]),
  'greater': (i) => greater(i[0], i[1]), 'greaterEqual': (i) => greaterEqual(i[0], i[1]),
  'equal': (i) => equal(i[0], i[1]), 'notEqual': (i) => notEqual(i[0], i[1]),
  'logicalAnd': (i) => logicalAnd(i[0], i[1]), 'logicalOr': (i) => logicalOr(i[0], i[1]),
  'logicalNot': (i) => logicalNot(i[0]),
  'where': (i) => where(i[0], i[1], i[2]),
  'whereIndices': (i) => whereIndices(i[0]),
  'image.nonMaxSuppression': nmsOp,
};
