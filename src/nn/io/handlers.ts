/**
 * Where models are saved and loaded: 'downloads://name' (browser downloads), 'indexeddb://name'
 * (the browser's IndexedDB, in TF.js' layout so both libraries read each other's models),
 * 'file://path' (Node; `node:fs` is loaded only when used, so browser bundles do not include it),
 * http(s) URLs of a model.json (loading), or any object with `save` / `load` (TF.js' IOHandler).
 */
import { describeValue, raise } from '../../errors/index.js';
import type { IOHandler, ModelArtifacts, ModelJSON, SaveResult } from './types.js';
import { artifactsFromJSON, artifactsInfo, concatWeightData, modelJSON, parseModelJSON } from './weights.js';

const SCHEMES = ['downloads://', 'indexeddb://', 'file://', 'http://', 'https://'];

function splitScheme(url: string): [string, string] {
  const i = url.indexOf('://');
  return i < 0 ? ['', url] : [url.slice(0, i + 3).toLowerCase(), url.slice(i + 3)];
}

/** The handler that saves to a URL-like string. */
export function getSaveHandler(url: string): IOHandler {
  const [scheme, path] = splitScheme(url);
  switch (scheme) {
    case 'downloads://': return browserDownloads(path || 'model');
    case 'indexeddb://': return browserIndexedDB(path);
    case 'file://': return fileSystem(path);
  }
  return raise('io.unknownScheme', { op: 'save', url, schemes: 'downloads://, indexeddb://, file://' });
}

/** The handler that loads from a URL-like string (anything without a known scheme is fetched over HTTP). */
export function getLoadHandler(url: string, options: LoadHandlerOptions = {}): IOHandler {
  const [scheme, path] = splitScheme(url);
  if (!scheme && isNode()) return fileSystem(url, options);
  switch (scheme) {
    case 'indexeddb://': return browserIndexedDB(path);
    case 'file://': return fileSystem(fileURLPath(path), options);
    case 'downloads://': return raise('io.unknownScheme', { op: 'load', url, schemes: 'indexeddb://, file://, http(s):// or a relative URL' });
  }
  if (scheme && !SCHEMES.includes(scheme)) raise('io.unknownScheme', { op: 'load', url, schemes: SCHEMES.filter((s) => s !== 'downloads://').join(', ') });
  return http(url, options);
}

/** Options of the loading handlers. */
export interface LoadHandlerOptions {
  /** Called with the fraction of the weight bytes read so far, from 0 to 1. */
  onProgress?: (fraction: number) => void;
}

/** True in Node (where a string without a scheme is a file path, not a relative URL). */
function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return !!p?.versions?.node && typeof (globalThis as { document?: unknown }).document === 'undefined';
}

/** The path of a file:// URL's remainder: '/C:/x' → 'C:/x', percent-escapes decoded. 'file://rel/dir' stays relative. */
function fileURLPath(rest: string): string {
  let p = rest;
  if (p.startsWith('localhost/')) p = p.slice('localhost'.length);
  if (p.includes('%')) {
    try {
      p = decodeURIComponent(p);
    } catch {
      // keep it as written
    }
  }
  return /^\/[A-Za-z]:[\\/]/.test(p) ? p.slice(1) : p;
}

/** A handler from a string or an object, checking it can do `what`. */
export function resolveHandler(target: unknown, what: 'save' | 'load'): IOHandler {
  const h = typeof target === 'string' ? (what === 'save' ? getSaveHandler(target) : getLoadHandler(target)) : target;
  if (!h || typeof h !== 'object' || typeof (h as IOHandler)[what] !== 'function') {
    raise('io.badHandler', { what, got: typeof target === 'string' ? `'${target}'` : describeValue(target) });
  }
  return h as IOHandler;
}

/**
 * A handler that calls `fn` with the artifacts (as `tf.io.withSaveHandler`).
 *
 * @example
 * await model.save(sprout.io.withSaveHandler(async (artifacts) => { console.log(artifacts.weightSpecs); }));
 */
export function withSaveHandler(fn: (artifacts: ModelArtifacts) => Promise<SaveResult | void> | SaveResult | void): IOHandler {
  return {
    save: async (a) => (await fn(a)) ?? { modelArtifactsInfo: artifactsInfo(a) },
  };
}

/** A handler that loads the given artifacts (as `tf.io.fromMemory`). @example const copy = await sprout.loadLayersModel(sprout.io.fromMemory(artifacts)); */
export function fromMemory(artifacts: ModelArtifacts): IOHandler {
  return { load: async () => artifacts };
}

// ---- downloads:// -----------------------------------------------------------------------

/** Saves by offering two downloads, like TF.js: `<name>.json` and `<name>.weights.bin`. @example await model.save(sprout.io.browserDownloads('my-model')); */
export function browserDownloads(name = 'model'): IOHandler {
  return {
    async save(a) {
      if (typeof document === 'undefined' || typeof URL === 'undefined' || typeof URL.createObjectURL !== 'function') raise('io.needsBrowser', { scheme: 'downloads://' });
      const weightsFile = `${name}.weights.bin`;
      const json = modelJSON(a, `./${weightsFile}`);
      const jsonURL = URL.createObjectURL(new Blob([JSON.stringify(json)], { type: 'application/json' }));
      const weightsURL = URL.createObjectURL(new Blob([concatWeightData(a.weightData ?? new ArrayBuffer(0))], { type: 'application/octet-stream' }));
      const click = (href: string, file: string) => {
        const link = document.createElement('a');
        link.download = file;
        link.href = href;
        link.dispatchEvent(new MouseEvent('click'));
      };
      click(jsonURL, `${name}.json`);
      if (a.weightData) click(weightsURL, weightsFile);
      return { modelArtifactsInfo: artifactsInfo(a) };
    },
  };
}

// ---- indexeddb:// -----------------------------------------------------------------------

const DB_NAME = 'tensorflowjs';
const DB_VERSION = 1;
const MODELS = 'models_store';
const INFO = 'model_info_store';

function idb(): IDBFactory {
  const f = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!f) raise('io.needsBrowser', { scheme: 'indexeddb://' });
  return f;
}

function openDB(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = idb().open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(MODELS)) db.createObjectStore(MODELS, { keyPath: 'modelPath' });
      if (!db.objectStoreNames.contains(INFO)) db.createObjectStore(INFO, { keyPath: 'modelPath' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/**
 * Saves to / loads from IndexedDB under `name` (TF.js' database, so each reads the other's models).
 *
 * @example
 * await model.save(sprout.io.browserIndexedDB('my-model'));
 * const back = await sprout.loadLayersModel(sprout.io.browserIndexedDB('my-model'));
 */
export function browserIndexedDB(name: string): IOHandler {
  if (!name) raise('io.badPath', { scheme: 'indexeddb://', detail: 'a model name is needed after indexeddb://' });
  return {
    async save(a) {
      const db = await openDB();
      try {
        const info = artifactsInfo(a);
        const artifacts = { ...a, weightData: a.weightData ? concatWeightData(a.weightData) : undefined };
        const tx = db.transaction([INFO, MODELS], 'readwrite');
        tx.objectStore(INFO).put({ modelPath: name, modelArtifactsInfo: info });
        tx.objectStore(MODELS).put({ modelPath: name, modelArtifacts: artifacts });
        await done(tx);
        return { modelArtifactsInfo: info };
      } finally {
        db.close();
      }
    },
    async load() {
      const db = await openDB();
      try {
        const tx = db.transaction(MODELS, 'readonly');
        const req = tx.objectStore(MODELS).get(name);
        const rec = await new Promise<{ modelArtifacts: ModelArtifacts } | undefined>((resolve, reject) => {
          req.onsuccess = () => resolve(req.result as { modelArtifacts: ModelArtifacts } | undefined);
          req.onerror = () => reject(req.error);
        });
        if (!rec) raise('io.notFound', { where: `indexeddb://${name}`, hint: 'save it first with model.save(\'indexeddb://' + name + '\')' });
        return rec.modelArtifacts;
      } finally {
        db.close();
      }
    },
  };
}

// ---- file:// -----------------------------------------------------------------------------

/** The parts of node:fs/promises and node:path used here (typed here: browser builds have no Node types). */
interface FsPromises {
  mkdir(path: string, options: { recursive: boolean }): Promise<unknown>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  stat(path: string): Promise<{ isDirectory(): boolean }>;
}
interface PathModule {
  dirname(path: string): string;
  join(...parts: string[]): string;
}

async function nodeModules(): Promise<{ fs: FsPromises; path: PathModule }> {
  // Variable specifiers keep bundlers from pulling node:fs into browser builds.
  const fsName = 'node:fs/promises';
  const pathName = 'node:path';
  try {
    const [fs, path] = await Promise.all([import(/* @vite-ignore */ fsName), import(/* @vite-ignore */ pathName)]);
    return { fs: fs as FsPromises, path: path as PathModule };
  } catch {
    return raise('io.needsNode', {});
  }
}

/**
 * Saves to a folder (model.json and weights.bin, like tfjs-node) or loads from model.json (or the
 * folder holding it). Node only.
 *
 * @example
 * await model.save(sprout.io.fileSystem('./my-model'));
 * const back = await sprout.loadLayersModel(sprout.io.fileSystem('./my-model/model.json'));
 */
export function fileSystem(target: string, loadOptions: LoadHandlerOptions = {}): IOHandler {
  if (!target) raise('io.badPath', { scheme: 'file://', detail: 'a path is needed after file://' });
  return {
    async save(a) {
      const { fs, path } = await nodeModules();
      const isJson = target.endsWith('.json');
      const dir = isJson ? path.dirname(target) : target;
      const jsonPath = isJson ? target : path.join(dir, 'model.json');
      await fs.mkdir(dir, { recursive: true });
      const json = modelJSON(a, './weights.bin');
      await fs.writeFile(path.join(dir, 'weights.bin'), new Uint8Array(concatWeightData(a.weightData ?? new ArrayBuffer(0))));
      await fs.writeFile(jsonPath, JSON.stringify(json));
      return { modelArtifactsInfo: artifactsInfo(a) };
    },
    async load() {
      const { fs, path } = await nodeModules();
      let jsonPath = target;
      try {
        if ((await fs.stat(target)).isDirectory()) jsonPath = path.join(target, 'model.json');
      } catch {
        raise('io.notFound', { where: `file://${target}`, hint: 'check the path (it should point to model.json or its folder)' });
      }
      let text: string;
      try {
        text = await fs.readFile(jsonPath, 'utf8');
      } catch (err) {
        return raise('io.notFound', { where: jsonPath, hint: (err as Error).message });
      }
      const json = parseModelJSON(text, jsonPath);
      const dir = path.dirname(jsonPath);
      return artifactsFromJSON(json, async (p) => {
        let b: Uint8Array;
        try {
          b = await fs.readFile(path.join(dir, p));
        } catch (err) {
          return raise('io.missingShard', { shard: p, field: shardField(json, p), file: jsonPath, reason: (err as Error).message });
        }
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      }, { file: jsonPath, onProgress: loadOptions.onProgress });
    },
  };
}

/** Where a shard path sits in a manifest, for messages: 'weightsManifest[2].paths[0]'. */
function shardField(json: ModelJSON, p: string): string {
  const groups = Array.isArray(json.weightsManifest) ? json.weightsManifest : [];
  for (let g = 0; g < groups.length; g++) {
    const i = Array.isArray(groups[g]?.paths) ? groups[g].paths.indexOf(p) : -1;
    if (i >= 0) return `weightsManifest[${g}].paths[${i}]`;
  }
  return 'weightsManifest';
}

// ---- http(s):// ---------------------------------------------------------------------------

/** Loads model.json from a URL, then its weight files (paths relative to it). @example const model = await sprout.loadLayersModel(sprout.io.http('https://example.com/model.json')); */
export function http(url: string, options: LoadHandlerOptions = {}): IOHandler {
  return {
    async load() {
      if (typeof fetch !== 'function') raise('io.needsBrowser', { scheme: 'http(s)://' });
      let res: Response;
      try {
        res = await fetch(url);
      } catch (err) {
        return raise('io.notFound', { where: url, hint: `the request failed (${(err as Error).message})` });
      }
      if (!res.ok) raise('io.notFound', { where: url, hint: `the server answered ${res.status}` });
      const json = parseModelJSON(await res.text(), url);
      const resolve = (p: string): string => {
        if (/^[a-z][a-z0-9+.-]*:/i.test(p)) return p;
        try {
          return new URL(p, url).href;
        } catch {
          return url.slice(0, url.lastIndexOf('/') + 1) + p.replace(/^\.\//, '');
        }
      };
      return artifactsFromJSON(json, async (p) => {
        const where = resolve(p);
        let r: Response;
        try {
          r = await fetch(where);
        } catch (err) {
          return raise('io.missingShard', { shard: where, field: shardField(json, p), file: url, reason: `the request failed (${(err as Error).message})` });
        }
        if (!r.ok) raise('io.missingShard', { shard: where, field: shardField(json, p), file: url, reason: `the server answered ${r.status}` });
        return r.arrayBuffer();
      }, { file: url, onProgress: options.onProgress });
    },
  };
}

// ---- browser files ----------------------------------------------------------------------------

/** The parts of a File used here (a Blob with a name). */
export interface FileLike {
  name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
  text?(): Promise<string>;
}

const isFileLike = (x: unknown): x is FileLike =>
  !!x && typeof x === 'object' && typeof (x as FileLike).name === 'string' && typeof (x as FileLike).arrayBuffer === 'function';

/** Files from a File, a FileList, an array of Files or `{ json, weights }`; null when `x` is none of these. */
export function filesOf(x: unknown): { json?: FileLike; files: FileLike[] } | null {
  if (isFileLike(x)) return { files: [x] };
  if (Array.isArray(x) && x.length > 0 && x.every(isFileLike)) return { files: x };
  const list = x as { length?: number; item?: (i: number) => unknown } | null;
  if (list && typeof list === 'object' && typeof list.length === 'number' && typeof list.item === 'function') {
    const files = Array.from({ length: list.length }, (_, i) => list.item!(i));
    if (files.every(isFileLike)) return { files: files as FileLike[] };
  }
  const o = x as { json?: unknown; weights?: unknown } | null;
  if (o && typeof o === 'object' && isFileLike(o.json)) {
    const w = o.weights;
    const weights = w === undefined ? [] : isFileLike(w) ? [w] : filesOf(w)?.files;
    if (weights) return { json: o.json, files: weights };
  }
  return null;
}

const baseName = (p: string): string => p.split(/[\\/]/).pop()!.split('?')[0];

/**
 * Loads from browser Files (an `<input type="file" multiple>`'s FileList, dropped files): the
 * model's .json file and its weight files, matched to the manifest by file name.
 */
export function browserFiles(files: { json?: FileLike; files: FileLike[] }, options: LoadHandlerOptions = {}): IOHandler {
  return {
    async load() {
      const jsonFile = files.json ?? files.files.find((f) => f.name === 'model.json') ?? files.files.find((f) => /\.json$/i.test(f.name) && !/meta/i.test(f.name))
        ?? files.files.find((f) => /\.json$/i.test(f.name));
      if (!jsonFile) return raise('io.noModelFile', { files: files.files.map((f) => f.name).join(', ') || 'none' });
      const text = jsonFile.text ? await jsonFile.text() : new TextDecoder().decode(await jsonFile.arrayBuffer());
      const json = parseModelJSON(text, jsonFile.name);
      const byName = new Map(files.files.filter((f) => f !== jsonFile).map((f) => [f.name, f]));
      return artifactsFromJSON(json, async (p) => {
        const f = byName.get(baseName(p));
        if (!f) {
          return raise('io.missingShard', {
            shard: baseName(p), field: shardField(json, p), file: jsonFile.name,
            reason: `it is not among the files given (${[...byName.keys()].join(', ') || 'none'}); select it together with ${jsonFile.name}`,
          });
        }
        return f.arrayBuffer();
      }, { file: jsonFile.name, onProgress: options.onProgress });
    },
  };
}
