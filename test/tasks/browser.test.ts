// The task proofs in headless Chromium, through the built library (dist/sprout.min.js, a classic
// <script>) and the built zoo served beside it (/sprout/zoo/): MobileNet names the test photos from
// <img> elements; every browser input form (canvas, OffscreenCanvas, ImageData, ImageBitmap, p5-like
// wrappers) gives the same answer; a camera video that is not playing yet is waited for; and
// featureExtractor with its defaults reaches ≥ 85 % on the CIFAR proof set.
// Needs `npm run build`, `npm run zoo`, ../shared and /usr/bin/chromium; skips with the reason otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';
import { SITE_REWRITES } from '../../scripts/site-layout.mjs';
import { sharedDir } from '../data/shared-data.mjs';
import { cifarDir } from './cifar.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHARED = sharedDir();
// TASK_PROOF_LIB=<file> serves that build of sprout.min.js instead of dist/ (while others rebuild dist).
const LIB = process.env.TASK_PROOF_LIB ? path.resolve(process.env.TASK_PROOF_LIB) : path.join(ROOT, 'dist/sprout.min.js');
const missing = [
  !fs.existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}`,
  !fs.existsSync(LIB) && `${LIB} is missing (npm run build)`,
  !fs.existsSync(path.join(ROOT, 'build/zoo/mobilenet-v2.json')) && 'the built zoo is missing (npm run zoo)',
  !SHARED && 'no ../shared',
  !cifarDir() && 'no CIFAR subset in ../shared',
].filter(Boolean) as string[];
if (missing.length) console.warn(`[task browser proofs] SKIPPED: ${missing.join('; ')}`);

const PAGE = '/task-proof/index.html';
const MIME: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.bmp': 'image/bmp', '.json': 'application/json' };

describe.skipIf(missing.length > 0)('tasks in headless Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startServer({ root: ROOT, port: 0, rewrites: SITE_REWRITES });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required', '--no-first-run'],
    });
    page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console.error: ${m.text()}`));
    // The page and the ../shared files it reads are served from here (they are not in the repository).
    await page.route('**/task-proof/**', async (route) => {
      const rel = new URL(route.request().url()).pathname.replace(/^.*?\/task-proof\//, '');
      if (rel === 'index.html') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><script src="/sprout/sprout.min.js"></script><body></body>' });
      const file = rel.startsWith('cifar/') ? path.join(cifarDir()!, rel.slice(6)) : path.join(SHARED!, 'test-images', rel);
      if (!fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ contentType: MIME[path.extname(file)] ?? 'application/octet-stream', body: fs.readFileSync(file) });
    });
    await page.route('**/sprout/sprout.min.js', (route) => route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(LIB) }));
    await page.goto(new URL(PAGE, server.url).href);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('MobileNet names every photo from <img> elements; every input form agrees', async () => {
    const expected = JSON.parse(fs.readFileSync(path.join(SHARED!, 'test-images/EXPECTED.json'), 'utf8')) as Record<string, { accept?: string[] }>;
    const files = Object.entries(expected).filter(([k, v]) => !k.startsWith('_') && v.accept).map(([k]) => k);
    const out = await page.evaluate(async (files) => {
      const sp = (window as unknown as { sprout: Record<string, (...a: unknown[]) => Promise<{ classify(x: unknown, k?: number): Promise<{ label: string; confidence: number }[]> }>> }).sprout;
      const c = await sp.imageClassifier('MobileNet');
      const load = (src: string) => new Promise<HTMLImageElement>((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve(img);
        img.onerror = () => reject(new Error(`cannot load ${src}`));
        img.src = src;
      });
      const tops: Record<string, string> = {};
      for (const f of files) tops[f] = (await c.classify(await load(`/task-proof/${f}`), 1))[0].label;
      // One photo in every input form.
      const img = await load('/task-proof/bird.jpg');
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      canvas.getContext('2d')!.drawImage(img, 0, 0);
      const off = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
      off.getContext('2d')!.drawImage(img, 0, 0);
      const forms: Record<string, unknown> = {
        'not loaded yet (waited for)': (() => { const i = new Image(); i.src = '/task-proof/bird.jpg'; return i; })(),
        canvas, offscreen: off, imageData: canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height),
        imageBitmap: await createImageBitmap(img), 'p5.Image-like {canvas}': { canvas }, 'p5.Element-like {elt}': { elt: img },
      };
      const formTops: Record<string, string> = {};
      for (const [k, v] of Object.entries(forms)) formTops[k] = (await c.classify(v, 1))[0].label;
      return { tops, formTops, birdTop: tops['bird.jpg'] };
    }, files);
    for (const f of files) {
      expect(expected[f].accept!.includes(out.tops[f].split(',')[0].trim()), `${f}: ${out.tops[f]}`).toBe(true);
    }
    for (const [form, label] of Object.entries(out.formTops)) expect(label, form).toBe(out.birdTop);
    console.log('browser: MobileNet top-1', JSON.stringify(out.tops));
    expect(problems).toEqual([]);
  }, 180_000);

  it('a camera video that is not playing yet is waited for, then classified; classifyStart runs frame by frame', async () => {
    const out = await page.evaluate(async () => {
      const sp = (window as unknown as { sprout: Record<string, (...a: unknown[]) => Promise<Record<string, (...a: unknown[]) => unknown>>> }).sprout;
      const c = await sp.imageClassifier('MobileNet', { version: 1 });
      const video = document.createElement('video');
      video.muted = true;
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
      const t0 = performance.now();
      let playedAt = 0;
      // classify is called while the video has no frame at all (as right after createCapture).
      setTimeout(() => {
        playedAt = performance.now() - t0;
        video.srcObject = stream;
        void video.play();
      }, 400);
      const results = (await c.classify(video, 2)) as { label: string }[];
      const doneAt = performance.now() - t0;
      const frames = await new Promise<number>((resolve) => {
        let n = 0;
        c.classifyStart(video, 1, () => {
          if (++n === 3) {
            c.classifyStop();
            setTimeout(() => resolve(n), 300);
          }
        });
      });
      return { count: results.length, playedAt, doneAt, frames };
    });
    expect(out.count).toBe(2);
    expect(out.doneAt).toBeGreaterThan(out.playedAt);
    expect(out.frames).toBe(3);
    expect(problems).toEqual([]);
  }, 120_000);

  it('featureExtractor with default options reaches ≥ 85 % on the CIFAR proof set (20 per class to train)', async () => {
    const labels = JSON.parse(fs.readFileSync(path.join(cifarDir()!, 'labels.json'), 'utf8')) as { classes: string[]; labels: number[] };
    const out = await page.evaluate(async ({ classes, labels }) => {
      const sp = (window as unknown as { sprout: Record<string, (...a: unknown[]) => Promise<Record<string, (...a: unknown[]) => unknown>>> }).sprout;
      const sprite = async (b: number) => {
        const img = new Image();
        img.src = `/task-proof/cifar/cifar10_batch_${b}.png`;
        await img.decode();
        const cv = document.createElement('canvas');
        cv.width = img.naturalWidth;
        cv.height = img.naturalHeight;
        const ctx = cv.getContext('2d', { willReadFrequently: true })!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, cv.width, cv.height);
      };
      const pick = async (batches: number[], perClass: number) => {
        const wanted = ['airplane', 'automobile', 'bird'];
        const counts: Record<string, number> = {};
        const out: { image: ImageData; label: string }[] = [];
        for (const b of batches) {
          const s = await sprite(b);
          for (let row = 0; row < s.height; row++) {
            const label = classes[labels[1000 * b + row]];
            if (!wanted.includes(label) || (counts[label] ?? 0) >= perClass) continue;
            counts[label] = (counts[label] ?? 0) + 1;
            const px = s.data.slice(row * s.width * 4, (row + 1) * s.width * 4);
            out.push({ image: new ImageData(px, 32, 32), label });
          }
        }
        return out;
      };
      const train = await pick([0, 1], 20), test = await pick([50], 100);
      const fe = await sp.featureExtractor('MobileNet');
      const learner = fe.classification() as Record<string, (...a: unknown[]) => Promise<unknown>>;
      for (const t of train) await learner.addImage(t.image, t.label);
      await learner.train();
      let right = 0;
      for (const t of test) if (((await learner.classify(t.image)) as { label: string }[])[0].label === t.label) right++;
      return { right, n: test.length, trained: train.length };
    }, labels);
    console.log(`browser: featureExtractor defaults ${(100 * out.right / out.n).toFixed(1)}% on ${out.n} CIFAR test images`);
    expect(out.trained).toBe(60);
    expect(out.right / out.n).toBeGreaterThanOrEqual(0.85);
    expect(problems).toEqual([]);
  }, 400_000);
});
