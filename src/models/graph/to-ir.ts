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
import { CONTROL_FLOW_OPS, checkControlFlow } from '../ir/control-flow.js';
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
  // dynamic shapes, comparisons, selection, detection
  'Unpack', 'FloorDiv', 'FloorMod', 'GatherNd', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'Equal', 'NotEqual',
  'LogicalAnd', 'LogicalOr', 'LogicalNot', 'Select', 'SelectV2', 'Where', 'Size', 'Rank', 'Range', 'Fill',
  'NonMaxSuppressionV3', 'NonMaxSuppressionV4', 'NonMaxSuppressionV5', 'FusedBatchNorm', 'FusedBatchNormV3', 'ZerosLike', 'OnesLike',
  // TF1 control flow, TensorArray and TensorList (run by the dynamic executor)
  ...CONTROL_FLOW_OPS,
];

const UNARY: Record<string, string> = {
  LogicalNot: 'logicalNot',
  Relu: 'relu', Relu6: 'relu6', Elu: 'elu', Selu: 'selu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softplus: 'softplus',
  Exp: 'exp', Log: 'log', Sqrt: 'sqrt', Rsqrt: 'rsqrt', Square: 'square', Abs: 'abs', Neg: 'neg', Floor: 'floor',
  Ceil: 'ceil', Round: 'round', Reciprocal: 'reciprocal', Sin: 'sin', Cos: 'cos',
};
const BINARY: Record<string, string> = {
  BiasAdd: 'add', Add: 'add', AddV2: 'add', Mul: 'mul', Sub: 'sub', RealDiv: 'div', Div: 'div', Maximum: 'maximum',
  Minimum: 'minimum', Pow: 'pow', SquaredDifference: 'squaredDifference', Prelu: 'prelu', FloorDiv: 'floorDiv',
  FloorMod: 'mod', Less: 'less', LessEqual: 'lessEqual', Greater: 'greater', GreaterEqual: 'greaterEqual', Equal: 'equal',
  NotEqual: 'notEqual', LogicalAnd: 'logicalAnd', LogicalOr: 'logicalOr', GatherNd: 'gatherND',
};
/** TF's DataType enum numbers (the converter writes either the name or the number). */
const TF_DTYPE_NUMBERS: Record<number, string> = {
  1: 'DT_FLOAT', 2: 'DT_DOUBLE', 3: 'DT_INT32', 4: 'DT_UINT8', 5: 'DT_INT16', 6: 'DT_INT8', 9: 'DT_INT64', 10: 'DT_BOOL', 17: 'DT_UINT16', 19: 'DT_HALF',
};
const dtypeName = (t: unknown): string | undefined => (typeof t === 'number' ? TF_DTYPE_NUMBERS[t] ?? `enum ${t}` : (t as string | undefined));
const REDUCE: Record<string, string> = { Mean: 'mean', Sum: 'sum', Max: 'max', Min: 'min', Prod: 'prod' };

/** The op names the graph-model loader can translate. */
export function supportedGraphOps(): string[] {
  return SUPPORTED.slice().sort();
}

const FUSED_ACTS: Record<string, string> = { Relu: 'relu', Relu6: 'relu6', Elu: 'elu', Sigmoid: 'sigmoid', Prelu: 'prelu', LeakyRelu: 'leakyrelu' };

export function decodeBase64String(s: string | number[]): string {
  if (Array.isArray(s)) return String.fromCharCode(...s);
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
  const allDeps = defs.map((n) => (n.input ?? []).map((s, k) => (s.startsWith('^')
    ? { node: byName.get(s.slice(1)) ?? bad(`node '${n.name}'.input[${k}]`, `refers to node '${s.slice(1)}', which the graph does not have`), output: -1 }
    : parseIn(s, `node '${n.name}'.input[${k}]`)!)));
  // A loop's back edge (NextIteration → Merge) is not a dependency: the Merge names it instead.
  const isBackEdge = (i: number, d: { node: number }) => defs[i].op === 'Merge' && defs[d.node].op === 'NextIteration';
  const backEdges = allDeps.map((ds, i) => ds.filter((d) => d.output >= 0 && isBackEdge(i, d)).map((d) => d.node));
  const deps = allDeps.map((ds, i) => ds.filter((d) => !isBackEdge(i, d)));
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
    bad('modelTopology.node', `the graph has a cycle that is not a TF1 while loop (NextIteration → Merge); nodes on or after it: ${inCycle.slice(0, 8).join(', ')}${inCycle.length > 8 ? `, … (${inCycle.length} in all)` : ''}`);
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
  const emit = (irOp: string, ins: ValueRef[], attrs: Record<string, IrAttr>, name: string, numOutputs = 1): ValueRef => {
    nodes.push({ op: irOp, inputs: ins, attrs, numOutputs, name });
    return { kind: 'node', node: nodes.length - 1, output: 0 };
  };

  // Translation-time evaluation of constant subgraphs (for attribute-valued inputs).
  const evalCache = new Map<string, Tensor | null>(); // "node:output" → value (null: not constant)
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
    const key = `${r.node}:${r.output}`;
    if (evalCache.has(key)) return evalCache.get(key)!;
    const n = nodes[r.node];
    let result: Tensor | null = null;
    const ins: Tensor[] = [];
    for (const x of n.inputs) {
      const t = IR_OPS[n.op] ? evaluate(x, where) : null;
      if (!t) break;
      ins.push(t);
    }
    if (IR_OPS[n.op] && ins.length === n.inputs.length) {
      // A constant subgraph that cannot be evaluated here stays a run-time computation.
      let out: Tensor | Tensor[] | undefined;
      try { out = tidy(() => IR_OPS[n.op](ins, n.attrs)); } catch { out = undefined; }
      const outs = out === undefined ? [] : Array.isArray(out) ? out : [ins.includes(out) ? ENGINE.makeView(out, out.shape) : out];
      outs.forEach((t, k) => evalCache.set(`${r.node}:${k}`, t));
      result = outs[r.output] ?? null;
    }
    if (!evalCache.has(key)) evalCache.set(key, result);
    return result;
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
      /** Records all outputs of the node just emitted (multi-output ops). */
      const setAll = (r: ValueRef) => {
        const k = (r as { node: number }).node;
        for (let o = 0; o < nodes[k].numOutputs; o++) values.set(`${i}:${o}`, o === 0 ? r : { kind: 'node', node: k, output: o });
      };
      const str = (k: string, d?: string): string => (a[k]?.s !== undefined ? decodeBase64String(a[k].s as string) : d ?? bad(where(`attr.${k}`), 'is missing'));
      const dtypeAttr = (k: string, d: string): DType => {
        const dt = dtypeName(a[k]?.type) ?? d;
        return (Object.hasOwn(TF_DTYPES, dt) ? TF_DTYPES[dt] : undefined) ?? bad(where(`attr.${k}`), `unknown dtype '${dt}'`);
      };
      // Attributes TF passes as tensor inputs: constant ones become plain attributes; the others
      // stay inputs of a 'dynamic' node that reads them at run time.
      const dyn: { name: string; kind: string; ref: ValueRef }[] = [];
      const attrIn = (k: number, name: string, kind: 'list' | 'scalar' | 'pairs', attrs: Record<string, IrAttr>) => {
        const r = inRef(k);
        const t = evaluate(r, where(name));
        if (!t) { dyn.push({ name, kind, ref: r }); return; }
        const v = Array.from(t.dataSync() as ArrayLike<number>, Number);
        if (kind === 'scalar') attrs[name] = v[0];
        else if (kind === 'list') attrs[name] = v;
        else { const p: number[][] = []; for (let q = 0; q + 1 < v.length; q += 2) p.push([v[q], v[q + 1]]); attrs[name] = p; }
      };
      const emitDyn = (irOp: string, tensorIns: ValueRef[], attrs: Record<string, IrAttr>) => {
        if (!dyn.length) return set(emit(irOp, tensorIns, attrs, n.name));
        set(emit('dynamic', [...tensorIns, ...dyn.map((d) => d.ref)], {
          ...attrs, inner: irOp, numTensorInputs: tensorIns.length, dynNames: dyn.map((d) => d.name), dynKinds: dyn.map((d) => d.kind),
        }, n.name));
      };
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
          else if (Object.hasOwn(FUSED_ACTS, o) && activation === 'linear') activation = FUSED_ACTS[o];
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
          if (shape.some((d) => !(Number.isInteger(d) && d >= -1))) bad(where('attr.shape'), `dimensions must be integers (-1 when unknown), got [${shape}]`);
          const dt = dtypeName(a.dtype?.type) ?? sig?.dtype ?? 'DT_FLOAT';
          const dtype = (Object.hasOwn(TF_DTYPES, dt) ? TF_DTYPES[dt] : undefined) ?? bad(where('attr.dtype'), `unknown dtype '${dt}'`);
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
          const at: Record<string, IrAttr> = {};
          attrIn(1, 'clipValueMin', 'scalar', at);
          attrIn(2, 'clipValueMax', 'scalar', at);
          emitDyn('clipByValue', [inRef(0)], at);
          break;
        }
        case 'Reshape': {
          const at: Record<string, IrAttr> = {};
          attrIn(1, 'shape', 'list', at);
          emitDyn('reshape', [inRef(0)], at);
          break;
        }
        case 'Squeeze': {
          const dims = ints('squeeze_dims') ?? ints('axis') ?? [];
          set(emit('squeeze', [inRef(0)], { axis: dims.length ? dims : null }, n.name));
          break;
        }
        case 'ExpandDims': {
          const at: Record<string, IrAttr> = {};
          attrIn(1, 'axis', 'scalar', at);
          emitDyn('expandDims', [inRef(0)], at);
          break;
        }
        case 'AvgPool': case 'MaxPool': {
          nhwc();
          set(emit(n.op === 'AvgPool' ? 'avgPool' : 'maxPool', [inRef(0)], { filterSize: hw('ksize', 1), strides: hw('strides', 1), pad: padding() }, n.name));
          break;
        }
        case 'ArgMax': case 'ArgMin': {
          const at: Record<string, IrAttr> = {};
          attrIn(1, 'axis', 'scalar', at);
          emitDyn(n.op === 'ArgMax' ? 'argMax' : 'argMin', [inRef(0)], at);
          break;
        }
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
          const at: Record<string, IrAttr> = {};
          attrIn(1, 'paddings', 'pairs', at);
          if (n.op === 'MirrorPad') emitDyn('mirrorPad', [inRef(0)], { ...at, mode: str('mode', 'REFLECT').toLowerCase() });
          else emitDyn('pad', [inRef(0)], { ...at, constantValue: n.op === 'PadV2' ? Array.from(constInfo(2, 'constant_values').dataSync() as ArrayLike<number>)[0] : 0 });
          break;
        }
        case 'Transpose': {
          const at: Record<string, IrAttr> = {};
          attrIn(1, 'perm', 'list', at);
          emitDyn('transpose', [inRef(0)], at);
          break;
        }
        case 'Tile': {
          const at: Record<string, IrAttr> = {};
          attrIn(1, 'reps', 'list', at);
          emitDyn('tile', [inRef(0)], at);
          break;
        }
        case 'GatherV2':
          set(emit('gather', [inRef(0), inRef(1)], { axis: constInts(2, 'axis')[0], batchDims: int('batch_dims', 0) }, n.name));
          break;
        case 'StridedSlice': {
          const at: Record<string, IrAttr> = {
            beginMask: int('begin_mask', 0), endMask: int('end_mask', 0), ellipsisMask: int('ellipsis_mask', 0),
            newAxisMask: int('new_axis_mask', 0), shrinkAxisMask: int('shrink_axis_mask', 0),
          };
          attrIn(1, 'begin', 'list', at);
          attrIn(2, 'end', 'list', at);
          attrIn(3, 'strides', 'list', at);
          emitDyn('stridedSlice', [inRef(0)], at);
          break;
        }
        case 'Slice': {
          const at: Record<string, IrAttr> = {};
          attrIn(1, 'begin', 'list', at);
          attrIn(2, 'size', 'list', at);
          emitDyn('slice', [inRef(0)], at);
          break;
        }
        case 'Cast':
          set(emit('cast', [inRef(0)], { dtype: dtypeAttr('DstT', 'DT_FLOAT') }, n.name));
          break;
        case 'Shape': case 'Size': case 'Rank': {
          const r = inRef(0);
          let shape: number[] | undefined;
          if (r.kind === 'input') shape = inputs[r.index].shape;
          else {
            const t = evaluate(r, where('input'));
            if (t) shape = t.shape;
          }
          if (shape && (n.op === 'Rank' || shape.every((d) => d >= 0))) {
            const v = Int32Array.from(n.op === 'Shape' ? shape : [n.op === 'Size' ? shape.reduce((x, y) => x * y, 1) : shape.length]);
            set(addConst(n.name, { dtype: 'int32', shape: n.op === 'Shape' ? [v.length] : [], bytes: new Uint8Array(v.buffer) }));
          } else {
            set(emit(n.op.toLowerCase(), [r], {}, n.name));
          }
          break;
        }
        case 'ResizeBilinear': case 'ResizeNearestNeighbor': {
          const at: Record<string, IrAttr> = { alignCorners: bool('align_corners', false), halfPixelCenters: bool('half_pixel_centers', false) };
          attrIn(1, 'size', 'list', at);
          emitDyn(n.op === 'ResizeBilinear' ? 'image.resizeBilinear' : 'image.resizeNearestNeighbor', [inRef(0)], at);
          break;
        }
        case 'Unpack': {
          const num = int('num', 0);
          setAll(emit('unstack', [inRef(0)], { axis: int('axis', 0) }, n.name, num));
          break;
        }
        case 'Select': case 'SelectV2':
          set(emit('where', [inRef(0), inRef(1), inRef(2)], {}, n.name));
          break;
        case 'Where':
          set(emit('whereIndices', [inRef(0)], {}, n.name));
          break;
        case 'Range':
          set(emit('range', [inRef(0), inRef(1), inRef(2)], { dtype: dtypeAttr('Tidx', 'DT_INT32') }, n.name));
          break;
        case 'Fill':
          set(emit('fill', [inRef(0), inRef(1)], { dtype: dtypeAttr('T', 'DT_FLOAT') }, n.name));
          break;
        case 'ZerosLike': case 'OnesLike': {
          const x = inRef(0);
          const shp = emit('shape', [x], {}, `${n.name}/shape`);
          const v = new Float32Array([n.op === 'OnesLike' ? 1 : 0]);
          const c = addConst(`${n.name}/value`, { dtype: 'float32', shape: [], bytes: new Uint8Array(v.buffer) });
          set(emit('fill', [shp, c], { dtype: dtypeAttr('T', 'DT_FLOAT') }, n.name));
          break;
        }
        case 'NonMaxSuppressionV3': case 'NonMaxSuppressionV4': case 'NonMaxSuppressionV5': {
          const version = Number(n.op.slice(-1));
          const count = version === 5 ? 6 : 5;
          const refs: ValueRef[] = [];
          for (let k = 0; k < count; k++) refs.push(inRef(k));
          const outs = version === 3 ? 1 : version === 4 ? 2 : 3;
          setAll(emit('image.nonMaxSuppression', refs, { version, padToMaxOutputSize: bool('pad_to_max_output_size', false) }, n.name, outs));
          break;
        }
        case 'FusedBatchNorm': case 'FusedBatchNormV3': {
          // Inference form y = x·s + (offset − mean·s) with s = scale / √(variance + ε): a mul and
          // an add of constants, which the compiler then folds into the preceding convolution.
          const [scale, offset, mean, variance] = [1, 2, 3, 4].map((k) => Array.from(constInfo(k, 'batch-norm parameters').dataSync() as ArrayLike<number>, Number));
          const eps = flt('epsilon', 0.001);
          const sc = Float32Array.from(scale, (g, k) => g / Math.sqrt(variance[k] + eps));
          const sh = Float32Array.from(offset, (b, k) => b - mean[k] * sc[k]);
          const cs = addConst(`${n.name}/scale`, { dtype: 'float32', shape: [sc.length], bytes: new Uint8Array(sc.buffer) });
          const cb = addConst(`${n.name}/shift`, { dtype: 'float32', shape: [sh.length], bytes: new Uint8Array(sh.buffer) });
          set(emit('add', [emit('mul', [inRef(0), cs], {}, `${n.name}/mul`), cb], {}, n.name));
          break;
        }
        // ---- TF1 control flow ----
        case 'Enter':
          // A loop invariant needs no node: the loop body reads the outer value directly.
          if (bool('is_constant', false)) set(inRef(0));
          else set(emit('cf.enter', [inRef(0)], { frame: str('frame_name', '') }, n.name));
          break;
        case 'Exit': case 'NextIteration': case 'LoopCond':
          set(emit(`cf.${n.op[0].toLowerCase()}${n.op.slice(1)}`, [inRef(0)], {}, n.name));
          break;
        case 'Switch':
          setAll(emit('cf.switch', [inRef(0), inRef(1)], {}, n.name, 2));
          break;
        case 'Merge': {
          const refs: ValueRef[] = [];
          for (let k = 0; k < ins.length; k++) refs.push(inRef(k));
          const back = backEdges[i];
          if (back.length > 1) bad(where('input'), 'a Merge may have only one NextIteration input');
          setAll(emit('cf.merge', refs, back.length ? { backEdge: defs[back[0]].name } : {}, n.name, 2));
          break;
        }
        // ---- TensorArray (TF1) ----
        case 'TensorArrayV3':
          setAll(emit('ta.create', [inRef(0)], {
            dtype: dtypeAttr('dtype', 'DT_FLOAT'), dynamicSize: bool('dynamic_size', false), clearAfterRead: bool('clear_after_read', true),
          }, n.name, 2));
          break;
        case 'TensorArrayScatterV3': case 'TensorArrayWriteV3': case 'TensorArrayReadV3': case 'TensorArraySizeV3':
        case 'TensorArrayGatherV3': case 'TensorArrayConcatV3': case 'TensorArraySplitV3': case 'TensorArrayCloseV3': {
          const refs: ValueRef[] = [];
          for (let k = 0; k < ins.length; k++) refs.push(inRef(k));
          const irOp = `ta.${n.op.slice('TensorArray'.length, -2).toLowerCase()}`;
          const dims = a.element_shape?.shape?.unknownRank ? undefined : a.element_shape?.shape?.dim?.map((d) => Number(d.size ?? -1));
          setAll(emit(irOp, refs, {
            dtype: a.dtype ? dtypeAttr('dtype', 'DT_FLOAT') : null, elementShape: dims && dims.every((d) => d >= 0) ? dims : null,
          }, n.name, n.op === 'TensorArrayConcatV3' ? 2 : 1));
          break;
        }
        // ---- TensorList (TF2) ----
        case 'TensorListReserve': case 'EmptyTensorList': case 'TensorListFromTensor': case 'TensorListSetItem':
        case 'TensorListGetItem': case 'TensorListStack': case 'TensorListLength': case 'TensorListPushBack':
        case 'TensorListPopBack': case 'TensorListGather': case 'TensorListScatterV2': case 'TensorListScatterIntoExistingList':
        case 'TensorListConcatV2': case 'TensorListSplit': case 'TensorListElementShape': case 'TensorListResize': {
          const refs: ValueRef[] = [];
          for (let k = 0; k < ins.length; k++) refs.push(inRef(k));
          const irOp = `tl.${n.op === 'EmptyTensorList' ? 'reserve' : n.op.slice('TensorList'.length).replace(/V2$/, '').replace(/^./, (c) => c.toLowerCase())}`;
          const el = a.element_dtype?.type ?? a.dtype?.type;
          const outs = n.op === 'TensorListPopBack' || n.op === 'TensorListConcatV2' ? 2 : 1;
          setAll(emit(irOp, refs, { dtype: el !== undefined ? (TF_DTYPES[dtypeName(el)!] ?? 'float32') : null, numElements: int('num_elements', -1), empty: n.op === 'EmptyTensorList' }, n.name, outs));
          break;
        }
        case 'DepthToSpace': case 'SpaceToDepth':
          nhwc();
          set(emit(n.op === 'DepthToSpace' ? 'depthToSpace' : 'spaceToDepth', [inRef(0)], { blockSize: int('block_size', 2) }, n.name));
          break;
        default:
          if (UNARY[n.op]) set(emit(UNARY[n.op], [inRef(0)], {}, n.name));
          else if (BINARY[n.op]) set(emit(BINARY[n.op], [inRef(0), inRef(1)], {}, n.name));
          else if (REDUCE[n.op]) {
            const at: Record<string, IrAttr> = { keepDims: bool('keep_dims', false) };
            attrIn(1, 'axis', 'list', at);
            emitDyn(REDUCE[n.op], [inRef(0)], at);
          }
          else bad(where('op'), 'is not supported');
      }
    }
  } finally {
    for (const t of evalCache.values()) if (t && !t.isDisposed) t.dispose();
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
    for (let i = 0; i < defs.length; i++) {
      const n = defs[i];
      if (consumed.has(i) || users[i].length || ['Const', 'Placeholder', 'PlaceholderWithDefault', 'NoOp', 'NextIteration'].includes(n.op)) continue;
      const r = values.get(`${i}:0`);
      if (r) outputs.push({ name: n.name, ref: r });
    }
  }
  if (!outputs.length) bad('modelTopology.node', 'the graph has no outputs');
  if (!inputs.length) bad('modelTopology.node', 'the graph has no Placeholder inputs');

  checkControlFlow(nodes, file, op);
  const weightsBlob = new Uint8Array(blobSize);
  constants.forEach((c, k) => weightsBlob.set(chunks[k], c.offset));
  return { graph: { format: 'sprout-ir', version: 1, inputs, outputs, constants, nodes }, weights: weightsBlob };
}
