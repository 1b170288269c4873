/**
 * Sprout's one internal graph form, shared by every model format (TF.js layers and graph models,
 * TFLite). Loaders translate a file into an `IrGraph`; the compiler (passes over this form) folds
 * constants, fuses bias/activation into convolutions and matmuls, removes dead nodes, and then
 * plans execution once; the zoo stores models in this form (JSON + one weights blob).
 *
 * Design rules:
 * - Nodes are in topological order; a node reads values produced earlier (or graph inputs and
 *   constants) by index, never by name, so running a plan needs no lookups.
 * - Ops are Sprout front-end ops with TF.js names and attribute names (`conv2d` with strides, pad,
 *   dilations; `fused.conv2d` with bias and activation; `add`; `reshape`; …), so a node runs by
 *   calling the op, and every backend runs every model.
 * - Shapes are NHWC. Graph inputs may leave dimensions unknown (-1); ops whose attributes come
 *   from run-time values (a Reshape to a computed shape) are `dynamic` nodes (dynamic-ops.ts).
 * - Graphs with TF1 control flow use `cf.*` nodes (a loop Merge names its NextIteration in
 *   attrs.backEdge, the one edge that points forward), and `ta.*` / `tl.*` nodes for TensorArrays
 *   and TensorLists; they run on the dynamic executor (control-flow.ts, dynamic-executor.ts).
 */
import type { DType } from '../../core/dtype.js';

/** A value in the graph: a graph input, a constant, or output `output` of node `node`. */
export type ValueRef =
  | { kind: 'input'; index: number }
  | { kind: 'const'; index: number }
  | { kind: 'node'; node: number; output: number };

/** A tensor-valued attribute (weights, biases) is a constant reference; the rest are plain JSON. */
export type IrAttr = number | string | boolean | null | number[] | number[][] | string[] | { [k: string]: IrAttr };

export interface IrNode {
  /** Front-end op name, e.g. 'fused.conv2d', 'depthwiseConv2d', 'add', 'reshape', 'softmax'. */
  op: string;
  /** Tensor inputs, in the op's argument order. */
  inputs: ValueRef[];
  /** Non-tensor arguments by TF.js name. */
  attrs: Record<string, IrAttr>;
  /** Number of outputs (1 for most ops). */
  numOutputs: number;
  /** The original node or layer name, for errors and cutting models. */
  name: string;
}

export interface IrConstant {
  name: string;
  shape: number[];
  dtype: DType;
  /** Byte offset and length in the weights blob (float32 / int32 / uint8 for bool). */
  offset: number;
  byteLength: number;
}

export interface IrGraph {
  format: 'sprout-ir';
  version: 1;
  inputs: { name: string; shape: number[]; dtype: DType }[];
  outputs: { name: string; ref: ValueRef }[];
  constants: IrConstant[];
  nodes: IrNode[];
}
