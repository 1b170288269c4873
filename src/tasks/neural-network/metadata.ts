/**
 * The description of a neuralNetwork's data, in ml5's `model_meta.json` layout: for every input and
 * output its type, its range (min, max) and, for text values, the one-hot legend. It is what turns
 * the user's values into the numbers the model sees, and the model's numbers back into answers.
 */
import { raise } from '../../errors/index.js';

/** One value of a row: a number, a text label, or a list of numbers (pixels). */
export type Value = number | string | ArrayLike<number>;

/** One training example, as ml5 stores it: inputs and outputs by name. */
export interface Row {
  xs: Record<string, Value>;
  ys: Record<string, Value>;
}

/** What is known about one input or output. */
export interface PropertyMeta {
  dtype: 'number' | 'string' | 'array';
  min: number;
  max: number;
  /** Text values, in the order of their one-hot positions. */
  uniqueValues?: string[];
  /** Text value → one-hot vector. */
  legend?: Record<string, number[]>;
}

/** ml5's metadata (saved as `model_meta.json`). */
export interface Metadata {
  /** Numbers per example: a count, or a shape such as [64, 64, 4] for images. */
  inputUnits: number | number[];
  outputUnits: number;
  inputs: Record<string, PropertyMeta>;
  outputs: Record<string, PropertyMeta>;
  isNormalized: boolean;
}

const dtypeOf = (v: Value): PropertyMeta['dtype'] => (typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'array');

function describe(rows: Row[], side: 'xs' | 'ys', names: string[]): Record<string, PropertyMeta> {
  const out: Record<string, PropertyMeta> = {};
  for (const name of names) {
    const dtype = dtypeOf(rows[0][side][name]);
    if (dtype === 'string') {
      const uniqueValues = [...new Set(rows.map((r) => String(r[side][name])))];
      const legend: Record<string, number[]> = {};
      uniqueValues.forEach((u, i) => { legend[u] = uniqueValues.map((_, j) => (i === j ? 1 : 0)); });
      out[name] = { dtype, min: 0, max: 1, uniqueValues, legend };
      continue;
    }
    let min = Infinity, max = -Infinity;
    for (const r of rows) {
      const v = r[side][name];
      if (typeof v === 'number') {
        if (v < min) min = v;
        if (v > max) max = v;
      } else if (typeof v !== 'string') {
        for (let i = 0; i < v.length; i++) {
          if (v[i] < min) min = v[i];
          if (v[i] > max) max = v[i];
        }
      }
    }
    out[name] = { dtype, min, max };
  }
  return out;
}

const unitsOf = (props: Record<string, PropertyMeta>, rows: Row[], side: 'xs' | 'ys'): number =>
  Object.entries(props).reduce((n, [k, p]) => n + (p.dtype === 'string' ? p.uniqueValues!.length : p.dtype === 'number' ? 1 : (rows[0][side][k] as ArrayLike<number>).length), 0);

/** Metadata from the collected rows. `inputShape` is given for images ([width, height, channels]). */
export function createMetadata(rows: Row[], inputShape?: number[]): Metadata {
  const inputs = describe(rows, 'xs', Object.keys(rows[0].xs));
  const outputs = describe(rows, 'ys', Object.keys(rows[0].ys));
  return {
    inputUnits: inputShape ?? [unitsOf(inputs, rows, 'xs')],
    outputUnits: unitsOf(outputs, rows, 'ys'),
    inputs,
    outputs,
    isNormalized: false,
  };
}

/** ml5's min-max scaling (0 when the range is empty). */
export const normalizeValue = (v: number, min: number, max: number): number => (min === max ? 0 : (v - min) / (max - min));
export const unnormalizeValue = (v: number, min: number, max: number): number => v * (max - min) + min;

/** The numbers of one value, appended to `out` (one-hot for text, scaled when the data are normalized). */
export function encodeValue(v: Value, p: PropertyMeta, normalized: boolean, out: number[], name: string): void {
  if (p.dtype === 'string') {
    const hot = p.legend?.[String(v)];
    if (!hot) raise('nn.unknownLabel', { name, value: String(v), known: Object.keys(p.legend ?? {}).join(', ') });
    out.push(...hot);
  } else if (typeof v === 'number') {
    out.push(normalized ? normalizeValue(v, p.min, p.max) : v);
  } else if (typeof v === 'string') {
    raise('nn.badValue', { where: 'the data', name, got: `the text '${v}' where the first examples had numbers` });
  } else {
    for (let i = 0; i < v.length; i++) out.push(normalized ? normalizeValue(v[i], p.min, p.max) : v[i]);
  }
}

/** The total number of input numbers per example. */
export const inputSize = (m: Metadata): number => (Array.isArray(m.inputUnits) ? m.inputUnits.reduce((a, b) => a * b, 1) : m.inputUnits);

/** The input shape of one example, e.g. [3] or [64, 64, 4]. */
export const inputShapeOf = (m: Metadata): number[] => (Array.isArray(m.inputUnits) ? m.inputUnits : [m.inputUnits]);

/**
 * The labels of a classification output in the order of the model's outputs: by the position of
 * the 1 in each legend vector (as ml5 reads it), whatever the order of the legend's keys.
 */
export function labelsInOutputOrder(p: PropertyMeta): string[] {
  const legend = p.legend ?? {};
  const labels: string[] = [];
  for (const [label, hot] of Object.entries(legend)) {
    const at = hot.indexOf(1);
    labels[at >= 0 ? at : labels.length] = label;
  }
  return labels;
}
