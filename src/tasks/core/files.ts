/**
 * Reading a task's model files (model.json, metadata.json, labels) with friendly failures: missing
 * file, blocked by CORS, not what it should be. Node reads paths from disk; browsers fetch.
 */
import { raise, SproutError } from '../../errors/index.js';

type NodeProcess = { versions?: { node?: string } };
/** True in Node (not in a browser-like test environment with a document). @example if (isNode()) await writeFile(…); */
export const isNode = (): boolean =>
  typeof (globalThis as { process?: NodeProcess }).process?.versions?.node === 'string' && typeof document === 'undefined';
const hasScheme = (s: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s);

/** True when `url` is on another origin than the page (only in a browser page). @example isCrossOrigin('https://other.example/m.json'); */
export function isCrossOrigin(url: string): boolean {
  const loc = (globalThis as { location?: { href?: string; origin?: string } }).location;
  if (!loc?.href || !loc.origin) return false;
  try {
    return new URL(url, loc.href).origin !== loc.origin;
  } catch {
    return false;
  }
}

/** The origin of the page, for messages. */
const pageOrigin = (): string => (globalThis as { location?: { origin?: string } }).location?.origin ?? 'this page';

/** A URL relative to another file's URL or path. @example sibling('a/b/model.json', 'metadata.json'); // 'a/b/metadata.json' */
export function sibling(of: string, name: string): string {
  if (hasScheme(of)) return new URL(name, of).href;
  const cut = Math.max(of.lastIndexOf('/'), of.lastIndexOf('\\'));
  return cut >= 0 ? of.slice(0, cut + 1) + name : name;
}

/**
 * Reads a file's bytes, or null when it does not exist and `optional` is set. A fetch that fails
 * outright on another origin is reported as a CORS block; a missing file as missing.
 *
 * @example
 * const bytes = await readTaskFile('https://example.com/model/model.json', 'imageClassifier');
 */
export async function readTaskFile(url: string, task: string, optional = false): Promise<Uint8Array | null> {
  if (isNode() && (!hasScheme(url) || /^file:/i.test(url))) {
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(p: string | URL): Promise<Uint8Array> };
    try {
      const b = await fs.readFile(/^file:/i.test(url) ? new URL(url) : url);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (e) {
      if (optional) return null;
      return raise('task.modelFileMissing', { task, url, reason: (e as Error).message });
    }
  }
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    if (isCrossOrigin(url)) return raise('task.corsBlocked', { task, url, origin: pageOrigin() });
    return raise('task.modelFileMissing', { task, url, reason: `the request failed (${(e as Error).message})` });
  }
  if (!res.ok) {
    if (optional && res.status === 404) return null;
    return raise('task.modelFileMissing', { task, url, reason: `the server answered ${res.status}` });
  }
  return new Uint8Array(await res.arrayBuffer());
}

/** Reads and parses a JSON file (null when optional and absent); a broken file gets the corrupt-file message. @example const meta = await readTaskJSON(url, 'imageClassifier', true); */
export async function readTaskJSON(url: string, task: string, optional = false): Promise<unknown> {
  const bytes = await readTaskFile(url, task, optional);
  if (bytes === null) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return raise('task.modelFileBroken', { task, url, reason: `it is not valid JSON (${(e as Error).message})` });
  }
}

/** Runs a loader, turning its file errors into the task's friendly messages. @example const m = await friendlyLoad(url, 'imageClassifier', () => loadModel(url)); */
export async function friendlyLoad<T>(url: string, task: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (!(e instanceof SproutError) || e.code.startsWith('task.')) throw e;
    const missing = ['io.notFound', 'io.missingShard', 'model.loadFailed'].includes(e.code);
    if (missing && isCrossOrigin(url) && /request failed|fetch/i.test(e.message)) raise('task.corsBlocked', { task, url, origin: pageOrigin() });
    return raise(missing ? 'task.modelFileMissing' : 'task.modelFileBroken', { task, url, reason: e.message });
  }
}
