/**
 * Activation functions by name, as layers take them (`activation: 'relu'`). Names follow TF.js
 * ('hardSigmoid'); Keras' snake_case spellings ('hard_sigmoid') are accepted too.
 */
import { raise } from '../../errors/index.js';
import {
  Tensor, add, clipByValue, div, elu, erf, logSoftmax, mul, relu, relu6, selu, sigmoid, softmax, softplus, tanh, abs,
} from '../../tensor/index.js';
import { toCamelCase } from './naming.js';

export type ActivationFn = (x: Tensor) => Tensor;

const gelu: ActivationFn = (x) => mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
const geluNew: ActivationFn = (x) =>
  mul(mul(x, 0.5), add(tanh(mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI))), 1));

const ACTIVATIONS: Record<string, ActivationFn> = {
  linear: (x) => x,
  relu: (x) => relu(x),
  relu6: (x) => relu6(x),
  elu: (x) => elu(x),
  selu: (x) => selu(x),
  sigmoid: (x) => sigmoid(x),
  hardSigmoid: (x) => clipByValue(add(mul(x, 0.2), 0.5), 0, 1),
  softplus: (x) => softplus(x),
  softsign: (x) => div(x, add(abs(x), 1)),
  tanh: (x) => tanh(x),
  softmax: (x) => softmax(x, -1),
  logSoftmax: (x) => logSoftmax(x, -1),
  swish: (x) => mul(x, sigmoid(x)),
  mish: (x) => mul(x, tanh(softplus(x))),
  gelu,
  geluNew,
};

/** Activation names layers accept. */
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS);

/** Activations that the fused matMul / conv kernels apply themselves. */
export const FUSABLE = new Set(['linear', 'relu', 'relu6', 'elu', 'sigmoid']);

/** The canonical (TF.js) name of an activation identifier; null/undefined mean 'linear'. */
export function activationName(id: unknown, layer: string): string {
  if (id === null || id === undefined) return 'linear';
  if (typeof id === 'string') {
    const camel = toCamelCase(id);
    const exact = ACTIVATION_NAMES.find((n) => n === camel) ?? ACTIVATION_NAMES.find((n) => n.toLowerCase() === camel.toLowerCase());
    if (exact) return exact;
    if (id === 'gelu_new') return 'geluNew';
  }
  return raise('layers.unknownActivation', { layer, got: typeof id === 'string' ? `'${id}'` : String(id), known: ACTIVATION_NAMES.join(', ') });
}

/** The function of a canonical activation name. */
export function activationFn(name: string): ActivationFn {
  return ACTIVATIONS[name];
}
