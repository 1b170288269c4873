/**
 * TF.js graph model (GraphDef JSON + weights) → Sprout IR.
 *
 * Every node of the GraphDef becomes zero or more IR nodes with TF.js op/attribute names.
 * Tensor-valued arguments that TF passes as inputs but TF.js ops take as attributes (Reshape's
 * shape, Mean's axis, Pad's paddings, …) are evaluated at translation time; they must be
 * constants or computed from constants only. The graph is sorted topologically (a cycle is an
 * error) and every unsupported op of the model is reported at once.
 */
import type { DType } from '../../core/dtype.js';
import { raise } from '../../errors/index.js';
import { ENGINE, tidy, type Tensor } from '../../tensor/index.js';
import { IR_OPS } from '../ir/execute.js';
import type { IrAttr, IrConstant, IrGraph, IrNode, ValueRef } from '../ir/graph.js';

/** A GraphDef node as the TF.js converter writes it. */
export interface GraphNodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttrValue>;
  device?: string;
}

/** TF's AttrValue in its JSON encoding. */
export interface TfAttrValue {
  i?: string | number;
  f?: number;
  b?: boolean;
  s?: string;
  type?: string;
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
  tensor?: unknown;
  list?: { i?: (string | number)[]; f?: number[]; s?: string[]; b?: boolean[]; type?: string[]; shape?: unknown[] };
  func?: unknown;
}

/** A decoded weight: its dtype, shape and bytes (float32/int32 little-endian, or 0/1 bytes for bool). */
export interface DecodedWeight {
  dtype: DType;
  shape: number[];
  bytes: Uint8Array;
}

/** Signature entry: `{ name: 'images:0', dtype: 'DT_FLOAT', tensorShape: {...} }`. */
interface SigEntry { name?: string; dtype?: string; tensorShape?: TfAttrValue['shape'] }

export interface GraphToIrResult {
  graph: IrGraph;
  weights: Uint8Array;
}

const TF_DTYPES: Record<string, DType> = {
  DT_FLOAT: 'float32', DT_HALF: 'float32', DT_DOUBLE: 'float32', DT_INT32: 'int32', DT_INT64: 'int32', DT_INT16: 'int32',
  DT_INT8: 'int32', DT_UINT8: 'int32', DT_UINT16: 'int32', DT_BOOL: 'bool',
};

/** Ops that TF.js graph models use and this translator handles. */
const SUPPORTED = [
  'Placeholder', 'PlaceholderWithDefault', 'Const', 'Identity', 'IdentityN', 'StopGradient', 'Snapshot', 'NoOp',
  'Conv2D', 'DepthwiseConv2dNative', 'DepthwiseConv2d', '_FusedConv2D', 'FusedDepthwiseConv2dNative', '_FusedMatMul',
  'MatMul', 'BatchMatMul', 'BatchMatMulV2', 'BiasAdd', 'Add', 'AddV2', 'Mul', 'Sub', 'RealDiv', 'Div', 'Maximum',
  'Minimum', 'Pow', 'SquaredDifference', 'Relu', 'Relu6', 'Elu', 'Selu', 'LeakyRelu', 'Prelu', 'Sigmoid', 'Tanh',
  'Softmax', 'LogSoftmax', 'Softplus', 'Exp', 'Log', 'Sqrt', 'Rsqrt', 'Square', 'Abs', 'Neg', 'Floor', 'Ceil',
  'Round', 'Reciprocal', 'Sin', 'Cos', 'Reshape', 'Squeeze', 'ExpandDims', 'AvgPool', 'MaxPool', 'Mean', 'Sum',
  'Max', 'Min', 'Prod', 'ArgMax', 'ArgMin', 'ConcatV2', 'Concat', 'Pack', 'Pad', 'PadV2', 'MirrorPad', 'Transpose',
  'StridedSlice', 'Slice', 'Cast', 'Shape', 'Tile', 'GatherV2', 'ResizeBilinear', 'ResizeNearestNeighbor',
  'ClipByValue', 'DepthToSpace', 'SpaceToDepth', 'AddN',
];

const UNARY: Record<string, string> = {
  Relu: 'relu', Relu6: 'relu6', Elu: 'elu', Selu: 'selu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softplus: 'softplus',
  Exp: 'exp', Log: 'log', Sqrt: 'sqrt', Rsqrt: 'rsqrt', Square: 'square', Abs: 'abs', Neg: 'neg', Floor: 'floor',
  Ceil: 'ceil', Round: 'round', Reciprocal: 'reciprocal', Sin: 'sin', Cos: 'cos',
};
const BINARY: Record<string, string> = {
  BiasAdd: 'add', Add: 'add', AddV2: 'add', Mul: 'mul', Sub: 'sub', RealDiv: 'div', Div: 'div', Maximum: 'maximum',
  Minimum: 'minimum', Pow: 'pow', SquaredDifference: 'squaredDifference', Prelu: 'prelu',
};
const REDUCE: Record<string, string> = { Mean: 'mean', Sum: 'sum', Max: 'max', Min: 'min', Prod: 'prod' };

/** The op names the graph-model loader can translate. */
export function supportedGraphOps(): string[] {
  return SUPPORTED.slice().sort();
}

const FUSED_ACTS: Record<string, string> = { Relu: 'relu', Relu6: 'relu6', Elu: 'elu', Sigmoid: 'sigmoid', Prelu: 'prelu', LeakyRelu: 'leakyrelu' };

export function decodeBase64String(s: string): string {
  const g = globalThis as { atob?: (s: string) => string; Buffer?: { from(s: string, e: string): { toString(e: string): string } } };
  try {
    if (g.atob) return g.atob(s);
    if (g.Buffer) return g.Buffer.from(s, 'base64').toString('latin1');
  } catch {
    /* not base64: use as is */
  }
  return s;
}

/** Translates a parsed graph model. `weights` maps weight names to decoded values. */
export function graphToIr(
  nodesIn: unknown,
  weights: Map<string, DecodedWeight>,
  signature: { inputs?: Record<string, SigEntry>; outputs?: Record<string, SigEntry> } | undefined,
  file: string,
  op: string,
): GraphToIrResult {
  const bad = (field: string, detail: string): never => raise('model.badFile', { file, format: 'TF.js graph', field, detail });
  if (!Array.isArray(nodesIn)) bad('modelTopology.node', 'must be a list of nodes');
  const defs = nodesIn as GraphNodeDef[];
  const byName = new Map<string, number>();
  defs.forEach((n, i) => {
    if (!n || typeof n !== 'object' || typeof n.name !== 'string' || typeof n.op !== 'string') bad(`modelTopology.node[${i}]`, 'each node needs a string name and op');
    if (n.input !== undefined && !(Array.isArray(n.input) && n.input.every((s) => typeof s === 'string'))) bad(`modelTopology.node[${i}].input`, 'must be a list of strings');
    if (byName.has(n.name)) bad(`modelTopology.node[${i}].name`, `duplicate node name '${n.name}'`);
    byName.set(n.name, i);
  });

  // 1. Every unsupported op at once.
  const unsupported = [...new Set(defs.map((n) => n.op).filter((o) => !SUPPORTED.includes(o)))];
  if (unsupported.length) {
    raise('model.unsupportedOps', { op, file, count: unsupported.length, ops: unsupported.join(', '), supported: supportedGraphOps().join(', ') });
  }

  // 2. Parse inputs ("name", "name:1", "^control") and sort topologically (Kahn).
  const parseIn = (s: string, where: string): { node: number; output: number } | null => {
    if (s.startsWith('^')) return null;
    const m = /^(.*?)(?::(\d+))?$/.exec(s)!;
    const k = byName.get(m[1]);
    if (k === undefined) return bad(where, `refers to node '${m[1]}', which the graph does not have`);
    return { node: k, output: m[2] ? Number(m[2]) : 0 };
  };
  // Control inputs ('^name') order nodes but carry no value (output -1).
  const deps = defs.map((n) => (n.input ?? []).map((s, k) => (s.startsWith('^')
    ? { node: byName.get(s.slice(1)) ?? bad(`node '${n.name}'.input[${k}]`, `refers to node '${s.slice(1)}', which the graph does not have`), output: -1 }
    : parseIn(s, `node '${n.name}'.input[${k}]`)!)));
  const indeg = new Int32Array(defs.length);
  const users: number[][] = defs.map(() => []);
  deps.forEach((ds, i) => ds.forEach((d) => { indeg[i]++; users[d.node].push(i); }));
  const order: number[] = [];
  const queue: number[] = [];
  indeg.forEach((d, i) => { if (d === 0) queue.push(i); });
  while (queue.length) {
    const i = queue.shift()!;
    order.push(i);
    for (const u of users[i]) if (--indeg[u] === 0) queue.push(u);
  }
  if (order.length !== defs.length) {
    const inCycle = defs.filter((_, i) => indeg[i] > 0).map((n) => `'${n.name}'`);
    bad('modelTopology.node', `the graph has a cycle (control flow is not supported); nodes on or after it: ${inCycle.slice(0, 8).join(', ')}${inCycle.length > 8 ? `, … (${inCycle.length} in all)` : ''}`);
  }

  // 3. Translate.
  const constants: IrConstant[] = [];
  const chunks: Uint8Array[] = [];
  let blobSize = 0;
  const constValues: Tensor[] = []; // lazily made tensors for translation-time evaluation
  const nodes: IrNode[] = [];
  const inputs: IrGraph['inputs'] = [];
  const values = new Map<string, ValueRef>(); // "node:output" → ref
  const consumed = new Set<number>();

  const addConst = (name: string, w: DecodedWeight): ValueRef => {
    const offset = (blobSize + 15) & ~15;
    constants.push({ name, shape: w.shape.slice(), dtype: w.dtype, offset, byteLength: w.bytes.byteLength });
    chunks.push(w.bytes);
    blobSize = offset + w.bytes.byteLength;
    return { kind: 'const', index: constants.length - 1 };
  };
  const emit = (irOp: string, ins: ValueRef[], attrs: Record<string, IrAttr>, name: string): ValueRef => {
    nodes.push({ op: irOp, inputs: ins, attrs, numOutputs: 1, name });
    return { kind: 'node', node: nodes.length - 1, output: 0 };
  };

  // Translation-time evaluation of constant subgraphs (for attribute-valued inputs).
  const evalCache = new Map<ValueRef, Tensor>();
  const tensorOfConst = (k: number): Tensor => {
    if (!constValues[k]) {
      const c = constants[k];
      const b = chunks[k].slice();
      const v = c.dtype === 'float32' ? new Float32Array(b.buffer) : c.dtype === 'int32' ? new Int32Array(b.buffer) : b;
      constValues[k] = ENGINE.makeTensor(v, c.shape, c.dtype);
    }
    return constValues[k];
  };
  const evaluate = (r: ValueRef, where: string): Tensor | null => {
    if (r.kind === 'const') return tensorOfConst(r.index);
    if (r.kind === 'input') return null;
    const hit = evalCache.get(r);
    if (hit) return hit;
    const n = nodes[r.node];
    const ins: Tensor[] = [];
    for (const x of n.inputs) {
      const t = evaluate(x, where);
      if (!t) return null;
      ins.push(t);
    }
    const out = tidy(() => IR_OPS[n.op](ins, n.attrs));
    const t = Array.isArray(out) ? out[r.output] : ins.includes(out) ? ENGINE.makeView(out, out.shape) : out;
    evalCache.set(r, t);
    return t;
  };

  try {
    for (const i of order) {
      const n = defs[i];
      const a = n.attr ?? {};
      const where = (f: string) => `node '${n.name}' (${n.op}).${f}`;
      const ins = deps[i].filter((d) => d.output >= 0);
      const inRef = (k: number): ValueRef => {
        const d = ins[k];
        if (!d) return bad(where('input'), `needs at least ${k + 1} input(s), has ${ins.length}`);
        consumed.add(d.node);
        const r = values.get(`${d.node}:${d.output}`);
        if (!r) return bad(where(`input[${k}]`), `output ${d.output} of '${defs[d.node].name}' does not exist`);
        return r;
      };
      const set = (r: ValueRef) => values.set(`${i}:0`, r);
      const str = (k: string, d?: string): string => (a[k]?.s !== undefined ? decodeBase64String(a[k].s!) : d ?? bad(where(`attr.${k}`), 'is missing'));
      const int = (k: string, d: number): number => (a[k]?.i !== undefined ? Number(a[k].i) : d);
      const flt = (k: string, d: number): number => (a[k]?.f !== undefined ? Number(a[k].f) : d);
      const bool = (k: string, d: boolean): boolean => (a[k]?.b !== undefined ? !!a[k].b : d);
      const ints = (k: string): number[] | undefined => a[k]?.list?.i?.map(Number);
      const constInts = (k: number, what: string): number[] => {
        const t = evaluate(inRef(k), where(what));
        if (!t) return bad(where(`input[${k}]`), `${what} must be a constant (or computed from constants only)`);
        return Array.from(t.dataSync() as ArrayLike<number>, Number);
      };
      const constInfo = (k: number, what: string): Tensor => {
        const t = evaluate(inRef(k), where(what));
        if (!t) return bad(where(`input[${k}]`), `${what} must be a constant (or computed from constants only)`);
        return t;
      };
      const nhwc = () => {
        const f = a.data_format?.s !== undefined ? str('data_format') : 'NHWC';
        if (f !== 'NHWC') bad(where('attr.data_format'), `'${f}' is not supported (only NHWC)`);
      };
      const hw = (k: string, d: number): [number, number] => {
        const v = ints(k);
        if (!v) return [d, d];
        if (v.length !== 4) return bad(where(`attr.${k}`), `must have 4 entries, has ${v.length}`);
        return [v[1], v[2]];
      };
      const padding = (): IrAttr => {
        const p = str('padding', 'VALID');
        if (p === 'SAME') return 'same';
        if (p === 'VALID') return 'valid';
        if (p === 'EXPLICIT') {
          const e = ints('explicit_paddings') ?? [];
          if (e.length !== 8) return bad(where('attr.explicit_paddings'), `must have 8 entries, has ${e.length}`);
          return [[e[0], e[1]], [e[2], e[3]], [e[4], e[5]], [e[6], e[7]]];
        }
        return bad(where('attr.padding'), `unknown padding '${p}'`);
      };
      const convAttrs = (): Record<string, IrAttr> => {
        nhwc();
        return { strides: hw('strides', 1), pad: padding(), dilations: hw('dilations', 1) };
      };
      const fusedTail = (irOp: string, base: Record<string, IrAttr>, extraStart: number) => {
        const ops = (a.fused_ops?.list?.s ?? []).map(decodeBase64String);
        const numArgs = int('num_args', ops.length ? ins.length - extraStart : 0);
        let activation = 'linear';
        let hasBias = false;
        for (const o of ops) {
          if (o === 'BiasAdd') hasBias = true;
          else if (FUSED_ACTS[o] && activation === 'linear') activation = FUSED_ACTS[o];
          else bad(where('attr.fused_ops'), `the fused op '${o}' is not supported (fused_ops: ${ops.join(', ')})`);
        }
        const extras: ValueRef[] = [];
        for (let k = 0; k < numArgs; k++) extras.push(inRef(extraStart + k));
        const need = (hasBias ? 1 : 0) + (activation === 'prelu' ? 1 : 0);
        if (extras.length < need) bad(where('input'), `fused_ops ${ops.join(', ')} need ${need} extra input(s), the node has ${extras.length}`);
        const attrs: Record<string, IrAttr> = { ...base, activation, hasBias };
        if (activation === 'leakyrelu') attrs.leakyreluAlpha = flt('leakyrelu_alpha', 0.2);
        set(emit(irOp, [inRef(0), inRef(1), ...extras.slice(0, need)], attrs, n.name));
      };

      switch (n.op) {
        case 'Placeholder': case 'PlaceholderWithDefault': {
          const dims = a.shape?.shape?.dim;
          const sig = signature?.inputs && Object.values(signature.inputs).find((s) => s?.name?.replace(/:0$/, '') === n.name);
          const shapeSrc = dims ?? sig?.tensorShape?.dim;
          if (!shapeSrc) bad(where('attr.shape'), 'the input needs a known rank');
          const shape = shapeSrc!.map((d) => Number(d.size ?? -1));
          if (shape.some((d, k) => !(Number.isInteger(d) && (d >= 0 || (d === -1 && k === 0))))) bad(where('attr.shape'), `only the batch dimension may be unknown, got [${shape}]`);
          const dt = a.dtype?.type ?? sig?.dtype ?? 'DT_FLOAT';
          const dtype = TF_DTYPES[dt] ?? bad(where('attr.dtype'), `unknown dtype '${dt}'`);
          inputs.push({ name: n.name, shape, dtype });
          set({ kind: 'input', index: inputs.length - 1 });
          break;
        }
        case 'Const': {
          const w = weights.get(n.name);
          if (!w) bad(where('value'), `no weight named '${n.name}' in the weights manifest`);
          set(addConst(n.name, w!));
          break;
        }
        case 'Identity': case 'IdentityN': case 'StopGradient': case 'Snapshot':
          set(inRef(0));
          break;
        case 'NoOp':
          break;
        case 'Conv2D':
          set(emit('conv2d', [inRef(0), inRef(1)], convAttrs(), n.name));
          break;
        case 'DepthwiseConv2dNative': case 'DepthwiseConv2d':
          set(emit('depthwiseConv2d', [inRef(0), inRef(1)], convAttrs(), n.name));
          break;
        case '_FusedConv2D':
          fusedTail('fused.conv2d', convAttrs(), 2);
          break;
        case 'FusedDepthwiseConv2dNative':
          fusedTail('fused.depthwiseConv2d', convAttrs(), 2);
          break;
        case '_FusedMatMul':
          fusedTail('fused.matMul', { transposeA: bool('transpose_a', false), transposeB: bool('transpose_b', false) }, 2);
          break;
        case 'MatMul':
          set(emit('matMul', [inRef(0), inRef(1)], { transposeA: bool('transpose_a', false), transposeB: bool('transpose_b', false) }, n.name));
          break;
        case 'BatchMatMul': case 'BatchMatMulV2':
          set(emit('matMul', [inRef(0), inRef(1)], { transposeA: bool('adj_x', false), transposeB: bool('adj_y', false) }, n.name));
          break;
        case 'AddN': {
          let r = inRef(0);
          for (let k = 1; k < ins.length; k++) r = emit('add', [r, inRef(k)], {}, k === ins.length - 1 ? n.name : `${n.name}/${k}`);
          set(r);
          break;
        }
        case 'LeakyRelu':
          set(emit('leakyRelu', [inRef(0)], { alpha: flt('alpha', 0.2) }, n.name));
          break;
        case 'Softmax':
          set(emit('softmax', [inRef(0)], { dim: -1 }, n.name));
          break;
        case 'LogSoftmax':
          set(emit('logSoftmax', [inRef(0)], { axis: -1 }, n.name));
          break;
        case 'ClipByValue': {
          const lo = constInts(1, 'clip_value_min')[0];
          const hi = constInts(2, 'clip_value_max')[0];
          set(emit('clipByValue', [inRef(0)], { clipValueMin: lo, clipValueMax: hi }, n.name));
          break;
        }
        case 'Reshape':
          set(emit('reshape', [inRef(0)], { shape: constInts(1, 'shape') }, n.name));
          break;
        case 'Squeeze': {
          const dims = ints('squeeze_dims') ?? ints('axis') ?? [];
          set(emit('squeeze', [inRef(0)], { axis: dims.length ? dims : null }, n.name));
          break;
        }
        case 'ExpandDims':
          set(emit('expandDims', [inRef(0)], { axis: constInts(1, 'axis')[0] }, n.name));
          break;
        case 'AvgPool': case 'MaxPool': {
          nhwc();
          set(emit(n.op === 'AvgPool' ? 'avgPool' : 'maxPool', [inRef(0)], { filterSize: hw('ksize', 1), strides: hw('strides', 1), pad: padding() }, n.name));
          break;
        }
        case 'ArgMax': case 'ArgMin':
          set(emit(n.op === 'ArgMax' ? 'argMax' : 'argMin', [inRef(0)], { axis: constInts(1, 'dimension')[0] }, n.name));
          break;
        case 'ConcatV2': case 'Concat': {
          const axisFirst = n.op === 'Concat';
          const count = ins.length - 1;
          const axis = constInts(axisFirst ? 0 : count, 'axis')[0];
          const parts: ValueRef[] = [];
          for (let k = 0; k < count; k++) parts.push(inRef(axisFirst ? k + 1 : k));
          set(emit('concat', parts, { axis }, n.name));
          break;
        }
        case 'Pack': {
          const parts: ValueRef[] = [];
          for (let k = 0; k < ins.length; k++) parts.push(inRef(k));
          set(emit('stack', parts, { axis: int('axis', 0) }, n.name));
          break;
        }
        case 'Pad': case 'PadV2': case 'MirrorPad': {
          const p = constInts(1, 'paddings');
          const pairs: number[][] = [];
          for (let k = 0; k < p.length; k += 2) pairs.push([p[k], p[k + 1]]);
          if (n.op === 'MirrorPad') set(emit('mirrorPad', [inRef(0)], { paddings: pairs, mode: str('mode', 'REFLECT').toLowerCase() }, n.name));
          else set(emit('pad', [inRef(0)], { paddings: pairs, constantValue: n.op === 'PadV2' ? Array.from(constInfo(2, 'constant_values').dataSync() as ArrayLike<number>)[0] : 0 }, n.name));
          break;
        }
        case 'Transpose':
          set(emit('transpose', [inRef(0)], { perm: constInts(1, 'perm') }, n.name));
          break;
        case 'Tile':
          set(emit('tile', [inRef(0)], { reps: constInts(1, 'multiples') }, n.name));
          break;
        case 'GatherV2':
          set(emit('gather', [inRef(0), inRef(1)], { axis: constInts(2, 'axis')[0], batchDims: int('batch_dims', 0) }, n.name));
          break;
        case 'StridedSlice':
          set(emit('stridedSlice', [inRef(0)], {
            begin: constInts(1, 'begin'), end: constInts(2, 'end'), strides: constInts(3, 'strides'),
            beginMask: int('begin_mask', 0), endMask: int('end_mask', 0), ellipsisMask: int('ellipsis_mask', 0),
            newAxisMask: int('new_axis_mask', 0), shrinkAxisMask: int('shrink_axis_mask', 0),
          }, n.name));
          break;
        case 'Slice':
          set(emit('slice', [inRef(0)], { begin: constInts(1, 'begin'), size: constInts(2, 'size') }, n.name));
          break;
        case 'Cast': {
          const dt = a.DstT?.type ?? 'DT_FLOAT';
          set(emit('cast', [inRef(0)], { dtype: TF_DTYPES[dt] ?? bad(where('attr.DstT'), `unknown dtype '${dt}'`) }, n.name));
          break;
        }
        case 'Shape': {
          const r = inRef(0);
          let shape: number[] | undefined;
          if (r.kind === 'input') shape = inputs[r.index].shape;
          else {
            const t = evaluate(r, where('input'));
            if (t) shape = t.shape;
          }
          if (!shape || shape.some((d) => d < 0)) bad(where('input[0]'), 'Shape is only supported on values of a fully known static shape');
          const v = Int32Array.from(shape!);
          set(addConst(n.name, { dtype: 'int32', shape: [v.length], bytes: new Uint8Array(v.buffer) }));
          break;
        }
        case 'ResizeBilinear': case 'ResizeNearestNeighbor':
          set(emit(n.op === 'ResizeBilinear' ? 'image.resizeBilinear' : 'image.resizeNearestNeighbor', [inRef(0)], {
            size: constInts(1, 'size'), alignCorners: bool('align_corners', false), halfPixelCenters: bool('half_pixel_centers', false),
          }, n.name));
          break;
        case 'DepthToSpace': case 'SpaceToDepth':
          nhwc();
          set(emit(n.op === 'DepthToSpace' ? 'depthToSpace' : 'spaceToDepth', [inRef(0)], { blockSize: int('block_size', 2) }, n.name));
          break;
        default:
          if (UNARY[n.op]) set(emit(UNARY[n.op], [inRef(0)], {}, n.name));
          else if (BINARY[n.op]) set(emit(BINARY[n.op], [inRef(0), inRef(1)], {}, n.name));
          else if (REDUCE[n.op]) set(emit(REDUCE[n.op], [inRef(0)], { axis: constInts(1, 'axis'), keepDims: bool('keep_dims', false) }, n.name));
          else bad(where('op'), 'is not supported');
      }
    }
  } finally {
    for (const t of evalCache.values()) if (!t.isDisposed) t.dispose();
    for (const t of constValues) if (t && !t.isDisposed) t.dispose();
  }

  // 4. Outputs: the signature's, or every non-constant node no other node reads.
  const outputs: IrGraph['outputs'] = [];
  const refFor = (name: string, field: string): ValueRef => {
    const m = /^(.*?)(?::(\d+))?$/.exec(name)!;
    const k = byName.get(m[1]);
    const r = k === undefined ? undefined : values.get(`${k}:${m[2] ? Number(m[2]) : 0}`);
    return r ?? bad(field, `output '${name}' is not a node of the graph`);
  };
  if (signature?.outputs && Object.keys(signature.outputs).length) {
    for (const [key, s] of Object.entries(signature.outputs)) {
      const nm = (s?.name ?? key).replace(/:0$/, '');
      outputs.push({ name: nm, ref: refFor(s?.name ?? key, `signature.outputs.${key}`) });
    }
  } else {
    for (const i of order) {
      const n = defs[i];
      if (consumed.has(i) || users[i].length || ['Const', 'Placeholder', 'PlaceholderWithDefault', 'NoOp'].includes(n.op)) continue;
      const r = values.get(`${i}:0`);
      if (r) outputs.push({ name: n.name, ref: r });
    }
  }
  if (!outputs.length) bad('modelTopology.node', 'the graph has no outputs');
  if (!inputs.length) bad('modelTopology.node', 'the graph has no Placeholder inputs');

  const weightsBlob = new Uint8Array(blobSize);
  constants.forEach((c, k) => weightsBlob.set(chunks[k], c.offset));
  return { graph: { format: 'sprout-ir', version: 1, inputs, outputs, constants, nodes }, weights: weightsBlob };
}
