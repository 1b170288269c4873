#!/usr/bin/env node
// `npm test`: build the library, type-check everything, build the zoo (incremental; a zoo build that cannot find its
// sources — no ../shared, no network — warns, and the tests that need the zoo skip with that
// reason), copy the sketches' sample files, then run the whole vitest suite.
// Extra arguments go to vitest: `npm test -- test/zoo`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

if (run(npm, ['run', 'build']) !== 0) process.exit(1);
// Type-check the tests and scripts too (the build checks src/).
if (run(npm, ['run', 'typecheck']) !== 0) process.exit(1);
if (run(npm, ['run', 'zoo']) !== 0) {
  console.warn('\n[npm test] the zoo build failed (see above); tests that need the built zoo will skip and say why.\n');
}
const { copySamples } = await import('./samples.mjs');
const missing = copySamples();
if (missing.length) console.warn(`[npm test] sample files missing (${missing.join(', ')}): the sketches using them will skip.`);
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
process.exit(run(process.execPath, [vitest, 'run', ...process.argv.slice(2)]));
