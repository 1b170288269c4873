import {
  add, cast, cos, cosh, div, equal, exp, greater, greaterEqual, less, lessEqual, log, logicalAnd, mul, neg,
  scalar, sigmoid, sign, sin, sinh, sqrt, square, sub, where, zerosLike, floor, type Tensor,
} from '../../tensor/index.js';
import { registerGradient, type SavedCall } from '../registry.js';
import { unbroadcast } from './util.js';

const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

/** Registers a rule for a one-input kernel: dx = f(dy, x, y, attrs). */
function unary(name: string, f: (dy: Tensor, x: Tensor, y: Tensor, attrs: SavedCall['attrs']) => Tensor): void {
  registerGradient(name, ([dy], { inputs: [x], outputs: [y], attrs }) => [f(dy, x, y, attrs)]);
}

const mask = (cond: Tensor) => cast(cond, 'float32');

unary('Neg', (dy) => neg(dy));
unary('Abs', (dy, x) => mul(dy, sign(x)));
unary('Exp', (dy, _x, y) => mul(dy, y));
unary('Expm1', (dy, _x, y) => mul(dy, add(y, 1)));
unary('Log', (dy, x) => div(dy, x));
unary('Log1p', (dy, x) => div(dy, add(x, 1)));
unary('Sqrt', (dy, _x, y) => div(dy, mul(y, 2)));
unary('Rsqrt', (dy, _x, y) => mul(dy, mul(-0.5, mul(y, square(y)))));
unary('Square', (dy, x) => mul(dy, mul(x, 2)));
unary('Reciprocal', (dy, _x, y) => neg(mul(dy, square(y))));
unary('Sin', (dy, x) => mul(dy, cos(x)));
unary('Cos', (dy, x) => neg(mul(dy, sin(x))));
unary('Tan', (dy, _x, y) => mul(dy, add(square(y), 1)));
unary('Asin', (dy, x) => div(dy, sqrt(sub(1, square(x)))));
unary('Acos', (dy, x) => neg(div(dy, sqrt(sub(1, square(x))))));
unary('Atan', (dy, x) => div(dy, add(square(x), 1)));
unary('Sinh', (dy, x) => mul(dy, cosh(x)));
unary('Cosh', (dy, x) => mul(dy, sinh(x)));
unary('Tanh', (dy, _x, y) => mul(dy, sub(1, square(y))));
unary('Sigmoid', (dy, _x, y) => mul(dy, mul(y, sub(1, y))));
unary('Softplus', (dy, x) => mul(dy, sigmoid(x)));
unary('Relu', (dy, x) => mul(dy, mask(greater(x, 0))));
unary('Relu6', (dy, x) => mul(dy, mask(logicalAnd(greater(x, 0), less(x, 6)))));
unary('Elu', (dy, x, y) => where(greater(x, 0), dy, mul(dy, add(y, 1))));
unary('Selu', (dy, x, y) => where(greater(x, 0), mul(dy, SELU_SCALE), mul(dy, add(y, SELU_SCALE * SELU_ALPHA))));
unary('Erf', (dy, x) => mul(dy, mul(2 / Math.sqrt(Math.PI), exp(neg(square(x))))));
for (const name of ['Floor', 'Ceil', 'Round', 'Sign', 'Step']) unary(name, (dy) => zerosLike(dy));
unary('LeakyRelu', (dy, x, _y, attrs) => where(greater(x, 0), dy, mul(dy, attrs.alpha as number)));
unary('ClipByValue', (dy, x, _y, attrs) =>
  mul(dy, mask(logicalAnd(greaterEqual(x, attrs.min as number), lessEqual(x, attrs.max as number)))));
registerGradient('Cast', ([dy], { inputs: [x] }) => [x.dtype === 'float32' ? cast(dy, 'float32') : null]);
for (const name of ['IsNaN', 'IsFinite', 'IsInf', 'LogicalNot']) registerGradient(name, () => [null]);

/** Registers a rule for a broadcasting two-input kernel. */
function binary(name: string, f: (dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor | null, Tensor | null]): void {
  registerGradient(name, ([dy], { inputs: [a, b], outputs: [y] }) => {
    const [da, db] = f(dy, a, b, y);
    return [da && unbroadcast(da, a.shape), db && unbroadcast(db, b.shape)];
  });
}

binary('Add', (dy) => [dy, dy]);
binary('Sub', (dy) => [dy, neg(dy)]);
binary('Mul', (dy, a, b) => [mul(dy, b), mul(dy, a)]);
binary('Div', (dy, a, b) => [div(dy, b), neg(div(mul(dy, a), square(b)))]);
binary('Pow', (dy, a, b, y) => [
  mul(dy, mul(b, div(y, where(equal(a, 0), scalar(1), a)))), // b·a^(b-1), safe where a = 0
  mul(dy, where(greater(a, 0), mul(y, log(where(greater(a, 0), a, scalar(1)))), zerosLike(a))),
]);
binary('Maximum', (dy, a, b) => [mul(dy, mask(greaterEqual(a, b))), mul(dy, mask(less(a, b)))]);
binary('Minimum', (dy, a, b) => [mul(dy, mask(lessEqual(a, b))), mul(dy, mask(greater(a, b)))]);
binary('SquaredDifference', (dy, a, b) => {
  const d = mul(dy, mul(sub(a, b), 2));
  return [d, neg(d)];
});
binary('Atan2', (dy, a, b) => {
  const r = add(square(a), square(b));
  return [mul(dy, div(b, r)), neg(mul(dy, div(a, r)))];
});
binary('Prelu', (dy, x, alpha) => {
  const pos = greater(x, 0);
  return [where(pos, dy, mul(dy, alpha)), where(pos, zerosLike(dy), mul(dy, x))];
});
binary('FloorDiv', (dy) => [zerosLike(dy), zerosLike(dy)]);
binary('Mod', (dy, a, b) => [dy, mul(dy, neg(floor(div(a, b))))]);
for (const name of ['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'LogicalAnd', 'LogicalOr', 'LogicalXor']) {
  registerGradient(name, () => [null, null]);
}
registerGradient('Select', ([dy], { inputs: [c] }) => [null, where(c, dy, zerosLike(dy)), where(c, zerosLike(dy), dy)]);
registerGradient('AddN', ([dy], { inputs }) => inputs.map(() => dy));

