/** `loadLayersModel`: rebuilds a model from TF.js layers-format artifacts (Keras topology + weights). */
import { describeValue, raise } from '../../errors/index.js';
import { toTs } from '../layers/naming.js';
import { deserializeLayer, layerClass, registeredLayerClassNames } from '../layers/registry.js';
import { browserFiles, filesOf, getLoadHandler, type FileLike } from '../io/handlers.js';
import { checkWeightSpecs } from '../io/weights.js';
import type { IOHandler, ModelArtifacts } from '../io/types.js';
import { LayersModel } from './model.js';
import './sequential.js';
// Registers the layer classes, so loading works whichever module was imported first.
import '../layers/index.js';

/** Options of `loadLayersModel`. */
export interface LoadOptions {
  /** Require every weight of the model to be in the file, and every weight of the file to be used. Default true. */
  strict?: boolean;
  /** Called while loading with the fraction done, from 0 to 1 (weights read; 1 when the model is built). */
  onProgress?: (fraction: number) => void;
}

/** Where a model can be loaded from. */
export type LayersModelSource =
  | string
  | IOHandler
  | ModelArtifacts
  | FileLike
  | FileLike[]
  | { length: number; item(i: number): FileLike | null }
  | { json: FileLike; weights?: FileLike | FileLike[] | { length: number; item(i: number): FileLike | null } };

/** Every layer class name in a (snake_case) topology, with where it is, e.g. 'config.layers[3]'. */
function collectClasses(node: unknown, where: string, out: { className: string; where: string }[]): void {
  if (!node || typeof node !== 'object') return;
  const n = node as { class_name?: unknown; className?: unknown; config?: unknown };
  const cls = n.class_name ?? n.className;
  if (typeof cls !== 'string') return;
  out.push({ className: cls, where });
  const c = n.config as Record<string, unknown> | unknown[] | undefined;
  if (Array.isArray(c)) c.forEach((l, i) => collectClasses(l, `${where}.config[${i}]`, out)); // old Sequential: config is the list
  else if (c && typeof c === 'object') {
    if (Array.isArray(c.layers)) (c.layers as unknown[]).forEach((l, i) => collectClasses(l, `${where}.config.layers[${i}]`, out));
    if (c.layer && typeof c.layer === 'object') collectClasses(c.layer, `${where}.config.layer`, out); // wrappers (TimeDistributed, Bidirectional)
  }
}

/** Raises one error naming every layer class of the topology that is not registered. */
function checkLayerClasses(topo: Record<string, unknown>, file: string): void {
  const found: { className: string; where: string }[] = [];
  collectClasses(topo, 'modelTopology', found);
  const unknown = found.filter((f) => !layerClass(f.className) && f.className !== 'Model' && f.className !== 'Functional');
  if (!unknown.length) return;
  const names = [...new Set(unknown.map((u) => u.className))];
  const where = unknown.slice(0, 8).map((u) => `${u.className} at ${u.where}`).join(', ') + (unknown.length > 8 ? `, … (${unknown.length} layers)` : '');
  const list = names.map((n) => `'${n}'`).join(', ');
  const classes = names.length === 1 ? `the layer class ${list} is` : `the layer classes ${list} are`;
  raise('io.unknownLayers', { file, classes, where, known: registeredLayerClassNames().join(', ') });
}

/**
 * Checks in-memory weight specs before anything is allocated (dtypes, shapes, sizes). As in TF.js,
 * data longer than the specs need is allowed here; data too short is reported by the decoder.
 */
function checkArtifactWeights(a: ModelArtifacts, file: string): void {
  if (a.weightSpecs === undefined) return;
  checkWeightSpecs(a.weightSpecs, file, (i) => (i < 0 ? 'weightSpecs' : `weightSpecs[${i}]`));
  const data = a.weightData;
  const ok = data === undefined || data instanceof ArrayBuffer || (Array.isArray(data) && data.every((b) => b instanceof ArrayBuffer));
  if (!ok) raise('io.badManifest', { file, field: 'weightData', detail: `should be an ArrayBuffer or a list of them, got ${describeValue(data)}` });
}

/** A model from artifacts (what a handler's `load()` gives). `file` names them in error messages. */
export function modelFromArtifacts(artifacts: ModelArtifacts, options: LoadOptions = {}, file = 'the model artifacts'): LayersModel {
  if (!artifacts || typeof artifacts !== 'object') raise('io.badModelJSON', { detail: 'the handler gave no artifacts' });
  let topo = artifacts.modelTopology as Record<string, unknown> | ArrayBuffer | undefined;
  if (topo instanceof ArrayBuffer) {
    try {
      topo = JSON.parse(new TextDecoder().decode(topo)) as Record<string, unknown>;
    } catch (err) {
      raise('io.badJSON', { file: `${file} (modelTopology)`, detail: (err as Error).message });
    }
  }
  if (!topo || typeof topo !== 'object') raise('io.badModelJSON', { detail: `${file} has no modelTopology` });
  if (artifacts.format && artifacts.format !== 'layers-model') raise('io.notLayersModel', { format: artifacts.format });
  if (topo.model_config) topo = topo.model_config as Record<string, unknown>;
  checkLayerClasses(topo, file);
  checkArtifactWeights(artifacts, file);
  const ts = toTs(topo) as { className?: string; config?: Record<string, unknown> | unknown[] };
  if (!ts.className) raise('io.badModelJSON', { detail: `${file}: the topology has no class_name` });
  // Older Keras / TF.js (ml5 saves, tfjs-layers 1.x) write a Sequential's config as the bare list of layers.
  const config = Array.isArray(ts.config) ? { layers: ts.config } : (ts.config ?? {});
  const layer = deserializeLayer(ts.className, config);
  if (!(layer instanceof LayersModel)) raise('io.badModelJSON', { detail: `${file}: the topology is a ${ts.className}, not a model` });
  try {
    layer.loadArtifactsWeights(artifacts, options.strict ?? true);
  } catch (err) {
    layer.dispose();
    throw err;
  }
  return layer;
}

const isArtifacts = (x: unknown): x is ModelArtifacts =>
  !!x && typeof x === 'object' && 'modelTopology' in x && typeof (x as IOHandler).load !== 'function';

/**
 * Loads a model saved by Sprout, TF.js or converted from Keras (layers format, as the TF.js
 * converter writes it), from:
 * - a URL of model.json (http(s):// or, in a browser, relative), fetched with its weight files;
 * - in Node, a file path or 'file://' URL of model.json (or its folder);
 * - 'indexeddb://name';
 * - browser Files: a FileList or array with model.json and its weight files, or `{ json, weights }`;
 * - in-memory artifacts `{ modelTopology, weightSpecs, weightData }`;
 * - an IOHandler (an object with `load()`).
 *
 * Weights may be float32, int32, float16 or quantized to uint8/uint16 (`q · scale + min`), in any
 * number of files. Damaged files are rejected with an error naming the file and the field.
 *
 * @example
 * const model = await sprout.loadLayersModel('https://example.com/model/model.json', {
 *   onProgress: (f) => console.log(`${Math.round(f * 100)}%`),
 * });
 * const model2 = await sprout.loadLayersModel(fileInput.files); // model.json + weight files
 */
export async function loadLayersModel(source: LayersModelSource, options: LoadOptions = {}): Promise<LayersModel> {
  const onProgress = options.onProgress;
  let handler: IOHandler;
  let file: string;
  if (typeof source === 'string') {
    handler = getLoadHandler(source, { onProgress });
    file = source;
  } else if (isArtifacts(source)) {
    handler = { load: () => source };
    file = 'the model artifacts';
  } else if (source && typeof source === 'object' && typeof (source as IOHandler).load === 'function') {
    handler = source as IOHandler;
    file = 'the artifacts the handler loaded';
  } else {
    const files = filesOf(source);
    if (!files) return raise('io.badHandler', { what: 'load', got: describeValue(source) });
    handler = browserFiles(files, { onProgress });
    file = (files.json ?? files.files.find((f) => /\.json$/i.test(f.name)))?.name ?? 'model.json';
  }
  const artifacts = await handler.load!();
  const model = modelFromArtifacts(artifacts, options, file);
  onProgress?.(1);
  return model;
}
