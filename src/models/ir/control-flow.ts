/**
 * TF1 control flow in Sprout IR, and the analysis that finds its loops.
 *
 * Form (plain data, so it serializes with the rest of the graph):
 * - `cf.enter` (attrs.frame: the loop's frame name) brings a value into a loop. Loop invariants
 *   (TF's `is_constant` Enter) get no node at all: the body reads the outer value, so whatever
 *   depends only on invariants is computed once, outside the loop (and folded when constant).
 * - `cf.merge` (2 outputs: value, input index). In a loop it has the entering value as its one
 *   input and names its back edge in attrs.backEdge (the name of a `cf.nextIteration` node): the
 *   only edge that points forward, kept out of `inputs` so nodes stay in topological order.
 * - `cf.switch` (2 outputs: false branch, true branch), `cf.loopCond`, `cf.exit`, `cf.nextIteration`.
 * - `ta.*` (TensorArray) and `tl.*` (TensorList) ops carry non-tensor values (handles, lists).
 *
 * A loop is a frame: the `cf.enter` nodes with one frame name under one parent frame, and every
 * node whose inputs come from it. `analyzeFrames` gives each node its frame and lists every
 * construct that cannot run, all at once.
 */
import { raise } from '../../errors/index.js';
import type { IrNode, ValueRef } from './graph.js';

/** TF op names of the control-flow, TensorArray and TensorList ops the graph loader translates. */
export const CONTROL_FLOW_OPS = [
  'Enter', 'Exit', 'Merge', 'Switch', 'NextIteration', 'LoopCond',
  'TensorArrayV3', 'TensorArrayScatterV3', 'TensorArrayWriteV3', 'TensorArrayReadV3', 'TensorArraySizeV3',
  'TensorArrayGatherV3', 'TensorArrayConcatV3', 'TensorArraySplitV3', 'TensorArrayCloseV3',
  'TensorListReserve', 'EmptyTensorList', 'TensorListFromTensor', 'TensorListSetItem', 'TensorListGetItem',
  'TensorListStack', 'TensorListLength', 'TensorListPushBack', 'TensorListPopBack', 'TensorListGather',
  'TensorListScatterV2', 'TensorListScatterIntoExistingList', 'TensorListConcatV2', 'TensorListSplit',
  'TensorListElementShape', 'TensorListResize',
];

/**
 * True for IR ops only the dynamic executor runs (control flow, TensorArray, TensorList).
 *
 * @example
 * isDynamicOp('cf.merge'); // true
 * isDynamicOp('fused.conv2d'); // false
 */
export function isDynamicOp(op: string): boolean {
  return op.startsWith('cf.') || op.startsWith('ta.') || op.startsWith('tl.');
}

/**
 * True when a graph needs the dynamic executor.
 *
 * @example
 * const executor = needsDynamicExecutor(graph.nodes) ? new DynamicExecutor(graph, weights) : new IrExecutor(graph, weights);
 */
export function needsDynamicExecutor(nodes: IrNode[]): boolean {
  return nodes.some((n) => isDynamicOp(n.op));
}

export interface Frame {
  name: string;
  /** Parent frame index (-1 for the root). */
  parent: number;
  depth: number;
  loopCond: number;
  /** Loop merges (with a back edge) and the node index of each one's NextIteration. */
  merges: number[];
  nextOf: number[];
  exits: number[];
}

export interface FrameAnalysis {
  /** Frame of each node (0 = root, outside every loop). */
  frameOf: Int32Array;
  frames: Frame[];
  problems: string[];
}

/**
 * Gives every node its frame and collects what cannot run.
 *
 * @example
 * const { frameOf, frames, problems } = analyzeFrames(graph.nodes);
 * const inLoop = graph.nodes.filter((_, i) => frameOf[i] > 0); // COCO-SSD: 17 nodes
 */
export function analyzeFrames(nodes: IrNode[]): FrameAnalysis {
  const frames: Frame[] = [{ name: '', parent: -1, depth: 0, loopCond: -1, merges: [], nextOf: [], exits: [] }];
  const frameOf = new Int32Array(nodes.length);
  const problems: string[] = [];
  const byName = new Map<string, number>();
  nodes.forEach((n, i) => byName.set(n.name, i));
  const isAncestor = (a: number, b: number): boolean => {
    for (let f = b; f >= 0; f = frames[f].parent) if (f === a) return true;
    return false;
  };
  const valueFrame = (r: ValueRef): number => {
    if (r.kind !== 'node') return 0;
    const f = frameOf[r.node];
    return nodes[r.node].op === 'cf.exit' ? Math.max(frames[f].parent, 0) : f;
  };
  nodes.forEach((n, i) => {
    let f = 0;
    for (const r of n.inputs) {
      const g = valueFrame(r);
      if (isAncestor(f, g)) f = g;
      else if (!isAncestor(g, f)) problems.push(`node '${n.name}' (${n.op}) mixes values of two different loops ('${frames[f].name}' and '${frames[g].name}')`);
    }
    if (n.op === 'cf.enter') {
      const name = String(n.attrs.frame ?? '');
      let k = frames.findIndex((x) => x.parent === f && x.name === name);
      if (k < 0) {
        frames.push({ name, parent: f, depth: frames[f].depth + 1, loopCond: -1, merges: [], nextOf: [], exits: [] });
        k = frames.length - 1;
      }
      f = k;
    }
    frameOf[i] = f;
    const fr = frames[f];
    if (n.op === 'cf.merge' && typeof n.attrs.backEdge === 'string') {
      if (f === 0) problems.push(`Merge '${n.name}' has a NextIteration input but is not inside a loop (no Enter before it)`);
      const k = byName.get(n.attrs.backEdge);
      if (k === undefined || nodes[k].op !== 'cf.nextIteration') problems.push(`Merge '${n.name}' names its back edge '${n.attrs.backEdge}', which is not a NextIteration node`);
      fr.merges.push(i);
      fr.nextOf.push(k ?? -1);
    } else if (n.op === 'cf.loopCond') {
      if (fr.loopCond >= 0) problems.push(`loop '${fr.name}' has two LoopCond nodes ('${nodes[fr.loopCond].name}' and '${n.name}')`);
      fr.loopCond = i;
    } else if (n.op === 'cf.exit') {
      if (f === 0) problems.push(`Exit '${n.name}' is not inside a loop`);
      fr.exits.push(i);
    } else if (n.op === 'cf.nextIteration' && f === 0) {
      problems.push(`NextIteration '${n.name}' is not inside a loop`);
    }
  });
  frames.forEach((fr, k) => {
    if (k === 0) return;
    if (fr.loopCond < 0) problems.push(`loop '${fr.name}' has no LoopCond (it could never stop)`);
    if (!fr.merges.length) problems.push(`loop '${fr.name}' has no Merge with a NextIteration input (nothing changes between iterations)`);
    fr.merges.forEach((m, j) => {
      const nx = fr.nextOf[j];
      if (nx >= 0 && frameOf[nx] !== k) problems.push(`NextIteration '${nodes[nx].name}' of Merge '${nodes[m].name}' is not in the same loop`);
    });
  });
  return { frameOf, frames, problems };
}

/**
 * Raises one error listing every control-flow construct of a graph that cannot run.
 *
 * @example
 * checkControlFlow(graph.nodes, 'model.json', 'loadGraphModel'); // throws graph.unsupportedControlFlow
 */
export function checkControlFlow(nodes: IrNode[], file: string, op: string): void {
  if (!needsDynamicExecutor(nodes)) return;
  const { problems } = analyzeFrames(nodes);
  if (problems.length) raise('graph.unsupportedControlFlow', { op, file, count: problems.length, problems: problems.map((p, k) => `(${k + 1}) ${p}`).join('; ') });
}
