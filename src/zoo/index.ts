/** The model zoo: `zoo` (list, load, cache), the contract types, and image preprocessing. */
import { createZoo } from './zoo.js';

export { createZoo, type Zoo, type ZooSummary, type ZooCachedEntry } from './zoo.js';
export { preprocessImage } from './preprocess.js';
export { decodeZooWeights, halfToFloat, type ZooModelFile, type ZooStorage } from './format.js';
export { sha256 } from './hash.js';
export type {
  ZooManifest, ZooModel, ZooProgress, ZooLoadOptions, ZooImageInput, ZooOtherInput, ZooOutput, ZooFileInfo, ZooSource, ZooBuildInfo,
} from './types.js';

/**
 * The model zoo: `await sprout.zoo.load('mobilenet-v2', { onProgress })` downloads a model once
 * (checked against its manifest's sha256) and keeps it in IndexedDB for the next visit.
 *
 * @example
 * const model = await sprout.zoo.load('mobilenet-v2', { onProgress: (p) => console.log(p.status, p.loaded, p.total) });
 * console.log(await sprout.zoo.list());
 */
export const zoo = createZoo();
