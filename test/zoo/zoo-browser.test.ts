// The zoo in headless Chromium against a local static server: the first visit downloads
// mobilenet-v2 (progress events seen) and classifies a photo; then the server is stopped and a
// second visit (the page and library still served, every zoo request refused) loads the model
// from IndexedDB and gives the same answer. Prints the load times (network vs cache) that the
// README reports. Needs dist/ (npm run build), the built zoo (npm run zoo, run here when
// ../shared/zoo-sources is there) and /usr/bin/chromium (CHROMIUM_PATH overrides).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';
import { buildZoo, OUT_DIR, sourcesDir } from '../../zoo/build.mjs';

const ROOT = join(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHARED = sourcesDir();
const PHOTO = SHARED && join(SHARED, '../test-images/kitten.jpg');
const missing = [
  !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}`,
  !existsSync(join(ROOT, 'dist/sprout.min.js')) && 'no dist/sprout.min.js (run npm run build)',
  !(PHOTO && existsSync(PHOTO)) && 'no ../shared/zoo-sources and test photo',
].filter(Boolean);
const REASON = `skipped: ${missing.join('; ')}`;
if (missing.length) console.warn(`[zoo browser] ${REASON}`);

const PAGE = `<!doctype html><meta charset="utf-8"><title>zoo</title>
<script src="/sprout/sprout.min.js"></script>
<img id="photo" src="/kitten.jpg">
<script>
window.classify = async () => {
  const img = document.getElementById('photo');
  if (!img.complete) await new Promise((r) => { img.onload = r; });
  const events = [];
  const t0 = performance.now();
  const model = await sprout.zoo.load('mobilenet-v2', { onProgress: (p) => events.push(p) });
  const loadMs = performance.now() - t0;
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const rgba = ctx.getImageData(0, 0, c.width, c.height).data;
  const rgb = new Float32Array(c.width * c.height * 3);
  for (let i = 0; i < c.width * c.height; i++) for (let k = 0; k < 3; k++) rgb[3 * i + k] = rgba[4 * i + k];
  const x = sprout.preprocessImage(sprout.tensor(rgb, [c.height, c.width, 3]), model.manifest.input);
  const probs = Array.from(model.predict(x).dataSync());
  const top = probs.indexOf(Math.max(...probs));
  const m = model.manifest;
  model.dispose();
  return { events, loadMs, baseUrl: sprout.zoo.baseUrl, label: m.labels[top - m.labelOffset], p: probs[top], cached: await sprout.zoo.cached() };
};
</script>`;

describe.skipIf(missing.length > 0)(`zoo in Chromium ${missing.length ? `(${REASON})` : ''}`, () => {
  let browser: Browser;
  let context: BrowserContext;
  let server: RunningServer;
  const site = mkdtempSync(join(tmpdir(), 'sprout-zoo-site-'));
  const problems: string[] = [];

  beforeAll(async () => {
    await buildZoo({ ids: ['mobilenet-v2'], log: () => {} });
    // The site: the page, the library, and the zoo/ folder beside the library.
    mkdirSync(join(site, 'sprout/zoo'), { recursive: true });
    copyFileSync(join(ROOT, 'dist/sprout.min.js'), join(site, 'sprout/sprout.min.js'));
    const manifest = JSON.parse(readFileSync(join(OUT_DIR, 'mobilenet-v2.json'), 'utf8'));
    for (const f of ['mobilenet-v2.json', 'index.json', manifest.files.model.path, manifest.files.weights.path]) copyFileSync(join(OUT_DIR, f), join(site, 'sprout/zoo', f));
    copyFileSync(PHOTO!, join(site, 'kitten.jpg'));
    writeFileSync(join(site, 'index.html'), PAGE);
    server = await startServer({ root: site, port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking'] });
    context = await browser.newContext();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close().catch(() => {});
    rmSync(site, { recursive: true, force: true });
  });

  async function visit(url: string) {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    // The browser's own network lines (favicon 404, the refused zoo requests) are not the page's errors.
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console.error: ${m.text()}`); });
    await page.goto(url);
    const r = await page.evaluate(() => (window as unknown as { classify: () => Promise<unknown> }).classify());
    await page.close();
    return r as { events: { status: string; loaded: number; total: number }[]; loadMs: number; baseUrl: string; label: string; p: number; cached: { id: string; version: string }[] };
  }

  it('first visit downloads with progress; with the server stopped a second visit loads from IndexedDB, same answer', async () => {
    const url = server.url;
    const first = await visit(url);
    expect(first.baseUrl).toBe(`${url}sprout/zoo/`);
    const statuses = first.events.map((e) => e.status);
    expect(statuses[0]).toBe('download');
    expect(statuses.filter((s) => s === 'progress').length).toBeGreaterThan(1);
    expect(statuses.at(-1)).toBe('ready');
    expect(first.events.at(-1)!.loaded).toBe(first.events.at(-1)!.total);
    expect(first.label.split(',')[0]).toBe('tiger cat');
    expect(first.cached).toEqual([{ id: 'mobilenet-v2', version: '1.0.0', bytes: first.events[0].total }]);

    // Server stopped: the page and library still come (from here), every zoo request is refused.
    await server.close();
    const files = new Map([['/', 'index.html'], ['/sprout/sprout.min.js', 'sprout/sprout.min.js'], ['/kitten.jpg', 'kitten.jpg']]);
    const refused: string[] = [];
    await context.route('**/*', (route) => {
      const path = new URL(route.request().url()).pathname;
      const file = files.get(path);
      if (!file) { refused.push(path); return route.abort('connectionrefused'); }
      const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.jpg') ? 'image/jpeg' : 'text/html';
      return route.fulfill({ status: 200, contentType: type, body: readFileSync(join(site, file)) });
    });
    const second = await visit(url);
    expect(refused).toContain('/sprout/zoo/mobilenet-v2.json');
    expect(second.events.map((e) => e.status)).toEqual(['cached', 'ready']);
    expect(second.label).toBe(first.label);
    expect(second.p).toBe(first.p);
    expect(problems).toEqual([]);
    console.log(`[zoo browser] mobilenet-v2 cold load in Chromium: network ${first.loadMs.toFixed(0)} ms, IndexedDB cache ${second.loadMs.toFixed(0)} ms (${(first.events[0].total / 1e6).toFixed(2)} MB); top-1 '${first.label.split(',')[0]}' ${(first.p * 100).toFixed(1)}%`);
  });
});
