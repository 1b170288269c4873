// imageClassifier on a tiny Teachable Machine model served from memory: TM's preprocessing, labels
// exactly as exported, every input form, the video loop, and memory over 1,000 calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { FrameLoop } from '../../src/tasks/index.ts';
import { TM_BASE, TM_LABELS, installFetch, makeTinyModel, picture, tmFiles } from './tiny-model.ts';

let restore: () => void;
let tiny: sp.LayersModel;

beforeAll(async () => {
  tiny = makeTinyModel(16);
  restore = installFetch(await tmFiles(tiny));
});
afterAll(() => restore());

/** What TM's preprocessing gives, written out: centre square crop, bilinear resize to 16×16, p / 127 − 1. */
function expectedTM(p: { data: Uint8ClampedArray; width: number; height: number }): Float32Array {
  return sp.tidy(() => {
    const side = Math.min(p.width, p.height);
    const rgb = sp.browser.fromPixels(p).toFloat();
    const crop = rgb.slice([Math.floor((p.height - side) / 2), Math.floor((p.width - side) / 2), 0], [side, side, 3]);
    const x = sp.image.resizeBilinear(crop.expandDims(0), [16, 16], false, true).div(127).sub(1);
    return (tiny.predict(x) as sp.Tensor).dataSync() as Float32Array;
  });
}

const wide = picture(40, 20, (x, y) => [x < 10 || x >= 30 ? 255 : 6 * x, 10 * y, (x * y) % 256]);

describe('imageClassifier on a Teachable Machine model', () => {
  it('resolves to the ready object; labels exactly as exported; TM preprocessing (centre crop, p / 127 − 1)', async () => {
    const classifier = await sp.imageClassifier(TM_BASE);
    expect(classifier).toBeInstanceOf(sp.ImageClassifier);
    expect('then' in classifier, 'the task itself is not a thenable').toBe(false);
    expect(await classifier.ready).toBe(classifier);
    expect(classifier.labels).toEqual(TM_LABELS);
    const results = await classifier.classify(wide, 3);
    const want = expectedTM(wide);
    expect(results.map((r) => r.label).sort()).toEqual([...TM_LABELS].sort());
    for (const r of results) expect(r.confidence).toBeCloseTo(want[TM_LABELS.indexOf(r.label)], 5);
    // Sorted, best first; k limits the list; the default k is 3.
    expect(results[0].confidence).toBeGreaterThanOrEqual(results[1].confidence);
    expect(results[1].confidence).toBeGreaterThanOrEqual(results[2].confidence);
    expect(await classifier.classify(wide, 1)).toHaveLength(1);
    // The uncropped, stretched picture would give other numbers: the crop really happened.
    const stretched = sp.tidy(() => (tiny.predict(sp.image.resizeBilinear(sp.browser.fromPixels(wide).toFloat().expandDims(0), [16, 16], false, true).div(127).sub(1)) as sp.Tensor).dataSync());
    expect(Math.max(...Array.from(want, (v, i) => Math.abs(v - stretched[i])))).toBeGreaterThan(1e-4);
  });

  it('a model.json URL works the same as the folder URL', async () => {
    const c = await sp.imageClassifier(`${TM_BASE}model.json`);
    expect(c.labels).toEqual(TM_LABELS);
  });

  it('every input form gives the same answer: {data,width,height}, tensors (3-D, 4-D, RGBA, grey), .elt and .canvas wrappers', async () => {
    const c = await sp.imageClassifier(TM_BASE);
    const img = picture(16, 16, (x, y) => [x * 16, y * 16, 128]);
    const ref = await c.classify(img);
    const t3 = sp.browser.fromPixels(img);
    const t4 = t3.expandDims(0);
    const rgba = sp.browser.fromPixels(img, 4);
    for (const input of [t3, t4, rgba, { elt: img }, { canvas: img }]) {
      const r = await c.classify(input);
      expect(r.map((x) => x.label)).toEqual(ref.map((x) => x.label));
      r.forEach((x, i) => expect(x.confidence).toBeCloseTo(ref[i].confidence, 6));
    }
    const grey = sp.browser.fromPixels(img, 1);
    expect(await c.classify(grey)).toHaveLength(3);
    sp.dispose([t3, t4, rgba, grey]);
  });

  it('callbacks get (results, undefined) and the Promise resolves too; errors go to the callback as (undefined, error)', async () => {
    const c = await sp.imageClassifier(TM_BASE);
    const img = picture(16, 16, () => [200, 10, 10]);
    const got = await new Promise<unknown[]>((resolve) => void c.classify(img, (r, e) => resolve([r, e])));
    expect(Array.isArray(got[0])).toBe(true);
    expect(got[1]).toBeUndefined();
    const viaK = await new Promise<unknown[]>((resolve) => void c.classify(img, 2, (r, e) => resolve([r, e])));
    expect(viaK[0]).toHaveLength(2);
    const failed = await new Promise<unknown[]>((resolve) => {
      c.classify('not an image', (r, e) => resolve([r, e])).catch(() => undefined);
    });
    expect(failed[0]).toBeUndefined();
    expect(failed[1]).toMatchObject({ code: 'task.notAnImage' });
    // the factory's callback
    const viaFactory = await new Promise<unknown>((resolve) => void sp.imageClassifier(TM_BASE, {}, (r) => resolve(r)));
    expect(viaFactory).toBeInstanceOf(sp.ImageClassifier);
  });

  it('methods called before the model is ready wait for it', async () => {
    const pending = sp.imageClassifier(TM_BASE);
    // Not awaited: reach the task through the callback-free path of ready.
    const results = await pending.then((c) => c.classify(picture(16, 16, () => [1, 2, 3])));
    expect(results).toHaveLength(3);
    const direct = new sp.ImageClassifier(TM_BASE);
    const early = direct.classify(picture(16, 16, () => [1, 2, 3]));
    expect(await early).toHaveLength(3);
  });

  it('classifyStart gives one result per frame, never two classifications at once; classifyStop ends it', async () => {
    const c = await sp.imageClassifier(TM_BASE);
    const img = picture(16, 16, (x) => [x * 10, 0, 0]);
    let active = 0, maxActive = 0, frames = 0;
    const inner = (c as unknown as { classifyNow: (...a: unknown[]) => Promise<unknown> });
    const orig = inner.classifyNow.bind(c);
    inner.classifyNow = async (...a: unknown[]) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 5)); // a slow model
      try {
        return await orig(...a);
      } finally {
        active--;
      }
    };
    await new Promise<void>((resolve) => {
      c.classifyStart(img, 2, (results, err) => {
        expect(err).toBeUndefined();
        expect(results).toHaveLength(2);
        if (++frames === 10) {
          c.classifyStop();
          resolve();
        }
      });
    });
    await new Promise((r) => setTimeout(r, 40));
    expect(frames).toBe(10);
    expect(maxActive).toBe(1);
  });

  it('FrameLoop: a failing step stops the loop and reports once', async () => {
    const loop = new FrameLoop();
    const errors: unknown[] = [];
    let n = 0;
    await new Promise<void>((resolve) => {
      loop.start(async () => {
        if (++n === 3) throw new Error('boom');
      }, (e) => {
        errors.push(e);
        setTimeout(resolve, 20);
      });
    });
    expect(n).toBe(3);
    expect(errors).toHaveLength(1);
    expect(loop.running).toBe(false);
  });

  it('memory: 1,000 consecutive classify calls on the tiny model leave numTensors unchanged', async () => {
    const c = await sp.imageClassifier(TM_BASE);
    const img = picture(24, 16, (x, y) => [x * 10, y * 10, 77]);
    await c.classify(img);
    const before = sp.memory().numTensors;
    for (let i = 0; i < 1000; i++) await c.classify(img);
    expect(sp.memory().numTensors).toBe(before);
  });

  it('a generic TF.js model with a labels option (no metadata.json), its scaling and a leading background column', async () => {
    // 4 outputs for 3 labels: the first column is a background class, skipped.
    const m = sp.sequential({ layers: [sp.layers.flatten({ inputShape: [4, 4, 3] }), sp.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: sp.initializers.glorotUniform({ seed: 3 }) })] });
    const base = 'https://models.test/generic/';
    const files = await tmFiles(m, base);
    files.delete(`${base}metadata.json`);
    const undo = installFetch(files);
    try {
      const c = await sp.imageClassifier(`${base}model.json`, { labels: ['a', 'b', 'c'] });
      const img = picture(4, 4, (x, y) => [x * 60, y * 60, 30]);
      const r = await c.classify(img, 3);
      const p = sp.tidy(() => (m.predict(sp.browser.fromPixels(img).toFloat().div(255).expandDims(0)) as sp.Tensor).dataSync());
      for (const { label, confidence } of r) expect(confidence).toBeCloseTo(p[['a', 'b', 'c'].indexOf(label) + 1], 5);
    } finally {
      undo();
    }
  });
});
