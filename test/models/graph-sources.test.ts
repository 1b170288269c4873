// @vitest-environment happy-dom
// loadGraphModel (and loadModel) from every source form: a file path, a file:// URL, browser Files
// (an array, a FileList, { json, weights }), { json: <object>, weights: <bytes> } and in-memory
// artifacts, with progress; a shard missing among the Files is an error naming it. Every form
// must give the model loaded from its path (itself checked against TF.js in graph-model.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as sp from '../../src/index.ts';
import { GraphModel, loadGraphModel, loadModel } from '../../src/models/index.ts';
import { LayersModel } from '../../src/nn/index.ts';
import { sharedDir } from '../data/shared-data.mjs';

const SHARED = sharedDir();
const DIR = SHARED ? path.join(SHARED, 'zoo-sources', 'mobilenet_v1_0.25_224', 'graph') : '';
const HAVE = !!SHARED && fs.existsSync(path.join(DIR, 'model.json'));
const WHY = 'skipped: the MobileNet V1 0.25 graph files (../shared/zoo-sources/mobilenet_v1_0.25_224/graph) are not here (set SPROUT_SHARED to their parent folder)';
if (!HAVE) console.log(`graph-sources: ${WHY}`);

const JSON_FILE = path.join(DIR, 'model.json');
const shardNames = (): string[] => (HAVE ? JSON.parse(fs.readFileSync(JSON_FILE, 'utf8')).weightsManifest.flatMap((g: { paths: string[] }) => g.paths) : []);
/** model.json and its shards as browser Files. */
const files = (): File[] => ['model.json', ...shardNames()].map((n) => new File([fs.readFileSync(path.join(DIR, n))], n));

let x: sp.Tensor;
let expected: Float32Array;

beforeAll(async () => {
  await sp.setBackend('cpu');
  if (!HAVE) return;
  const v = new Float32Array(224 * 224 * 3);
  for (let i = 0; i < v.length; i++) v[i] = Math.sin(i * 0.37) * 0.9;
  x = sp.tensor(v, [1, 224, 224, 3]);
  const ref = await loadGraphModel(JSON_FILE);
  const y = ref.predict(x) as sp.Tensor;
  expected = y.dataSync() as Float32Array;
  y.dispose();
  ref.dispose();
});

/** The model's output on x equals the path-loaded model's, exactly (same weights, same plan). */
function check(m: GraphModel): void {
  expect(m).toBeInstanceOf(GraphModel);
  const y = m.predict(x) as sp.Tensor;
  expect(y.shape).toEqual([1, expected.length]);
  expect(Array.from(y.dataSync())).toEqual(Array.from(expected));
  y.dispose();
  m.dispose();
}

/** Progress fractions: within [0, 1], never decreasing, ending at 1. */
function checkProgress(seen: number[]): void {
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]))).toBe(true);
  expect(seen[seen.length - 1]).toBe(1);
}

describe('loadGraphModel source forms', () => {
  it.skipIf(!HAVE)('a file path and a file:// URL, with progress', async () => {
    const seen: number[] = [];
    check(await loadGraphModel(JSON_FILE, { onProgress: (f) => seen.push(f) }));
    checkProgress(seen);
    check(await loadGraphModel(pathToFileURL(JSON_FILE).href));
  }, 60_000);

  it.skipIf(!HAVE)('Files: an array, a FileList, { json, weights } (a list or one File), with progress', async () => {
    const fs1 = files();
    const seen: number[] = [];
    check(await loadGraphModel(fs1, { onProgress: (f) => seen.push(f) }));
    checkProgress(seen);
    expect(seen.some((f) => f > 0 && f < 1), 'progress while the shards are read').toBe(true);
    // Any order, and model.json under another name.
    const renamed = [...fs1.slice(1), new File([fs.readFileSync(JSON_FILE)], 'mobilenet.json')];
    check(await loadGraphModel(renamed));
    const list = { length: fs1.length, item: (i: number) => fs1[i] ?? null };
    check(await loadGraphModel(list));
    const [json, ...weights] = fs1;
    check(await loadGraphModel({ json, weights }));
    if (weights.length === 1) check(await loadGraphModel({ json, weights: weights[0] }));
  }, 60_000);

  it.skipIf(!HAVE)('{ json: <parsed model.json>, weights: <shard bytes> } and in-memory artifacts', async () => {
    const json = JSON.parse(fs.readFileSync(JSON_FILE, 'utf8'));
    const bytes = shardNames().map((n) => new Uint8Array(fs.readFileSync(path.join(DIR, n))));
    const seen: number[] = [];
    check(await loadGraphModel({ json, weights: bytes.map((b) => b.slice().buffer) }, { onProgress: (f) => seen.push(f) }));
    checkProgress(seen);
    const all = new Uint8Array(bytes.reduce((n, b) => n + b.byteLength, 0));
    let at = 0;
    for (const b of bytes) { all.set(b, at); at += b.byteLength; }
    check(await loadGraphModel({ json, weights: all }));
    const specs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
    check(await loadGraphModel({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: all.buffer }));
  }, 60_000);

  it.skipIf(!HAVE)('a shard missing among the Files: an error naming the shard and model.json', async () => {
    const [json] = files();
    const err = await loadGraphModel([json]).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(sp.SproutError);
    for (const name of shardNames()) expect(err!.message).toContain(name);
    expect(err!.message).toContain('model.json');
    // The shard given under another name is not taken for it.
    const wrong = new File([fs.readFileSync(path.join(DIR, shardNames()[0]))], 'weights.bin');
    const err2 = await loadGraphModel({ json, weights: [wrong] }).then(() => null, (e: Error) => e);
    expect(err2!.message).toContain(shardNames()[0]);
    expect(err2!.message).toContain('weights.bin');
  });

  it.skipIf(!HAVE)('{ json, weights } with bytes of the wrong length: an error naming the manifest field', async () => {
    const json = JSON.parse(fs.readFileSync(JSON_FILE, 'utf8'));
    const err = await loadGraphModel({ json, weights: new Uint8Array(100) }).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(sp.SproutError);
    expect(err!.message).toMatch(/weight/i);
  });
});

describe('loadModel detects the format of Files', () => {
  it.skipIf(!HAVE)('graph-model Files and { json, weights } → GraphModel; layers-model Files → LayersModel', async () => {
    check((await loadModel(files())) as GraphModel);
    const json = JSON.parse(fs.readFileSync(JSON_FILE, 'utf8'));
    const bytes = shardNames().map((n) => fs.readFileSync(path.join(DIR, n)));
    check((await loadModel({ json, weights: bytes.map((b) => new Uint8Array(b)) as never })) as GraphModel);

    const ldir = path.dirname(DIR);
    const layerFiles = fs.readdirSync(ldir).filter((n) => n === 'model.json' || n.startsWith('group')).map((n) => new File([fs.readFileSync(path.join(ldir, n))], n));
    const seen: number[] = [];
    const lm = await loadModel(layerFiles, { onProgress: (f) => seen.push(f) });
    expect(lm).toBeInstanceOf(LayersModel);
    checkProgress(seen);
    const y = (lm as LayersModel).predict(x) as sp.Tensor;
    expect(y.shape).toEqual([1, 1000]);
    y.dispose();
    (lm as LayersModel).dispose();
  }, 60_000);

  it.skipIf(!HAVE)('a model.json File that does not parse: an error naming it', async () => {
    const bad = new File(['{ not json'], 'model.json');
    const err = await loadModel([bad]).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(sp.SproutError);
    expect(err!.message).toContain('model.json');
  });
});
