/**
 * Name lookup shared by the nn registries (optimizers, losses, metrics, initializers,
 * regularizers): Keras / TF.js names are matched loosely (case, `_`, `-` and spaces ignored), and an
 * unknown name gets the closest known one as a suggestion.
 */
import { describeValue, raise } from '../../errors/index.js';

/** The loose form of a name: lower case, without `_`, `-`, spaces or dots. */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]/g, '');
}

/** Levenshtein distance (small strings only). */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The known name closest to `name`, when it is close enough to be a likely typo. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const l = looseName(name);
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const lk = looseName(k);
    const d = lk.startsWith(l) || l.startsWith(lk) ? Math.min(1, Math.abs(lk.length - l.length)) : distance(l, lk);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= Math.max(2, Math.floor(l.length / 3)) ? best : undefined;
}

/**
 * Finds `name` in a table keyed by loose names, or throws `nn.unknownName` listing the `known`
 * names and suggesting the closest.
 */
export function lookupName<T>(op: string, kind: string, name: unknown, table: ReadonlyMap<string, T>, known: readonly string[]): T {
  if (typeof name === 'string') {
    const hit = table.get(looseName(name));
    if (hit !== undefined) return hit;
  }
  return raise('nn.unknownName', {
    op,
    kind,
    got: typeof name === 'string' ? `'${name}'` : describeValue(name),
    nearest: typeof name === 'string' ? closestName(name, known) : undefined,
    known: known.map((k) => `'${k}'`).join(', '),
  });
}

/** Builds a loose-name table from [names, value] rows. */
export function nameTable<T>(rows: [string[], T][]): Map<string, T> {
  const m = new Map<string, T>();
  for (const [names, v] of rows) for (const n of names) m.set(looseName(n), v);
  return m;
}

/** Checks a number option: finite and within bounds. Throws `op.badArgument` naming the option. */
export function checkNumberOption(op: string, param: string, v: unknown, opts: { min?: number; minExclusive?: boolean; max?: number; maxExclusive?: boolean; integer?: boolean } = {}): number {
  const { min, max, minExclusive, maxExclusive, integer } = opts;
  const ok = typeof v === 'number' && Number.isFinite(v) &&
    (min === undefined || (minExclusive ? v > min : v >= min)) &&
    (max === undefined || (maxExclusive ? v < max : v <= max)) &&
    (!integer || Number.isInteger(v));
  if (!ok) {
    const parts: string[] = [];
    if (min !== undefined) parts.push(minExclusive ? `> ${min}` : `>= ${min}`);
    if (max !== undefined) parts.push(maxExclusive ? `< ${max}` : `<= ${max}`);
    const what = integer ? 'an integer' : min === 0 && !minExclusive && max === undefined ? 'a non-negative number' : min === 0 && minExclusive && max === undefined ? 'a positive number' : 'a number';
    const range = (min === 0 && max === undefined) ? '' : parts.length ? ` ${parts.join(' and ')}` : '';
    raise('op.badArgument', { op, param, expected: `must be ${what}${range}`, got: describeValue(v) });
  }
  return v as number;
}
