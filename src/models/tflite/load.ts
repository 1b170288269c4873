/**
 * `loadTFLiteModel`: reads a .tflite file with Sprout's own FlatBuffers reader, translates it to
 * Sprout's IR, and runs it on Sprout's engine (no TF.js, no wasm runtime).
 *
 * What `predict` expects: float32 values in the input's *real-valued* range. For a quantized
 * input (uint8/int8 with scale s and zero point zp) that is real = (q − zp)·s, e.g. (p − 128)/128
 * for a uint8 input with s = 1/128, zp = 128; the model quantizes it as the TFLite runtime would
 * (q = clamp(round(real/s) + zp)), so values between grid points are rounded. `inputs[i].quantization`
 * gives s, zp and the representable range [min, max]. An int32 tensor given to a quantized input is
 * taken as the raw quantized values q (e.g. 0..255 pixels for a uint8 input). Outputs are float32,
 * real-valued (dequantized).
 */
import { describeValue, raise } from '../../errors/index.js';
import { cast, expandDims, mul, sub, tensor, tidy, Tensor, type TensorLike } from '../../tensor/index.js';
import { IrExecutor } from '../ir/execute.js';
import { optimizeTFLite, type OptimizeOptions } from '../compiler/tflite.js';
import type { IrGraph } from '../ir/graph.js';
import { readTFLiteModel } from './schema.js';
import { tfliteToIr, type TFLiteTensorInfo } from './to-ir.js';

export type { TFLiteTensorInfo, TFLiteQuantInfo } from './to-ir.js';

const OP = 'loadTFLiteModel';

/** Where a .tflite model comes from. */
export type TFLiteSource = string | URL | ArrayBuffer | ArrayBufferView | Blob;

export interface LoadTFLiteOptions extends OptimizeOptions {
  /** Called with the fraction loaded (0..1) while downloading (when the size is known) and with 1 at the end. */
  onProgress?: (fraction: number) => void;
}

/** Model inputs: one tensor, an array in input order, or tensors by input name. */
export type TFLiteInputs = Tensor | TensorLike | Tensor[] | Record<string, Tensor>;

/**
 * A loaded TFLite model. Runs synchronously on the active backend.
 *
 * @example
 * const model = await sprout.loadTFLiteModel('https://example.com/model.tflite');
 * const y = model.predict(sprout.zeros([1, 224, 224, 3]));
 */
export class TFLiteModel {
  /** The model's inputs as the file declares them (name, shape, file dtype, quantization). */
  readonly inputs: TFLiteTensorInfo[];
  /** The model's outputs as the file declares them; `predict` returns them as float32. */
  readonly outputs: TFLiteTensorInfo[];
  /** The translated graph (Sprout IR) and its weights blob, e.g. for `serializeIr`. */
  readonly graph: IrGraph;
  readonly weights: Uint8Array;
  /** What the model was loaded from, for messages. */
  readonly source: string;
  private readonly executor: IrExecutor;

  /** @internal Use `loadTFLiteModel`. */
  constructor(t: { graph: IrGraph; weights: Uint8Array; inputs: TFLiteTensorInfo[]; outputs: TFLiteTensorInfo[] }, source: string) {
    this.graph = t.graph;
    this.weights = t.weights;
    this.inputs = t.inputs;
    this.outputs = t.outputs;
    this.source = source;
    this.executor = new IrExecutor(t.graph, t.weights);
  }

  /** Peak bytes of intermediate tensors during the last `predict`/`execute`. */
  get peakBytes(): number {
    return this.executor.peakBytes;
  }

  /** Bytes of the weights once dequantized to float32 (held as tensors while the model lives). */
  get weightBytes(): number {
    return this.executor.weightBytes;
  }

  /**
   * Runs the model. `x`: float32 in each input's real-valued range (see the module doc), with or
   * without the batch dimension; returns the output tensor (or an array when there are several).
   *
   * @example
   * const model = await sprout.loadTFLiteModel('mobilenet_v2_1.0_224_quant.tflite');
   * const x = sprout.tidy(() => sprout.image.resizeBilinear(img, [224, 224]).sub(128).div(128));
   * const probs = model.predict(x); // [1, 1001]
   */
  predict(x: TFLiteInputs): Tensor | Tensor[] {
    const out = this.run('predict', x);
    return out.length === 1 ? out[0] : out;
  }

  /**
   * Like `predict`, but can return chosen tensors: graph output names, or names of inner tensors
   * of the model (a TFLite tensor name computed by an op), which cuts the model there.
   */
  execute(x: TFLiteInputs, outputs?: string | string[]): Tensor | Tensor[] {
    const names = outputs === undefined ? undefined : Array.isArray(outputs) ? outputs : [outputs];
    const out = this.run('execute', x, names);
    return typeof outputs === 'string' || (outputs === undefined && out.length === 1) ? out[0] : out;
  }

  private run(op: string, x: TFLiteInputs, names?: string[]): Tensor[] {
    if (this.executor.isDisposed) raise('model.disposed', { op });
    const plan = this.executor.planFor(names);
    return tidy(() => this.executor.run(this.prepare(op, x), plan, op));
  }

  /** The inputs in graph order, batched and (for raw int32 quantized values) dequantized. */
  private prepare(op: string, x: TFLiteInputs): Tensor[] {
    const specs = this.graph.inputs;
    let list: unknown[];
    if (x instanceof Tensor || !x || typeof x !== 'object' || ArrayBuffer.isView(x)) list = [x];
    else if (Array.isArray(x) && x.length === specs.length && x.every((v) => v instanceof Tensor)) list = x;
    else if (Array.isArray(x)) list = [x];
    else list = specs.map((s) => (x as Record<string, Tensor>)[s.name]);
    if (list.length !== specs.length || list.some((v) => v === undefined)) {
      raise('op.badArgument', { op, param: 'x', expected: `must give the model's ${specs.length} input(s): ${specs.map((s) => `'${s.name}' [${s.shape}]`).join(', ')}`, got: describeValue(x) });
    }
    return list.map((v, i) => {
      let t = v instanceof Tensor ? v : tensor(v as TensorLike as never);
      const spec = specs[i];
      if (t.rank === spec.shape.length - 1) t = expandDims(t, 0);
      const q = this.inputs[i].quantization;
      if (q && t.dtype === 'int32') t = mul(sub(cast(t, 'float32'), q.zeroPoint), q.scale);
      return t;
    });
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.executor.dispose();
  }
}

const isNode = (): boolean => typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

/** The part of node:fs/promises used here (declared locally: the browser build has no Node types). */
interface FsPromises {
  readFile(path: string | URL): Promise<Uint8Array>;
}

async function fetchBytes(url: string, onProgress?: (f: number) => void): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    return raise('model.loadFailed', { op: OP, source: url, reason: e instanceof Error ? e.message : String(e) });
  }
  if (!res.ok) raise('model.loadFailed', { op: OP, source: url, reason: `HTTP ${res.status} ${res.statusText}`.trim() });
  const total = Number(res.headers.get('content-length'));
  if (!res.body || !onProgress || !(total > 0)) return new Uint8Array(await res.arrayBuffer());
  // Read in chunks to report progress; the total is only used for the fraction, never to allocate.
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress(Math.min(received / total, 1));
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

async function readFileBytes(path: string | URL): Promise<Uint8Array> {
  // A variable specifier keeps bundlers from pulling node:fs into browser builds.
  const fsName = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsName)) as FsPromises;
  try {
    const b = await fs.readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    return raise('model.loadFailed', { op: OP, source: String(path), reason: e instanceof Error ? e.message : String(e) });
  }
}

/** The bytes of a source and its name for messages. */
async function readSource(source: TFLiteSource, onProgress?: (f: number) => void): Promise<[Uint8Array, string]> {
  if (typeof source === 'string' || source instanceof URL) {
    const s = String(source);
    if (/^file:/i.test(s) && isNode()) return [await readFileBytes(new URL(s)), s];
    if (/^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s)) return [await fetchBytes(s, onProgress), s];
    return [isNode() ? await readFileBytes(s) : await fetchBytes(s, onProgress), s];
  }
  if (source instanceof ArrayBuffer) return [new Uint8Array(source), 'ArrayBuffer'];
  if (ArrayBuffer.isView(source)) return [new Uint8Array(source.buffer, source.byteOffset, source.byteLength), source.constructor.name];
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const name = (source as Blob & { name?: string }).name;
    return [new Uint8Array(await source.arrayBuffer()), name || 'Blob'];
  }
  return raise('op.badArgument', {
    op: OP, param: 'source', expected: 'must be a URL, a file path (in Node), an ArrayBuffer, a Uint8Array or a File/Blob', got: describeValue(source),
  });
}

/**
 * Loads a TFLite model (.tflite) and returns a model that runs on Sprout's engine.
 * Quantized models run in float32 with dequantized weights; see the module doc for what
 * `predict` takes.
 *
 * @example
 * const model = await sprout.loadTFLiteModel('https://example.com/mobilenet_v2_1.0_224_quant.tflite', {
 *   onProgress: (f) => console.log(`${Math.round(f * 100)}%`),
 * });
 * model.inputs[0]; // { name: 'input', shape: [1, 224, 224, 3], dtype: 'uint8', quantization: { scale: 0.0078125, zeroPoint: 128, min: -1, max: 0.9921875 } }
 */
export async function loadTFLiteModel(source: TFLiteSource, options: LoadTFLiteOptions = {}): Promise<TFLiteModel> {
  const [bytes, name] = await readSource(source, options.onProgress);
  const model = tfliteFromBytes(bytes, name, options);
  options.onProgress?.(1);
  return model;
}

/** Synchronous form for bytes already in memory. `name` is used in error messages. */
export function tfliteFromBytes(bytes: Uint8Array, name = 'model.tflite', options: OptimizeOptions = {}): TFLiteModel {
  const parsed = readTFLiteModel(bytes, name);
  return new TFLiteModel(optimizeTFLite(tfliteToIr(parsed, OP), options), name);
}
