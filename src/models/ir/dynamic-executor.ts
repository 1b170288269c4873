/**
 * Runs an IrGraph with TF1 control flow (see control-flow.ts), TensorArrays and TensorLists.
 *
 * Planning (once per choice of outputs) turns the graph into regions: the root region and one per
 * loop frame. A region is a list of items in dependency order: a node step, or a nested loop run as
 * one unit. Every value reference is resolved to a slot index and every op to its function, so a
 * run does no name lookups. Everything outside loops (for COCO-SSD: the whole network after the
 * preprocessing loop) runs once in the root region, with each value freed after its last use;
 * loop invariants were hoisted out of the loop by the translator, and constant parts folded by
 * the compiler, so a loop iteration runs only the nodes that really change.
 *
 * Values that are not taken travel as DEAD (the untaken branch of a Switch): a node with a DEAD
 * input is skipped and its outputs are DEAD; a Merge passes on its live input. A loop runs its
 * region until its LoopCond is false; the Exits are live in that last pass. A loop that runs past
 * `maxLoopIterations` stops with an error instead of hanging.
 */
import { raise, SproutError, describeValue } from '../../errors/index.js';
import { cast, ENGINE, Tensor } from '../../tensor/index.js';
import { analyzeFrames, type FrameAnalysis } from './control-flow.js';
import { checkShape, IR_OPS, isIrOp, makeConstants, weightBytesOf, type IrOpFn } from './execute.js';
import type { IrAttr, IrGraph, ValueRef } from './graph.js';
import { LIST_OPS, type ListOpFn } from './tensor-lists.js';

/** The value of a branch not taken. */
const DEAD = Object.freeze({ dead: true });

const OP = 'execute';

/** Default bound on the iterations of one loop run (generous: COCO-SSD's loop runs once per image). */
export const DEFAULT_MAX_LOOP_ITERATIONS = 100_000;

type Kind = 0 | 1 | 2; // 0 tensor op, 1 list op, 2 control flow
interface Step {
  index: number;
  name: string;
  op: string;
  kind: Kind;
  tensorFn?: IrOpFn;
  listFn?: ListOpFn;
  attrs: Record<string, IrAttr>;
  inSlots: Int32Array;
  outSlot: number;
  numOutputs: number;
}
interface LoopUnit {
  frame: string;
  region: Region;
  /** Per loop merge: its step, and the slot of its NextIteration's value. */
  merges: { step: Step; nextSlot: number }[];
  condSlot: number;
  condName: string;
}
interface Item {
  step?: Step;
  loop?: LoopUnit;
  /** Slots to free after this item (root region only). */
  free: Int32Array;
}
interface Region {
  items: Item[];
  /** Slots produced in this region (its nodes and its nested loops' exits), freed each iteration. */
  owned: Int32Array;
  /** Slots that survive an iteration: the region's own exits (the parent's values). */
  exitSlots: Int32Array;
}

export interface DynamicPlan {
  numSlots: number;
  root: Region;
  outputSlots: Int32Array;
  numNodes: number;
}

/**
 * Runs graphs with control flow; the same interface as IrExecutor.
 *
 * @example
 * const ex = new DynamicExecutor(graph, weights);
 * const [scores, boxes] = sprout.tidy(() => ex.run([image]));
 */
export class DynamicExecutor {
  readonly graph: IrGraph;
  /** Bound on the iterations of one loop run. */
  maxLoopIterations = DEFAULT_MAX_LOOP_ITERATIONS;
  /** Peak bytes of the tensors held in slots during the last run (each data buffer counted once; inputs and weights not counted). */
  peakBytes = 0;
  private consts: Tensor[] = [];
  private nodeBase: Int32Array;
  private numSlots: number;
  private frames: FrameAnalysis;
  private plans = new Map<string, DynamicPlan>();
  private defaultPlan: DynamicPlan;
  private disposed = false;

  constructor(graph: IrGraph, weights: ArrayBuffer | Uint8Array) {
    this.graph = graph;
    const blob = weights instanceof Uint8Array ? weights : new Uint8Array(weights);
    let slot = graph.inputs.length + graph.constants.length;
    this.nodeBase = new Int32Array(graph.nodes.length);
    graph.nodes.forEach((n, i) => { this.nodeBase[i] = slot; slot += n.numOutputs; });
    this.numSlots = slot;
    this.frames = analyzeFrames(graph.nodes);
    if (this.frames.problems.length) {
      raise('graph.unsupportedControlFlow', { op: OP, file: 'graph', count: this.frames.problems.length, problems: this.frames.problems.join('; ') });
    }
    this.defaultPlan = this.buildPlan(graph.outputs.map((o) => o.ref));
    this.consts = makeConstants(graph, blob);
  }

  private slotOf(r: ValueRef): number {
    const g = this.graph;
    if (r.kind === 'input') return r.index;
    if (r.kind === 'const') return g.inputs.length + r.index;
    return this.nodeBase[r.node] + r.output;
  }

  private buildPlan(outputs: ValueRef[]): DynamicPlan {
    const g = this.graph;
    const nodes = g.nodes;
    const { frameOf, frames } = this.frames;
    const byName = new Map<string, number>();
    nodes.forEach((n, i) => byName.set(n.name, i));
    // Needed nodes: back from the outputs through inputs and loop back edges.
    const needed = new Uint8Array(nodes.length);
    const stack: number[] = [];
    for (const r of outputs) if (r.kind === 'node') stack.push(r.node);
    while (stack.length) {
      const i = stack.pop()!;
      if (needed[i]) continue;
      needed[i] = 1;
      for (const r of nodes[i].inputs) if (r.kind === 'node') stack.push(r.node);
      const be = nodes[i].attrs.backEdge;
      if (typeof be === 'string' && byName.has(be)) stack.push(byName.get(be)!);
      // A loop runs until its LoopCond says stop: every needed loop needs its condition.
      const f = frameOf[i];
      for (let k = f; k > 0; k = frames[k].parent) if (frames[k].loopCond >= 0 && !needed[frames[k].loopCond]) stack.push(frames[k].loopCond);
    }
    const steps = new Map<number, Step>();
    nodes.forEach((n, i) => {
      if (!needed[i]) return;
      const kind: Kind = n.op.startsWith('cf.') ? 2 : n.op.startsWith('ta.') || n.op.startsWith('tl.') ? 1 : 0;
      const tensorFn = kind === 0 && isIrOp(n.op) ? IR_OPS[n.op] : undefined; // own names only: never 'constructor'
      const listFn = kind === 1 && Object.hasOwn(LIST_OPS, n.op) ? LIST_OPS[n.op] : undefined;
      if ((kind === 0 && !tensorFn) || (kind === 1 && !listFn)) raise('ir.badGraph', { op: OP, detail: `node ${i} '${n.name}' uses op '${n.op}', which the executor does not know` });
      steps.set(i, {
        index: i, name: n.name, op: n.op, kind, tensorFn, listFn, attrs: n.attrs ?? {},
        inSlots: Int32Array.from(n.inputs, (r) => this.slotOf(r)), outSlot: this.nodeBase[i], numOutputs: n.numOutputs,
      });
    });
    const childOf = (f: number, g2: number): number => { // ancestor of g2 that is a child of f (or -1 when g2 === f)
      let k = g2;
      while (k >= 0 && frames[k].parent !== f) { if (k === f) return -1; k = frames[k].parent; }
      return k === f ? -1 : k;
    };
    const outputSlots = Int32Array.from(outputs, (r) => this.slotOf(r));
    const isOutput = new Uint8Array(this.numSlots);
    for (const s of outputSlots) isOutput[s] = 1;
    const producer = new Int32Array(this.numSlots).fill(-1);
    nodes.forEach((n, i) => { for (let k = 0; k < n.numOutputs; k++) producer[this.nodeBase[i] + k] = i; });

    const buildRegion = (f: number, members: number[]): Region => {
      // Items at this level: direct nodes, and one unit per child loop.
      const itemOf = new Map<number, number>(); // node → item index
      const groups: { node?: number; child?: number; members: number[] }[] = [];
      const childItem = new Map<number, number>();
      for (const i of members) {
        const c = frameOf[i] === f ? -1 : childOf(f, frameOf[i]);
        if (c < 0) { groups.push({ node: i, members: [i] }); itemOf.set(i, groups.length - 1); continue; }
        let k = childItem.get(c);
        if (k === undefined) { groups.push({ child: c, members: [] }); k = groups.length - 1; childItem.set(c, k); }
        groups[k].members.push(i);
        itemOf.set(i, k);
      }
      // Order items by their dependencies (a child loop after everything its nodes read).
      const deps = groups.map((gr, k) => {
        const d = new Set<number>();
        for (const i of gr.members) for (const r of nodes[i].inputs) {
          if (r.kind !== 'node') continue;
          const j = itemOf.get(r.node);
          if (j !== undefined && j !== k) d.add(j);
        }
        return d;
      });
      const users: number[][] = groups.map(() => []);
      const indeg = deps.map((d, k) => { for (const j of d) users[j].push(k); return d.size; });
      const first = groups.map((gr) => Math.min(...gr.members));
      const ready: number[] = [];
      indeg.forEach((d, k) => { if (!d) ready.push(k); });
      const order: number[] = [];
      while (ready.length) {
        let b = 0;
        for (let q = 1; q < ready.length; q++) if (first[ready[q]] < first[ready[b]]) b = q;
        const k = ready.splice(b, 1)[0];
        order.push(k);
        for (const u of users[k]) if (--indeg[u] === 0) ready.push(u);
      }
      if (order.length !== groups.length) raise('ir.badGraph', { op: OP, detail: `the nodes of loop '${frames[f].name || '(root)'}' depend on each other in a cycle` });
      const items: Item[] = order.map((k) => {
        const gr = groups[k];
        if (gr.node !== undefined) return { step: steps.get(gr.node)!, free: new Int32Array(0) };
        const fr = frames[gr.child!];
        const region = buildRegion(gr.child!, gr.members);
        return {
          loop: {
            frame: fr.name, region, condSlot: this.nodeBase[fr.loopCond], condName: nodes[fr.loopCond].name,
            merges: fr.merges.filter((m) => needed[m]).map((m) => ({ step: steps.get(m)!, nextSlot: this.nodeBase[fr.nextOf[fr.merges.indexOf(m)]] })),
          },
          free: new Int32Array(0),
        };
      });
      // Slots this region owns: its nodes' outputs and its child loops' exits.
      const owned: number[] = [];
      const exitSlots: number[] = [];
      for (const i of members) {
        const n = nodes[i];
        const direct = frameOf[i] === f;
        const childExit = !direct && n.op === 'cf.exit' && frames[frameOf[i]].parent === f;
        if (direct && n.op === 'cf.exit') { exitSlots.push(this.nodeBase[i]); continue; }
        if (direct || childExit) for (let k = 0; k < n.numOutputs; k++) owned.push(this.nodeBase[i] + k);
      }
      // Root: free each owned slot after the item of its last reader.
      if (f === 0) {
        const pos = new Map<number, number>();
        order.forEach((k, p) => { for (const i of groups[k].members) pos.set(i, p); });
        const last = new Map<number, number>();
        for (const s of owned) last.set(s, pos.get(producer[s])!);
        for (const i of members) for (const r of nodes[i].inputs) {
          if (r.kind !== 'node') continue;
          const s = this.slotOf(r);
          if (last.has(s)) last.set(s, Math.max(last.get(s)!, pos.get(i)!));
        }
        const frees: number[][] = items.map(() => []);
        for (const [s, p] of last) if (!isOutput[s]) frees[p].push(s);
        items.forEach((it, p) => { it.free = Int32Array.from(frees[p]); });
      }
      return { items, owned: Int32Array.from(owned.filter((s) => !isOutput[s])), exitSlots: Int32Array.from(exitSlots) };
    };
    const members: number[] = [];
    needed.forEach((v, i) => { if (v) members.push(i); });
    return { numSlots: this.numSlots, root: buildRegion(0, members), outputSlots, numNodes: members.length };
  }

  /** The plan for outputs named `names` (graph output names, or node names for a node's first output). */
  planFor(names?: string[]): DynamicPlan {
    if (!names) return this.defaultPlan;
    const key = JSON.stringify(names);
    let plan = this.plans.get(key);
    if (!plan) {
      const g = this.graph;
      const refs = names.map((name) => {
        const out = g.outputs.find((o) => o.name === name);
        if (out) return out.ref;
        const m = /^(.*?)(?::(\d+))?$/.exec(name)!;
        const k = g.nodes.findIndex((n) => n.name === m[1]);
        if (k >= 0) return { kind: 'node', node: k, output: m[2] ? Number(m[2]) : 0 } as ValueRef;
        const j = g.inputs.findIndex((n) => n.name === name);
        if (j >= 0) return { kind: 'input', index: j } as ValueRef;
        return raise('op.badArgument', { op: OP, param: 'outputs', expected: `must name graph outputs (${g.outputs.map((o) => `'${o.name}'`).join(', ')}) or nodes of the graph`, got: `'${name}'` });
      });
      plan = this.buildPlan(refs);
      this.plans.set(key, plan);
    }
    return plan;
  }

  /** Runs a plan; returns new tensors the caller owns. Call inside a tidy: stored list items are freed with it. */
  run(inputs: Tensor[], plan: DynamicPlan = this.defaultPlan, op = OP): Tensor[] {
    if (this.disposed) raise('model.disposed', { op });
    const g = this.graph;
    const slots = new Array<unknown>(plan.numSlots);
    const nIn = g.inputs.length;
    for (let i = 0; i < nIn; i++) {
      let t = inputs[i];
      const spec = g.inputs[i];
      if (!(t instanceof Tensor)) raise('op.badArgument', { op, param: `inputs[${i}] ('${spec.name}')`, expected: 'must be a Tensor', got: describeValue(t) });
      checkShape(op, spec.name, spec.shape, t.shape, i);
      if (t.dtype !== spec.dtype) t = cast(t, spec.dtype);
      slots[i] = t;
    }
    for (let c = 0; c < this.consts.length; c++) slots[nIn + c] = this.consts[c];
    const ctx: RunCtx = { slots, op, maxIter: this.maxLoopIterations, current: undefined, refs: new Map(), live: 0, peak: 0 };
    for (let s = 0; s < nIn + this.consts.length; s++) ctx.refs.set((slots[s] as Tensor).dataKey, -1);
    try {
      for (const it of plan.root.items) {
        runItem(ctx, it);
        for (const s of it.free) release(ctx, s);
      }
      this.peakBytes = ctx.peak;
    } catch (e) {
      if (!ctx.current || (e instanceof SproutError && e.code.startsWith('graph.'))) throw e;
      const reason = e instanceof Error ? e.message : String(e);
      const err = new SproutError('ir.nodeFailed', { op, index: ctx.current.index, name: ctx.current.name, irOp: ctx.current.op, reason });
      (err as { cause?: unknown }).cause = e;
      throw err;
    }
    const handed = new Set<number>();
    return Array.from(plan.outputSlots, (s) => {
      const t = slots[s];
      if (!(t instanceof Tensor)) return raise('op.badArgument', { op, param: 'outputs', expected: 'must name values that are tensors on the path taken', got: t === DEAD ? 'a branch that was not taken' : describeValue(t) });
      if (!handed.has(s) && s >= nIn + this.consts.length) { handed.add(s); return t; }
      return ENGINE.makeView(t, t.shape);
    });
  }

  get weightBytes(): number {
    return weightBytesOf(this.consts);
  }

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

interface RunCtx {
  slots: unknown[];
  op: string;
  maxIter: number;
  current: Step | undefined;
  /** Slot tensors per data buffer (-1: an input or a weight, not counted), bytes alive, peak. */
  refs: Map<object, number>;
  live: number;
  peak: number;
}

const bytesOf = (t: Tensor) => t.size * (t.dtype === 'bool' ? 1 : 4);

/** Counts a tensor that a slot now holds. */
function hold(ctx: RunCtx, v: unknown): void {
  if (!(v instanceof Tensor)) return;
  const n = ctx.refs.get(v.dataKey) ?? 0;
  if (n < 0) return;
  if (n === 0) { ctx.live += bytesOf(v); if (ctx.live > ctx.peak) ctx.peak = ctx.live; }
  ctx.refs.set(v.dataKey, n + 1);
}

function release(ctx: RunCtx, s: number): void {
  const v = ctx.slots[s];
  ctx.slots[s] = undefined;
  if (!(v instanceof Tensor)) return;
  const n = ctx.refs.get(v.dataKey) ?? 0;
  if (n > 0) {
    if (n === 1) { ctx.live -= bytesOf(v); ctx.refs.delete(v.dataKey); } else ctx.refs.set(v.dataKey, n - 1);
  }
  if (!v.isDisposed) v.dispose();
}

/** A value passed on unchanged: tensors as a view, so each slot owns what it holds. */
const pass = (v: unknown): unknown => (v instanceof Tensor ? ENGINE.makeView(v, v.shape) : v);

function runItem(ctx: RunCtx, it: Item): void {
  if (it.step) {
    runStep(ctx, it.step);
    for (let k = 0; k < it.step.numOutputs; k++) hold(ctx, ctx.slots[it.step.outSlot + k]);
  } else {
    runLoop(ctx, it.loop!);
  }
}

function runStep(ctx: RunCtx, step: Step): void {
  ctx.current = step;
  const { slots } = ctx;
  const { inSlots, outSlot, numOutputs } = step;
  const args = new Array<unknown>(inSlots.length);
  let dead = false;
  for (let k = 0; k < inSlots.length; k++) {
    const v = slots[inSlots[k]];
    if (v === DEAD) dead = true;
    args[k] = v;
  }
  if (step.op === 'cf.merge') {
    const j = args.findIndex((v) => v !== DEAD);
    slots[outSlot] = j < 0 ? DEAD : pass(args[j]);
    slots[outSlot + 1] = j < 0 ? DEAD : ENGINE.makeTensor(Int32Array.of(j), [], 'int32');
    return;
  }
  if (dead) {
    for (let k = 0; k < numOutputs; k++) slots[outSlot + k] = DEAD;
    return;
  }
  if (step.kind === 0) {
    const out = step.tensorFn!(args as Tensor[], step.attrs);
    if (Array.isArray(out)) for (let k = 0; k < numOutputs; k++) slots[outSlot + k] = fresh(out[k], args);
    else slots[outSlot] = fresh(out, args);
  } else if (step.kind === 1) {
    const out = step.listFn!(args, step.attrs, step.name, ctx.op);
    if (numOutputs > 1) for (let k = 0; k < numOutputs; k++) slots[outSlot + k] = (out as unknown[])[k];
    else slots[outSlot] = out;
  } else if (step.op === 'cf.switch') {
    const pred = truth(args[1]);
    slots[outSlot] = pred ? DEAD : pass(args[0]);
    slots[outSlot + 1] = pred ? pass(args[0]) : DEAD;
  } else {
    slots[outSlot] = pass(args[0]); // enter, exit, nextIteration, loopCond
  }
}

function truth(v: unknown): boolean {
  if (!(v instanceof Tensor)) return raise('op.badArgument', { op: 'Switch', param: 'pred', expected: 'must be a boolean tensor', got: describeValue(v) });
  return !!v.dataSync()[0];
}

function fresh(t: Tensor, args: unknown[]): Tensor {
  for (let k = 0; k < args.length; k++) if (args[k] === t) return ENGINE.makeView(t, t.shape);
  return t;
}

function runLoop(ctx: RunCtx, loop: LoopUnit): void {
  const { slots } = ctx;
  const { region, merges } = loop;
  const isMerge = new Set(merges.map((m) => m.step));
  const carried: unknown[] = new Array(merges.length);
  for (let iter = 0; ; iter++) {
    if (iter >= ctx.maxIter) {
      for (const v of carried) if (v instanceof Tensor && !v.isDisposed) v.dispose();
      raise('graph.loopLimit', { op: ctx.op, frame: loop.frame, limit: ctx.maxIter, cond: loop.condName });
    }
    for (const it of region.items) {
      if (it.step && isMerge.has(it.step)) {
        const j = merges.findIndex((m) => m.step === it.step);
        const s = it.step;
        slots[s.outSlot] = iter === 0 ? pass(slots[s.inSlots[0]]) : carried[j];
        slots[s.outSlot + 1] = ENGINE.makeTensor(Int32Array.of(iter === 0 ? 0 : 1), [], 'int32');
        if (iter === 0) hold(ctx, slots[s.outSlot]);
        hold(ctx, slots[s.outSlot + 1]);
        continue;
      }
      runItem(ctx, it);
    }
    const go = truth(slots[loop.condSlot]);
    if (go) {
      // Carry the NextIteration values to the merges; free the rest of the iteration.
      merges.forEach((m, j) => { carried[j] = slots[m.nextSlot]; slots[m.nextSlot] = undefined; });
    }
    for (const s of region.owned) release(ctx, s);
    if (!go) return;
  }
}
