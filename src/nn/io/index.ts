/** Saving and loading models: handlers and the TF.js-compatible artifact types. */
export * from './types.js';
export { encodeWeights, decodeWeights, concatWeightData, modelJSON, artifactsFromJSON, artifactsInfo, checkWeightSpecs, parseModelJSON, MAX_WEIGHT_BYTES, type ShardReader, type ArtifactsFromJSONOptions } from './weights.js';
export {
  getSaveHandler, getLoadHandler, resolveHandler, withSaveHandler, fromMemory, browserDownloads, browserIndexedDB, fileSystem, http,
  browserFiles, filesOf, type FileLike, type LoadHandlerOptions,
} from './handlers.js';
import { browserDownloads, browserFiles, browserIndexedDB, fileSystem, filesOf, fromMemory, http, withSaveHandler, type FileLike } from './handlers.js';

/**
 * IO handlers, as `tf.io`.
 *
 * @example
 * await model.save(sprout.io.browserDownloads('my-model'));
 */
export const io = {
  browserDownloads, browserIndexedDB, fileSystem, http, withSaveHandler, fromMemory,
  /** Loads from browser Files (model.json and its weight files), as `tf.io.browserFiles`. @example await sprout.loadLayersModel(sprout.io.browserFiles(fileInput.files)); */
  browserFiles: (files: FileLike[] | { length: number; item(i: number): FileLike | null } | { json: FileLike; weights?: FileLike[] }) => browserFiles(filesOf(files) ?? { files: [] }),
};
