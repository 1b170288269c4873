// Numbers shared by the model tests: seeded inputs and the "difference as a fraction of the
// output range" measure the issues state their tolerances in.
import { expect } from 'vitest';

/** `n` seeded pseudo-random values in [lo, hi). */
export function values(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    out[i] = lo + (s / 2 ** 32) * (hi - lo);
  }
  return out;
}

/** Largest difference as a fraction of the expected output's range (max |value|); lengths must match. */
export function maxRelDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let range = 0, worst = 0;
  for (let i = 0; i < expected.length; i++) range = Math.max(range, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  const d = worst / Math.max(range, 1e-12);
  if (process.env.SPROUT_SHOW_DIFFS) console.log(`relative difference ${d.toExponential(2)}`);
  return d;
}
