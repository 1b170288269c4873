/** ml5's neuralNetwork task. */
import { settle } from '../core/callbacks.js';
import { NeuralNetwork, type Callback, type NeuralNetworkOptions } from './neural-network.js';

export { NeuralNetwork } from './neural-network.js';
export type { NeuralNetworkOptions, TrainOptions, Classification, Prediction, Callback } from './neural-network.js';
export type { LayerSpec, NeuralNetworkTask } from './architecture.js';
export type { Metadata, PropertyMeta, Row } from './metadata.js';
export type { ModelFilesSource } from './model-files.js';

/**
 * Makes a neuralNetwork (as `ml5.neuralNetwork`): `neuralNetwork(options, callback?)` or
 * `neuralNetwork(inputs, outputs, callback?)`. It is usable at once; `.ready` (and the callback)
 * say when a `dataUrl` or `modelUrl` given in the options has loaded.
 *
 * @example
 * const nn = sprout.neuralNetwork({ inputs: ['r', 'g', 'b'], outputs: ['label'], task: 'classification', debug: true });
 */
export function neuralNetwork(
  optionsOrInputs?: NeuralNetworkOptions | number | string[],
  outputsOrCallback?: number | string[] | Callback<NeuralNetwork>,
  callback?: Callback<NeuralNetwork>,
): NeuralNetwork {
  let options: NeuralNetworkOptions;
  let cb: Callback<NeuralNetwork> | undefined;
  if (typeof optionsOrInputs === 'number' || Array.isArray(optionsOrInputs)) {
    options = { inputs: optionsOrInputs, outputs: outputsOrCallback as number | string[] };
    cb = callback;
  } else {
    options = optionsOrInputs ?? {};
    cb = typeof outputsOrCallback === 'function' ? outputsOrCallback : undefined;
  }
  const nn = new NeuralNetwork(options);
  if (cb) settle(nn.ready, cb);
  return nn;
}
