// @vitest-environment happy-dom
// In a page, save() offers ml5's three files as downloads, and load() fetches a model.json URL with
// its _meta.json and weights beside it (fetch is served here from the files save() produced).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { neuralNetwork } from '../../src/tasks/neural-network/index.ts';
import '../../src/index.ts';

afterEach(() => vi.restoreAllMocks());

/** Captures the downloads a page offers: file name → bytes. */
function captureDownloads(): Map<string, Promise<ArrayBuffer>> {
  const files = new Map<string, Promise<ArrayBuffer>>();
  const blobs = new Map<string, Blob>();
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => { const url = `blob:test/${n++}`; blobs.set(url, b as Blob); return url; });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  const make = document.createElement.bind(document);
  vi.spyOn(document, 'createElement').mockImplementation(((tag: string) => {
    const el = make(tag);
    if (tag === 'a') el.addEventListener('click', () => { const a = el as HTMLAnchorElement; files.set(a.download, blobs.get(a.href)!.arrayBuffer()); });
    return el;
  }) as typeof document.createElement);
  return files;
}

describe('neuralNetwork files in a page', () => {
  it('save downloads model.json, model.weights.bin and model_meta.json; load fetches them back, same answers', async () => {
    const nn = neuralNetwork({ task: 'classification' });
    for (let i = 0; i < 30; i++) { nn.addData({ x: i / 30 }, { label: 'a' }); nn.addData({ x: 2 + i / 30 }, { label: 'b' }); }
    nn.normalizeData();
    await nn.train({ epochs: 5 });
    const downloads = captureDownloads();
    await nn.save();
    expect([...downloads.keys()].sort()).toEqual(['model.json', 'model.weights.bin', 'model_meta.json']);
    const served = new Map<string, ArrayBuffer>();
    for (const [name, bytes] of downloads) served.set(`https://example.test/models/${name}`, await bytes);
    const fetched: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation((async (url: string) => {
      fetched.push(String(url));
      const body = served.get(String(url));
      return body ? new Response(body) : new Response('not found', { status: 404 });
    }) as typeof fetch);
    const back = neuralNetwork({ task: 'classification' });
    await back.load('https://example.test/models/model.json');
    expect(fetched.sort()).toEqual(['https://example.test/models/model.json', 'https://example.test/models/model.weights.bin', 'https://example.test/models/model_meta.json']);
    const probes = [{ x: 0.3 }, { x: 1.2 }, { x: 2.9 }];
    expect(await back.classifyMultiple(probes)).toEqual(await nn.classifyMultiple(probes));
    // a missing file is named in a friendly message
    await expect(neuralNetwork().load('https://example.test/elsewhere/model.json')).rejects.toThrow(/could not get the file https:\/\/example\.test\/elsewhere\/model\.json \(the server answered 404\)/);
    nn.dispose();
    back.dispose();
  });
});
