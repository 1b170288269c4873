// Bundle budget and package entry points. Needs a build: `npm test` builds first; on its own run
// `npm run build` before `npx vitest run test/size.test.ts`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const KB = 1024;
/** Budget for the main bundle, gzip. */
const MAIN_BUDGET = 120 * KB;
/** Budget for each optional GPU backend bundle (dist/sprout-webgl*.js, dist/sprout-webgpu*.js), gzip. */
const BACKEND_BUDGET = 40 * KB;

const NEEDS_BUILD = 'run `npm run build` first (`npm test` builds before testing)';
const gzipSize = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n: number) => `${(n / KB).toFixed(1)} KB (${n} bytes)`;

function requireDist(name: string): string {
  const file = join(DIST, name);
  if (!existsSync(file)) throw new Error(`dist/${name} is missing: ${NEEDS_BUILD}`);
  return file;
}

describe('bundle size', () => {
  it(`dist/sprout.min.js is at most ${MAIN_BUDGET / KB} KB gzipped`, () => {
    const size = gzipSize(requireDist('sprout.min.js'));
    console.log(`dist/sprout.min.js gzip: ${kb(size)}`);
    expect(size, `dist/sprout.min.js is ${kb(size)} gzipped, over the ${MAIN_BUDGET / KB} KB budget`).toBeLessThanOrEqual(MAIN_BUDGET);
  });

  it(`GPU backend bundles (dist/sprout-webgl*.js, dist/sprout-webgpu*.js) are at most ${BACKEND_BUDGET / KB} KB gzipped each`, () => {
    if (!existsSync(DIST)) throw new Error(`dist/ is missing: ${NEEDS_BUILD}`);
    const files = readdirSync(DIST).filter((f) => /^sprout-(webgl|webgpu).*\.(c|m)?js$/.test(f));
    for (const f of files) {
      const size = gzipSize(join(DIST, f));
      console.log(`dist/${f} gzip: ${kb(size)}`);
      expect(size, `dist/${f} is ${kb(size)} gzipped, over the ${BACKEND_BUDGET / KB} KB budget`).toBeLessThanOrEqual(BACKEND_BUDGET);
    }
  });
});

describe('package entry points', () => {
  // Node resolves a package's own name from inside it through package.json "exports" (self-reference),
  // so these child processes exercise exactly what `npm install sprout-ml` users get.
  const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const script = (load: string) => `
    ${load}
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6], [7, 8]]);
    const c = matMul(a, b);
    console.log(JSON.stringify({ shape: c.shape, values: Array.from(c.dataSync()) }));
  `;
  const expected = { shape: [2, 2], values: [19, 22, 43, 50] };

  it("`import { tensor, matMul } from 'sprout-ml'` works in Node (ESM)", () => {
    requireDist('sprout.esm.js');
    const out = node(['--input-type=module', '-e', script("import { tensor, matMul } from 'sprout-ml';")]);
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual(expected);
  });

  it("`require('sprout-ml')` works in Node (CommonJS)", () => {
    requireDist('sprout.cjs');
    const out = node(['--input-type=commonjs', '-e', script("const { tensor, matMul } = require('sprout-ml');")]);
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual(expected);
  });

  it('the type declarations named by package.json exist', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    for (const p of new Set([pkg.types, pkg.exports?.['.']?.types].filter(Boolean))) {
      expect(existsSync(join(ROOT, p)), `${p} (from package.json) is missing: ${NEEDS_BUILD}`).toBe(true);
    }
    // index.d.ts re-exports the shared API (api.d.ts), where the tensor functions are declared.
    const dts = readFileSync(requireDist('types/index.d.ts'), 'utf8');
    expect(dts).toMatch(/export \* from '\.\/api\.js'/);
    expect(dts).toMatch(/loadGraphModel/);
    const api = readFileSync(requireDist('types/api.d.ts'), 'utf8');
    expect(api).toMatch(/tensor\/index\.js/);
  });

  it('the IIFE bundles define the global `sprout`', () => {
    for (const name of ['sprout.js', 'sprout.min.js']) {
      const code = readFileSync(requireDist(name), 'utf8');
      expect(code, `dist/${name} should assign the global sprout`).toMatch(/\bvar sprout\s*=|\bsprout\s*=/);
    }
    expect(existsSync(join(DIST, 'sprout.min.js.map')), 'dist/sprout.min.js.map is missing').toBe(true);
  });
});
