/**
 * An IrGraph and its weights blob ↔ JSON text + one ArrayBuffer, the form the zoo stores.
 * The JSON is the graph itself (it is plain data); the ArrayBuffer is a copy of the blob.
 * Loading checks the structure (format, version, constants inside the blob, value references,
 * topological order) so a damaged file fails with a clear message instead of at run time.
 */
import { DTYPES, type DType } from '../../core/dtype.js';
import { describeValue, raise } from '../../errors/index.js';
import type { IrGraph, ValueRef } from './graph.js';

/** A serialized IR model: the graph as JSON text and the weights as one ArrayBuffer. */
export interface SerializedIr {
  json: string;
  weights: ArrayBuffer;
}

const OP = 'deserializeIr';
const bad = (detail: string): never => raise('ir.badGraph', { op: OP, detail });
const isInt = (v: unknown, min = 0): v is number => Number.isInteger(v) && (v as number) >= min;
/** Input shapes may leave dimensions unknown (-1), e.g. COCO-SSD's [-1, -1, -1, 3]; constants may not. */
const isShape = (s: unknown, allowUnknown: boolean): s is number[] =>
  Array.isArray(s) && s.every((d) => isInt(d) || (allowUnknown && d === -1));

/** Serializes a graph and its weights blob (the blob is copied into a standalone ArrayBuffer). */
export function serializeIr(graph: IrGraph, weights: Uint8Array | ArrayBuffer): SerializedIr {
  const bytes = weights instanceof Uint8Array ? weights : new Uint8Array(weights);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return { json: JSON.stringify(graph), weights: copy.buffer };
}

/** Parses and checks a serialized graph; returns the graph and a view of the weights. */
export function deserializeIr(json: string | object, weights: ArrayBuffer | Uint8Array): { graph: IrGraph; weights: Uint8Array } {
  let g: unknown;
  if (typeof json === 'string') {
    try {
      g = JSON.parse(json);
    } catch (e) {
      bad(`the JSON does not parse (${e instanceof Error ? e.message : String(e)})`);
    }
  } else {
    g = json;
  }
  const blob = weights instanceof Uint8Array ? weights : new Uint8Array(weights);
  validateIr(g, blob.byteLength);
  return { graph: g as IrGraph, weights: blob };
}

function checkRef(r: unknown, where: string, g: IrGraph, before: number): void {
  const ref = r as ValueRef;
  if (!ref || typeof ref !== 'object') return bad(`${where} must be a value reference, got ${describeValue(r)}`);
  if (ref.kind === 'input') {
    if (!isInt(ref.index) || ref.index >= g.inputs.length) bad(`${where} refers to input ${ref.index}, which does not exist`);
  } else if (ref.kind === 'const') {
    if (!isInt(ref.index) || ref.index >= g.constants.length) bad(`${where} refers to constant ${ref.index}, which does not exist`);
  } else if (ref.kind === 'node') {
    if (!isInt(ref.node) || ref.node >= before) bad(`${where} refers to node ${ref.node}, which is not an earlier node (nodes must be in topological order)`);
    if (!isInt(ref.output) || ref.output >= g.nodes[ref.node].numOutputs) bad(`${where} refers to output ${ref.output} of node ${ref.node}, which it does not have`);
  } else {
    bad(`${where} has unknown kind ${describeValue((ref as { kind: unknown }).kind)}`);
  }
}

/** Checks that `g` is a well-formed IrGraph whose constants fit a blob of `blobBytes` bytes. */
export function validateIr(g: unknown, blobBytes: number): asserts g is IrGraph {
  const graph = g as IrGraph;
  if (!graph || typeof graph !== 'object') bad(`expected an object, got ${describeValue(g)}`);
  if (graph.format !== 'sprout-ir') bad(`format must be 'sprout-ir', got ${describeValue(graph.format)}`);
  if (graph.version !== 1) bad(`version ${describeValue(graph.version)} is not supported (this Sprout reads version 1)`);
  for (const k of ['inputs', 'outputs', 'constants', 'nodes'] as const) if (!Array.isArray(graph[k])) bad(`'${k}' must be an array`);
  const dtype = (d: unknown, where: string) => { if (!DTYPES.includes(d as DType)) bad(`${where}: dtype must be one of ${DTYPES.join(', ')}, got ${describeValue(d)}`); };
  graph.inputs.forEach((x, i) => {
    if (typeof x?.name !== 'string' || !isShape(x.shape, true)) bad(`inputs[${i}] must have a name and a shape`);
    dtype(x.dtype, `inputs[${i}]`);
  });
  graph.constants.forEach((c, i) => {
    const where = `constants[${i}]`;
    if (typeof c?.name !== 'string' || !isShape(c.shape, false)) bad(`${where} must have a name and a shape of non-negative integers`);
    dtype(c.dtype, where);
    const need = c.shape.reduce((a, b) => a * b, 1) * (c.dtype === 'bool' ? 1 : 4);
    if (c.byteLength !== need) bad(`${where} ('${c.name}'): byteLength ${describeValue(c.byteLength)} does not match shape [${c.shape}] of ${c.dtype} (${need} bytes)`);
    if (!isInt(c.offset) || c.offset + c.byteLength > blobBytes) bad(`${where} ('${c.name}'): bytes ${c.offset}..${c.offset + c.byteLength} lie outside the weights (${blobBytes} bytes)`);
  });
  graph.nodes.forEach((n, i) => {
    const where = `nodes[${i}]`;
    if (typeof n?.op !== 'string' || typeof n.name !== 'string') bad(`${where} must have an op and a name`);
    if (!isInt(n.numOutputs, 1)) bad(`${where} ('${n.name}'): numOutputs must be a positive integer`);
    if (!Array.isArray(n.inputs)) bad(`${where} ('${n.name}'): inputs must be an array`);
    if (!n.attrs || typeof n.attrs !== 'object') bad(`${where} ('${n.name}'): attrs must be an object`);
    n.inputs.forEach((r, k) => checkRef(r, `${where} ('${n.name}') input ${k}`, graph, i));
  });
  graph.outputs.forEach((o, i) => {
    if (typeof o?.name !== 'string') bad(`outputs[${i}] must have a name`);
    checkRef(o.ref, `outputs[${i}] ('${o.name}')`, graph, graph.nodes.length);
  });
}
