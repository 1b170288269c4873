/**
 * Decodes TF.js weights (the weightsManifest and its concatenated shard bytes) into per-weight
 * float32/int32/bool bytes, checking every declared size against the bytes present before
 * allocating anything, so a hostile manifest cannot ask for a huge buffer.
 */
import type { DType } from '../../core/dtype.js';
import { describeValue, raise } from '../../errors/index.js';
import type { DecodedWeight } from './to-ir.js';

/** One entry of a weights manifest group (`weights[i]`). */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
  group?: unknown;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };
/** Largest number of elements one weight may have (the data must hold it anyway). */
const MAX_ELEMENTS = 2 ** 28;

/** All 65536 float16 values as float32, built on first use (faster than decoding each weight). */
let F16: Float32Array | undefined;
function float16Table(): Float32Array {
  if (!F16) {
    F16 = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) F16[h] = float16ToFloat32(h);
  }
  return F16;
}

function float16ToFloat32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/**
 * Splits `data` (all shards, concatenated in manifest order) into weights. `file` and the field
 * prefix name the place in messages.
 */
export function decodeWeights(specs: unknown, data: Uint8Array, file: string, field = 'weightsManifest'): Map<string, DecodedWeight> {
  const bad = (f: string, detail: string): never => raise('model.badFile', { file, format: 'TF.js graph', field: f, detail });
  if (!Array.isArray(specs)) bad(field, `must be a list of weight specs, got ${describeValue(specs)}`);
  const out = new Map<string, DecodedWeight>();
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  (specs as WeightSpec[]).forEach((w, i) => {
    const f = `${field}[${i}]`;
    if (!w || typeof w !== 'object' || typeof w.name !== 'string') bad(`${f}.name`, 'each weight needs a string name');
    if (!Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && d >= 0)) bad(`${f}.shape`, `must be a list of non-negative integers, got ${describeValue(w.shape)} (weight '${w.name}')`);
    let size = 1;
    for (const d of w.shape) {
      size *= d;
      if (size > MAX_ELEMENTS) bad(`${f}.shape`, `[${w.shape}] declares more than ${MAX_ELEMENTS} elements (weight '${w.name}')`);
    }
    const q = w.quantization;
    const stored = q ? q.dtype : w.dtype;
    if (!(w.dtype in { float32: 1, int32: 1, bool: 1 })) bad(`${f}.dtype`, `unknown or unsupported dtype ${describeValue(w.dtype)} (weight '${w.name}'; supported: float32, int32, bool)`);
    if (q && !(q.dtype in { uint8: 1, uint16: 1, float16: 1 })) bad(`${f}.quantization.dtype`, `unknown quantization dtype ${describeValue(q.dtype)} (weight '${w.name}'; supported: uint8, uint16, float16)`);
    if (q && q.dtype !== 'float16' && !(Number.isFinite(q.scale) && Number.isFinite(q.min))) bad(`${f}.quantization`, `needs numeric scale and min (weight '${w.name}')`);
    const n = size * BYTES[stored];
    if (at + n > data.byteLength) bad(`${f}`, `weight '${w.name}' needs bytes ${at}..${at + n}, but the weight data has only ${data.byteLength} bytes`);
    const dtype = w.dtype as DType;
    let bytes: Uint8Array;
    if (dtype === 'bool') {
      bytes = Uint8Array.from(data.subarray(at, at + n), (b) => (b ? 1 : 0));
    } else if (!q) {
      bytes = data.slice(at, at + n);
    } else {
      const v = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
      if (q.dtype === 'float16') {
        const t = float16Table();
        const start = data.byteOffset + at;
        if (start % 2 === 0) {
          const h = new Uint16Array(data.buffer, start, size); // little-endian hosts (every supported one)
          for (let k = 0; k < size; k++) v[k] = t[h[k]];
        } else {
          for (let k = 0; k < size; k++) v[k] = t[dv.getUint16(at + 2 * k, true)];
        }
      } else if (q.dtype === 'uint8') {
        const scale = q.scale!;
        const min = q.min!;
        for (let k = 0; k < size; k++) v[k] = data[at + k] * scale + min;
      } else {
        for (let k = 0; k < size; k++) v[k] = dv.getUint16(at + 2 * k, true) * q.scale! + q.min!;
      }
      bytes = new Uint8Array(v.buffer);
    }
    out.set(w.name, { dtype, shape: w.shape.slice(), bytes });
    at += n;
  });
  if (at !== data.byteLength) bad(field, `the weights take ${at} bytes, but the weight data has ${data.byteLength} bytes`);
  return out;
}
