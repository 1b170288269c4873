/**
 * Runs an `IrGraph` on Sprout's engine.
 *
 * Planning happens once: every ValueRef is resolved to a slot index (inputs, then constants, then
 * node outputs), each node's function is looked up in the dispatch table, and each slot's last
 * use is computed so that every intermediate is freed right after the last node that reads it.
 * Running a plan is then a loop over precomputed steps: no name lookups, no graph walking.
 *
 * The executor knows nothing about compiler passes (constant folding, fusion): it runs whatever
 * graph it is given, and a pass-transformed graph runs the same way.
 */
import type { DType } from '../../core/dtype.js';
import { describeValue, raise, SproutError } from '../../errors/index.js';
import {
  abs, add, argMax, argMin, avgPool, cast, ceil, clipByValue, concat, conv2d, conv2dTranspose, cos, depthToSpace,
  depthwiseConv2d, div, elu, exp, expandDims, floor, fusedConv2d, fusedDepthwiseConv2d, fusedMatMul, gather,
  keep, leakyRelu, log, logSoftmax, matMul, max, maximum, maxPool, mean, min, minimum, mirrorPad, mul, neg, pad,
  pow, prelu, prod, reciprocal, relu, relu6, reshape, resizeBilinear, resizeNearestNeighbor, round, rsqrt,
  selu, sigmoid, sin, slice, softmax, softplus, spaceToDepth, split, sqrt, square, squaredDifference, squeeze,
  stack, stridedSlice, sub, sum, tanh, tile, transpose, unstack, ENGINE, Tensor,
} from '../../tensor/index.js';
import type { Activation } from '../../core/kernels.js';
import type { PaddingSpec } from '../../core/conv-util.js';
import type { IrAttr, IrGraph, ValueRef } from './graph.js';
import { DYNAMIC_OPS, makeDynamicOp } from './dynamic-ops.js';

/** An op of the dispatch table: tensor inputs in the node's order, attributes by TF.js name. */
export type IrOpFn = (inputs: Tensor[], attrs: Record<string, IrAttr>) => Tensor | Tensor[];

type A = Record<string, IrAttr>;
const num = (a: A, k: string, d: number): number => (a[k] === undefined || a[k] === null ? d : (a[k] as number));
const bool = (a: A, k: string, d: boolean): boolean => (a[k] === undefined || a[k] === null ? d : (a[k] as boolean));
const nums = (a: A, k: string): number[] => a[k] as number[];
const pair = (a: A, k: string): number | [number, number] => (a[k] ?? 1) as number | [number, number];
const padOf = (a: A): PaddingSpec => a.pad as PaddingSpec;
const act = (a: A): Activation => ((a.activation as Activation | undefined) ?? 'linear');
const axisOf = (a: A): number | number[] | undefined => (a.axis === null ? undefined : (a.axis as number | number[] | undefined));

/** Bias is input 2 unless `hasBias` is false; PReLU weights follow it. */
function fusedExtras(i: Tensor[], a: A): { bias?: Tensor; preluActivationWeights?: Tensor } {
  const hasBias = a.hasBias === undefined ? i.length > 2 : a.hasBias === true;
  return { bias: hasBias ? i[2] : undefined, preluActivationWeights: i[hasBias ? 3 : 2] };
}

const unary = (f: (x: Tensor) => Tensor): IrOpFn => (i) => f(i[0]);
const binary = (f: (a: Tensor, b: Tensor) => Tensor): IrOpFn => (i) => f(i[0], i[1]);
const reducer = (f: (x: Tensor, axis?: number | number[] | null, keepDims?: boolean) => Tensor): IrOpFn =>
  (i, a) => f(i[0], axisOf(a), bool(a, 'keepDims', false));

/**
 * The dispatch table: Sprout front-end op name → function of (inputs, attrs). Built once when the
 * module loads; plans look each node's function up once, at planning time.
 */
export const IR_OPS: Readonly<Record<string, IrOpFn>> = Object.freeze({
  'conv2d': (i, a) => conv2d(i[0], i[1], pair(a, 'strides'), padOf(a), 'NHWC', pair(a, 'dilations')),
  'depthwiseConv2d': (i, a) => depthwiseConv2d(i[0], i[1], pair(a, 'strides'), padOf(a), 'NHWC', pair(a, 'dilations')),
  'fused.conv2d': (i, a) => fusedConv2d({
    x: i[0], filter: i[1], strides: pair(a, 'strides'), pad: padOf(a), dilations: pair(a, 'dilations'),
    activation: act(a), leakyreluAlpha: a.leakyreluAlpha as number | undefined, ...fusedExtras(i, a),
  }),
  'fused.depthwiseConv2d': (i, a) => fusedDepthwiseConv2d({
    x: i[0], filter: i[1], strides: pair(a, 'strides'), pad: padOf(a), dilations: pair(a, 'dilations'),
    activation: act(a), leakyreluAlpha: a.leakyreluAlpha as number | undefined, ...fusedExtras(i, a),
  }),
  'conv2dTranspose': (i, a) => conv2dTranspose(i[0], i[1], nums(a, 'outputShape'), pair(a, 'strides'), padOf(a)),
  'matMul': (i, a) => matMul(i[0], i[1], bool(a, 'transposeA', false), bool(a, 'transposeB', false)),
  'fused.matMul': (i, a) => fusedMatMul({
    a: i[0], b: i[1], transposeA: bool(a, 'transposeA', false), transposeB: bool(a, 'transposeB', false),
    activation: act(a), leakyreluAlpha: a.leakyreluAlpha as number | undefined, ...fusedExtras(i, a),
  }),
  'avgPool': (i, a) => avgPool(i[0], pair(a, 'filterSize'), pair(a, 'strides'), padOf(a)),
  'maxPool': (i, a) => maxPool(i[0], pair(a, 'filterSize'), pair(a, 'strides'), padOf(a)),

  'add': binary(add), 'sub': binary(sub), 'mul': binary(mul), 'div': binary(div),
  'maximum': binary(maximum), 'minimum': binary(minimum), 'pow': binary(pow),
  'squaredDifference': binary(squaredDifference), 'prelu': binary(prelu),

  'relu': unary(relu), 'relu6': unary(relu6), 'sigmoid': unary(sigmoid), 'tanh': unary(tanh), 'elu': unary(elu),
  'selu': unary(selu), 'softplus': unary(softplus), 'exp': unary(exp), 'log': unary(log), 'sqrt': unary(sqrt),
  'rsqrt': unary(rsqrt), 'abs': unary(abs), 'neg': unary(neg), 'square': unary(square), 'floor': unary(floor),
  'ceil': unary(ceil), 'round': unary(round), 'sin': unary(sin), 'cos': unary(cos), 'reciprocal': unary(reciprocal),
  'leakyRelu': (i, a) => leakyRelu(i[0], num(a, 'alpha', 0.2)),
  'clipByValue': (i, a) => clipByValue(i[0], num(a, 'clipValueMin', -Infinity), num(a, 'clipValueMax', Infinity)),
  'cast': (i, a) => cast(i[0], a.dtype as DType),

  'reshape': (i, a) => reshape(i[0], nums(a, 'shape')),
  'squeeze': (i, a) => squeeze(i[0], axisOf(a)),
  'expandDims': (i, a) => expandDims(i[0], num(a, 'axis', 0)),
  'transpose': (i, a) => transpose(i[0], a.perm as number[] | undefined),
  'concat': (i, a) => concat(i, num(a, 'axis', 0)),
  'stack': (i, a) => stack(i, num(a, 'axis', 0)),
  'unstack': (i, a) => unstack(i[0], num(a, 'axis', 0)),
  'split': (i, a) => split(i[0], a.numOrSizeSplits as number | number[], num(a, 'axis', 0)),
  'slice': (i, a) => slice(i[0], nums(a, 'begin'), nums(a, 'size')),
  'stridedSlice': (i, a) => stridedSlice(
    i[0], nums(a, 'begin'), nums(a, 'end'), nums(a, 'strides'), num(a, 'beginMask', 0), num(a, 'endMask', 0),
    num(a, 'ellipsisMask', 0), num(a, 'newAxisMask', 0), num(a, 'shrinkAxisMask', 0),
  ),
  'gather': (i, a) => gather(i[0], i[1], num(a, 'axis', 0), num(a, 'batchDims', 0)),
  'tile': (i, a) => tile(i[0], nums(a, 'reps')),
  'pad': (i, a) => pad(i[0], a.paddings as [number, number][], num(a, 'constantValue', 0)),
  'mirrorPad': (i, a) => mirrorPad(i[0], a.paddings as [number, number][], a.mode as 'reflect' | 'symmetric'),
  'depthToSpace': (i, a) => depthToSpace(i[0], num(a, 'blockSize', 2)),
  'spaceToDepth': (i, a) => spaceToDepth(i[0], num(a, 'blockSize', 2)),

  'mean': reducer(mean), 'sum': reducer(sum), 'max': reducer(max), 'min': reducer(min), 'prod': reducer(prod),
  'argMax': (i, a) => argMax(i[0], num(a, 'axis', 0)),
  'argMin': (i, a) => argMin(i[0], num(a, 'axis', 0)),
  'softmax': (i, a) => softmax(i[0], num(a, 'dim', -1)),
  'logSoftmax': (i, a) => logSoftmax(i[0], num(a, 'axis', -1)),
  'image.resizeBilinear': (i, a) => resizeBilinear(i[0], a.size as [number, number], bool(a, 'alignCorners', false), bool(a, 'halfPixelCenters', false)),
  'image.resizeNearestNeighbor': (i, a) => resizeNearestNeighbor(i[0], a.size as [number, number], bool(a, 'alignCorners', false), bool(a, 'halfPixelCenters', false)),
  ...DYNAMIC_OPS,
  'dynamic': makeDynamicOp(() => IR_OPS),
});

/** True when the executor can run op `name`. */
export function isIrOp(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(IR_OPS, name);
}

interface Step {
  index: number;
  name: string;
  op: string;
  fn: IrOpFn;
  attrs: A;
  inSlots: Int32Array;
  /** Reused argument array (run is synchronous, so one per step is enough). */
  args: Tensor[];
  outSlot: number;
  numOutputs: number;
  /** Slots to free after this step: last uses, and outputs nobody reads. */
  free: Int32Array;
}

/** A compiled plan: steps over slots, for one choice of outputs. */
export interface ExecutionPlan {
  numSlots: number;
  steps: Step[];
  outputSlots: Int32Array;
  /** Number of graph nodes the plan runs (nodes no output needs are left out). */
  numNodes: number;
}

const OP = 'execute';

/**
 * Holds an IrGraph's constants as tensors and runs plans over it. Constants are made once (and
 * kept past any tidy/scope); `dispose()` frees them.
 */
export class IrExecutor {
  readonly graph: IrGraph;
  /**
   * Peak bytes of intermediate tensors (node outputs, each data buffer counted once) alive at once
   * during the last run, measured after each node; op-internal scratch memory is not included.
   */
  peakBytes = 0;
  private consts: Tensor[];
  private constKeys: object[] = [];
  private nodeBase: Int32Array;
  private numSlots: number;
  private plans = new Map<string, ExecutionPlan>();
  private defaultPlan: ExecutionPlan;
  private disposed = false;

  constructor(graph: IrGraph, weights: ArrayBuffer | Uint8Array) {
    this.graph = graph;
    const blob = weights instanceof Uint8Array ? weights : new Uint8Array(weights);
    const nIn = graph.inputs.length;
    let slot = nIn + graph.constants.length;
    this.nodeBase = new Int32Array(graph.nodes.length);
    graph.nodes.forEach((n, i) => {
      this.nodeBase[i] = slot;
      slot += n.numOutputs;
    });
    this.numSlots = slot;
    // Plan first (it validates the graph), then make the constants.
    this.defaultPlan = this.buildPlan(graph.outputs.map((o) => o.ref));
    this.consts = makeConstants(graph, blob);
    this.constKeys = this.consts.map((t) => t.dataKey);
  }

  /** The slot of a value, checked to exist and to come before node `before` (topological order). */
  private slotOf(ref: ValueRef, before: number, where: string): number {
    const g = this.graph;
    const bad = (detail: string) => raise('ir.badGraph', { op: OP, detail: `${where}: ${detail}` });
    if (!ref || typeof ref !== 'object') bad(`value reference must be an object, got ${describeValue(ref)}`);
    switch (ref.kind) {
      case 'input':
        if (!(Number.isInteger(ref.index) && ref.index >= 0 && ref.index < g.inputs.length)) bad(`input ${ref.index} does not exist (the graph has ${g.inputs.length})`);
        return ref.index;
      case 'const':
        if (!(Number.isInteger(ref.index) && ref.index >= 0 && ref.index < g.constants.length)) bad(`constant ${ref.index} does not exist (the graph has ${g.constants.length})`);
        return g.inputs.length + ref.index;
      case 'node': {
        if (!(Number.isInteger(ref.node) && ref.node >= 0 && ref.node < before)) {
          bad(`node ${ref.node} is not an earlier node (nodes must be in topological order; ${before} come before here)`);
        }
        const n = g.nodes[ref.node];
        if (!(Number.isInteger(ref.output) && ref.output >= 0 && ref.output < n.numOutputs)) bad(`node ${ref.node} has no output ${ref.output} (it has ${n.numOutputs})`);
        return this.nodeBase[ref.node] + ref.output;
      }
      default:
        return bad(`unknown value kind ${describeValue((ref as { kind: unknown }).kind)}`);
    }
  }

  /** Builds (once) the plan computing `outputs`: only the nodes they need, with last uses. */
  private buildPlan(outputs: ValueRef[]): ExecutionPlan {
    const g = this.graph;
    const nNodes = g.nodes.length;
    const outputSlots = Int32Array.from(outputs, (r, i) => this.slotOf(r, nNodes, `outputs[${i}]`));
    // Which nodes are needed: walk back from the outputs once.
    const slotNode = new Int32Array(this.numSlots).fill(-1);
    g.nodes.forEach((n, i) => { for (let k = 0; k < n.numOutputs; k++) slotNode[this.nodeBase[i] + k] = i; });
    const inSlots = g.nodes.map((n, i) => {
      if (!Array.isArray(n.inputs)) raise('ir.badGraph', { op: OP, detail: `node ${i} '${n.name}' has no inputs array` });
      return Int32Array.from(n.inputs, (r, k) => this.slotOf(r, i, `node ${i} '${n.name}' input ${k}`));
    });
    const needed = new Uint8Array(nNodes);
    const stack: number[] = [];
    for (const s of outputSlots) if (slotNode[s] >= 0) stack.push(slotNode[s]);
    while (stack.length) {
      const i = stack.pop()!;
      if (needed[i]) continue;
      needed[i] = 1;
      for (const s of inSlots[i]) if (slotNode[s] >= 0 && !needed[slotNode[s]]) stack.push(slotNode[s]);
    }
    const firstNodeSlot = g.inputs.length + g.constants.length;
    const isOutput = new Uint8Array(this.numSlots);
    for (const s of outputSlots) isOutput[s] = 1;
    const lastUse = new Int32Array(this.numSlots).fill(-1);
    const order: number[] = [];
    for (let i = 0; i < nNodes; i++) if (needed[i]) order.push(i);
    order.forEach((i, step) => { for (const s of inSlots[i]) lastUse[s] = step; });
    const frees: number[][] = order.map(() => []);
    order.forEach((i, step) => {
      for (let k = 0; k < g.nodes[i].numOutputs; k++) {
        const s = this.nodeBase[i] + k;
        if (isOutput[s]) continue;
        frees[lastUse[s] >= 0 ? lastUse[s] : step].push(s);
      }
    });
    const steps: Step[] = order.map((i, step) => {
      const n = g.nodes[i];
      const fn = isIrOp(n.op) ? IR_OPS[n.op] : raise('ir.badGraph', { op: OP, detail: `node ${i} '${n.name}' uses op '${n.op}', which the executor does not know` });
      if (!(Number.isInteger(n.numOutputs) && n.numOutputs >= 1)) raise('ir.badGraph', { op: OP, detail: `node ${i} '${n.name}' must have at least one output, has ${describeValue(n.numOutputs)}` });
      return {
        index: i, name: n.name, op: n.op, fn, attrs: n.attrs ?? {}, inSlots: inSlots[i], args: new Array<Tensor>(inSlots[i].length),
        outSlot: this.nodeBase[i], numOutputs: n.numOutputs, free: Int32Array.from(frees[step].filter((s) => s >= firstNodeSlot)),
      };
    });
    return { numSlots: this.numSlots, steps, outputSlots, numNodes: order.length };
  }

  /** The plan for outputs named `names` (graph output names, or node names: 'name' for its first output, 'name:k' for output k). */
  planFor(names?: string[]): ExecutionPlan {
    if (!names) return this.defaultPlan;
    const key = JSON.stringify(names);
    let plan = this.plans.get(key);
    if (!plan) {
      const refs = names.map((name) => {
        const out = this.graph.outputs.find((o) => o.name === name);
        if (out) return out.ref;
        const m = /^(.*?)(?::(\d+))?$/.exec(name)!; // 'node' or 'node:1'
        const k = this.graph.nodes.findIndex((n) => n.name === m[1]);
        if (k >= 0) return { kind: 'node', node: k, output: m[2] ? Number(m[2]) : 0 } as ValueRef;
        const j = this.graph.inputs.findIndex((n) => n.name === name);
        if (j >= 0) return { kind: 'input', index: j } as ValueRef;
        return raise('op.badArgument', { op: OP, param: 'outputs', expected: `must name graph outputs (${this.graph.outputs.map((o) => `'${o.name}'`).join(', ')}) or nodes of the graph`, got: `'${name}'` });
      });
      plan = this.buildPlan(refs);
      this.plans.set(key, plan);
    }
    return plan;
  }

  /**
   * Runs a plan. `inputs` are in graph-input order and stay the caller's. Returns new tensors the
   * caller owns (one per plan output); every intermediate is freed after its last use.
   */
  run(inputs: Tensor[], plan: ExecutionPlan = this.defaultPlan, op = OP): Tensor[] {
    if (this.disposed) raise('model.disposed', { op });
    const g = this.graph;
    const slots = new Array<Tensor | undefined>(plan.numSlots);
    const owned = new Uint8Array(plan.numSlots);
    const nIn = g.inputs.length;
    for (let i = 0; i < nIn; i++) {
      let t = inputs[i];
      const spec = g.inputs[i];
      if (!(t instanceof Tensor)) raise('op.badArgument', { op, param: `inputs[${i}] ('${spec.name}')`, expected: 'must be a Tensor', got: describeValue(t) });
      checkShape(op, spec.name, spec.shape, t.shape, i);
      if (t.dtype !== spec.dtype) {
        t = cast(t, spec.dtype);
        owned[i] = 1;
      }
      slots[i] = t;
    }
    for (let c = 0; c < this.consts.length; c++) slots[nIn + c] = this.consts[c];
    // Bytes of node outputs alive, counted once per data buffer (views share their source's data;
    // views of inputs or constants allocate nothing).
    const external = new Set<object>(this.constKeys);
    for (let i = 0; i < nIn; i++) external.add(slots[i]!.dataKey);
    const refs = new Map<object, number>();
    let live = 0;
    let peak = 0;
    const bytesOf = (t: Tensor) => t.size * (t.dtype === 'bool' ? 1 : 4);
    const hold = (t: Tensor) => {
      if (external.has(t.dataKey)) return;
      const n = refs.get(t.dataKey) ?? 0;
      if (n === 0) live += bytesOf(t);
      refs.set(t.dataKey, n + 1);
    };
    const release = (t: Tensor) => {
      if (external.has(t.dataKey)) return;
      const n = refs.get(t.dataKey)! - 1;
      if (n === 0) { live -= bytesOf(t); refs.delete(t.dataKey); } else refs.set(t.dataKey, n);
    };
    let current: Step | undefined;
    try {
      for (const step of plan.steps) {
        current = step;
        const { args, inSlots } = step;
        for (let k = 0; k < inSlots.length; k++) args[k] = slots[inSlots[k]]!;
        const out = step.fn(args, step.attrs);
        if (Array.isArray(out)) {
          if (out.length !== step.numOutputs) raise('internal', { detail: `op '${step.op}' gave ${out.length} outputs, the graph says ${step.numOutputs}` });
          for (let k = 0; k < out.length; k++) slots[step.outSlot + k] = fresh(out[k], args);
        } else {
          slots[step.outSlot] = fresh(out, args);
        }
        for (let k = 0; k < step.numOutputs; k++) {
          owned[step.outSlot + k] = 1;
          hold(slots[step.outSlot + k]!);
        }
        if (live > peak) peak = live;
        for (const s of step.free) {
          release(slots[s]!);
          slots[s]!.dispose();
          slots[s] = undefined;
        }
      }
      current = undefined;
      for (let i = 0; i < nIn; i++) if (owned[i] && !plan.outputSlots.includes(i)) { slots[i]!.dispose(); owned[i] = 0; }
    } catch (e) {
      for (let s = 0; s < slots.length; s++) if (owned[s] && slots[s] && !slots[s]!.isDisposed) slots[s]!.dispose();
      if (!current) throw e;
      const reason = e instanceof Error ? e.message : String(e);
      const err = new SproutError('ir.nodeFailed', { op, index: current.index, name: current.name, irOp: current.op, reason });
      (err as { cause?: unknown }).cause = e;
      throw err;
    }
    this.peakBytes = peak;
    // Outputs the caller owns: a node output appearing once is handed over; inputs, constants and
    // repeated outputs are handed over as views so disposing them cannot break the model.
    const handed = new Set<number>();
    return Array.from(plan.outputSlots, (s) => {
      const t = slots[s]!;
      if (owned[s] && !handed.has(s)) {
        handed.add(s);
        return t;
      }
      return ENGINE.makeView(t, t.shape);
    });
  }

  /** Bytes of the constants (weights) as tensors. */
  get weightBytes(): number {
    return weightBytesOf(this.consts);
  }

  /** Frees the constants. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.consts) t.dispose();
    this.consts = [];
  }

  get isDisposed(): boolean {
    return this.disposed;
  }
}

/** A node may hand back one of its inputs unchanged; give the slot its own view then. */
function fresh(t: Tensor, args: Tensor[]): Tensor {
  for (let k = 0; k < args.length; k++) if (args[k] === t) return ENGINE.makeView(t, t.shape);
  return t;
}

export function checkShape(op: string, name: string, spec: number[], got: number[], i: number): void {
  const ok = spec.length === got.length && spec.every((d, k) => d === -1 || d === got[k]);
  if (!ok) {
    raise('op.badArgument', { op, param: `inputs[${i}] ('${name}')`, expected: `must have shape [${spec.map((d) => (d === -1 ? '*' : d))}]`, got: `shape [${got}]` });
  }
}

/**
 * Makes every constant of `graph` as a kept tensor (past any tidy/scope), for an executor to own;
 * if one fails, those already made are freed before the error goes on. Shared by both executors.
 */
export function makeConstants(graph: IrGraph, blob: Uint8Array): Tensor[] {
  const consts: Tensor[] = [];
  try {
    for (const c of graph.constants) consts.push(keep(constantTensor(c, blob)));
  } catch (e) {
    for (const t of consts) t.dispose();
    throw e;
  }
  return consts;
}

/** Bytes of an executor's constants. */
export function weightBytesOf(consts: Tensor[]): number {
  return consts.reduce((n, t) => n + t.size * (t.dtype === 'bool' ? 1 : 4), 0);
}

/** Makes a constant's tensor from its bytes in the weights blob (copied, little-endian). */
export function constantTensor(c: IrGraph['constants'][number], blob: Uint8Array): Tensor {
  const size = c.shape.reduce((a, b) => a * b, 1);
  const per = c.dtype === 'bool' ? 1 : 4;
  const bad = (detail: string) => raise('ir.badGraph', { op: OP, detail: `constant '${c.name}': ${detail}` });
  if (!c.shape.every((d) => Number.isInteger(d) && d >= 0)) bad(`shape [${c.shape}] is not a list of non-negative integers`);
  if (c.byteLength !== size * per) bad(`byteLength ${c.byteLength} does not match shape [${c.shape}] of ${c.dtype} (${size * per} bytes)`);
  if (!(Number.isInteger(c.offset) && c.offset >= 0 && c.offset + c.byteLength <= blob.byteLength)) bad(`bytes ${c.offset}..${c.offset + c.byteLength} lie outside the weights blob (${blob.byteLength} bytes)`);
  if (c.shape.length > 6) bad(`rank ${c.shape.length} is more than 6`);
  // One copy out of the blob (little-endian data; every supported host is), handed to the engine as is.
  const bytes = blob.slice(c.offset, c.offset + c.byteLength);
  const values = c.dtype === 'float32' ? new Float32Array(bytes.buffer) : c.dtype === 'int32' ? new Int32Array(bytes.buffer) : bytes.map((b) => (b ? 1 : 0));
  return ENGINE.makeTensor(values, c.shape, c.dtype);
}
