import { ACTIVATIONS, type Activation } from '../../core/kernels.js';
import { describeValue } from '../../errors/index.js';
import type { Tensor } from '../tensor.js';
import { elu, leakyRelu, prelu, relu, relu6, sigmoid } from './elementwise.js';
import { badArg } from './op-utils.js';

/** Checks a fused activation name. */
export function checkActivation(op: string, activation: unknown): Activation {
  if (!ACTIVATIONS.includes(activation as Activation)) {
    badArg(op, 'activation', `must be one of ${ACTIVATIONS.map((a) => `'${a}'`).join(', ')}`, describeValue(activation));
  }
  return activation as Activation;
}

/** Applies an activation with separate ops (the fallback when a fused kernel cannot take it). */
export function applyActivation(x: Tensor, activation: Activation, preluWeights?: Tensor, leakyreluAlpha = 0.2): Tensor {
  switch (activation) {
    case 'linear': return x;
    case 'relu': return relu(x);
    case 'relu6': return relu6(x);
    case 'elu': return elu(x);
    case 'sigmoid': return sigmoid(x);
    case 'leakyrelu': return leakyRelu(x, leakyreluAlpha);
    case 'prelu':
      if (!preluWeights) badArg('fused op', 'preluActivationWeights', "must be given with activation 'prelu'", 'undefined');
      return prelu(x, preluWeights);
  }
}
