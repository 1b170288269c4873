/**
 * Names and case conversions shared by layers, models and serialization. The conversions are the
 * ones TF.js uses between its TypeScript configs (camelCase) and Keras JSON (snake_case), so that
 * files round-trip between the two libraries.
 */
import { ENGINE } from '../../tensor/index.js';

/** 'MaxPooling2D' → 'max_pooling2d', 'ReLU' → 're_lu' (Keras' `to_snake_case`). */
export function toSnakeCase(name: string): string {
  const s = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return s[0] !== '_' ? s : 'private' + s;
}

/** 'kernel_initializer' → 'kernelInitializer'. */
export function toCamelCase(id: string): string {
  if (id.length <= 1 || !id.includes('_')) return id;
  return id.replace(/[_]+(\w|$)/g, (_m, c: string) => c.toUpperCase());
}

/** Keys whose first array item is a layer name, which the conversions keep as is. */
const isLayerNameItem = (key: string | undefined, i: number, v: unknown) =>
  (key === 'inboundNodes' || key === 'outputLayers' || key === 'inputLayers' ||
    key === 'inbound_nodes' || key === 'output_layers' || key === 'input_layers') && i === 0 && typeof v === 'string';

/** A TS config (camelCase keys and string values) as Keras JSON (snake_case), as TF.js writes it. */
export function toPythonic(value: unknown, key?: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return toSnakeCase(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v, i) => (isLayerNameItem(key, i, v) ? v : toPythonic(v, key)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    out[toSnakeCase(k)] = (k === 'name' || k === 'className') && typeof v === 'string' ? v : toPythonic(v, k);
  }
  return out;
}

/** Keras JSON as a TS config (the inverse of `toPythonic`; layer names are kept). */
export function toTs(value: unknown, key?: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return toCamelCase(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v, i) => (isLayerNameItem(key, i, v) ? v : toTs(v, key)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'name' && typeof v === 'string') out[k] = v;
    else {
      const ck = toCamelCase(k);
      out[ck] = toTs(v, ck);
    }
  }
  return out;
}

const layerCounters = new Map<string, number>();

/** A fresh Keras-style name: 'dense_1', 'dense_2', … (one counter per prefix). */
export function uniqueLayerName(prefix: string): string {
  const n = (layerCounters.get(prefix) ?? 0) + 1;
  layerCounters.set(prefix, n);
  return `${prefix}_${n}`;
}

/** Records a name given explicitly (a loaded model's), so later automatic names do not repeat it. */
export function noteLayerName(name: string): void {
  const m = /^(.*)_(\d+)$/.exec(name);
  if (m) layerCounters.set(m[1], Math.max(layerCounters.get(m[1]) ?? 0, Number(m[2])));
}

const variableNames = new Map<string, number>();
const liveName = (name: string) => ENGINE.variables().some((v) => (v as { name?: string }).name === name);

/**
 * A variable name not used before in this session: 'dense_1/kernel', else 'dense_1/kernel_1', …
 * Optimizers match gradients to variables by name, so two models that happen to share layer names
 * must not share variable names.
 */
export function uniqueVariableName(base: string): string {
  let n = variableNames.get(base);
  if (n === undefined && !liveName(base)) {
    variableNames.set(base, 1);
    return base;
  }
  n ??= 1;
  let name: string;
  do name = `${base}_${n++}`; while (variableNames.has(name) || liveName(name));
  variableNames.set(base, n);
  variableNames.set(name, 1);
  return name;
}
