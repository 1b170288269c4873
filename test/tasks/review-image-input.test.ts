// Review of the image inputs every task accepts: empty pictures get a friendly message, {data,
// width, height} may be RGBA, RGB or grey, and an image not loaded yet is waited for (also where
// the DOM stand-in says every image is complete, as happy-dom does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { readImage, setModelResolver } from '../../src/tasks/index.ts';
import { FRIENDLY_PREFIX } from '../../src/errors/index.ts';
import { fakeZooModel } from './fake-zoo.ts';
import { picture } from './tiny-model.ts';

beforeAll(() => setModelResolver(async (id) => fakeZooModel(id)));
afterAll(() => setModelResolver(null));

const rgba = picture(5, 3, (x, y) => [x * 50, y * 80, 30 + x + y]);
const pixelsOf = async (x: unknown) => {
  const t = await readImage(x, 'classify');
  const v = { shape: t.shape, values: Array.from(t.dataSync()) };
  t.dispose();
  return v;
};
/** A message a beginner can read: the prefix, no holes. */
const readable = (m: string) => {
  expect(m.startsWith(FRIENDLY_PREFIX)).toBe(true);
  expect(m).not.toMatch(/undefined|\[object Object\]|NaN/);
};

describe('image inputs (review)', () => {
  it('0×0 pictures (pixel data, tensors, a canvas) get the friendly empty-image message', async () => {
    class FakeCanvas extends EventTarget { width = 0; height = 0; }
    const g = globalThis as Record<string, unknown>;
    g.HTMLCanvasElement = FakeCanvas;
    try {
      const inputs = [{ data: new Uint8ClampedArray(0), width: 0, height: 0 }, sp.zeros([0, 0, 3]), sp.zeros([1, 0, 4, 3]), new FakeCanvas(), { elt: new FakeCanvas() }];
      for (const x of inputs) {
        const e = await readImage(x, 'classify').catch((err) => err);
        expect(e, `input ${inputs.indexOf(x) + 1}`).toBeInstanceOf(sp.SproutError);
        expect(e.code).toBe('task.emptyImage');
        readable(e.message);
        expect(e.message).toMatch(/nothing to look at/);
      }
      expect((await readImage(inputs[2], 'classify').catch((e) => e)).message).toContain('4×0 pixels');
    } finally {
      delete g.HTMLCanvasElement;
    }
  });

  it('{data, width, height} with 3 (RGB) or 1 (grey) values a pixel reads like the RGBA picture', async () => {
    const n = 5 * 3;
    const rgb = new Uint8Array(n * 3), grey = new Uint8Array(n), greyRGBA = new Uint8ClampedArray(n * 4);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = rgba.data[i * 4 + c];
      grey[i] = rgba.data[i * 4];
      greyRGBA.set([grey[i], grey[i], grey[i], 255], i * 4);
    }
    const want = await pixelsOf(rgba);
    expect(want.shape).toEqual([3, 5, 3]);
    expect(await pixelsOf({ data: rgb, width: 5, height: 3 })).toEqual(want);
    expect(await pixelsOf({ data: grey, width: 5, height: 3 })).toEqual(await pixelsOf({ data: greyRGBA, width: 5, height: 3 }));
  });

  it('pixel data of the wrong length is a friendly message that counts what it needs', async () => {
    const e = await readImage({ data: new Uint8ClampedArray(10), width: 8, height: 8 }, 'classify').catch((err) => err);
    expect(e.code).toBe('task.notAnImage');
    readable(e.message);
    expect(e.message).toContain('10 pixel values for a picture of 8×8 pixels (that size needs 256 RGBA values');
  });

  it('classify on tensors of every form (int32/float32, [h,w,3], [1,h,w,3], odd sizes) agrees and keeps no tensors', async () => {
    const c = await sp.imageClassifier('MobileNet');
    const odd = picture(7, 3, (x, y) => [x * 30, y * 90, 200 - x * 20]);
    const ref = await c.classify(odd);
    const t3 = sp.browser.fromPixels(odd);
    const f3 = t3.toFloat();
    const t4 = t3.expandDims(0);
    const empty = sp.zeros([0, 0, 3]);
    const before = sp.memory().numTensors;
    for (const x of [t3, f3, t4]) expect(await c.classify(x)).toEqual(ref);
    expect(ref.map((r) => r.label).sort()).toEqual(['blue', 'green', 'red']);
    expect(ref.reduce((a, r) => a + r.confidence, 0)).toBeLessThanOrEqual(1 + 1e-6);
    await expect(c.classify(empty)).rejects.toMatchObject({ code: 'task.emptyImage' });
    expect(sp.memory().numTensors).toBe(before);
    sp.dispose([t3, f3, t4, empty]);
  });
});
