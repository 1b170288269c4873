#!/usr/bin/env node
// Builds Sprout: rollup bundles (see rollup.config.js), then the .d.ts files with tsc,
// then prints the gzip size of dist/sprout.min.js.
//
//   node scripts/build.mjs          (or: npm run build)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { loadConfigFile } from 'rollup/loadConfigFile';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
const started = Date.now();

/** gzip size the way the size test measures it (level 9). */
function gzipSize(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// 1. Clean what this script produces (other tools may own other files under dist/).
for (const name of ['sprout.js', 'sprout.js.map', 'sprout.min.js', 'sprout.min.js.map', 'sprout.esm.js', 'sprout.esm.js.map', 'sprout.cjs', 'sprout.cjs.map',
  'sprout-formats.js', 'sprout-formats.js.map', 'sprout-formats.min.js', 'sprout-formats.min.js.map', 'types']) {
  rmSync(join(dist, name), { recursive: true, force: true });
}

// 2. Bundles.
const { options, warnings } = await loadConfigFile(join(root, 'rollup.config.js'), {});
warnings.flush();
/** Names the format bundle takes from `sprout.__internal`. */
const formatImports = new Set();
for (const inputOptions of options) {
  const bundle = await rollup(inputOptions);
  try {
    const written = await Promise.all(inputOptions.output.map((out) => bundle.write(out)));
    if (String(inputOptions.input).includes('formats-bundle')) {
      for (const names of Object.values(written[0].output[0].importedBindings)) for (const n of names) formatImports.add(n);
    }
  } finally {
    await bundle.close();
    warnings.flush(); // print rollup's warnings (collected by loadConfigFile) as they happen
  }
}

// The format bundle links against `sprout.__internal` of the script bundle: every name it imports
// must be there, or a converter would fail only when a user first loads a model.
{
  const { runInNewContext } = await import('node:vm');
  const ctx = { console, URL, TextDecoder, TextEncoder, setTimeout, clearTimeout, queueMicrotask };
  runInNewContext(`${readFileSync(join(dist, 'sprout.min.js'), 'utf8')}\nthis.__sprout = sprout;`, ctx);
  const internal = ctx.__sprout.__internal ?? {};
  const missing = [...formatImports].filter((n) => n !== '*' && n !== 'default' && !(n in internal));
  if (formatImports.has('*') || formatImports.has('default')) missing.push('(a namespace or default import)');
  if (missing.length) {
    console.error(`build: sprout-formats.js imports ${missing.join(', ')}, which src/index.script.ts does not put in __internal`);
    process.exit(1);
  }
}

// 3. Declarations.
const tsc = require.resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  console.error('build: tsc (declarations) failed');
  process.exit(r.status ?? 1);
}
if (!existsSync(join(dist, 'types', 'index.d.ts'))) {
  console.error('build: dist/types/index.d.ts was not produced');
  process.exit(1);
}

// 4. Report.
console.log(`\nbuilt in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
for (const name of ['sprout.js', 'sprout.min.js', 'sprout-formats.min.js', 'sprout.esm.js', 'sprout.cjs']) {
  const file = join(dist, name);
  console.log(`  ${relative(root, file).padEnd(22)} ${kb(statSync(file).size).padStart(10)}`);
}
console.log(`gzip size of dist/sprout.min.js: ${gzipSize(join(dist, 'sprout.min.js'))} bytes (${kb(gzipSize(join(dist, 'sprout.min.js')))})`);
console.log(`gzip size of dist/sprout-formats.min.js: ${kb(gzipSize(join(dist, 'sprout-formats.min.js')))}`);
