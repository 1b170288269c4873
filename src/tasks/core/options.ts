/**
 * Forgiving options (in the spirit of ml5-next-gen): an unknown option warns once, naming the
 * nearest valid one, and a value of the wrong kind warns and falls back to the default. Tasks never
 * stop a sketch over an option.
 */
import { describeValue, warnOnce } from '../../errors/index.js';
import { closestName } from '../../nn/optimizers/lookup.js';

/** How one option is checked. */
export type OptionRule =
  | { type: 'number'; default: number; min?: number; max?: number; integer?: boolean }
  | { type: 'enum'; default: string | number; values: readonly (string | number)[] }
  | { type: 'boolean'; default: boolean }
  | { type: 'string'; default: string | undefined }
  | { type: 'any'; default: unknown };

export type OptionRules = Record<string, OptionRule>;

/** The options a rule set resolves to. */
export type Resolved<R extends OptionRules> = { [K in keyof R]: R[K]['default'] };

function describeRule(r: OptionRule): string {
  switch (r.type) {
    case 'number': {
      const kind = r.integer ? 'a whole number' : 'a number';
      if (r.min !== undefined && r.max !== undefined) return `${kind} from ${r.min} to ${r.max}`;
      if (r.min !== undefined) return `${kind} of at least ${r.min}`;
      return kind;
    }
    case 'enum': return `one of ${r.values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')}`;
    case 'boolean': return 'true or false';
    case 'string': return 'a text';
    default: return 'anything';
  }
}

function valid(r: OptionRule, v: unknown): boolean {
  switch (r.type) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && (!r.integer || Number.isInteger(v)) &&
        (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);
    case 'enum': return r.values.includes(v as string | number);
    case 'boolean': return typeof v === 'boolean';
    case 'string': return typeof v === 'string';
    default: return true;
  }
}

/**
 * Resolves `given` against `rules`. `where` names the task in warnings (e.g. 'featureExtractor').
 * Options not in the rules but listed in `passThrough` are kept without a check.
 *
 * @example
 * const o = handleOptions('featureExtractor', { epochs: 30, lerningRate: 0.1 }, {
 *   epochs: { type: 'number', default: 20, min: 1, integer: true },
 *   learningRate: { type: 'number', default: 0.001, min: 0 },
 * });
 * // warns: featureExtractor does not know the option 'lerningRate'. Did you mean 'learningRate'? …
 */
export function handleOptions<R extends OptionRules>(where: string, given: unknown, rules: R, passThrough: readonly string[] = []): Resolved<R> & Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, r] of Object.entries(rules)) out[k] = r.default;
  if (given === undefined || given === null) return out as Resolved<R>;
  if (typeof given !== 'object' || Array.isArray(given)) {
    warnOnce('task.optionsNotObject', { task: where, got: describeValue(given) });
    return out as Resolved<R>;
  }
  for (const [k, v] of Object.entries(given as Record<string, unknown>)) {
    const rule = rules[k];
    if (!rule) {
      if (passThrough.includes(k)) out[k] = v;
      else warnOnce('warn.unknownOption', { where, option: k, nearest: closestName(k, Object.keys(rules)) });
      continue;
    }
    if (v === undefined) continue;
    if (valid(rule, v)) out[k] = v;
    else {
      warnOnce('task.badOptionValue', {
        task: where, option: k, expected: describeRule(rule), got: describeValue(v),
        fallback: rule.default === undefined ? 'none' : describeValue(rule.default),
      });
    }
  }
  return out as Resolved<R>;
}
