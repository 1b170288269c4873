// Real-browser suite: serves the repository, opens test/browser/index.html in headless Chromium
// (the page loads /dist/sprout.min.js with a classic <script> and runs every shared case from
// /test/cases/index.js on every backend in test/browser/backends.js), then reports one vitest test
// per (backend, case). Any console error or uncaught page error fails the suite.
//
// Needs a build (`npm test` builds first) and /usr/bin/chromium (CHROMIUM_PATH overrides);
// without Chromium the suite is skipped with a printed reason.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const HAVE_BUILD = existsSync(join(ROOT, 'dist', 'sprout.min.js'));
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];
/** How long the page may take to run every case on every backend. */
const RUN_TIMEOUT_MS = 150_000;

if (!HAVE_CHROMIUM) {
  console.warn(`[browser suite] SKIPPED: no Chromium at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`);
}

interface CaseResult {
  index: number;
  name: string;
  backend: string;
  ok: boolean;
  skipped: boolean;
  error: string | null;
}
interface PageReport {
  results: CaseResult[] | undefined;
  skipped: Record<string, string> | undefined;
  fatal: string | undefined;
}

// The case list and backend list, imported in Node to name the tests. Plain .js modules shared with
// the page, loaded by URL so TypeScript needs no declarations for them.
type SharedCase = { name: string };
const { BACKENDS } = (await import(pathToFileURL(join(ROOT, 'test/browser/backends.js')).href)) as { BACKENDS: string[] };
let CASES: SharedCase[] = [];
let casesImportError: string | null = null;
try {
  CASES = ((await import(pathToFileURL(join(ROOT, 'test/cases/index.js')).href)) as { cases: SharedCase[] }).cases;
  if (!Array.isArray(CASES)) throw new Error('test/cases/index.js does not export an array named `cases`');
} catch (e) {
  casesImportError = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  CASES = [];
}

/** Messages that fail the suite: console errors, uncaught errors, failed requests. */
const pageProblems: string[] = [];

function watch(page: Page, label: string): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      pageProblems.push(`[${label}] console.error: ${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => pageProblems.push(`[${label}] uncaught: ${err.stack ?? err.message}`));
  page.on('requestfailed', (req) => pageProblems.push(`[${label}] request failed: ${req.url()} (${req.failure()?.errorText ?? '?'})`));
  page.on('response', (res) => {
    if (res.status() >= 400) pageProblems.push(`[${label}] HTTP ${res.status()} for ${res.url()}`);
  });
}

describe.skipIf(!HAVE_CHROMIUM)('browser (headless Chromium, dist/sprout.min.js)', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let report: PageReport = { results: undefined, skipped: undefined, fatal: undefined };
  let libraryCheck: { defined: boolean; backend: string | null; initial: string | null } | undefined;

  beforeAll(async () => {
    if (!HAVE_BUILD) throw new Error('dist/sprout.min.js is missing: run `npm run build` first (`npm test` builds before testing)');
    server = await startServer({ root: ROOT, port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });

    // 1. The library alone, nothing else run: the global exists and the default backend is CPU.
    const plain = await browser.newPage();
    watch(plain, 'library page');
    await plain.goto(`${server.url}test/browser/index.html?cases=none`);
    await plain.waitForFunction(() => (window as unknown as { __done?: boolean }).__done === true, null, { timeout: 60_000 });
    libraryCheck = await plain.evaluate(() => {
      const w = window as unknown as { sprout?: { getBackend(): string }; __initialBackend?: string };
      return { defined: typeof w.sprout === 'object' && w.sprout !== null, backend: w.sprout ? w.sprout.getBackend() : null, initial: w.__initialBackend ?? null };
    });
    await plain.close();

    // 2. Every shared case on every backend.
    const page = await browser.newPage();
    watch(page, 'cases page');
    await page.goto(`${server.url}test/browser/index.html`);
    await page.waitForFunction(() => (window as unknown as { __done?: boolean }).__done === true, null, { timeout: RUN_TIMEOUT_MS });
    report = await page.evaluate(() => {
      const w = window as unknown as { __results?: CaseResult[]; __skipped?: Record<string, string>; __fatal?: string };
      return { results: w.__results, skipped: w.__skipped, fatal: w.__fatal };
    });
    await page.close();
    for (const [backend, reason] of Object.entries(report.skipped ?? {})) {
      console.warn(`[browser suite] backend '${backend}' skipped: ${reason}`);
    }
  }, RUN_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('window.sprout is defined and the default backend is cpu', () => {
    expect(libraryCheck?.defined, 'window.sprout is not defined after loading /dist/sprout.min.js').toBe(true);
    expect(libraryCheck?.initial).toBe('cpu');
    expect(libraryCheck?.backend).toBe('cpu');
  });

  it('the case page ran to completion', () => {
    expect(report.fatal ?? null, `the case page stopped: ${report.fatal}`).toBeNull();
    expect(report.results, 'window.__results was not set').toBeDefined();
    expect(report.results!.length).toBe(BACKENDS.length * CASES.length);
  });

  it('test/cases/index.js can be imported in Node and names at least one case', () => {
    expect(casesImportError, `importing test/cases/index.js in Node failed:\n${casesImportError}`).toBeNull();
    expect(CASES.length).toBeGreaterThan(0);
  });

  for (const backend of BACKENDS) {
    describe(backend, () => {
      CASES.forEach((c, index) => {
        it(c.name, (ctx) => {
          const r = report.results?.find((x) => x.backend === backend && x.index === index);
          expect(r, `no result recorded for ${backend} › ${c.name}${report.fatal ? ` (page stopped: ${report.fatal})` : ''}`).toBeDefined();
          if (r!.skipped) {
            ctx.skip(`backend ${backend} unavailable: ${r!.error}`);
            return;
          }
          expect(r!.name).toBe(c.name);
          expect(r!.ok, `${backend} › ${c.name} failed in the browser:\n${r!.error}`).toBe(true);
        });
      });
    });
  }

  // Registered last so it sees everything both pages logged.
  it('no console errors, uncaught errors or failed requests in the page', () => {
    expect(pageProblems.length, `problems in the page:\n${pageProblems.join('\n')}`).toBe(0);
  });
});
