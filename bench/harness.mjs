// Timing helpers shared by the benchmark suites. Medians of repeated runs after warm-up; the
// libraries are interleaved case by case so that machine noise hits them alike.
import os from 'node:os';

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times `fn` (sync or async): `warmup` untimed runs, then runs until `minTimeMs` has passed and at
 * least `minRuns` were made (at most `maxRuns`). Returns the median in milliseconds.
 */
export async function time(fn, { warmup = 2, minRuns = 5, maxRuns = 30, minTimeMs = 1000 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  const start = performance.now();
  while (samples.length < maxRuns && (samples.length < minRuns || performance.now() - start < minTimeMs)) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** One line describing this machine, for the results file. */
export function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

/** Formats milliseconds with 3 significant digits. */
export const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
/** Formats a ratio. */
export const ratio = (a, b) => (a / b).toFixed(2) + '×';
