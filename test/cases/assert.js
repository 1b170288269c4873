// Small assertion helpers for the shared op cases. Pure ES module: no Node or browser imports.
// Every helper throws an Error with a readable message on failure.

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

export function fail(message) {
  throw new AssertionError(message);
}

export function assert(cond, message) {
  if (!cond) fail(message ?? 'assertion failed');
}

function fmt(v) {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (Object.is(v, -0)) return '-0';
    return String(v);
  }
  if (typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function fmtList(a, max = 24) {
  const s = a.slice(0, max).map(fmt).join(', ');
  return `[${s}${a.length > max ? `, … (${a.length} values)` : ''}]`;
}

/** Flattens nested arrays / typed arrays / a number into a flat array of numbers (booleans → 0/1). */
export function flat(v) {
  if (typeof v === 'number') return [v];
  if (typeof v === 'boolean') return [v ? 1 : 0];
  if (ArrayBuffer.isView(v)) return Array.from(v, Number);
  if (Array.isArray(v)) {
    const out = [];
    const walk = (x) => {
      if (Array.isArray(x) || ArrayBuffer.isView(x)) for (const e of x) walk(e);
      else out.push(typeof x === 'boolean' ? (x ? 1 : 0) : x);
    };
    walk(v);
    return out;
  }
  if (v && typeof v === 'object' && Array.isArray(v.data)) return v.data.slice();
  fail(`flat: cannot flatten ${fmt(v)}`);
}

/** True when `a` and `b` agree: NaN equals NaN, infinities must match exactly, -0 equals 0. */
export function close(a, b, rtol, atol) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/**
 * Checks every value of `actual` against `expected` (flat or nested arrays, typed arrays, numbers,
 * or a naive reference tensor `{shape, data}`) within `atol + rtol·|expected|`.
 */
export function assertClose(actual, expected, { rtol = 1e-5, atol = 1e-6, what = 'values' } = {}) {
  const a = flat(actual);
  const e = flat(expected);
  if (a.length !== e.length) fail(`${what}: expected ${e.length} value(s) ${fmtList(e)}, got ${a.length} ${fmtList(a)}`);
  const bad = [];
  for (let i = 0; i < a.length; i++) if (!close(a[i], e[i], rtol, atol)) bad.push(i);
  if (bad.length) {
    const show = bad.slice(0, 6).map((i) => `[${i}] expected ${fmt(e[i])}, got ${fmt(a[i])}`).join('; ');
    fail(`${what}: ${bad.length} of ${a.length} value(s) differ (rtol ${rtol}, atol ${atol}): ${show}` +
      (a.length <= 24 ? `\n  expected ${fmtList(e)}\n  got      ${fmtList(a)}` : ''));
  }
}

/** Exact equality of values (NaN equals NaN, -0 equals 0). */
export function assertEqual(actual, expected, what = 'values') {
  assertClose(actual, expected, { rtol: 0, atol: 0, what });
}

/** Strict equality of two plain values. */
export function assertIs(actual, expected, what = 'value') {
  if (!Object.is(actual, expected) && !(actual === 0 && expected === 0)) fail(`${what}: expected ${fmt(expected)}, got ${fmt(actual)}`);
}

export function assertShape(t, shape, what = 'shape') {
  const got = Array.isArray(t) ? t : t.shape;
  if (!Array.isArray(got) || got.length !== shape.length || got.some((d, i) => d !== shape[i])) {
    fail(`${what}: expected [${shape.join(',')}], got [${Array.isArray(got) ? got.join(',') : String(got)}]`);
  }
}

export function assertDtype(t, dtype, what = 'dtype') {
  if (t.dtype !== dtype) fail(`${what}: expected ${dtype}, got ${t.dtype}`);
}

/** Checks that `fn()` throws an error whose message matches `pattern` (a RegExp or a substring). */
export function assertThrows(fn, pattern, what = 'call') {
  let threw = false;
  let err;
  try {
    fn();
  } catch (e) {
    threw = true;
    err = e;
  }
  if (!threw) fail(`${what}: expected an error matching ${pattern}, but nothing was thrown`);
  checkMessage(err, pattern, what);
  return err;
}

/** Async variant of assertThrows (for promises that should reject). */
export async function assertRejects(fn, pattern, what = 'call') {
  let threw = false;
  let err;
  try {
    await fn();
  } catch (e) {
    threw = true;
    err = e;
  }
  if (!threw) fail(`${what}: expected a rejection matching ${pattern}, but it resolved`);
  checkMessage(err, pattern, what);
  return err;
}

function checkMessage(err, pattern, what) {
  if (err instanceof AssertionError) throw err;
  const msg = err instanceof Error ? err.message : String(err);
  const ok = pattern === undefined ? true : typeof pattern === 'string' ? msg.includes(pattern) : pattern.test(msg);
  if (!ok) fail(`${what}: expected an error matching ${pattern}, got: ${msg}`);
}
