import {
  cast, div, equal, exp, mul, oneHot, reshape, sub, sum, broadcastTo, type Tensor,
} from '../../tensor/index.js';
import { registerGradient } from '../registry.js';

// Reduction kernels see [outer, inner] inputs and give [outer] outputs.
const expand = (t: Tensor, like: Tensor) => broadcastTo(reshape(t, [t.size, 1]), like.shape);

registerGradient('Sum', ([dy], { inputs: [x] }) => [expand(dy, x)]);
registerGradient('Prod', ([dy], { inputs: [x], outputs: [y] }) => [mul(expand(dy, x), div(expand(y, x), x))]);
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
