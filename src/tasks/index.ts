/**
 * The friendly task API (imageClassifier, featureExtractor, regression, knnClassifier) and the
 * task framework later tasks build on (src/tasks/core).
 */
export { imageClassifier, ImageClassifier, type ImageClassifierOptions } from './image-classifier.js';
export { featureExtractor, FeatureExtractor, type FeatureExtractorOptions, type RegressionResult } from './feature-extractor.js';
export { regression } from './regression.js';
export { knnClassifier, KNNClassifier, type KNNResult } from './knn-classifier.js';
export type { Classification } from './core/results.js';
export { Task, finishFactory, setPreloadHook, type PreloadHook, type TaskPromise } from './core/task.js';
export { settle, splitCallback, type TaskCallback } from './core/callbacks.js';
export { handleOptions, type OptionRule, type OptionRules } from './core/options.js';
export { readImage, MEDIA_WAIT_MS } from './core/image-input.js';
export { FrameLoop } from './core/loop.js';
export { setModelResolver, loadZooModel, type ModelResolver, type ImageModel } from './core/image-model.js';
