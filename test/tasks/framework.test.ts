// The task framework: factory → Promise of the ready task, .ready, methods waiting, callbacks
// (results, error), the forgotten-await guard, the p5 preload hook, forgiving options, image inputs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as sp from '../../src/index.ts';
import { handleOptions, readImage, setModelResolver, setPreloadHook, splitCallback } from '../../src/tasks/index.ts';
import { FRIENDLY_PREFIX } from '../../src/errors/index.ts';
import { fakeZooModel } from './fake-zoo.ts';
import { picture } from './tiny-model.ts';

afterEach(() => {
  setModelResolver(null);
  setPreloadHook(null);
});

const red = picture(8, 8, () => [250, 10, 10]);

describe('factories and readiness', () => {
  it('the factory resolves to the ready task; the task is no thenable; .ready resolves to it; methods called early wait', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const requested: string[] = [];
    setModelResolver(async (id) => {
      requested.push(id);
      await gate;
      return fakeZooModel(id);
    });
    const direct = new sp.ImageClassifier('MobileNet');
    const early = direct.classify(red, 1); // before the model is there
    let settled = false;
    void early.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    release();
    expect((await early)[0].label).toBe('red');
    expect(await direct.ready).toBe(direct);
    expect(typeof (direct as unknown as { then?: unknown }).then).toBe('undefined');
    const viaFactory = await sp.imageClassifier('MobileNet', { version: 1 });
    expect(viaFactory).toBeInstanceOf(sp.ImageClassifier);
    expect(requested).toEqual(['mobilenet-v2', 'mobilenet-v1-0.25']);
    setModelResolver(async (id) => fakeZooModel(id));
    await sp.imageClassifier('Darknet');
    await sp.imageClassifier('doodlenet');
  });

  it('a forgotten await: task methods on the Promise give the friendly message; then/catch still work', async () => {
    setModelResolver(async (id) => fakeZooModel(id));
    const pending = sp.imageClassifier('MobileNet') as unknown as { classify: (x: unknown) => unknown; classifyStart: (x: unknown) => unknown };
    expect(() => pending.classify(red)).toThrow(expect.objectContaining({ code: 'task.forgotAwait' }));
    expect(() => pending.classify(red)).toThrow(
      `${FRIENDLY_PREFIX}classify() was called on the Promise that sprout.imageClassifier() returns, not on the imageClassifier itself. ` +
      "This happens when 'await' is missing. Write: const imageClassifierTask = await sprout.imageClassifier(…); then call imageClassifierTask.classify(…). " +
      'Reference: https://sprout-ml.github.io/reference/#imageClassifier',
    );
    expect(() => pending.classifyStart(red)).toThrow(expect.objectContaining({ code: 'task.forgotAwait' }));
    const knn = sp.knnClassifier() as unknown as { addExample: (f: unknown, l: string) => void };
    expect(() => knn.addExample([1, 2], 'a')).toThrow(/sprout\.knnClassifier\(\) returns/);
    expect(await (pending as unknown as Promise<sp.ImageClassifier>)).toBeInstanceOf(sp.ImageClassifier);
  });

  it('a failed load rejects the factory, calls the callback with (undefined, error), and every method rejects with it', async () => {
    setModelResolver(async () => {
      throw new Error('no network');
    });
    const cb = vi.fn();
    await expect(sp.imageClassifier('MobileNet', {}, cb)).rejects.toThrow('no network');
    expect(cb).toHaveBeenCalledWith(undefined, expect.objectContaining({ message: 'no network' }));
    const c = new sp.ImageClassifier('MobileNet');
    await expect(c.classify(red)).rejects.toThrow('no network');
  });

  it('inside p5 1.x preload the factory returns the task itself and hands its ready promise to the hook', async () => {
    setModelResolver(async (id) => fakeZooModel(id));
    const tracked: [Promise<unknown>, string][] = [];
    setPreloadHook({ isPreloading: () => true, track: (ready, name) => tracked.push([ready, name]) });
    const c = sp.imageClassifier('MobileNet') as unknown as sp.ImageClassifier;
    expect(c).toBeInstanceOf(sp.ImageClassifier);
    expect(tracked).toHaveLength(1);
    expect(tracked[0][1]).toBe('imageClassifier');
    expect(await tracked[0][0]).toBe(c);
    setPreloadHook({ isPreloading: () => false, track: () => undefined });
    expect(sp.imageClassifier('MobileNet')).toBeInstanceOf(Promise);
  });
});

describe('callbacks', () => {
  it('splitCallback takes a trailing function and names a function anywhere else', () => {
    const f = () => undefined;
    expect(splitCallback('m', 'm(a, b?, cb?)', [1, 2, f])).toEqual({ values: [1, 2], callback: f });
    expect(splitCallback('m', 'm(a, b?, cb?)', [1, f, undefined])).toEqual({ values: [1], callback: f });
    expect(splitCallback('m', 'm(a, b?, cb?)', [1, undefined, undefined])).toEqual({ values: [1], callback: undefined });
    expect(() => splitCallback('m', 'm(a, b?, cb?)', [1, f, 3])).toThrow(expect.objectContaining({ code: 'task.callbackPosition', params: expect.objectContaining({ position: 'second' }) }));
  });

  it('every method takes (results, error) callbacks and returns a Promise; the knn too', async () => {
    const knn = await sp.knnClassifier();
    knn.addExample([1, 0], 'a');
    knn.addExample([0, 1], 'b');
    const viaCb = await new Promise<unknown[]>((resolve) => void knn.classify([0.9, 0.1], 1, (r, e) => resolve([r, e])));
    expect(viaCb[0]).toMatchObject({ label: 'a' });
    expect(viaCb[1]).toBeUndefined();
    const err = await new Promise<unknown[]>((resolve) => void knn.classify('x', (r, e) => resolve([r, e])).catch(() => undefined));
    expect(err[0]).toBeUndefined();
    expect(err[1]).toMatchObject({ code: 'task.knnBadFeatures' });
  });
});

describe('forgiving options (ml5-next-gen style)', () => {
  const rules = {
    epochs: { type: 'number', default: 20, min: 1, integer: true },
    learningRate: { type: 'number', default: 0.001, min: 0 },
    task: { type: 'enum', values: ['classification', 'regression'], default: 'classification' },
  } as const;

  it('keeps valid values, warns once about unknown names (nearest one named) and bad values (default used)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const o = handleOptions('myTask', { epochs: 5, lerningRate: 0.1, task: 'regresion', extra: 1 }, rules as never) as Record<string, unknown>;
    expect(o).toEqual({ epochs: 5, learningRate: 0.001, task: 'classification' });
    const texts = warn.mock.calls.map((c) => String(c[0]));
    expect(texts).toContain(`${FRIENDLY_PREFIX}myTask does not know the option 'lerningRate'. Did you mean 'learningRate'? It is ignored and the default is used.`);
    expect(texts).toContain(`${FRIENDLY_PREFIX}myTask does not know the option 'extra'. It is ignored and the default is used.`);
    expect(texts).toContain(`${FRIENDLY_PREFIX}myTask: the option 'task' should be one of 'classification', 'regression', but it is a string ("regresion"). The default (a string ("classification")) is used instead.`);
    handleOptions('myTask', { lerningRate: 0.1 }, rules as never);
    expect(warn.mock.calls.length, 'the same warning is printed once').toBe(texts.length);
    expect((handleOptions('myTask', { epochs: 2.5 }, rules as never) as { epochs: number }).epochs).toBe(20);
    warn.mockRestore();
  });
});

describe('image inputs', () => {
  it('reads {data,width,height}, tensors and wrappers into [h, w, 3] pixels; leaves the input tensor alone', async () => {
    const t = sp.browser.fromPixels(red);
    for (const x of [red, t, t.expandDims(0), { elt: red }, { canvas: red }]) {
      const p = await readImage(x, 'test');
      expect(p.shape).toEqual([8, 8, 3]);
      expect(Array.from(p.dataSync().slice(0, 3))).toEqual([250, 10, 10]);
      p.dispose();
    }
    expect(t.isDisposed).toBe(false);
  });

  it('an image that fails to load is reported at once, saying so', async () => {
    class FakeImage extends EventTarget { complete = false; naturalWidth = 0; naturalHeight = 0; width = 0; height = 0; src = 'photos/missing.jpg'; }
    const g = globalThis as Record<string, unknown>;
    g.HTMLImageElement = FakeImage;
    try {
      const broken = new FakeImage();
      setTimeout(() => {
        broken.complete = true;
        broken.dispatchEvent(new Event('error'));
      }, 30);
      const t0 = Date.now();
      await expect(readImage(broken, 'classify', 5000)).rejects.toMatchObject({
        code: 'task.notAnImage', message: expect.stringContaining('it got an image that could not be loaded (photos/missing.jpg)'),
      });
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      delete g.HTMLImageElement;
    }
  });

  it('waits for a video that is not playing yet, and says so when it never starts', async () => {
    class FakeVideo extends EventTarget {
      readyState = 0;
      videoWidth = 0;
      videoHeight = 0;
      width = 0;
      height = 0;
    }
    const g = globalThis as Record<string, unknown>;
    g.HTMLVideoElement = FakeVideo;
    try {
      const never = new FakeVideo();
      const t0 = Date.now();
      await expect(readImage(never, 'classify', 150)).rejects.toMatchObject({ code: 'task.videoNotReady' });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      // A video whose first frame comes after 60 ms is waited for, then read (reading a frame needs a
      // canvas, which Node lacks: the read is attempted, and fails for that reason only).
      const later = new FakeVideo();
      setTimeout(() => {
        Object.assign(later, { readyState: 4, videoWidth: 8, videoHeight: 8 });
        later.dispatchEvent(new Event('loadeddata'));
      }, 60);
      const t1 = Date.now();
      const err = await readImage({ elt: later }, 'classify', 2000).catch((e) => e);
      expect(Date.now() - t1).toBeGreaterThanOrEqual(50);
      expect(err.code).toBe('op.badArgument');
      expect(err.message).toMatch(/outside a browser/);
    } finally {
      delete g.HTMLVideoElement;
    }
  });
});
