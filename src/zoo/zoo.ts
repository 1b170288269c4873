/**
 * `sprout.zoo`: lists the zoo's models, loads one with progress events, checks every file against
 * the sha256 in its manifest, and keeps the files in IndexedDB so the next load needs no network.
 */
import { raise } from '../errors/index.js';
import { ZooCache } from './cache.js';
import type { ZooModelFile } from './format.js';
import { sha256 } from './hash.js';
import { defaultBaseUrl, isDiskLocation, readZooFile, withSlash } from './io.js';
import { zooModelFromFiles } from './model.js';
import type { ZooFileInfo, ZooLoadOptions, ZooManifest, ZooModel, ZooProgress } from './types.js';

/** What `zoo.list()` gives for each model. */
export interface ZooSummary {
  id: string;
  title: string;
  tasks: string[];
  license: string;
  attribution: string;
  version: string;
  card: string;
  /** Bytes to download (model and weights files). */
  bytes: number;
}

/** One model version kept in the cache. */
export interface ZooCachedEntry {
  id: string;
  version: string;
  bytes: number;
}

export interface Zoo {
  /**
   * Where the built zoo is (a URL, or a folder in Node); always ends with '/'. Default in a browser:
   * the `zoo/` folder beside the script that loaded Sprout; in Node: `$SPROUT_ZOO_DIR` or `build/zoo/`.
   *
   * @example
   * sprout.zoo.baseUrl = 'https://example.com/my-zoo/';
   */
  baseUrl: string;
  /**
   * The models of the zoo (its `index.json`); offline, the ones kept in this browser.
   *
   * @example
   * for (const m of await sprout.zoo.list()) console.log(m.id, m.title, m.license);
   */
  list(): Promise<ZooSummary[]>;
  /**
   * Loads a model: from IndexedDB when kept there and intact, else downloaded (and then kept),
   * every file checked against the sha256 in its manifest.
   *
   * @example
   * const model = await sprout.zoo.load('doodlenet', { onProgress: (p) => bar.value = p.loaded / p.total });
   */
  load(id: string, options?: ZooLoadOptions): Promise<ZooModel>;
  /**
   * The model versions kept in this browser, with their bytes.
   *
   * @example
   * console.log(await sprout.zoo.cached()); // [{ id: 'mobilenet-v2', version: '1.0.0', bytes: 3629543 }]
   */
  cached(): Promise<ZooCachedEntry[]>;
  /**
   * Forgets one model (or, without an id, every model) kept in this browser.
   *
   * @example
   * await sprout.zoo.clear('mobilenet-v2');
   */
  clear(id?: string): Promise<void>;
}

const OP = 'zoo.load';
const dec = new TextDecoder();
const fileKey = (m: ZooManifest, f: ZooFileInfo) => `${m.id}@${m.version}/${f.path}`;
const manifestKey = (id: string) => `${id}/manifest`;

function checkManifest(m: unknown, id: string): ZooManifest {
  const bad = (detail: string): never => raise('zoo.badManifest', { op: OP, id, detail });
  const man = m as ZooManifest;
  if (!man || typeof man !== 'object') bad('it is not a JSON object');
  if (man.id !== id) bad(`its id is '${String(man.id)}'`);
  if (typeof man.version !== 'string') bad('it has no version');
  if (!Array.isArray(man.outputs) || man.outputs.length === 0) bad('it lists no outputs');
  for (const k of ['model', 'weights'] as const) {
    const f = man.files?.[k];
    if (!f || typeof f.path !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256) || !Number.isInteger(f.bytes)) bad(`files.${k} must give path, bytes and sha256`);
  }
  return man;
}

const summary = (m: ZooManifest): ZooSummary => ({
  id: m.id, title: m.title, tasks: [...m.tasks], license: m.license, attribution: m.attribution, version: m.version, card: m.card,
  bytes: (m.files?.model.bytes ?? 0) + (m.files?.weights.bytes ?? 0),
});

/**
 * Makes a zoo reading from `baseUrl` and caching in the IndexedDB database `dbName`.
 * `sprout.zoo` is one made with the defaults.
 *
 * @example
 * const myZoo = createZoo({ baseUrl: 'https://example.com/sprout-zoo/' });
 * const model = await myZoo.load('mobilenet-v2');
 */
export function createZoo(options: { baseUrl?: string; dbName?: string } = {}): Zoo {
  const cache = new ZooCache(options.dbName);
  let base: string | undefined = options.baseUrl === undefined ? undefined : withSlash(options.baseUrl);

  const zoo: Zoo = {
    get baseUrl() {
      return (base ??= defaultBaseUrl());
    },
    set baseUrl(v: string) {
      base = withSlash(String(v));
    },

    async list() {
      const r = await readZooFile(`${zoo.baseUrl}index.json`);
      if ('bytes' in r) return (JSON.parse(dec.decode(r.bytes)) as ZooManifest[]).map(summary);
      // Offline: the models this browser has kept.
      const out: ZooSummary[] = [];
      for (const k of await cache.keys()) {
        if (!k.endsWith('/manifest')) continue;
        const text = await cache.get(k, k);
        if (typeof text === 'string') out.push(summary(JSON.parse(text) as ZooManifest));
      }
      return out;
    },

    async load(id, { onProgress } = {}) {
      const baseUrl = zoo.baseUrl;
      const useCache = !isDiskLocation(baseUrl) && cache.available(id);
      const manifest = await loadManifest(id, baseUrl, useCache);
      const files = [manifest.files!.model, manifest.files!.weights];
      const total = files[0].bytes + files[1].bytes;
      const emit = (status: ZooProgress['status'], loaded: number) => onProgress?.({ id, status, loaded, total });
      const got: Uint8Array[] = [];
      let loaded = 0;
      let downloading = false;
      for (const f of files) {
        const key = fileKey(manifest, f);
        let bytes: Uint8Array | undefined;
        if (useCache) {
          const hit = await cache.get(key, id);
          if (hit instanceof Uint8Array && hit.byteLength === f.bytes && (await sha256(hit)) === f.sha256) bytes = hit;
          else if (hit !== undefined) await cache.del(key, id); // damaged or stale: download again
        }
        if (!bytes) {
          if (!downloading) emit('download', loaded);
          downloading = true;
          const url = baseUrl + f.path;
          const start = loaded;
          const r = await readZooFile(url, (n) => emit('progress', start + Math.min(n, f.bytes)));
          if (!('bytes' in r)) return raise('zoo.loadFailed', { id, url, reason: r.error, base: baseUrl });
          if (r.bytes.byteLength !== f.bytes || (await sha256(r.bytes)) !== f.sha256) {
            return raise('zoo.badDownload', { id, file: f.path, expected: f.bytes, got: r.bytes.byteLength });
          }
          bytes = r.bytes;
          if (useCache) await cache.set(key, bytes, id);
        }
        loaded += f.bytes;
        got.push(bytes);
      }
      if (!downloading) emit('cached', total);
      if (useCache) await forgetOtherVersions(manifest);
      let file: ZooModelFile;
      try {
        file = JSON.parse(dec.decode(got[0])) as ZooModelFile;
      } catch (e) {
        return raise('zoo.badModelFile', { op: OP, detail: `the model JSON does not parse (${e instanceof Error ? e.message : String(e)})` });
      }
      const model = zooModelFromFiles(manifest, file, got[1]);
      emit('ready', total);
      return model;
    },

    async cached() {
      const byModel = new Map<string, ZooCachedEntry>();
      const all = await cache.keys();
      for (const k of all) {
        const m = /^(.+)@([^/]+)\/(.+)$/.exec(k);
        if (!m) continue;
        const [, id, version, path] = m;
        // Sizes from the kept manifest when it describes this version; else read the entry.
        const text = all.includes(manifestKey(id)) ? await cache.get(manifestKey(id), id) : undefined;
        const man = typeof text === 'string' ? (JSON.parse(text) as ZooManifest) : undefined;
        const known = man?.version === version ? [man.files?.model, man.files?.weights].find((f) => f?.path === path) : undefined;
        let bytes = known?.bytes;
        if (bytes === undefined) {
          const v = await cache.get(k, id);
          bytes = v instanceof Uint8Array ? v.byteLength : 0;
        }
        const e = byModel.get(`${id}@${version}`) ?? { id, version, bytes: 0 };
        e.bytes += bytes;
        byModel.set(`${id}@${version}`, e);
      }
      return [...byModel.values()];
    },

    async clear(id) {
      for (const k of await cache.keys()) {
        if (id === undefined || k.startsWith(`${id}@`) || k === manifestKey(id)) await cache.del(k, id ?? 'zoo');
      }
    },
  };

  /** The manifest from the zoo folder; offline, the last one kept in the cache. */
  async function loadManifest(id: string, baseUrl: string, useCache: boolean): Promise<ZooManifest> {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(id)) return unknown(id, baseUrl);
    const url = `${baseUrl}${id}.json`;
    const r = await readZooFile(url);
    if ('bytes' in r) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(dec.decode(r.bytes));
      } catch {
        return raise('zoo.badManifest', { op: OP, id, detail: `${url} is not JSON` });
      }
      const m = checkManifest(parsed, id);
      if (useCache) await cache.set(manifestKey(id), JSON.stringify(m), id);
      return m;
    }
    if (useCache) {
      const kept = await cache.get(manifestKey(id), id);
      if (typeof kept === 'string') return checkManifest(JSON.parse(kept), id);
    }
    if (r.notFound) return unknown(id, baseUrl);
    return raise('zoo.loadFailed', { id, url, reason: r.error, base: baseUrl });
  }

  async function unknown(id: string, baseUrl: string): Promise<never> {
    let known = '(the zoo index could not be read)';
    try {
      known = (await zoo.list()).map((m) => `'${m.id}'`).join(', ') || '(none)';
    } catch { /* keep the fallback text */ }
    return raise('zoo.unknownModel', { id, base: baseUrl, known });
  }

  /** A new version replaces the old: drop cached files of other versions of this model. */
  async function forgetOtherVersions(m: ZooManifest): Promise<void> {
    const keep = `${m.id}@${m.version}/`;
    for (const k of await cache.keys(m.id)) if (k.startsWith(`${m.id}@`) && !k.startsWith(keep)) await cache.del(k, m.id);
  }

  return zoo;
}
