// `npm run bench`: runs the benchmark suites in one process and writes bench/RESULTS.md.
// `node bench/run.mjs ops training` runs only those suites and keeps the other sections of the
// file as they were. Ratios below 1 mean Sprout is faster. Not a test: timings on a shared machine
// are noisy, so only ratios measured in the same run are meaningful.
import fs from 'node:fs';
import { machine } from './harness.mjs';
import { loadLibraries } from './libs.mjs';
import { opsSuite } from './suites/ops.mjs';
import { trainingSuite } from './suites/training.mjs';
import { modelsSuite } from './suites/models.mjs';

const SUITES = { ops: opsSuite, training: trainingSuite, models: modelsSuite };
const RESULTS = 'bench/RESULTS.md';

const only = process.argv.slice(2);
const libs = await loadLibraries();
const date = new Date().toISOString().slice(0, 10);

// Sections already in the file, by title, so a partial run replaces only its own.
const sections = new Map();
if (fs.existsSync(RESULTS)) {
  const old = fs.readFileSync(RESULTS, 'utf8').split(/^## /m).slice(1);
  for (const part of old) {
    const title = part.slice(0, part.indexOf('\n'));
    if (title !== 'Reading these numbers') sections.set(title, '## ' + part.trimEnd());
  }
}
for (const [name, suite] of Object.entries(SUITES)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`${name}:`);
  const s = await suite(libs);
  sections.set(s.title, `## ${s.title}\n\n_Measured ${date} on ${machine()}._\n\n${s.markdown}`);
}

const out = [
  '# Benchmark results',
  '',
  'Written by `npm run bench` (each section says when and where it was measured). Medians of',
  'repeated runs after warm-up; the libraries run interleaved in one process. Ratios below 1× mean',
  'Sprout is faster.',
  '',
  ...[...sections.values()].flatMap((s) => [s, '']),
  fs.existsSync('bench/NOTES.md') ? fs.readFileSync('bench/NOTES.md', 'utf8') : '',
].join('\n');
fs.writeFileSync(RESULTS, out);
console.log(`wrote ${RESULTS}`);
