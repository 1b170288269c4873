// Every gradient rule, checked by central finite differences in float64 on the naive references
// (test/autograd/finite-diff.ts). Each case names the kernels it exercises; the helper proves they
// ran on the gradient path, and one test asserts that every kernel with a rule is named by some
// case, so a new rule without a test fails here.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.js';
import { kernelsWithGradients } from '../../src/autograd/index.js';
import { KERNELS } from '../../src/backends/cpu/kernel-table.js';
import { computeConv2DInfo, computeConv3DInfo, type PaddingSpec } from '../../src/core/conv-util.js';
import { ACTIVATIONS, type Activation } from '../../src/core/kernels.js';
import { ENGINE, type Tensor } from '../../src/tensor/index.js';
import {
  N, NX, Rng, checkGradients, hashString, near, nearHalf, nearInteger, type GradCheck, type InputSpec, type NT,
} from './finite-diff.js';

// ---------------------------------------------------------------------------------------------
// Case list

interface Case {
  name: string;
  covers: string[];
  check: GradCheck;
}
const cases: Case[] = [];
function gradCase(name: string, covers: string[], check: Omit<GradCheck, 'seed'> & { seed?: number }): void {
  cases.push({ name, covers, check: { seed: hashString(name), ...check } });
}

/** Shapes and configurations are drawn from one seeded generator, so the list is reproducible. */
const shapes = new Rng(20240917);

type F = (v: number) => number;
const add = (a: NT, b: NT): NT => N.zip(a, b, N.fn.add);
const subN = (a: NT, b: NT): NT => N.zip(a, b, N.fn.sub);
const mulN = (a: NT, b: NT): NT => N.zip(a, b, N.fn.mul);
const mapN = (x: NT, f: F): NT => N.map(x, f);
const scaleN = (x: NT, s: number): NT => mapN(x, (v) => v * s);
const sumN = (x: NT, axes?: number | number[], keep = false): NT => N.reduce(x, axes, keep, N.reducers.sum);
const reshapeN = (x: NT, shape: number[]): NT => ({ shape, data: x.data.slice() });
const cond = (c: NT, a: NT, b: NT): NT => N.where(c, a, b);
const lit = (shape: number[], data: number[]): NT => ({ shape, data });

// ---- unary ------------------------------------------------------------------------------------

const unary: [string, (x: Tensor) => Tensor, F, Partial<InputSpec>][] = [
  ['Neg', sp.neg, N.fn.neg, {}],
  ['Abs', sp.abs, N.fn.abs, { avoid: near([0]) }],
  ['Exp', sp.exp, N.fn.exp, {}],
  ['Expm1', sp.expm1, N.fn.expm1, {}],
  ['Log', sp.log, N.fn.log, { range: [0.2, 3] }],
  ['Log1p', sp.log1p, N.fn.log1p, { range: [-0.8, 2] }],
  ['Sqrt', sp.sqrt, N.fn.sqrt, { range: [0.2, 3] }],
  ['Rsqrt', sp.rsqrt, N.fn.rsqrt, { range: [0.2, 3] }],
  ['Square', sp.square, N.fn.square, { range: [-2, 2] }],
  ['Reciprocal', sp.reciprocal, N.fn.reciprocal, { range: [-2, 2], avoid: near([0], 0.3) }],
  ['Sin', sp.sin, N.fn.sin, { range: [-3, 3] }],
  ['Cos', sp.cos, N.fn.cos, { range: [-3, 3] }],
  ['Tan', sp.tan, N.fn.tan, { range: [-1.2, 1.2] }],
  ['Asin', sp.asin, N.fn.asin, { range: [-0.9, 0.9] }],
  ['Acos', sp.acos, N.fn.acos, { range: [-0.9, 0.9] }],
  ['Atan', sp.atan, N.fn.atan, { range: [-3, 3] }],
  ['Sinh', sp.sinh, N.fn.sinh, { range: [-2, 2] }],
  ['Cosh', sp.cosh, N.fn.cosh, { range: [-2, 2] }],
  ['Tanh', sp.tanh, N.fn.tanh, { range: [-3, 3] }],
  ['Sigmoid', sp.sigmoid, N.fn.sigmoid, { range: [-4, 4] }],
  ['Softplus', sp.softplus, N.fn.softplus, { range: [-4, 4] }],
  ['Relu', sp.relu, N.fn.relu, { avoid: near([0]) }],
  ['Relu6', sp.relu6, N.fn.relu6, { range: [-2, 8], avoid: near([0, 6]) }],
  ['Elu', sp.elu, N.fn.elu, { range: [-3, 3], avoid: near([0]) }],
  ['Selu', sp.selu, N.fn.selu, { range: [-3, 3], avoid: near([0]) }],
  ['Erf', sp.erf, N.fn.erf, { range: [-2, 2] }],
  ['LeakyRelu', (x) => sp.leakyRelu(x, 0.3), N.fn.leakyRelu(0.3), { avoid: near([0]) }],
  ['ClipByValue', (x) => sp.clipByValue(x, -0.5, 0.7), N.fn.clip(-0.5, 0.7), { avoid: near([-0.5, 0.7]) }],
];
for (const [kernel, f, ref, spec] of unary) {
  gradCase(`${kernel}: unary`, [kernel], {
    inputs: [{ shape: [3, 4], ...spec }],
    f: (x) => f(x),
    ref: (x) => mapN(x, ref),
  });
}

// Piecewise-constant ops have zero gradients; added to x so the check sees a non-zero total.
const steps: [string, (x: Tensor) => Tensor, F, Partial<InputSpec>][] = [
  ['Floor', sp.floor, Math.floor, { range: [-3, 3], avoid: nearInteger() }],
  ['Ceil', sp.ceil, Math.ceil, { range: [-3, 3], avoid: nearInteger() }],
  ['Round', sp.round, N.fn.round, { range: [-3, 3], avoid: nearHalf() }],
  ['Sign', sp.sign, N.fn.sign, { avoid: near([0]) }],
  ['Step', (x) => sp.step(x, 0.3), N.fn.step(0.3), { avoid: near([0]) }],
];
for (const [kernel, f, ref, spec] of steps) {
  gradCase(`${kernel}: zero gradient (x + ${kernel.toLowerCase()}(x))`, [kernel], {
    inputs: [{ shape: [2, 5], ...spec }],
    f: (x) => sp.add(x, f(x)),
    ref: (x) => add(x, mapN(x, ref)),
  });
}
gradCase('Cast: float→int→float truncates (zero gradient) and float→float passes through', ['Cast'], {
  inputs: [{ shape: [2, 5], range: [-3, 3], avoid: nearInteger() }],
  f: (x) => sp.add(x, sp.cast(sp.cast(x, 'int32'), 'float32')),
  ref: (x) => add(x, mapN(x, Math.trunc)),
});
gradCase('IsNaN, IsFinite, IsInf, LogicalNot as conditions of where', ['IsNaN', 'IsFinite', 'IsInf', 'LogicalNot', 'Select', 'Greater'], {
  inputs: [{ shape: [3, 4], avoid: near([0]) }],
  f: (x) => {
    const a = sp.where(sp.isNaN(x), x, sp.mul(x, 3));
    const b = sp.where(sp.isFinite(x), sp.square(x), x);
    const c = sp.where(sp.isInf(x), x, sp.exp(x));
    const d = sp.where(sp.logicalNot(sp.greater(x, 0)), sp.mul(x, 2), sp.mul(x, -0.5));
    return sp.addN([a, b, c, d]);
  },
  ref: (x) => {
    const a = scaleN(x, 3), b = mapN(x, (v) => v * v), c = mapN(x, Math.exp), d = mapN(x, (v) => (v > 0 ? -0.5 * v : 2 * v));
    return add(add(a, b), add(c, d));
  },
});

// ---- binary, broadcasting on both sides -------------------------------------------------------

const A_SHAPE = [3, 1, 4], B_SHAPE = [2, 1]; // → [3, 2, 4]
const binary: [string, (a: Tensor, b: Tensor) => Tensor, (a: number, b: number) => number, Partial<InputSpec>, Partial<InputSpec>][] = [
  ['Add', sp.add, N.fn.add, {}, {}],
  ['Sub', sp.sub, N.fn.sub, {}, {}],
  ['Mul', sp.mul, N.fn.mul, {}, {}],
  ['Div', sp.div, N.fn.div, {}, { range: [0.5, 2] }],
  ['Pow', sp.pow, N.fn.pow, { range: [0.3, 2] }, { range: [-2, 2] }],
  ['Maximum', sp.maximum, N.fn.maximum, {}, {}],
  ['Minimum', sp.minimum, N.fn.minimum, {}, {}],
  ['SquaredDifference', sp.squaredDifference, N.fn.squaredDifference, {}, {}],
  ['Atan2', sp.atan2, N.fn.atan2, {}, { avoid: near([0], 0.2) }],
  ['Mod', sp.mod, N.fn.mod, { range: [0.1, 5] }, { range: [1.3, 2.1] }],
];
for (const [kernel, f, ref, sa, sb] of binary) {
  gradCase(`${kernel}: [${A_SHAPE}] with [${B_SHAPE}] (both broadcast)`, [kernel], {
    inputs: [{ shape: A_SHAPE, ...sa }, { shape: B_SHAPE, ...sb }],
    f: (a, b) => f(a, b),
    ref: (a, b) => N.zip(a, b, ref),
  });
}
gradCase('Add: rank-0 and rank-3 operands', ['Add'], {
  inputs: [{ shape: [] }, { shape: [2, 3, 2] }],
  f: (a, b) => sp.add(sp.mul(a, b), a),
  ref: (a, b) => add(mulN(a, b), a),
});
gradCase('FloorDiv: zero gradient (a + floorDiv(a, b))', ['FloorDiv'], {
  inputs: [{ shape: A_SHAPE, range: [0.1, 5] }, { shape: B_SHAPE, values: [1.37, 2.11] }],
  f: (a, b) => sp.add(a, sp.floorDiv(a, b)),
  ref: (a, b) => add(N.broadcastTo(a, [3, 2, 4]), N.zip(a, b, N.fn.floorDiv)),
});
gradCase('Prelu: x [2,3,4] with alpha [4]', ['Prelu'], {
  inputs: [{ shape: [2, 3, 4], avoid: near([0]) }, { shape: [4] }],
  f: (x, a) => sp.prelu(x, a),
  ref: (x, a) => N.zip(x, a, N.fn.prelu),
});

// Comparisons and logical ops have no gradient but gate one: where(cond(a, b), ·, ·).
const compares: [string, (a: Tensor, b: Tensor) => Tensor, (a: number, b: number) => number][] = [
  ['Less', sp.less, N.fn.less],
  ['LessEqual', sp.lessEqual, N.fn.lessEqual],
  ['Greater', sp.greater, N.fn.greater],
  ['GreaterEqual', sp.greaterEqual, N.fn.greaterEqual],
];
for (const [kernel, f, ref] of compares) {
  gradCase(`${kernel}: gates where(·, a·b, a − b), broadcast`, [kernel, 'Select'], {
    inputs: [{ shape: A_SHAPE }, { shape: B_SHAPE }],
    f: (a, b) => sp.where(f(a, b), sp.mul(a, b), sp.sub(a, b)),
    ref: (a, b) => cond(N.zip(a, b, ref), N.zip(a, b, N.fn.mul), N.zip(a, b, N.fn.sub)),
  });
}
gradCase('Equal, NotEqual: where(x == max(x), 2x, x)', ['Equal', 'NotEqual', 'Max'], {
  inputs: [{ shape: [3, 4], distinct: true }],
  f: (x) => {
    const m = sp.max(x, 1, true);
    return sp.add(sp.where(sp.equal(x, m), sp.mul(x, 2), x), sp.where(sp.notEqual(x, m), sp.square(x), sp.neg(x)));
  },
  ref: (x) => {
    const m = N.reduce(x, 1, true, N.reducers.max);
    const eq = N.zip(x, m, N.fn.equal);
    return add(cond(eq, scaleN(x, 2), x), cond(eq, scaleN(x, -1), mapN(x, (v) => v * v)));
  },
});
const logicals: [string, (a: Tensor, b: Tensor) => Tensor, (a: number, b: number) => number][] = [
  ['LogicalAnd', sp.logicalAnd, N.fn.logicalAnd],
  ['LogicalOr', sp.logicalOr, N.fn.logicalOr],
  ['LogicalXor', sp.logicalXor, N.fn.logicalXor],
];
for (const [kernel, f, ref] of logicals) {
  gradCase(`${kernel}: gates where(·, a·b, a + b)`, [kernel, 'Select'], {
    inputs: [{ shape: A_SHAPE, avoid: near([0]) }, { shape: B_SHAPE, avoid: near([0.3]) }],
    f: (a, b) => sp.where(f(sp.greater(a, 0), sp.less(b, 0.3)), sp.mul(a, b), sp.add(a, b)),
    ref: (a, b) => {
      const c = N.zip(mapN(a, (v) => (v > 0 ? 1 : 0)), mapN(b, (v) => (v < 0.3 ? 1 : 0)), ref);
      return cond(N.broadcastTo(c, [3, 2, 4]), N.zip(a, b, N.fn.mul), N.zip(a, b, N.fn.add));
    },
  });
}
gradCase('AddN: three terms', ['AddN'], {
  inputs: [{ shape: [3, 4] }, { shape: [3, 4] }],
  f: (a, b) => sp.addN([a, b, sp.mul(a, b)]),
  ref: (a, b) => add(add(a, b), mulN(a, b)),
});

// ---- reductions -------------------------------------------------------------------------------

gradCase('Sum: axes [0, 2] keepDims', ['Sum'], {
  inputs: [{ shape: [2, 3, 4] }],
  f: (x) => sp.sum(x, [0, 2], true),
  ref: (x) => sumN(x, [0, 2], true),
});
gradCase('Sum: all axes; mean over [1, 2]', ['Sum', 'Div'], {
  inputs: [{ shape: [2, 3, 4] }],
  f: (x) => sp.add(sp.mean(x, [1, 2]), sp.sum(sp.square(x))),
  ref: (x) => add(N.reduce(x, [1, 2], false, N.reducers.mean), sumN(mapN(x, (v) => v * v))),
});
gradCase('Prod: axis 1 and axes [0, 2] keepDims', ['Prod'], {
  inputs: [{ shape: [2, 3, 4], range: [0.5, 1.5] }],
  f: (x) => sp.add(sp.sum(sp.prod(x, 1)), sp.sum(sp.prod(x, [0, 2], true))),
  ref: (x) => add(sumN(N.reduce(x, 1, false, N.reducers.prod)), sumN(N.reduce(x, [0, 2], true, N.reducers.prod))),
});
gradCase('Prod: rows with no zero, one zero and two zeros (exact zeros)', ['Prod'], {
  inputs: [{ shape: [3, 4], values: [0.7, -1.3, 0.9, 1.1, 0.8, 0, -1.2, 1.4, 0, 1.5, 0, 0.6] }],
  f: (x) => sp.prod(x, 1),
  ref: (x) => N.reduce(x, 1, false, N.reducers.prod),
});
gradCase('Max: axes [0, 2] keepDims', ['Max'], {
  inputs: [{ shape: [2, 3, 4], distinct: true }],
  f: (x) => sp.max(x, [0, 2], true),
  ref: (x) => N.reduce(x, [0, 2], true, N.reducers.max),
});
gradCase('Min: axis 1', ['Min'], {
  inputs: [{ shape: [2, 3, 4], distinct: true }],
  f: (x) => sp.min(x, 1),
  ref: (x) => N.reduce(x, 1, false, N.reducers.min),
});
gradCase('All, Any: gate where over axis 1 (keepDims)', ['All', 'Any'], {
  inputs: [{ shape: [4, 3], avoid: near([-0.5, 0.5]) }],
  f: (x) => sp.add(
    sp.where(sp.all(sp.greater(x, -0.5), 1, true), sp.mul(x, 2), x),
    sp.where(sp.any(sp.greater(x, 0.5), 1, true), sp.square(x), sp.neg(x))),
  ref: (x) => {
    const all = N.reduce(mapN(x, (v) => (v > -0.5 ? 1 : 0)), 1, true, N.reducers.all);
    const any = N.reduce(mapN(x, (v) => (v > 0.5 ? 1 : 0)), 1, true, N.reducers.any);
    return add(cond(all, scaleN(x, 2), x), cond(any, mapN(x, (v) => v * v), scaleN(x, -1)));
  },
});
gradCase('ArgMax, ArgMin: integer results scale x', ['ArgMax', 'ArgMin'], {
  inputs: [{ shape: [3, 5], distinct: true }],
  f: (x) => sp.mul(x, sp.cast(sp.reshape(sp.add(sp.argMax(x, 1), sp.argMin(x, 1)), [3, 1]), 'float32')),
  ref: (x) => mulN(x, reshapeN(add(N.argReduce(x, 1, 'max'), N.argReduce(x, 1, 'min')), [3, 1])),
});
gradCase('logSumExp over axis 1 and moments over [0, 1]', ['Max', 'Sum', 'Exp', 'Log'], {
  inputs: [{ shape: [3, 4], range: [-2, 2] }],
  f: (x) => {
    const { mean, variance } = sp.moments(x, [0, 1]);
    return sp.add(sp.logSumExp(x, 1), sp.add(mean, variance));
  },
  ref: (x) => add(N.reduce(x, 1, false, N.reducers.logSumExp), add(N.reduce(x, [0, 1], false, N.reducers.mean), N.reduce(x, [0, 1], false, N.reducers.variance))),
});
gradCase('Softmax: last axis and axis 0', ['Softmax', 'Transpose'], {
  inputs: [{ shape: [3, 4], range: [-2, 2] }],
  f: (x) => sp.add(sp.softmax(x), sp.softmax(x, 0)),
  ref: (x) => add(N.softmax(x, -1), N.softmax(x, 0)),
});
gradCase('LogSoftmax: last axis and axis 1 of a rank-3 input', ['LogSoftmax'], {
  inputs: [{ shape: [2, 3, 4], range: [-2, 2] }],
  f: (x) => sp.add(sp.logSoftmax(x), sp.logSoftmax(x, 1)),
  ref: (x) => add(N.logSoftmax(x, -1), N.logSoftmax(x, 1)),
});
gradCase('TopK: values of the 3 largest', ['TopK'], {
  inputs: [{ shape: [2, 3, 5], distinct: true }],
  f: (x) => sp.topk(x, 3).values,
  ref: (x) => N.topk(x, 3).values,
});
gradCase('OneHot: of argMax, masks x', ['OneHot'], {
  inputs: [{ shape: [3, 5], distinct: true }],
  f: (x) => sp.mul(x, sp.add(1, sp.cast(sp.oneHot(sp.argMax(x, 1), 5), 'float32'))),
  ref: (x) => mulN(x, mapN(N.oneHot(N.argReduce(x, 1, 'max'), 5), (v) => v + 1)),
});
gradCase('Cumsum: axis 1, every exclusive/reverse combination', ['Cumsum'], {
  inputs: [{ shape: [2, 4, 3] }],
  f: (x) => sp.addN([sp.cumsum(x, 1), sp.mul(sp.cumsum(x, 1, true), 2), sp.mul(sp.cumsum(x, 1, false, true), 3), sp.mul(sp.cumsum(x, -2, true, true), 4)]),
  ref: (x) => add(add(N.cumsum(x, 1), scaleN(N.cumsum(x, 1, true), 2)), add(scaleN(N.cumsum(x, 1, false, true), 3), scaleN(N.cumsum(x, 1, true, true), 4))),
});

// ---- matMul -----------------------------------------------------------------------------------

const mm: [string, number[], number[], boolean, boolean][] = [
  ['plain', [2, 3, 4], [2, 4, 5], false, false],
  ['transposeA', [2, 4, 3], [2, 4, 5], true, false],
  ['transposeB', [2, 3, 4], [2, 5, 4], false, true],
  ['both transposed', [2, 4, 3], [2, 5, 4], true, true],
  ['a batch 1 broadcast', [1, 3, 4], [3, 4, 5], false, false],
  ['b batch 1 broadcast, transposeB', [3, 3, 4], [1, 5, 4], false, true],
  ['rank 2 × rank 3', [3, 4], [2, 4, 5], false, false],
  ['batch [2,1] × [3] broadcast both ways', [2, 1, 3, 4], [3, 4, 2], false, false],
];
for (const [desc, as, bs, ta, tb] of mm) {
  gradCase(`BatchMatMul: ${desc}`, ['BatchMatMul'], {
    inputs: [{ shape: as }, { shape: bs }],
    f: (a, b) => sp.matMul(a, b, ta, tb),
    ref: (a, b) => N.matMul(a, b, ta, tb),
  });
}

/** Input specs of bias / alpha per activation, so outputs fall on both sides of each kink. */
function biasSpec(act: Activation, n: number): InputSpec {
  return { shape: [n], range: act === 'relu6' ? [1, 7] : [-1, 1] };
}
const fusedRef = (z: NT, act: Activation, alpha?: NT): NT => N.activate(z, act, { alpha, leakyreluAlpha: 0.2 });

for (const act of ACTIVATIONS) {
  const prelu = act === 'prelu';
  gradCase(`BatchMatMul fused: bias + ${act}${prelu ? ' (alpha gradient too)' : ''}`, ['BatchMatMul'], {
    inputs: [{ shape: [2, 3, 4], range: act === 'relu6' ? [-2, 2] : [-1, 1] }, { shape: [2, 4, 5] }, biasSpec(act, 5), ...(prelu ? [{ shape: [5] }] : [])],
    f: (a, b, bias, alpha) => sp.fused.matMul({ a, b, bias, activation: act, preluActivationWeights: alpha }),
    ref: (a, b, bias, alpha) => fusedRef(add(N.matMul(a, b), bias), act, alpha),
  });
}
gradCase('BatchMatMul fused: transposes, scalar bias, leakyrelu alpha 0.1', ['BatchMatMul'], {
  inputs: [{ shape: [4, 3] }, { shape: [5, 4] }, { shape: [1] }],
  f: (a, b, bias) => sp.fused.matMul({ a, b, transposeA: true, transposeB: true, bias, activation: 'leakyrelu', leakyreluAlpha: 0.1 }),
  ref: (a, b, bias) => N.activate(add(N.matMul(a, b, true, true), bias), 'leakyrelu', { leakyreluAlpha: 0.1 }),
});
gradCase('BatchMatMul fused: bias [3, 1] (not fusable: separate add) + prelu alpha [3, 5]', ['BatchMatMul', 'Prelu'], {
  inputs: [{ shape: [3, 4] }, { shape: [4, 5] }, { shape: [3, 1] }, { shape: [3, 5] }],
  f: (a, b, bias, alpha) => sp.fused.matMul({ a, b, bias, activation: 'prelu', preluActivationWeights: alpha }),
  ref: (a, b, bias, alpha) => fusedRef(add(N.matMul(a, b), bias), 'prelu', alpha),
});

// ---- conv2d -----------------------------------------------------------------------------------

interface ConvCfg {
  x: number[];
  f: number[];
  strides: [number, number];
  pad: PaddingSpec;
  dil: [number, number];
}
const cfgDesc = (c: ConvCfg) => `x [${c.x}] f [${c.f}] strides [${c.strides}] pad ${JSON.stringify(c.pad)} dilations [${c.dil}]`;

/** A random conv2d configuration with a non-empty output. */
function randomConv(rng: Rng, depthwise = false): ConvCfg {
  for (;;) {
    const dilated = rng.next() < 0.3;
    const strides: [number, number] = dilated ? [1, 1] : [rng.int(1, 2), rng.int(1, 2)];
    const dil: [number, number] = dilated ? [rng.int(1, 2), rng.int(1, 2)] : [1, 1];
    const pad: PaddingSpec = rng.pick<PaddingSpec>(['same', 'valid', 1, [[0, 0], [rng.int(0, 2), rng.int(0, 2)], [rng.int(0, 2), rng.int(0, 2)], [0, 0]]]);
    const c: ConvCfg = {
      x: [rng.int(1, 2), rng.int(2, 6), rng.int(2, 6), rng.int(1, 3)],
      f: [rng.int(1, 3), rng.int(1, 3), 0, rng.int(1, depthwise ? 2 : 3)],
      strides, pad, dil,
    };
    c.f[2] = c.x[3];
    const info = computeConv2DInfo(c.x, c.f, strides, dil, pad, undefined, depthwise);
    if (info.outH > 0 && info.outW > 0) return c;
  }
}

const conv2dCfgs: ConvCfg[] = [
  { x: [2, 5, 6, 3], f: [3, 3, 3, 4], strides: [1, 1], pad: 'same', dil: [1, 1] },
  { x: [1, 6, 5, 2], f: [2, 2, 2, 3], strides: [1, 1], pad: 'same', dil: [1, 1] }, // even kernel: pad bottom/right only
  { x: [2, 5, 5, 2], f: [2, 2, 2, 2], strides: [2, 2], pad: 'same', dil: [1, 1] }, // even kernel, stride 2
  { x: [1, 7, 6, 2], f: [3, 2, 2, 3], strides: [2, 1], pad: 'valid', dil: [1, 1] },
  { x: [1, 7, 7, 2], f: [3, 3, 2, 2], strides: [1, 1], pad: 'same', dil: [2, 2] }, // dilation
  { x: [2, 4, 4, 3], f: [1, 1, 3, 4], strides: [1, 1], pad: 'valid', dil: [1, 1] }, // pointwise (plain GEMM path)
  { x: [1, 5, 6, 2], f: [3, 3, 2, 2], strides: [1, 2], pad: [[0, 0], [2, 1], [0, 2], [0, 0]], dil: [1, 1] },
  ...Array.from({ length: 4 }, () => randomConv(shapes)),
];
for (const c of conv2dCfgs) {
  gradCase(`Conv2D: ${cfgDesc(c)}`, ['Conv2D'], {
    inputs: [{ shape: c.x }, { shape: c.f }],
    f: (x, w) => sp.conv2d(x, w, c.strides, c.pad, 'NHWC', c.dil),
    ref: (x, w) => N.conv2d(x, w, c.strides, c.pad, c.dil),
  });
}
gradCase('Conv2D: unbatched rank-3 input', ['Conv2D', 'Reshape'], {
  inputs: [{ shape: [5, 4, 2] }, { shape: [3, 3, 2, 3] }],
  f: (x, w) => sp.conv2d(x, w, 1, 'same'),
  ref: (x, w) => { const y = N.conv2d(reshapeN(x, [1, 5, 4, 2]), w, 1, 'same'); return reshapeN(y, y.shape.slice(1)); },
});
gradCase('Conv2D: conv1d (stride 2, dilation 1) and separableConv2d', ['Conv2D', 'DepthwiseConv2dNative'], {
  inputs: [{ shape: [2, 7, 2] }, { shape: [3, 2, 3] }, { shape: [1, 5, 5, 2] }, { shape: [3, 3, 2, 2] }, { shape: [1, 1, 4, 3] }],
  f: (x1, f1, x2, dw, pw) => sp.add(sp.sum(sp.conv1d(x1, f1, 2, 'same')), sp.sum(sp.separableConv2d(x2, dw, pw, 1, 'same'))),
  ref: (x1, f1, x2, dw, pw) => {
    const c1 = N.conv2d(reshapeN(x1, [2, 1, 7, 2]), reshapeN(f1, [1, 3, 2, 3]), [1, 2], 'same');
    const s2 = N.conv2d(N.depthwiseConv2d(x2, dw, 1, 'same'), pw, 1, 'valid');
    return add(sumN(c1), sumN(s2));
  },
});
for (const act of ACTIVATIONS) {
  const prelu = act === 'prelu';
  gradCase(`Conv2D fused: bias + ${act}${prelu ? ' (alpha gradient too)' : ''}`, ['Conv2D'], {
    inputs: [{ shape: [2, 5, 4, 3] }, { shape: [3, 3, 3, 4] }, biasSpec(act, 4), ...(prelu ? [{ shape: [4] }] : [])],
    f: (x, w, bias, alpha) => sp.fused.conv2d({ x, filter: w, strides: [2, 1], pad: 'same', bias, activation: act, preluActivationWeights: alpha }),
    ref: (x, w, bias, alpha) => fusedRef(add(N.conv2d(x, w, [2, 1], 'same'), bias), act, alpha),
  });
}
gradCase('Conv2D fused: no bias, prelu with a scalar alpha, dilation 2', ['Conv2D'], {
  inputs: [{ shape: [1, 6, 6, 2] }, { shape: [2, 2, 2, 3] }, { shape: [1] }],
  f: (x, w, alpha) => sp.fused.conv2d({ x, filter: w, strides: 1, pad: 'valid', dilations: 2, activation: 'prelu', preluActivationWeights: alpha }),
  ref: (x, w, alpha) => fusedRef(N.conv2d(x, w, 1, 'valid', 2), 'prelu', alpha),
});
gradCase('Conv2D fused: full-shape bias (not fusable) + relu', ['Conv2D', 'Relu'], {
  inputs: [{ shape: [2, 4, 4, 2] }, { shape: [3, 3, 2, 3] }, { shape: [4, 4, 3] }],
  f: (x, w, bias) => sp.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', bias, activation: 'relu' }),
  ref: (x, w, bias) => fusedRef(add(N.conv2d(x, w, 1, 'same'), bias), 'relu'),
});

// ---- depthwise --------------------------------------------------------------------------------

const dwCfgs: ConvCfg[] = [
  { x: [2, 5, 6, 3], f: [3, 3, 3, 1], strides: [1, 1], pad: 'same', dil: [1, 1] },
  { x: [1, 6, 5, 2], f: [3, 3, 2, 2], strides: [2, 2], pad: 'same', dil: [1, 1] }, // multiplier 2
  { x: [1, 6, 6, 2], f: [2, 2, 2, 2], strides: [1, 1], pad: 'same', dil: [1, 1] }, // even kernel
  { x: [1, 7, 7, 2], f: [3, 3, 2, 1], strides: [1, 1], pad: 'valid', dil: [2, 2] },
  ...Array.from({ length: 3 }, () => randomConv(shapes, true)),
];
for (const c of dwCfgs) {
  gradCase(`DepthwiseConv2dNative: ${cfgDesc(c)}`, ['DepthwiseConv2dNative'], {
    inputs: [{ shape: c.x }, { shape: c.f }],
    f: (x, w) => sp.depthwiseConv2d(x, w, c.strides, c.pad, 'NHWC', c.dil),
    ref: (x, w) => N.depthwiseConv2d(x, w, c.strides, c.pad, c.dil),
  });
}
for (const act of ACTIVATIONS) {
  const prelu = act === 'prelu';
  gradCase(`DepthwiseConv2dNative fused: bias + ${act}${prelu ? ' (alpha gradient too)' : ''}`, ['DepthwiseConv2dNative'], {
    inputs: [{ shape: [2, 5, 5, 2] }, { shape: [3, 3, 2, 2] }, biasSpec(act, 4), ...(prelu ? [{ shape: [4] }] : [])],
    f: (x, w, bias, alpha) => sp.fused.depthwiseConv2d({ x, filter: w, strides: 2, pad: 'same', bias, activation: act, preluActivationWeights: alpha }),
    ref: (x, w, bias, alpha) => fusedRef(add(N.depthwiseConv2d(x, w, 2, 'same'), bias), act, alpha),
  });
}

// ---- conv2dTranspose --------------------------------------------------------------------------

const transposeCfgs: { dy: number[]; f: number[]; out: number[]; strides: number; pad: 'same' | 'valid' }[] = [
  { dy: [2, 3, 3, 2], f: [3, 3, 3, 2], out: [2, 5, 5, 3], strides: 2, pad: 'same' },
  { dy: [1, 2, 3, 3], f: [2, 2, 2, 3], out: [1, 4, 6, 2], strides: 2, pad: 'valid' },
  { dy: [1, 4, 4, 2], f: [3, 3, 1, 2], out: [1, 4, 4, 1], strides: 1, pad: 'same' },
];
for (const c of transposeCfgs) {
  gradCase(`Conv2DBackpropInput (conv2dTranspose): dy [${c.dy}] f [${c.f}] → [${c.out}] stride ${c.strides} ${c.pad}`, ['Conv2DBackpropInput'], {
    inputs: [{ shape: c.dy }, { shape: c.f }],
    f: (dy, w) => sp.conv2dTranspose(dy, w, c.out, c.strides, c.pad),
    ref: (dy, w) => N.conv2dTranspose(dy, w, c.out, c.strides, c.pad),
  });
}

// ---- pools ------------------------------------------------------------------------------------

const poolCfgs: { x: number[]; k: number | [number, number]; s: number | [number, number]; pad: PaddingSpec; dil?: number }[] = [
  { x: [2, 5, 5, 2], k: 3, s: 2, pad: 'same' },
  { x: [1, 6, 7, 3], k: 2, s: 2, pad: 'same' },
  { x: [1, 5, 6, 2], k: [3, 2], s: [1, 2], pad: 'valid' },
  { x: [1, 5, 5, 2], k: 3, s: 1, pad: 'same' }, // overlapping windows share cells
  { x: [1, 4, 5, 2], k: 3, s: 2, pad: 1 },
  { x: [1, 7, 7, 2], k: 2, s: 1, pad: 'same', dil: 2 },
];
for (const c of poolCfgs) {
  const desc = `x [${c.x}] window ${JSON.stringify(c.k)} strides ${JSON.stringify(c.s)} pad ${JSON.stringify(c.pad)}${c.dil ? ` dilation ${c.dil}` : ''}`;
  const run = (kind: 'max' | 'avg', x: Tensor) => (c.dil
    ? sp.pool(x, c.k, kind, c.pad, c.dil, c.s)
    : kind === 'max' ? sp.maxPool(x, c.k, c.s, c.pad) : sp.avgPool(x, c.k, c.s, c.pad));
  gradCase(`MaxPool: ${desc}`, ['MaxPool'], {
    inputs: [{ shape: c.x, distinct: true }],
    f: (x) => run('max', x),
    ref: (x) => N.pool(x, 'max', c.k, c.s, c.pad, c.dil ?? 1),
  });
  gradCase(`AvgPool: ${desc}`, ['AvgPool'], {
    inputs: [{ shape: c.x }],
    f: (x) => run('avg', x),
    ref: (x) => N.pool(x, 'avg', c.k, c.s, c.pad, c.dil ?? 1),
  });
}
gradCase('MaxPoolWithArgmax: values, batch 2 without batch in the index, same pad', ['MaxPoolWithArgmax'], {
  inputs: [{ shape: [2, 5, 4, 2], distinct: true }],
  f: (x) => sp.maxPoolWithArgmax(x, 3, 2, 'same').result,
  ref: (x) => N.maxPoolWithArgmax(x, 3, 2, 'same').result,
});
gradCase('MaxPoolWithArgmax: values, batch in the index, valid', ['MaxPoolWithArgmax'], {
  inputs: [{ shape: [2, 4, 5, 3], distinct: true }],
  f: (x) => sp.maxPoolWithArgmax(x, 2, [1, 2], 'valid', true).result,
  ref: (x) => N.maxPoolWithArgmax(x, 2, [1, 2], 'valid', true).result,
});

// ---- batchNorm --------------------------------------------------------------------------------

gradCase('batchNorm: gradient in x, mean, variance, offset and scale (params [C])', ['Sub', 'Rsqrt', 'Mul', 'Add'], {
  inputs: [{ shape: [2, 3, 4] }, { shape: [4] }, { shape: [4], range: [0.3, 2] }, { shape: [4] }, { shape: [4] }],
  f: (x, m, v, o, s) => sp.batchNorm(x, m, v, o, s, 0.01),
  ref: (x, m, v, o, s) => N.batchNorm(x, m, v, o, s, 0.01),
});
gradCase('batchNorm: params [3, 1] broadcast along the middle axis, no offset', ['Sub', 'Rsqrt', 'Mul'], {
  inputs: [{ shape: [2, 3, 4] }, { shape: [3, 1] }, { shape: [3, 1], range: [0.3, 2] }, { shape: [3, 1] }],
  f: (x, m, v, s) => sp.batchNorm(x, m, v, undefined, s),
  ref: (x, m, v, s) => N.batchNorm(x, m, v, undefined, s),
});

// ---- layout -----------------------------------------------------------------------------------

gradCase('Reshape, expandDims, squeeze, flatten', ['Reshape'], {
  inputs: [{ shape: [2, 3, 4] }],
  f: (x) => sp.mul(sp.reshape(x, [4, 6]), sp.reshape(sp.squeeze(sp.expandDims(sp.flatten(sp.square(x)), 0)), [4, 6])),
  ref: (x) => mulN(reshapeN(x, [4, 6]), reshapeN(mapN(x, (v) => v * v), [4, 6])),
});
gradCase('Transpose: perm [2, 0, 1] and default', ['Transpose'], {
  inputs: [{ shape: [2, 3, 4] }],
  f: (x) => sp.mul(sp.transpose(x, [2, 0, 1]), sp.transpose(sp.transpose(sp.exp(x), [1, 0, 2]))),
  ref: (x) => mulN(N.transpose(x, [2, 0, 1]), N.transpose(N.transpose(mapN(x, Math.exp), [1, 0, 2]))),
});
gradCase('Slice: begin/size with -1', ['Slice'], {
  inputs: [{ shape: [3, 4, 5] }],
  f: (x) => sp.slice(x, [1, 0, 2], [2, -1, 2]),
  ref: (x) => N.slice(x, [1, 0, 2], [2, -1, 2]),
});
gradCase('Concat: axis 1 of three, one of them x twice', ['Concat'], {
  inputs: [{ shape: [2, 2, 3] }, { shape: [2, 1, 3] }],
  f: (a, b) => sp.concat([a, b, sp.square(a)], 1),
  ref: (a, b) => N.concat([a, b, mapN(a, (v) => v * v)], 1),
});
gradCase('Stack and unstack: axis 1', ['Concat', 'Slice'], {
  inputs: [{ shape: [2, 3] }, { shape: [2, 3] }],
  f: (a, b) => {
    const [u0, , u2] = sp.unstack(sp.stack([a, b, sp.mul(a, b)], 1), 1);
    return sp.add(sp.mul(u0, 2), u2);
  },
  ref: (a, b) => add(scaleN(a, 2), mulN(a, b)),
});
gradCase('Split: sizes [1, 3] along axis 1', ['Slice'], {
  inputs: [{ shape: [2, 4, 3] }],
  f: (x) => {
    const [p, q] = sp.split(x, [1, 3], 1);
    return sp.mul(sp.exp(p), q);
  },
  ref: (x) => mulN(mapN(N.slice(x, [0, 0, 0], [2, 1, 3]), Math.exp), N.slice(x, [0, 1, 0], [2, 3, 3])),
});
gradCase('Pad: constant 0.5, uneven', ['Pad'], {
  inputs: [{ shape: [2, 3] }],
  f: (x) => sp.pad(sp.square(x), [[1, 2], [0, 1]], 0.5),
  ref: (x) => N.pad(mapN(x, (v) => v * v), [[1, 2], [0, 1]], 0.5),
});
for (const mode of ['reflect', 'symmetric'] as const) {
  gradCase(`MirrorPad: ${mode}`, ['MirrorPad'], {
    inputs: [{ shape: [3, 4] }],
    f: (x) => sp.mirrorPad(x, [[2, 1], [1, 3]], mode),
    ref: (x) => N.mirrorPad(x, [[2, 1], [1, 3]], mode),
  });
}
gradCase('Gather: axis 0 and axis 1, repeated indices', ['Gather'], {
  inputs: [{ shape: [4, 3, 2] }],
  f: (x) => sp.add(sp.gather(x, sp.tensor([2, 0, 2, 3], [4], 'int32'), 0), sp.reshape(sp.sum(sp.gather(x, sp.tensor([1, 1, 2, 0], [4], 'int32'), 1)), [1, 1, 1])),
  ref: (x) => add(N.gather(x, lit([4], [2, 0, 2, 3]), 0), reshapeN(sumN(N.gather(x, lit([4], [1, 1, 2, 0]), 1)), [1, 1, 1])),
});
gradCase('Gather: axis 0 of a [5, 2] table (outer 1), indices of rank 2', ['Gather'], {
  inputs: [{ shape: [5, 2] }],
  f: (x) => sp.gather(x, sp.tensor([[4, 0], [4, 2], [1, 4]], [3, 2], 'int32')),
  ref: (x) => N.gather(x, lit([3, 2], [4, 0, 4, 2, 1, 4]), 0),
});
gradCase('Tile: reps [2, 3, 2]', ['Tile'], {
  inputs: [{ shape: [2, 1, 3] }],
  f: (x) => sp.tile(sp.square(x), [2, 3, 2]),
  ref: (x) => N.tile(mapN(x, (v) => v * v), [2, 3, 2]),
});
gradCase('Tile: broadcastTo [2, 1, 3] → [2, 2, 4, 3]', ['Tile'], {
  inputs: [{ shape: [2, 1, 3] }],
  f: (x) => sp.broadcastTo(x, [2, 2, 4, 3]),
  ref: (x) => N.broadcastTo(x, [2, 2, 4, 3]),
});
gradCase('Reverse: axes [0, 2]', ['Reverse'], {
  inputs: [{ shape: [2, 3, 4] }],
  f: (x) => sp.mul(sp.reverse(x, [0, 2]), x),
  ref: (x) => mulN(N.reverse(x, [0, 2]), x),
});
gradCase('StridedSlice: negative and positive strides', ['StridedSlice'], {
  inputs: [{ shape: [5, 6] }],
  f: (x) => sp.stridedSlice(x, [4, 0], [0, 6], [-2, 2]),
  ref: (x) => N.stridedSlice(x, [4, 0], [0, 6], [-2, 2]),
});
gradCase('GatherNd: rows of a [3, 4, 2], repeated index', ['GatherNd'], {
  inputs: [{ shape: [3, 4, 2] }],
  f: (x) => sp.gatherND(x, sp.tensor([[0, 1], [2, 3], [0, 1]], [3, 2], 'int32')),
  ref: (x) => N.gatherND(x, lit([3, 2], [0, 1, 2, 3, 0, 1])),
});
gradCase('ScatterNd: updates with a duplicate index', ['ScatterNd'], {
  inputs: [{ shape: [3, 2] }],
  f: (u) => sp.scatterND(sp.tensor([[1], [3], [1]], [3, 1], 'int32'), u, [4, 2]),
  ref: (u) => N.scatterND(lit([3, 1], [1, 3, 1]), u, [4, 2]),
});

// ---- images -----------------------------------------------------------------------------------

const resizeCfgs: [number[], [number, number], boolean, boolean][] = [
  [[2, 3, 4, 2], [5, 7], false, false],
  [[1, 4, 5, 2], [7, 3], true, false],
  [[1, 4, 3, 2], [6, 5], false, true],
  [[1, 6, 5, 1], [3, 2], false, true], // downsampling
  [[1, 5, 5, 2], [2, 3], true, false],
];
for (const [xs, size, ac, hp] of resizeCfgs) {
  const desc = `[${xs}] → ${size.join('×')} alignCorners ${ac} halfPixelCenters ${hp}`;
  gradCase(`ResizeBilinear: ${desc}`, ['ResizeBilinear'], {
    inputs: [{ shape: xs }],
    f: (x) => sp.image.resizeBilinear(x, size, ac, hp),
    ref: (x) => N.resizeBilinear(x, size, ac, hp),
  });
  gradCase(`ResizeNearestNeighbor: ${desc}`, ['ResizeNearestNeighbor'], {
    inputs: [{ shape: xs }],
    f: (x) => sp.image.resizeNearestNeighbor(x, size, ac, hp),
    ref: (x) => N.resizeNearestNeighbor(x, size, ac, hp),
  });
}
gradCase('LRN: depthRadius 2 over 7 channels', ['LRN'], {
  inputs: [{ shape: [2, 2, 2, 7] }],
  f: (x) => sp.localResponseNormalization(x, 2, 1.5, 0.3, 0.75),
  ref: (x) => N.localResponseNormalization(x, 2, 1.5, 0.3, 0.75),
});
gradCase('LRN: radius wider than the channels, unbatched', ['LRN'], {
  inputs: [{ shape: [2, 3, 3], range: [-2, 2] }],
  f: (x) => sp.localResponseNormalization(x, 5, 1, 0.5, 0.5),
  ref: (x) => N.localResponseNormalization(x, 5, 1, 0.5, 0.5),
});
const boxes = [0.1, 0.15, 0.8, 0.7, 0.6, 0.05, 0.2, 0.9, 0.3, 0.3, 0.72, 0.62];
gradCase('CropAndResize bilinear: image and boxes (flipped box, two images)', ['CropAndResize'], {
  inputs: [{ shape: [2, 5, 6, 2] }, { shape: [3, 4], values: boxes }],
  f: (img, bx) => sp.image.cropAndResize(img, bx, sp.tensor([0, 1, 1], [3], 'int32'), [3, 4], 'bilinear'),
  ref: (img, bx) => N.cropAndResize(img, bx, lit([3], [0, 1, 1]), [3, 4], 'bilinear'),
});
gradCase('CropAndResize bilinear: crop size 1 (box centre), samples outside the image', ['CropAndResize'], {
  inputs: [{ shape: [1, 4, 4, 2] }, { shape: [2, 4], values: [0.2, 0.3, 0.7, 0.6, -0.25, 0.1, 0.6, 1.3] }],
  f: (img, bx) => sp.add(
    sp.sum(sp.image.cropAndResize(img, bx, sp.tensor([0, 0], [2], 'int32'), [1, 1], 'bilinear')),
    sp.sum(sp.image.cropAndResize(img, bx, sp.tensor([0, 0], [2], 'int32'), [4, 3], 'bilinear', 0.5))),
  ref: (img, bx) => add(sumN(N.cropAndResize(img, bx, lit([2], [0, 0]), [1, 1], 'bilinear')), sumN(N.cropAndResize(img, bx, lit([2], [0, 0]), [4, 3], 'bilinear', 0.5))),
});
gradCase('CropAndResize nearest: image (boxes piecewise constant)', ['CropAndResize'], {
  inputs: [{ shape: [1, 5, 5, 2] }, { shape: [2, 4], values: boxes.slice(0, 8) }],
  f: (img, bx) => sp.image.cropAndResize(img, bx, sp.tensor([0, 0], [2], 'int32'), [3, 3], 'nearest'),
  ref: (img, bx) => N.cropAndResize(img, bx, lit([2], [0, 0]), [3, 3], 'nearest'),
});

// ---- 3-D --------------------------------------------------------------------------------------

const conv3dCfgs: { x: number[]; f: number[]; s: number | [number, number, number]; pad: 'same' | 'valid'; dil?: number }[] = [
  { x: [1, 4, 4, 3, 2], f: [2, 3, 2, 2, 3], s: 1, pad: 'same' },
  { x: [2, 5, 4, 4, 1], f: [3, 2, 2, 1, 2], s: [2, 1, 2], pad: 'valid' },
  { x: [1, 5, 5, 5, 1], f: [2, 2, 2, 1, 2], s: 1, pad: 'valid', dil: 2 },
];
for (const c of conv3dCfgs) {
  gradCase(`Conv3D: x [${c.x}] f [${c.f}] strides ${JSON.stringify(c.s)} ${c.pad}${c.dil ? ` dilation ${c.dil}` : ''}`, ['Conv3D'], {
    inputs: [{ shape: c.x }, { shape: c.f }],
    f: (x, w) => sp.conv3d(x, w, c.s, c.pad, 'NDHWC', c.dil ?? 1),
    ref: (x, w) => N.conv3d(x, w, c.s, c.pad, c.dil ?? 1),
  });
}
gradCase('Conv3DBackpropInput (conv3dTranspose): stride 2, same', ['Conv3DBackpropInput'], {
  inputs: [{ shape: [1, 2, 2, 3, 2] }, { shape: [2, 2, 3, 3, 2] }],
  f: (dy, w) => sp.conv3dTranspose(dy, w, [1, 3, 4, 5, 3], 2, 'same'),
  ref: (dy, w) => N.conv3dTranspose(dy, w, [1, 3, 4, 5, 3], 2, 'same'),
});
gradCase('Conv3DBackpropInput (conv3dTranspose): stride 1, valid, unbatched', ['Conv3DBackpropInput'], {
  inputs: [{ shape: [2, 2, 2, 2] }, { shape: [2, 2, 2, 1, 2] }],
  f: (dy, w) => sp.conv3dTranspose(dy, w, [3, 3, 3, 1], 1, 'valid'),
  ref: (dy, w) => reshapeN(N.conv3dTranspose(reshapeN(dy, [1, 2, 2, 2, 2]), w, [1, 3, 3, 3, 1], 1, 'valid'), [3, 3, 3, 1]),
});
const pool3dCfgs: { x: number[]; k: number | [number, number, number]; s: number | [number, number, number]; pad: 'same' | 'valid' | number }[] = [
  { x: [1, 4, 5, 4, 2], k: 2, s: 2, pad: 'same' },
  { x: [2, 3, 4, 4, 1], k: [2, 3, 2], s: [1, 1, 2], pad: 'valid' },
  { x: [1, 3, 3, 3, 2], k: 3, s: 1, pad: 'same' },
];
for (const c of pool3dCfgs) {
  const desc = `x [${c.x}] window ${JSON.stringify(c.k)} strides ${JSON.stringify(c.s)} ${c.pad}`;
  gradCase(`MaxPool3D: ${desc}`, ['MaxPool3D'], {
    inputs: [{ shape: c.x, distinct: true }],
    f: (x) => sp.maxPool3d(x, c.k, c.s, c.pad),
    ref: (x) => N.pool3d(x, 'max', c.k, c.s, c.pad),
  });
  gradCase(`AvgPool3D: ${desc}`, ['AvgPool3D'], {
    inputs: [{ shape: c.x }],
    f: (x) => sp.avgPool3d(x, c.k, c.s, c.pad),
    ref: (x) => N.pool3d(x, 'avg', c.k, c.s, c.pad),
  });
}

// ---- backward kernels (second-order gradients) ------------------------------------------------

const kernel1 = (name: string, inputs: Tensor[], attrs: Record<string, unknown>): Tensor => ENGINE.runKernel(name, inputs, attrs, name)[0];

{
  const xs = [2, 5, 5, 2], fs = [3, 3, 2, 3], st: [number, number] = [2, 1];
  const info = computeConv2DInfo(xs, fs, st, [1, 1], 'same');
  const ys = [2, info.outH, info.outW, 3];
  gradCase('Conv2DBackpropFilter: in x and dy (stride [2, 1], same)', ['Conv2DBackpropFilter'], {
    inputs: [{ shape: xs }, { shape: ys }],
    f: (x, dy) => kernel1('Conv2DBackpropFilter', [x, dy], { info }),
    ref: (x, dy) => NX.conv2dBackpropFilter(x, dy, fs, st, 'same'),
  });
  const info1 = computeConv2DInfo([1, 3, 4, 3], [1, 1, 3, 2], [1, 1], [1, 1], 'valid');
  gradCase('Conv2DBackpropFilter: pointwise (GEMM of the whole image)', ['Conv2DBackpropFilter'], {
    inputs: [{ shape: [1, 3, 4, 3] }, { shape: [1, 3, 4, 2] }],
    f: (x, dy) => kernel1('Conv2DBackpropFilter', [x, dy], { info: info1 }),
    ref: (x, dy) => NX.conv2dBackpropFilter(x, dy, [1, 1, 3, 2], 1, 'valid'),
  });
}
{
  const xs = [1, 6, 5, 2], fs = [3, 2, 2, 2], dil: [number, number] = [2, 1];
  const info = computeConv2DInfo(xs, fs, [1, 1], dil, 'same', undefined, true);
  const ys = [1, info.outH, info.outW, 4];
  gradCase('DepthwiseConv2dNativeBackpropInput: in dy and filter (multiplier 2, dilation [2, 1])', ['DepthwiseConv2dNativeBackpropInput'], {
    inputs: [{ shape: ys }, { shape: fs }],
    f: (dy, w) => kernel1('DepthwiseConv2dNativeBackpropInput', [dy, w], { info }),
    ref: (dy, w) => NX.depthwiseConv2dBackpropInput(dy, w, xs, 1, 'same', dil),
  });
  gradCase('DepthwiseConv2dNativeBackpropFilter: in x and dy (multiplier 2, dilation [2, 1])', ['DepthwiseConv2dNativeBackpropFilter'], {
    inputs: [{ shape: xs }, { shape: ys }],
    f: (x, dy) => kernel1('DepthwiseConv2dNativeBackpropFilter', [x, dy], { info }),
    ref: (x, dy) => NX.depthwiseConv2dBackpropFilter(x, dy, fs, 1, 'same', dil),
  });
}
{
  const xs = [2, 5, 5, 2];
  const info = computeConv2DInfo(xs, [3, 3, 2, 2], [2, 2], [1, 1], 'same');
  const ys = [2, info.outH, info.outW, 2];
  gradCase('MaxPoolGrad: in dy (x: zero almost everywhere)', ['MaxPoolGrad'], {
    inputs: [{ shape: ys }, { shape: xs, distinct: true }],
    f: (dy, x) => kernel1('MaxPoolGrad', [dy, x], { info }),
    ref: (dy, x) => NX.maxPoolGrad(dy, x, 3, 2, 'same'),
  });
  gradCase('MaxPoolGradGrad: in g (x: zero almost everywhere)', ['MaxPoolGradGrad'], {
    inputs: [{ shape: xs, distinct: true }, { shape: xs }],
    f: (x, g) => kernel1('MaxPoolGradGrad', [x, g], { info }),
    ref: (x, g) => NX.maxPoolGradGrad(x, g, 3, 2, 'same'),
  });
  const infoD = computeConv2DInfo([1, 6, 6, 2], [2, 2, 2, 2], [1, 1], [2, 2], 'same');
  gradCase('AvgPoolGrad: in dy (same pad counts only real cells, dilation 2)', ['AvgPoolGrad'], {
    inputs: [{ shape: [1, infoD.outH, infoD.outW, 2] }],
    f: (dy) => kernel1('AvgPoolGrad', [dy], { info: infoD, inShape: [1, 6, 6, 2] }),
    ref: (dy) => NX.avgPoolGrad(dy, [1, 6, 6, 2], 2, 1, 'same', 2),
  });
}
for (const [xs, size, ac, hp] of resizeCfgs.slice(0, 3)) {
  const attrs = { alignCorners: ac, halfPixelCenters: hp };
  const ys = [xs[0], size[0], size[1], xs[3]];
  gradCase(`ResizeBilinearGrad: in dy, [${xs}] ← ${size.join('×')} alignCorners ${ac} halfPixelCenters ${hp}`, ['ResizeBilinearGrad'], {
    inputs: [{ shape: ys }],
    f: (dy) => kernel1('ResizeBilinearGrad', [dy, sp.zeros(xs)], attrs),
    ref: (dy) => NX.resizeBilinearGrad(dy, xs, ac, hp),
  });
  gradCase(`ResizeNearestNeighborGrad: in dy, [${xs}] ← ${size.join('×')} alignCorners ${ac} halfPixelCenters ${hp}`, ['ResizeNearestNeighborGrad'], {
    inputs: [{ shape: ys }],
    f: (dy) => kernel1('ResizeNearestNeighborGrad', [dy, sp.zeros(xs)], attrs),
    ref: (dy) => NX.resizeNearestNeighborGrad(dy, xs, ac, hp),
  });
}
{
  const xs = [1, 4, 3, 4, 2], fs = [2, 2, 3, 2, 2], st: [number, number, number] = [1, 2, 1];
  const info = computeConv3DInfo(xs, fs, st, [1, 1, 1], 'same');
  const ys = [1, info.outD, info.outH, info.outW, 2];
  gradCase('Conv3DBackpropFilter: in x and dy (strides [1, 2, 1], same)', ['Conv3DBackpropFilter'], {
    inputs: [{ shape: xs }, { shape: ys }],
    f: (x, dy) => kernel1('Conv3DBackpropFilter', [x, dy], { info }),
    ref: (x, dy) => NX.conv3dBackpropFilter(x, dy, fs, st, 'same'),
  });
  const px = [2, 3, 4, 4, 2];
  const pinfo = computeConv3DInfo(px, [2, 2, 2, 2, 2], [2, 2, 2], [1, 1, 1], 'same');
  const py = [2, pinfo.outD, pinfo.outH, pinfo.outW, 2];
  gradCase('MaxPool3DGrad: in dy (x: zero almost everywhere)', ['MaxPool3DGrad'], {
    inputs: [{ shape: py }, { shape: px, distinct: true }],
    f: (dy, x) => kernel1('MaxPool3DGrad', [dy, x], { info: pinfo }),
    ref: (dy, x) => NX.maxPool3dGrad(dy, x, 2, 2, 'same'),
  });
  gradCase('MaxPool3DGradGrad: in g', ['MaxPool3DGradGrad'], {
    inputs: [{ shape: px, distinct: true }, { shape: px }],
    f: (x, g) => kernel1('MaxPool3DGradGrad', [x, g], { info: pinfo }),
    ref: (x, g) => NX.maxPool3dGradGrad(x, g, 2, 2, 'same'),
  });
  gradCase('AvgPool3DGrad: in dy', ['AvgPool3DGrad'], {
    inputs: [{ shape: py }],
    f: (dy) => kernel1('AvgPool3DGrad', [dy], { info: pinfo, inShape: px }),
    ref: (dy) => NX.avgPool3dGrad(dy, px, 2, 2, 'same'),
  });
}
// ---------------------------------------------------------------------------------------------
// Tests

describe('gradients by float64 finite differences', () => {
  it('has uniquely named cases', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it('covers every kernel that has a gradient rule', () => {
    const covered = new Set(cases.flatMap((c) => c.covers));
    const rules = kernelsWithGradients();
    expect(rules.length).toBeGreaterThan(100);
    expect(rules.filter((k) => !covered.has(k))).toEqual([]);
  });

  it('every CPU kernel has a gradient rule, except the backward kernels documented without one', () => {
    // Second-order gradients through LRN and cropAndResize are not supported (grad.noRule).
    const withoutRule = ['CropAndResizeGradBoxes', 'CropAndResizeGradImage', 'LRNGrad'];
    const rules = new Set(kernelsWithGradients());
    expect(Object.keys(KERNELS).filter((k) => !rules.has(k)).sort()).toEqual(withoutRule);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const report = checkGradients(c.check);
    const ran = [...report.kernels];
    for (const k of c.covers) expect(ran, `${k} must run on the gradient path`).toContain(k);
    expect(report.checked).toBeGreaterThan(0);
    // An all-zero gradient would check nothing.
    expect(report.maxMagnitude).toBeGreaterThan(1e-3);
  });
});

describe('grad API around the rules', () => {
  const made: sp.Variable[] = [];
  afterEach(() => {
    for (const v of made.splice(0)) v.dispose();
  });

  it('differentiates through a Variable used inside f, and with respect to a Variable passed in', () => {
    const rng = new Rng(11);
    const vals = (n: number) => Array.from({ length: n }, () => rng.uniform(-1, 1));
    const w = sp.variable(sp.tensor(vals(3 * 3 * 2 * 3), [3, 3, 2, 3]), true, 'gradtest/w');
    made.push(w);
    const x = sp.tensor(vals(2 * 4 * 4 * 2), [2, 4, 4, 2]);
    const r = sp.tensor(vals(2 * 4 * 4 * 3), [2, 4, 4, 3]);
    const loss = (xx: Tensor, ww: Tensor) => sp.sum(sp.mul(sp.fused.conv2d({ x: xx, filter: ww, strides: 1, pad: 'same', activation: 'elu' }), r));
    const [gx, gw] = sp.grads(loss)([x, w]);
    // Through the variable held by the closure:
    const gx2 = sp.grad((xx: Tensor) => loss(xx, w))(x);
    // With respect to the variable, passed as the argument:
    const gw2 = sp.grad((ww: Tensor) => loss(x, ww))(w);
    expect(Array.from(gx2.dataSync())).toEqual(Array.from(gx.dataSync()));
    expect(Array.from(gw2.dataSync())).toEqual(Array.from(gw.dataSync()));
    expect(gw.shape).toEqual([3, 3, 2, 3]);
    sp.dispose([x, r, gx, gw, gx2, gw2]);
  });

  it('variableGrads gives each trainable variable the loss uses its gradient', () => {
    const rng = new Rng(12);
    const vals = (n: number) => Array.from({ length: n }, () => rng.uniform(-1, 1));
    const w = sp.variable(sp.tensor(vals(2 * 2 * 2 * 2), [2, 2, 2, 2]), true, 'gradtest/vw');
    const b = sp.variable(sp.tensor(vals(2), [2]), true, 'gradtest/vb');
    const unused = sp.variable(sp.tensor(vals(3), [3]), true, 'gradtest/unused');
    const frozen = sp.variable(sp.tensor(vals(2), [2]), false, 'gradtest/frozen');
    made.push(w, b, unused, frozen);
    const x = sp.tensor(vals(1 * 5 * 5 * 2), [1, 5, 5, 2]);
    const loss = (ww: Tensor, bb: Tensor) =>
      sp.sum(sp.mul(sp.maxPool(sp.fused.conv2d({ x, filter: ww, strides: 1, pad: 'same', bias: bb, activation: 'relu' }), 2, 2, 'same'), frozen));
    const { value, grads } = sp.variableGrads(() => loss(w, b), [w, b, unused, frozen]);
    const [gw, gb] = sp.grads(loss)([w, b]);
    // The unused variable (no gradient) and the frozen one (not trainable) are left out.
    expect(Object.keys(grads).sort()).toEqual(['gradtest/vb', 'gradtest/vw']);
    expect(Array.from(grads['gradtest/vw'].dataSync())).toEqual(Array.from(gw.dataSync()));
    expect(Array.from(grads['gradtest/vb'].dataSync())).toEqual(Array.from(gb.dataSync()));
    expect(value.rank).toBe(0);
    expect(value.dataSync()[0]).toBeCloseTo(loss(w, b).dataSync()[0], 5);
    // By default every trainable variable alive is considered.
    const all = sp.variableGrads(() => loss(w, b));
    expect(Object.keys(all.grads)).toContain('gradtest/vw');
    expect(Object.keys(all.grads)).not.toContain('gradtest/frozen');
    sp.dispose([x, value, grads, gw, gb, all.value, all.grads]);
  });

  it('leaves no tensors behind: grads over convs, pools, resizes and matMul', () => {
    const rng = new Rng(13);
    const t = (shape: number[]) => sp.tensor(Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rng.uniform(-1, 1)), shape);
    const x = t([2, 6, 6, 2]), w = t([3, 3, 2, 4]), dw = t([3, 3, 4, 2]), bias = t([4]), alpha = t([4]), m = t([32, 5]);
    const before = sp.memory();
    const f = (xx: Tensor, ww: Tensor, dd: Tensor, bb: Tensor, aa: Tensor, mm: Tensor) => {
      let y = sp.fused.conv2d({ x: xx, filter: ww, strides: 1, pad: 'same', bias: bb, activation: 'prelu', preluActivationWeights: aa });
      y = sp.fused.depthwiseConv2d({ x: y, filter: dd, strides: 2, pad: 'same', activation: 'relu6' });
      y = sp.avgPool(sp.maxPool(y, 2, 1, 'same'), 2, 1, 'valid');
      y = sp.image.resizeBilinear(y, [4, 4], false, true);
      y = sp.localResponseNormalization(sp.conv2dTranspose(y, t([2, 2, 3, 8]), [2, 8, 8, 3], 2, 'same'), 1);
      const flat = sp.reshape(sp.maxPoolWithArgmax(y, 2, 2, 'valid').result, [2, 48]);
      return sp.sum(sp.fused.matMul({ a: sp.slice(flat, [0, 0], [2, 32]), b: mm, activation: 'sigmoid' }));
    };
    const gs = sp.grads(f)([x, w, dw, bias, alpha, m]);
    expect(gs.map((g) => g.shape)).toEqual([[2, 6, 6, 2], [3, 3, 2, 4], [3, 3, 4, 2], [4], [4], [32, 5]]);
    sp.dispose(gs);
    // Everything f and the rules made (the transpose filter included) is freed by grads.
    const after = sp.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    sp.dispose([x, w, dw, bias, alpha, m]);
  });

  it("throws when f's result does not depend on x", () => {
    const x = sp.tensor([1, 2, 3]);
    expect(() => sp.grad(() => sp.sum(sp.ones([2])))(x)).toThrow(/does not depend on its argument/);
    expect(() => sp.grads((a: Tensor) => sp.sum(sp.square(a)))([x, sp.tensor([4])])).toThrow(/does not depend on argument 2/);
    // An integer path is not a dependence: the gradient cannot flow through argMax.
    expect(() => sp.grad((a: Tensor) => sp.cast(sp.argMax(a), 'float32'))(x)).toThrow(/does not depend on its argument/);
    // A failed grad frees what f made.
    const before = sp.memory().numTensors;
    expect(() => sp.grad(() => sp.sum(sp.maxPool(sp.ones([1, 4, 4, 2]), 2, 2, 'valid')))(x)).toThrow(/does not depend/);
    expect(sp.memory().numTensors).toBe(before);
    x.dispose();
  });
});

// ---------------------------------------------------------------------------------------------
// TF.js 4.22 (CPU backend) computes the same gradients. Finite differences cannot see which
// maximum of a tie gets the gradient (the derivative does not exist there); TF.js settles it: the
// first maximum in the window, so inputs here are small integers with many ties.

describe('gradients agree with TF.js 4.22', () => {
  beforeAll(async () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      await tf.setBackend('cpu');
      await tf.ready();
      tf.tensor([0]).dispose();
    } finally {
      console.warn = warn;
    }
  });

  const rng = new Rng(31);
  const rand = (shape: number[], ints = false) =>
    Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => (ints ? rng.int(0, 2) : Math.fround(rng.uniform(-1, 1))));

  /**
   * Gradients of Σ f(xs)·r in both libraries; `spF` and `tfF` build the same op. Compared with a
   * tolerance relative to the gradient's largest magnitude.
   */
  function compare(shapes: number[][], spF: (...xs: Tensor[]) => Tensor, tfF: (...xs: tf.Tensor[]) => tf.Tensor, ints = false): void {
    const vals = shapes.map((s) => rand(s, ints));
    const spXs = vals.map((v, i) => sp.tensor(v, shapes[i]));
    const tfXs = vals.map((v, i) => tf.tensor(v, shapes[i]));
    const yShape = tf.tidy(() => tfF(...tfXs).shape);
    const r = rand(yShape);
    const want = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(tfF(...xs), tf.tensor(r, yShape))))(tfXs);
    const got = sp.grads((...xs: Tensor[]) => sp.sum(sp.mul(spF(...xs), sp.tensor(r, yShape))))(spXs);
    got.forEach((g, i) => {
      expect(g.shape).toEqual(want[i].shape);
      const a = g.dataSync(), b = want[i].dataSync();
      const scale = Math.max(1, ...Array.from(b, Math.abs));
      for (let k = 0; k < a.length; k++) {
        if (!(Math.abs(a[k] - b[k]) <= 1e-5 * scale)) expect.fail(`input ${i} element ${k}: sprout ${a[k]}, tf.js ${b[k]}`);
      }
    });
    sp.dispose([spXs, got]);
    tf.dispose([tfXs, want]);
  }

  it('conv2d: stride 2 same and valid, in x and filter', () => {
    // (TF.js has no gradient for dilated conv2d; the finite-difference cases cover dilations.)
    compare([[2, 7, 6, 3], [3, 3, 3, 4]], (x, w) => sp.conv2d(x, w, 2, 'same'), (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'));
    compare([[1, 6, 7, 2], [2, 3, 2, 3]], (x, w) => sp.conv2d(x, w, [1, 2], 'valid'), (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, [1, 2], 'valid'));
  });

  it('depthwiseConv2d (multiplier 2) and conv2dTranspose', () => {
    compare([[2, 6, 5, 3], [3, 3, 3, 2]], (x, w) => sp.depthwiseConv2d(x, w, [2, 1], 'same'), (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, [2, 1], 'same'));
    compare([[2, 3, 3, 2], [3, 3, 3, 2]], (x, w) => sp.conv2dTranspose(x, w, [2, 6, 6, 3], 2, 'same'), (x, w) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 6, 6, 3], 2, 'same'));
  });

  it('maxPool: ties send the gradient to the first maximum of the window', () => {
    compare([[2, 6, 7, 3]], (x) => sp.maxPool(x, 3, 2, 'same'), (x) => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same'), true);
    compare([[1, 5, 5, 2]], (x) => sp.maxPool(x, 2, 1, 'valid'), (x) => tf.maxPool(x as tf.Tensor4D, 2, 1, 'valid'), true);
  });

  it('maxPool3d; avgPool and avgPool3d with valid padding', () => {
    // maxPool3d without ties: TF.js' 3-D pool sends a tie's gradient to the LAST maximum (`>=`),
    // unlike its 2-D pool and TensorFlow; Sprout uses the first maximum in 2-D and 3-D alike.
    compare([[1, 4, 5, 4, 2]], (x) => sp.maxPool3d(x, 2, 2, 'same'), (x) => tf.maxPool3d(x as tf.Tensor5D, 2, 2, 'same'));
    // 'valid' only: with 'same' padding TF.js' backprop divides by the whole window although its
    // forward divides by the real cells (its gradient is not its forward's adjoint); Sprout divides
    // by the real cells in both, checked by the finite-difference cases.
    compare([[2, 5, 6, 3]], (x) => sp.avgPool(x, 3, 2, 'valid'), (x) => tf.avgPool(x as tf.Tensor4D, 3, 2, 'valid'));
    compare([[1, 3, 5, 4, 2]], (x) => sp.avgPool3d(x, [2, 3, 2], [1, 2, 2], 'valid'), (x) => tf.avgPool3d(x as tf.Tensor5D, [2, 3, 2], [1, 2, 2], 'valid'));
  });

  it('conv3d in x and filter', () => {
    compare([[1, 4, 5, 4, 2], [2, 3, 2, 2, 3]], (x, w) => sp.conv3d(x, w, [1, 2, 1], 'same'), (x, w) => tf.conv3d(x as tf.Tensor5D, w as tf.Tensor5D, [1, 2, 1], 'same'));
  });

  it('resizeBilinear: plain and alignCorners', () => {
    // Square images: TF.js' gradient comes back with height and width swapped otherwise. No
    // halfPixelCenters: TF.js' gradient ignores it (Sprout's is checked by finite differences).
    for (const ac of [false, true]) {
      compare([[2, 5, 5, 2]], (x) => sp.image.resizeBilinear(x, [7, 3], ac), (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [7, 3], ac));
    }
  });

  it('resizeNearestNeighbor: plain and alignCorners', () => {
    // Batch 1: with more images TF.js' gradient is not the adjoint of its own forward resize
    // (Sprout's is; the finite-difference cases check batch 2).
    for (const ac of [false, true]) {
      compare([[1, 4, 5, 2]], (x) => sp.image.resizeNearestNeighbor(x, [7, 3], ac), (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [7, 3], ac));
    }
  });

  it('localResponseNormalization', () => {
    compare([[2, 3, 2, 7]], (x) => sp.localResponseNormalization(x, 2, 1.5, 0.3, 0.75), (x) => tf.localResponseNormalization(x as tf.Tensor4D, 2, 1.5, 0.3, 0.75));
  });
});

// ---------------------------------------------------------------------------------------------
// The backward kernels on inputs large enough for several im2col tiles (the filter gradient is
// accumulated across GEMM calls), against the naive references; and the tie and NaN rules of the
// max-pool gradient, by hand.

describe('backward kernels', () => {
  const rng = new Rng(41);
  const randT = (shape: number[]) => {
    const data = Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => Math.fround(rng.uniform(-1, 1)));
    return { nt: { shape, data } as NT, t: sp.tensor(data, shape) };
  };
  const expectClose = (got: Tensor, want: NT, tol = 1e-4) => {
    expect(got.shape).toEqual(want.shape);
    const a = got.dataSync();
    const scale = Math.max(1, ...want.data.map(Math.abs));
    for (let i = 0; i < a.length; i++) {
      if (!(Math.abs(a[i] - want.data[i]) <= tol * scale)) expect.fail(`element ${i}: ${a[i]} vs ${want.data[i]}`);
    }
  };

  it('Conv2DBackpropFilter over several tiles (64×16 output, 576-wide rows) and batch 2', () => {
    const xs = [2, 16, 64, 64], fs = [3, 3, 64, 8];
    const info = computeConv2DInfo(xs, fs, [1, 1], [1, 1], 'same');
    // One tile holds 2^18 floats: 7 of the 16 output rows, so three tiles per image.
    expect(Math.floor((1 << 18) / (info.outW * 3 * 3 * 64))).toBeLessThan(info.outH);
    const x = randT(xs), dy = randT([2, info.outH, info.outW, 8]);
    const got = kernel1('Conv2DBackpropFilter', [x.t, dy.t], { info });
    expectClose(got, NX.conv2dBackpropFilter(x.nt, dy.nt, fs, 1, 'same'));
    sp.dispose([x.t, dy.t, got]);
  });

  it('Conv3DBackpropFilter over several tiles', () => {
    const xs = [1, 4, 8, 32, 32], fs = [3, 3, 3, 32, 4];
    const info = computeConv3DInfo(xs, fs, [1, 1, 1], [1, 1, 1], 'same');
    expect(Math.floor((1 << 18) / (info.outW * 27 * 32))).toBeLessThan(info.outD * info.outH);
    const x = randT(xs), dy = randT([1, info.outD, info.outH, info.outW, 4]);
    const got = kernel1('Conv3DBackpropFilter', [x.t, dy.t], { info });
    expectClose(got, NX.conv3dBackpropFilter(x.nt, dy.nt, fs, 1, 'same'));
    sp.dispose([x.t, dy.t, got]);
  });

  it('depthwise backprops, pool grads and resize grads on larger random inputs', () => {
    const xs = [2, 13, 11, 6], fs = [3, 3, 6, 2];
    const info = computeConv2DInfo(xs, fs, [2, 2], [1, 1], 'same', undefined, true);
    const x = randT(xs), w = randT(fs), dy = randT([2, info.outH, info.outW, 12]);
    expectClose(kernel1('DepthwiseConv2dNativeBackpropInput', [dy.t, w.t], { info }), NX.depthwiseConv2dBackpropInput(dy.nt, w.nt, xs, 2, 'same'));
    expectClose(kernel1('DepthwiseConv2dNativeBackpropFilter', [x.t, dy.t], { info }), NX.depthwiseConv2dBackpropFilter(x.nt, dy.nt, fs, 2, 'same'));
    const pinfo = computeConv2DInfo(xs, [3, 3, 6, 6], [2, 2], [1, 1], 'same');
    const py = randT([2, pinfo.outH, pinfo.outW, 6]);
    expectClose(kernel1('MaxPoolGrad', [py.t, x.t], { info: pinfo }), NX.maxPoolGrad(py.nt, x.nt, 3, 2, 'same'));
    expectClose(kernel1('AvgPoolGrad', [py.t], { info: pinfo, inShape: xs }), NX.avgPoolGrad(py.nt, xs, 3, 2, 'same'));
    const ry = randT([2, 20, 7, 6]);
    expectClose(kernel1('ResizeBilinearGrad', [ry.t, x.t], { alignCorners: false, halfPixelCenters: true }), NX.resizeBilinearGrad(ry.nt, xs, false, true));
    expectClose(kernel1('ResizeNearestNeighborGrad', [ry.t, x.t], { alignCorners: true, halfPixelCenters: false }), NX.resizeNearestNeighborGrad(ry.nt, xs, true, false));
  });

  it('MaxPoolGrad: a tie sends the gradient to the first maximum; a NaN takes it; overlapping windows add', () => {
    const info = computeConv2DInfo([1, 2, 3, 1], [2, 2, 1, 1], [1, 1], [1, 1], 'valid');
    // Windows [[1, 3], [3, 2]] and [[3, 0], [2, 3]]: both maxima are ties.
    const x = sp.tensor([1, 3, 0, 3, 2, 3], [1, 2, 3, 1]);
    const dy = sp.tensor([10, 100], [1, 1, 2, 1]);
    expect(Array.from(kernel1('MaxPoolGrad', [dy, x], { info }).dataSync())).toEqual([0, 110, 0, 0, 0, 0]);
    const xn = sp.tensor([1, NaN, 5, NaN, 2, 3], [1, 2, 3, 1]);
    expect(Array.from(kernel1('MaxPoolGrad', [dy, xn], { info }).dataSync())).toEqual([0, 110, 0, 0, 0, 0]);
    expect(Array.from(kernel1('MaxPoolGradGrad', [x, sp.tensor([1, 2, 3, 4, 5, 6], [1, 2, 3, 1])], { info }).dataSync())).toEqual([2, 2]);
    // The same through the public gradient of maxPool.
    expect(Array.from(sp.grad((t: Tensor) => sp.sum(sp.mul(sp.maxPool(t, 2, 1, 'valid'), dy)))(x).dataSync())).toEqual([0, 110, 0, 0, 0, 0]);
  });

  it('AvgPoolGrad: same padding divides by the real cells of each window', () => {
    // 3×3 image, 2×2 windows with stride 2 'same': windows of 4, 2, 2 and 1 real cells.
    const g = sp.grad((t: Tensor) => sp.sum(sp.avgPool(t, 2, 2, 'same')))(sp.zeros([1, 3, 3, 1]));
    expect(Array.from(g.dataSync())).toEqual([0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1]);
  });
});
