#!/usr/bin/env node
// Copies the sample photos and data the sketches use into build/samples/ (ignored, never
// committed) from the shared data folder ($SPROUT_SHARED or ../shared). Without that folder the
// sketches that need a sample say so on the page; everything else works.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLES_DIR = join(ROOT, 'build', 'samples');
const SAMPLES = {
  'bird.jpg': 'test-images/bird.jpg',
  'kitten.jpg': 'test-images/kitten.jpg',
  'colorData.json': 'datasets/tabular/ml5-colorData.json',
};

/** Copies what is there; returns the names that could not be found. */
export function copySamples() {
  const shared = process.env.SPROUT_SHARED ?? resolve(ROOT, '../shared');
  mkdirSync(SAMPLES_DIR, { recursive: true });
  const missing = [];
  for (const [name, from] of Object.entries(SAMPLES)) {
    const src = join(shared, from);
    if (existsSync(src)) copyFileSync(src, join(SAMPLES_DIR, name));
    else if (!existsSync(join(SAMPLES_DIR, name))) missing.push(name);
  }
  return missing;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const missing = copySamples();
  console.log(missing.length ? `samples: missing ${missing.join(', ')} (no shared data folder)` : `samples: ready in ${SAMPLES_DIR}`);
}
