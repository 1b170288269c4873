/**
 * Sprout: friendly machine learning for creative coders, on its own tensor engine.
 * The npm entry (ESM and CommonJS): the whole public API, model-format converters included.
 * The script-tag bundle is built from src/index.script.ts instead.
 */
import { loadTFLiteModel, loadGraphModel, loadModel } from './models/index.js';
import { provideModelFormats } from './models/formats.js';

provideModelFormats({ loadTFLiteModel, loadGraphModel, loadModel });

export * from './api.js';
export { loadTFLiteModel, TFLiteModel, loadGraphModel, loadModel, GraphModel } from './models/index.js';
export type { GraphModelSource, GraphModelArtifacts, LoadGraphModelOptions, GraphModelInputs, GraphTensorInfo, ModelSource, AnyModel, OptimizeOptions } from './models/index.js';
export type { TFLiteSource, LoadTFLiteOptions, TFLiteInputs, TFLiteTensorInfo, TFLiteQuantInfo } from './models/index.js';
