#!/usr/bin/env node
// Measures how long `sprout.zoo.load(id)` takes in headless Chromium, cold (a fresh browser
// profile: nothing cached) from the network vs from the IndexedDB cache (a new page of a profile
// that loaded the model before), on the local static server unthrottled and with the network
// throttled to a typical home connection. Prints a Markdown table for the README.
//
//   npm run build && npm run zoo && node zoo/measure-load.mjs [id] [--runs 5]
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { OUT_DIR } from './build.mjs';

const args = process.argv.slice(2);
const id = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'mobilenet-v2';
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const ROOT = join(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
for (const need of [CHROMIUM, join(ROOT, 'dist/sprout.min.js'), join(OUT_DIR, `${id}.json`)]) {
  if (!existsSync(need)) throw new Error(`measure-load: ${need} is missing (npm run build, npm run zoo, Chromium)`);
}

const site = mkdtempSync(join(tmpdir(), 'sprout-zoo-measure-'));
mkdirSync(join(site, 'sprout/zoo'), { recursive: true });
copyFileSync(join(ROOT, 'dist/sprout.min.js'), join(site, 'sprout/sprout.min.js'));
const manifest = JSON.parse(readFileSync(join(OUT_DIR, `${id}.json`), 'utf8'));
for (const f of [`${id}.json`, manifest.files.model.path, manifest.files.weights.path]) copyFileSync(join(OUT_DIR, f), join(site, 'sprout/zoo', f));
writeFileSync(join(site, 'index.html'), `<!doctype html><script src="/sprout/sprout.min.js"></script><script>
window.timeLoad = async (id) => {
  let status = [];
  const t0 = performance.now();
  const m = await sprout.zoo.load(id, { onProgress: (p) => status.push(p.status) });
  const ms = performance.now() - t0;
  m.dispose();
  return { ms, from: status.includes('download') ? 'network' : 'cache' };
};</script>`);
const server = await startServer({ root: site, port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking'] });

// A typical home connection: 20 Mbit/s down, 5 up, 30 ms round trip.
const THROTTLED = { offline: false, latency: 30, downloadThroughput: (20e6 / 8), uploadThroughput: (5e6 / 8) };

async function visit(context, throttle) {
  const page = await context.newPage();
  if (throttle) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', THROTTLED);
  }
  await page.goto(server.url);
  const r = await page.evaluate((x) => window.timeLoad(x), id);
  await page.close();
  return r;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
try {
  for (const throttle of [false, true]) {
    const network = [], cache = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext(); // a fresh profile: empty HTTP cache and IndexedDB
      const a = await visit(context, throttle);
      const b = await visit(context, throttle);
      if (a.from !== 'network' || b.from !== 'cache') throw new Error(`measure-load: expected network then cache, got ${a.from} then ${b.from}`);
      network.push(a.ms);
      cache.push(b.ms);
      await context.close();
    }
    rows.push(`| ${throttle ? '20 Mbit/s, 30 ms (throttled)' : 'localhost (unthrottled)'} | ${median(network).toFixed(0)} ms | ${median(cache).toFixed(0)} ms |`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(site, { recursive: true, force: true });
}
const bytes = manifest.files.model.bytes + manifest.files.weights.bytes;
console.log(`\`${id}\` (${(bytes / 1e6).toFixed(2)} MB), median of ${runs} cold loads in headless Chromium ${browser.version?.() ?? ''}:\n`);
console.log('| network | from the network | from the IndexedDB cache |');
console.log('|---|---|---|');
for (const r of rows) console.log(r);
