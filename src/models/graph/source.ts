/**
 * The source forms of a graph model besides a URL / file path and in-memory artifacts (load.ts
 * reads those): browser Files (a FileList, an array of Files, or `{ json, weights }` with the
 * model.json File and its shard Files), matched to the manifest by file name exactly as
 * `loadLayersModel` does (the `browserFiles` handler of src/nn/io), and `{ json, weights }`
 * with model.json as an object and the shards' bytes.
 */
import { describeValue, raise, SproutError } from '../../errors/index.js';
import { browserFiles, filesOf, type FileLike } from '../../nn/io/handlers.js';
import type { GraphModelArtifacts } from './load.js';
import type { WeightSpec } from './weights.js';

type FileListLike = { length: number; item(i: number): FileLike | null };

/** Graph-model sources given as files or as `{ json, weights }`. */
export type GraphFileSource =
  | FileLike
  | FileLike[]
  | FileListLike
  | { json: FileLike; weights?: FileLike | FileLike[] | FileListLike }
  | { json: Record<string, unknown>; weights?: ArrayBuffer | ArrayBufferView | ArrayBuffer[] };

/** Artifacts and shard bytes from one of these sources, with a name for messages. */
export interface ResolvedSource {
  artifacts: GraphModelArtifacts;
  weightData: Uint8Array;
  file: string;
}

const isPlain = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x) && !(x instanceof ArrayBuffer);

function bytesOf(w: unknown, op: string): Uint8Array {
  if (w === undefined || w === null) return new Uint8Array(0);
  if (w instanceof ArrayBuffer) return new Uint8Array(w);
  if (ArrayBuffer.isView(w)) return new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
  if (Array.isArray(w) && w.every((b) => b instanceof ArrayBuffer || ArrayBuffer.isView(b))) {
    const parts = w.map((b) => bytesOf(b, op));
    const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.byteLength; }
    return out;
  }
  return raise('op.badArgument', { op, param: 'source.weights', expected: 'must be the weight shards as an ArrayBuffer, a Uint8Array or a list of them (in manifest order)', got: describeValue(w) });
}

/** `{ json: <model.json object>, weights: <shard bytes> }` → artifacts (the manifest's weights, in order). */
function fromJsonObject(json: Record<string, unknown>, weights: unknown, op: string): ResolvedSource {
  const file = 'model.json (in memory)';
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest)) raise('model.badFile', { file, format: 'TF.js graph', field: 'weightsManifest', detail: 'must be a list of groups' });
  const specs: WeightSpec[] = [];
  (manifest as { weights?: unknown }[]).forEach((g, i) => {
    if (!g || !Array.isArray(g.weights)) raise('model.badFile', { file, format: 'TF.js graph', field: `weightsManifest[${i}].weights`, detail: 'must be a list of weight specs' });
    specs.push(...(g.weights as WeightSpec[]));
  });
  return { artifacts: { modelTopology: json.modelTopology, weightSpecs: specs, signature: json.signature, format: json.format as string | undefined }, weightData: bytesOf(weights, op), file };
}

/**
 * Reads a Files or `{ json, weights }` source; null when `source` is neither (a URL, a path or
 * in-memory artifacts). A shard the manifest names but the files lack is an error naming it.
 */
export async function resolveFileSource(source: unknown, op: string, onProgress?: (f: number) => void): Promise<ResolvedSource | null> {
  if (isPlain(source) && isPlain(source.json) && !('arrayBuffer' in source.json)) {
    const r = fromJsonObject(source.json, source.weights, op);
    onProgress?.(1);
    return r;
  }
  const files = filesOf(source);
  if (!files) return null;
  const file = (files.json ?? files.files.find((f) => f.name === 'model.json') ?? files.files.find((f) => /\.json$/i.test(f.name)))?.name ?? 'model.json';
  // Progress: browserFiles reports the weight bytes read (0..1); load.ts reports 1 when built.
  let a: Awaited<ReturnType<NonNullable<ReturnType<typeof browserFiles>['load']>>>;
  try {
    a = await browserFiles(files, { onProgress: onProgress && ((f) => onProgress(Math.min(f, 0.99))) }).load!();
  } catch (e) {
    // The layers handler's messages name loadLayersModel: say which loader failed, keep the detail.
    if (!(e instanceof SproutError) || !e.code.startsWith('io.')) throw e;
    const err = new SproutError('model.loadFailed', { op, source: file, reason: e.message.replace(/^loadLayersModel: /, '') });
    (err as { cause?: unknown }).cause = e;
    throw err;
  }
  const data = a.weightData;
  return {
    artifacts: { modelTopology: a.modelTopology, weightSpecs: a.weightSpecs as WeightSpec[] | undefined, signature: a.signature, format: a.format },
    weightData: bytesOf(Array.isArray(data) ? data : data ?? new ArrayBuffer(0), op),
    file,
  };
}

/**
 * The model.json of a Files or `{ json, weights }` source, parsed (for format detection), with
 * layers-model artifacts for the second form; null for other sources.
 */
export async function filesModelJson(source: unknown): Promise<{ json: Record<string, unknown>; artifacts?: object } | { tflite: FileLike } | null> {
  if (isPlain(source) && isPlain(source.json) && !('arrayBuffer' in source.json)) {
    const r = fromJsonObject(source.json, source.weights, 'loadModel');
    const w = r.weightData;
    return { json: source.json, artifacts: { ...r.artifacts, weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) } };
  }
  const files = filesOf(source);
  if (!files) return null;
  const json = files.json ?? files.files.find((f) => f.name === 'model.json') ?? files.files.find((f) => /\.json$/i.test(f.name));
  if (!json) {
    const tfl = files.files.find((f) => /\.tflite$/i.test(f.name)) ?? (files.files.length === 1 ? files.files[0] : undefined);
    return tfl ? { tflite: tfl } : null;
  }
  const text = new TextDecoder().decode(await json.arrayBuffer());
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    return raise('model.badFile', { file: json.name, format: 'TF.js', field: 'JSON', detail: `does not parse (${e instanceof Error ? e.message : String(e)})` });
  }
  return { json: isPlain(j) ? j : {} };
}
