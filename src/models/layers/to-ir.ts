/**
 * Translates a LayersModel (Sequential, functional, cut or nested) into Sprout IR, for one set
 * of per-example input shapes (the batch stays free: -1). Walks the model's layer calls from its
 * inputs to its outputs; weights become constants holding their current values.
 */
import { InputLayer, type Layer, type Shape, type SymbolicTensor } from '../../nn/layers/index.js';
import { LayersModel } from '../../nn/model/model.js';
import type { IrModel } from '../compiler/passes.js';
import type { ValueRef } from '../ir/graph.js';
import { IrBuilder } from './builder.js';
import { translatorOf } from './translators.js';

type Node = Layer['inboundNodes'][number];

/** The layer calls from `inputs` to `outputs`, in an order where each comes after its inputs. */
function callsOf(model: LayersModel): Node[] {
  const inputIds = new Set(model.inputs.map((t) => t.id));
  const seen = new Set<Node>();
  const order: Node[] = [];
  // Iterative depth-first walk (deep models would overflow a recursive one).
  const stack: { node: Node; next: number }[] = [];
  const push = (t: SymbolicTensor) => {
    if (inputIds.has(t.id)) return;
    const node = t.sourceLayer.inboundNodes[t.nodeIndex];
    if (!node || seen.has(node)) return;
    seen.add(node);
    stack.push({ node, next: 0 });
  };
  for (const y of model.outputs) {
    push(y);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.next < top.node.inputTensors.length) push(top.node.inputTensors[top.next++]);
      else order.push(stack.pop()!.node);
    }
  }
  return order;
}

/**
 * Layer classes of `model` (nested models included) that have no IR translation (a model with
 * any runs predict layer by layer).
 *
 * @example
 * const missing = untranslatableLayers(model); // e.g. ['MyCustomLayer']
 */
export function untranslatableLayers(model: LayersModel): string[] {
  const out = new Set<string>();
  for (const node of callsOf(model)) {
    const l = node.outboundLayer;
    if (isNestedModel(l)) untranslatableLayers(l).forEach((c) => out.add(c));
    else if (!(l instanceof InputLayer) && !translatorOf(l)) out.add(l.getClassName());
  }
  return [...out];
}

const isNestedModel = (l: Layer): l is LayersModel => l instanceof LayersModel;

interface Value { ref: ValueRef; shape: Shape }

/** Emits a model's calls, its inputs bound to `ins`; returns its outputs, or null if a call has no IR form. */
function emitModel(model: LayersModel, ins: Value[], b: IrBuilder): Value[] | null {
  const values = new Map<number, Value>();
  model.inputs.forEach((t, i) => values.set(t.id, ins[i]));
  for (const node of callsOf(model)) {
    const layer = node.outboundLayer;
    const args = node.inputTensors.map((t) => values.get(t.id));
    if (args.some((v) => !v)) return null;
    const inShapes = args.map((v) => v!.shape);
    let outs: Value[] | null;
    if (isNestedModel(layer)) {
      outs = emitModel(layer, args as Value[], b);
    } else {
      const translate = translatorOf(layer);
      if (!translate) return null;
      const list = !!node.callArgs.__list || inShapes.length > 1;
      const shapes = layer.computeOutputShape(list ? inShapes : inShapes[0]);
      const outShapes = (Array.isArray(shapes[0]) ? shapes : [shapes]) as Shape[];
      // Sizes that are unknown or empty: left to layer-by-layer predict (and its error messages).
      if (outShapes.some((s) => s.slice(1).some((d) => d === null || d <= 0))) return null;
      const first = b.nodes.length;
      const refs = translate(layer, { b, ins: args.map((v) => v!.ref), inShapes, outShapes });
      if (!refs || refs.length !== node.outputTensors.length) return null;
      // The node making a layer's (first) output carries the layer's name (cut plans, messages).
      if (refs[0].kind === 'node' && refs[0].node >= first) b.nodes[refs[0].node].name = layer.name;
      outs = refs.map((ref, i) => ({ ref, shape: outShapes[i] }));
    }
    if (!outs || outs.length !== node.outputTensors.length) return null;
    node.outputTensors.forEach((t, i) => values.set(t.id, outs![i]));
  }
  const res = model.outputs.map((t) => values.get(t.id));
  return res.some((v) => !v) ? null : (res as Value[]);
}

/**
 * The model as an IR graph for inputs of these per-example shapes (without the batch; default:
 * the model's input shapes, which must then be fully known), with its current weights as
 * constants; null when a layer (or an option of one) has no IR translation. The graph is not
 * optimized: run `optimizeIr` on it.
 *
 * @example
 * const ir = sprout.layersModelToIr(model);
 * if (ir) console.log(ir.graph.nodes.length, 'nodes,', ir.weights.byteLength, 'weight bytes');
 */
export function layersModelToIr(model: LayersModel, exampleShapes?: number[][]): IrModel | null {
  if (untranslatableLayers(model).length) return null;
  const b = new IrBuilder();
  const ins = model.inputs.map((t, i) => {
    const dims = exampleShapes?.[i] ?? t.shape.slice(1);
    if (dims.length !== t.shape.length - 1 || dims.some((d) => d === null || !(d > 0))) return null;
    const shape: Shape = [null, ...dims];
    return { ref: b.input(t.sourceLayer.name, [-1, ...(dims as number[])]), shape };
  });
  if (ins.some((v) => !v)) return null;
  const outs = emitModel(model, ins as Value[], b);
  if (!outs) return null;
  const names = new Map<string, number>();
  return b.finish(outs.map((v, i) => {
    const base = model.outputs[i].sourceLayer.name;
    const k = names.get(base) ?? 0;
    names.set(base, k + 1);
    return { name: k ? `${base}_${k}` : base, ref: v.ref };
  }));
}
