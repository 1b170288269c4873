/**
 * The models behind the image tasks: zoo models by name (through a replaceable resolver, so tests
 * and offline builds can supply their own), Teachable Machine exports, and any TF.js layers/graph
 * or TFLite model with a label list. All come out as one `ImageModel`: preprocessing + run + labels.
 */
import { raise, warnOnce } from '../../errors/index.js';
import type { AnyModel } from '../../models/graph/load-model.js';
import { modelFormats } from '../../models/formats.js';
import { createProgressIndicator } from '../ui/progress-indicator.js';
import { softmax, tidy, type Tensor } from '../../tensor/index.js';
import { closestName, looseName } from '../../nn/optimizers/lookup.js';
import { preprocessImage, zoo, type ZooImageInput, type ZooLoadOptions, type ZooModel } from '../../zoo/index.js';
import { friendlyLoad, readTaskFile, readTaskJSON, sibling } from './files.js';

/** Loads a zoo model by id. The default is `zoo.load`; `setModelResolver` replaces it. */
export type ModelResolver = (id: string, options?: ZooLoadOptions) => Promise<ZooModel>;

let resolver: ModelResolver = (id, options) => zoo.load(id, options);

/**
 * Replaces how tasks load zoo models (null restores `zoo.load`). For tests and custom zoos.
 *
 * @example
 * setModelResolver((id) => myZoo.load(id));
 */
export function setModelResolver(r: ModelResolver | null): void {
  resolver = r ?? ((id, options) => zoo.load(id, options));
}

/**
 * Loads zoo model `id` through the current resolver. In a page, a small progress bar shows the
 * download (src/tasks/ui/progress-indicator.ts); the caller's `onProgress` is called as well.
 *
 * @example
 * const m = await loadZooModel('mobilenet-v2');
 */
export async function loadZooModel(id: string, options?: ZooLoadOptions): Promise<ZooModel> {
  const bar = createProgressIndicator(id);
  try {
    return await resolver(id, {
      ...options,
      onProgress: (p) => {
        bar.update(p);
        options?.onProgress?.(p);
      },
    });
  } finally {
    bar.done();
  }
}

/** An image model ready for a task: how to prepare pixels, how to run, what the outputs mean. */
export interface ImageModel {
  readonly input: ZooImageInput;
  /** Class names in output order (after `labelOffset` leading columns), or null. */
  readonly labels: string[] | null;
  readonly labelOffset: number;
  /** `[batch, classes]` probabilities for a preprocessed batch (the caller owns it). */
  probabilities(x: Tensor): Tensor;
  /** The named outputs (zoo models), e.g. ['embedding']. */
  execute(x: Tensor, outputs: string[]): Tensor[];
  /** `[1, h, w, c]` model input from `[h, w, 3]` pixels 0–255. */
  prepare(pixels: Tensor): Tensor;
  dispose(): void;
}

/** An ImageModel over a loaded zoo model. @example const model = imageModelFromZoo(await loadZooModel('doodlenet')); */
export function imageModelFromZoo(m: ZooModel): ImageModel {
  const input = m.manifest.input;
  if (input.kind !== 'image') return raise('task.notImageModel', { id: m.manifest.id });
  // The class scores: the output named 'probabilities' (or 'logits'), else the first one.
  const outs = m.manifest.outputs;
  const scores = outs.find((o) => o.name === 'probabilities') ?? outs.find((o) => /logit/i.test(o.name)) ?? outs[0];
  const isLogits = /logit/i.test(scores.name);
  const run = (x: Tensor) => m.execute(x, [scores.name])[0];
  return {
    input,
    labels: m.manifest.labels,
    labelOffset: m.manifest.labelOffset ?? 0,
    probabilities: (x) => (isLogits ? tidy(() => softmax(run(x))) : run(x)),
    execute: (x, outputs) => m.execute(x, outputs),
    prepare: (pixels) => preprocessImage(pixels, input),
    dispose: () => m.dispose(),
  };
}

// ---- models by name --------------------------------------------------------------------------

/** The image models known by name (as users write them), their loose aliases, and their zoo ids by version. */
const NAMED: Record<string, { aliases: string[]; id: (version: number) => string }> = {
  MobileNet: { aliases: ['mobilenet'], id: (v) => (v === 1 ? 'mobilenet-v1-0.25' : 'mobilenet-v2') },
  Darknet: { aliases: ['darknet', 'darknettiny'], id: () => 'darknet-tiny' },
  DoodleNet: { aliases: ['doodlenet'], id: () => 'doodlenet' },
};
/** The names imageClassifier knows, for messages. */
export const CLASSIFIER_NAMES = Object.keys(NAMED);

/** True when `s` looks like a path or URL of a model rather than a model name. @example isModelLocation('models/tm/'); // true */
export const isModelLocation = (s: string): boolean => /[/\\]|\.json$|\.tflite$|^[a-z]+:/i.test(s);

/** The end of the unknown-model message for tasks that also load models from a URL. */
export const URL_MODELS = '; you can also give the URL of a model.json (Teachable Machine or TF.js) or a .tflite file';

/** The zoo id of a model name among `known`, or the friendly unknown-model error naming the closest. @example classifierZooId('mobilenet', 1, 'imageClassifier'); // 'mobilenet-v1-0.25' */
export function classifierZooId(name: string, version: number, task: string, known = CLASSIFIER_NAMES): string {
  const loose = looseName(name);
  const hit = known.find((k) => NAMED[k]?.aliases.includes(loose));
  if (hit) return NAMED[hit].id(version);
  const closest = closestName(name, known);
  return raise('task.unknownModel', {
    task, name: `'${name}'`, known: known.map((k) => `'${k}'`).join(', '), closest: closest ? ` Did you mean '${closest}'?` : '',
    urls: known === CLASSIFIER_NAMES ? URL_MODELS : '', // only imageClassifier loads models from URLs
  });
}

// ---- models from files -----------------------------------------------------------------------

/** Options for a classifier loaded from a URL or path. */
export interface CustomModelOptions {
  /** Class names in output order, or the URL of a JSON list / text file (one per line). */
  labels?: string[] | string;
  /** Pixel scaling: (p / 255 − mean) / std. Default mean 0, std 1 (pixels in [0, 1]). */
  mean?: number | number[];
  std?: number | number[];
  resize?: 'stretch' | 'center-crop';
}

/** Teachable Machine's image preprocessing: centre square crop, resize, then p / 127 − 1. */
const TM_SCALE = 127 / 255;

function runnerOf(model: AnyModel): (x: Tensor) => Tensor {
  return (x) => {
    const y = (model as { predict(x: Tensor): Tensor | Tensor[] }).predict(x);
    return Array.isArray(y) ? y[0] : y;
  };
}

function inputSizeOf(model: AnyModel): [number, number, 1 | 3] {
  const m = model as unknown as { inputs: { shape: (number | null)[] }[] };
  const shape = m.inputs?.[0]?.shape ?? [];
  const [, h, w, c] = shape;
  return [typeof h === 'number' && h > 0 ? h : 224, typeof w === 'number' && w > 0 ? w : 224, c === 1 ? 1 : 3] as [number, number, 1 | 3];
}

async function readLabels(src: string[] | string, task: string): Promise<string[]> {
  if (Array.isArray(src)) return src.map(String);
  if (src.endsWith('.json')) {
    const j = await readTaskJSON(src, task);
    const list = Array.isArray(j) ? j : (j as { labels?: unknown })?.labels;
    if (!Array.isArray(list)) return raise('task.modelFileBroken', { task, url: src, reason: 'it holds no list of labels' });
    return list.map(String);
  }
  const bytes = await readTaskFile(src, task);
  return new TextDecoder().decode(bytes!).split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
}

/**
 * Loads an image classifier from a URL or path: a Teachable Machine export (folder URL or
 * model.json with metadata.json beside it), or a TF.js layers/graph model or TFLite file whose
 * labels come from `options.labels` or a metadata.json beside it.
 *
 * @example
 * const m = await imageModelFromUrl('https://teachablemachine.withgoogle.com/models/abc/', {}, 'imageClassifier');
 */
export async function imageModelFromUrl(location: string, options: CustomModelOptions, task: string): Promise<ImageModel> {
  const url = location.endsWith('/') ? location + 'model.json' : location;
  const isTflite = /\.tflite$/i.test(url);
  await readTaskFile(url, task); // a missing or blocked file gets its message before the loader's
  const meta = isTflite ? null : ((await readTaskJSON(sibling(url, 'metadata.json'), task, true)) as Record<string, unknown> | null);
  const isTM = !!meta && (typeof meta.tmVersion === 'string' || /teachablemachine/i.test(String(meta.packageName ?? '')));
  const model = await friendlyLoad(url, task, async () => (await modelFormats()).loadModel(url));
  const metaLabels = Array.isArray(meta?.labels) ? (meta!.labels as unknown[]).map(String) : undefined;
  const labelSource = options.labels ?? metaLabels;
  if (!labelSource) {
    (model as { dispose(): void }).dispose();
    return raise('task.labelsMissing', { task, url });
  }
  const labels = await readLabels(labelSource, task);
  const [height, width, channels] = inputSizeOf(model);
  const input: ZooImageInput = isTM
    ? { kind: 'image', height, width, channels, mean: TM_SCALE, std: TM_SCALE, resize: 'center-crop', interpolation: 'bilinear', dtype: 'float32' }
    : {
      kind: 'image', height, width, channels, mean: options.mean ?? 0, std: options.std ?? 1,
      resize: options.resize ?? 'stretch', interpolation: 'bilinear', dtype: 'float32',
    };
  const run = runnerOf(model);
  const ImageModelOut: ImageModel = {
    input,
    labels,
    labelOffset: 0,
    probabilities: (x) => tidy(() => {
      const y = run(x);
      const n = y.shape[y.shape.length - 1];
      const offset = n === labels.length + 1 ? 1 : 0; // a leading 'background' column
      if (n !== labels.length && !offset) warnOnce('task.labelCount', { task, url, outputs: n, labels: labels.length });
      const flat = y.reshape([-1, n]);
      const v = offset ? flat.slice([0, 1], [-1, labels.length]) : flat;
      // Models that end without a softmax give logits: values outside [0, 1] tell.
      const mn = v.min().dataSync()[0], mx = v.max().dataSync()[0];
      return mn < 0 || mx > 1 ? softmax(v) : v;
    }),
    execute: (x) => [run(x)],
    prepare: (pixels) => preprocessImage(pixels, input),
    dispose: () => (model as { dispose(): void }).dispose(),
  };
  return ImageModelOut;
}
