/**
 * The nn layer: optimizers, losses, metrics, initializers and regularizers (and, next to them,
 * the layers).
 */
export * from './optimizers/index.js';
export {
  losses, lossFunctions, getLoss, Reduction, type LossFn, type SerializedLoss,
} from './losses.js';
export { metrics, getMetric, type MetricFn } from './metrics.js';
export {
  initializers, getInitializer, serializeInitializer, computeFans, Zeros, Ones, Constant, RandomUniform, RandomNormal,
  TruncatedNormal, Identity, VarianceScaling, Orthogonal, type Initializer, type SerializedInitializer, type FanMode, type Distribution,
} from './initializers.js';
export { regularizers, getRegularizer, L1L2, type Regularizer, type SerializedRegularizer } from './regularizers.js';

// ---- layers, models, saving and loading (layers engineer) ------------------------------------
export {
  layers, Layer, LayerVariable, SymbolicTensor, input, InputLayer, Dense, Flatten, Reshape, Dropout, Activation, Conv2D, DepthwiseConv2D,
  SeparableConv2D, Conv2DTranspose, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, BatchNormalization,
  ReLU, LeakyReLU, PReLU, ELU, Softmax, ZeroPadding2D, UpSampling2D, Concatenate, Add, Multiply, registerLayerClass,
  type Shape, type LayerArgs, type LayerConfig, type InputConfig,
} from './layers/index.js';
export {
  LayersModel, Sequential, model, sequential, loadLayersModel, modelFromArtifacts, callbacks, Callback, History, EarlyStopping,
  type ModelArgs, type SequentialArgs, type CompileArgs, type FitArgs, type FitDatasetArgs, type EvaluateArgs, type DatasetLike,
  type Logs, type CustomCallbackArgs, type EarlyStoppingArgs, type LoadOptions,
} from './model/index.js';
export { io, type IOHandler, type ModelArtifacts, type SaveResult, type WeightsManifestEntry } from './io/index.js';
