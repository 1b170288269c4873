/** Saving and loading models: handlers and the TF.js-compatible artifact types. */
export * from './types.js';
export { encodeWeights, decodeWeights, concatWeightData, modelJSON, artifactsFromJSON, artifactsInfo } from './weights.js';
export {
  getSaveHandler, getLoadHandler, resolveHandler, withSaveHandler, fromMemory, browserDownloads, browserIndexedDB, fileSystem, http,
} from './handlers.js';
import { browserDownloads, browserIndexedDB, fileSystem, fromMemory, http, withSaveHandler } from './handlers.js';

/** IO handlers, as `tf.io`. */
export const io = { browserDownloads, browserIndexedDB, fileSystem, http, withSaveHandler, fromMemory };
