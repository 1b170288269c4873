/**
 * `loadModel`: loads a model of any format Sprout reads, detecting which from its bytes:
 * a TFLite flatbuffer ('TFL3' at byte 4), a TF.js graph model (model.json with
 * `format: 'graph-model'` or a GraphDef `node` list) or a TF.js layers model (`format:
 * 'layers-model'`, or a topology with `class_name` / `model_config`).
 */
import { describeValue, raise } from '../../errors/index.js';
import { loadLayersModel, type LayersModel } from '../../nn/index.js';
import type { IOHandler, ModelArtifacts } from '../../nn/index.js';
import { loadTFLiteModel, tfliteFromBytes, type TFLiteModel } from '../tflite/load.js';
import { filesModelJson, type GraphFileSource } from './source.js';
import { GraphModel, graphModelFromJson, loadGraphModel, parseModelJson, readBytes, type GraphModelArtifacts, type LoadGraphModelOptions } from './load.js';

const OP = 'loadModel';

export type ModelSource = string | URL | ArrayBuffer | ArrayBufferView | GraphModelArtifacts | ModelArtifacts | GraphFileSource;
export type AnyModel = GraphModel | TFLiteModel | LayersModel;

/** Which format a model file is: 'tflite', 'graph' or 'layers' (null when unknown). */
export function detectModelFormat(x: Uint8Array | Record<string, unknown>): 'tflite' | 'graph' | 'layers' | null {
  if (x instanceof Uint8Array) {
    if (x.byteLength >= 8 && String.fromCharCode(x[4], x[5], x[6], x[7]) === 'TFL3') return 'tflite';
    return null;
  }
  const fmt = x.format;
  if (fmt === 'graph-model') return 'graph';
  if (fmt === 'layers-model') return 'layers';
  const topo = x.modelTopology as Record<string, unknown> | undefined;
  if (topo && typeof topo === 'object') {
    if (Array.isArray(topo.node)) return 'graph';
    if ('class_name' in topo || 'model_config' in topo) return 'layers';
  }
  return null;
}

function isTFLite(b: Uint8Array): boolean {
  return detectModelFormat(b) === 'tflite';
}

/**
 * Loads a model, detecting its format. Returns a `GraphModel`, a `TFLiteModel` or a `LayersModel`.
 *
 * @example
 * const model = await sprout.loadModel('models/mobilenet/model.json');
 */
export async function loadModel(source: ModelSource, options: LoadGraphModelOptions = {}): Promise<AnyModel> {
  // Browser Files and { json, weights }: the format is in model.json (or the .tflite file's bytes).
  const picked = await filesModelJson(source);
  if (picked) {
    if ('tflite' in picked) return loadTFLiteModel(picked.tflite as unknown as Blob, options);
    const f = detectModelFormat(picked.json);
    if (f === 'graph') return loadGraphModel(source as GraphFileSource, options);
    if (f === 'layers') return loadLayersModel((picked.artifacts ?? source) as never, { onProgress: options.onProgress });
    return raise('model.unknownFormat', { op: OP, source: 'the files given', detail: 'their model.json has no format, no GraphDef node list and no layers topology' });
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    const b = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    if (isTFLite(b)) return tfliteFromBytes(b, 'model.tflite', options);
    return raise('model.unknownFormat', { op: OP, source: 'bytes', detail: "the bytes are not a TFLite flatbuffer ('TFL3' at byte 4)" });
  }
  if (source && typeof source === 'object' && !(source instanceof URL)) {
    const a = source as Record<string, unknown>;
    const f = detectModelFormat(a);
    if (f === 'graph') return loadGraphModel(a as unknown as GraphModelArtifacts, options);
    if (f === 'layers') {
      const handler: IOHandler = { load: async () => source as ModelArtifacts } as IOHandler;
      return loadLayersModel(handler);
    }
    return raise('model.unknownFormat', { op: OP, source: 'model artifacts', detail: `no format: 'graph-model' or 'layers-model', no GraphDef node list and no layers topology (got keys ${Object.keys(a).join(', ') || 'none'})` });
  }
  if (typeof source !== 'string' && !(source instanceof URL)) {
    return raise('op.badArgument', { op: OP, param: 'source', expected: 'must be a URL, a file path, bytes or model artifacts', got: describeValue(source) });
  }
  const file = String(source);
  const bytes = await readBytes(file, OP, options.fetchFunc);
  if (isTFLite(bytes)) {
    const m = tfliteFromBytes(bytes, file, options);
    options.onProgress?.(1);
    return m;
  }
  const json = parseModelJson(bytes, file);
  const f = detectModelFormat(json);
  if (f === 'graph') return graphModelFromJson(json, file, options);
  if (f === 'layers') return loadLayersModel(file);
  return raise('model.unknownFormat', { op: OP, source: file, detail: `neither a TFLite file nor a TF.js model.json (graph or layers)` });
}

