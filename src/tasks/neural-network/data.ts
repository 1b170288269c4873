/**
 * The data of a neuralNetwork: turning what the user passes to `addData` / `classify` (arrays,
 * objects keyed by name, images) into named rows, and rows into the numbers the model trains on.
 */
import { describeValue, raise, warnOnce } from '../../errors/index.js';
import { encodeValue, inputSize, inputShapeOf, type Metadata, type Row, type Value } from './metadata.js';
import { imagePixels, isImageLike } from './pixels.js';
import { Tensor } from '../../tensor/index.js';

/** How the names of inputs and outputs were declared (ml5's `inputs` / `outputs` options). */
export interface Declared {
  /** Input names, when given as a list of names. */
  inputs?: string[];
  /** Output names, when given as a list of names. */
  outputs?: string[];
  /** [width, height, channels] for images. */
  imageShape?: number[];
  /** Output values are labels (classification): numbers are turned into text. */
  labels: boolean;
}

const isList = (x: unknown): x is ArrayLike<unknown> => Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
const isPlainObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !isList(x);

function checkValue(v: unknown, name: string, where: string): Value {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) raise('nn.badValue', { where, name, got: String(v) });
    return v;
  }
  if (typeof v === 'string') return v;
  if (isList(v) && Array.from(v).every((n) => typeof n === 'number' && Number.isFinite(n))) return v as ArrayLike<number>;
  return raise('nn.badValue', { where, name, got: describeValue(v) });
}

/** Named values from an array or object, following declared or already-known names. */
function named(x: unknown, known: string[] | undefined, prefix: string, where: string): Record<string, Value> {
  const out: Record<string, Value> = {};
  if (x instanceof Tensor) x = Array.from(x.dataSync()); // a tensor of values: as the list of its numbers
  if (isList(x)) {
    const values = Array.from(x);
    const names = known ?? values.map((_, i) => `${prefix}_${i}`);
    if (values.length !== names.length) raise('nn.wrongCount', { where, count: values.length, expected: names.length, names: names.join(', ') });
    names.forEach((n, i) => { out[n] = checkValue(values[i], n, where); });
    return out;
  }
  if (isPlainObject(x)) {
    const names = known ?? Object.keys(x);
    if (names.length === 0) raise('nn.emptyValues', { where });
    for (const n of names) {
      if (!(n in x)) raise('nn.missingKey', { where, name: n, given: Object.keys(x).join(', ') || 'none', names: names.join(', ') });
      out[n] = checkValue(x[n], n, where);
    }
    const extra = Object.keys(x).filter((k) => !names.includes(k));
    if (extra.length) warnOnce('nn.extraKeys', { where, extra: extra.join(', '), names: names.join(', ') });
    return out;
  }
  if (typeof x === 'number' || typeof x === 'string') return named([x], known, prefix, where);
  return raise('nn.badValue', { where, name: prefix === 'input' ? 'the inputs' : 'the outputs', got: describeValue(x) });
}

/** The pixel values of an image input, from an image, a list of numbers, or `{ name: image }`. */
function imageValues(x: unknown, shape: number[], known: string[] | undefined, where: string): Record<string, Value> {
  const [w, h, c] = shape;
  const read = (v: unknown): ArrayLike<number> => {
    const px = isImageLike(v) ? imagePixels(v, w, h, c) : (checkValue(v, 'image', where) as ArrayLike<number>);
    if (typeof px === 'string' || typeof px === 'number' || px.length !== w * h * c) {
      raise('nn.wrongImageSize', { where, got: typeof px === 'object' ? `${px.length} numbers` : describeValue(px), expected: w * h * c, shape: shape.join('×') });
    }
    return px;
  };
  if (isPlainObject(x) && !isImageLike(x)) {
    const name = known?.[0] ?? Object.keys(x)[0] ?? 'image';
    if (!(name in x)) raise('nn.missingKey', { where, name, given: Object.keys(x).join(', ') || 'none', names: name });
    return { [name]: read(x[name]) };
  }
  return { [known?.[0] ?? 'image']: read(x) };
}

/** The collected examples and the names they use. */
export class DataStore {
  rows: Row[] = [];
  inputNames?: string[];
  outputNames?: string[];

  constructor(readonly declared: Declared) {
    this.inputNames = declared.inputs;
    this.outputNames = declared.outputs;
  }

  /** Adds one example (ml5's `addData(xs, ys)`). */
  add(xs: unknown, ys: unknown): void {
    const inputs = this.inputsOf(xs, 'addData');
    let outputs = named(ys, this.outputNames, 'output', 'addData');
    if (this.declared.labels) outputs = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]));
    this.inputNames ??= Object.keys(inputs);
    this.outputNames ??= Object.keys(outputs);
    this.rows.push({ xs: inputs, ys: outputs });
  }

  /** Named inputs of one example (for adding data or predicting). */
  inputsOf(xs: unknown, where: string): Record<string, Value> {
    if (this.declared.imageShape) return imageValues(xs, this.declared.imageShape, this.inputNames, where);
    return named(xs, this.inputNames, 'input', where);
  }

  /** Replaces the rows (loadData), adopting their names. */
  replace(rows: Row[]): void {
    this.rows = rows;
    if (rows.length) {
      this.inputNames = Object.keys(rows[0].xs);
      this.outputNames = Object.keys(rows[0].ys);
    }
  }
}

/** The numbers of one example's inputs, in the metadata's order. */
export function encodeInputs(values: Record<string, Value>, meta: Metadata, where: string): number[] {
  const out: number[] = [];
  for (const [name, p] of Object.entries(meta.inputs)) {
    if (!(name in values)) raise('nn.missingKey', { where, name, given: Object.keys(values).join(', ') || 'none', names: Object.keys(meta.inputs).join(', ') });
    encodeValue(values[name], p, meta.isNormalized, out, name);
  }
  if (out.length !== inputSize(meta)) raise('nn.wrongCount', { where, count: out.length, expected: inputSize(meta), names: Object.keys(meta.inputs).join(', ') });
  return out;
}

/** Training inputs and outputs as flat arrays with their shapes. */
export function encodeRows(rows: Row[], meta: Metadata): { x: Float32Array; xShape: number[]; y: Float32Array; yShape: number[] } {
  const n = rows.length;
  const size = inputSize(meta);
  const x = new Float32Array(n * size);
  const y = new Float32Array(n * meta.outputUnits);
  rows.forEach((r, i) => {
    x.set(encodeInputs(r.xs, meta, 'train'), i * size);
    const out: number[] = [];
    for (const [name, p] of Object.entries(meta.outputs)) encodeValue(r.ys[name], p, meta.isNormalized && p.dtype !== 'string', out, name);
    y.set(out, i * meta.outputUnits);
  });
  return { x, xShape: [n, ...inputShapeOf(meta)], y, yShape: [n, meta.outputUnits] };
}

/** The list of examples in a loaded JSON: `entries` or `data` (searched for, as ml5 does). */
export function findEntries(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (!isPlainObject(json)) return null;
  if (Array.isArray(json.entries)) return json.entries;
  if (Array.isArray(json.data)) return json.data;
  for (const v of Object.values(json)) {
    const found = isPlainObject(v) ? findEntries(v) : null;
    if (found) return found;
  }
  return null;
}
