import { ENGINE } from '../engine.js';
import { sizeOf } from '../../core/shape.js';
import { describeValue } from '../../errors/index.js';
import { toTensor, type TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { abs, pow } from './elementwise.js';
import { matMul } from './linalg.js';
import { asFloat, badArg, cast, checkAxes, checkAxis, checkRank, rankDesc, run } from './op-utils.js';
import { max, min, sum } from './reduce.js';
import { reshape, transpose } from './transform.js';
import { sqrt, square } from './elementwise.js';

/**
 * Vector or matrix norm, as TF.js: `ord` is 'euclidean' (default), 'fro', 1, 2 (vectors only),
 * Infinity, -Infinity or any number p (vectors). Without `axis`, the norm of all values.
 *
 * @example
 * sprout.norm([3, 4]).print(); // 5
 */
export function norm(x: TensorLike, ord: number | 'euclidean' | 'fro' = 'euclidean', axis: number | number[] | null = null, keepDims = false): Tensor {
  return ENGINE.tidy(() => {
    const original = asFloat(toTensor(x, 'x', 'norm'));
    let t = original;
    if (t.rank === 0) return abs(t);
    const all = axis === null || axis === undefined;
    if (all) {
      if (t.rank !== 1) t = reshape(t, [t.size]);
      axis = [0];
    }
    // Matrix norms depend on the order of the two axes (rows, columns): keep it as given.
    checkAxes('norm', axis, t.rank); // rejects repeats, naming the axes as given
    const given = (Array.isArray(axis) ? axis : [axis as number]).map((a) => checkAxis('norm', a, t.rank));
    const axes = given;
    const keepShape = (r: Tensor) => {
      if (!keepDims) return r;
      return reshape(r, all ? original.shape.map(() => 1) : t.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
    };
    if (axes.length === 1) {
      if (ord === 'euclidean' || ord === 'fro' || ord === 2) return keepShape(sqrt(sum(square(t), axes)));
      if (ord === 1) return keepShape(sum(abs(t), axes));
      if (ord === Infinity) return keepShape(max(abs(t), axes));
      if (ord === -Infinity) return keepShape(min(abs(t), axes));
      if (typeof ord === 'number' && !Number.isNaN(ord) && ord !== 0) return keepShape(pow(sum(pow(abs(t), ord), axes), 1 / ord));
      badArg('norm', 'ord', "must be 'euclidean', 'fro', a non-zero number or ±Infinity for a vector norm", describeValue(ord));
    }
    if (axes.length === 2) {
      const [a0, a1] = axes;
      if (ord === 'euclidean' || ord === 'fro') return keepShape(sqrt(sum(square(t), axes)));
      if (ord === 1) return keepShape(reshape(max(sum(abs(t), a0, true), a1, true), reducedShape(t.shape, axes)));
      if (ord === Infinity) return keepShape(reshape(max(sum(abs(t), a1, true), a0, true), reducedShape(t.shape, axes)));
      if (ord === -Infinity) return keepShape(reshape(min(sum(abs(t), a1, true), a0, true), reducedShape(t.shape, axes)));
      badArg('norm', 'ord', "must be 'euclidean', 'fro', 1, Infinity or -Infinity for a matrix norm", describeValue(ord));
    }
    return badArg('norm', 'axis', 'must name one or two axes', `[${axes}]`);
  });
}

function reducedShape(shape: number[], axes: number[]): number[] {
  return shape.filter((_, i) => !axes.includes(i));
}

/**
 * Cumulative sum along an axis (optionally exclusive, optionally from the end).
 *
 * @example
 * sprout.cumsum([1, 2, 3]).print(); // [1, 3, 6]
 */
export function cumsum(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  return ENGINE.tidy(() => {
    let t = toTensor(x, 'x', 'cumsum');
    if (t.rank === 0) badArg('cumsum', 'x', 'must have rank ≥ 1', 'rank 0 (a scalar)');
    if (t.dtype === 'bool') t = cast(t, 'int32');
    const a = checkAxis('cumsum', axis, t.rank);
    const outer = sizeOf(t.shape.slice(0, a)), inner = sizeOf(t.shape.slice(a + 1));
    const out = run('Cumsum', [reshape(t, [outer, t.shape[a], inner])], { exclusive: !!exclusive, reverse: !!reverse }, 'cumsum');
    return reshape(out, t.shape);
  });
}

/**
 * Dot product of vectors and matrices (rank 1 or 2 each).
 *
 * @example
 * sprout.dot([1, 2], [3, 4]).print(); // 11
 */
export function dot(t1: TensorLike, t2: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const a = toTensor(t1, 't1', 'dot'), b = toTensor(t2, 't2', 'dot');
    checkRank('dot', 't1', a, [1, 2]);
    checkRank('dot', 't2', b, [1, 2]);
    const k1 = a.shape[a.rank - 1], k2 = b.shape[0];
    if (k1 !== k2) badArg('dot', 't2', `must have ${k1} element(s) in its first dimension to match t1 ([${a.shape}])`, `shape [${b.shape}]`);
    const A = a.rank === 1 ? reshape(a, [1, k1]) : a;
    const B = b.rank === 1 ? reshape(b, [k2, 1]) : b;
    const r = matMul(A, B);
    if (a.rank === 1 && b.rank === 1) return reshape(r, []);
    if (a.rank === 1) return reshape(r, [b.shape[1]]);
    if (b.rank === 1) return reshape(r, [a.shape[0]]);
    return r;
  });
}

/**
 * Outer product of two vectors.
 *
 * @example
 * sprout.outerProduct([1, 2], [3, 4]).print(); // [[3, 4], [6, 8]]
 */
export function outerProduct(v1: TensorLike, v2: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const a = toTensor(v1, 'v1', 'outerProduct'), b = toTensor(v2, 'v2', 'outerProduct');
    checkRank('outerProduct', 'v1', a, 1);
    checkRank('outerProduct', 'v2', b, 1);
    return matMul(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
  });
}

/**
 * Einstein summation for one or two operands, e.g. 'ij,jk->ik' (matMul), 'bij,bjk->bik',
 * 'i,i->' (dot), 'i,j->ij' (outer), 'ij->ji', 'ij->i'. Repeated letters within one operand
 * (diagonals) are not supported.
 *
 * @example
 * sprout.einsum('ij,jk->ik', [[1, 2]], [[3], [4]]).print(); // [[11]]
 */
export function einsum(equation: string, ...tensors: TensorLike[]): Tensor {
  return ENGINE.tidy(() => {
    const op = 'einsum';
    if (typeof equation !== 'string') badArg(op, 'equation', "must be a string like 'ij,jk->ik'", describeValue(equation));
    const eq = equation.replace(/\s+/g, '');
    if (eq.split('->').length > 2) badArg(op, 'equation', "must contain '->' at most once", JSON.stringify(equation));
    const [lhs, rhsGiven] = eq.includes('->') ? eq.split('->') : [eq, undefined];
    const inputs = lhs.split(',');
    if (inputs.length > 2) badArg(op, 'equation', 'must have one or two operands (more are not supported yet)', `${inputs.length} operands in ${JSON.stringify(equation)}`);
    if (inputs.length !== tensors.length) {
      badArg(op, 'tensors', `must be ${inputs.length} tensor(s) for '${equation}'`, `${tensors.length} tensor(s)`);
    }
    if (rhsGiven !== undefined && new Set(rhsGiven).size !== rhsGiven.length) {
      badArg(op, 'equation', 'must not repeat a letter in the output', JSON.stringify(equation));
    }
    if (!/^[a-zA-Z,]*$/.test(lhs) || (rhsGiven !== undefined && !/^[a-zA-Z]*$/.test(rhsGiven))) {
      badArg(op, 'equation', "must use letters, one comma between operands and an optional '->'", JSON.stringify(equation));
    }
    const ts = tensors.map((t, i) => asFloat(toTensor(t, `tensors[${i}]`, op)));
    const dims = new Map<string, number>();
    inputs.forEach((spec, i) => {
      if (spec.length !== ts[i].rank) badArg(op, `tensors[${i}]`, `must have rank ${spec.length} for '${spec}'`, rankDesc(ts[i]));
      if (new Set(spec).size !== spec.length) badArg(op, 'equation', 'must not repeat a letter within one operand (diagonals are not supported)', JSON.stringify(equation));
      [...spec].forEach((c, j) => {
        const d = ts[i].shape[j];
        if (dims.has(c) && dims.get(c) !== d) badArg(op, `tensors[${i}]`, `must have size ${dims.get(c)} for '${c}'`, `size ${d}`);
        dims.set(c, d);
      });
    });
    const counts = new Map<string, number>();
    for (const c of inputs.join('')) counts.set(c, (counts.get(c) ?? 0) + 1);
    const rhs = rhsGiven ?? [...counts.keys()].filter((c) => counts.get(c) === 1).sort().join('');
    for (const c of rhs) if (!dims.has(c)) badArg(op, 'equation', `output letter '${c}' must appear in an input`, JSON.stringify(equation));
    // Sum away letters that appear in one operand only and not in the output.
    const reduced = inputs.map((spec, i) => {
      const other = inputs[1 - i] ?? '';
      const drop = [...spec].map((c, j) => (!rhs.includes(c) && !other.includes(c) ? j : -1)).filter((j) => j >= 0);
      const t = drop.length ? sum(ts[i], drop) : ts[i];
      return { t, spec: [...spec].filter((_, j) => !drop.includes(j)).join('') };
    });
    const finish = (t: Tensor, spec: string): Tensor => {
      const perm = [...rhs].map((c) => spec.indexOf(c));
      return perm.every((p, i) => p === i) ? t : transpose(t, perm);
    };
    if (reduced.length === 1) return finish(reduced[0].t, reduced[0].spec);
    const [A, B] = reduced;
    const batch = [...A.spec].filter((c) => B.spec.includes(c) && rhs.includes(c));
    const contract = [...A.spec].filter((c) => B.spec.includes(c) && !rhs.includes(c));
    const left = [...A.spec].filter((c) => !B.spec.includes(c));
    const right = [...B.spec].filter((c) => !A.spec.includes(c));
    const size = (cs: string[]) => sizeOf(cs.map((c) => dims.get(c) as number));
    const a3 = reshape(transpose(A.t, [...batch, ...left, ...contract].map((c) => A.spec.indexOf(c))), [size(batch), size(left), size(contract)]);
    const b3 = reshape(transpose(B.t, [...batch, ...contract, ...right].map((c) => B.spec.indexOf(c))), [size(batch), size(contract), size(right)]);
    const prodSpec = [...batch, ...left, ...right];
    const r = reshape(matMul(a3, b3), prodSpec.map((c) => dims.get(c) as number));
    return finish(r, prodSpec.join(''));
  });
}
