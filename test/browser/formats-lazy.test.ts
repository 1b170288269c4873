// The script bundle (dist/sprout.min.js) leaves the model-format converters out and loads
// dist/sprout-formats.min.js on first use (src/models/formats.ts). In headless Chromium: the
// converters are not loaded up front, the first loadGraphModel adds the format bundle and gives the
// right numbers, and a missing format bundle gives a clear error instead of a hang.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = [
  !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}`,
  !existsSync(join(ROOT, 'dist', 'sprout-formats.min.js')) && 'dist/ is not built (run `npm run build`)',
].filter(Boolean) as string[];
if (missing.length) console.warn(`[lazy formats] SKIPPED: ${missing.join('; ')}`);

/** A graph model computing Relu(x · 2 + 1) for x of shape [1, 4], as in-memory artifacts. */
const PAGE_SCRIPT = `
  const b64 = (s) => btoa(s);
  window.runGraph = async () => {
    const before = [...document.scripts].map((s) => s.src).filter((s) => s.includes('sprout-formats')).length;
    const weights = new Float32Array([2, 1]);
    const art = {
      format: 'graph-model',
      modelTopology: { node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '1' }, { size: '4' }] } } } },
        { name: 'two', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: {} } } },
        { name: 'one', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: {} } } },
        { name: 'mul', op: 'Mul', input: ['x', 'two'], attr: { T: { type: 'DT_FLOAT' } } },
        { name: 'add', op: 'AddV2', input: ['mul', 'one'], attr: { T: { type: 'DT_FLOAT' } } },
        { name: 'out', op: 'Relu', input: ['add'], attr: { T: { type: 'DT_FLOAT' } } },
      ], versions: { producer: 1 } },
      weightSpecs: [{ name: 'two', shape: [], dtype: 'float32' }, { name: 'one', shape: [], dtype: 'float32' }],
      weightData: weights.buffer,
    };
    const model = await sprout.loadGraphModel(art);
    const y = model.predict(sprout.tensor([[-3, -0.5, 0, 2]]));
    const after = [...document.scripts].map((s) => s.src).filter((s) => s.includes('sprout-formats')).length;
    return { before, after, values: Array.from(await y.data()) };
  };
`;

describe.skipIf(missing.length > 0)('model converters load lazily in the script bundle', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer({ root: ROOT, port: 0, rewrites: { '/nowhere/sprout.min.js': '/dist/sprout.min.js' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(scriptPath: string) {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}test/browser/index.html?cases=none`);
    await page.setContent(`<!doctype html><html><head><script src="${server.url}${scriptPath.slice(1)}"></script></head><body><script>${PAGE_SCRIPT}</script></body></html>`);
    return { page, errors };
  }

  it('the first loadGraphModel adds sprout-formats.min.js and the model computes relu(2x + 1)', async () => {
    const { page, errors } = await open('/dist/sprout.min.js');
    try {
      const r = await page.evaluate(() => (window as unknown as { runGraph: () => Promise<{ before: number; after: number; values: number[] }> }).runGraph());
      expect(r.before).toBe(0);
      expect(r.after).toBe(1);
      expect(r.values).toEqual([0, 0, 1, 5]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('without the format bundle next to sprout.min.js, loading a model fails with a clear error', async () => {
    const { page } = await open('/nowhere/sprout.min.js');
    try {
      const message = await page.evaluate(() => (window as unknown as { runGraph: () => Promise<unknown> }).runGraph().then(() => 'no error', (e: Error) => e.message));
      expect(message).toMatch(/model converters .*sprout-formats\.min\.js.* could not be downloaded/);
    } finally {
      await page.close();
    }
  }, 60_000);
});
