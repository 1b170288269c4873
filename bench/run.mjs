// `npm run bench`: runs every benchmark suite in one process and writes bench/RESULTS.md.
// Ratios below 1 mean Sprout is faster. Not a test: timings on a shared machine are noisy, so
// only ratios measured in the same run are meaningful.
import fs from 'node:fs';
import { machine } from './harness.mjs';
import { loadLibraries } from './libs.mjs';
import { opsSuite } from './suites/ops.mjs';
import { trainingSuite } from './suites/training.mjs';

const SUITES = { ops: opsSuite, training: trainingSuite };

const only = process.argv.slice(2);
const libs = await loadLibraries();
const sections = [];
for (const [name, suite] of Object.entries(SUITES)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`${name}:`);
  sections.push(await suite(libs));
}

const date = new Date().toISOString().slice(0, 10);
const out = [
  '# Benchmark results',
  '',
  `Measured by \`npm run bench\` on ${date}: ${machine()}.`,
  'Medians of repeated runs after warm-up; the libraries run interleaved in one process. Ratios below 1× mean Sprout is faster.',
  '',
  ...sections.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
  fs.existsSync('bench/NOTES.md') ? fs.readFileSync('bench/NOTES.md', 'utf8') : '',
].join('\n');
fs.writeFileSync('bench/RESULTS.md', out);
console.log('wrote bench/RESULTS.md');
