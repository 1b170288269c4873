/**
 * `loadTFLiteModel`, `loadGraphModel` and `loadModel` for the script bundle: the same functions,
 * which fetch the converters (sprout-formats.min.js) on first use. See ./formats.ts.
 */
import { modelFormats, type ModelFormats } from './formats.js';

type Fn<K extends keyof ModelFormats> = ModelFormats[K];

/** Loads a TFLite model (see the full documentation in src/models/tflite/load.ts). */
export const loadTFLiteModel = (async (...args: Parameters<Fn<'loadTFLiteModel'>>) =>
  (await modelFormats()).loadTFLiteModel(...args)) as Fn<'loadTFLiteModel'>;

/** Loads a TF.js graph model (see src/models/graph/load.ts). */
export const loadGraphModel = (async (...args: Parameters<Fn<'loadGraphModel'>>) =>
  (await modelFormats()).loadGraphModel(...args)) as Fn<'loadGraphModel'>;

/** Loads a model of any supported format (see src/models/graph/load-model.ts). */
export const loadModel = (async (...args: Parameters<Fn<'loadModel'>>) =>
  (await modelFormats()).loadModel(...args)) as Fn<'loadModel'>;
