/** Models: functional (`model`), `sequential`, training callbacks, and loading. */
export { LayersModel, model, type ModelArgs, type ModelInput, type PredictArgs } from './model.js';
export { Sequential, sequential, type SequentialArgs } from './sequential.js';
export { loadLayersModel, modelFromArtifacts, type LoadOptions } from './load.js';
export {
  Callback, CallbackList, History, EarlyStopping, callbacks, type Logs, type CustomCallbackArgs, type CallbackLike, type EarlyStoppingArgs,
  type CallbackParams,
} from './callbacks.js';
export type { CompileArgs, FitArgs, FitDatasetArgs, EvaluateArgs, DatasetLike, DatasetBatch } from './training.js';
