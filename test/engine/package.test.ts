// The built package as users load it: `import ... from 'sprout-ml'` (ESM), `require('sprout-ml')`
// (CJS), both resolved through package.json "exports" by Node's package self-reference from the repo
// root, and the IIFE bundle (dist/sprout.min.js) evaluated as a classic script that defines the
// global `sprout`. Needs a build: `npm test` builds first; on its own run `npm run build` before
// `npx vitest run test/engine/package.test.ts`. Without dist/ the tests are skipped, saying why.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = join(ROOT, 'dist');
const HAS_BUILD = existsSync(join(DIST, 'sprout.esm.js'));

if (!HAS_BUILD) {
  console.warn('test/engine/package.test.ts: skipped, dist/sprout.esm.js is missing; run `npm run build` first (`npm test` builds before testing)');
}

/** [[1, 2], [3, 4]] · [[5, 6], [7, 8]], by hand. */
const PRODUCT = [[19, 22], [43, 50]];

/** Runs `node <args>` at the repo root; returns stdout. */
function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The last line of output, parsed as JSON. */
const lastJson = (out: string) => JSON.parse(out.trim().split('\n').pop()!);

describe('the built package', () => {
  it.skipIf(!HAS_BUILD)('package.json points at files that exist', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('sprout-ml');
    const targets = [pkg.main, pkg.module, pkg.browser, pkg.exports['.'].import, pkg.exports['.'].require, pkg.exports['.'].default];
    for (const t of targets) expect(existsSync(join(ROOT, t)), t).toBe(true);
  });

  it.skipIf(!HAS_BUILD)("ESM: import { tensor, matMul } from 'sprout-ml' resolves and computes", () => {
    const code = [
      "import { tensor, matMul, version, SproutError } from 'sprout-ml';",
      'const c = matMul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]]));',
      'let code = null;',
      'try { tensor([[1, 2], [3]]); } catch (e) { code = e instanceof SproutError ? e.code : String(e); }',
      'console.log(JSON.stringify({ shape: c.shape, values: c.arraySync(), version, code }));',
    ].join('\n');
    const out = lastJson(node(['--input-type=module', '-e', code]));
    expect(out.shape).toEqual([2, 2]);
    expect(out.values).toEqual(PRODUCT);
    expect(out.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(out.code).toBe('tensor.raggedArray');
  });

  it.skipIf(!HAS_BUILD)("CJS: require('sprout-ml') resolves and computes", () => {
    const code = [
      "const { tensor, matMul, tidy, memory } = require('sprout-ml');",
      'const before = memory().numTensors;',
      'const c = tidy(() => matMul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])));',
      'console.log(JSON.stringify({ shape: c.shape, values: c.arraySync(), live: memory().numTensors - before }));',
    ].join('\n');
    const out = lastJson(node(['-e', code]));
    expect(out.shape).toEqual([2, 2]);
    expect(out.values).toEqual(PRODUCT);
    expect(out.live).toBe(1);
  });

  it.skipIf(!HAS_BUILD)('ESM and CJS resolve to the dist files of package.json "exports"', () => {
    const esm = node(['--input-type=module', '-e', "console.log(import.meta.resolve('sprout-ml'))"]).trim();
    expect(esm).toBe(new URL(`file://${join(DIST, 'sprout.esm.js')}`).href);
    const cjs = node(['-e', "console.log(require.resolve('sprout-ml'))"]).trim();
    expect(cjs).toBe(join(DIST, 'sprout.cjs'));
  });

  for (const file of ['sprout.min.js', 'sprout.js']) {
    it.skipIf(!HAS_BUILD)(`IIFE: dist/${file} in a vm context defines \`sprout\` with working ops`, async () => {
      const source = readFileSync(join(DIST, file), 'utf8');
      // What a page offers a classic script; nothing from Node.
      // What every browser (and Node) provides; the bundle may use it when it loads.
      const context = vm.createContext({ console, setTimeout, clearTimeout, queueMicrotask, TextDecoder, TextEncoder, URL });
      vm.runInContext(source, context, { filename: file });
      expect(typeof context.sprout).toBe('object');
      expect(typeof context.sprout.tensor).toBe('function');
      // Run the ops inside the context so every array belongs to its realm, as on a page.
      const result = JSON.parse(vm.runInContext(`
        (() => {
          const a = sprout.tensor([[1, 2], [3, 4]]);
          const b = sprout.tensor([[5, 6], [7, 8]]);
          const c = sprout.matMul(a, b);
          const r = sprout.tidy(() => sprout.tensor([-1, 0, 2]).relu().add(1).sum());
          const img = sprout.image.resizeNearestNeighbor(sprout.ones([2, 2, 1]), [4, 4]);
          const conv = sprout.conv2d(sprout.ones([1, 4, 4, 1]), sprout.ones([3, 3, 1, 1]), 1, 'valid');
          return JSON.stringify({
            product: c.arraySync(), relu: Array.from(r.dataSync()), img: img.shape,
            conv: Array.from(conv.dataSync()), backend: sprout.getBackend(), version: sprout.version,
          });
        })()
      `, context));
      expect(result.product).toEqual(PRODUCT);
      expect(result.relu).toEqual([5]); // relu([-1, 0, 2]) + 1 = [1, 1, 3]
      expect(result.img).toEqual([4, 4, 1]);
      expect(result.conv).toEqual([9, 9, 9, 9]);
      expect(result.backend).toBe('cpu');
      expect(typeof result.version).toBe('string');
      // async reads work too
      const data = await vm.runInContext('sprout.tensor([1, 2, 3]).square().data().then((d) => Array.from(d))', context);
      expect(data).toEqual([1, 4, 9]);
    });
  }
});
