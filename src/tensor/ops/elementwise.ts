import { type DType } from '../../core/dtype.js';
import { describeValue } from '../../errors/index.js';
import { checkDtype, toTensor, type TensorLike } from '../convert.js';
import { ENGINE } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { asFloat, badArg, binaryOperands, broadcastOrThrow, cast as castOp, checkNumber, run } from './op-utils.js';

// ---- unary ------------------------------------------------------------------------------

/** Unary op on float math: ints and bools are converted to float32 first. */
function floatUnary(kernel: string, op: string, x: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    return run(kernel, [asFloat(toTensor(x, 'x', op))], {}, op);
  });
}

/** Unary op that keeps int32 (bool becomes int32). */
function numericUnary(kernel: string, op: string, x: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    let t = toTensor(x, 'x', op);
    if (t.dtype === 'bool') t = castOp(t, 'int32');
    return run(kernel, [t], {}, op);
  });
}

/** Unary op that is the identity on integers (floor, ceil, round). */
function roundingUnary(kernel: string, op: string, x: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', op);
    if (t.dtype !== 'float32') return ENGINE.makeView(t.dtype === 'bool' ? castOp(t, 'int32') : t, t.shape);
    return run(kernel, [t], {}, op);
  });
}

/** `-x`, elementwise. @example sprout.neg([1, -2]).print(); // [-1, 2] */
export const neg = (x: TensorLike): Tensor => numericUnary('Neg', 'neg', x);
/** `|x|`, elementwise. @example sprout.abs([-1, 2]).print(); // [1, 2] */
export const abs = (x: TensorLike): Tensor => numericUnary('Abs', 'abs', x);
/** `x²`, elementwise. @example sprout.square([2, 3]).print(); // [4, 9] */
export const square = (x: TensorLike): Tensor => numericUnary('Square', 'square', x);
/** Sign: -1, 0 or 1 (NaN stays NaN). @example sprout.sign([-3, 0, 2]).print(); // [-1, 0, 1] */
export const sign = (x: TensorLike): Tensor => numericUnary('Sign', 'sign', x);
/** max(x, 0). @example sprout.relu([-1, 2]).print(); // [0, 2] */
export const relu = (x: TensorLike): Tensor => numericUnary('Relu', 'relu', x);
/** min(max(x, 0), 6). @example sprout.relu6([-1, 8]).print(); // [0, 6] */
export const relu6 = (x: TensorLike): Tensor => numericUnary('Relu6', 'relu6', x);
/** `eˣ`. @example sprout.exp([0, 1]).print(); // [1, 2.71828] */
export const exp = (x: TensorLike): Tensor => floatUnary('Exp', 'exp', x);
/** `eˣ − 1`, accurate near 0. @example sprout.expm1([0]).print(); // [0] */
export const expm1 = (x: TensorLike): Tensor => floatUnary('Expm1', 'expm1', x);
/** Natural logarithm. @example sprout.log([1, Math.E]).print(); // [0, 1] */
export const log = (x: TensorLike): Tensor => floatUnary('Log', 'log', x);
/** `ln(1 + x)`, accurate near 0. @example sprout.log1p([0]).print(); // [0] */
export const log1p = (x: TensorLike): Tensor => floatUnary('Log1p', 'log1p', x);
/** Square root. @example sprout.sqrt([4, 9]).print(); // [2, 3] */
export const sqrt = (x: TensorLike): Tensor => floatUnary('Sqrt', 'sqrt', x);
/** `1 / √x`. @example sprout.rsqrt([4]).print(); // [0.5] */
export const rsqrt = (x: TensorLike): Tensor => floatUnary('Rsqrt', 'rsqrt', x);
/** `1 / x`. @example sprout.reciprocal([2]).print(); // [0.5] */
export const reciprocal = (x: TensorLike): Tensor => floatUnary('Reciprocal', 'reciprocal', x);
/** Sine. @example sprout.sin([0]).print(); // [0] */
export const sin = (x: TensorLike): Tensor => floatUnary('Sin', 'sin', x);
/** Cosine. @example sprout.cos([0]).print(); // [1] */
export const cos = (x: TensorLike): Tensor => floatUnary('Cos', 'cos', x);
/** Tangent. @example sprout.tan([0]).print(); // [0] */
export const tan = (x: TensorLike): Tensor => floatUnary('Tan', 'tan', x);
/** Arcsine. @example sprout.asin([1]).print(); // [1.5708] */
export const asin = (x: TensorLike): Tensor => floatUnary('Asin', 'asin', x);
/** Arccosine. @example sprout.acos([1]).print(); // [0] */
export const acos = (x: TensorLike): Tensor => floatUnary('Acos', 'acos', x);
/** Arctangent. @example sprout.atan([1]).print(); // [0.785398] */
export const atan = (x: TensorLike): Tensor => floatUnary('Atan', 'atan', x);
/** Hyperbolic sine. @example sprout.sinh([0]).print(); // [0] */
export const sinh = (x: TensorLike): Tensor => floatUnary('Sinh', 'sinh', x);
/** Hyperbolic cosine. @example sprout.cosh([0]).print(); // [1] */
export const cosh = (x: TensorLike): Tensor => floatUnary('Cosh', 'cosh', x);
/** Hyperbolic tangent. @example sprout.tanh([0]).print(); // [0] */
export const tanh = (x: TensorLike): Tensor => floatUnary('Tanh', 'tanh', x);
/** Logistic sigmoid `1 / (1 + e⁻ˣ)`. @example sprout.sigmoid([0]).print(); // [0.5] */
export const sigmoid = (x: TensorLike): Tensor => floatUnary('Sigmoid', 'sigmoid', x);
/** `ln(1 + eˣ)`, without overflow. @example sprout.softplus([0]).print(); // [0.693147] */
export const softplus = (x: TensorLike): Tensor => floatUnary('Softplus', 'softplus', x);
/** Exponential linear unit. @example sprout.elu([-1, 1]).print(); // [-0.632121, 1] */
export const elu = (x: TensorLike): Tensor => floatUnary('Elu', 'elu', x);
/** Scaled exponential linear unit. @example sprout.selu([1]).print(); // [1.05070] */
export const selu = (x: TensorLike): Tensor => floatUnary('Selu', 'selu', x);
/** Gauss error function. @example sprout.erf([0]).print(); // [0] */
export const erf = (x: TensorLike): Tensor => floatUnary('Erf', 'erf', x);
/** Rounds down. @example sprout.floor([1.5]).print(); // [1] */
export const floor = (x: TensorLike): Tensor => roundingUnary('Floor', 'floor', x);
/** Rounds up. @example sprout.ceil([1.5]).print(); // [2] */
export const ceil = (x: TensorLike): Tensor => roundingUnary('Ceil', 'ceil', x);
/** Rounds half to even, as TensorFlow. @example sprout.round([0.5, 1.5]).print(); // [0, 2] */
export const round = (x: TensorLike): Tensor => roundingUnary('Round', 'round', x);

/** `x < 0 ? alpha·x : x`. @example sprout.leakyRelu([-1, 1], 0.1).print(); // [-0.1, 1] */
export function leakyRelu(x: TensorLike, alpha = 0.2): Tensor {
  return ENGINE.tidy(() => {
    checkNumber('leakyRelu', 'alpha', alpha);
    return run('LeakyRelu', [asFloat(toTensor(x, 'x', 'leakyRelu'))], { alpha }, 'leakyRelu');
  });
}

/** `x > 0 ? 1 : alpha`. @example sprout.step([-1, 2]).print(); // [0, 1] */
export function step(x: TensorLike, alpha = 0): Tensor {
  return ENGINE.tidy(() => {
    checkNumber('step', 'alpha', alpha);
    return run('Step', [asFloat(toTensor(x, 'x', 'step'))], { alpha }, 'step');
  });
}

/** Limits values to [min, max]. @example sprout.clipByValue([-5, 0, 5], -1, 1).print(); // [-1, 0, 1] */
export function clipByValue(x: TensorLike, clipValueMin: number, clipValueMax: number): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'clipByValue');
    checkNumber('clipByValue', 'clipValueMin', clipValueMin);
    checkNumber('clipByValue', 'clipValueMax', clipValueMax);
    if (clipValueMin > clipValueMax) {
      badArg('clipByValue', 'clipValueMin', `must be ≤ clipValueMax (${clipValueMax})`, String(clipValueMin));
    }
    return run('ClipByValue', [t.dtype === 'bool' ? castOp(t, 'int32') : t], { min: clipValueMin, max: clipValueMax }, 'clipByValue');
  });
}

/** `x < 0 ? alpha·x : x` with a learned alpha broadcast to x. @example sprout.prelu([-2, 2], [0.5]).print(); // [-1, 2] */
export function prelu(x: TensorLike, alpha: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const X = asFloat(toTensor(x, 'x', 'prelu'));
    const A = asFloat(toTensor(alpha, 'alpha', 'prelu'));
    broadcastOrThrow('prelu', X.shape, A.shape);
    return run('Prelu', [X, A], {}, 'prelu');
  });
}

/** Converts to another dtype (float → int truncates toward zero). @example sprout.cast([1.7], 'int32').print(); // [1] */
export function cast(x: TensorLike, dtype: DType): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', 'cast');
    checkDtype(dtype, 'cast');
    return t.dtype === dtype ? ENGINE.makeView(t, t.shape) : castOp(t, dtype);
  });
}

function boolUnary(kernel: string, op: string, x: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const t = toTensor(x, 'x', op);
    return run(kernel, [kernel === 'LogicalNot' ? castOp(t, 'bool') : t], {}, op);
  });
}

/** True where x is NaN. @example sprout.isNaN([1, NaN]).print(); // [0, 1] */
export const isNaN = (x: TensorLike): Tensor => boolUnary('IsNaN', 'isNaN', x);
/** True where x is finite. @example sprout.isFinite([1, Infinity]).print(); // [1, 0] */
export const isFinite = (x: TensorLike): Tensor => boolUnary('IsFinite', 'isFinite', x);
/** True where x is ±Infinity. @example sprout.isInf([1, Infinity]).print(); // [0, 1] */
export const isInf = (x: TensorLike): Tensor => boolUnary('IsInf', 'isInf', x);
/** Boolean not. @example sprout.logicalNot([true, false]).print(); // [0, 1] */
export const logicalNot = (x: TensorLike): Tensor => boolUnary('LogicalNot', 'logicalNot', x);

// ---- binary -----------------------------------------------------------------------------

function binary(kernel: string, op: string, a: TensorLike, b: TensorLike, float = false): Tensor {
  return ENGINE.tidy(() => {
    let [A, B] = binaryOperands(a, b, op);
    broadcastOrThrow(op, A.shape, B.shape);
    if (A.dtype === 'bool' || (float && A.dtype !== 'float32')) {
      const to = float ? 'float32' : 'int32';
      A = castOp(A, to);
      B = castOp(B, to);
    }
    return run(kernel, [A, B], {}, op);
  });
}

function compare(kernel: string, op: string, a: TensorLike, b: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const [A, B] = binaryOperands(a, b, op);
    broadcastOrThrow(op, A.shape, B.shape);
    return run(kernel, [A, B], {}, op);
  });
}

function logical(kernel: string, op: string, a: TensorLike, b: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const A = castOp(toTensor(a, 'a', op), 'bool');
    const B = castOp(toTensor(b, 'b', op), 'bool');
    broadcastOrThrow(op, A.shape, B.shape);
    return run(kernel, [A, B], {}, op);
  });
}

/** a + b with broadcasting. @example sprout.add([1, 2], 10).print(); // [11, 12] */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary('Add', 'add', a, b);
/** a − b with broadcasting. @example sprout.sub([5, 6], [1, 2]).print(); // [4, 4] */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('Sub', 'sub', a, b);
/** a · b with broadcasting. @example sprout.mul([1, 2], [3, 4]).print(); // [3, 8] */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('Mul', 'mul', a, b);
/** a / b with broadcasting; on two int32 tensors it floors, as TF.js. @example sprout.div([1, 4], 2).print(); // [0.5, 2] */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const [A, B] = binaryOperands(a, b, 'div');
    if (A.dtype === 'int32') return binary('FloorDiv', 'div', A, B);
    return binary('Div', 'div', A, B, true);
  });
}
/**
 * ⌊a / b⌋. Keeps the operands' dtype, as TensorFlow's floordiv (TF.js returns int32 for float
 * operands, which turns NaN and ±Infinity into 0).
 * @example sprout.floorDiv([7, -7], 2).print(); // [3, -4]
 */
export const floorDiv = (a: TensorLike, b: TensorLike): Tensor => binary('FloorDiv', 'floorDiv', a, b);
/** Floored modulo (the result has the sign of b). @example sprout.mod([7, -7], 3).print(); // [1, 2] */
export const mod = (a: TensorLike, b: TensorLike): Tensor => binary('Mod', 'mod', a, b);
/** aᵇ. @example sprout.pow([2, 3], 2).print(); // [4, 9] */
export const pow = (base: TensorLike, exponent: TensorLike): Tensor => binary('Pow', 'pow', base, exponent);
/** Elementwise maximum (NaN wins). @example sprout.maximum([1, 5], [3, 2]).print(); // [3, 5] */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary('Maximum', 'maximum', a, b);
/** Elementwise minimum (NaN wins). @example sprout.minimum([1, 5], [3, 2]).print(); // [1, 2] */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary('Minimum', 'minimum', a, b);
/** (a − b)². @example sprout.squaredDifference([1], [4]).print(); // [9] */
export const squaredDifference = (a: TensorLike, b: TensorLike): Tensor => binary('SquaredDifference', 'squaredDifference', a, b);
/** atan2(a, b), the angle of the point (b, a). @example sprout.atan2([1], [1]).print(); // [0.785398] */
export const atan2 = (a: TensorLike, b: TensorLike): Tensor => binary('Atan2', 'atan2', a, b, true);

/** a == b. @example sprout.equal([1, 2], 2).print(); // [0, 1] */
export const equal = (a: TensorLike, b: TensorLike): Tensor => compare('Equal', 'equal', a, b);
/** a != b. @example sprout.notEqual([1, 2], 2).print(); // [1, 0] */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => compare('NotEqual', 'notEqual', a, b);
/** a < b. @example sprout.less([1, 2], 2).print(); // [1, 0] */
export const less = (a: TensorLike, b: TensorLike): Tensor => compare('Less', 'less', a, b);
/** a ≤ b. @example sprout.lessEqual([1, 2], 2).print(); // [1, 1] */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => compare('LessEqual', 'lessEqual', a, b);
/** a > b. @example sprout.greater([1, 3], 2).print(); // [0, 1] */
export const greater = (a: TensorLike, b: TensorLike): Tensor => compare('Greater', 'greater', a, b);
/** a ≥ b. @example sprout.greaterEqual([1, 2], 2).print(); // [0, 1] */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => compare('GreaterEqual', 'greaterEqual', a, b);
/** a AND b. @example sprout.logicalAnd([true, true], [true, false]).print(); // [1, 0] */
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => logical('LogicalAnd', 'logicalAnd', a, b);
/** a OR b. @example sprout.logicalOr([false, true], [false, false]).print(); // [0, 1] */
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => logical('LogicalOr', 'logicalOr', a, b);
/** a XOR b. @example sprout.logicalXor([true, true], [true, false]).print(); // [0, 1] */
export const logicalXor = (a: TensorLike, b: TensorLike): Tensor => logical('LogicalXor', 'logicalXor', a, b);

/**
 * Picks from `a` where `condition` is true, else from `b`; all three broadcast together.
 *
 * @example
 * sprout.where([true, false], [1, 2], [10, 20]).print(); // [1, 20]
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  return ENGINE.tidy(() => {
    const C = toTensor(condition, 'condition', 'where');
    if (C.dtype !== 'bool') badArg('where', 'condition', 'must have dtype bool', C.dtype);
    const [A, B] = binaryOperands(a, b, 'where');
    const shape = broadcastOrThrow('where', broadcastOrThrow('where', A.shape, B.shape), C.shape);
    return run('Select', [broadcastTo(C, shape), broadcastTo(A, shape), broadcastTo(B, shape)], {}, 'where');
  });
}

/**
 * Sums a list of tensors of one shape.
 *
 * @example
 * sprout.addN([[1, 2], [3, 4], [5, 6]]).print(); // [9, 12]
 */
export function addN(tensors: TensorLike[]): Tensor {
  return ENGINE.tidy(() => {
    if (!Array.isArray(tensors) || tensors.length === 0) badArg('addN', 'tensors', 'must be a non-empty array of tensors', describeValue(tensors));
    const ts = tensors.map((t, i) => toTensor(t, `tensors[${i}]`, 'addN'));
    const first = ts[0];
    ts.forEach((t, i) => {
      if (t.shape.join() !== first.shape.join()) badArg('addN', `tensors[${i}]`, `must have the shape of tensors[0] ([${first.shape}])`, `[${t.shape}]`);
      if (t.dtype !== first.dtype) badArg('addN', `tensors[${i}]`, `must have the dtype of tensors[0] (${first.dtype})`, t.dtype);
    });
    if (ts.length === 1) return ENGINE.makeView(first, first.shape);
    return run('AddN', first.dtype === 'bool' ? ts.map((t) => castOp(t, 'int32')) : ts, {}, 'addN');
  });
}

// Imported late to avoid a cycle at module evaluation (transform imports elementwise).
import { broadcastTo } from './transform.js';
