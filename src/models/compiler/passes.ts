/**
 * Compiler passes over Sprout IR, shared by every model format and applied at load time.
 *
 * Each pass is a pure function `IrModel → IrModel` (an `IrGraph` and its weights blob: folding
 * makes new constants, so a pass needs the bytes as well as the graph); the input is never
 * modified. Every pass keeps the graph's outputs identical (up to float rounding where weights
 * are rescaled) and leaves nodes in topological order.
 *
 * - `foldConstants`: nodes whose inputs are all constants are evaluated once and stored as
 *   constants (shape arithmetic, casts, transposes of weights, …); reshape-of-reshape chains
 *   collapse to one reshape.
 * - `fuseOps`: a bias add (add of a constant along the last axis, including an add of a constant
 *   that broadcasts along channels), a per-channel scale (folded into the weights), and an
 *   activation (relu, relu6, elu, leakyRelu, sigmoid, prelu with constant alpha) following a
 *   conv2d / depthwiseConv2d / matMul are folded into it, when the intermediate has no other
 *   consumer and is not a graph output.
 * - `removeDeadNodes`: drops nodes no output needs and constants no node uses (compacting the blob).
 */
import { ENGINE, tidy, type Tensor } from '../../tensor/index.js';
import { add, mul, reshape } from '../../tensor/index.js';
import type { DType } from '../../core/dtype.js';
import { IR_OPS, isIrOp } from '../ir/execute.js';
import type { IrAttr, IrConstant, IrGraph, IrNode, ValueRef } from '../ir/graph.js';

/** An IrGraph with its weights blob: what passes transform. */
export interface IrModel {
  graph: IrGraph;
  weights: Uint8Array;
}

export type IrPass = (m: IrModel) => IrModel;

/** Options of the loaders. */
export interface OptimizeOptions {
  /** Run the compiler passes at load time (default true). */
  optimize?: boolean;
}

const key = (r: ValueRef): string => (r.kind === 'node' ? `n${r.node}:${r.output}` : `${r.kind === 'input' ? 'i' : 'c'}${r.index}`);

/** Builds a new graph node by node from an old one, remapping references; constants may be added. */
class Rebuilder {
  readonly nodes: IrNode[] = [];
  readonly constants: IrConstant[];
  private extra = new Map<number, Uint8Array>();
  private size: number;
  private map = new Map<string, ValueRef>();
  constructor(readonly m: IrModel) {
    this.constants = m.graph.constants.slice();
    this.size = m.weights.byteLength;
  }
  /** The new ref for an old ref. */
  ref(r: ValueRef): ValueRef {
    return r.kind === 'node' ? (this.map.get(key(r)) ?? r) : r;
  }
  alias(oldNode: number, output: number, to: ValueRef): void {
    this.map.set(`n${oldNode}:${output}`, to);
  }
  /** Emits `n` (inputs already in new refs) standing for old node `old`. */
  emit(n: IrNode, old?: number): ValueRef {
    this.nodes.push(n);
    const k = this.nodes.length - 1;
    if (old !== undefined) for (let o = 0; o < n.numOutputs; o++) this.alias(old, o, { kind: 'node', node: k, output: o });
    return { kind: 'node', node: k, output: 0 };
  }
  addConst(name: string, t: Tensor): ValueRef {
    const v = t.dataSync() as Float32Array | Int32Array | Uint8Array;
    const dtype = t.dtype as DType;
    const bytes = dtype === 'bool' ? Uint8Array.from(v as ArrayLike<number>, (x) => (x ? 1 : 0))
      : dtype === 'int32' ? new Uint8Array(Int32Array.from(v as ArrayLike<number>).buffer) : new Uint8Array(Float32Array.from(v as ArrayLike<number>).buffer);
    const offset = (this.size + 15) & ~15;
    this.constants.push({ name, shape: t.shape.slice(), dtype, offset, byteLength: bytes.byteLength });
    this.extra.set(this.constants.length - 1, bytes);
    this.size = offset + bytes.byteLength;
    return { kind: 'const', index: this.constants.length - 1 };
  }
  /** A constant with the same bytes and another shape (same element count). */
  reshapeConst(index: number, shape: number[]): ValueRef {
    const c = this.constants[index];
    this.constants.push({ ...c, shape });
    const b = this.extra.get(index);
    if (b) this.extra.set(this.constants.length - 1, b);
    return { kind: 'const', index: this.constants.length - 1 };
  }
  /** A constant's value as a new tensor (the caller disposes it). */
  tensor(index: number): Tensor {
    const c = this.constants[index];
    const b = this.extra.get(index)?.slice() ?? this.m.weights.slice(c.offset, c.offset + c.byteLength);
    const v = c.dtype === 'float32' ? new Float32Array(b.buffer) : c.dtype === 'int32' ? new Int32Array(b.buffer) : b;
    return ENGINE.makeTensor(v, c.shape, c.dtype);
  }
  finish(): IrModel {
    const g = this.m.graph;
    let weights = this.m.weights;
    if (this.extra.size) {
      weights = new Uint8Array(this.size);
      weights.set(this.m.weights);
      for (const [k, b] of this.extra) weights.set(b, this.constants[k].offset);
    }
    const outputs = g.outputs.map((o) => ({ name: o.name, ref: this.ref(o.ref) }));
    return { graph: { ...g, constants: this.constants, nodes: this.nodes, outputs }, weights };
  }
}

/** Largest folded constant (elements); bigger results stay computed at run time. */
const MAX_FOLD = 1 << 24;

/** Constant folding: evaluates nodes whose inputs are all constants once; collapses reshape chains. */
export function foldConstants(m: IrModel): IrModel {
  const g = m.graph;
  const rb = new Rebuilder(m);
  // Bytes of all constants, old and new, for evaluation.
  const made = new Map<number, Tensor>();
  const tensors: Tensor[] = [];
  try {
    g.nodes.forEach((n, i) => {
      const ins = n.inputs.map((r) => rb.ref(r));
      if (n.op === 'reshape' && ins[0].kind === 'node') {
        const src = rb.nodes[ins[0].node];
        if (src.op === 'reshape') {
          rb.emit({ ...n, inputs: [src.inputs[0]] }, i);
          return;
        }
      }
      if (ins.length && ins.every((r) => r.kind === 'const') && isIrOp(n.op) && n.numOutputs === 1) {
        const args = ins.map((r) => {
          const k = (r as { index: number }).index;
          let t = made.get(k);
          if (!t) {
            t = rb.tensor(k);
            made.set(k, t);
            tensors.push(t);
          }
          return t;
        });
        let out: Tensor | undefined;
        try {
          const r = tidy(() => IR_OPS[n.op](args, n.attrs));
          out = Array.isArray(r) ? undefined : r;
        } catch {
          out = undefined;
        }
        if (out && out.size <= MAX_FOLD && out.dtype !== ('string' as DType)) {
          const ref = rb.addConst(n.name, out) as { kind: 'const'; index: number };
          made.set(ref.index, out === args.find((a) => a === out) ? ENGINE.makeView(out, out.shape) : out);
          tensors.push(made.get(ref.index)!);
          rb.alias(i, 0, ref);
          return;
        }
        if (out && !args.includes(out)) out.dispose();
      }
      rb.emit({ ...n, inputs: ins }, i);
    });
  } finally {
    for (const t of tensors) if (!t.isDisposed) t.dispose();
  }
  return rb.finish();
}

const CONV_OPS: Record<string, string> = {
  'conv2d': 'fused.conv2d', 'depthwiseConv2d': 'fused.depthwiseConv2d', 'matMul': 'fused.matMul',
  'fused.conv2d': 'fused.conv2d', 'fused.depthwiseConv2d': 'fused.depthwiseConv2d', 'fused.matMul': 'fused.matMul',
};
const ACTS: Record<string, string> = { relu: 'relu', relu6: 'relu6', elu: 'elu', sigmoid: 'sigmoid', leakyRelu: 'leakyrelu', prelu: 'prelu' };

/** Output channels of a conv/matMul node whose weights are constant, or -1. */
function outChannels(n: IrNode, constants: IrConstant[]): number {
  const w = n.inputs[1];
  if (w.kind !== 'const') return -1;
  const s = constants[w.index].shape;
  if (n.op.endsWith('depthwiseConv2d')) return s.length === 4 ? s[2] * s[3] : -1;
  if (n.op.endsWith('conv2d')) return s.length === 4 ? s[3] : -1;
  if (s.length !== 2) return -1;
  return n.attrs.transposeB ? s[0] : s[1];
}

/**
 * True when a constant of shape `s` broadcasts only along the last axis (of size c) of the output
 * of `n` without raising its rank (conv outputs have rank 4; matMul outputs are taken as rank 2).
 */
function alongChannels(s: number[], c: number, n: IrNode): boolean {
  if (!s.length || s.length > (n.op.endsWith('atMul') ? 2 : 4)) return false;
  return s[s.length - 1] === c && s.slice(0, -1).every((d) => d === 1);
}

/**
 * Fuses bias adds, per-channel scales and activations into the conv2d / depthwiseConv2d /
 * matMul producing them (when the intermediate has no other consumer). Applied to a fixpoint.
 */
export function fuseOps(m: IrModel): IrModel {
  let cur = m;
  for (let round = 0; round < 8; round++) {
    const next = fuseOnce(cur);
    if (next.graph.nodes.length === cur.graph.nodes.length) return next;
    cur = next;
  }
  return cur;
}

function fuseOnce(m: IrModel): IrModel {
  const g = m.graph;
  const uses = new Map<string, number>();
  g.nodes.forEach((n) => n.inputs.forEach((r) => uses.set(key(r), (uses.get(key(r)) ?? 0) + 1)));
  for (const o of g.outputs) uses.set(key(o.ref), (uses.get(key(o.ref)) ?? 0) + 1000);
  const rb = new Rebuilder(m);
  const tensors: Tensor[] = [];
  const tensorOf = (k: number): Tensor => {
    const t = rb.tensor(k);
    tensors.push(t);
    return t;
  };
  try {
    g.nodes.forEach((n, i) => {
      const ins = n.inputs.map((r) => rb.ref(r));
      // Is input `k` a single-use conv-like producer, emitted as a new node we may still modify?
      const producer = (r: ValueRef): number => {
        if (r.kind !== 'node' || r.output !== 0) return -1;
        const p = rb.nodes[r.node];
        if (!p || !Object.hasOwn(CONV_OPS, p.op)) return -1;
        return r.node;
      };
      const oldRefFor = (k: number) => n.inputs[k];
      const singleUse = (k: number) => (uses.get(key(oldRefFor(k))) ?? 0) === 1;
      const tryFuse = (): boolean => {
        if (n.numOutputs !== 1) return false;
        for (let k = 0; k < ins.length; k++) {
          const p = producer(ins[k]);
          if (p < 0 || !singleUse(k)) continue;
          const pn = rb.nodes[p];
          const act = (pn.attrs.activation as string | undefined) ?? 'linear';
          const hasBias = pn.op.startsWith('fused.') ? (pn.attrs.hasBias === undefined ? pn.inputs.length > 2 : pn.attrs.hasBias === true) : false;
          const c = outChannels(pn, rb.constants);
          const other = ins[1 - k];
          const base = () => ({ ...pn, name: n.name, op: CONV_OPS[pn.op], attrs: { ...pn.attrs, activation: act, hasBias } as Record<string, IrAttr> });
          // Bias add (or add of a constant broadcasting along channels).
          if (n.op === 'add' && ins.length === 2 && act === 'linear' && other.kind === 'const' && c > 0 && alongChannels(rb.constants[other.index].shape, c, pn) && rb.constants[other.index].dtype === 'float32') {
            const nb = base();
            let bias = rb.reshapeConst(other.index, [c]);
            if (hasBias) {
              const b0 = pn.inputs[2];
              if (b0.kind !== 'const') return false;
              bias = tidy(() => rb.addConst(`${n.name}/bias`, add(reshape(tensorOf(b0.index), [c]), reshape(tensorOf(other.index), [c]))));
            }
            nb.inputs = [pn.inputs[0], pn.inputs[1], bias, ...pn.inputs.slice(hasBias ? 3 : 2)];
            nb.attrs.hasBias = true;
            rb.nodes[p] = nb;
            rb.alias(i, 0, { kind: 'node', node: p, output: 0 });
            return true;
          }
          // Per-channel scale: folded into the weights (and bias).
          if (n.op === 'mul' && ins.length === 2 && act === 'linear' && other.kind === 'const' && c > 0 && pn.inputs[1].kind === 'const'
            && alongChannels(rb.constants[other.index].shape, c, pn) && rb.constants[other.index].dtype === 'float32') {
            const w = pn.inputs[1] as { kind: 'const'; index: number };
            const ws = rb.constants[w.index].shape;
            const b0 = hasBias ? pn.inputs[2] : undefined;
            if (b0 && b0.kind !== 'const') return false;
            const nb = base();
            const sh = pn.op.endsWith('depthwiseConv2d') ? [1, 1, ws[2], ws[3]] : pn.op.endsWith('conv2d') ? [1, 1, 1, c] : pn.attrs.transposeB ? [c, 1] : [1, c];
            const nw = tidy(() => rb.addConst(`${rb.constants[w.index].name}/scaled`, mul(tensorOf(w.index), reshape(tensorOf(other.index), sh))));
            const ins2 = [pn.inputs[0], nw, ...pn.inputs.slice(2)];
            if (b0 && b0.kind === 'const') ins2[2] = tidy(() => rb.addConst(`${n.name}/bias`, mul(reshape(tensorOf(b0.index), [c]), reshape(tensorOf(other.index), [c]))));
            nb.inputs = ins2;
            rb.nodes[p] = nb;
            rb.alias(i, 0, { kind: 'node', node: p, output: 0 });
            return true;
          }
          // Activation.
          if (Object.hasOwn(ACTS, n.op) && k === 0 && act === 'linear') {
            const nb = base();
            nb.attrs.activation = ACTS[n.op];
            if (n.op === 'leakyRelu') nb.attrs.leakyreluAlpha = (n.attrs.alpha as number | undefined) ?? 0.2;
            if (n.op === 'prelu') {
              const alpha = ins[1];
              if (alpha.kind !== 'const' || c <= 0) return false;
              if (!alongChannels(rb.constants[alpha.index].shape, c, pn)) return false;
              nb.inputs = [...pn.inputs.slice(0, hasBias ? 3 : 2), alpha];
            }
            rb.nodes[p] = nb;
            rb.alias(i, 0, { kind: 'node', node: p, output: 0 });
            return true;
          }
        }
        return false;
      };
      if (tryFuse()) return;
      rb.emit({ ...n, inputs: ins }, i);
    });
  } finally {
    for (const t of tensors) if (!t.isDisposed) t.dispose();
  }
  return rb.finish();
}

/** Removes nodes no output needs and constants no node uses; compacts the weights blob. */
export function removeDeadNodes(m: IrModel): IrModel {
  const g = m.graph;
  const needed = new Uint8Array(g.nodes.length);
  const stack: number[] = [];
  for (const o of g.outputs) if (o.ref.kind === 'node') stack.push(o.ref.node);
  // A loop Merge names its back edge (a NextIteration node) instead of reading it as an input.
  const byName = new Map<string, number>();
  if (g.nodes.some((n) => typeof n.attrs.backEdge === 'string')) g.nodes.forEach((n, i) => byName.set(n.name, i));
  while (stack.length) {
    const i = stack.pop()!;
    if (needed[i]) continue;
    needed[i] = 1;
    for (const r of g.nodes[i].inputs) if (r.kind === 'node' && !needed[r.node]) stack.push(r.node);
    const back = g.nodes[i].attrs.backEdge;
    if (typeof back === 'string' && byName.has(back)) stack.push(byName.get(back)!);
  }
  const newIndex = new Int32Array(g.nodes.length).fill(-1);
  const usedConst = new Int32Array(g.constants.length).fill(-1);
  const constants: IrConstant[] = [];
  let size = 0;
  const parts: [number, number, number][] = []; // [newOffset, oldOffset, length]
  const byOld = new Map<string, number>();
  const mapRef = (r: ValueRef): ValueRef => {
    if (r.kind === 'node') return { kind: 'node', node: newIndex[r.node], output: r.output };
    if (r.kind === 'input') return r;
    if (usedConst[r.index] < 0) {
      const c = g.constants[r.index];
      const k = `${c.offset}:${c.byteLength}`;
      let offset = byOld.get(k);
      if (offset === undefined) {
        offset = (size + 15) & ~15;
        parts.push([offset, c.offset, c.byteLength]);
        size = offset + c.byteLength;
        byOld.set(k, offset);
      }
      constants.push({ ...c, offset });
      usedConst[r.index] = constants.length - 1;
    }
    return { kind: 'const', index: usedConst[r.index] };
  };
  const nodes: IrNode[] = [];
  g.nodes.forEach((n, i) => {
    if (!needed[i]) return;
    nodes.push({ ...n, inputs: n.inputs.map(mapRef) });
    newIndex[i] = nodes.length - 1;
  });
  const outputs = g.outputs.map((o) => ({ name: o.name, ref: mapRef(o.ref) }));
  const weights = new Uint8Array(size);
  for (const [to, from, len] of parts) weights.set(m.weights.subarray(from, from + len), to);
  return { graph: { ...g, constants, nodes, outputs }, weights };
}

/** All passes in order: fold constants, fuse, remove dead nodes. */
export function optimizeIr(m: IrModel): IrModel {
  return removeDeadNodes(fuseOps(removeDeadNodes(foldConstants(m))));
}

export type { IrAttr };
