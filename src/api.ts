/**
 * The public API shared by both entries (src/index.ts for npm, src/index.script.ts for the script
 * tag): everything except the model-format converters, which the script bundle loads lazily.
 * Registers the CPU backend.
 */
import { registerBackend } from './backends/registry.js';
import './models/layers/index.js'; // registers the compiled predict of layers models
import { CpuBackend } from './backends/cpu/index.js';
import {
  fusedConv2d, fusedDepthwiseConv2d, fusedMatMul, resizeBilinear, resizeNearestNeighbor, fromPixels, cropAndResize,
  nonMaxSuppression, nonMaxSuppressionAsync, nonMaxSuppressionWithScore, nonMaxSuppressionWithScoreAsync,
} from './tensor/index.js';

registerBackend('cpu', () => new CpuBackend(), 1);

export * from './tensor/index.js';
export { grad, grads, valueAndGrad, valueAndGrads, variableGrads } from './autograd/index.js';
export {
  train, getOptimizer, Optimizer, SGDOptimizer, MomentumOptimizer, AdamOptimizer, AdamaxOptimizer, RMSPropOptimizer,
  AdagradOptimizer, AdadeltaOptimizer, losses, Reduction, metrics, initializers, regularizers,
} from './nn/index.js';
export {
  layers, input, sequential, model, loadLayersModel, callbacks, io,
  LayersModel, Sequential, Layer, SymbolicTensor, Callback, History, EarlyStopping,
} from './nn/index.js';
export type {
  CompileArgs, FitArgs, FitDatasetArgs, EvaluateArgs, ModelArgs, SequentialArgs, Shape, Logs, CustomCallbackArgs, EarlyStoppingArgs,
  IOHandler, ModelArtifacts, SaveResult, LoadOptions,
} from './nn/index.js';
export type {
  LearningRate, LearningRateSchedule, OptimizerOptions, NamedTensor, Initializer, Regularizer, LossFn, MetricFn,
} from './nn/index.js';
export { zoo, createZoo, preprocessImage } from './zoo/index.js';
export type { Zoo, ZooSummary, ZooCachedEntry, ZooManifest, ZooModel, ZooProgress, ZooLoadOptions, ZooImageInput, ZooOtherInput, ZooOutput } from './zoo/index.js';
export { neuralNetwork, NeuralNetwork } from './tasks/neural-network/index.js';
export type { NeuralNetworkOptions, TrainOptions, Classification, Prediction, LayerSpec, NeuralNetworkTask } from './tasks/neural-network/index.js';
export { imageClassifier, featureExtractor, regression, knnClassifier, ImageClassifier, FeatureExtractor, KNNClassifier } from './tasks/index.js';
export type { ImageClassifierOptions, FeatureExtractorOptions, RegressionResult, KNNResult, TaskCallback } from './tasks/index.js';
export { setP5 } from './p5/index.js';
export { layersModelToIr } from './models/layers/index.js';
export { registerBackend, registeredBackends } from './backends/registry.js';
export { SproutError } from './errors/index.js';
export type { DType, TypedArray } from './core/dtype.js';
export type { Backend, TensorInfo, DataId, KernelAttrs } from './core/backend.js';
export type { Activation } from './core/kernels.js';
export type { PaddingSpec, RoundingMode } from './core/conv-util.js';

/** Image ops, as `tf.image` in TF.js. @example sprout.image.resizeBilinear(img, [224, 224]); */
export const image = {
  resizeBilinear, resizeNearestNeighbor, cropAndResize,
  nonMaxSuppression, nonMaxSuppressionAsync, nonMaxSuppressionWithScore, nonMaxSuppressionWithScoreAsync,
};
/** Browser helpers, as `tf.browser` in TF.js. @example const pixels = sprout.browser.fromPixels(canvas); // [h, w, 3] int32 */
export const browser = { fromPixels };
/**
 * Ops with a bias and an activation fused in, as `tf.fused` in TF.js.
 *
 * @example
 * sprout.fused.matMul({ a: [[1, 2]], b: [[1], [1]], bias: [1], activation: 'relu' }).print(); // [[4]]
 */
export const fused = { matMul: fusedMatMul, conv2d: fusedConv2d, depthwiseConv2d: fusedDepthwiseConv2d };

/** The library version. */
export const version = '0.1.0';
