// p5 integration in headless Chromium with the real p5 1.11.x and 2.3.x (npm aliases p5-1, p5-2):
// a factory called in p5 1.x preload() returns the task and holds setup() until the model is
// ready (global and instance mode, Sprout's script after or before p5's); in p5 2.x, awaiting the
// factory in async setup() works. Pages: test/p5/pages/*.html. Needs dist/, the built zoo and Chromium.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';
import { SITE_REWRITES } from '../../scripts/site-layout.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = [
  !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}`,
  !existsSync(join(ROOT, 'dist', 'sprout.min.js')) && 'dist/sprout.min.js is missing (run `npm run build`)',
  !existsSync(join(ROOT, 'build', 'zoo', 'doodlenet.json')) && 'the built zoo is missing (run `npm run zoo`)',
  !existsSync(join(ROOT, 'node_modules', 'p5-1', 'lib', 'p5.min.js')) && 'p5 1.x (npm alias p5-1) is not installed',
  !existsSync(join(ROOT, 'node_modules', 'p5-2', 'lib', 'p5.min.js')) && 'p5 2.x (npm alias p5-2) is not installed',
].filter(Boolean) as string[];
if (missing.length) console.warn(`[p5 integration] SKIPPED: ${missing.join('; ')}`);

describe.skipIf(missing.length > 0)('p5 integration (headless Chromium)', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer({ root: ROOT, port: 0, rewrites: SITE_REWRITES });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pages: [string, RegExp][] = [
    ['p5-1-global.html', /^ok: setup after ready, 3 labels, top \S/],
    ['p5-1-instance.html', /^ok: instance setup after ready, top \S/],
    ['p5-2-async.html', /^ok: p5 2\.3\.\d+ async setup, top \S/],
  ];
  for (const [file, expected] of pages) {
    it(file, async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(e.message));
      try {
        await page.goto(`${server.url}test/p5/pages/${file}`);
        await page.waitForFunction(() => /^(ok|fail)/.test(document.getElementById('result')?.textContent ?? ''), null, { timeout: 60_000 })
          .catch(() => undefined);
        const text = await page.evaluate(() => document.getElementById('result')?.textContent ?? '');
        expect(problems, problems.join('\n')).toEqual([]);
        expect(text).toMatch(expected);
      } finally {
        await page.close();
      }
    }, 90_000);
  }
});
