/** Encoding weights into one binary buffer and back, in TF.js' layout (little-endian, in manifest order). */
import { raise } from '../../errors/index.js';
import { Tensor, tensor } from '../../tensor/index.js';
import type { ModelArtifacts, ModelArtifactsInfo, ModelJSON, WeightData, WeightsManifestEntry } from './types.js';

/** Joins weight data shards into one buffer. */
export function concatWeightData(data: WeightData): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  if (data.length === 1) return data[0];
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), off);
    off += b.byteLength;
  }
  return out.buffer;
}

/** Packs named tensors into specs and one buffer. */
export function encodeWeights(named: { name: string; tensor: Tensor }[]): { data: ArrayBuffer; specs: WeightsManifestEntry[] } {
  const specs: WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const { name, tensor: t } of named) {
    const values = t.dataSync();
    let bytes: Uint8Array;
    if (t.dtype === 'bool') bytes = Uint8Array.from(values as ArrayLike<number>);
    else if (t.dtype === 'int32') bytes = new Uint8Array(Int32Array.from(values as ArrayLike<number>).buffer);
    else bytes = new Uint8Array(Float32Array.from(values as ArrayLike<number>).buffer);
    parts.push(bytes);
    specs.push({ name, shape: t.shape.slice(), dtype: t.dtype });
  }
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return { data: out.buffer, specs };
}

function float16ToFloat32(h: number): number {
  const s = (h & 0x8000) >> 15, e = (h & 0x7c00) >> 10, f = h & 0x03ff;
  if (e === 0) return (s ? -1 : 1) * 2 ** -14 * (f / 1024);
  if (e === 0x1f) return f ? NaN : (s ? -Infinity : Infinity);
  return (s ? -1 : 1) * 2 ** (e - 15) * (1 + f / 1024);
}

/** The most bytes the weights of one model may declare (2 GiB): bigger manifests are damaged files. */
export const MAX_WEIGHT_BYTES = 2 ** 31;

const PLAIN_DTYPES = ['float32', 'int32', 'bool', 'float16'];
const QUANT_DTYPES = ['uint8', 'uint16', 'float16'];

/** Bytes one value of a weight takes in the file. */
function bytesPerValue(spec: WeightsManifestEntry): number {
  const q = spec.quantization;
  if (q) return q.dtype === 'uint8' ? 1 : 2;
  return spec.dtype === 'bool' ? 1 : (spec.dtype as string) === 'float16' ? 2 : 4;
}

/**
 * Checks weight entries before any weight byte is read or allocated: names, shapes (non-negative
 * integers, not absurdly large), dtypes and quantization. Returns the bytes each entry takes.
 * `file` and `field(i)` name where an entry came from in error messages.
 */
export function checkWeightSpecs(specs: unknown, file: string, field: (i: number) => string, total = { bytes: 0 }): number[] {
  if (!Array.isArray(specs)) raise('io.badManifest', { file, field: field(-1), detail: `should be a list of weights, got ${typeof specs}` });
  const sizes: number[] = [];
  specs.forEach((spec: WeightsManifestEntry, i) => {
    const f = field(i);
    if (!spec || typeof spec !== 'object') raise('io.badManifest', { file, field: f, detail: 'should be { name, shape, dtype }' });
    if (typeof spec.name !== 'string' || !spec.name) raise('io.badManifest', { file, field: `${f}.name`, detail: 'should be a non-empty string' });
    if (!Array.isArray(spec.shape) || spec.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
      raise('io.badManifest', { file, field: `${f}.shape`, detail: `should be a list of non-negative integers, got ${JSON.stringify(spec.shape)} (weight '${spec.name}')` });
    }
    const q = spec.quantization;
    if (q !== undefined) {
      if (!q || typeof q !== 'object' || !QUANT_DTYPES.includes(q.dtype)) {
        raise('io.badManifest', { file, field: `${f}.quantization.dtype`, detail: `is '${String(q?.dtype)}', not one of ${QUANT_DTYPES.join(', ')} (weight '${spec.name}')` });
      }
      if (q.dtype !== 'float16' && (!Number.isFinite(q.scale) || !Number.isFinite(q.min))) {
        raise('io.badManifest', { file, field: `${f}.quantization`, detail: `needs finite scale and min for ${q.dtype} values, got scale ${String(q.scale)}, min ${String(q.min)} (weight '${spec.name}')` });
      }
      if (spec.dtype !== 'float32' && spec.dtype !== 'int32') {
        raise('io.badManifest', { file, field: `${f}.dtype`, detail: `is '${String(spec.dtype)}', but quantized weights must be float32 or int32 (weight '${spec.name}')` });
      }
    } else if (!PLAIN_DTYPES.includes(spec.dtype)) {
      raise('io.badManifest', { file, field: `${f}.dtype`, detail: `is '${String(spec.dtype)}', not one of ${PLAIN_DTYPES.join(', ')} or a quantized float32 (weight '${spec.name}')` });
    }
    let values = 1;
    for (const d of spec.shape) values *= d;
    const bytes = values * bytesPerValue(spec);
    total.bytes += bytes;
    if (!(bytes <= MAX_WEIGHT_BYTES) || !(total.bytes <= MAX_WEIGHT_BYTES)) {
      raise('io.weightTooLarge', { file, field: `${f}.shape`, shape: spec.shape.join(','), bytes: bytes.toExponential(3), limit: MAX_WEIGHT_BYTES });
    }
    sizes.push(bytes);
  });
  return sizes;
}

/** Unpacks a buffer into tensors by name (dequantizing converter-quantized weights). The caller disposes them. */
export function decodeWeights(data: ArrayBuffer, specs: WeightsManifestEntry[]): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  let off = 0;
  try {
    for (const spec of specs) {
      if (spec.quantization === undefined && !PLAIN_DTYPES.includes(spec.dtype)) raise('io.unsupportedDtype', { name: spec.name, dtype: spec.dtype });
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const bytes = size * bytesPerValue(spec);
      if (!(bytes <= MAX_WEIGHT_BYTES)) raise('io.weightTooLarge', { file: 'the weights', field: `weight '${spec.name}'`, shape: spec.shape.join(','), bytes: bytes.toExponential(3), limit: MAX_WEIGHT_BYTES });
      if (off + bytes > data.byteLength) raise('io.weightDataTooShort', { name: spec.name, need: off + bytes, got: data.byteLength });
      const q = spec.quantization;
      const qdtype = q ? q.dtype : (spec.dtype as string) === 'float16' ? 'float16' : null;
      let values: Float32Array | Int32Array | Uint8Array;
      if (qdtype) {
        const raw = qdtype === 'uint8' ? new Uint8Array(data, off, size) : new Uint16Array(data.slice(off, off + bytes));
        const f = new Float32Array(size);
        if (qdtype === 'float16') for (let i = 0; i < size; i++) f[i] = float16ToFloat32(raw[i]);
        else {
          const scale = q!.scale ?? 1, min = q!.min ?? 0;
          for (let i = 0; i < size; i++) f[i] = raw[i] * scale + min;
        }
        values = spec.dtype === 'int32' ? Int32Array.from(f, Math.round) : f;
      } else {
        const slice = data.slice(off, off + bytes);
        values = spec.dtype === 'float32' ? new Float32Array(slice) : spec.dtype === 'int32' ? new Int32Array(slice) : new Uint8Array(slice);
      }
      off += bytes;
      const dtype = spec.dtype === 'bool' ? 'bool' : spec.dtype === 'int32' ? 'int32' : 'float32';
      out.set(spec.name, tensor(dtype === 'bool' ? Array.from(values, (v) => v !== 0) : values, spec.shape, dtype));
    }
  } catch (err) {
    for (const t of out.values()) t.dispose();
    throw err;
  }
  return out;
}

/** Sizes of a save, as TF.js reports them. */
export function artifactsInfo(a: ModelArtifacts): ModelArtifactsInfo {
  const enc = (x: unknown) => new TextEncoder().encode(JSON.stringify(x)).byteLength;
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: a.modelTopology === undefined ? 0 : a.modelTopology instanceof ArrayBuffer ? a.modelTopology.byteLength : enc(a.modelTopology),
    weightSpecsBytes: a.weightSpecs ? enc(a.weightSpecs) : 0,
    weightDataBytes: a.weightData ? concatWeightData(a.weightData).byteLength : 0,
  };
}

/** model.json for artifacts whose weights go to `weightsPath`. */
export function modelJSON(a: ModelArtifacts, weightsPath: string): ModelJSON {
  const json: ModelJSON = {
    modelTopology: a.modelTopology as Record<string, unknown>,
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: [weightsPath], weights: a.weightSpecs ?? [] }],
  };
  if (a.trainingConfig) json.trainingConfig = a.trainingConfig;
  if (a.userDefinedMetadata) json.userDefinedMetadata = a.userDefinedMetadata;
  if (a.signature) json.signature = a.signature;
  if (a.modelInitializer) json.modelInitializer = a.modelInitializer;
  return json;
}

/** Reads one weight file by its path as the manifest gives it. */
export type ShardReader = (path: string) => Promise<ArrayBuffer>;

/** Options of `artifactsFromJSON`. */
export interface ArtifactsFromJSONOptions {
  /** What to call model.json in error messages (its path or URL). */
  file?: string;
  /** Called with the fraction of weight bytes read so far, from 0 to 1. */
  onProgress?: (fraction: number) => void;
}

/** Parses model.json text, naming the file when it is not valid JSON. */
export function parseModelJSON(text: string, file: string): ModelJSON {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return raise('io.badJSON', { file, detail: (err as Error).message });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) raise('io.badManifest', { file, field: '(top level)', detail: 'should be an object { modelTopology, weightsManifest }' });
  return json as ModelJSON;
}

/**
 * Artifacts from model.json and a reader of its weight files (paths as the manifest gives them).
 * The manifest is checked before any weight file is read; each group's files must hold exactly the
 * bytes its weights need (a weight may continue from one file into the next).
 */
export async function artifactsFromJSON(
  json: ModelJSON, read: ShardReader, options: ArtifactsFromJSONOptions = {},
): Promise<ModelArtifacts> {
  const file = options.file ?? 'model.json';
  if (!json || typeof json !== 'object') raise('io.badManifest', { file, field: '(top level)', detail: 'should be an object { modelTopology, weightsManifest }' });
  if (!json.modelTopology || typeof json.modelTopology !== 'object') raise('io.badManifest', { file, field: 'modelTopology', detail: 'is missing (this is not a layers model.json)' });
  const a: ModelArtifacts = {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
  };
  if (json.trainingConfig) a.trainingConfig = json.trainingConfig;
  if (json.userDefinedMetadata) a.userDefinedMetadata = json.userDefinedMetadata;
  if (json.signature) a.signature = json.signature; // graph models name their inputs and outputs here
  if (json.modelInitializer) a.modelInitializer = json.modelInitializer;
  if (json.weightsManifest === undefined || json.weightsManifest === null) return a;
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) raise('io.badManifest', { file, field: 'weightsManifest', detail: 'should be a list of { paths, weights } groups' });
  // Check everything first: nothing is read or allocated for a damaged manifest.
  const total = { bytes: 0 };
  const groups = manifest.map((g, gi) => {
    const field = `weightsManifest[${gi}]`;
    if (!g || typeof g !== 'object') raise('io.badManifest', { file, field, detail: 'should be { paths, weights }' });
    if (!Array.isArray(g.paths) || g.paths.some((p) => typeof p !== 'string' || !p)) raise('io.badManifest', { file, field: `${field}.paths`, detail: 'should be a list of file names' });
    const sizes = checkWeightSpecs(g.weights, file, (i) => (i < 0 ? `${field}.weights` : `${field}.weights[${i}]`), total);
    const need = sizes.reduce((x, y) => x + y, 0);
    if (need > 0 && g.paths.length === 0) raise('io.badManifest', { file, field: `${field}.paths`, detail: `is empty, but its weights need ${need} bytes` });
    return { field, paths: g.paths, weights: g.weights, need };
  });
  const specs: WeightsManifestEntry[] = [];
  for (const g of groups) specs.push(...g.weights);
  const totalBytes = groups.reduce((n, g) => n + g.need, 0);
  const allPaths = groups.flatMap((g) => g.paths);
  options.onProgress?.(0);
  let done = 0;
  const buffers = await Promise.all(allPaths.map(async (p) => {
    const buf = await read(p);
    done += buf.byteLength;
    if (totalBytes > 0) options.onProgress?.(Math.min(1, done / totalBytes));
    return buf;
  }));
  let k = 0;
  for (const g of groups) {
    const got = buffers.slice(k, k + g.paths.length).reduce((n, b) => n + b.byteLength, 0);
    k += g.paths.length;
    if (got !== g.need) {
      raise('io.shardSize', {
        shards: g.paths.map((p) => `'${p}'`).join(', '), field: `${g.field}.paths`, file, got, need: g.need, weightsField: `${g.field}.weights`,
        how: got < g.need ? `${g.need - got} bytes short (truncated, or the wrong file)` : `${got - g.need} bytes too long (the wrong file, or the manifest is out of date)`,
      });
    }
  }
  a.weightSpecs = specs;
  a.weightData = concatWeightData(buffers);
  options.onProgress?.(1);
  return a;
}
