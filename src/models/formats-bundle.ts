/**
 * Entry of `sprout-formats.min.js`, the converters the script bundle loads on first use
 * (see ./formats.ts). Everything else it needs comes from the already-loaded `sprout` global.
 */
import { loadTFLiteModel } from './tflite/load.js';
import { loadGraphModel } from './graph/load.js';
import { loadModel } from './graph/load-model.js';
import { provideModelFormats } from './formats.js';

provideModelFormats({ loadTFLiteModel, loadGraphModel, loadModel });
