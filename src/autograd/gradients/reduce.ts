import {
  cast, div, equal, exp, mul, oneHot, onesLike, prod, reshape, sub, sum, broadcastTo, where, zerosLike, type Tensor,
} from '../../tensor/index.js';
import { registerGradient } from '../registry.js';

// Reduction kernels see [outer, inner] inputs and give [outer] outputs.
const expand = (t: Tensor, like: Tensor) => broadcastTo(reshape(t, [t.size, 1]), like.shape);

registerGradient('Sum', ([dy], { inputs: [x] }) => [expand(dy, x)]);
// Prod: dx_i = dy · Π_{j≠i} x_j. Not y / x_i, which is 0/0 at a zero: a row without zeros gets
// P / x_i (P the product of its non-zero values), a row with one zero gets P at the zero and 0
// elsewhere, a row with more zeros gets 0 everywhere.
registerGradient('Prod', ([dy], { inputs: [x] }) => {
  const isZero = equal(x, 0);
  const safe = where(isZero, onesLike(x), x);
  const nonZeroProd = expand(prod(safe, 1), x);
  const zeros = expand(sum(cast(isZero, 'float32'), 1), x);
  const none = zerosLike(x);
  const g = where(isZero, where(equal(zeros, 1), nonZeroProd, none), where(equal(zeros, 0), div(nonZeroProd, safe), none));
  return [mul(expand(dy, x), g)];
});
const extreme = ([dy]: Tensor[], { inputs: [x], outputs: [y] }: { inputs: Tensor[]; outputs: Tensor[] }) =>
  [mul(expand(dy, x), cast(equal(x, expand(y, x)), 'float32'))];
registerGradient('Max', extreme);
registerGradient('Min', extreme);
for (const name of ['ArgMax', 'ArgMin', 'All', 'Any']) registerGradient(name, () => [null]);

registerGradient('Softmax', ([dy], { outputs: [y] }) => [mul(y, sub(dy, sum(mul(dy, y), -1, true)))]);
registerGradient('LogSoftmax', ([dy], { outputs: [y] }) => [sub(dy, mul(exp(y), sum(dy, -1, true)))]);

// TopK: each selected value's gradient goes back to its index.
registerGradient('TopK', ([dValues], { inputs: [x], outputs: [, indices] }) => {
  const hot = cast(oneHot(indices, x.shape[1]), 'float32'); // [outer, k, inner]
  return [sum(mul(hot, reshape(dValues, [...dValues.shape, 1])), 1)];
});
