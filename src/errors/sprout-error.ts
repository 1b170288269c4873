import { CATALOG, type MessageCode, type MessageParams } from './catalog.js';

/** The prefix of every friendly message, so users recognise where it comes from. */
export const FRIENDLY_PREFIX = '🌱 Sprout says: ';

/**
 * The error type of everything Sprout throws on purpose. `code` names the catalog entry, so
 * programs (and tests) can tell errors apart without parsing text.
 *
 * @example
 * try { sprout.tensor([1, 2]).reshape([3]); }
 * catch (e) { if (e instanceof sprout.SproutError) console.log(e.code); }
 */
export class SproutError extends Error {
  readonly code: MessageCode;
  readonly params: MessageParams;

  constructor(code: MessageCode, params: MessageParams = {}) {
    super(formatMessage(code, params));
    this.name = 'SproutError';
    this.code = code;
    this.params = params;
  }
}

/** Renders a catalog entry with its parameters (friendly ones get the Sprout prefix). */
export function formatMessage(code: MessageCode, params: MessageParams = {}): string {
  const entry = CATALOG[code];
  const text = entry.text(params);
  return entry.voice === 'friendly' ? FRIENDLY_PREFIX + text : text;
}

/**
 * Throws the catalog error `code`. The one way Sprout raises errors.
 *
 * @example
 * raise('op.badArgument', { op: 'conv2d', param: 'filter', expected: 'must have rank 4', got: 'rank 3' });
 */
export function raise(code: MessageCode, params: MessageParams = {}): never {
  throw new SproutError(code, params);
}

const warned = new Set<string>();

/** Prints a catalog warning once per distinct text (beginners should not be flooded). */
export function warnOnce(code: MessageCode, params: MessageParams = {}): void {
  const text = formatMessage(code, params);
  if (warned.has(text)) return;
  warned.add(text);
  console.warn(text);
}

/** Describes any value briefly for error messages: `a string ("abc")`, `undefined`, `an object`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)})`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  const name = (v as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}
