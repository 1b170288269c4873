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

/** Unpacks a buffer into tensors by name (dequantizing converter-quantized weights). The caller disposes them. */
export function decodeWeights(data: ArrayBuffer, specs: WeightsManifestEntry[]): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  let off = 0;
  try {
    for (const spec of specs) {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const q = spec.quantization;
      let values: Float32Array | Int32Array | Uint8Array;
      let bytes: number;
      if (q) {
        const bpe = q.dtype === 'uint8' ? 1 : 2;
        bytes = size * bpe;
        if (off + bytes > data.byteLength) raise('io.weightDataTooShort', { name: spec.name, need: off + bytes, got: data.byteLength });
        const raw = q.dtype === 'uint8' ? new Uint8Array(data.slice(off, off + bytes)) : new Uint16Array(data.slice(off, off + bytes));
        const f = new Float32Array(size);
        if (q.dtype === 'float16') for (let i = 0; i < size; i++) f[i] = float16ToFloat32(raw[i]);
        else for (let i = 0; i < size; i++) f[i] = raw[i] * (q.scale ?? 1) + (q.min ?? 0);
        values = spec.dtype === 'int32' ? Int32Array.from(f, Math.round) : f;
      } else {
        if (spec.dtype !== 'float32' && spec.dtype !== 'int32' && spec.dtype !== 'bool') raise('io.unsupportedDtype', { name: spec.name, dtype: spec.dtype });
        bytes = spec.dtype === 'bool' ? size : size * 4;
        if (off + bytes > data.byteLength) raise('io.weightDataTooShort', { name: spec.name, need: off + bytes, got: data.byteLength });
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

/** Artifacts from model.json and a loader of its weight files (paths as the manifest gives them). */
export async function artifactsFromJSON(json: ModelJSON, loadWeights: (paths: string[]) => Promise<ArrayBuffer[]>): Promise<ModelArtifacts> {
  if (!json || typeof json !== 'object' || !json.modelTopology) raise('io.badModelJSON', { detail: 'it has no modelTopology' });
  const a: ModelArtifacts = {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
  };
  if (json.trainingConfig) a.trainingConfig = json.trainingConfig;
  if (json.userDefinedMetadata) a.userDefinedMetadata = json.userDefinedMetadata;
  if (json.weightsManifest) {
    const specs: WeightsManifestEntry[] = [];
    const paths: string[] = [];
    for (const g of json.weightsManifest) {
      specs.push(...g.weights);
      paths.push(...g.paths);
    }
    a.weightSpecs = specs;
    a.weightData = concatWeightData(await loadWeights(paths));
  }
  return a;
}
