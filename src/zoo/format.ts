/**
 * Sprout's zoo model format: one JSON file holding the model's graph in IR form (an `IrGraph`)
 * plus a `storage` list saying how each constant is stored in the one weights file, and that
 * weights file. Constants are stored compactly (float16, int8 per channel, or a ≤256-entry value
 * table with one byte per weight) and decoded here, at load, into the float32 blob the IR's
 * constants point into. Every segment starts on a 4-byte boundary.
 */
import { describeValue, raise } from '../errors/index.js';
import type { IrGraph } from '../models/index.js';

/**
 * How one constant is stored:
 * - `f32` / `i32` / `u8`: raw float32, int32 or bool bytes;
 * - `f16`: IEEE half floats;
 * - `q8`: int8 q with one float32 scale per slice of `axis` (value = q · scale[c]), scales at `scaleOffset`;
 * - `pal`: one byte per value indexing a table of `tableSize` float32 values at `tableOffset` (lossless
 *   for weights that take at most 256 distinct values, as quantized TFLite weights do).
 */
export interface ZooStorage {
  enc: 'f32' | 'i32' | 'u8' | 'f16' | 'q8' | 'pal';
  offset: number;
  byteLength: number;
  axis?: number;
  scaleOffset?: number;
  tableOffset?: number;
  tableSize?: number;
}

/** The zoo model JSON: an IrGraph whose constants are stored as `storage` says (same order). */
export interface ZooModelFile extends IrGraph {
  storage: ZooStorage[];
}

const OP = 'zoo.load';

/**
 * Half float bits → number.
 *
 * @example
 * halfToFloat(0x3c00); // 1
 */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Decodes the stored weights into the float32 (or int32/bool) blob the graph's constants point into.
 *
 * @example
 * const blob = decodeZooWeights(modelFile, new Uint8Array(await res.arrayBuffer()));
 * const executor = new IrExecutor(modelFile, blob);
 */
export function decodeZooWeights(file: ZooModelFile, stored: Uint8Array): Uint8Array {
  const bad = (detail: string): never => raise('zoo.badModelFile', { op: OP, detail });
  if (!Array.isArray(file.storage) || !Array.isArray(file.constants) || file.storage.length !== file.constants.length) {
    bad(`'storage' must list one entry per constant (${describeValue(file.constants?.length)} constants)`);
  }
  const total = file.constants.reduce((n, c) => Math.max(n, c.offset + c.byteLength), 0);
  const out = new Uint8Array(total);
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  const inside = (off: unknown, len: number, what: string) => {
    if (!(Number.isInteger(off) && (off as number) >= 0 && (off as number) + len <= stored.byteLength)) {
      bad(`${what}: bytes ${Number.isInteger(off) ? off : describeValue(off)}..+${len} lie outside the weights file (${stored.byteLength} bytes)`);
    }
  };
  file.constants.forEach((c, i) => {
    const st = file.storage[i];
    const n = c.shape.reduce((a, b) => a * b, 1);
    const where = `constant '${c.name}'`;
    if (!st || typeof st !== 'object') return bad(`${where} has no storage entry`);
    const dst = new DataView(out.buffer, c.offset, c.byteLength);
    const per = { f32: 4, i32: 4, u8: 1, f16: 2, q8: 1, pal: 1 }[st.enc];
    if (per === undefined) return bad(`${where}: unknown encoding ${describeValue(st.enc)}`);
    if (st.byteLength !== n * per) bad(`${where}: ${st.enc} storage must be ${n * per} bytes, is ${describeValue(st.byteLength)}`);
    inside(st.offset, st.byteLength, where);
    if (c.byteLength !== n * (c.dtype === 'bool' ? 1 : 4)) bad(`${where}: byteLength does not match its shape`);
    if (st.enc === 'f32' || st.enc === 'i32' || st.enc === 'u8') {
      out.set(stored.subarray(st.offset, st.offset + st.byteLength), c.offset);
    } else if (st.enc === 'f16') {
      for (let k = 0; k < n; k++) dst.setFloat32(4 * k, halfToFloat(view.getUint16(st.offset + 2 * k, true)), true);
    } else if (st.enc === 'q8') {
      const axis = st.axis ?? c.shape.length - 1;
      if (!(Number.isInteger(axis) && axis >= 0 && axis < c.shape.length)) bad(`${where}: bad axis ${describeValue(st.axis)}`);
      const channels = c.shape[axis];
      const inner = c.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      inside(st.scaleOffset, channels * 4, `${where} scales`);
      for (let k = 0; k < n; k++) {
        const ch = Math.floor(k / inner) % channels;
        dst.setFloat32(4 * k, view.getInt8(st.offset + k) * view.getFloat32(st.scaleOffset! + 4 * ch, true), true);
      }
    } else {
      const size = st.tableSize ?? 0;
      if (!(Number.isInteger(size) && size >= 1 && size <= 256)) bad(`${where}: table size must be 1..256, is ${describeValue(st.tableSize)}`);
      inside(st.tableOffset, size * 4, `${where} table`);
      for (let k = 0; k < n; k++) {
        const q = stored[st.offset + k];
        if (q >= size) bad(`${where}: index ${q} is outside its table of ${size}`);
        dst.setFloat32(4 * k, view.getFloat32(st.tableOffset! + 4 * q, true), true);
      }
    }
    return undefined;
  });
  return out;
}
