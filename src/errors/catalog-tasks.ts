/** Catalog section: The task API (imageClassifier, featureExtractor, …): mostly the friendly voice, for beginners. */
import { s, type MessageEntry } from './entry.js';

/** Where the task reference lives; friendly task messages end with a link to the part they concern. */
export const TASK_REFERENCE = 'https://sprout-ml.github.io/reference/';
const ref = (anchor: unknown): string => `Reference: ${TASK_REFERENCE}#${s(anchor)}`;

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

  // ---- image tasks and the task framework (src/tasks/core, imageClassifier, featureExtractor, knnClassifier) ----
  'task.forgotAwait': {
    voice: 'friendly',
    text: (p) => `${s(p.method)}() was called on the Promise that sprout.${s(p.task)}() returns, not on the ${s(p.task)} itself. ` +
      `This happens when 'await' is missing. Write: const ${s(p.task)}Task = await sprout.${s(p.task)}(…); then call ${s(p.task)}Task.${s(p.method)}(…). ${ref(p.task)}`,
  },
  'task.callbackPosition': {
    voice: 'friendly',
    text: (p) => `${s(p.method)} got a function as its ${s(p.position)} argument. The callback goes last: ${s(p.usage)}. ` +
      `Check the order of the arguments (a function name where an image or a number should be is a common slip). ${ref(p.method)}`,
  },
  'task.unknownModel': {
    voice: 'friendly',
    text: (p) => `${s(p.task)} does not know a model called ${s(p.name)}.${s(p.closest)} The models it knows are ${s(p.known)}${s(p.urls)}. ${ref(p.task)}`,
  },
  'task.notImageModel': {
    voice: 'friendly',
    text: (p) => `The zoo model '${s(p.id)}' does not take images, so an image task cannot use it. Pick an image model such as 'MobileNet'.`,
  },
  'task.notAnImage': {
    voice: 'friendly',
    text: (p) => `${s(p.method)} needs an image, but it got ${s(p.got)}. It takes an image, video or canvas element, a p5 image, ` +
      `video capture or graphics, ImageData, an ImageBitmap, a tensor of shape [height, width, 3], or {data, width, height} RGBA pixels. ` +
      `A variable with no value yet usually means the image has not been loaded yet. ${ref('inputs')}`,
  },
  'task.emptyImage': {
    voice: 'friendly',
    text: (p) => `${s(p.method)} got an image of ${s(p.size)} pixels, so there is nothing to look at. ` +
      `Usually the canvas or graphics was made without a size, or the picture was not drawn or loaded yet. ` +
      `Give it a size (for example createCanvas(224, 224)), draw on it, then call ${s(p.method)} again. ${ref('inputs')}`,
  },
  'task.videoNotReady': {
    voice: 'friendly',
    text: (p) => `${s(p.method)} waited ${s(p.seconds)} s for the video to show its first frame, but it is not playing. ` +
      `Usually the camera permission was not given, or the video was not started: call video.play() (or use createCapture(VIDEO)) and try again. ${ref('inputs')}`,
  },
  'task.noTrainingData': {
    voice: 'friendly',
    text: (p) => `${s(p.method)} needs examples to learn from, and there are none yet. Add some with addImage(image, label) first, ` +
      `a few for each label, then call ${s(p.method)} again. ${ref('featureExtractor')}`,
  },
  'task.oneLabel': {
    voice: 'friendly',
    text: (p) => `All the examples have the same label ('${s(p.label)}'), so there is nothing to tell apart. ` +
      `Add examples of at least one more label with addImage(image, 'another label'), then train again. ${ref('featureExtractor')}`,
  },
  'task.notTrained': {
    voice: 'friendly',
    text: (p) => `${s(p.method)} was called before the model was trained. Call train() and wait for it to finish ` +
      `(await it, or use its callback), or load() a saved model, then call ${s(p.method)}. ${ref('featureExtractor')}`,
  },
  'task.wrongMode': {
    voice: 'friendly',
    text: (p) => `${s(p.method)} does not fit this ${s(p.task)}: it learns ${s(p.learns)}. Use ${s(p.instead)}() instead ` +
      `(classify gives labels, predict gives numbers). ${ref('featureExtractor')}`,
  },
  'task.badTarget': {
    voice: 'friendly',
    text: (p) => `addImage got ${s(p.got)} as the value to learn, but a ${s(p.mode)} learns ${s(p.expected)}. ` +
      `Check the second argument of addImage. ${ref('featureExtractor')}`,
  },
  'task.modelFileMissing': {
    voice: 'friendly',
    text: (p) => `${s(p.task)} could not get the file ${s(p.url)} (${s(p.reason)}). Check the address for typos, that the file is really ` +
      `there, and, for a Teachable Machine model, that the link is the shareable one ending in '/'. ${ref(p.task)}`,
  },
  'task.modelFileBroken': {
    voice: 'friendly',
    text: (p) => `${s(p.task)} got the file ${s(p.url)}, but it is not a model it can read: ${s(p.reason)}. ` +
      `Usually the file is damaged or incomplete, or the address points to a web page instead of the model file. Download or export the model again. ${ref(p.task)}`,
  },
  'task.corsBlocked': {
    voice: 'friendly',
    text: (p) => `The browser blocked ${s(p.task)} from loading ${s(p.url)}: that server does not allow pages from ${s(p.origin)} to read its files (CORS). ` +
      `Put the model files beside your sketch and use a relative path, or host them where cross-origin requests are allowed. ${ref('loading-models')}`,
  },
  'task.labelsMissing': {
    voice: 'friendly',
    text: (p) => `${s(p.task)} loaded ${s(p.url)}, but it has no labels to name its outputs (no metadata.json beside it). ` +
      `Give them as an option: ${s(p.task)}(url, { labels: ['cat', 'dog', …] }). ${ref(p.task)}`,
  },
  'task.labelCount': {
    voice: 'friendly',
    text: (p) => `${s(p.task)}: the model ${s(p.url)} gives ${s(p.outputs)} scores, but its label list has ${s(p.labels)} labels, ` +
      `so results only use the scores that have a label. Check that the labels belong to this model and are in its order. ${ref(p.task)}`,
  },
  'task.badOptionValue': {
    voice: 'friendly',
    text: (p) => `${s(p.task)}: the option '${s(p.option)}' should be ${s(p.expected)}, but it is ${s(p.got)}. The default (${s(p.fallback)}) is used instead.`,
  },
  'task.optionsNotObject': {
    voice: 'friendly',
    text: (p) => `${s(p.task)} takes its options as an object like { epochs: 20 }, but got ${s(p.got)}. The defaults are used.`,
  },
  'task.knnEmpty': {
    voice: 'friendly',
    text: (p) => `${s(p.method)} needs examples, and the knnClassifier has none yet. Add some with addExample(features, label) first. ${ref('knnClassifier')}`,
  },
  'task.knnBadFeatures': {
    voice: 'friendly',
    text: (p) => `${s(p.method)} needs features (a tensor or a list of numbers, e.g. from featureExtractor.infer(image)), but got ${s(p.got)}. ${ref('knnClassifier')}`,
  },
  'task.knnNoLabel': {
    voice: 'friendly',
    text: (p) => `addExample needs a label as its second argument (a text like 'wave', or a number), but got ${s(p.got)}. ` +
      `Write knn.addExample(features, 'wave'). ${ref('knnClassifier')}`,
  },
  'task.knnSizeMismatch': {
    voice: 'friendly',
    text: (p) => `${s(p.method)} got ${s(p.got)} numbers, but the examples so far have ${s(p.expected)}. ` +
      `All features must come from the same source (the same model and layer). ${ref('knnClassifier')}`,
  },
  'task.badSaved': {
    voice: 'friendly',
    text: (p) => `${s(p.task)}.load could not use ${s(p.source)}: ${s(p.reason)}. Load the files that ${s(p.task)}.save() wrote. ${ref(p.task)}`,
  },
} satisfies Record<string, MessageEntry>;

void s;
