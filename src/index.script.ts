/**
 * Sprout: friendly machine learning for creative coders, on its own tensor engine.
 * The script-tag entry (`sprout.min.js`, global `sprout`): the public API, with the model-format
 * converters (TFLite, TF.js graph models, `loadModel`) loaded from `sprout-formats.min.js` on
 * first use (see src/models/formats.ts).
 */
import * as tensorApi from './tensor/index.js';
import * as errorsApi from './errors/index.js';
import * as irExecute from './models/ir/execute.js';
import * as irSerialize from './models/ir/serialize.js';
import * as irControlFlow from './models/ir/control-flow.js';
import * as irDynamic from './models/ir/dynamic-executor.js';
import * as compilerApi from './models/compiler/index.js';
import * as formatsApi from './models/formats.js';
import * as nnApi from './nn/index.js';
import * as nnIo from './nn/io/index.js';

export * from './api.js';
export { loadTFLiteModel, loadGraphModel, loadModel } from './models/formats-lazy.js';

/**
 * Engine internals the format bundle (sprout-formats.min.js) links against. Not public API: the
 * build checks that every name the format bundle imports is here.
 * @internal
 */
export const __internal: Record<string, unknown> = {
  ...tensorApi, ...errorsApi, ...irExecute, ...irSerialize, ...irControlFlow, ...irDynamic, ...compilerApi, ...formatsApi, ...nnApi, ...nnIo,
};
