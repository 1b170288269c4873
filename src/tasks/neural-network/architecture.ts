/**
 * The model behind a neuralNetwork: ml5's default layers for each task, the `layers` option
 * (`[{ type: 'dense', units: 16, activation: 'relu' }, …]` or layer objects), and how it is compiled.
 */
import { describeValue, raise } from '../../errors/index.js';
import { initializers, layers as layerMakers, Layer, sequential, train, type Sequential } from '../../nn/index.js';

/** The tasks a neuralNetwork can do. */
export type NeuralNetworkTask = 'classification' | 'regression' | 'imageClassification';

/** One layer of the `layers` option: its `type` (a `sprout.layers` name) and that layer's options. */
export interface LayerSpec {
  type: string;
  [option: string]: unknown;
}

/** ml5's default layers: one hidden dense layer, or a small conv net for images. */
export function defaultLayers(task: NeuralNetworkTask, hiddenUnits: number): LayerSpec[] {
  if (task === 'imageClassification') {
    const conv = (filters: number): LayerSpec => ({ type: 'conv2d', filters, kernelSize: 5, strides: 1, activation: 'relu', kernelInitializer: 'varianceScaling' });
    const pool: LayerSpec = { type: 'maxPooling2d', poolSize: [2, 2], strides: [2, 2] };
    return [conv(8), pool, conv(16), pool, { type: 'flatten' }, { type: 'dense', kernelInitializer: 'varianceScaling', activation: 'softmax' }];
  }
  // ml5 ends regression with a sigmoid, which cannot reach the ends of a normalized range (and
  // nothing outside 0–1 without normalizeData); a linear output fits both.
  const last = task === 'classification' ? 'softmax' : 'linear';
  return [{ type: 'dense', units: hiddenUnits, activation: 'relu' }, { type: 'dense', activation: last }];
}

/** Layer types whose kernel a seed sets. */
const WEIGHTED = ['dense', 'conv2d', 'conv2dTranspose'];

const LAYER_TYPES = Object.keys(layerMakers).filter((k) => k !== 'input' && k !== 'inputLayer');

/**
 * A Sequential model from layer specs (or layer objects): the first gets the input shape, the last
 * the output units. With a `seed`, weights left to the default initializer start from seeded values.
 */
export function buildModel(specs: (LayerSpec | Layer)[], inputShape: number[], outputUnits: number, seed?: number | string): Sequential {
  if (!Array.isArray(specs) || specs.length === 0) raise('nn.badLayers', { detail: `the layers option should be a list of layers, got ${describeValue(specs)}`, types: LAYER_TYPES.join(', ') });
  const model = sequential();
  specs.forEach((spec, i) => {
    if (spec instanceof Layer) {
      model.add(spec);
      return;
    }
    if (!spec || typeof spec !== 'object' || typeof spec.type !== 'string') {
      raise('nn.badLayers', { detail: `layer ${i + 1} should be an object like { type: 'dense', units: 16 }, got ${describeValue(spec)}`, types: LAYER_TYPES.join(', ') });
    }
    const make = (layerMakers as unknown as Record<string, (args: object) => Layer>)[spec.type];
    if (!make || !LAYER_TYPES.includes(spec.type)) raise('nn.badLayers', { detail: `layer ${i + 1} has the type '${spec.type}', which Sprout does not know`, types: LAYER_TYPES.join(', ') });
    const { type: _type, ...args } = spec;
    void _type;
    if (i === 0 && args.inputShape === undefined && args.batchInputShape === undefined) args.inputShape = inputShape;
    if (i === specs.length - 1 && args.units === undefined && spec.type === 'dense') args.units = outputUnits;
    if (seed !== undefined && (args.kernelInitializer === undefined || typeof args.kernelInitializer === 'string') && WEIGHTED.includes(spec.type)) {
      const s = `${seed}/${i}`;
      args.kernelInitializer = args.kernelInitializer === 'varianceScaling' ? initializers.varianceScaling({ seed: s }) : initializers.glorotUniform(s);
    }
    model.add(make(args));
  });
  return model;
}

/**
 * True when `model` takes inputs of `inputShape` and gives `outputUnits` numbers. False, for
 * example, once examples of a new label were added after training: the model must then be rebuilt.
 *
 * @example
 * if (!fitsData(model, [3], 4)) model = buildModel(specs, [3], 4);
 */
export function fitsData(model: { inputs: { shape: (number | null)[] }[]; outputs: { shape: (number | null)[] }[] }, inputShape: number[], outputUnits: number): boolean {
  const inp = model.inputs[0]?.shape.slice(1) ?? [];
  const out = model.outputs[0]?.shape ?? [];
  return inp.length === inputShape.length && inp.every((d, i) => d === null || d === inputShape[i]) && out[out.length - 1] === outputUnits;
}

/** ml5's training setup: cross-entropy and SGD for classification, squared error and Adam for regression. */
export function compileFor(model: Sequential, task: NeuralNetworkTask, learningRate: number): void {
  if (task === 'regression') model.compile({ loss: 'meanSquaredError', optimizer: train.adam(learningRate) });
  else model.compile({ loss: 'categoricalCrossentropy', optimizer: train.sgd(learningRate), metrics: ['accuracy'] });
}
