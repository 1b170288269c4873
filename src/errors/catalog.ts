/**
 * The one message catalog of Sprout. Every error and warning that Sprout shows is written here,
 * and raised through `raise()` / `warnOnce()`, so that wording stays consistent and each message
 * can be tested.
 *
 * Two voices:
 * - `engine` messages are for the engine's callers: precise, naming the op, the parameter, what was
 *   expected and what was given (`conv2d: filter must have rank 4, got rank 3 (shape [3,3,3])`).
 * - `friendly` messages are for beginners: what happened, the usual reason, what to try.
 */

import type { MessageEntry } from './entry.js';
import { GRAPH_MESSAGES } from './catalog-graph.js';
import { ZOO_MESSAGES } from './catalog-zoo.js';
import { TASK_MESSAGES } from './catalog-tasks.js';

export type { MessageParams, MessageEntry } from './entry.js';

const s = (v: unknown): string => String(v);

const CORE_MESSAGES = {
  // ---- engine voice ----------------------------------------------------------------------
  'op.badArgument': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: ${s(p.param)} ${s(p.expected)}, got ${s(p.got)}`,
  },
  'op.badInputType': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: ${s(p.param)} must be a Tensor, a number, a boolean, a (nested) array or a TypedArray, got ${s(p.got)}`,
  },
  'op.dtypeMismatch': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: ${s(p.param)} must have dtype ${s(p.expected)}, got ${s(p.got)}`,
  },
  'op.shapesNotBroadcastable': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: shapes [${s(p.a)}] and [${s(p.b)}] cannot be broadcast together (dimension ${s(p.dim)} is ${s(p.da)} vs ${s(p.db)}; each must be equal or 1)`,
  },
  'tensor.disposed': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: ${s(p.param)} is a disposed tensor (id ${s(p.id)}); it was freed by dispose() or by the end of a tidy()/scope() — keep() it to use it later`,
  },
  'tensor.valuesShapeMismatch': {
    voice: 'engine',
    text: (p) =>
      `tensor: values hold ${s(p.size)} element(s) but shape [${s(p.shape)}] needs ${s(p.needed)}`,
  },
  'tensor.raggedArray': {
    voice: 'engine',
    text: (p) =>
      `tensor: nested array is ragged at ${s(p.where)}: expected ${s(p.expected)} element(s), got ${s(p.got)}`,
  },
  'tensor.badValue': {
    voice: 'engine',
    text: (p) => `tensor: element ${s(p.where)} must be a number or a boolean, got ${s(p.got)}`,
  },
  'tensor.badDtype': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: dtype must be 'float32', 'int32' or 'bool', got ${s(p.got)}`,
  },
  'tensor.badShape': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: shape must be an array of non-negative integers, got ${s(p.got)}`,
  },
  'tensor.rankTooHigh': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: tensors have rank 0 to 6, got rank ${s(p.rank)} (shape [${s(p.shape)}])`,
  },
  'backend.unknown': {
    voice: 'engine',
    text: (p) => `setBackend: no backend named '${s(p.name)}' is registered (registered: ${s(p.known)})`,
  },
  'backend.initFailed': {
    voice: 'engine',
    text: (p) => `setBackend: backend '${s(p.name)}' could not start: ${s(p.reason)}`,
  },
  'backend.noKernel': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: backend '${s(p.backend)}' has no kernel '${s(p.kernel)}'`,
  },
  'backend.noSyncRead': {
    voice: 'engine',
    text: (p) =>
      `dataSync: backend '${s(p.backend)}' cannot read synchronously; use await tensor.data() instead`,
  },
  'backend.cannotMove': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: ${s(p.param)} lives on backend '${s(p.from)}', which cannot be read synchronously to move it to '${s(p.to)}'; switch with await sprout.setBackend('${s(p.to)}') (it moves such tensors) or read it with await tensor.data()`,
  },
  'backend.notReady': {
    voice: 'engine',
    text: (p) =>
      `backend '${s(p.name)}' is still loading; await sprout.ready() (or await setBackend('${s(p.name)}')) before running ops`,
  },
  'scope.badFunction': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: expects a function, got ${s(p.got)}`,
  },
  'scope.asyncInTidy': {
    voice: 'engine',
    text: () =>
      `tidy: the function returned a Promise; tidy() only works with synchronous code — use await sprout.scope(async () => ...) instead`,
  },
  'variable.duplicateName': {
    voice: 'engine',
    text: (p) => `variable: a variable named '${s(p.name)}' already exists; names must be unique (dispose the old one or choose another name)`,
  },
  'grad.noRule': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: kernel '${s(p.kernel)}' has no gradient, so this function cannot be differentiated through it`,
  },
  'grad.notFunction': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: f must be a function, got ${s(p.got)}`,
  },
  'grad.badResult': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: f must return a float32 Tensor, got ${s(p.got)}`,
  },
  'grad.notScalar': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: f must return a scalar (the loss), got ${s(p.got)}`,
  },
  'grad.noPath': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: the result does not depend on ${s(p.what)}; make sure f computes its result from its argument(s) (or the variables) inside f`,
  },
  'grad.badDy': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: dy must have the shape of f's result [${s(p.expected)}], got [${s(p.got)}]`,
  },
  'internal': {
    voice: 'engine',
    text: (p) => `internal error: ${s(p.detail)} (please report this)`,
  },
  'nn.unknownName': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: unknown ${s(p.kind)} ${s(p.got)}${p.nearest ? `; did you mean '${s(p.nearest)}'?` : ''} (known: ${s(p.known)})`,
  },
  'nn.shapeMismatch': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: ${s(p.a)} and ${s(p.b)} must have the same shape, got ${s(p.a)} [${s(p.shapeA)}] and ${s(p.b)} [${s(p.shapeB)}]`,
  },
  'optimizer.unknownVariable': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: no live variable is named '${s(p.name)}' (gradients are matched to variables by name; was the variable disposed?)`,
  },

  // ---- friendly voice --------------------------------------------------------------------
  'warn.unknownOption': {
    voice: 'friendly',
    text: (p) =>
      `${s(p.where)} does not know the option '${s(p.option)}'.${p.nearest ? ` Did you mean '${s(p.nearest)}'?` : ''} It is ignored and the default is used.`,
  },

  // ---- model loading (TFLite and the IR) ---------------------------------------------------
  'model.badFile': {
    voice: 'engine',
    text: (p) => `'${s(p.file)}' is not a readable ${s(p.format)} model: at ${s(p.field)}: ${s(p.detail)}`,
  },
  'model.unsupportedOps': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: '${s(p.file)}' uses ${s(p.count)} op type(s) Sprout cannot run yet: ${s(p.ops)} (supported: ${s(p.supported)})`,
  },
  'model.loadFailed': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: could not load '${s(p.source)}': ${s(p.reason)}`,
  },
  'model.disposed': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: the model was disposed; load it again to use it`,
  },
  'ir.badGraph': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: invalid Sprout IR graph: ${s(p.detail)}`,
  },
  'ir.nodeFailed': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: node ${s(p.index)} '${s(p.name)}' (${s(p.irOp)}) failed: ${s(p.reason)}`,
  },
  // ---- layers, models, training, saving (src/nn/layers, src/nn/model, src/nn/io) ------------
  'layers.badOption': {
    voice: 'friendly',
    text: (p) => `${s(p.layer)}: the option '${s(p.option)}' should be ${s(p.expected)}, but it is ${s(p.got)}.`,
  },
  'layers.badInputShape': {
    voice: 'friendly',
    text: (p) =>
      `The layer '${s(p.layer)}' (${s(p.cls)}) expects input of ${s(p.expected)}, but it got shape [${s(p.got)}].${s(p.hint ?? '')}`,
  },
  'layers.badWeightShape': {
    voice: 'friendly',
    text: (p) => `The layer '${s(p.layer)}' has a weight '${s(p.weight)}' of shape [${s(p.expected)}]; the value given has shape [${s(p.got)}].`,
  },
  'layers.badWeightCount': {
    voice: 'friendly',
    text: (p) => `setWeights: the layer '${s(p.layer)}' has ${s(p.expected)} weight(s) (${s(p.names)}), but ${s(p.got)} were given.`,
  },
  'layers.expectedOne': {
    voice: 'engine',
    text: (p) => `expected one ${s(p.what)}, got ${s(p.got)}`,
  },
  'layers.unknownDimension': {
    voice: 'friendly',
    text: (p) =>
      `The layer '${s(p.layer)}' cannot make its weight '${s(p.weight)}' of shape [${s(p.shape)}]: a size is unknown. Give the first layer an inputShape with every size known.`,
  },
  'layers.disposed': {
    voice: 'friendly',
    text: (p) => `The layer '${s(p.layer)}' was disposed (its weights are freed), so it cannot be used any more.`,
  },
  'layers.noInput': {
    voice: 'friendly',
    text: (p) => `The layer '${s(p.layer)}' was applied to nothing: pass it a tensor (or a list of them).`,
  },
  'layers.mixedInputs': {
    voice: 'friendly',
    text: (p) =>
      `The layer '${s(p.layer)}' got a mix of real tensors and symbolic ones (from sprout.input()): pass either only tensors (to compute now) or only symbolic tensors (to build a model).`,
  },
  'layers.notBuilt': {
    voice: 'friendly',
    text: (p) =>
      `The layer '${s(p.layer)}' has no weights yet, so ${s(p.what)} cannot answer: it gets them when it first sees data (or give it an inputShape).`,
  },
  'layers.notConnected': {
    voice: 'friendly',
    text: (p) => `The layer '${s(p.layer)}' has no ${s(p.what)} yet: it has not been applied to anything (add it to a model or call layer.apply()).`,
  },
  'layers.multipleNodes': {
    voice: 'friendly',
    text: (p) =>
      `The layer '${s(p.layer)}' was applied ${s(p.count)} times, so its ${s(p.what)} is ambiguous; use the symbolic tensor that each apply() returned instead.`,
  },
  'layers.inputNeedsShape': {
    voice: 'friendly',
    text: (p) => `The input '${s(p.layer)}' needs a shape: sprout.input({ shape: [numberOfFeatures] }) (the batch size is left out).`,
  },
  'layers.callInput': {
    voice: 'friendly',
    text: (p) => `'${s(p.layer)}' is an input layer: it starts a model and cannot be applied to tensors.`,
  },
  'layers.ignoredOption': {
    voice: 'friendly',
    text: (p) => `${s(p.layer)}: the option '${s(p.option)}' is not supported by Sprout yet and is ignored.`,
  },
  'layers.unknownActivation': {
    voice: 'friendly',
    text: (p) => `The layer '${s(p.layer)}' does not know the activation ${s(p.got)}. Known activations: ${s(p.known)}.`,
  },
  'layers.badReshape': {
    voice: 'friendly',
    text: (p) =>
      `The layer '${s(p.layer)}' cannot reshape examples of shape [${s(p.input)}] (${s(p.size)} values each) into [${s(p.target)}]: the sizes must multiply to the same number.`,
  },
  'layers.inputTooSmall': {
    voice: 'friendly',
    text: (p) =>
      `The layer '${s(p.layer)}' got images of shape [${s(p.got)}], too small for its ${s(p.kernel)} window: use bigger images, padding: 'same', or fewer pooling layers before it.`,
  },
  'layers.mergeNeedsList': {
    voice: 'friendly',
    text: (p) => `The layer '${s(p.layer)}' (${s(p.cls)}) merges several inputs: apply it to a list of at least two, e.g. layer.apply([a, b]).`,
  },
  'layers.mergeShapes': {
    voice: 'friendly',
    text: (p) => `The layer '${s(p.layer)}' (${s(p.cls)}) got inputs of shapes ${s(p.shapes)}, which ${s(p.rule)}.`,
  },
  'layersModel.needsInputsOutputs': {
    voice: 'friendly',
    text: () => `sprout.model() needs { inputs, outputs }: inputs from sprout.input(), outputs from layer.apply().`,
  },
  'layersModel.inputNotPlaceholder': {
    voice: 'friendly',
    text: (p) => `The inputs of model '${s(p.model)}' must come from sprout.input(), but one is ${s(p.got)}.`,
  },
  'layersModel.outputNotSymbolic': {
    voice: 'friendly',
    text: (p) => `The outputs of model '${s(p.model)}' must be what layer.apply() returned on symbolic tensors, but one is ${s(p.got)}.`,
  },
  'layersModel.disconnected': {
    voice: 'friendly',
    text: (p) =>
      `Model '${s(p.model)}': the layer '${s(p.layer)}' depends on the input '${s(p.input)}', which is not among the model's inputs (${s(p.inputs)}). Add it to inputs.`,
  },
  'layersModel.duplicateName': {
    voice: 'friendly',
    text: (p) => `Model '${s(p.model)}' would have two layers named '${s(p.name)}' (or the same layer twice): layer names must be unique.`,
  },
  'layersModel.noLayer': {
    voice: 'friendly',
    text: (p) => `Model '${s(p.model)}' has no layer named '${s(p.name)}'. Its layers: ${s(p.names)}.`,
  },
  'layersModel.noLayerIndex': {
    voice: 'friendly',
    text: (p) => `Model '${s(p.model)}' has ${s(p.count)} layer(s), so there is no layer at index ${s(p.index)}.`,
  },
  'layersModel.empty': {
    voice: 'friendly',
    text: (p) => `Model '${s(p.model)}' has no layers yet: add some with model.add(...).`,
  },
  'layersModel.notBuilt': {
    voice: 'friendly',
    text: (p) =>
      `Model '${s(p.model)}' does not know the shape of its input yet: give its first layer ('${s(p.layer)}') an inputShape, e.g. { inputShape: [3] }, or fit/predict once.`,
  },
  'layersModel.badLayers': {
    voice: 'friendly',
    text: (p) => `sprout.sequential({ layers }) takes an array of layers, got ${s(p.got)}.`,
  },
  'layersModel.notALayer': {
    voice: 'friendly',
    text: (p) => `model.add() takes a layer (e.g. sprout.layers.dense({ units: 4 })), got ${s(p.got)} (model '${s(p.model)}').`,
  },
  'layersModel.inputLayerFirst': {
    voice: 'friendly',
    text: (p) => `Model '${s(p.model)}': an input layer can only be the first layer.`,
  },
  'layersModel.inputShapeNotFirst': {
    voice: 'friendly',
    text: (p) => `Model '${s(p.model)}': only the first layer takes an inputShape, but '${s(p.layer)}' has one while the first does not.`,
  },
  'layersModel.multipleOutputs': {
    voice: 'friendly',
    text: (p) => `Model '${s(p.model)}' is sequential: each layer must have exactly one output.`,
  },
  'layersModel.missingData': {
    voice: 'friendly',
    text: (p) => `${s(p.op)}() needs ${s(p.param)}, but it is missing.`,
  },
  'layersModel.disposedData': {
    voice: 'friendly',
    text: (p) => `${s(p.op)}(): ${s(p.param)} is a disposed tensor (freed by dispose() or a tidy()): keep() it or make it again.`,
  },
  'layersModel.missingInput': {
    voice: 'friendly',
    text: (p) => `${s(p.op)}(): ${s(p.param)} has no entry for the input '${s(p.name)}' (the inputs are ${s(p.names)}).`,
  },
  'layersModel.inputCount': {
    voice: 'friendly',
    text: (p) => `${s(p.op)}(): the model has ${s(p.expected)} input(s) (${s(p.names)}), but ${s(p.param)} gives ${s(p.got)}. Pass a list with one tensor per input.`,
  },
  'layersModel.badInputShape': {
    voice: 'friendly',
    text: (p) =>
      `${s(p.op)}(): the layer '${s(p.layer)}' expects data of shape [${s(p.expected)}] (each example [${s(p.perExample)}]), but x has shape [${s(p.got)}].${s(p.hint ?? '')}`,
  },
  'layersModel.badTargetShape': {
    voice: 'friendly',
    text: (p) =>
      `${s(p.op)}(): the output layer '${s(p.layer)}' gives shape [${s(p.expected)}], but the labels (y) have shape [${s(p.got)}].${s(p.hint ?? '')}`,
  },
  'fit.notCompiled': {
    voice: 'friendly',
    text: (p) =>
      `${s(p.op)}() needs to know how to learn: call model.compile({ optimizer: 'adam', loss: 'meanSquaredError' }) first (model '${s(p.model)}').`,
  },
  'fit.badCompile': {
    voice: 'friendly',
    text: (p) => `compile(): ${s(p.detail)}.`,
  },
  'fit.alreadyTraining': {
    voice: 'friendly',
    text: (p) => `Model '${s(p.model)}' is already training: wait for the running fit() to finish (await it) before starting another.`,
  },
  'fit.lengthMismatch': {
    voice: 'friendly',
    text: (p) =>
      `${s(p.op)}(): ${s(p.a)} has ${s(p.na)} example(s) but ${s(p.b)} has ${s(p.nb)}. Each example needs its label: give them the same number of rows.`,
  },
  'fit.emptyData': {
    voice: 'friendly',
    text: (p) => `${s(p.op)}(): there is nothing to learn from: ${s(p.what)}.`,
  },
  'fit.nanInData': {
    voice: 'friendly',
    text: (p) =>
      `${s(p.op)}(): ${s(p.name)} contains NaN or Infinity (first in example ${s(p.index)}). Check the data for missing or broken values (empty cells in a CSV, a division by zero) before training.`,
  },
  'fit.labelOutOfRange': {
    voice: 'friendly',
    text: (p) =>
      `${s(p.op)}(): with a sparse loss the labels in ${s(p.name)} must be whole class numbers from 0 to ${s(p.last)} (the model has ${s(p.classes)} outputs), but they go from ${s(p.min)} to ${s(p.max)}${p.frac ? ` ${s(p.frac)}` : ''}. Give the last layer as many units as there are classes.`,
  },
  'fit.lossNaN': {
    voice: 'friendly',
    text: (p) =>
      `The loss became NaN (not a number) at epoch ${s(p.epoch)}, batch ${s(p.batch)}, so training stopped. This usually means the learning rate is too high${p.lr ? ` (${s(p.lr)}): try a smaller one, e.g. ${s(p.smaller)}` : ': try a smaller one'}, or that the data needs scaling (normalize inputs to about -1…1). The weights were put back to their last good values.`,
  },
  'fit.monitorMissing': {
    voice: 'friendly',
    text: (p) =>
      `earlyStopping watches '${s(p.monitor)}', which fit() does not log (it logs: ${s(p.available)}). For 'val_loss', give fit() a validationSplit or validationData.`,
  },
  'fit.badCallback': {
    voice: 'friendly',
    text: (p) => `fit(): callbacks must be objects such as { onEpochEnd: (epoch, logs) => { … } }, got ${s(p.got)}.`,
  },
  'fit.badValidation': {
    voice: 'friendly',
    text: (p) => `fit(): ${s(p.detail)}.`,
  },
  'fit.badDataset': {
    voice: 'friendly',
    text: (p) =>
      `fitDataset() takes an array, a (async) generator or a dataset of { xs, ys } batches, got ${s(p.got)}.`,
  },
  'fit.badBatch': {
    voice: 'friendly',
    text: (p) => `fitDataset(): batch ${s(p.index)} should be { xs, ys }, got ${s(p.got)}.`,
  },
  'fit.datasetExhausted': {
    voice: 'friendly',
    text: (p) =>
      `fitDataset(): the dataset ran out of batches at epoch ${s(p.epoch)}, so training stopped early. Pass a function that makes a fresh generator (function* () { … }) to get new batches every epoch.`,
  },
  'io.unknownScheme': {
    voice: 'friendly',
    text: (p) => `${s(p.op)}: Sprout does not know where '${s(p.url)}' is. Use ${s(p.schemes)}, or an object with ${s(p.op)}().`,
  },
  'io.badHandler': {
    voice: 'friendly',
    text: (p) => `To ${s(p.what)} a model, give a URL such as 'indexeddb://my-model' or an object with a ${s(p.what)}() method, not ${s(p.got)}.`,
  },
  'io.needsBrowser': {
    voice: 'friendly',
    text: (p) => `${s(p.scheme)} works in a web browser only (it is missing here). In Node, save with 'file://path'.`,
  },
  'io.needsNode': {
    voice: 'friendly',
    text: () => `file:// works in Node only. In a browser, use 'downloads://name' or 'indexeddb://name'.`,
  },
  'io.badPath': {
    voice: 'friendly',
    text: (p) => `${s(p.scheme)}: ${s(p.detail)}.`,
  },
  'io.notFound': {
    voice: 'friendly',
    text: (p) => `No model found at ${s(p.where)}: ${s(p.hint)}.`,
  },
  'io.badModelJSON': {
    voice: 'engine',
    text: (p) => `loadLayersModel: not a layers model: ${s(p.detail)}`,
  },
  'io.notLayersModel': {
    voice: 'engine',
    text: (p) => `loadLayersModel: the model has format '${s(p.format)}', not 'layers-model' (a graph model needs the graph-model loader)`,
  },
  'io.unknownLayer': {
    voice: 'engine',
    text: (p) => `loadLayersModel: the layer class '${s(p.className)}' is not supported (supported: ${s(p.known)})`,
  },
  'io.badTopology': {
    voice: 'engine',
    text: (p) => `loadLayersModel: invalid topology: ${s(p.detail)}`,
  },
  'io.weightShape': {
    voice: 'engine',
    text: (p) => `loadLayersModel: weight '${s(p.name)}' has shape [${s(p.got)}] in the file, but the model needs [${s(p.expected)}]`,
  },
  'io.missingWeights': {
    voice: 'engine',
    text: (p) => `loadLayersModel: the file has no values for weight(s) ${s(p.names)} (pass { strict: false } to keep their initial values)`,
  },
  'io.extraWeights': {
    voice: 'engine',
    text: (p) => `loadLayersModel: the file has weight(s) ${s(p.names)} that no layer of the model uses (pass { strict: false } to ignore them)`,
  },
  'io.weightDataTooShort': {
    voice: 'engine',
    text: (p) => `loadLayersModel: weight data ends before weight '${s(p.name)}' (needs ${s(p.need)} bytes, has ${s(p.got)})`,
  },
  'io.unsupportedDtype': {
    voice: 'engine',
    text: (p) => `loadLayersModel: weight '${s(p.name)}' has dtype '${s(p.dtype)}', which layers cannot use`,
  },
  'io.badJSON': {
    voice: 'engine',
    text: (p) => `loadLayersModel: ${s(p.file)} is not valid JSON: ${s(p.detail)}`,
  },
  'io.badManifest': {
    voice: 'engine',
    text: (p) => `loadLayersModel: ${s(p.file)}: ${s(p.field)} ${s(p.detail)}`,
  },
  'io.weightTooLarge': {
    voice: 'engine',
    text: (p) =>
      `loadLayersModel: ${s(p.file)}: ${s(p.field)} declares shape [${s(p.shape)}] (${s(p.bytes)} bytes), more than the ${s(p.limit)} bytes a model may hold; the file is probably damaged`,
  },
  'io.missingShard': {
    voice: 'engine',
    text: (p) => `loadLayersModel: cannot read the weight file '${s(p.shard)}' named in ${s(p.field)} of ${s(p.file)}: ${s(p.reason)}`,
  },
  'io.shardSize': {
    voice: 'engine',
    text: (p) =>
      `loadLayersModel: the weight file(s) ${s(p.shards)} (${s(p.field)} of ${s(p.file)}) hold ${s(p.got)} bytes, but the weights listed in ${s(p.weightsField)} need ${s(p.need)} bytes: the file is ${s(p.how)}`,
  },
  'io.unknownLayers': {
    voice: 'engine',
    // classes: "the layer class 'X' is" or "the layer classes 'X', 'Y' are".
    text: (p) => `loadLayersModel: ${s(p.file)}: ${s(p.classes)} not supported (${s(p.where)}). Supported: ${s(p.known)}`,
  },
  'io.noModelFile': {
    voice: 'friendly',
    text: (p) => `loadLayersModel: among the files given (${s(p.files)}) there is no model.json. Pass the model's .json file together with its weight files.`,
  },
  'model.formatsMissing': {
    voice: 'engine',
    text: (p) => `Sprout's model converters (${s(p.url)}) are not available: ${s(p.reason)}`,
  },
  'model.unknownFormat': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: cannot tell the format of '${s(p.source)}': ${s(p.detail)} (Sprout reads .tflite files and TF.js graph and layers models)`,
  },
} satisfies Record<string, MessageEntry>;

/**
 * The catalog: one object, written in sections (one file per area, so each area's messages stay
 * together): the engine and model loaders here, graph execution, the zoo, and the task API.
 */
export const CATALOG = { ...CORE_MESSAGES, ...GRAPH_MESSAGES, ...ZOO_MESSAGES, ...TASK_MESSAGES };

/** A message identifier of the catalog. */
export type MessageCode = keyof typeof CATALOG;
