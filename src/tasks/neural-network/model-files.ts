/**
 * A neuralNetwork saved as ml5 saves it: `<name>.json` (the layers model), `<name>.weights.bin`
 * and `<name>_meta.json` (the metadata: inputs, outputs, ranges, labels), and loaded back from a
 * URL or path of the model's .json, from `{ model, metadata, weights }`, or from browser Files.
 */
import { describeValue, raise } from '../../errors/index.js';
import { io, modelFromArtifacts, type LayersModel } from '../../nn/index.js';
import { artifactsFromJSON, concatWeightData, modelJSON, type ModelArtifacts } from '../../nn/io/index.js';
import type { ModelJSON } from '../../nn/io/types.js';
import { isFileLike, readBytes, readJSON, sibling, writeFiles, type FileSource } from './files.js';
import type { Metadata } from './metadata.js';

/** Where a saved neuralNetwork can be loaded from. */
export type ModelFilesSource =
  | string
  | { model: FileSource | object; metadata: FileSource | object; weights: FileSource | ArrayBuffer }
  | FileSource[]
  | { length: number; item(i: number): FileSource | null };

/** Saves the model and its metadata as `<name>.json`, `<name>.weights.bin` and `<name>_meta.json`. */
export async function saveModelFiles(model: LayersModel, meta: Metadata, name: string): Promise<void> {
  let artifacts: ModelArtifacts | undefined;
  await model.save(io.withSaveHandler((a) => { artifacts = a; }));
  const base = name.split(/[\\/]/).pop()!;
  const json = modelJSON(artifacts!, `./${base}.weights.bin`);
  await writeFiles([
    { name: `${name}.json`, data: JSON.stringify({ modelTopology: json.modelTopology, weightsManifest: json.weightsManifest }) },
    { name: `${name}.weights.bin`, data: new Uint8Array(concatWeightData(artifacts!.weightData ?? new ArrayBuffer(0))) },
    { name: `${name}_meta.json`, data: JSON.stringify(meta) },
  ]);
}

const listOf = (x: unknown): FileSource[] | null => {
  if (Array.isArray(x)) return x as FileSource[];
  const l = x as { length?: unknown; item?: unknown };
  if (l && typeof l === 'object' && typeof l.length === 'number' && typeof l.item === 'function') {
    return Array.from({ length: l.length }, (_, i) => (l.item as (i: number) => FileSource)(i));
  }
  return null;
};

const nameOf = (f: FileSource): string => (isFileLike(f) ? f.name : f).split(/[\\/]/).pop()!.split('?')[0];

/** Loads a saved neuralNetwork's model and metadata. */
export async function loadModelFiles(source: ModelFilesSource): Promise<{ model: LayersModel; meta: Metadata }> {
  let modelSrc: FileSource | object, metaSrc: FileSource | object | string[], weights: (p: string) => Promise<ArrayBuffer>;
  const list = listOf(source);
  if (typeof source === 'string') {
    const jsonPath = /\.json$/i.test(source.split('?')[0]) ? source : `${source.replace(/[\\/]$/, '')}/model.json`;
    modelSrc = jsonPath;
    // `<name>.json` goes with `<name>_meta.json`; ml5 itself looks for model_meta.json beside it.
    metaSrc = [jsonPath.replace(/\.json(\?.*)?$/i, '_meta.json$1'), sibling(jsonPath, 'model_meta.json')];
    weights = (p) => readBytes(/^[a-z]+:\/\//i.test(p) ? p : sibling(jsonPath, p.replace(/^\.\//, '')));
  } else if (list) {
    const files = list.filter(Boolean);
    const meta = files.find((f) => /_meta\.json$/i.test(nameOf(f)));
    const json = files.find((f) => /\.json$/i.test(nameOf(f)) && f !== meta);
    if (!json || !meta) raise('nn.missingFiles', { given: files.map(nameOf).join(', ') || 'none' });
    modelSrc = json;
    metaSrc = meta;
    const bins = files.filter((f) => /\.bin$/i.test(nameOf(f)));
    weights = async (p) => {
      const f = bins.find((b) => nameOf(b) === nameOf(p)) ?? (bins.length === 1 ? bins[0] : undefined);
      return f ? readBytes(f) : raise('nn.missingFiles', { given: files.map(nameOf).join(', ') });
    };
  } else if (source && typeof source === 'object' && 'model' in source && 'metadata' in source && 'weights' in source) {
    modelSrc = source.model;
    metaSrc = source.metadata;
    const w = source.weights;
    weights = async () => (w instanceof ArrayBuffer ? w : readBytes(w));
  } else {
    return raise('nn.badLoadSource', { got: describeValue(source) });
  }
  const json = (typeof modelSrc === 'string' || isFileLike(modelSrc) ? await readJSON(modelSrc) : modelSrc) as ModelJSON;
  const meta = await readMeta(metaSrc);
  const artifacts = await artifactsFromJSON(json, weights, { file: typeof modelSrc === 'string' ? modelSrc : nameOf(modelSrc as FileSource) });
  return { model: modelFromArtifacts(artifacts), meta };
}

async function readMeta(src: FileSource | object | string[]): Promise<Metadata> {
  let meta: unknown;
  if (Array.isArray(src)) {
    let firstError: unknown;
    for (const where of src as string[]) {
      try {
        meta = await readJSON(where);
        break;
      } catch (err) {
        firstError ??= err;
      }
    }
    if (meta === undefined) throw firstError;
  } else {
    meta = typeof src === 'string' || isFileLike(src) ? await readJSON(src) : src;
  }
  const m = meta as Partial<Metadata> | null;
  if (!m || typeof m !== 'object' || !m.inputs || !m.outputs || typeof m.inputs !== 'object' || typeof m.outputs !== 'object') {
    raise('nn.badFile', { where: 'the metadata (_meta.json)', reason: 'it should hold inputs, outputs and inputUnits, as ml5 saves them' });
  }
  return m as Metadata;
}
