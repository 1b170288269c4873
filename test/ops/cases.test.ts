// Runs the shared op suite (test/cases/index.js) in Node, on every backend the browser suite uses
// (test/browser/backends.js), one vitest test per (backend, case): `${backend} › ${case.name}`.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.js';

// The case and backend lists are plain .js modules shared with the page; they are loaded by URL so
// TypeScript needs no declarations for them (as test/browser/browser.test.ts does).
type SharedCase = { name: string; run: (lib: typeof sp, backend: string) => void | Promise<void> };
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { BACKENDS } = (await import(pathToFileURL(join(ROOT, 'test/browser/backends.js')).href)) as { BACKENDS: string[] };
const { cases } = (await import(pathToFileURL(join(ROOT, 'test/cases/index.js')).href)) as { cases: SharedCase[] };

describe('shared op cases', () => {
  it('has a substantial, uniquely named case list', () => {
    expect(Array.isArray(cases)).toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const c of cases) expect(typeof c.run).toBe('function');
  });

  it('runs on at least one backend', () => {
    expect(BACKENDS.length).toBeGreaterThan(0);
  });
});

describe.each(BACKENDS)('backend %s', (backend) => {
  beforeAll(async () => {
    const ok = await sp.setBackend(backend);
    expect(ok, `setBackend('${backend}')`).toBe(true);
    await sp.ready();
    expect(sp.getBackend()).toBe(backend);
  });

  it.each(cases.map((c) => [`${backend} › ${c.name}`, c] as const))('%s', async (_name, c) => {
    await c.run(sp, backend);
  });
});
