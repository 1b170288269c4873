/**
 * Reading zoo files: over the network (fetch, streamed for progress) or, in Node, from the built
 * zoo folder on disk. Failures come back as `{ error }` so the caller can fall back to the cache.
 */

type NodeProcess = { versions?: { node?: string }; cwd?: () => string; env?: Record<string, string | undefined> };
const proc = (): NodeProcess | undefined => (globalThis as { process?: NodeProcess }).process;

/** True in Node (and not in a browser-like test environment with a document). */
export const isNode = (): boolean => typeof proc()?.versions?.node === 'string' && typeof document === 'undefined';

/** A location is read from disk when in Node and it is a path or a file: URL. */
export const isDiskLocation = (url: string): boolean => isNode() && !/^(https?|blob|data):/i.test(url);

// Captured at module load: while a classic <script> runs, document.currentScript is that script.
const scriptSrc: string | undefined =
  typeof document !== 'undefined' ? ((document.currentScript as HTMLScriptElement | null)?.src || undefined) : undefined;

/**
 * The default zoo location: in a browser the `zoo/` folder beside the script that loaded Sprout
 * (or beside the page when Sprout came from a module); in Node `$SPROUT_ZOO_DIR` or `build/zoo/`
 * under the current folder.
 */
export function defaultBaseUrl(): string {
  if (scriptSrc) return new URL('zoo/', scriptSrc).href;
  if (typeof document !== 'undefined' && typeof location !== 'undefined') return new URL('zoo/', location.href).href;
  const p = proc();
  if (isNode()) return withSlash(p?.env?.SPROUT_ZOO_DIR ?? `${p?.cwd?.() ?? '.'}/build/zoo`);
  return 'zoo/';
}

export const withSlash = (s: string): string => (s.endsWith('/') ? s : `${s}/`);

export type ReadResult = { bytes: Uint8Array } | { error: string; notFound: boolean };

interface FsPromises {
  readFile(path: string | URL): Promise<Uint8Array>;
}

/** Reads `url` whole, calling `onBytes(received)` as chunks arrive. */
export async function readZooFile(url: string, onBytes?: (n: number) => void): Promise<ReadResult> {
  if (isDiskLocation(url)) {
    const fsName = 'node:fs/promises';
    try {
      const fs = (await import(/* @vite-ignore */ fsName)) as FsPromises;
      const b = await fs.readFile(/^file:/i.test(url) ? new URL(url) : url);
      onBytes?.(b.byteLength);
      return { bytes: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e), notFound: (e as { code?: string }).code === 'ENOENT' };
    }
  }
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    return { error: `network error: ${e instanceof Error ? e.message : String(e)}`, notFound: false };
  }
  if (!res.ok) return { error: `HTTP ${res.status}`, notFound: res.status === 404 };
  try {
    if (!res.body) {
      const b = new Uint8Array(await res.arrayBuffer());
      onBytes?.(b.byteLength);
      return { bytes: b };
    }
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onBytes?.(received);
    }
    const out = new Uint8Array(received);
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.byteLength; }
    return { bytes: out };
  } catch (e) {
    return { error: `the download broke off: ${e instanceof Error ? e.message : String(e)}`, notFound: false };
  }
}
