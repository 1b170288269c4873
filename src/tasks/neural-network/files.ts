/**
 * Reading and writing a neuralNetwork's files, the way ml5 does: in the browser files are downloaded
 * and read from URLs or from an `<input type="file">`; in Node they are written to and read from
 * disk (node:fs is imported only there, so browser bundles do not carry it).
 */
import { raise } from '../../errors/index.js';
import type { FileLike } from '../../nn/io/index.js';
import { readTaskFile, readTaskJSON } from '../core/files.js';

export { sibling } from '../core/files.js';

/** A source of one file: a URL or path, or a browser File. */
export type FileSource = string | FileLike;

const isNode = (): boolean => {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return !!p?.versions?.node && typeof (globalThis as { document?: unknown }).document === 'undefined';
};

interface NodeFs {
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  mkdir(path: string, options: { recursive: boolean }): Promise<unknown>;
}

async function nodeFs(): Promise<NodeFs> {
  const name = 'node:fs/promises'; // a variable specifier keeps bundlers from including node:fs
  return (await import(/* @vite-ignore */ name)) as NodeFs;
}

export const isFileLike = (x: unknown): x is FileLike =>
  !!x && typeof x === 'object' && typeof (x as FileLike).name === 'string' && typeof (x as FileLike).arrayBuffer === 'function';

/** The bytes of a file, from a path (Node), a URL or a File. */
export async function readBytes(src: FileSource): Promise<ArrayBuffer> {
  if (isFileLike(src)) return src.arrayBuffer();
  const b = (await readTaskFile(src, 'neuralNetwork'))!;
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** The JSON in a file (a path, a URL or a File). */
export async function readJSON(src: FileSource): Promise<unknown> {
  if (!isFileLike(src)) return readTaskJSON(src, 'neuralNetwork');
  const text = new TextDecoder().decode(await src.arrayBuffer());
  try {
    return JSON.parse(text);
  } catch (err) {
    return raise('nn.badFile', { where: src.name, reason: `it is not valid JSON (${(err as Error).message})` });
  }
}

/** One file to write. */
export interface OutFile {
  name: string;
  data: string | Uint8Array;
}

/** Writes files: to disk in Node (names may include folders), as downloads in a browser. */
export async function writeFiles(files: OutFile[]): Promise<void> {
  if (isNode()) {
    const fs = await nodeFs();
    for (const f of files) {
      const dir = f.name.replace(/[\\/][^\\/]*$/, '');
      if (dir !== f.name) await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(f.name, f.data);
    }
    return;
  }
  if (typeof document === 'undefined' || typeof URL?.createObjectURL !== 'function') raise('nn.cannotSave', { names: files.map((f) => f.name).join(', ') });
  for (const f of files) {
    const url = URL.createObjectURL(new Blob([f.data as BlobPart], { type: typeof f.data === 'string' ? 'application/json' : 'application/octet-stream' }));
    const link = document.createElement('a');
    link.download = f.name.split(/[\\/]/).pop()!;
    link.href = url;
    link.dispatchEvent(new MouseEvent('click'));
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
