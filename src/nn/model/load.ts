/** `loadLayersModel`: rebuilds a model from TF.js layers-format artifacts (Keras topology + weights). */
import { raise } from '../../errors/index.js';
import { toTs } from '../layers/naming.js';
import { deserializeLayer } from '../layers/registry.js';
import { resolveHandler } from '../io/handlers.js';
import type { IOHandler, ModelArtifacts } from '../io/types.js';
import { LayersModel } from './model.js';
import './sequential.js';

/** Options of `loadLayersModel`. */
export interface LoadOptions {
  /** Require every weight of the model to be in the file, and every weight of the file to be used. Default true. */
  strict?: boolean;
}

/** A model from artifacts (what a handler's `load()` gives). */
export function modelFromArtifacts(artifacts: ModelArtifacts, options: LoadOptions = {}): LayersModel {
  if (!artifacts || typeof artifacts !== 'object') raise('io.badModelJSON', { detail: 'the handler gave no artifacts' });
  let topo = artifacts.modelTopology as Record<string, unknown> | ArrayBuffer | undefined;
  if (topo instanceof ArrayBuffer) topo = JSON.parse(new TextDecoder().decode(topo)) as Record<string, unknown>;
  if (!topo) raise('io.badModelJSON', { detail: 'it has no modelTopology' });
  if (artifacts.format && artifacts.format !== 'layers-model') raise('io.notLayersModel', { format: artifacts.format });
  if (topo.model_config) topo = topo.model_config as Record<string, unknown>;
  const ts = toTs(topo) as { className?: string; config?: Record<string, unknown> };
  if (!ts.className) raise('io.badModelJSON', { detail: 'the topology has no class_name' });
  const layer = deserializeLayer(ts.className, ts.config ?? {});
  if (!(layer instanceof LayersModel)) raise('io.badModelJSON', { detail: `the topology is a ${ts.className}, not a model` });
  try {
    layer.loadArtifactsWeights(artifacts, options.strict ?? true);
  } catch (err) {
    layer.dispose();
    throw err;
  }
  return layer;
}

/**
 * Loads a model saved by Sprout or TF.js (layers format): 'indexeddb://name', 'file://path/model.json'
 * (Node), an http(s) URL of model.json, or a handler with `load()`.
 *
 * @example
 * const model = await sprout.loadLayersModel('indexeddb://my-model');
 * const model2 = await sprout.loadLayersModel('https://example.com/model/model.json');
 */
export async function loadLayersModel(source: string | IOHandler, options: LoadOptions = {}): Promise<LayersModel> {
  const handler = resolveHandler(source, 'load');
  const artifacts = await handler.load!();
  return modelFromArtifacts(artifacts, options);
}
