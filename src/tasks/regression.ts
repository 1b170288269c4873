/** `regression`: images → one or more numbers, as its own task on featureExtractor's regression mode. */
import type { TaskCallback } from './core/callbacks.js';
import type { TaskPromise } from './core/task.js';
import { makeExtractor, type FeatureExtractor, type FeatureExtractorOptions } from './feature-extractor.js';

/**
 * Makes an image regressor: add images with the number(s) they stand for, train, then predict.
 * The same object as `featureExtractor(...).regression()`.
 *
 * @example
 * const reg = await sprout.regression('MobileNet');
 * await reg.addImage(img, 0.75);
 * await reg.train();
 * const { value } = await reg.predict(img);
 */
export function regression(
  model: string | FeatureExtractorOptions | TaskCallback<FeatureExtractor> = 'MobileNet',
  options?: FeatureExtractorOptions | TaskCallback<FeatureExtractor>,
  callback?: TaskCallback<FeatureExtractor>,
): TaskPromise<FeatureExtractor> {
  return makeExtractor('regression', model, options, callback, 'regression');
}
