// Readers for the datasets in ../shared/datasets, used by the tests and the benchmarks.
// Every reader returns null when the folder is missing, so callers can skip with a reason.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared data folder: $SPROUT_SHARED, or ../shared beside the repository; null if absent. */
export function sharedDir() {
  const dir = process.env.SPROUT_SHARED ?? path.resolve(repoRoot, '../shared');
  return fs.existsSync(path.join(dir, 'datasets')) ? dir : null;
}

/** Why a test that needs the shared data is skipped. */
export const SHARED_MISSING = 'skipped: ../shared/datasets is not here (set SPROUT_SHARED to its folder to run it)';

/** A seeded shuffle of [0, n) (mulberry32), so splits are the same on every run. */
export function shuffledIndices(n, seed = 1) {
  const idx = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

/** Iris: 150 rows of 4 features and a class index 0–2. */
export function loadIris() {
  const dir = sharedDir();
  if (!dir) return null;
  const lines = fs.readFileSync(path.join(dir, 'datasets/tabular/iris.csv'), 'utf8').trim().split('\n');
  const classes = lines[0].split(',').slice(2);
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  return { x: rows.map((r) => r.slice(0, 4)), y: rows.map((r) => r[4]), classes };
}

/**
 * QuickDraw doodles (cats, rainbows, trains): `perClass` of each, as 28×28 grey values in [0, 1]
 * (white strokes on black), with labels 0–2.
 */
export function loadQuickdraw(perClass = 1000) {
  const dir = sharedDir();
  if (!dir) return null;
  const classes = ['cat', 'rainbow', 'train'];
  const files = ['cats1000.bin', 'rainbows1000.bin', 'trains1000.bin'];
  const n = perClass * classes.length;
  const x = new Float32Array(n * 784);
  const y = new Int32Array(n);
  files.forEach((f, c) => {
    const bytes = fs.readFileSync(path.join(dir, 'datasets/quickdraw-3-classes', f));
    for (let i = 0; i < perClass; i++) {
      const row = c * perClass + i;
      for (let p = 0; p < 784; p++) x[row * 784 + p] = bytes[i * 784 + p] / 255;
      y[row] = c;
    }
  });
  return { x, y, classes, n };
}

/** Splits rows by a seeded shuffle: the first `testFraction` go to the test set. */
export function split(n, testFraction, seed = 1) {
  const idx = shuffledIndices(n, seed);
  const nTest = Math.round(n * testFraction);
  return { test: idx.slice(0, nTest), train: idx.slice(nTest) };
}

/** Picks rows of a flat array of `width` values per row. */
export function pickRows(flat, width, rows) {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(flat.subarray(r * width, (r + 1) * width), i * width));
  return out;
}
