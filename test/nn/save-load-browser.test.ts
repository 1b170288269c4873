// @vitest-environment happy-dom
// Saving and loading in the browser: indexeddb:// (with fake-indexeddb, in TF.js' database layout,
// so TF.js reads Sprout's models and the other way around) and downloads:// (two <a download> clicks).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';
import { layers, sequential, loadLayersModel, type LayersModel } from '../../src/nn/index.ts';

beforeAll(async () => {
  const warn = console.warn;
  console.warn = () => {};
  try {
    await tf.setBackend('cpu');
    await tf.ready();
  } finally {
    console.warn = warn;
  }
  await sp.setBackend('cpu');
});

afterAll(() => {
  tf.disposeVariables();
});

function small(): LayersModel {
  return sequential({
    layers: [
      layers.dense({ units: 5, inputShape: [3], activation: 'relu', name: 'b_hidden' }),
      layers.dense({ units: 2, activation: 'softmax', name: 'b_out' }),
    ],
  });
}

describe('indexeddb://', () => {
  it('round-trips a model', async () => {
    const m = small();
    const info = await m.save('indexeddb://my-model');
    expect(info.modelArtifactsInfo.weightDataBytes).toBe(m.countParams() * 4);
    const loaded = await loadLayersModel('indexeddb://my-model');
    const x = sp.tensor([[1, -2, 3], [0.5, 0.1, -1]]);
    const a = m.predict(x) as sp.Tensor, b = loaded.predict(x) as sp.Tensor;
    expect([...b.dataSync()]).toEqual([...a.dataSync()]);
    sp.dispose([x, a, b]);
    loaded.dispose();
    m.dispose();
  });

  it('shares models with TF.js through its database', async () => {
    const m = small();
    await m.save('indexeddb://shared-with-tfjs');
    const t = await tf.loadLayersModel('indexeddb://shared-with-tfjs');
    const data = [[1, 2, 3]];
    const ys = m.predict(sp.tensor(data)) as sp.Tensor;
    const yt = t.predict(tf.tensor(data)) as tf.Tensor;
    const a = ys.dataSync(), b = yt.dataSync();
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
    const t2 = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2] })] });
    await t2.save('indexeddb://from-tfjs');
    const fromTf = await loadLayersModel('indexeddb://from-tfjs');
    expect(fromTf.countParams()).toBe(6);
    fromTf.dispose();
    t.dispose();
    t2.dispose();
    m.dispose();
  });

  it('a model that was never saved is a friendly error', async () => {
    await expect(loadLayersModel('indexeddb://never-saved')).rejects.toThrow(/No model found at indexeddb:\/\/never-saved/);
  });
});

describe('downloads://', () => {
  it('offers name.json and name.weights.bin through <a download> clicks', async () => {
    const m = small();
    const clicks: { download: string; href: string }[] = [];
    const blobs = new Map<string, Blob>();
    let n = 0;
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      const url = `blob:test/${n++}`;
      blobs.set(url, b as Blob);
      return url;
    });
    const dispatch = vi.spyOn(HTMLAnchorElement.prototype, 'dispatchEvent').mockImplementation(function (this: HTMLAnchorElement, e: Event) {
      if (e.type === 'click') clicks.push({ download: this.download, href: this.href });
      return true;
    });
    await m.save('downloads://my-sketch-model');
    create.mockRestore();
    dispatch.mockRestore();
    expect(clicks.map((c) => c.download)).toEqual(['my-sketch-model.json', 'my-sketch-model.weights.bin']);
    const json = JSON.parse(await blobs.get(clicks[0].href)!.text());
    expect(json.weightsManifest[0].paths).toEqual(['./my-sketch-model.weights.bin']);
    expect(json.modelTopology.class_name).toBe('Sequential');
    const weights = await blobs.get(clicks[1].href)!.arrayBuffer();
    expect(weights.byteLength).toBe(m.countParams() * 4);
    // What was downloaded loads back (as if served over HTTP).
    const fetchMock = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => {
      const u = String(url);
      if (u.endsWith('model.json')) return new Response(JSON.stringify(json), { status: 200 });
      if (u.endsWith('my-sketch-model.weights.bin')) return new Response(weights, { status: 200 });
      return new Response('', { status: 404 });
    });
    const loaded = await loadLayersModel('https://example.com/models/model.json');
    expect(fetchMock.mock.calls.map((c) => String(c[0]))).toEqual(['https://example.com/models/model.json', 'https://example.com/models/my-sketch-model.weights.bin']);
    fetchMock.mockRestore();
    const x = sp.tensor([[1, 2, 3]]);
    const a = m.predict(x) as sp.Tensor, b = loaded.predict(x) as sp.Tensor;
    expect([...b.dataSync()]).toEqual([...a.dataSync()]);
    sp.dispose([x, a, b]);
    loaded.dispose();
    m.dispose();
  });

  it('the default name is model (model.json, model.weights.bin)', async () => {
    const m = small();
    const names: string[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x');
    const dispatch = vi.spyOn(HTMLAnchorElement.prototype, 'dispatchEvent').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
      return true;
    });
    await m.save('downloads://');
    create.mockRestore();
    dispatch.mockRestore();
    expect(names).toEqual(['model.json', 'model.weights.bin']);
    m.dispose();
  });
});
