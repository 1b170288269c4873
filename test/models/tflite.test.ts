// TFLite models on Sprout's own engine: our FlatBuffers reader, the TFLite → IR translation, the IR
// executor and serializer.
//
// Always run: small TFLite files built here (a tiny FlatBuffers writer below) check the float and
// quantized paths against hand computation, the reader's error paths (truncated files, wrong
// magic, out-of-range offsets, a huge declared vector length, corrupted bytes), the unsupported-op
// listing, the IR round trip and the executor's memory behaviour.
//
// With ../shared (zoo-sources/tflite and test-images): MobileNet V2 quant and the TF2 int8
// per-channel MobileNet V2 must name every photo of EXPECTED.json with an accepted top-1 label;
// the V1 0.25/128 model must name the easy photos (bird, parrot). Preprocessing: the whole photo
// is resized (no crop, aspect ratio not kept) to the model's input size with
// sprout.image.resizeBilinear (alignCorners false, halfPixelCenters false), giving pixel values
// p in 0..255, then mapped to the input's real range with its quantization: (p − zp)·scale
// (the model then rounds that onto its uint8 grid, as the TFLite runtime would).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { IrExecutor, deserializeIr, loadTFLiteModel, serializeIr, tfliteFromBytes, type TFLiteModel } from '../../src/models/index.ts';
import { SproutError } from '../../src/errors/index.ts';

type Photo = { data: Uint8Array; width: number; height: number };
// The .mjs helpers have no type declarations; these are their shapes.
const { loadPhoto, rgbFloats } = (await import('../data/images.mjs' as string)) as {
  loadPhoto(file: string): Photo;
  rgbFloats(p: Photo): Float32Array;
};
const { sharedDir } = (await import('../data/shared-data.mjs' as string)) as { sharedDir(): string | null };

beforeAll(async () => {
  await sp.setBackend('cpu');
});

// ---- a tiny FlatBuffers writer (objects laid out front to back; references point forward) ------

type Scalar = 'u8' | 'i8' | 'i32' | 'u32' | 'f32' | 'i64' | 'bool';
type Field =
  | { k: 'scalar'; type: Scalar; v: number }
  | { k: 'table'; v: FbTable; offset?: number }
  | { k: 'vec'; type: 'i32' | 'f32' | 'u8' | 'i64'; v: ArrayLike<number>; declaredLength?: number }
  | { k: 'tables'; v: FbTable[] }
  | { k: 'str'; v: string };
type FbTable = (Field | undefined)[];

const sc = (type: Scalar, v: number): Field => ({ k: 'scalar', type, v });
const vec = (type: 'i32' | 'f32' | 'u8' | 'i64', v: ArrayLike<number>): Field => ({ k: 'vec', type, v });
const SIZE = { u8: 1, i8: 1, bool: 1, i32: 4, u32: 4, f32: 4, i64: 8 } as const;

function writeFlatBuffer(root: FbTable, ident = 'TFL3'): Uint8Array {
  const bytes: number[] = [];
  const dv = new DataView(new ArrayBuffer(8));
  const put = (type: Scalar | 'u16', v: number, at = bytes.length) => {
    const n = type === 'u16' ? 2 : SIZE[type];
    if (type === 'u8' || type === 'bool') dv.setUint8(0, v);
    else if (type === 'i8') dv.setInt8(0, v);
    else if (type === 'u16') dv.setUint16(0, v, true);
    else if (type === 'i32') dv.setInt32(0, v, true);
    else if (type === 'u32') dv.setUint32(0, v >>> 0, true);
    else if (type === 'f32') dv.setFloat32(0, v, true);
    else { dv.setUint32(0, v >>> 0, true); dv.setInt32(4, Math.floor(v / 2 ** 32), true); }
    for (let i = 0; i < n; i++) bytes[at + i] = dv.getUint8(i);
  };
  const align = (n: number) => { while (bytes.length % n) bytes.push(0); };
  const patch = (at: number, target: number) => put('u32', target - at, at);

  function writeTable(t: FbTable): number {
    align(4);
    const vt = bytes.length;
    const n = t.length;
    put('u16', 4 + 2 * n); put('u16', 4 + 8 * n);
    for (let i = 0; i < n; i++) put('u16', t[i] ? 4 + 8 * i : 0);
    align(4);
    const pos = bytes.length;
    put('i32', pos - vt);
    for (let i = 0; i < n; i++) for (let b = 0; b < 8; b++) bytes.push(0);
    t.forEach((f, i) => { if (f?.k === 'scalar') put(f.type, f.v, pos + 4 + 8 * i); });
    t.forEach((f, i) => {
      if (!f || f.k === 'scalar') return;
      const at = pos + 4 + 8 * i;
      if (f.k === 'table') {
        const child = writeTable(f.v);
        if (f.offset !== undefined) put('u32', f.offset, at); else patch(at, child);
      } else if (f.k === 'vec') {
        align(8);
        if (f.type === 'i64') bytes.push(0, 0, 0, 0); // 8-byte elements start 8-aligned after the length
        const start = bytes.length;
        put('u32', f.declaredLength ?? f.v.length);
        for (let k = 0; k < f.v.length; k++) put(f.type, f.v[k]);
        patch(at, start);
      } else if (f.k === 'str') {
        align(4);
        const start = bytes.length;
        const s = new TextEncoder().encode(f.v);
        put('u32', s.length); bytes.push(...s, 0);
        patch(at, start);
      } else {
        align(4);
        const start = bytes.length;
        put('u32', f.v.length);
        const slots = f.v.map(() => { const p = bytes.length; put('u32', 0); return p; });
        f.v.forEach((child, k) => patch(slots[k], writeTable(child)));
        patch(at, start);
      }
    });
    return pos;
  }

  put('u32', 0);
  for (const ch of ident) bytes.push(ch.charCodeAt(0));
  const root0 = writeTable(root);
  put('u32', root0, 0);
  return Uint8Array.from(bytes);
}

// ---- TFLite model builder -------------------------------------------------------------------

const TYPE = { float32: 0, float16: 1, int32: 2, uint8: 3, int64: 4, int8: 9 } as const;
const CODE = {
  ADD: 0, AVERAGE_POOL_2D: 1, CONCATENATION: 2, CONV_2D: 3, DEPTHWISE_CONV_2D: 4, DEQUANTIZE: 6, FULLY_CONNECTED: 9, LOGISTIC: 14, LSTM: 16,
  MUL: 18, RESHAPE: 22, SOFTMAX: 25, SVDF: 27, TANH: 28, CUSTOM: 32, PAD: 34, MEAN: 40, QUANTIZE: 114,
} as const;

/** Half-precision bits of a value exactly representable in float16. */
function toHalf(v: number): number {
  if (v === 0) return 0;
  const sign = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  const e = Math.floor(Math.log2(a));
  const m = Math.round((a / 2 ** e - 1) * 1024);
  return sign | ((e + 15) << 10) | m;
}
const ACT = { NONE: 0, RELU: 1, RELU6: 3 } as const;

interface TensorSpec { name: string; shape: number[]; type: keyof typeof TYPE; data?: ArrayLike<number>; q?: { scale: number[]; zp: number[]; dim?: number } }
interface OpSpec { code: number; custom?: string; inputs: number[]; outputs: number[]; optType?: number; options?: FbTable }

function typedBytes(type: keyof typeof TYPE, v: ArrayLike<number>): number[] {
  const n = v.length;
  const per = { int64: 8, uint8: 1, int8: 1, float16: 2, float32: 4, int32: 4 }[type];
  const buf = new DataView(new ArrayBuffer(n * per));
  for (let i = 0; i < n; i++) {
    if (type === 'float32') buf.setFloat32(4 * i, v[i], true);
    else if (type === 'float16') buf.setUint16(2 * i, toHalf(v[i]), true);
    else if (type === 'int32') buf.setInt32(4 * i, v[i], true);
    else if (type === 'uint8') buf.setUint8(i, v[i]);
    else if (type === 'int8') buf.setInt8(i, v[i]);
    else { buf.setInt32(8 * i, v[i], true); buf.setInt32(8 * i + 4, v[i] < 0 ? -1 : 0, true); }
  }
  return Array.from(new Uint8Array(buf.buffer));
}

function buildTFLite(tensors: TensorSpec[], ops: OpSpec[], inputs: number[], outputs: number[], tweak?: (m: { model: FbTable; buffers: FbTable[] }) => void): Uint8Array {
  const codes: { code: number; custom?: string }[] = [];
  const codeIndex = (o: OpSpec) => {
    let i = codes.findIndex((c) => c.code === o.code && c.custom === o.custom);
    if (i < 0) { codes.push({ code: o.code, custom: o.custom }); i = codes.length - 1; }
    return i;
  };
  const buffers: FbTable[] = [[]];
  const tensorTables = tensors.map((t) => {
    let buffer = 0;
    if (t.data) { buffers.push([vec('u8', typedBytes(t.type, t.data))]); buffer = buffers.length - 1; }
    const quant: FbTable | undefined = t.q
      ? [undefined, undefined, vec('f32', t.q.scale), vec('i64', t.q.zp), undefined, undefined, sc('i32', t.q.dim ?? 0)]
      : undefined;
    return [vec('i32', t.shape), sc('i8', TYPE[t.type]), sc('u32', buffer), { k: 'str', v: t.name }, quant ? { k: 'table', v: quant } : undefined] as FbTable;
  });
  const opTables = ops.map((o) => [
    sc('u32', codeIndex(o)), vec('i32', o.inputs), vec('i32', o.outputs),
    o.options ? sc('u8', o.optType ?? 1) : undefined, o.options ? { k: 'table', v: o.options } : undefined,
  ] as FbTable);
  const codeTables = codes.map((c) => [sc('i8', Math.min(c.code, 127)), c.custom ? { k: 'str', v: c.custom } : undefined, sc('i32', 1), sc('i32', c.code)] as FbTable);
  const subgraph: FbTable = [{ k: 'tables', v: tensorTables }, vec('i32', inputs), vec('i32', outputs), { k: 'tables', v: opTables }, { k: 'str', v: 'main' }];
  const model: FbTable = [sc('u32', 3), { k: 'tables', v: codeTables }, { k: 'tables', v: [subgraph] }, { k: 'str', v: 'built by the test' }, { k: 'tables', v: buffers }];
  tweak?.({ model, buffers });
  return writeFlatBuffer(model);
}

/** A float model: conv 1×1 (+bias, relu6) → mean over H, W → fully connected (+bias) → softmax. */
function floatModel(tweak?: Parameters<typeof buildTFLite>[4]): Uint8Array {
  const tensors: TensorSpec[] = [
    { name: 'x', shape: [1, 2, 2, 3], type: 'float32' },
    { name: 'conv/filter', shape: [2, 1, 1, 3], type: 'float32', data: [1, 0.5, -1, -2, 1, 0.25] },
    { name: 'conv/bias', shape: [2], type: 'float32', data: [0.5, -0.25] },
    { name: 'conv', shape: [1, 2, 2, 2], type: 'float32' },
    { name: 'mean/axes', shape: [2], type: 'int32', data: [1, 2] },
    { name: 'mean', shape: [1, 2], type: 'float32' },
    { name: 'fc/weights', shape: [3, 2], type: 'float32', data: [1, -1, 0.5, 2, -1, 0] },
    { name: 'fc/bias', shape: [3], type: 'float32', data: [0, 1, -1] },
    { name: 'fc', shape: [1, 3], type: 'float32' },
    { name: 'probs', shape: [1, 3], type: 'float32' },
  ];
  const ops: OpSpec[] = [
    { code: CODE.CONV_2D, inputs: [0, 1, 2], outputs: [3], optType: 1, options: [sc('i8', 0), sc('i32', 1), sc('i32', 1), sc('i8', ACT.RELU6)] },
    { code: CODE.MEAN, inputs: [3, 4], outputs: [5], optType: 27, options: [sc('bool', 0)] },
    { code: CODE.FULLY_CONNECTED, inputs: [5, 6, 7], outputs: [8], optType: 8, options: [sc('i8', ACT.NONE)] },
    { code: CODE.SOFTMAX, inputs: [8], outputs: [9], optType: 9, options: [sc('f32', 1)] },
  ];
  return buildTFLite(tensors, ops, [0], [9], tweak);
}

/** The float model computed by hand. */
function floatReference(x: number[]): number[] {
  const f = [[1, 0.5, -1], [-2, 1, 0.25]], b = [0.5, -0.25];
  const mean = [0, 0];
  for (let p = 0; p < 4; p++) for (let o = 0; o < 2; o++) {
    let s = b[o];
    for (let c = 0; c < 3; c++) s += x[p * 3 + c] * f[o][c];
    mean[o] += Math.min(Math.max(s, 0), 6) / 4;
  }
  const w = [[1, -1], [0.5, 2], [-1, 0]], fb = [0, 1, -1];
  const logits = w.map((row, o) => row[0] * mean[0] + row[1] * mean[1] + fb[o]);
  const m = Math.max(...logits), e = logits.map((l) => Math.exp(l - m)), s = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / s);
}

/**
 * A quantized model: uint8 input (scale 1/128, zp 128) → depthwise 1×1 with int8 per-channel
 * weights (scales [0.5, 0.25] on dimension 3) and an int32 bias → QUANTIZE to int8 (scale 1/64).
 */
function quantModel(): Uint8Array {
  const tensors: TensorSpec[] = [
    { name: 'x', shape: [1, 1, 2, 2], type: 'uint8', q: { scale: [1 / 128], zp: [128] } },
    { name: 'dw/filter', shape: [1, 1, 1, 2], type: 'int8', data: [2, -4], q: { scale: [0.5, 0.25], zp: [0, 0], dim: 3 } },
    { name: 'dw/bias', shape: [2], type: 'int32', data: [128, 64], q: { scale: [1 / 256, 1 / 512], zp: [0, 0] } },
    { name: 'dw', shape: [1, 1, 2, 2], type: 'uint8', q: { scale: [1 / 32], zp: [128] } },
    { name: 'y', shape: [1, 1, 2, 2], type: 'int8', q: { scale: [1 / 64], zp: [0] } },
  ];
  const ops: OpSpec[] = [
    { code: CODE.DEPTHWISE_CONV_2D, inputs: [0, 1, 2], outputs: [3], optType: 2, options: [sc('i8', 1), sc('i32', 1), sc('i32', 1), sc('i32', 1), sc('i8', ACT.NONE)] },
    { code: CODE.QUANTIZE, inputs: [3], outputs: [4] },
  ];
  return buildTFLite(tensors, ops, [0], [4]);
}

/**
 * Elementwise and shape ops: PAD → AVERAGE_POOL_2D (2×2, stride 2) → MUL by a constant (fused
 * RELU6), CONCATENATION with LOGISTIC(x) on the channels, ADD of TANH of that (fused RELU),
 * RESHAPE to [1, 16]; plus a float16 weight through DEQUANTIZE into FULLY_CONNECTED.
 */
function opsModel(): Uint8Array {
  const f = (name: string, shape: number[]): TensorSpec => ({ name, shape, type: 'float32' });
  const tensors: TensorSpec[] = [
    f('x', [1, 2, 2, 2]),
    { name: 'pad/paddings', shape: [4, 2], type: 'int32', data: [0, 0, 1, 1, 1, 1, 0, 0] },
    f('pad', [1, 4, 4, 2]), f('pool', [1, 2, 2, 2]),
    { name: 'mul/c', shape: [2], type: 'float32', data: [3, -0.5] },
    f('mul', [1, 2, 2, 2]), f('sigmoid', [1, 2, 2, 2]), f('concat', [1, 2, 2, 4]), f('tanh', [1, 2, 2, 4]), f('add', [1, 2, 2, 4]),
    { name: 'reshape/shape', shape: [2], type: 'int32', data: [1, 16] },
    f('flat', [1, 16]),
    { name: 'fc/w16', shape: [2, 16], type: 'float16', data: Array.from({ length: 32 }, (_, i) => (i % 5) * 0.25 - 0.5) },
    f('fc/w', [2, 16]), f('out', [1, 2]),
  ];
  const ops: OpSpec[] = [
    { code: CODE.PAD, inputs: [0, 1], outputs: [2] },
    { code: CODE.AVERAGE_POOL_2D, inputs: [2], outputs: [3], optType: 5, options: [sc('i8', 1), sc('i32', 2), sc('i32', 2), sc('i32', 2), sc('i32', 2), sc('i8', ACT.NONE)] },
    { code: CODE.MUL, inputs: [3, 4], outputs: [5], optType: 21, options: [sc('i8', ACT.RELU6)] },
    { code: CODE.LOGISTIC, inputs: [0], outputs: [6] },
    { code: CODE.CONCATENATION, inputs: [5, 6], outputs: [7], optType: 10, options: [sc('i32', 3), sc('i8', ACT.NONE)] },
    { code: CODE.TANH, inputs: [7], outputs: [8] },
    { code: CODE.ADD, inputs: [7, 8], outputs: [9], optType: 11, options: [sc('i8', ACT.RELU)] },
    { code: CODE.RESHAPE, inputs: [9, 10], outputs: [11], optType: 17, options: [vec('i32', [1, 16])] },
    { code: CODE.DEQUANTIZE, inputs: [12], outputs: [13] },
    { code: CODE.FULLY_CONNECTED, inputs: [11, 13, -1], outputs: [14], optType: 8, options: [sc('i8', ACT.NONE)] },
  ];
  return buildTFLite(tensors, ops, [0], [14, 11]);
}

function expectSproutError(fn: () => unknown, code: string, ...fragments: (string | RegExp)[]): SproutError {
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  expect(err, 'expected a SproutError').toBeInstanceOf(SproutError);
  const se = err as SproutError;
  expect(se.code, se.message).toBe(code);
  for (const f of fragments) expect(se.message).toMatch(f);
  return se;
}

// ---- small built models --------------------------------------------------------------------

describe('TFLite: small models built here', () => {
  it('a float model matches hand computation (conv 1×1 + relu6, mean, fully connected, softmax)', () => {
    const m = tfliteFromBytes(floatModel(), 'float.tflite');
    const xs = Array.from({ length: 12 }, (_, i) => Math.sin(i * 1.7) * 3);
    const y = m.predict(sp.tensor(xs, [1, 2, 2, 3])) as sp.Tensor;
    expect(y.shape).toEqual([1, 3]);
    const got = Array.from(y.dataSync());
    floatReference(xs).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    expect(m.inputs[0]).toEqual({ name: 'x', shape: [1, 2, 2, 3], dtype: 'float32', quantization: null });
    // Without the batch dimension, and a batch of two (the file's batch of 1 becomes -1 in the IR).
    const y3 = m.predict(sp.tensor(xs, [2, 2, 3])) as sp.Tensor;
    expect(Array.from(y3.dataSync())).toEqual(got);
    const ys = m.predict(sp.tensor([...xs, ...xs.map((v) => -v)], [2, 2, 2, 3])) as sp.Tensor;
    expect(ys.shape).toEqual([2, 3]);
    floatReference(xs.map((v) => -v)).forEach((v, i) => expect(ys.dataSync()[3 + i]).toBeCloseTo(v, 5));
    sp.dispose([y, y3, ys]);
    m.dispose();
  });

  it('a quantized model: input quantize→dequantize rounding, int8 per-channel weights, int32 bias, QUANTIZE', () => {
    const m = tfliteFromBytes(quantModel(), 'quant.tflite');
    expect(m.inputs[0].quantization).toEqual({ scale: 1 / 128, zeroPoint: 128, min: -1, max: 127 / 128 });
    // Real inputs between grid points are rounded onto the uint8 grid (and clamped to its range).
    const x = [0.3, -0.3, 2, -2];
    const q = (v: number) => Math.min(Math.max(Math.round(v * 128), -128), 127) / 128;
    const w = [1, -1], b = [0.5, 0.125];
    const want = x.map((v, i) => {
      const r = q(v) * w[i % 2] + b[i % 2];
      return Math.min(Math.max(Math.round(r * 64), -128), 127) / 64; // QUANTIZE onto the int8 output grid
    });
    const y = m.predict(sp.tensor(x, [1, 1, 2, 2])) as sp.Tensor;
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    // An int32 tensor is taken as raw quantized values q: real = (q − 128)/128.
    const raw = x.map((v) => Math.round(q(v) * 128) + 128);
    const y2 = m.predict(sp.tensor(raw, [1, 1, 2, 2], 'int32')) as sp.Tensor;
    expect(Array.from(y2.dataSync())).toEqual(Array.from(y.dataSync()));
    sp.dispose([y, y2]);
    m.dispose();
  });

  it('elementwise, pooling, concat, pad, reshape, activations; float16 weights through DEQUANTIZE', () => {
    const m = tfliteFromBytes(opsModel(), 'ops.tflite');
    expect(m.outputs.map((o) => o.name)).toEqual(['out', 'flat']);
    const xs = [0.5, -1, 2, 0.25, -3, 1.5, 4, -0.75];
    const x = sp.tensor(xs, [1, 2, 2, 2]);
    const [out, flat] = m.predict(x) as sp.Tensor[];
    const want = sp.tidy(() => {
      const pooled = sp.avgPool(sp.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), 2, 2, 'valid');
      const y = sp.concat([sp.relu6(sp.mul(pooled, sp.tensor([3, -0.5]))), sp.sigmoid(x)], 3);
      const f = sp.reshape(sp.relu(sp.add(y, sp.tanh(y))), [1, 16]);
      const w = sp.tensor(Array.from({ length: 32 }, (_, i) => (i % 5) * 0.25 - 0.5), [2, 16]);
      return [f, sp.matMul(f, w, false, true)];
    });
    expect(flat.shape).toEqual([1, 16]);
    Array.from(flat.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[0].dataSync()[i], 5));
    Array.from(out.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[1].dataSync()[i], 5));
    sp.dispose([x, out, flat, want]);
    m.dispose();
  });

  it('the executor frees every intermediate and reports its peak memory', () => {
    const m = tfliteFromBytes(floatModel(), 'float.tflite');
    const x = sp.ones([1, 2, 2, 3]);
    const before = sp.memory();
    const y = m.predict(x) as sp.Tensor;
    const after = sp.memory();
    expect(after.numTensors).toBe(before.numTensors + 1);
    expect(after.numBytes).toBe(before.numBytes + y.size * 4);
    // conv [1,2,2,2] (32 B) and mean [1,2] (8 B) are alive together at most: 40 bytes.
    expect(m.peakBytes).toBe(40);
    // A failing node frees what the run made, and names the node.
    const beforeBad = sp.memory().numTensors;
    expectSproutError(() => m.predict(sp.ones([1, 3, 3, 3])), 'op.badArgument', /shape \[\*,2,2,3\]/);
    expect(sp.memory().numTensors).toBe(beforeBad + 1); // only the input made inline
    sp.dispose([x, y]);
    m.dispose();
  });

  it('execute() can stop at an inner tensor (the model cut there)', () => {
    const m = tfliteFromBytes(floatModel(), 'float.tflite');
    const x = sp.ones([1, 2, 2, 3]);
    const n = sp.memory().numTensors;
    const mean = m.execute(x, 'mean') as sp.Tensor;
    const both = m.execute(x, ['mean', 'probs']) as sp.Tensor[];
    expect(mean.shape).toEqual([1, 2]);
    expect(Array.from(both[0].dataSync())).toEqual(Array.from(mean.dataSync()));
    expect(sp.memory().numTensors).toBe(n + 3);
    expectSproutError(() => m.execute(x, 'nope'), 'op.badArgument', /'nope'/);
    sp.dispose([x, mean, both]);
    m.dispose();
  });

  it('IR serialize → deserialize gives identical outputs', () => {
    const m = tfliteFromBytes(floatModel(), 'float.tflite');
    const { json, weights } = serializeIr(m.graph, m.weights);
    expect(weights).toBeInstanceOf(ArrayBuffer);
    const back = deserializeIr(json, weights);
    expect(back.graph).toEqual(m.graph);
    const ex = new IrExecutor(back.graph, back.weights);
    const x = sp.randomUniform([1, 2, 2, 3], -2, 2);
    const [a] = ex.run([x]);
    const b = m.predict(x) as sp.Tensor;
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    // A damaged file fails clearly.
    expectSproutError(() => deserializeIr(json, weights.slice(0, 8)), 'ir.badGraph', /outside the weights/);
    expectSproutError(() => deserializeIr(json.replace('"sprout-ir"', '"other"'), weights), 'ir.badGraph', /format/);
    const g = JSON.parse(json);
    g.nodes[0].inputs[0] = { kind: 'node', node: 3, output: 0 };
    expectSproutError(() => deserializeIr(g, weights), 'ir.badGraph', /topological/);
    sp.dispose([x, a, b]);
    ex.dispose();
    m.dispose();
  });

  it('lists every unsupported op of a model at once', () => {
    const tensors: TensorSpec[] = [
      { name: 'x', shape: [1, 4], type: 'float32' }, { name: 'a', shape: [1, 4], type: 'float32' },
      { name: 'b', shape: [1, 4], type: 'float32' }, { name: 'c', shape: [1, 4], type: 'float32' }, { name: 'd', shape: [1, 4], type: 'float32' },
    ];
    const ops: OpSpec[] = [
      { code: CODE.LSTM, inputs: [0], outputs: [1] },
      { code: CODE.CUSTOM, custom: 'TFLite_Detection_PostProcess', inputs: [1], outputs: [2] },
      { code: CODE.SVDF, inputs: [2], outputs: [3] },
      { code: CODE.LSTM, inputs: [3], outputs: [4] },
    ];
    const e = expectSproutError(() => tfliteFromBytes(buildTFLite(tensors, ops, [0], [4]), 'rnn.tflite'), 'model.unsupportedOps',
      /'rnn.tflite'/, /LSTM \(×2\)/, /CUSTOM 'TFLite_Detection_PostProcess' \(×1\)/, /SVDF \(×1\)/, /3 op type/, /CONV_2D/);
    expect(e.message).toMatch(/supported: /);
  });
});

describe('loadTFLiteModel: sources', () => {
  const bytes = floatModel();
  const x = () => sp.tensor(Array.from({ length: 12 }, (_, i) => i / 4 - 1), [1, 2, 2, 3]);
  const check = (m: TFLiteModel) => {
    const xs = x();
    const y = m.predict(xs) as sp.Tensor;
    const want = floatReference(Array.from(xs.dataSync()));
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    sp.dispose([xs, y]);
    m.dispose();
  };

  it('a file path and a file:// URL (Node), an ArrayBuffer, a misaligned Uint8Array view, a Blob', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sprout-tflite-'));
    const file = path.join(dir, 'float.tflite');
    fs.writeFileSync(file, bytes);
    try {
      const seen: number[] = [];
      check(await loadTFLiteModel(file, { onProgress: (f) => seen.push(f) }));
      expect(seen).toEqual([1]);
      check(await loadTFLiteModel(pathToFileURL(file).href));
      check(await loadTFLiteModel(bytes.slice().buffer));
      const shifted = new Uint8Array(bytes.length + 1);
      shifted.set(bytes, 1);
      check(await loadTFLiteModel(shifted.subarray(1)));
      check(await loadTFLiteModel(new Blob([new Uint8Array(bytes)])));
      await expect(loadTFLiteModel(path.join(dir, 'missing.tflite'))).rejects.toMatchObject({ code: 'model.loadFailed' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await expect(loadTFLiteModel(42 as never)).rejects.toMatchObject({ code: 'op.badArgument' });
  });

  it('a URL, with progress while downloading; HTTP errors are clear', async () => {
    const server = http.createServer((req, res) => {
      if (req.url !== '/m.tflite') { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'Content-Length': String(bytes.length), 'Content-Type': 'application/octet-stream' });
      const q = Math.ceil(bytes.length / 4);
      let k = 0;
      const next = () => {
        if (k >= bytes.length) { res.end(); return; }
        res.write(bytes.subarray(k, k + q));
        k += q;
        setTimeout(next, 15);
      };
      next();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const seen: number[] = [];
      check(await loadTFLiteModel(`http://127.0.0.1:${port}/m.tflite`, { onProgress: (f) => seen.push(f) }));
      expect(seen.length).toBeGreaterThan(1);
      expect(seen.at(-1)).toBe(1);
      expect(seen.every((f, i) => f > 0 && f <= 1 && (i === 0 || f >= seen[i - 1]))).toBe(true);
      await expect(loadTFLiteModel(`http://127.0.0.1:${port}/nope.tflite`)).rejects.toMatchObject({ code: 'model.loadFailed', message: expect.stringMatching(/HTTP 404/) });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('a disposed model says so', () => {
    const m = tfliteFromBytes(bytes, 'float.tflite');
    m.dispose();
    const xs = x();
    expectSproutError(() => m.predict(xs), 'model.disposed', /predict/);
    xs.dispose();
  });
});

// ---- the reader's error paths --------------------------------------------------------------

describe('TFLite: FlatBuffers reader error paths', () => {
  const good = floatModel();

  it('wrong magic', () => {
    const bad = good.slice();
    bad.set([0x54, 0x46, 0x4c, 0x32], 4); // 'TFL2'
    expectSproutError(() => tfliteFromBytes(bad, 'old.tflite'), 'model.badFile', /'old.tflite'/, /TFL3/, /"TFL2"/);
    expectSproutError(() => tfliteFromBytes(new TextEncoder().encode('{"modelTopology": {}}'), 'model.json'), 'model.badFile', /'model.json'/, /file identifier/);
    expectSproutError(() => tfliteFromBytes(new Uint8Array(3), 'tiny.tflite'), 'model.badFile', /3 byte/);
  });

  it('every truncation of a model fails with a clear error, never a crash', () => {
    let failures = 0;
    for (let n = 0; n < good.length; n++) {
      try {
        tfliteFromBytes(good.subarray(0, n), 'cut.tflite').dispose();
      } catch (e) {
        expect(e, `truncated to ${n} bytes`).toBeInstanceOf(SproutError);
        expect((e as SproutError).code).toBe('model.badFile');
        expect((e as SproutError).message).toContain("'cut.tflite'");
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(good.length * 0.95);
  });

  it('out-of-range offsets name the field', () => {
    const rootOut = good.slice();
    new DataView(rootOut.buffer).setUint32(0, 0xfffffff0, true);
    expectSproutError(() => tfliteFromBytes(rootOut, 'r.tflite'), 'model.badFile', /Model/, /outside the file/);
    // A sub-table offset pointing past the end: the first tensor's quantization... use the conv options table.
    const optOut = floatModel(({ model }) => {
      const sg = ((model[2] as { v: FbTable[] }).v)[0];
      const op0 = ((sg[3] as { v: FbTable[] }).v)[0];
      (op0[4] as { offset?: number }).offset = 0x7ffffff0;
    });
    expectSproutError(() => tfliteFromBytes(optOut, 'o.tflite'), 'model.badFile', /Model\.subgraphs\[0\]\.operators\[0\]\.builtin_options/);
    // A tensor index out of range.
    const tensors: TensorSpec[] = [{ name: 'x', shape: [1], type: 'float32' }];
    const idxOut = buildTFLite(tensors, [{ code: CODE.ADD, inputs: [0, 7], outputs: [0] }], [0], [0]);
    expectSproutError(() => tfliteFromBytes(idxOut, 'i.tflite'), 'model.badFile', /operators\[0\]\.inputs\[1\]/, /tensor index 7/);
  });

  it('a huge declared vector length is rejected before any allocation', () => {
    const huge = floatModel(({ buffers }) => {
      (buffers[1][0] as { declaredLength?: number }).declaredLength = 0xffffffff;
    });
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    expectSproutError(() => tfliteFromBytes(huge, 'huge.tflite'), 'model.badFile', /Model\.buffers\[1\]\.data/, /4294967295 element/);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
    // The same for a vector of tables (the subgraph's tensors).
    const hugeTables = floatModel(({ model }) => {
      const sg = ((model[2] as { v: FbTable[] }).v)[0];
      sg[1] = { k: 'vec', type: 'i32', v: [0], declaredLength: 0x40000000 };
    });
    expectSproutError(() => tfliteFromBytes(hugeTables, 'huge2.tflite'), 'model.badFile', /Model\.subgraphs\[0\]\.inputs/);
  });

  it('randomly corrupted files fail with SproutErrors only', () => {
    let s = 12345;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const codes = new Map<string, number>();
    const samples = new Map<string, string>();
    for (let trial = 0; trial < 400; trial++) {
      const bad = good.slice();
      const flips = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < flips; k++) bad[8 + Math.floor(rand() * (bad.length - 8))] = Math.floor(rand() * 256);
      const n = sp.memory().numTensors;
      try {
        const m = tfliteFromBytes(bad, 'fuzz.tflite');
        codes.set('loaded', (codes.get('loaded') ?? 0) + 1);
        // What loads must also run (or fail as a SproutError) without leaking.
        const shape = m.graph.inputs[0].shape.map((d) => (d < 0 ? 1 : d));
        if (shape.reduce((a, b) => a * b, 1) > 1e4) { m.dispose(); continue; } // a corrupted input size: too big to bother
        const input = sp.ones(shape, m.graph.inputs[0].dtype);
        try {
          sp.dispose(m.predict(input));
          codes.set('ran', (codes.get('ran') ?? 0) + 1);
        } finally {
          input.dispose();
          m.dispose();
          expect(sp.memory().numTensors).toBe(n);
        }
      } catch (e) {
        if (!(e instanceof SproutError)) throw new Error(`trial ${trial}: ${String(e)}`, { cause: e });
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
        if (!samples.has(e.code)) samples.set(e.code, e.message.slice(0, 300));
      }
    }
    console.log('corrupted files:', JSON.stringify(Object.fromEntries(codes)), '\n  e.g. ' + [...samples.values()].join('\n  e.g. '));
  });
});

// ---- real models (../shared) ------------------------------------------------------------------

const shared = sharedDir();
const tfliteDir = shared && path.join(shared, 'zoo-sources/tflite');
const imageDir = shared && path.join(shared, 'test-images');
const haveShared = !!(tfliteDir && imageDir && fs.existsSync(path.join(tfliteDir, 'mobilenet_v2_1.0_224_quant.tflite')) && fs.existsSync(path.join(imageDir, 'EXPECTED.json')));
if (!haveShared) console.log('skipped: the real TFLite models need ../shared/zoo-sources/tflite and ../shared/test-images (set SPROUT_SHARED to its folder to run them)');

interface Expected { accept?: string[]; v2?: string }
const labelsOf = () => fs.readFileSync(path.join(tfliteDir!, 'imagenet_labels.txt'), 'utf8').split('\n').map((l) => l.trim());
const expected = (): Record<string, Expected> => JSON.parse(fs.readFileSync(path.join(imageDir!, 'EXPECTED.json'), 'utf8'));
const classified = () => Object.entries(expected()).filter(([k, v]) => !k.startsWith('_') && v.accept);

/** A photo resized (whole, no crop) to the model's input and mapped to its real range. */
function photoInput(model: TFLiteModel, file: string): sp.Tensor {
  const [, H, W] = model.inputs[0].shape;
  const q = model.inputs[0].quantization!;
  const p = loadPhoto(path.join(imageDir!, file));
  return sp.tidy(() => {
    const img = sp.tensor(rgbFloats(p), [p.height, p.width, 3]);
    return sp.image.resizeBilinear(img, [H, W], false, false).sub(q.zeroPoint).mul(q.scale).expandDims(0);
  });
}

function top1(model: TFLiteModel, x: sp.Tensor, labels: string[]): { label: string; p: number } {
  const y = model.predict(x) as sp.Tensor;
  const v = y.dataSync();
  y.dispose();
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return { label: labels[best], p: v[best] };
}

const accepted = (label: string, accept: string[]) => accept.includes(label.split(',')[0].trim());

describe.skipIf(!haveShared)('TFLite: real models from ../shared', () => {
  it('MobileNet V2 quant (uint8 per-tensor) names every photo, close to the reference confidences; timings', async () => {
    const labels = labelsOf();
    const t0 = performance.now();
    const model = await loadTFLiteModel(path.join(tfliteDir!, 'mobilenet_v2_1.0_224_quant.tflite'));
    const loadMs = performance.now() - t0;
    expect(model.inputs[0]).toMatchObject({ name: 'input', shape: [1, 224, 224, 3], dtype: 'uint8', quantization: { scale: 0.0078125, zeroPoint: 128 } });
    expect(model.outputs[0].shape).toEqual([1, 1001]);
    const lines: string[] = [];
    for (const [file, e] of classified()) {
      const x = photoInput(model, file);
      const before = sp.memory().numTensors;
      const { label, p } = top1(model, x, labels);
      expect(sp.memory().numTensors, 'predict leaves only its output (disposed here)').toBe(before);
      x.dispose();
      lines.push(`${file}: ${label.split(',')[0]} ${(p * 100).toFixed(1)}% (reference ${e.v2})`);
      expect(accepted(label, e.accept!), `${file}: top-1 '${label}' is not one of ${JSON.stringify(e.accept)}`).toBe(true);
      // The reference (the TFLite runtime, integer kernels) gave e.v2 = "name NN.N%".
      const ref = Number(/([\d.]+)%/.exec(e.v2 ?? '')?.[1]);
      if (Number.isFinite(ref)) expect(Math.abs(p * 100 - ref), `${file}: ${(p * 100).toFixed(1)}% vs reference ${ref}%`).toBeLessThan(3);
    }
    // A batch of two photos gives each photo's own result (the file's batch of 1 is not fixed).
    const cat = photoInput(model, 'cat.bmp'), bird = photoInput(model, 'bird.jpg');
    const batch = sp.concat([cat, bird], 0);
    const yb = model.predict(batch) as sp.Tensor;
    const y1 = model.predict(bird) as sp.Tensor;
    expect(yb.shape).toEqual([2, 1001]);
    const vb = yb.dataSync().subarray(1001), v1 = y1.dataSync();
    for (let i = 0; i < 1001; i++) expect(Math.abs(vb[i] - v1[i])).toBeLessThan(1e-4);
    sp.dispose([cat, bird, batch, yb, y1]);
    // Warm inference time: median of 5 runs on one photo.
    const x = photoInput(model, 'cat.bmp');
    (model.predict(x) as sp.Tensor).dispose();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      (model.predict(x) as sp.Tensor).dispose();
      times.push(performance.now() - s);
    }
    x.dispose();
    times.sort((a, b) => a - b);
    console.log(`MobileNet V2 quant: load ${loadMs.toFixed(0)} ms, warm predict median ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}), `
      + `peak intermediates ${(model.peakBytes / 2 ** 20).toFixed(1)} MiB, weights ${(model.weightBytes / 2 ** 20).toFixed(1)} MiB, ${model.graph.nodes.length} IR nodes\n  ${lines.join('\n  ')}`);
    model.dispose();
  });

  it('TF2 MobileNet V2 (int8 per-channel, QUANTIZE in and out) names every photo', async () => {
    const labels = labelsOf();
    const model = await loadTFLiteModel(path.join(tfliteDir!, 'tf2_mobilenet_v2_1.0_224_ptq.tflite'));
    const lines: string[] = [];
    for (const [file, e] of classified()) {
      const x = photoInput(model, file);
      const { label, p } = top1(model, x, labels);
      x.dispose();
      lines.push(`${file}: ${label.split(',')[0]} ${(p * 100).toFixed(1)}%`);
      expect(accepted(label, e.accept!), `${file}: top-1 '${label}' is not one of ${JSON.stringify(e.accept)}`).toBe(true);
    }
    console.log(`TF2 MobileNet V2 int8:\n  ${lines.join('\n  ')}`);
    model.dispose();
  });

  it('MobileNet V1 0.25/128 quant runs and names the easy photos', async () => {
    const labels = labelsOf();
    const bytes = new Uint8Array(fs.readFileSync(path.join(tfliteDir!, 'mobilenet_v1_0.25_128_quant.tflite')));
    const model = await loadTFLiteModel(bytes);
    const lines: string[] = [];
    for (const [file, want] of [['bird.jpg', 'robin'], ['parrot.jpg', 'macaw']]) {
      const x = photoInput(model, file);
      const y = model.predict(x) as sp.Tensor;
      const sum = y.sum().dataSync()[0];
      expect(sum).toBeCloseTo(1, 3);
      y.dispose();
      const { label, p } = top1(model, x, labels);
      x.dispose();
      lines.push(`${file}: ${label.split(',')[0]} ${(p * 100).toFixed(1)}%`);
      expect(label.split(',')[0]).toBe(want);
    }
    console.log(`MobileNet V1 0.25/128 quant:\n  ${lines.join('\n  ')}`);
    model.dispose();
  });

  it('the embedding extractor gives 1024-d embeddings; a real model survives the IR round trip bit for bit', async () => {
    const model = await loadTFLiteModel(path.join(tfliteDir!, 'mobilenet_v1_1.0_224_quant_embedding_extractor.tflite'));
    const cat = photoInput(model, 'cat.bmp');
    const e1 = model.predict(cat) as sp.Tensor;
    expect(e1.shape).toEqual([1, 1, 1, 1024]);
    const v = e1.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(6.0001);
    const { json, weights } = serializeIr(model.graph, model.weights);
    const back = deserializeIr(json, weights);
    const ex = new IrExecutor(back.graph, back.weights);
    const [e2] = ex.run([cat]);
    expect(Array.from(e2.dataSync())).toEqual(Array.from(v));
    sp.dispose([cat, e1, e2]);
    ex.dispose();
    model.dispose();
  });

  it('a truncated or corrupted real file fails clearly', () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(tfliteDir!, 'mobilenet_v1_0.25_128_quant.tflite')));
    // (The last few percent of this file hold metadata Sprout never reads; cutting only those is harmless.)
    for (const frac of [0.01, 0.3, 0.6, 0.9]) {
      expectSproutError(() => tfliteFromBytes(bytes.subarray(0, Math.floor(bytes.length * frac)), 'v1.tflite'), 'model.badFile', /'v1.tflite'/);
    }
  });
});
