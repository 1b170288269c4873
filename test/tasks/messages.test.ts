// Every friendly task message, raised through the public API in the situation it is for. Models are
// a tiny Teachable Machine export served from memory and a stand-in zoo model (no real weights needed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as sp from '../../src/index.ts';
import { setModelResolver } from '../../src/tasks/index.ts';
import { FRIENDLY_PREFIX } from '../../src/errors/index.ts';
import { fakeZooModel } from './fake-zoo.ts';
import { TM_BASE, installFetch, makeTinyModel, picture, tmFiles, type Served } from './tiny-model.ts';

const REF = 'Reference: https://sprout-ml.github.io/reference/#';
let files: Served;
let restore: () => void;

beforeAll(async () => {
  files = await tmFiles(makeTinyModel(16));
  restore = installFetch(files);
  setModelResolver(async (id) => fakeZooModel(id));
});
afterAll(() => {
  restore();
  setModelResolver(null);
});

const img = picture(8, 8, () => [10, 200, 10]);

/** Serves `extra` files on top of the TM model for one test. */
async function withFiles<T>(extra: [string, string | Uint8Array | undefined][], fn: () => Promise<T>): Promise<T> {
  const map: Served = new Map(files);
  for (const [k, v] of extra) (v === undefined ? map.delete(k) : map.set(k, v));
  const undo = installFetch(map);
  try {
    return await fn();
  } finally {
    undo();
  }
}

describe('friendly task messages', () => {
  it('unknown model name, with the closest names', () => {
    expect(() => sp.imageClassifier('MobileNett')).toThrow(
      `${FRIENDLY_PREFIX}imageClassifier does not know a model called 'MobileNett'. Did you mean 'MobileNet'? The models it knows are 'MobileNet', 'Darknet', 'DoodleNet'; ` +
      `you can also give the URL of a model.json (Teachable Machine or TF.js) or a .tflite file. ${REF}imageClassifier`,
    );
    expect(() => sp.featureExtractor('Darknet')).toThrow(expect.objectContaining({ code: 'task.unknownModel', message: expect.stringContaining("The models it knows are 'MobileNet'. Reference") }));
    expect(() => sp.imageClassifier('banana')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('Did you mean') }));
  });

  it('input that is not an image, saying what it was', async () => {
    const c = await sp.imageClassifier('MobileNet');
    await expect(c.classify('cat.jpg')).rejects.toThrow(
      `${FRIENDLY_PREFIX}classify needs an image, but it got a string ("cat.jpg"). It takes an image, video or canvas element, a p5 image, ` +
      'video capture or graphics, ImageData, an ImageBitmap, a tensor of shape [height, width, 3], or {data, width, height} RGBA pixels. ' +
      `A variable with no value yet usually means the image has not been loaded yet. ${REF}inputs`,
    );
    await expect(c.classify(undefined)).rejects.toThrow(/it got undefined\./);
    const bad = sp.zeros([4, 4]);
    await expect(c.classify(bad)).rejects.toThrow(/it got a tensor of shape \[4, 4\]\./);
    bad.dispose();
  });

  it('video not ready', async () => {
    class FakeVideo extends EventTarget { readyState = 0; videoWidth = 0; videoHeight = 0; }
    const g = globalThis as Record<string, unknown>;
    g.HTMLVideoElement = FakeVideo;
    try {
      const { readImage } = await import('../../src/tasks/index.ts');
      await expect(readImage(new FakeVideo(), 'classify', 100)).rejects.toThrow(
        `${FRIENDLY_PREFIX}classify waited 0.1 s for the video to show its first frame, but it is not playing. ` +
        `Usually the camera permission was not given, or the video was not started: call video.play() (or use createCapture(VIDEO)) and try again. ${REF}inputs`,
      );
    } finally {
      delete g.HTMLVideoElement;
    }
  });

  it('no training data, only one label, predict before train, a wrong kind of value', async () => {
    const fe = (await sp.featureExtractor('MobileNet', { epochs: 2 })).classification();
    await expect(fe.train()).rejects.toThrow(
      `${FRIENDLY_PREFIX}train needs examples to learn from, and there are none yet. Add some with addImage(image, label) first, ` +
      `a few for each label, then call train again. ${REF}featureExtractor`,
    );
    await expect(fe.classify(img)).rejects.toThrow(
      `${FRIENDLY_PREFIX}classify was called before the model was trained. Call train() and wait for it to finish ` +
      `(await it, or use its callback), or load() a saved model, then call classify. ${REF}featureExtractor`,
    );
    await fe.addImage(img, 'green');
    await expect(fe.train()).rejects.toThrow(
      `${FRIENDLY_PREFIX}All the examples have the same label ('green'), so there is nothing to tell apart. ` +
      `Add examples of at least one more label with addImage(image, 'another label'), then train again. ${REF}featureExtractor`,
    );
    await expect(fe.addImage(img, null)).rejects.toThrow(
      `${FRIENDLY_PREFIX}addImage got null as the value to learn, but a featureExtractor in classification mode learns a label, like 'cat'. Check the second argument of addImage. ${REF}featureExtractor`,
    );
    await fe.addImage(picture(8, 8, () => [200, 10, 10]), 'red');
    await fe.train();
    expect((await fe.classify(img))[0].label).toBeTypeOf('string');
    await expect(fe.predict(img)).rejects.toMatchObject({ code: 'task.wrongMode' }); // a classifier, not a regressor
    const reg = await sp.regression();
    await expect(reg.addImage(img, 'a label')).rejects.toThrow(/learns a number \(or a list of numbers\)/);
    await expect(reg.predict(img)).rejects.toMatchObject({ code: 'task.notTrained' });
  });

  it('model file missing (404, a path that is not there)', async () => {
    await withFiles([[`${TM_BASE}model.json`, undefined]], async () => {
      await expect(sp.imageClassifier(TM_BASE)).rejects.toThrow(
        `${FRIENDLY_PREFIX}imageClassifier could not get the file ${TM_BASE}model.json (the server answered 404). Check the address for typos, that the file is really ` +
        `there, and, for a Teachable Machine model, that the link is the shareable one ending in '/'. ${REF}imageClassifier`,
      );
    });
    await withFiles([[`${TM_BASE}weights.bin`, undefined]], async () => {
      await expect(sp.imageClassifier(TM_BASE)).rejects.toMatchObject({ code: 'task.modelFileMissing', message: expect.stringContaining('weights.bin') });
    });
    await expect(sp.imageClassifier(path.join(os.tmpdir(), 'no-such-model', 'model.json'))).rejects.toMatchObject({ code: 'task.modelFileMissing' });
  });

  it('model file corrupt (not JSON, weights cut short)', async () => {
    await withFiles([[`${TM_BASE}model.json`, '<html>Sign in</html>']], async () => {
      await expect(sp.imageClassifier(TM_BASE)).rejects.toMatchObject({
        code: 'task.modelFileBroken',
        message: expect.stringMatching(/^🌱 Sprout says: imageClassifier got the file .*model\.json, but it is not a model it can read: .*Usually the file is damaged or incomplete, or the address points to a web page instead of the model file\./),
      });
    });
    const w = files.get(`${TM_BASE}weights.bin`) as Uint8Array;
    await withFiles([[`${TM_BASE}weights.bin`, w.slice(0, 10)]], async () => {
      await expect(sp.imageClassifier(TM_BASE)).rejects.toMatchObject({ code: 'task.modelFileBroken' });
    });
  });

  it('model URL blocked by CORS', async () => {
    const g = globalThis as Record<string, unknown>;
    g.location = { href: 'https://my-sketch.example/index.html', origin: 'https://my-sketch.example' };
    const undo = installFetch(new Map());
    const real = globalThis.fetch;
    globalThis.fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    try {
      await expect(sp.imageClassifier('https://other-site.example/model/')).rejects.toThrow(
        `${FRIENDLY_PREFIX}The browser blocked imageClassifier from loading https://other-site.example/model/model.json: that server does not allow pages from https://my-sketch.example to read its files (CORS). ` +
        `Put the model files beside your sketch and use a relative path, or host them where cross-origin requests are allowed. ${REF}loading-models`,
      );
    } finally {
      globalThis.fetch = real;
      undo();
      delete g.location;
    }
  });

  it('labels missing for a model without metadata', async () => {
    await withFiles([[`${TM_BASE}metadata.json`, undefined]], async () => {
      await expect(sp.imageClassifier(`${TM_BASE}model.json`)).rejects.toThrow(
        `${FRIENDLY_PREFIX}imageClassifier loaded ${TM_BASE}model.json, but it has no labels to name its outputs (no metadata.json beside it). ` +
        `Give them as an option: imageClassifier(url, { labels: ['cat', 'dog', …] }). ${REF}imageClassifier`,
      );
    });
  });

  it('callback in the wrong position', async () => {
    const c = await sp.imageClassifier('MobileNet');
    const gotResults = () => undefined;
    expect(() => c.classify(gotResults)).toThrow(
      `${FRIENDLY_PREFIX}classify got a function as its first argument. The callback goes last: classify(image, k?, callback?). ` +
      `Check the order of the arguments (a function name where an image or a number should be is a common slip). ${REF}classify`,
    );
    expect(() => c.classify(img, gotResults, 3 as never)).toThrow(expect.objectContaining({ code: 'task.callbackPosition', message: expect.stringContaining('its second argument') }));
    expect(() => sp.imageClassifier('MobileNet', gotResults as never, {} as never)).toThrow(expect.objectContaining({ code: 'task.callbackPosition' }));
    const fe = await sp.featureExtractor();
    expect(() => fe.train(5 as never)).toThrow(expect.objectContaining({ code: 'task.callbackPosition' }));
  });

  it('unknown options and bad option values warn and fall back; options that are not an object', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const c = await sp.imageClassifier('MobileNet', { topK: 5, version: 3 } as never);
    expect((await c.classify(img)).length).toBe(3); // default topk
    await sp.featureExtractor('MobileNet', 5 as never);
    const texts = warn.mock.calls.map((x) => String(x[0]));
    expect(texts).toContain(`${FRIENDLY_PREFIX}imageClassifier does not know the option 'topK'. Did you mean 'topk'? It is ignored and the default is used.`);
    expect(texts).toContain(`${FRIENDLY_PREFIX}imageClassifier: the option 'version' should be one of 1, 2, but it is the number 3. The default (the number 2) is used instead.`);
    expect(texts).toContain(`${FRIENDLY_PREFIX}featureExtractor takes its options as an object like { epochs: 20 }, but got the number 5. The defaults are used.`);
    warn.mockRestore();
  });

  it('a zoo model that does not take images', async () => {
    setModelResolver(async (id) => fakeZooModel(id, 'other'));
    try {
      await expect(sp.imageClassifier('MobileNet')).rejects.toThrow(
        `${FRIENDLY_PREFIX}The zoo model 'mobilenet-v2' does not take images, so an image task cannot use it. Pick an image model such as 'MobileNet'.`,
      );
    } finally {
      setModelResolver(async (id) => fakeZooModel(id));
    }
  });

  it('knnClassifier: no examples, not features, features of another size, a file that is not a saved knn', async () => {
    const knn = await sp.knnClassifier();
    await expect(knn.classify([1, 2, 3])).rejects.toThrow(
      `${FRIENDLY_PREFIX}classify needs examples, and the knnClassifier has none yet. Add some with addExample(features, label) first. ${REF}knnClassifier`,
    );
    expect(() => knn.addExample('features', 'a')).toThrow(
      `${FRIENDLY_PREFIX}addExample needs features (a tensor or a list of numbers, e.g. from featureExtractor.infer(image)), but got a string ("features"). ${REF}knnClassifier`,
    );
    knn.addExample([1, 2, 3], 'a');
    expect(() => knn.addExample([1, 2], 'b')).toThrow(
      `${FRIENDLY_PREFIX}addExample got 2 numbers, but the examples so far have 3. All features must come from the same source (the same model and layer). ${REF}knnClassifier`,
    );
    await expect(knn.load({ hello: 1 })).rejects.toThrow(
      `${FRIENDLY_PREFIX}knnClassifier.load could not use an object: it is not a file saved by knnClassifier.save() (no format 'sprout-knn'). Load the files that knnClassifier.save() wrote. ${REF}knnClassifier`,
    );
    const fe = await sp.featureExtractor();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sprout-msg-'));
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: [] }));
    await expect(fe.load(path.join(dir, 'model.json'))).rejects.toMatchObject({ code: 'task.badSaved' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
