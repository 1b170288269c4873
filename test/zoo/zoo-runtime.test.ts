// @vitest-environment happy-dom
// The zoo runtime in a browser-like environment (happy-dom, fake-indexeddb): first load downloads
// with progress, the second comes from IndexedDB, offline loads work, damaged cache entries are
// dropped and downloaded again, damaged downloads are never cached and give a friendly error,
// quota errors and a missing IndexedDB warn once and keep loading from the network, and a new
// version replaces the old entry. The served model is built by the zoo build's own encoder.
import 'fake-indexeddb/auto';
import { createStore, get, keys, set } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as sp from '../../src/index.ts';
import { createZoo } from '../../src/zoo/index.ts';
import type { ZooProgress } from '../../src/zoo/types.ts';
import { BASE, expected, fakeFetch, indexOf, makeModel, weights, type ServerState } from './fixture.ts';

let dbCount = 0;
let state: ServerState;
let dbName: string;
const X = Array.from({ length: 16 }, (_, i) => Math.sin(i + 1));

function serve(...models: ReturnType<typeof makeModel>[]): void {
  state.files = new Map(models.flatMap((m) => [...m.files]));
  state.files.set('index.json', indexOf(models));
}

const newZoo = () => createZoo({ baseUrl: BASE, dbName });

async function loadAndCheck(zoo = newZoo(), seed = 1): Promise<ZooProgress[]> {
  const events: ZooProgress[] = [];
  const model = await zoo.load('tiny', { onProgress: (p) => events.push({ ...p }) });
  const y = model.predict(sp.tensor([X]));
  const got = Array.from(y.dataSync());
  const want = expected(X, weights(seed));
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
  y.dispose();
  model.dispose();
  return events;
}

const storeKeys = async () => (await keys(createStore(dbName, 'files'))).map(String).sort();
const modelRequests = () => state.requests.filter((u) => /\.(model\.json|weights\.bin)$/.test(u));

beforeEach(() => {
  dbName = `sprout-zoo-test-${++dbCount}`;
  state = { offline: false, damage: new Map(), requests: [], files: new Map() };
  vi.stubGlobal('fetch', fakeFetch(state));
  serve(makeModel('tiny', '1.0.0', 1));
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('zoo.load in a browser (happy-dom + fake-indexeddb)', () => {
  it('fresh: downloads with download/progress/ready events and caches every file', async () => {
    const events = await loadAndCheck();
    const total = events[0].total;
    expect(events[0]).toEqual({ id: 'tiny', status: 'download', loaded: 0, total });
    expect(events.at(-1)).toEqual({ id: 'tiny', status: 'ready', loaded: total, total });
    const progress = events.filter((e) => e.status === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(4); // 3 chunks per file
    for (let i = 1; i < progress.length; i++) expect(progress[i].loaded).toBeGreaterThanOrEqual(progress[i - 1].loaded);
    expect(progress.at(-1)!.loaded).toBe(total);
    expect(events.some((e) => e.status === 'cached')).toBe(false);
    expect(await storeKeys()).toEqual(['tiny/manifest', 'tiny@1.0.0/tiny.model.json', 'tiny@1.0.0/tiny.weights.bin']);
  });

  it('cached: a second load (new page, same database) reads IndexedDB, not the network', async () => {
    await loadAndCheck();
    state.requests = [];
    const events = await loadAndCheck();
    expect(modelRequests()).toEqual([]);
    expect(events.map((e) => e.status)).toEqual(['cached', 'ready']);
    expect(events[0].loaded).toBe(events[0].total);
  });

  it('offline: with the network gone the second load still works, manifest included', async () => {
    await loadAndCheck();
    state.offline = true;
    const events = await loadAndCheck();
    expect(events.map((e) => e.status)).toEqual(['cached', 'ready']);
    const list = await newZoo().list();
    expect(list.map((m) => m.id)).toEqual(['tiny']);
  });

  it('offline and never loaded: a friendly error that says what to check', async () => {
    state.offline = true;
    await expect(newZoo().load('tiny')).rejects.toThrow(
      `🌱 Sprout says: Sprout could not download the model 'tiny' from ${BASE}tiny.json (network error: Failed to fetch), and it is not saved in this browser yet.`,
    );
  });

  it('corrupt cache: an entry failing its sha256 is dropped and downloaded again', async () => {
    await loadAndCheck();
    const store = createStore(dbName, 'files');
    const key = 'tiny@1.0.0/tiny.weights.bin';
    const bad = (await get<Uint8Array>(key, store))!.slice();
    bad[7] ^= 0x55;
    await set(key, bad, store);
    state.requests = [];
    const events = await loadAndCheck();
    expect(modelRequests()).toEqual([`${BASE}tiny.weights.bin`]);
    expect(events.map((e) => e.status)).toContain('download');
    const fixed = await get<Uint8Array>(key, store);
    expect(fixed).toEqual(makeModel('tiny', '1.0.0', 1).files.get('tiny.weights.bin'));
    // And the next load is fully cached again.
    state.requests = [];
    await loadAndCheck();
    expect(modelRequests()).toEqual([]);
  });

  for (const how of ['truncate', 'flip'] as const) {
    it(`${how === 'truncate' ? 'truncated' : 'corrupted'} download: friendly error, nothing cached`, async () => {
      state.damage.set('tiny.weights.bin', how);
      const size = makeModel('tiny', '1.0.0', 1).files.get('tiny.weights.bin')!.byteLength;
      const got = how === 'truncate' ? size >> 1 : size;
      const err = await newZoo().load('tiny').catch((e) => e);
      expect(err).toBeInstanceOf(sp.SproutError);
      expect(err.code).toBe('zoo.badDownload');
      expect(err.message).toBe(
        `🌱 Sprout says: The model 'tiny' arrived damaged: tiny.weights.bin should be ${size} bytes with a known checksum, but what came was ${got} bytes that do not match. ` +
        'Usually the download was cut off or a proxy changed it. Nothing was saved; reload the page to try again.',
      );
      expect((await storeKeys()).filter((k) => k.endsWith('.weights.bin'))).toEqual([]);
      state.damage.clear();
      await loadAndCheck(); // the next try works
    });
  }

  it('quota error: warns once, keeps loading from the network', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const zoo = newZoo();
    await loadAndCheck(zoo);
    await loadAndCheck(zoo);
    expect(put).toHaveBeenCalled();
    const ours = warn.mock.calls.filter((c) => String(c[0]).includes('cannot save models'));
    expect(ours.length).toBe(1);
    expect(String(ours[0][0])).toContain("Sprout cannot save models in this browser (QuotaExceededError: The quota has been exceeded.), so 'tiny' will be downloaded again next time.");
    expect(modelRequests().length).toBe(4); // both loads downloaded both files
  });

  it('no IndexedDB (private browsing): warns once, works from the network', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('indexedDB', undefined);
    const zoo = newZoo();
    await loadAndCheck(zoo);
    await loadAndCheck(zoo);
    expect(await zoo.cached()).toEqual([]);
    const ours = warn.mock.calls.filter((c) => String(c[0]).includes('cannot save models'));
    expect(ours.length).toBe(1);
    expect(String(ours[0][0])).toContain('(IndexedDB is not available)');
  });

  it('version bump: the new version is downloaded and replaces the old entry', async () => {
    await loadAndCheck();
    expect(await newZoo().cached()).toEqual([{ id: 'tiny', version: '1.0.0', bytes: expect.any(Number) }]);
    serve(makeModel('tiny', '1.1.0', 2));
    state.requests = [];
    const events = await loadAndCheck(newZoo(), 2);
    expect(events[0].status).toBe('download');
    expect(modelRequests().length).toBe(2);
    expect(await storeKeys()).toEqual(['tiny/manifest', 'tiny@1.1.0/tiny.model.json', 'tiny@1.1.0/tiny.weights.bin']);
    const cached = await newZoo().cached();
    const m = makeModel('tiny', '1.1.0', 2).manifest.files!;
    expect(cached).toEqual([{ id: 'tiny', version: '1.1.0', bytes: m.model.bytes + m.weights.bytes }]);
  });

  it('list, cached and clear', async () => {
    serve(makeModel('tiny', '1.0.0', 1), makeModel('other', '2.0.0', 3));
    const zoo = newZoo();
    const list = await zoo.list();
    expect(list.map((m) => [m.id, m.version, m.license])).toEqual([['tiny', '1.0.0', 'MIT'], ['other', '2.0.0', 'MIT']]);
    expect(Object.keys(list[0]).sort()).toEqual(['attribution', 'bytes', 'card', 'id', 'license', 'tasks', 'title', 'version']);
    await (await zoo.load('tiny')).dispose();
    await (await zoo.load('other')).dispose();
    expect((await zoo.cached()).map((c) => c.id).sort()).toEqual(['other', 'tiny']);
    await zoo.clear('tiny');
    expect((await zoo.cached()).map((c) => c.id)).toEqual(['other']);
    expect(await storeKeys()).toEqual(['other/manifest', 'other@2.0.0/other.model.json', 'other@2.0.0/other.weights.bin']);
    await zoo.clear();
    expect(await storeKeys()).toEqual([]);
  });

  it('an unknown id: a friendly error listing the models there are', async () => {
    serve(makeModel('tiny', '1.0.0', 1), makeModel('other', '2.0.0', 3));
    await expect(newZoo().load('mobilenett')).rejects.toThrow(
      `🌱 Sprout says: There is no model called 'mobilenett' in the zoo at ${BASE}. Models you can load: 'tiny', 'other'. Check the spelling of the name.`,
    );
  });

  it('baseUrl: the zoo/ folder beside the page when Sprout was not loaded by a <script>; settable', () => {
    expect(sp.zoo.baseUrl).toBe(new URL('zoo/', location.href).href);
    const z = createZoo();
    z.baseUrl = 'https://example.com/models';
    expect(z.baseUrl).toBe('https://example.com/models/');
  });
});
