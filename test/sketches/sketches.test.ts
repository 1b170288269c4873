// Opens every sketch in sketches/<name>/ in headless Chromium, served with the site's URL layout
// (scripts/site-layout.mjs: /sprout/ = dist + built zoo, /p5/ = p5 2.x and 1.x), with a fake
// webcam. Each sketch folder has a `check.json` that says what to do and what to expect:
//   { "expect": "<regex>", "selector": "#result", "timeoutMs": 90000,
//     "actions": [{ "click": "#train" }, { "draw": [[x, y], …] } …], "progress": true }
// The test fails on any console error, uncaught error or failed request, waits until the text of
// `selector` matches `expect`, checks that a progress indicator was shown while the model
// downloaded (when `progress` is true), and saves a screenshot to test-results/sketches/<name>.png.
// Needs `npm run build` and `npm run zoo` (`npm test` runs both) and /usr/bin/chromium.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';
import { SITE_REWRITES } from '../../scripts/site-layout.mjs';
import { copySamples } from '../../scripts/samples.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results', 'sketches');

interface Action { click?: string; draw?: [number, number][]; on?: string; wait?: number; waitFor?: string; set?: [string, string] }
/** `needs`: files under build/ the sketch loads (samples copied from ../shared); missing → skipped with the reason. */
interface Check { expect: string; selector?: string; timeoutMs?: number; actions?: Action[]; progress?: boolean; needs?: string[] }

const sketchNames = readdirSync(join(ROOT, 'sketches'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'sketches', d.name, 'check.json')))
  .map((d) => d.name)
  .sort();

const missing = [
  !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium, or set CHROMIUM_PATH)`,
  !existsSync(join(ROOT, 'dist', 'sprout.min.js')) && 'dist/sprout.min.js is missing (run `npm run build`)',
  !existsSync(join(ROOT, 'build', 'zoo', 'index.json')) && 'the built zoo is missing (run `npm run zoo`)',
].filter(Boolean) as string[];
if (missing.length) console.warn(`[sketches] SKIPPED: ${missing.join('; ')}`);

describe.skipIf(missing.length > 0)('sketches in headless Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    copySamples();
    server = await startServer({ root: ROOT, port: 0, rewrites: SITE_REWRITES });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
        '--autoplay-policy=no-user-gesture-required', '--disable-background-networking', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the sketch index links every sketch', async () => {
    const html = readFileSync(join(ROOT, 'sketches', 'index.html'), 'utf8');
    for (const name of sketchNames) expect(html, `sketches/index.html does not link ${name}/`).toContain(`href="${name}/"`);
    expect(sketchNames.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of sketchNames) {
    const check = JSON.parse(readFileSync(join(ROOT, 'sketches', name, 'check.json'), 'utf8')) as Check;
    const timeout = check.timeoutMs ?? 90_000;
    it(name, async (ctx) => {
      const absent = (check.needs ?? []).filter((f) => !existsSync(join(ROOT, 'build', f)));
      if (absent.length) {
        const reason = `needs build/${absent.join(', build/')} (copied from ../shared by scripts/samples.mjs; the shared folder is not here)`;
        console.warn(`[sketches] ${name} SKIPPED: ${reason}`);
        ctx.skip(reason);
        return;
      }
      const context = await browser.newContext({ permissions: ['camera'], viewport: { width: 900, height: 700 } });
      const page = await context.newPage();
      const problems = watch(page);
      try {
        // Record whether a progress indicator (class sprout-progress) ever appears: it may come
        // and go quickly when the model loads from a local server.
        await page.addInitScript(() => {
          new MutationObserver((records) => {
            for (const r of records) for (const n of r.addedNodes) {
              if (n instanceof HTMLElement && n.classList.contains('sprout-progress')) (window as unknown as { __progressSeen?: boolean }).__progressSeen = true;
            }
          }).observe(document, { childList: true, subtree: true });
        });
        await page.goto(`${server.url}sketches/${name}/`);
        for (const a of check.actions ?? []) await act(page, a, timeout);
        const selector = check.selector ?? '#result';
        const pattern = new RegExp(check.expect);
        await page.waitForFunction(
          ([sel, src]) => new RegExp(src).test(document.querySelector(sel)?.textContent ?? ''),
          [selector, check.expect] as const,
          { timeout },
        ).catch(async () => {
          const text = await page.evaluate((sel) => document.querySelector(sel)?.textContent ?? '(no such element)', selector);
          throw new Error(`${name}: the text of ${selector} never matched /${check.expect}/; it is: ${JSON.stringify(text)}\n${problems.join('\n')}`);
        });
        const text = await page.evaluate((sel) => document.querySelector(sel)?.textContent ?? '', selector);
        expect(text).toMatch(pattern);
        if (check.progress) {
          const seen = await page.evaluate(() => (window as unknown as { __progressSeen?: boolean }).__progressSeen === true);
          expect(seen, `${name}: no progress indicator was shown while the model loaded`).toBe(true);
        }
        await page.screenshot({ path: join(SHOTS, `${name}.png`) });
        expect(problems, `problems in ${name} (result: ${JSON.stringify(text)}):\n${problems.join("\n")}`).toEqual([]);
      } finally {
        await context.close();
      }
    }, timeout + 60_000);
  }
});

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.stack ?? e.message}`));
  page.on('requestfailed', (r) => {
    // Chromium sometimes reports a streamed fetch whose body was read to the end as ERR_ABORTED;
    // a download that really broke off fails the zoo's sha256 check and shows up on the page.
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && r.url().includes('/sprout/zoo/')) {
      void r.response().then((res) => { if (!res || !res.ok()) problems.push(`request failed: ${r.url()} (aborted before a response)`); });
      return;
    }
    problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`);
  });
  if (process.env.SKETCH_DEBUG) for (const ev of ['request', 'requestfinished', 'requestfailed', 'framenavigated', 'load', 'close', 'console'] as const) page.on(ev as 'load', (x: unknown) => console.log(Date.now() % 100000, ev, (x as { url?: () => string })?.url?.()));
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
  return problems;
}

async function act(page: Page, a: Action, timeout: number): Promise<void> {
  if (process.env.SKETCH_DEBUG) console.log(Date.now() % 100000, 'act', JSON.stringify(a));
  if (a.waitFor) await page.waitForFunction((src) => new RegExp(src).test(document.body.textContent ?? ''), a.waitFor, { timeout });
  if (a.click) await page.click(a.click, { timeout });
  if (a.draw) {
    const canvas = await page.waitForSelector(a.on ?? 'canvas', { timeout });
    const box = (await canvas.boundingBox())!;
    const [x0, y0] = a.draw[0];
    await page.mouse.move(box.x + x0, box.y + y0);
    await page.mouse.down();
    for (const [x, y] of a.draw.slice(1)) await page.mouse.move(box.x + x, box.y + y, { steps: 4 });
    await page.mouse.up();
  }
  if (a.set) {
    await page.evaluate(([sel, value]) => {
      const el = document.querySelector(sel) as HTMLInputElement;
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, a.set);
  }
  if (a.wait) await page.waitForTimeout(a.wait);
}
