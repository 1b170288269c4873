/**
 * `loadGraphModel`: loads a TF.js graph model (model.json with a GraphDef and binary weight
 * shards, as written by tensorflowjs_converter) without TF.js, translates it to Sprout IR,
 * optimizes it (constant folding, fusion, dead-node removal) and runs it on Sprout's engine.
 * Graphs with TF1 control flow (while loops, conditionals), TensorArrays or TensorLists run on
 * the dynamic executor; all others on the static plan.
 */
import { describeValue, raise } from '../../errors/index.js';
import { cast, expandDims, tensor, tidy, Tensor, type TensorLike } from '../../tensor/index.js';
import { optimizeIr, type OptimizeOptions } from '../compiler/passes.js';
import { IrExecutor } from '../ir/execute.js';
import { needsDynamicExecutor } from '../ir/control-flow.js';
import { DynamicExecutor } from '../ir/dynamic-executor.js';
import type { IrGraph } from '../ir/graph.js';
import { graphToIr, type DecodedWeight } from './to-ir.js';
import { decodeWeights, type WeightSpec } from './weights.js';
import { resolveFileSource, type GraphFileSource } from './source.js';

const OP = 'loadGraphModel';

/** Model artifacts in memory, as TF.js `io.fromMemory` takes them. */
export interface GraphModelArtifacts {
  modelTopology: unknown;
  weightSpecs?: WeightSpec[];
  weightData?: ArrayBuffer | ArrayBuffer[] | ArrayBufferView;
  signature?: unknown;
  format?: string;
}

/** Where a graph model comes from: a URL or path of its model.json, or artifacts in memory. */
export type GraphModelSource = string | URL | GraphModelArtifacts | GraphFileSource;

export interface LoadGraphModelOptions extends OptimizeOptions {
  /** Called with the fraction loaded (0..1) as the model.json and weight shards arrive, and with 1 at the end. */
  onProgress?: (fraction: number) => void;
  /** Custom fetch (e.g. with credentials). */
  fetchFunc?: typeof fetch;
}

/** Model inputs: one tensor, an array in input order, or tensors by input name. */
export type GraphModelInputs = Tensor | TensorLike | Tensor[] | Record<string, Tensor>;

/** Name, shape and dtype of a model input or output. */
export interface GraphTensorInfo {
  name: string;
  shape?: number[];
  dtype: string;
}

/**
 * A loaded graph model. Runs synchronously on the active backend.
 *
 * @example
 * const model = await sprout.loadGraphModel('https://example.com/model/model.json');
 * const y = model.predict(sprout.zeros([1, 224, 224, 3]));
 */
export class GraphModel {
  readonly inputs: GraphTensorInfo[];
  readonly outputs: GraphTensorInfo[];
  /** The (optimized) graph in Sprout IR and its weights blob. */
  readonly graph: IrGraph;
  readonly weights: Uint8Array;
  readonly source: string;
  private readonly executor: IrExecutor | DynamicExecutor;

  /** @internal Use `loadGraphModel`. */
  constructor(graph: IrGraph, weights: Uint8Array, source: string) {
    this.graph = graph;
    this.weights = weights;
    this.source = source;
    this.executor = needsDynamicExecutor(graph.nodes) ? new DynamicExecutor(graph, weights) : new IrExecutor(graph, weights);
    this.inputs = graph.inputs.map((i) => ({ name: i.name, shape: i.shape.slice(), dtype: i.dtype }));
    this.outputs = graph.outputs.map((o) => ({ name: o.name, dtype: 'float32' }));
  }

  get inputNodes(): string[] {
    return this.inputs.map((i) => i.name);
  }

  get outputNodes(): string[] {
    return this.outputs.map((o) => o.name);
  }

  /** Peak bytes of intermediate tensors during the last run. */
  get peakBytes(): number {
    return this.executor.peakBytes;
  }

  /**
   * Runs the model and returns its output (or an array when there are several).
   *
   * @example
   * const model = await sprout.loadGraphModel('mobilenet/model.json');
   * const logits = model.predict(sprout.zeros([1, 224, 224, 3])); // [1, 1001]
   */
  predict(x: GraphModelInputs): Tensor | Tensor[] {
    const out = this.run('predict', x);
    return out.length === 1 ? out[0] : out;
  }

  /** Runs the model for chosen outputs (graph output names or node names; ':0' suffixes allowed). */
  execute(x: GraphModelInputs, outputs?: string | string[]): Tensor | Tensor[] {
    const names = outputs === undefined ? undefined : (Array.isArray(outputs) ? outputs : [outputs]).map((n) => n.replace(/:0$/, ''));
    const out = this.run('execute', x, names);
    return typeof outputs === 'string' || (outputs === undefined && out.length === 1) ? out[0] : out;
  }

  /**
   * `execute` as a promise (the form TF.js requires for models with control flow; Sprout runs
   * them with `execute` too).
   *
   * @example
   * const [scores, boxes] = await model.executeAsync(image) as sprout.Tensor[];
   */
  async executeAsync(x: GraphModelInputs, outputs?: string | string[]): Promise<Tensor | Tensor[]> {
    return this.execute(x, outputs);
  }

  /** True when the graph has control flow (loops, conditionals, TensorArrays) and runs on the dynamic executor. */
  get hasControlFlow(): boolean {
    return this.executor instanceof DynamicExecutor;
  }

  /** Bound on the iterations of one loop run (a loop running longer stops with an error). */
  get maxLoopIterations(): number {
    return this.executor instanceof DynamicExecutor ? this.executor.maxLoopIterations : 0;
  }

  set maxLoopIterations(n: number) {
    if (!(Number.isInteger(n) && n > 0)) raise('op.badArgument', { op: 'maxLoopIterations', param: 'n', expected: 'must be a positive integer', got: describeValue(n) });
    if (this.executor instanceof DynamicExecutor) this.executor.maxLoopIterations = n;
  }

  private run(op: string, x: GraphModelInputs, names?: string[]): Tensor[] {
    if (this.executor.isDisposed) raise('model.disposed', { op });
    const ex = this.executor;
    if (ex instanceof DynamicExecutor) {
      const plan = ex.planFor(names);
      return tidy(() => ex.run(this.prepare(op, x), plan, op));
    }
    const plan = ex.planFor(names);
    return tidy(() => ex.run(this.prepare(op, x), plan, op));
  }

  private prepare(op: string, x: GraphModelInputs): Tensor[] {
    const specs = this.graph.inputs;
    let list: unknown[];
    if (x instanceof Tensor || !x || typeof x !== 'object' || ArrayBuffer.isView(x)) list = [x];
    else if (Array.isArray(x) && x.length === specs.length && x.every((v) => v instanceof Tensor)) list = x;
    else if (Array.isArray(x)) list = [x];
    else {
      const m = x as Record<string, Tensor>;
      list = specs.map((s) => m[s.name] ?? m[`${s.name}:0`]);
    }
    if (list.length !== specs.length || list.some((v) => v === undefined)) {
      raise('op.badArgument', { op, param: 'x', expected: `must give the model's ${specs.length} input(s): ${specs.map((s) => `'${s.name}' [${s.shape}]`).join(', ')}`, got: describeValue(x) });
    }
    return list.map((v, i) => {
      let t = v instanceof Tensor ? v : tensor(v as TensorLike as never);
      if (t.rank === specs[i].shape.length - 1) t = expandDims(t, 0);
      if (t.dtype !== specs[i].dtype) t = cast(t, specs[i].dtype);
      return t;
    });
  }

  dispose(): void {
    this.executor.dispose();
  }
}

const isNode = (): boolean => typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

interface FsPromises { readFile(path: string | URL): Promise<Uint8Array> }

/** Reads a URL or a file path (Node) as bytes. */
export async function readBytes(where: string | URL, op: string, fetchFunc?: typeof fetch): Promise<Uint8Array> {
  const s = String(where);
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s);
  if (isNode() && (/^file:/i.test(s) || !isUrl)) {
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as FsPromises;
    try {
      const b = await fs.readFile(/^file:/i.test(s) ? new URL(s) : s);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (e) {
      return raise('model.loadFailed', { op, source: s, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  let res: Response;
  try {
    res = await (fetchFunc ?? fetch)(s);
  } catch (e) {
    return raise('model.loadFailed', { op, source: s, reason: e instanceof Error ? e.message : String(e) });
  }
  if (!res.ok) raise('model.loadFailed', { op, source: s, reason: `HTTP ${res.status} ${res.statusText}`.trim() });
  return new Uint8Array(await res.arrayBuffer());
}

/** Resolves a shard path against the model.json location. */
function resolvePath(base: string, rel: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(rel) && !/^[a-z]:[\\/]/i.test(rel)) return rel;
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(base) && !/^[a-z]:[\\/]/i.test(base);
  if (isUrl) return new URL(rel, base).toString();
  const cut = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
  return cut >= 0 ? base.slice(0, cut + 1) + rel : rel;
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out;
}

function bytesOfWeightData(d: GraphModelArtifacts['weightData']): Uint8Array {
  if (!d) return new Uint8Array(0);
  if (Array.isArray(d)) return concatBytes(d.map((b) => new Uint8Array(b)));
  if (ArrayBuffer.isView(d)) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  return new Uint8Array(d);
}

/** Parses model.json text into an object, with a clear error. */
export function parseModelJson(bytes: Uint8Array | string, file: string): Record<string, unknown> {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes);
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    return raise('model.badFile', { file, format: 'TF.js', field: 'JSON', detail: `does not parse (${e instanceof Error ? e.message : String(e)})` });
  }
  if (!j || typeof j !== 'object' || Array.isArray(j)) raise('model.badFile', { file, format: 'TF.js', field: '(top level)', detail: `must be an object, got ${describeValue(j)}` });
  return j as Record<string, unknown>;
}

/** Turns model.json (already parsed) plus shard bytes into IR. */
export function graphModelFromArtifacts(a: GraphModelArtifacts, weightData: Uint8Array | Map<string, DecodedWeight>, file: string, options: OptimizeOptions = {}): GraphModel {
  const topo = a.modelTopology as { node?: unknown } | undefined;
  if (!topo || typeof topo !== 'object') raise('model.badFile', { file, format: 'TF.js graph', field: 'modelTopology', detail: 'is missing' });
  const weights = weightData instanceof Map ? weightData : decodeWeights(a.weightSpecs ?? [], weightData, file, 'weightSpecs');
  const sig = a.signature as Parameters<typeof graphToIr>[2];
  let m = graphToIr(topo!.node, weights, sig && typeof sig === 'object' ? sig : undefined, file, OP);
  if (options.optimize !== false) m = optimizeIr(m);
  return new GraphModel(m.graph, m.weights, file);
}

/**
 * Loads a TF.js graph model: a URL or file path of its model.json (shards are read from beside
 * it), or artifacts in memory (`{ modelTopology, weightSpecs, weightData }`), or browser Files
 * (model.json and its shards: a FileList, an array, `{ json, weights }`; see source.ts).
 *
 * @example
 * const model = await sprout.loadGraphModel('https://example.com/mobilenet/model.json', {
 *   onProgress: (f) => console.log(`${Math.round(f * 100)}%`),
 * });
 * const logits = model.predict(x);
 */
export async function loadGraphModel(source: GraphModelSource, options: LoadGraphModelOptions = {}): Promise<GraphModel> {
  const given = await resolveFileSource(source, OP, options.onProgress);
  if (given) {
    const model = graphModelFromArtifacts(given.artifacts, given.weightData, given.file, options);
    options.onProgress?.(1);
    return model;
  }
  if (source && typeof source === 'object' && !(source instanceof URL)) {
    const a = source as GraphModelArtifacts;
    if (!('modelTopology' in a)) raise('op.badArgument', { op: OP, param: 'source', expected: 'must be a URL, a file path or { modelTopology, weightSpecs, weightData }', got: describeValue(source) });
    const model = graphModelFromArtifacts(a, bytesOfWeightData(a.weightData), 'model (in memory)', options);
    options.onProgress?.(1);
    return model;
  }
  if (typeof source !== 'string' && !(source instanceof URL)) {
    return raise('op.badArgument', { op: OP, param: 'source', expected: 'must be a URL, a file path or { modelTopology, weightSpecs, weightData }', got: describeValue(source) });
  }
  const file = String(source);
  const json = parseModelJson(await readBytes(file, OP, options.fetchFunc), file);
  return graphModelFromJson(json, file, options);
}

/** @internal Loads shards of a parsed model.json found at `file`. */
export async function graphModelFromJson(json: Record<string, unknown>, file: string, options: LoadGraphModelOptions = {}): Promise<GraphModel> {
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest)) raise('model.badFile', { file, format: 'TF.js graph', field: 'weightsManifest', detail: 'must be a list of groups' });
  const groups = manifest as { paths?: unknown; weights?: unknown }[];
  groups.forEach((g, i) => {
    if (!g || !Array.isArray(g.paths) || !g.paths.every((p) => typeof p === 'string')) raise('model.badFile', { file, format: 'TF.js graph', field: `weightsManifest[${i}].paths`, detail: 'must be a list of file names' });
    if (!Array.isArray(g.weights)) raise('model.badFile', { file, format: 'TF.js graph', field: `weightsManifest[${i}].weights`, detail: 'must be a list of weight specs' });
  });
  const total = groups.reduce((n, g) => n + (g.paths as string[]).length, 0);
  const weights = new Map<string, DecodedWeight>();
  let done = 0;
  for (let i = 0; i < groups.length; i++) {
    const paths = groups[i].paths as string[];
    const parts: Uint8Array[] = [];
    for (const p of paths) {
      parts.push(await readBytes(resolvePath(file, p), OP, options.fetchFunc));
      options.onProgress?.(++done / (total + 1));
    }
    const where = `${file}, weight shard(s) ${paths.join(', ')}`;
    for (const [k, v] of decodeWeights(groups[i].weights, concatBytes(parts), where, `weightsManifest[${i}].weights`)) weights.set(k, v);
  }
  const model = graphModelFromArtifacts({ modelTopology: json.modelTopology, signature: json.signature }, weights, file, options);
  options.onProgress?.(1);
  return model;
}
