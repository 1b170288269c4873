/** Catalog section: The task API (imageClassifier, featureExtractor, …): mostly the friendly voice, for beginners. */
import { s, type MessageEntry } from './entry.js';

export const TASK_MESSAGES = {
  // ---- neuralNetwork (src/tasks/neural-network) ---------------------------------------------
  'nn.badTask': {
    voice: 'friendly',
    text: (p) => `neuralNetwork does not know the task '${s(p.task)}'. The tasks it knows are: ${s(p.tasks)}. Check the spelling (capital letters count).`,
  },
  'nn.badImageShape': {
    voice: 'friendly',
    text: (p) => `An imageClassification neuralNetwork needs the size of its images as inputs: [width, height, channels], for example inputs: [64, 64, 4]. It got ${s(p.got)}.`,
  },
  'nn.badLayers': {
    voice: 'friendly',
    text: (p) => `neuralNetwork could not build its layers: ${s(p.detail)}. Each layer is an object like { type: 'dense', units: 16, activation: 'relu' }; the types are: ${s(p.types)}.`,
  },
  'nn.badValue': {
    voice: 'friendly',
    text: (p) => `${s(p.where)}: the value of '${s(p.name)}' is ${s(p.got)}. A neuralNetwork takes numbers, text labels, or lists of numbers (pixels). Check that the value was read correctly: a field missing from your data has no value.`,
  },
  'nn.wrongCount': {
    voice: 'friendly',
    text: (p) => `${s(p.where)} got ${s(p.count)} input value(s), but this neuralNetwork takes ${s(p.expected)} (${s(p.names)}). Give one value for each, in that order, or an object with those names.`,
  },
  'nn.emptyValues': {
    voice: 'friendly',
    text: (p) => `${s(p.where)} got an empty object. Give the values by name, for example { r: 255, g: 0, b: 0 }.`,
  },
  'nn.missingKey': {
    voice: 'friendly',
    text: (p) => `${s(p.where)}: the value '${s(p.name)}' is missing. The object given has: ${s(p.given)}; this neuralNetwork uses: ${s(p.names)}. Check the names (capital letters count).`,
  },
  'nn.extraKeys': {
    voice: 'friendly',
    text: (p) => `${s(p.where)}: the values ${s(p.extra)} are not among this neuralNetwork's names (${s(p.names)}), so they are left out.`,
  },
  'nn.wrongImageSize': {
    voice: 'friendly',
    text: (p) => `${s(p.where)}: an image of this neuralNetwork has ${s(p.expected)} numbers (${s(p.shape)}), but it got ${s(p.got)}. Give an image (it is resized) or a pixel list of that size.`,
  },
  'nn.unknownLabel': {
    voice: 'friendly',
    text: (p) => `The value '${s(p.value)}' of '${s(p.name)}' was not in the examples this neuralNetwork learned from, so it has no meaning for it. The values it knows are: ${s(p.known)}.`,
  },
  'nn.noData': {
    voice: 'friendly',
    text: (p) => `${s(p.where)} needs examples, and this neuralNetwork has none yet. Add some first with addData(inputs, outputs) (or loadData), then call ${s(p.where)} again.`,
  },
  'nn.badTrainOptions': {
    voice: 'friendly',
    text: (p) => `train() takes options like { epochs: 32, batchSize: 16 }, got ${s(p.got)}.`,
  },
  'nn.labelsNeeded': {
    voice: 'friendly',
    text: (p) => `A ${s(p.task)} neuralNetwork learns text labels, but some outputs are numbers or lists. Give labels as text (such as 'red-ish'), or use task: 'regression' to predict numbers.`,
  },
  'nn.notTrained': {
    voice: 'friendly',
    text: (p) => `${s(p.where)} was called before the neuralNetwork was trained. Call train() first and wait for it to finish (await it, or use its finished callback).`,
  },
  'nn.noModel': {
    voice: 'friendly',
    text: (p) => `${s(p.where)} needs a model, and this neuralNetwork has none: add examples with addData and train() it, or load() a saved one.`,
  },
  'nn.noInput': {
    voice: 'friendly',
    text: (p) => `${s(p.where)} was called without an input. Give the values to look at, for example ${s(p.where)}({ r: 255, g: 0, b: 0 }).`,
  },
  'nn.notAList': {
    voice: 'friendly',
    text: (p) => `${s(p.where)} takes a list of inputs, for example [[255, 0, 0], [0, 0, 255]]. For one input, use the method without 'Multiple'.`,
  },
  'nn.wrongMethod': {
    voice: 'friendly',
    text: (p) => `${s(p.used)} does not fit a ${s(p.task)} neuralNetwork. Use ${s(p.instead)}() instead.`,
  },
  'nn.fileNotFound': {
    voice: 'friendly',
    text: (p) => `Sprout could not read ${s(p.where)} (${s(p.reason)}). Check the path or URL, and that the file is served from the same place as the page.`,
  },
  'nn.badFile': {
    voice: 'friendly',
    text: (p) => `Sprout could not use ${s(p.where)}: ${s(p.reason)}.`,
  },
  'nn.cannotSave': {
    voice: 'friendly',
    text: (p) => `Sprout cannot save ${s(p.names)} here: saving needs a web page (to download them) or Node (to write them).`,
  },
  'nn.missingFiles': {
    voice: 'friendly',
    text: (p) => `To load a neuralNetwork, select its three files together: the model (.json), its _meta.json and its .weights.bin. The files given were: ${s(p.given)}.`,
  },
  'nn.badLoadSource': {
    voice: 'friendly',
    text: (p) => `load() takes the URL of a saved model.json, { model, metadata, weights }, or the saved files; it got ${s(p.got)}.`,
  },
  'nn.namesNeeded': {
    voice: 'friendly',
    text: (p) => `The examples in ${s(p.where)} have the fields ${s(p.fields)}. Say which are inputs and which outputs, for example neuralNetwork({ inputs: ['r', 'g', 'b'], outputs: ['label'] }).`,
  },
} satisfies Record<string, MessageEntry>;

void s;
