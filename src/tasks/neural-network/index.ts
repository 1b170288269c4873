/** ml5's neuralNetwork task. */
import { finishFactory } from '../core/task.js';
import { NeuralNetwork, type Callback, type NeuralNetworkOptions } from './neural-network.js';

export { NeuralNetwork } from './neural-network.js';
export type { NeuralNetworkOptions, TrainOptions, Classification, Prediction, Callback } from './neural-network.js';
export type { LayerSpec, NeuralNetworkTask } from './architecture.js';
export type { Metadata, PropertyMeta, Row } from './metadata.js';
export type { ModelFilesSource } from './model-files.js';

/**
 * Makes a neuralNetwork (as `ml5.neuralNetwork`): `neuralNetwork(options, callback?)` or
 * `neuralNetwork(inputs, outputs, callback?)`. It returns the network itself, usable at once (as in
 * ml5; `await` on it works too); `.ready` (and the callback) say when a `dataUrl` or `modelUrl`
 * given in the options has loaded, and methods wait for it.
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
  // Unlike the model-loading tasks, ml5's neuralNetwork is used at once (no await), so the object
  // itself is returned. finishFactory still reports to the callback and, inside p5 1.x preload(),
  // holds setup() until a modelUrl / dataUrl has loaded; the Promise it returns elsewhere is unused.
  const settled = finishFactory(nn, cb) as unknown;
  if (settled !== nn) (settled as Promise<unknown>).catch(() => undefined);
  return nn;
}
