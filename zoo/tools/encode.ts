/**
 * Stores an IR model's float32 constants compactly (see src/zoo/format.ts for the encodings) and
 * measures how far the stored model's outputs move from the float32 original.
 *
 * Plans, tried from the most compact: 'compact' (rank ≥ 2 weights int8 per channel), 'f16' (half
 * floats), 'f32' (exact). Weights with at most 256 distinct values (quantized TFLite weights) are
 * always stored losslessly as a value table, and vectors and small tensors always as float32.
 */
import type { IrModel } from '../../src/models/compiler/passes.ts';
import type { ZooModelFile, ZooStorage } from '../../src/zoo/format.ts';

export type Plan = 'compact' | 'f16' | 'f32';
export const PLANS: Plan[] = ['compact', 'f16', 'f32'];

const SMALL = 256;
const F16_MAX = 65504;

/** float → half bits, rounding to nearest even. */
export function floatToHalf(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (h & 1))) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1))) h++;
  e = h >>> 10;
  return sign | h;
}

/** Segments of the weights file, each 4-byte aligned. */
class Writer {
  parts: Uint8Array[] = [];
  size = 0;
  add(bytes: Uint8Array): number {
    const pad = (4 - (this.size % 4)) % 4;
    if (pad) { this.parts.push(new Uint8Array(pad)); this.size += pad; }
    const at = this.size;
    this.parts.push(bytes);
    this.size += bytes.byteLength;
    return at;
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) { out.set(p, at); at += p.byteLength; }
    return out;
  }
}

/** The channel axis for per-channel scales: the last axis longer than 1. */
function channelAxis(shape: number[]): number {
  for (let a = shape.length - 1; a >= 0; a--) if (shape[a] > 1) return a;
  return shape.length - 1;
}

function distinct(values: Float32Array, limit: number): Float32Array | null {
  const set = new Set<number>();
  for (const v of values) {
    set.add(Object.is(v, -0) ? 0 : v);
    if (set.size > limit) return null;
  }
  return Float32Array.from([...set].sort((a, b) => a - b));
}

/**
 * Encodes every constant of `m` with `plan`; returns the zoo model file (graph + storage) and the
 * weights file bytes, plus how many constants each encoding took.
 *
 * @example
 * const { file, bin } = encodeIrModel(optimizeIr(ir), 'compact');
 */
export function encodeIrModel(m: IrModel, plan: Plan): { file: ZooModelFile; bin: Uint8Array; encodings: Record<string, number> } {
  const w = new Writer();
  const encodings: Record<string, number> = {};
  const storage: ZooStorage[] = m.graph.constants.map((c) => {
    const raw = m.weights.slice(c.offset, c.offset + c.byteLength);
    const n = c.shape.reduce((a, b) => a * b, 1);
    let st: ZooStorage;
    if (c.dtype !== 'float32') {
      const enc = c.dtype === 'bool' ? 'u8' : 'i32';
      st = { enc, offset: w.add(raw), byteLength: raw.byteLength };
    } else {
      const values = new Float32Array(raw.buffer, 0, n);
      const table = n >= SMALL && c.shape.length >= 2 ? distinct(values, 256) : null;
      let maxAbs = 0;
      for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
      if (plan === 'f32' || n < SMALL || c.shape.length < 2 || !Number.isFinite(maxAbs)) {
        st = { enc: 'f32', offset: w.add(raw), byteLength: raw.byteLength };
      } else if (table) {
        const index = new Map<number, number>();
        table.forEach((v, i) => index.set(v, i));
        const idx = Uint8Array.from(values, (v) => index.get(Object.is(v, -0) ? 0 : v)!);
        const tableOffset = w.add(new Uint8Array(table.buffer));
        st = { enc: 'pal', offset: w.add(idx), byteLength: n, tableOffset, tableSize: table.length };
      } else if (plan === 'compact') {
        const axis = channelAxis(c.shape);
        const channels = c.shape[axis];
        const inner = c.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
        const scales = new Float32Array(channels);
        for (let k = 0; k < n; k++) {
          const ch = Math.floor(k / inner) % channels;
          scales[ch] = Math.max(scales[ch], Math.abs(values[k]));
        }
        for (let ch = 0; ch < channels; ch++) scales[ch] = scales[ch] / 127 || 1;
        const q = new Int8Array(n);
        for (let k = 0; k < n; k++) q[k] = Math.max(-127, Math.min(127, Math.round(values[k] / scales[Math.floor(k / inner) % channels])));
        const scaleOffset = w.add(new Uint8Array(scales.buffer));
        st = { enc: 'q8', offset: w.add(new Uint8Array(q.buffer)), byteLength: n, axis, scaleOffset };
      } else if (maxAbs <= F16_MAX) {
        const h = Uint16Array.from(values, floatToHalf);
        st = { enc: 'f16', offset: w.add(new Uint8Array(h.buffer)), byteLength: 2 * n };
      } else {
        st = { enc: 'f32', offset: w.add(raw), byteLength: raw.byteLength };
      }
    }
    encodings[st.enc] = (encodings[st.enc] ?? 0) + 1;
    return st;
  });
  return { file: { ...m.graph, storage }, bin: w.finish(), encodings };
}
