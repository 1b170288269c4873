/**
 * Translates a TFLite subgraph into Sprout's IR (../ir/graph.ts).
 *
 * Quantized models run in float32: every constant is dequantized into the weights blob
 * (uint8/int8/int16 per tensor: (q − zp)·scale; per channel along `quantized_dimension`; int32
 * biases with scale = inputScale·weightScale; float16 widened), and activations flow as float32.
 * A quantized model input is declared float32 in its real-valued range and is quantized →
 * dequantized by the graph's first nodes (`div`, `round`, `clipByValue`, `mul`), as the TFLite
 * runtime would quantize it, so results follow the quantized reference closely. QUANTIZE ops do
 * the same (or vanish when input and output share one grid); DEQUANTIZE ops vanish.
 *
 * Layouts: TFLite conv filters are OHWI, Sprout's HWIO (transposed once here); depthwise filters
 * [1, H, W, C·M] become [H, W, C, M] (same bytes); fully-connected weights [O, I] become [I, O].
 */
import type { DType } from '../../core/dtype.js';
import type { Activation } from '../../core/kernels.js';
import { raise } from '../../errors/index.js';
import type { IrAttr, IrConstant, IrGraph, IrNode, ValueRef } from '../ir/graph.js';
import { OP, opName, type TFLiteModelFile, type TFLiteOperator, type TFLiteQuantization, type TFLiteSubgraph, type TFLiteTensor, type TFLiteType } from './schema.js';

/** Quantization of a model input or output, as the model object reports it. */
export interface TFLiteQuantInfo {
  scale: number;
  zeroPoint: number;
  /** The real values the quantized type can hold: (qmin − zp)·scale and (qmax − zp)·scale. */
  min: number;
  max: number;
}

/** A model input or output as it is in the file. */
export interface TFLiteTensorInfo {
  name: string;
  shape: number[];
  /** The file's element type ('uint8', 'int8', 'float32', …). */
  dtype: TFLiteType;
  quantization: TFLiteQuantInfo | null;
}

export interface TFLiteTranslation {
  graph: IrGraph;
  weights: Uint8Array;
  inputs: TFLiteTensorInfo[];
  outputs: TFLiteTensorInfo[];
}

/** Integer ranges of the quantized types. */
const QRANGE: Partial<Record<string, [number, number]>> = {
  uint8: [0, 255], int8: [-128, 127], int16: [-32768, 32767], int4: [-8, 7], uint16: [0, 65535],
};
const ELEM_BYTES: Partial<Record<string, number>> = {
  float32: 4, float16: 2, float64: 8, int32: 4, uint32: 4, uint8: 1, int8: 1, int16: 2, uint16: 2, int64: 8, uint64: 8, bool: 1,
};
/** At most this many elements in a tensor a file may make Sprout allocate (pad sizes, resize targets, …). */
const MAX_ELEMENTS = 2 ** 28;

type Ctx = { op: TFLiteOperator; index: number; name: string; ins: number[]; outs: number[]; o: TFLiteOperator['options'] };
type Translate = (t: Translator, c: Ctx) => void;

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
/** Typed-array views read the file's little-endian data directly only on little-endian hosts. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Half-precision bits → number. */
function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** `src` (row-major, `shape`) with its axes permuted: out axis k is source axis perm[k]. */
export function permute(src: Float32Array, shape: number[], perm: number[]): Float32Array {
  const rank = shape.length;
  if (rank >= 2 && perm.every((p, k) => p === (k + 1) % rank)) {
    // Moving axis 0 last (OHWI → HWIO, [O, I] → [I, O]) is a 2-D transpose of [rows, cols].
    const rows = shape[0], cols = src.length / Math.max(rows, 1);
    const out = new Float32Array(src.length);
    for (let r = 0; r < rows; r++) for (let c = 0, from = r * cols; c < cols; c++) out[c * rows + r] = src[from + c];
    return out;
  }
  const outShape = perm.map((p) => shape[p]);
  const srcStrides = new Array<number>(rank);
  for (let k = rank - 1, s = 1; k >= 0; k--) { srcStrides[k] = s; s *= shape[k]; }
  const stride = perm.map((p) => srcStrides[p]);
  const out = new Float32Array(src.length);
  const idx = new Array<number>(rank).fill(0);
  let from = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = src[from];
    for (let k = rank - 1; k >= 0; k--) {
      idx[k]++;
      from += stride[k];
      if (idx[k] < outShape[k]) break;
      from -= stride[k] * outShape[k];
      idx[k] = 0;
    }
  }
  return out;
}

class Translator {
  nodes: IrNode[] = [];
  constants: IrConstant[] = [];
  chunks: Uint8Array[] = [];
  blobSize = 0;
  values = new Map<number, ValueRef>();
  scalars = new Map<number, ValueRef>();

  constructor(readonly m: TFLiteModelFile, readonly sg: TFLiteSubgraph, readonly caller: string) {}

  fail(field: string, detail: string): never {
    return this.m.fb.fail(`Model.subgraphs[0].${field}`, detail);
  }

  unsupported(what: string): never {
    return raise('model.unsupportedOps', { op: this.caller, file: this.m.fb.file, count: 1, ops: what, supported: supportedList() });
  }

  t(i: number): TFLiteTensor {
    return this.sg.tensors[i];
  }

  data(i: number): Uint8Array {
    return this.m.buffers[this.t(i).buffer];
  }

  isConst(i: number): boolean {
    return i >= 0 && !this.values.has(i) && this.data(i).byteLength > 0;
  }

  /** Element count of tensor i from its shape, checked against its data when it has any. */
  count(i: number): number {
    const t = this.t(i);
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) this.fail(`tensors[${i}].shape`, `[${t.shape}] is not a list of non-negative sizes`);
    return sizeOf(t.shape);
  }

  // ---- constants ---------------------------------------------------------------------------

  addConst(name: string, shape: number[], dtype: DType, bytes: Uint8Array): ValueRef {
    const offset = (this.blobSize + 15) & ~15;
    this.constants.push({ name, shape, dtype, offset, byteLength: bytes.byteLength });
    this.chunks.push(bytes);
    this.blobSize = offset + bytes.byteLength;
    return { kind: 'const', index: this.constants.length - 1 };
  }

  constFloat(name: string, shape: number[], v: Float32Array): ValueRef {
    return this.addConst(name, shape, 'float32', new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  }

  scalar(value: number): ValueRef {
    let r = this.scalars.get(value);
    if (!r) {
      r = this.constFloat(`scalar:${value}`, [], Float32Array.of(value));
      this.scalars.set(value, r);
    }
    return r;
  }

  /** Raw values of tensor i (no quantization applied), checked against its shape. Views the file when it can. */
  raw(i: number): ArrayLike<number> & { length: number } {
    const t = this.t(i);
    const bytes = this.data(i);
    const per = ELEM_BYTES[t.type];
    if (per === undefined) this.unsupported(`constant tensor '${t.name}' of type ${t.type}`);
    const n = this.count(i);
    if (bytes.byteLength !== n * per) this.fail(`tensors[${i}] ('${t.name}')`, `its buffer holds ${bytes.byteLength} byte(s) but shape [${t.shape}] of ${t.type} needs ${n * per}`);
    const { buffer, byteOffset } = bytes;
    const aligned = LITTLE_ENDIAN && byteOffset % per === 0;
    switch (t.type) {
      case 'uint8': case 'bool': return bytes;
      case 'int8': return new Int8Array(buffer, byteOffset, n);
      case 'int16': if (aligned) return new Int16Array(buffer, byteOffset, n); break;
      case 'uint16': if (aligned) return new Uint16Array(buffer, byteOffset, n); break;
      case 'int32': if (aligned) return new Int32Array(buffer, byteOffset, n); break;
      case 'uint32': if (aligned) return new Uint32Array(buffer, byteOffset, n); break;
      case 'float32': if (aligned) return new Float32Array(buffer, byteOffset, n); break;
    }
    const v = new DataView(buffer, byteOffset, bytes.byteLength);
    const read: (k: number) => number = {
      float32: (k: number) => v.getFloat32(4 * k, true),
      float16: (k: number) => halfToFloat(v.getUint16(2 * k, true)),
      float64: (k: number) => v.getFloat64(8 * k, true),
      int32: (k: number) => v.getInt32(4 * k, true),
      uint32: (k: number) => v.getUint32(4 * k, true),
      int16: (k: number) => v.getInt16(2 * k, true),
      uint16: (k: number) => v.getUint16(2 * k, true),
      int64: (k: number) => v.getUint32(8 * k, true) + v.getInt32(8 * k + 4, true) * 2 ** 32,
      uint64: (k: number) => v.getUint32(8 * k, true) + v.getUint32(8 * k + 4, true) * 2 ** 32,
    }[t.type as 'float32']!;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = read(k);
    return out;
  }

  /** Tensor i's values as a new float32 array, dequantized with `q` (default: the tensor's own quantization). */
  floats(i: number, q: TFLiteQuantization | null = this.t(i).quantization): Float32Array {
    const t = this.t(i);
    const raw = this.raw(i);
    const isFloat = t.type === 'float32' || t.type === 'float16' || t.type === 'float64';
    if (isFloat || !q || q.scale.length === 0) return Float32Array.from(raw);
    const field = `tensors[${i}] ('${t.name}').quantization`;
    const out = new Float32Array(raw.length);
    if (q.scale.length === 1) {
      const s = q.scale[0], zp = q.zeroPoint[0] ?? 0;
      for (let k = 0; k < raw.length; k++) out[k] = (raw[k] - zp) * s;
      return out;
    }
    const dim = q.quantizedDimension;
    if (!(dim >= 0 && dim < t.shape.length) || t.shape[dim] !== q.scale.length) {
      this.fail(field, `${q.scale.length} scales along dimension ${dim} do not fit shape [${t.shape}]`);
    }
    if (q.zeroPoint.length !== 1 && q.zeroPoint.length !== q.scale.length) this.fail(field, `${q.zeroPoint.length} zero points for ${q.scale.length} scales`);
    const channels = q.scale.length;
    const inner = sizeOf(t.shape.slice(dim + 1));
    const outer = sizeOf(t.shape.slice(0, dim));
    for (let o = 0, k = 0; o < outer; o++) {
      for (let c = 0; c < channels; c++) {
        const s = q.scale[c], zp = q.zeroPoint.length === 1 ? q.zeroPoint[0] : q.zeroPoint[c];
        for (let j = 0; j < inner; j++, k++) out[k] = (raw[k] - zp) * s;
      }
    }
    return out;
  }

  /** Integer parameters (shapes, axes, paddings) from a constant tensor. */
  ints(i: number, what: string): number[] {
    if (i < 0 || !this.isConst(i)) this.unsupported(`${what} given by a computed tensor (it must be a constant)`);
    const raw = this.raw(i);
    const out = Array.from(raw, Math.round);
    if (!out.every(Number.isSafeInteger)) this.fail(`tensors[${i}]`, `${what} must be integers`);
    return out;
  }

  /** A constant tensor as an IR constant: dequantized float32, or int32 for integer data. */
  constRef(i: number, q?: TFLiteQuantization | null, transform?: (v: Float32Array, shape: number[]) => [Float32Array, number[]]): ValueRef {
    const t = this.t(i);
    const quantized = t.quantization && t.quantization.scale.length > 0;
    const isInt = !quantized && q === undefined && /^u?int/.test(t.type);
    if (isInt && !transform) {
      const raw = Array.from(this.raw(i));
      if (!raw.every((x) => x >= -(2 ** 31) && x < 2 ** 31)) this.fail(`tensors[${i}] ('${t.name}')`, 'integer constant out of int32 range');
      const v = Int32Array.from(raw);
      return this.addConst(t.name, t.shape.slice(), 'int32', new Uint8Array(v.buffer));
    }
    if (t.type === 'bool') return this.addConst(t.name, t.shape.slice(), 'bool', Uint8Array.from(this.raw(i), (b) => (b ? 1 : 0)));
    let v = this.floats(i, q === undefined ? t.quantization : q);
    let shape = t.shape.slice();
    if (transform) [v, shape] = transform(v, shape);
    return this.constFloat(t.name, shape, v);
  }

  /** The value of tensor i: computed by an earlier op, a graph input, or a constant. */
  ref(i: number, c: Ctx): ValueRef {
    if (i < 0) this.fail(`operators[${c.index}]`, `${opName(this.m.operatorCodes[c.op.opcodeIndex].builtinCode)} needs an input that is omitted (-1)`);
    const r = this.values.get(i);
    if (r) return r;
    if (this.data(i).byteLength > 0) {
      const cr = this.constRef(i);
      this.values.set(i, cr);
      return cr;
    }
    return this.fail(`operators[${c.index}].inputs`, `tensor ${i} ('${this.t(i).name}') is read before any operator writes it`);
  }

  // ---- nodes -------------------------------------------------------------------------------

  emit(op: string, inputs: ValueRef[], attrs: Record<string, IrAttr>, name: string, numOutputs = 1): ValueRef {
    this.nodes.push({ op, inputs, attrs, numOutputs, name });
    return { kind: 'node', node: this.nodes.length - 1, output: 0 };
  }

  /** Applies an activation that the op could not fuse. */
  activation(r: ValueRef, a: string, name: string): ValueRef {
    switch (a) {
      case 'NONE': return r;
      case 'RELU': return this.emit('relu', [r], {}, `${name}/relu`);
      case 'RELU6': return this.emit('relu6', [r], {}, `${name}/relu6`);
      case 'RELU_N1_TO_1': return this.emit('clipByValue', [r], { clipValueMin: -1, clipValueMax: 1 }, `${name}/relu_n1_to_1`);
      case 'TANH': return this.emit('tanh', [r], {}, `${name}/tanh`);
      default: return this.unsupported(`fused activation ${a} (in '${name}')`);
    }
  }

  /** A fused activation the conv/matMul kernels take directly, and what must follow them. */
  fusable(a: string): [Activation, string] {
    if (a === 'NONE') return ['linear', 'NONE'];
    if (a === 'RELU') return ['relu', 'NONE'];
    if (a === 'RELU6') return ['relu6', 'NONE'];
    return ['linear', a];
  }

  /** Quantize → dequantize `r` on the grid of quantization `q` for `type` (float in, float out). */
  fakeQuant(r: ValueRef, q: TFLiteQuantization, type: TFLiteType, name: string): ValueRef {
    const range = QRANGE[type];
    if (!range || q.scale.length !== 1) return this.unsupported(`quantization of '${name}' to ${type} with ${q.scale.length} scale(s)`);
    const s = q.scale[0], zp = q.zeroPoint[0] ?? 0;
    const d = this.emit('div', [r, this.scalar(s)], {}, `${name}/quantize/div`);
    const rd = this.emit('round', [d], {}, `${name}/quantize/round`);
    const cl = this.emit('clipByValue', [rd], { clipValueMin: range[0] - zp, clipValueMax: range[1] - zp }, `${name}/quantize/clip`);
    return this.emit('mul', [cl, this.scalar(s)], {}, `${name}/dequantize`);
  }

  /** Output tensor i's shape as a reshape target: a leading 1 that is the batch becomes -1. */
  targetShape(out: number, from: number): number[] {
    const s = this.t(out).shape.slice();
    const src = this.t(from).shape;
    if (s.length >= 2 && src.length >= 2 && s[0] === 1 && src[0] === 1 && !s.includes(-1)) s[0] = -1;
    return s;
  }

  /** The bias of a conv/matMul, dequantized with inputScale·weightScale when both are quantized. */
  bias(c: Ctx, b: number, x: number, w: number): ValueRef | null {
    if (b < 0) return null;
    if (!this.isConst(b)) return this.ref(b, c);
    const bt = this.t(b), xq = this.t(x).quantization, wq = this.t(w).quantization;
    let q: TFLiteQuantization | null = bt.quantization;
    if (/^u?int/.test(bt.type) && xq && wq && xq.scale.length === 1 && wq.scale.length >= 1) {
      q = { scale: wq.scale.map((s) => s * xq.scale[0]), zeroPoint: [0], quantizedDimension: 0, min: [], max: [] };
      if (wq.scale.length > 1 && bt.shape.length !== 1) this.fail(`tensors[${b}] ('${bt.name}')`, `a per-channel bias must have rank 1, has shape [${bt.shape}]`);
    }
    return this.constRef(b, q);
  }

  checkElements(n: number, what: string): void {
    if (!(n <= MAX_ELEMENTS)) this.unsupported(`${what} of ${n} elements (more than ${MAX_ELEMENTS})`);
  }
}

const PAD = (o: Ctx['o']) => (o.padding === 'VALID' ? 'valid' : 'same');

function conv(t: Translator, c: Ctx, depthwise: boolean): void {
  const [x, w, b = -1] = c.ins;
  const xs = t.t(x).shape, ws = t.t(w).shape;
  if (ws.length !== 4) t.fail(`tensors[${w}].shape`, `a ${depthwise ? 'depthwise ' : ''}conv filter must have rank 4, has [${ws}]`);
  let filter: ValueRef;
  if (depthwise) {
    const C = xs[3];
    if (!(C > 0) || ws[3] % C !== 0) t.fail(`operators[${c.index}]`, `depthwise filter [${ws}] does not fit ${C} input channel(s)`);
    const shape = [ws[1], ws[2], C, ws[3] / C];
    filter = t.isConst(w) ? t.constRef(w, undefined, (v) => [v, shape]) : t.emit('reshape', [t.ref(w, c)], { shape }, `${c.name}/filter`);
  } else {
    if (xs.length === 4 && ws[3] !== xs[3]) t.unsupported(`grouped CONV_2D ('${c.name}': filter [${ws}] on input [${xs}])`);
    filter = t.isConst(w)
      ? t.constRef(w, undefined, (v, s) => [permute(v, s, [1, 2, 3, 0]), [s[1], s[2], s[3], s[0]]])
      : t.emit('transpose', [t.ref(w, c)], { perm: [1, 2, 3, 0] }, `${c.name}/filter`);
  }
  const bias = t.bias(c, b, x, w);
  const [fused, after] = t.fusable(c.o.fusedActivationFunction as string);
  const attrs: Record<string, IrAttr> = {
    strides: [c.o.strideH as number, c.o.strideW as number], pad: PAD(c.o),
    dilations: [c.o.dilationHFactor as number, c.o.dilationWFactor as number], activation: fused,
  };
  const r = t.emit(depthwise ? 'fused.depthwiseConv2d' : 'fused.conv2d', bias ? [t.ref(x, c), filter, bias] : [t.ref(x, c), filter], attrs, c.name);
  t.values.set(c.outs[0], t.activation(r, after, c.name));
}

function fullyConnected(t: Translator, c: Ctx): void {
  const [x, w, b = -1] = c.ins;
  const ws = t.t(w).shape, xs = t.t(x).shape;
  if (ws.length !== 2) t.fail(`tensors[${w}].shape`, `fully-connected weights must have rank 2, have [${ws}]`);
  if (c.o.weightsFormat !== 0) t.unsupported(`FULLY_CONNECTED with shuffled weights ('${c.name}')`);
  const [O, I] = ws;
  let xr = t.ref(x, c);
  if (xs.length !== 2) xr = t.emit('reshape', [xr], { shape: [-1, I] }, `${c.name}/flatten`);
  const wConst = t.isConst(w);
  const wr = wConst ? t.constRef(w, undefined, (v, s) => [permute(v, s, [1, 0]), [I, O]]) : t.ref(w, c);
  const bias = t.bias(c, b, x, w);
  const [fused, after] = t.fusable(c.o.fusedActivationFunction as string);
  let r = t.emit('fused.matMul', bias ? [xr, wr, bias] : [xr, wr], { transposeA: false, transposeB: !wConst, activation: fused }, c.name);
  r = t.activation(r, after, c.name);
  if (t.t(c.outs[0]).shape.length !== 2) r = t.emit('reshape', [r], { shape: t.targetShape(c.outs[0], x) }, `${c.name}/reshape`);
  t.values.set(c.outs[0], r);
}

const elementwise = (op: string, withAct: boolean): Translate => (t, c) => {
  const r = t.emit(op, c.ins.map((i) => t.ref(i, c)), {}, c.name);
  t.values.set(c.outs[0], withAct ? t.activation(r, c.o.fusedActivationFunction as string, c.name) : r);
};

const unaryOp = (op: string, attrs: Record<string, IrAttr> = {}): Translate => (t, c) => {
  t.values.set(c.outs[0], t.emit(op, [t.ref(c.ins[0], c)], attrs, c.name));
};

const pool = (op: string): Translate => (t, c) => {
  const attrs = { filterSize: [c.o.filterHeight as number, c.o.filterWidth as number], strides: [c.o.strideH as number, c.o.strideW as number], pad: PAD(c.o) };
  const r = t.emit(op, [t.ref(c.ins[0], c)], attrs, c.name);
  t.values.set(c.outs[0], t.activation(r, c.o.fusedActivationFunction as string, c.name));
};

const reduce = (op: string): Translate => (t, c) => {
  const axis = t.ints(c.ins[1], `the axes of '${c.name}'`);
  t.values.set(c.outs[0], t.emit(op, [t.ref(c.ins[0], c)], { axis, keepDims: c.o.keepDims as boolean }, c.name));
};

/** A reshape to the output tensor's (static) shape: RESHAPE, SQUEEZE, EXPAND_DIMS. */
const reshapeOp: Translate = (t, c) => {
  const shape = t.targetShape(c.outs[0], c.ins[0]);
  t.values.set(c.outs[0], t.emit('reshape', [t.ref(c.ins[0], c)], { shape }, c.name));
};

function paddings(t: Translator, c: Ctx): [number, number][] {
  const p = t.ints(c.ins[1], `the paddings of '${c.name}'`);
  const rank = t.t(c.ins[0]).shape.length;
  if (p.length !== 2 * rank || p.some((v) => v < 0)) t.fail(`operators[${c.index}]`, `paddings [${p}] must be ${rank} non-negative pairs`);
  const pairs: [number, number][] = [];
  for (let k = 0; k < rank; k++) pairs.push([p[2 * k], p[2 * k + 1]]);
  t.checkElements(sizeOf(t.t(c.ins[0]).shape.map((d, k) => d + pairs[k][0] + pairs[k][1])), `padded tensor '${c.name}'`);
  return pairs;
}

const resize = (op: string): Translate => (t, c) => {
  const size = t.ints(c.ins[1], `the size of '${c.name}'`);
  if (size.length !== 2 || size.some((v) => v < 1)) t.fail(`operators[${c.index}]`, `resize size [${size}] must be two positive integers`);
  t.checkElements(size[0] * size[1] * (t.t(c.ins[0]).shape[3] ?? 1), `resized tensor '${c.name}'`);
  t.values.set(c.outs[0], t.emit(op, [t.ref(c.ins[0], c)], { size, alignCorners: c.o.alignCorners as boolean, halfPixelCenters: c.o.halfPixelCenters as boolean }, c.name));
};

/** How each builtin op becomes IR nodes. */
const TRANSLATORS: Record<number, Translate> = {
  [OP.CONV_2D]: (t, c) => conv(t, c, false),
  [OP.DEPTHWISE_CONV_2D]: (t, c) => conv(t, c, true),
  [OP.FULLY_CONNECTED]: fullyConnected,
  [OP.AVERAGE_POOL_2D]: pool('avgPool'),
  [OP.MAX_POOL_2D]: pool('maxPool'),
  [OP.ADD]: elementwise('add', true),
  [OP.SUB]: elementwise('sub', true),
  [OP.MUL]: elementwise('mul', true),
  [OP.DIV]: elementwise('div', true),
  [OP.MAXIMUM]: elementwise('maximum', false),
  [OP.MINIMUM]: elementwise('minimum', false),
  [OP.SQUARED_DIFFERENCE]: elementwise('squaredDifference', false),
  [OP.POW]: elementwise('pow', false),
  [OP.PRELU]: elementwise('prelu', false),
  [OP.RESHAPE]: reshapeOp,
  [OP.SQUEEZE]: reshapeOp,
  [OP.EXPAND_DIMS]: reshapeOp,
  [OP.SOFTMAX]: (t, c) => {
    let x = t.ref(c.ins[0], c);
    const beta = c.o.beta as number;
    if (beta !== 1) x = t.emit('mul', [x, t.scalar(beta)], {}, `${c.name}/beta`);
    t.values.set(c.outs[0], t.emit('softmax', [x], { dim: -1 }, c.name));
  },
  [OP.LOG_SOFTMAX]: unaryOp('logSoftmax', { axis: -1 }),
  [OP.CONCATENATION]: (t, c) => {
    const r = t.emit('concat', c.ins.map((i) => t.ref(i, c)), { axis: c.o.axis as number }, c.name);
    t.values.set(c.outs[0], t.activation(r, c.o.fusedActivationFunction as string, c.name));
  },
  [OP.PAD]: (t, c) => t.values.set(c.outs[0], t.emit('pad', [t.ref(c.ins[0], c)], { paddings: paddings(t, c), constantValue: 0 }, c.name)),
  [OP.PADV2]: (t, c) => {
    const value = c.ins[2] >= 0 ? t.floats(c.ins[2])[0] ?? 0 : 0;
    t.values.set(c.outs[0], t.emit('pad', [t.ref(c.ins[0], c)], { paddings: paddings(t, c), constantValue: value }, c.name));
  },
  [OP.MIRROR_PAD]: (t, c) => t.values.set(c.outs[0], t.emit('mirrorPad', [t.ref(c.ins[0], c)], { paddings: paddings(t, c), mode: c.o.mode === 1 ? 'symmetric' : 'reflect' }, c.name)),
  [OP.MEAN]: reduce('mean'),
  [OP.SUM]: reduce('sum'),
  [OP.REDUCE_MAX]: reduce('max'),
  [OP.REDUCE_MIN]: reduce('min'),
  [OP.REDUCE_PROD]: reduce('prod'),
  [OP.QUANTIZE]: (t, c) => {
    const [x] = c.ins, y = c.outs[0];
    const xt = t.t(x), yt = t.t(y);
    const qx = xt.quantization;
    const qy = yt.quantization ?? t.fail(`tensors[${y}] ('${yt.name}')`, 'the output of QUANTIZE has no quantization parameters');
    const rx = QRANGE[xt.type], ry = QRANGE[yt.type];
    const sameGrid = qx && rx && ry && qx.scale.length === 1 && qy.scale.length === 1 && qx.scale[0] === qy.scale[0]
      && rx[0] - qx.zeroPoint[0] === ry[0] - qy.zeroPoint[0] && rx[1] - qx.zeroPoint[0] === ry[1] - qy.zeroPoint[0];
    t.values.set(y, sameGrid ? t.ref(x, c) : t.fakeQuant(t.ref(x, c), qy, yt.type, c.name));
  },
  [OP.DEQUANTIZE]: (t, c) => t.values.set(c.outs[0], t.ref(c.ins[0], c)),
  [OP.RELU]: unaryOp('relu'),
  [OP.RELU6]: unaryOp('relu6'),
  [OP.RELU_N1_TO_1]: unaryOp('clipByValue', { clipValueMin: -1, clipValueMax: 1 }),
  [OP.RELU_0_TO_1]: unaryOp('clipByValue', { clipValueMin: 0, clipValueMax: 1 }),
  [OP.LOGISTIC]: unaryOp('sigmoid'),
  [OP.TANH]: unaryOp('tanh'),
  [OP.ELU]: unaryOp('elu'),
  [OP.EXP]: unaryOp('exp'),
  [OP.LOG]: unaryOp('log'),
  [OP.SQRT]: unaryOp('sqrt'),
  [OP.RSQRT]: unaryOp('rsqrt'),
  [OP.ABS]: unaryOp('abs'),
  [OP.NEG]: unaryOp('neg'),
  [OP.SQUARE]: unaryOp('square'),
  [OP.FLOOR]: unaryOp('floor'),
  [OP.CEIL]: unaryOp('ceil'),
  [OP.ROUND]: unaryOp('round'),
  [OP.SIN]: unaryOp('sin'),
  [OP.COS]: unaryOp('cos'),
  [OP.LEAKY_RELU]: (t, c) => unaryOp('leakyRelu', { alpha: c.o.alpha as number })(t, c),
  [OP.HARD_SWISH]: (t, c) => {
    // x · relu6(x + 3) / 6
    const x = t.ref(c.ins[0], c);
    const r6 = t.emit('relu6', [t.emit('add', [x, t.scalar(3)], {}, `${c.name}/add3`)], {}, `${c.name}/relu6`);
    const m = t.emit('mul', [x, r6], {}, `${c.name}/mul`);
    t.values.set(c.outs[0], t.emit('mul', [m, t.scalar(1 / 6)], {}, c.name));
  },
  [OP.CAST]: (t, c) => {
    const to = t.t(c.outs[0]).type;
    const dtype = to === 'bool' ? 'bool' : /^(float|bfloat)/.test(to) ? 'float32' : 'int32';
    t.values.set(c.outs[0], t.emit('cast', [t.ref(c.ins[0], c)], { dtype }, c.name));
  },
  [OP.TRANSPOSE]: (t, c) => t.values.set(c.outs[0], t.emit('transpose', [t.ref(c.ins[0], c)], { perm: t.ints(c.ins[1], `the permutation of '${c.name}'`) }, c.name)),
  [OP.RESIZE_BILINEAR]: resize('image.resizeBilinear'),
  [OP.RESIZE_NEAREST_NEIGHBOR]: resize('image.resizeNearestNeighbor'),
  [OP.SPACE_TO_DEPTH]: (t, c) => unaryOp('spaceToDepth', { blockSize: c.o.blockSize as number })(t, c),
  [OP.DEPTH_TO_SPACE]: (t, c) => unaryOp('depthToSpace', { blockSize: c.o.blockSize as number })(t, c),
  [OP.ARG_MAX]: (t, c) => unaryOp('argMax', { axis: t.ints(c.ins[1], `the axis of '${c.name}'`)[0] ?? 0 })(t, c),
  [OP.ARG_MIN]: (t, c) => unaryOp('argMin', { axis: t.ints(c.ins[1], `the axis of '${c.name}'`)[0] ?? 0 })(t, c),
  [OP.SLICE]: (t, c) => {
    const begin = t.ints(c.ins[1], `the begin of '${c.name}'`), size = t.ints(c.ins[2], `the size of '${c.name}'`);
    t.values.set(c.outs[0], t.emit('slice', [t.ref(c.ins[0], c)], { begin, size }, c.name));
  },
  [OP.STRIDED_SLICE]: (t, c) => {
    if (c.o.offset) t.unsupported(`STRIDED_SLICE with offset=true ('${c.name}')`);
    const attrs = {
      begin: t.ints(c.ins[1], `the begin of '${c.name}'`), end: t.ints(c.ins[2], `the end of '${c.name}'`),
      strides: c.ins[3] >= 0 ? t.ints(c.ins[3], `the strides of '${c.name}'`) : [],
      beginMask: c.o.beginMask as number, endMask: c.o.endMask as number, ellipsisMask: c.o.ellipsisMask as number,
      newAxisMask: c.o.newAxisMask as number, shrinkAxisMask: c.o.shrinkAxisMask as number,
    };
    if ((attrs.strides as number[]).length === 0) attrs.strides = attrs.begin.map(() => 1);
    t.values.set(c.outs[0], t.emit('stridedSlice', [t.ref(c.ins[0], c)], attrs, c.name));
  },
  [OP.GATHER]: (t, c) => {
    const r = t.emit('gather', [t.ref(c.ins[0], c), t.ref(c.ins[1], c)], { axis: c.o.axis as number, batchDims: c.o.batchDims as number }, c.name);
    t.values.set(c.outs[0], r);
  },
  [OP.PACK]: (t, c) => t.values.set(c.outs[0], t.emit('stack', c.ins.map((i) => t.ref(i, c)), { axis: c.o.axis as number }, c.name)),
  [OP.UNPACK]: (t, c) => {
    const r = t.emit('unstack', [t.ref(c.ins[0], c)], { axis: c.o.axis as number }, c.name, c.outs.length);
    c.outs.forEach((o, k) => t.values.set(o, { kind: 'node', node: (r as { node: number }).node, output: k }));
  },
  [OP.SPLIT]: (t, c) => {
    // SPLIT: inputs (axis, x).
    const axis = t.ints(c.ins[0], `the axis of '${c.name}'`)[0];
    const r = t.emit('split', [t.ref(c.ins[1], c)], { numOrSizeSplits: c.outs.length, axis }, c.name, c.outs.length);
    c.outs.forEach((o, k) => t.values.set(o, { kind: 'node', node: (r as { node: number }).node, output: k }));
  },
  [OP.SPLIT_V]: (t, c) => {
    const sizes = t.ints(c.ins[1], `the sizes of '${c.name}'`), axis = t.ints(c.ins[2], `the axis of '${c.name}'`)[0];
    const r = t.emit('split', [t.ref(c.ins[0], c)], { numOrSizeSplits: sizes, axis }, c.name, c.outs.length);
    c.outs.forEach((o, k) => t.values.set(o, { kind: 'node', node: (r as { node: number }).node, output: k }));
  },
  [OP.TILE]: (t, c) => {
    const reps = t.ints(c.ins[1], `the multiples of '${c.name}'`);
    t.checkElements(sizeOf(t.t(c.ins[0]).shape.map((d, k) => d * (reps[k] ?? 1))), `tiled tensor '${c.name}'`);
    t.values.set(c.outs[0], t.emit('tile', [t.ref(c.ins[0], c)], { reps }, c.name));
  },
  [OP.BATCH_MATMUL]: (t, c) => t.values.set(c.outs[0], t.emit('matMul', [t.ref(c.ins[0], c), t.ref(c.ins[1], c)], { transposeA: c.o.adjX as boolean, transposeB: c.o.adjY as boolean }, c.name)),
  [OP.TRANSPOSE_CONV]: (t, c) => {
    // TRANSPOSE_CONV: inputs (output_shape, weights [O, H, W, I], x, bias?).
    const [shapeT, w, x, b = -1] = c.ins;
    const outputShape = t.ints(shapeT, `the output shape of '${c.name}'`);
    t.checkElements(sizeOf(outputShape), `output of '${c.name}'`);
    if (!t.isConst(w)) t.unsupported(`TRANSPOSE_CONV with computed weights ('${c.name}')`);
    const filter = t.constRef(w, undefined, (v, s) => [permute(v, s, [1, 2, 0, 3]), [s[1], s[2], s[0], s[3]]]);
    let r = t.emit('conv2dTranspose', [t.ref(x, c), filter], { outputShape, strides: [c.o.strideH as number, c.o.strideW as number], pad: PAD(c.o) }, c.name);
    const bias = t.bias(c, b, x, w);
    if (bias) r = t.emit('add', [r, bias], {}, `${c.name}/bias`);
    t.values.set(c.outs[0], t.activation(r, (c.o.fusedActivationFunction as string) ?? 'NONE', c.name));
  },
};

/** Names of the TFLite builtin ops Sprout translates. */
export function supportedTFLiteOps(): string[] {
  return Object.keys(TRANSLATORS).map((k) => opName(Number(k))).sort();
}
const supportedList = () => supportedTFLiteOps().join(', ');

function quantInfo(t: TFLiteTensor): TFLiteQuantInfo | null {
  const q = t.quantization;
  const range = QRANGE[t.type];
  if (!q || q.scale.length !== 1 || !range) return null;
  const zp = q.zeroPoint[0] ?? 0;
  return { scale: q.scale[0], zeroPoint: zp, min: (range[0] - zp) * q.scale[0], max: (range[1] - zp) * q.scale[0] };
}

const info = (t: TFLiteTensor): TFLiteTensorInfo => ({ name: t.name, shape: t.shape.slice(), dtype: t.type, quantization: quantInfo(t) });

/** The IR dtype a model input of this TFLite type is given as (quantized inputs are float32, real-valued). */
function inputDtype(t: TFLiteTensor): DType | null {
  if (/^(float|bfloat)/.test(t.type)) return 'float32';
  if (quantInfo(t)) return 'float32';
  if (t.type === 'bool') return 'bool';
  if (/^u?int(8|16|32|64)$/.test(t.type)) return 'int32';
  return null;
}

/**
 * Translates subgraph 0 of a parsed TFLite model. Throws 'model.unsupportedOps' listing every
 * op type the model uses that Sprout cannot run (all of them at once), and 'model.badFile' for
 * inconsistent files.
 */
export function tfliteToIr(m: TFLiteModelFile, op = 'loadTFLiteModel'): TFLiteTranslation {
  const sg = m.subgraphs[0];
  // 1. Every unsupported op type, at once.
  const missing = new Map<string, number>();
  for (const o of sg.operators) {
    const code = m.operatorCodes[o.opcodeIndex];
    if (TRANSLATORS[code.builtinCode] && code.builtinCode !== OP.CUSTOM) continue;
    const key = code.builtinCode === OP.CUSTOM ? `CUSTOM '${code.customCode}'` : code.name;
    missing.set(key, (missing.get(key) ?? 0) + 1);
  }
  for (const i of [...sg.inputs, ...sg.outputs]) {
    const t = sg.tensors[i];
    if (!inputDtype(t) && !missing.has(`${t.type} tensors`)) missing.set(`${t.type} tensors`, 1);
  }
  if (sg.tensors.some((t) => t.isVariable)) missing.set('variable tensors (stateful models)', sg.tensors.filter((t) => t.isVariable).length);
  if (sg.tensors.some((t) => t.isSparse)) missing.set('sparse tensors', sg.tensors.filter((t) => t.isSparse).length);
  if (missing.size) {
    const ops = [...missing].map(([k, n]) => `${k} (×${n})`).join(', ');
    raise('model.unsupportedOps', { op, file: m.fb.file, count: missing.size, ops, supported: supportedList() });
  }

  const t = new Translator(m, sg, op);
  // 2. Inputs: quantized ones are given real-valued and quantized on the input's grid.
  const inputs = sg.inputs.map((i, k) => {
    const tt = sg.tensors[i];
    const shape = tt.shape.map((d, j) => (j === 0 && tt.shape.length >= 2 && (d === 1 || tt.shapeSignature[0] === -1) ? -1 : d));
    const q = quantInfo(tt);
    const ref: ValueRef = { kind: 'input', index: k };
    t.values.set(i, q && tt.quantization ? t.fakeQuant(ref, tt.quantization, tt.type, `${tt.name}`) : ref);
    return { name: tt.name, shape, dtype: inputDtype(tt)! };
  });
  // 3. Operators, in the file's (execution) order.
  sg.operators.forEach((o, index) => {
    const code = m.operatorCodes[o.opcodeIndex].builtinCode;
    if (o.outputs.length === 0) t.fail(`operators[${index}].outputs`, 'an operator must have at least one output');
    const c: Ctx = { op: o, index, name: sg.tensors[o.outputs[0]].name || `op${index}`, ins: o.inputs, outs: o.outputs, o: o.options };
    TRANSLATORS[code](t, c);
    for (const out of o.outputs) if (!t.values.has(out)) t.fail(`operators[${index}]`, `${opName(code)} did not produce output tensor ${out}`);
  });
  // 4. Outputs.
  const outputs = sg.outputs.map((i, k) => {
    const r = t.values.get(i) ?? (t.isConst(i) ? t.constRef(i) : t.fail(`outputs[${k}]`, `output tensor ${i} ('${sg.tensors[i].name}') is never computed`));
    return { name: sg.tensors[i].name, ref: r };
  });
  // 5. The weights blob.
  const weights = new Uint8Array(t.blobSize);
  t.constants.forEach((cst, k) => weights.set(t.chunks[k], cst.offset));
  const graph: IrGraph = { format: 'sprout-ir', version: 1, inputs, outputs, constants: t.constants, nodes: t.nodes };
  return { graph, weights, inputs: sg.inputs.map((i) => info(sg.tensors[i])), outputs: sg.outputs.map((i) => info(sg.tensors[i])) };
}
