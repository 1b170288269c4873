// Real TF.js layers-format models (MobileNet V1, Darknet-tiny, DoodleNet, CREPE, an ml5 save):
// Sprout loads them from files, URLs, Files and memory, and predicts what TensorFlow.js 4.22 predicts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { values, maxRelDiff } from './numeric-helpers.ts';
import { sharedDir, loadQuickdraw } from '../data/shared-data.mjs';
import { SproutError } from '../../src/errors/index.ts';
import { decodeWeights } from '../../src/nn/io/index.ts';
import { loadPhoto, rgbFloats } from '../data/images.mjs';

const SHARED = sharedDir();
const ZOO = SHARED ? path.join(SHARED, 'zoo-sources') : null;
const HAVE_ZOO = !!ZOO && fs.existsSync(path.join(ZOO, 'mobilenet_v1_0.25_224', 'model.json'));
if (!HAVE_ZOO) console.log('layers-models: skipped the real-model tests: ../shared/zoo-sources is not here (set SPROUT_SHARED to its parent folder)');
const zoo = (...p: string[]) => path.join(ZOO ?? '', ...p);

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
afterAll(() => tf.disposeVariables());



function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-4): void {
  const d = maxRelDiff(actual, expected);
  expect(d, `max difference ${d} of the output range`).toBeLessThan(tol);
}

/** TF.js artifacts read from a folder by hand (a custom IOHandler), independent of Sprout's loader. */
function tfHandler(dir: string, jsonName = 'model.json'): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(path.join(dir, jsonName), 'utf8'));
      const specs: tf.io.WeightsManifestEntry[] = [];
      const bufs: Buffer[] = [];
      for (const g of json.weightsManifest) {
        specs.push(...g.weights);
        for (const p of g.paths) bufs.push(fs.readFileSync(path.join(dir, p)));
      }
      const all = Buffer.concat(bufs);
      return {
        modelTopology: json.modelTopology, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
        weightSpecs: specs, weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

async function bothPredict(spModel: sp.LayersModel, tfModel: tf.LayersModel, x: Float32Array, shape: number[]): Promise<[Float32Array, Float32Array]> {
  const xs = sp.tensor(x, shape);
  const ys = spModel.predict(xs) as sp.Tensor;
  const a = (await ys.data()) as Float32Array;
  xs.dispose(); ys.dispose();
  const xt = tf.tensor(x, shape);
  const yt = tfModel.predict(xt) as tf.Tensor;
  const b = (await yt.data()) as Float32Array;
  xt.dispose(); yt.dispose();
  return [a, b];
}

const MODELS: { name: string; dir: string; shape: number[]; lo: number; hi: number; out: number[] }[] = [
  { name: 'MobileNet V1 0.25', dir: 'mobilenet_v1_0.25_224', shape: [1, 224, 224, 3], lo: -1, hi: 1, out: [1, 1000] },
  { name: 'MobileNet V1 0.75', dir: 'mobilenet_v1_0.75_224', shape: [1, 224, 224, 3], lo: -1, hi: 1, out: [1, 1000] },
  { name: 'Darknet-tiny', dir: 'darknet-tiny', shape: [1, 224, 224, 3], lo: 0, hi: 1, out: [1, 1000] },
  { name: 'DoodleNet', dir: 'doodlenet', shape: [2, 28, 28, 1], lo: 0, hi: 1, out: [2, 345] },
  { name: 'CREPE', dir: 'crepe', shape: [2, 1024], lo: -2, hi: 2, out: [2, 360] },
];


// ---- helpers: photos, labels, a local HTTP server, re-encoded weights -------------------------

/** A photo resized to size×size (bilinear) as RGB floats 0..255, laid out [size, size, 3]. */
function photoPixels(file: string, size: number): Float32Array {
  const img = loadPhoto(file);
  return sp.tidy(() => {
    const t = sp.tensor(rgbFloats(img), [img.height, img.width, 3]);
    return sp.image.resizeBilinear(t, [size, size]);
  }).dataSync() as Float32Array;
}

function argmax(a: ArrayLike<number>, from = 0, n = a.length): number {
  let best = from;
  for (let i = from; i < from + n; i++) if (a[i] > a[best]) best = i;
  return best - from;
}

/** Serves `root` on 127.0.0.1; `requests` records every path asked for. */
async function serve(root: string): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent((req.url ?? '/').split('?')[0]);
    requests.push(rel);
    const file = path.join(root, rel);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function readJSON(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** All weights of a model folder as float32 arrays, in manifest order. */
function readWeights(dir: string): { json: any; specs: any[]; arrays: Float32Array[] } {
  const json = readJSON(path.join(dir, 'model.json'));
  const specs: any[] = [];
  const bufs: Buffer[] = [];
  for (const g of json.weightsManifest) {
    specs.push(...g.weights);
    for (const p of g.paths) bufs.push(fs.readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(bufs);
  const f = new Float32Array(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength));
  const arrays: Float32Array[] = [];
  let off = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a: number, b: number) => a * b, 1);
    arrays.push(f.slice(off, off + n));
    off += n;
  }
  return { json, specs, arrays };
}

function toHalf(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const mant = x & 0x7fffff;
  if (exp <= 0) return sign | Math.round((mant | 0x800000) / 2 ** (14 - exp)) ; // subnormal (rounded)
  if (exp >= 31) return sign | 0x7c00;
  const h = sign | (exp << 10) | (mant >>> 13);
  return h + ((mant >>> 12) & 1); // round half up
}

function fromHalf(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, m = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (m / 1024);
  if (e === 31) return m ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + m / 1024);
}

/**
 * Re-encodes weights: weight i is float16 (i % 4 = 0), uint8 (1), uint16 (2) or float32 (3).
 * Returns the bytes, the manifest entries and the values a correct loader must produce.
 */
function reencode(specs: any[], arrays: Float32Array[]): { bytes: Uint8Array; specs: any[]; expected: Float32Array[]; bounds: number[] } {
  const parts: Uint8Array[] = [];
  const outSpecs: any[] = [];
  const expected: Float32Array[] = [];
  const bounds: number[] = [];
  let off = 0;
  arrays.forEach((a, i) => {
    const kind = i % 4;
    const spec: any = { name: specs[i].name, shape: specs[i].shape, dtype: 'float32' };
    const exp = new Float32Array(a.length);
    let part: Uint8Array;
    if (kind === 0) {
      const h = new Uint16Array(a.length);
      for (let j = 0; j < a.length; j++) { h[j] = toHalf(a[j]); exp[j] = fromHalf(h[j]); }
      spec.quantization = { dtype: 'float16' };
      part = new Uint8Array(h.buffer);
    } else if (kind === 1 || kind === 2) {
      const levels = kind === 1 ? 255 : 65535;
      let lo = Infinity, hi = -Infinity;
      for (const v of a) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      const scale = hi > lo ? (hi - lo) / levels : 1;
      const q = kind === 1 ? new Uint8Array(a.length) : new Uint16Array(a.length);
      for (let j = 0; j < a.length; j++) {
        q[j] = Math.max(0, Math.min(levels, Math.round((a[j] - lo) / scale)));
        exp[j] = Math.fround(q[j] * scale + lo);
      }
      spec.quantization = { dtype: kind === 1 ? 'uint8' : 'uint16', scale, min: lo };
      part = new Uint8Array(q.buffer);
    } else {
      exp.set(a);
      part = new Uint8Array(a.slice().buffer);
    }
    parts.push(part);
    outSpecs.push(spec);
    expected.push(exp);
    off += part.byteLength;
    bounds.push(off);
  });
  const bytes = new Uint8Array(off);
  let o = 0;
  for (const p of parts) { bytes.set(p, o); o += p.byteLength; }
  return { bytes, specs: outSpecs, expected, bounds };
}

const ab = (u: Uint8Array): ArrayBuffer => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

/** Expects `fn` to reject with a SproutError of `code` whose message contains every string of `parts`. */
async function expectSproutError(fn: () => Promise<unknown>, code: string, parts: string[]): Promise<SproutError> {
  let err: unknown;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'it should have thrown').toBeInstanceOf(SproutError);
  const e = err as SproutError;
  expect(e.code, e.message).toBe(code);
  for (const p of parts) expect(e.message).toContain(p);
  if (process.env.SHOW_ERRORS) console.log(e.message);
  return e;
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sprout-layers-models-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

/** A copy of a zoo model folder in the temp folder, with `edit` applied to its model.json. */
function copyModel(from: string, name: string, edit?: (json: any) => void): string {
  const dir = path.join(tmpRoot, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(from)) if (fs.statSync(path.join(from, f)).isFile()) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  if (edit) {
    const json = readJSON(path.join(dir, 'model.json'));
    edit(json);
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  }
  return dir;
}

// ---- the real models --------------------------------------------------------------------------

describe.skipIf(!HAVE_ZOO)('real layers models match TF.js', () => {
  for (const m of MODELS) {
    it(`${m.name}: loads from a path and predicts as TF.js on random inputs`, async () => {
      const model = await sp.loadLayersModel(zoo(m.dir, 'model.json'));
      const ref = await tf.loadLayersModel(tfHandler(zoo(m.dir)));
      const size = m.shape.reduce((a, b) => a * b, 1);
      const [a, b] = await bothPredict(model, ref, values(size, 7, m.lo, m.hi), m.shape);
      expect((model.outputs[0].shape as number[]).slice(1)).toEqual(m.out.slice(1));
      expect(a.length).toBe(m.out.reduce((x, y) => x * y, 1));
      expectClose(a, b);
      model.dispose();
      ref.dispose();
    });
  }

  const expected = HAVE_ZOO ? readJSON(path.join(SHARED!, 'test-images', 'EXPECTED.json')) : {};
  const photos = Object.keys(expected).filter((k) => expected[k].accept);
  const imagenet: string[] = HAVE_ZOO
    ? (fs.existsSync(zoo('mobilenet_v1_0.25_224', 'metadata.json')) ? readJSON(zoo('mobilenet_v1_0.25_224', 'metadata.json')).labels : readJSON(zoo('labels', 'imagenet-1000.json')))
    : [];
  const darknetLabels: string[] = HAVE_ZOO ? readJSON(zoo('labels', 'imagenet-1000-darknet-order.json')) : [];
  const accepted = (label: string, accept: string[]) => accept.includes(label.split(',')[0].trim());

  for (const [name, dir, scale, key, labels] of [
    ['MobileNet V1 0.25', 'mobilenet_v1_0.25_224', 'mobilenet', 'v1_025', () => imagenet],
    ['MobileNet V1 0.75', 'mobilenet_v1_0.75_224', 'mobilenet', '', () => imagenet],
    ['Darknet-tiny', 'darknet-tiny', 'darknet', 'dk', () => darknetLabels],
  ] as const) {
    it(`${name}: real photos give TF.js' outputs${key ? ' and accepted top-1 labels' : ''}`, async () => {
      const n = photos.length;
      const x = new Float32Array(n * 224 * 224 * 3);
      photos.forEach((p, i) => {
        const px = photoPixels(path.join(SHARED!, 'test-images', p), 224);
        for (let j = 0; j < px.length; j++) x[i * px.length + j] = scale === 'mobilenet' ? px[j] / 127.5 - 1 : px[j] / 255;
      });
      const model = await sp.loadLayersModel(zoo(dir, 'model.json'));
      const ref = await tf.loadLayersModel(tfHandler(zoo(dir)));
      const [a, b] = await bothPredict(model, ref, x, [n, 224, 224, 3]);
      model.dispose();
      ref.dispose();
      const lines: string[] = [];
      photos.forEach((p, i) => {
        expectClose(a.subarray(i * 1000, (i + 1) * 1000), b.subarray(i * 1000, (i + 1) * 1000));
        const top = argmax(a, i * 1000, 1000);
        expect(top, `${p}: Sprout and TF.js top-1`).toBe(argmax(b, i * 1000, 1000));
        const label = labels()[top];
        lines.push(`${p}: ${label.split(',')[0]} ${scale === 'darknet' ? `(logit ${a[i * 1000 + top].toFixed(2)})` : `${(a[i * 1000 + top] * 100).toFixed(1)}%`}`);
        if (key && expected[p][key]) expect(accepted(label, expected[p].accept), `${p}: top-1 '${label}' should be one of ${expected[p].accept.join(' / ')}`).toBe(true);
      });
      console.log(`${name} top-1:\n  ${lines.join('\n  ')}`);
    });
  }

  it('MobileNet V1 0.25 cut at conv_pw_13_relu gives [1,7,7,256] as TF.js does', async () => {
    const m = await sp.loadLayersModel(zoo('mobilenet_v1_0.25_224', 'model.json'));
    const r = await tf.loadLayersModel(tfHandler(zoo('mobilenet_v1_0.25_224')));
    const cut = sp.model({ inputs: m.inputs, outputs: m.getLayer('conv_pw_13_relu').output as sp.SymbolicTensor });
    const tcut = tf.model({ inputs: r.inputs, outputs: r.getLayer('conv_pw_13_relu').output as tf.SymbolicTensor });
    const x = values(224 * 224 * 3, 11);
    const xs = sp.tensor(x, [1, 224, 224, 3]);
    const y = cut.predict(xs) as sp.Tensor;
    expect(y.shape).toEqual([1, 7, 7, 256]);
    const xt = tf.tensor(x, [1, 224, 224, 3]);
    const yt = tcut.predict(xt) as tf.Tensor;
    expect(yt.shape).toEqual([1, 7, 7, 256]);
    expectClose(await y.data(), await yt.data());
    sp.dispose([xs, y]);
    tf.dispose([xt, yt]);
    cut.dispose();
    m.dispose();
    r.dispose();
  });

  it('DoodleNet on real QuickDraw doodles and CREPE on a 440 Hz tone match TF.js', async () => {
    const qd = loadQuickdraw(4);
    if (!qd) {
      console.log('skipped the doodles: ../shared/datasets/quickdraw-3-classes is not here');
    } else {
      const model = await sp.loadLayersModel(zoo('doodlenet', 'model.json'));
      const ref = await tf.loadLayersModel(tfHandler(zoo('doodlenet')));
      const [a, b] = await bothPredict(model, ref, qd.x, [qd.n, 28, 28, 1]);
      const names = fs.readFileSync(zoo('doodlenet', 'class_names.txt'), 'utf8').split(/\r?\n/).filter(Boolean);
      const tops: string[] = [];
      for (let i = 0; i < qd.n; i++) {
        expectClose(a.subarray(i * 345, (i + 1) * 345), b.subarray(i * 345, (i + 1) * 345));
        tops.push(`${qd.classes[qd.y[i]]}→${names[argmax(a, i * 345, 345)]}`);
      }
      console.log(`DoodleNet: ${tops.join(', ')}`);
      model.dispose();
      ref.dispose();
    }
    const tone = new Float32Array(1024);
    for (let i = 0; i < 1024; i++) tone[i] = Math.sin((2 * Math.PI * 440 * i) / 16000);
    const mean = tone.reduce((s, v) => s + v, 0) / 1024;
    const std = Math.sqrt(tone.reduce((s, v) => s + (v - mean) ** 2, 0) / 1024);
    const norm = tone.map((v) => (v - mean) / std);
    const model = await sp.loadLayersModel(zoo('crepe', 'model.json'));
    const ref = await tf.loadLayersModel(tfHandler(zoo('crepe')));
    const [a, b] = await bothPredict(model, ref, norm, [1, 1024]);
    expectClose(a, b);
    const hz = 10 * 2 ** ((1997.3794084376191 + 20 * argmax(a)) / 1200);
    console.log(`CREPE: 440 Hz tone → ${hz.toFixed(1)} Hz`);
    expect(Math.abs(1200 * Math.log2(hz / 440))).toBeLessThan(50);
    model.dispose();
    ref.dispose();
  });

  it('the ml5 neuralNetwork save (model.json + model.weights.bin) loads and predicts as TF.js', async () => {
    const dir = zoo('ml5-neuralnetwork-save-example');
    const model = await sp.loadLayersModel(path.join(dir, 'model.json'));
    const ref = await tf.loadLayersModel(tfHandler(dir));
    const [a, b] = await bothPredict(model, ref, values(5 * 3, 3, 0, 1), [5, 3]);
    expect(a.length).toBe(5 * 9);
    expectClose(a, b);
    for (let i = 0; i < 5; i++) expect(a.subarray(i * 9, i * 9 + 9).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 4);
    model.dispose();
    ref.dispose();
  });
});

// ---- where models come from ---------------------------------------------------------------------

describe.skipIf(!HAVE_ZOO)('sources: URL, file:// URL, Files, artifacts', () => {
  const x = values(3 * 1024, 5, -2, 2);
  let refOut: Float32Array;
  beforeAll(async () => {
    const ref = await tf.loadLayersModel(tfHandler(zoo('crepe')));
    const yt = ref.predict(tf.tensor(x, [3, 1024])) as tf.Tensor;
    refOut = (await yt.data()) as Float32Array;
    ref.dispose();
  });
  const check = async (m: sp.LayersModel) => {
    const y = m.predict(sp.tensor(x, [3, 1024])) as sp.Tensor;
    expectClose(await y.data(), refOut);
    m.dispose();
  };

  it('an http:// URL (13 weight files), reporting progress up to 1', async () => {
    const server = await serve(ZOO!);
    try {
      const seen: number[] = [];
      const m = await sp.loadLayersModel(`${server.url}/crepe/model.json`, { onProgress: (f) => seen.push(f) });
      expect(server.requests.filter((r) => r.startsWith('/crepe/group')).length).toBe(13);
      expect(seen.length).toBeGreaterThan(2);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
      expect(seen[0]).toBeGreaterThanOrEqual(0);
      expect(seen[seen.length - 1]).toBe(1);
      await check(m);
    } finally {
      await server.close();
    }
  });

  it('a file:// URL and a folder path', async () => {
    await check(await sp.loadLayersModel(pathToFileURL(zoo('crepe', 'model.json')).href));
    await check(await sp.loadLayersModel(zoo('crepe')));
  });

  it('Files: a list with model.json and its shards, { json, weights }, and a FileList', async () => {
    const dir = zoo('crepe');
    const files = fs.readdirSync(dir).map((f) => new File([fs.readFileSync(path.join(dir, f))], f));
    const seen: number[] = [];
    await check(await sp.loadLayersModel(files, { onProgress: (f) => seen.push(f) }));
    expect(seen[seen.length - 1]).toBe(1);
    const json = files.find((f) => f.name === 'model.json')!;
    await check(await sp.loadLayersModel({ json, weights: files.filter((f) => f !== json) }));
    const fileList = { length: files.length, item: (i: number) => files[i] ?? null };
    await check(await sp.loadLayersModel(fileList));
    await check(await sp.loadLayersModel(sp.io.browserFiles(files)));
  });

  it('in-memory artifacts { modelTopology, weightSpecs, weightData }', async () => {
    const a = await tfHandler(zoo('crepe')).load!();
    await check(await sp.loadLayersModel({ modelTopology: a.modelTopology as Record<string, unknown>, weightSpecs: a.weightSpecs as never, weightData: a.weightData as ArrayBuffer }));
  });
});

// ---- weight encodings and shards ---------------------------------------------------------------

describe.skipIf(!HAVE_ZOO)('float16, uint8, uint16 weights and weights across shard boundaries', () => {
  it('CREPE re-encoded (float16 / uint8 / uint16 / float32) in 3 shards loads to the right values and predicts as TF.js', async () => {
    const { json, specs, arrays } = readWeights(zoo('crepe'));
    const enc = reencode(specs, arrays);
    // Three shards cut at odd offsets, each inside a weight (so a weight crosses each boundary).
    const cuts = [Math.floor(enc.bytes.length / 3) + 1, Math.floor((2 * enc.bytes.length) / 3) + 3];
    for (const c of cuts) expect(enc.bounds.includes(c), 'a cut inside a weight').toBe(false);
    const shards = [enc.bytes.slice(0, cuts[0]), enc.bytes.slice(cuts[0], cuts[1]), enc.bytes.slice(cuts[1])];
    const dir = path.join(tmpRoot, 'crepe-quantized');
    fs.mkdirSync(dir, { recursive: true });
    const names = ['group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin'];
    shards.forEach((b, i) => fs.writeFileSync(path.join(dir, names[i]), b));
    const qjson = { ...json, weightsManifest: [{ paths: names, weights: enc.specs }] };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(qjson));

    const model = await sp.loadLayersModel(path.join(dir, 'model.json'));
    const byName = new Map(model.weights.map((w) => [w.originalName, w]));
    enc.specs.forEach((spec, i) => {
      const w = byName.get(spec.name)!;
      expect(w, spec.name).toBeDefined();
      const got = w.read().dataSync();
      expect(got.length).toBe(enc.expected[i].length);
      let worst = 0, range = 1;
      for (let j = 0; j < got.length; j++) {
        worst = Math.max(worst, Math.abs(got[j] - enc.expected[i][j]));
        range = Math.max(range, Math.abs(enc.expected[i][j]));
      }
      expect(worst, `${spec.name} (${spec.quantization?.dtype ?? 'float32'})`).toBeLessThanOrEqual(1e-6 * range);
    });
    // The same bytes as in-memory shards, and TF.js reading the same quantized manifest.
    const mem = await sp.loadLayersModel({ modelTopology: json.modelTopology, weightSpecs: enc.specs, weightData: shards.map(ab) });
    const ref = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: enc.specs, weightData: ab(enc.bytes) }));
    const x = values(2 * 1024, 9, -2, 2);
    const [a, b] = await bothPredict(model, ref, x, [2, 1024]);
    expectClose(a, b);
    const [c] = await bothPredict(mem, ref, x, [2, 1024]);
    expectClose(c, b);
    model.dispose();
    mem.dispose();
    ref.dispose();
  });

  it('int32 weights, plain and uint8-quantized, and float16 as a dtype', () => {
    const ints = new Int32Array([-3, 0, 7, 123456]);
    const q = new Uint8Array([0, 1, 2, 255]);
    const h = new Uint16Array([toHalf(1.5), toHalf(-0.25)]);
    const data = new Uint8Array(16 + 4 + 4);
    data.set(new Uint8Array(ints.buffer), 0);
    data.set(q, 16);
    data.set(new Uint8Array(h.buffer), 20);
    const out = decodeWeights(data.buffer, [
      { name: 'a', shape: [4], dtype: 'int32' },
      { name: 'b', shape: [2, 2], dtype: 'int32', quantization: { dtype: 'uint8', scale: 2, min: -1 } },
      { name: 'c', shape: [2], dtype: 'float16' as never },
    ]);
    expect(out.get('a')!.dtype).toBe('int32');
    expect(Array.from(out.get('a')!.dataSync())).toEqual([-3, 0, 7, 123456]);
    expect(out.get('b')!.dtype).toBe('int32');
    expect(Array.from(out.get('b')!.dataSync())).toEqual([-1, 1, 3, 509]);
    expect(Array.from(out.get('c')!.dataSync())).toEqual([1.5, -0.25]);
    for (const t of out.values()) t.dispose();
  });
});

// ---- damaged and hostile files -----------------------------------------------------------------

describe.skipIf(!HAVE_ZOO)('damaged files give clear errors naming the file and the field', () => {
  const ML5 = HAVE_ZOO ? zoo('ml5-neuralnetwork-save-example') : '';
  const WEIGHTS = 'model.weights.bin';

  it('malformed JSON', async () => {
    const dir = copyModel(ML5, 'bad-json');
    fs.writeFileSync(path.join(dir, 'model.json'), '{"modelTopology": {"class_name": "Sequential", ');
    await expectSproutError(() => sp.loadLayersModel(path.join(dir, 'model.json')), 'io.badJSON', [path.join(dir, 'model.json'), 'not valid JSON']);
    const json = new File(['{ nope'], 'model.json');
    await expectSproutError(() => sp.loadLayersModel([json]), 'io.badJSON', ['model.json']);
  });

  it('a missing shard (file, URL and Files)', async () => {
    const dir = copyModel(ML5, 'missing-shard');
    fs.rmSync(path.join(dir, WEIGHTS));
    await expectSproutError(() => sp.loadLayersModel(path.join(dir, 'model.json')), 'io.missingShard', [WEIGHTS, 'weightsManifest[0].paths[0]', path.join(dir, 'model.json')]);
    const server = await serve(tmpRoot);
    try {
      await expectSproutError(() => sp.loadLayersModel(`${server.url}/missing-shard/model.json`), 'io.missingShard', [WEIGHTS, 'weightsManifest[0].paths[0]', '404']);
    } finally {
      await server.close();
    }
    const json = new File([fs.readFileSync(path.join(dir, 'model.json'))], 'model.json');
    await expectSproutError(() => sp.loadLayersModel([json]), 'io.missingShard', [WEIGHTS, 'weightsManifest[0].paths[0]', 'model.json']);
  });

  it('a shard shorter or longer than its manifest says', async () => {
    const bytes = fs.readFileSync(path.join(ML5, WEIGHTS));
    const short = copyModel(ML5, 'short-shard');
    fs.writeFileSync(path.join(short, WEIGHTS), bytes.subarray(0, bytes.length - 4));
    await expectSproutError(() => sp.loadLayersModel(path.join(short, 'model.json')), 'io.shardSize', [WEIGHTS, 'weightsManifest[0]', `${bytes.length - 4} bytes`, `${bytes.length} bytes`, 'short']);
    const long = copyModel(ML5, 'long-shard');
    fs.writeFileSync(path.join(long, WEIGHTS), Buffer.concat([bytes, Buffer.alloc(8)]));
    await expectSproutError(() => sp.loadLayersModel(path.join(long, 'model.json')), 'io.shardSize', [WEIGHTS, 'weightsManifest[0]', `${bytes.length + 8} bytes`, 'too long']);
    // In memory too (longer in-memory data is allowed, as in TF.js).
    const a = await tfHandler(ML5).load!();
    await expectSproutError(
      () => sp.loadLayersModel({ modelTopology: a.modelTopology as never, weightSpecs: a.weightSpecs as never, weightData: (a.weightData as ArrayBuffer).slice(0, 100) }),
      'io.weightDataTooShort', ['weight data ends before weight'],
    );
  });

  it('an unknown dtype and a bad quantization', async () => {
    const dir = copyModel(ML5, 'bad-dtype', (j) => { j.weightsManifest[0].weights[1].dtype = 'float64'; });
    await expectSproutError(() => sp.loadLayersModel(path.join(dir, 'model.json')), 'io.badManifest', [path.join(dir, 'model.json'), 'weightsManifest[0].weights[1].dtype', 'float64']);
    const q = copyModel(ML5, 'bad-quant', (j) => { j.weightsManifest[0].weights[2].quantization = { dtype: 'int4', scale: 1, min: 0 }; });
    await expectSproutError(() => sp.loadLayersModel(path.join(q, 'model.json')), 'io.badManifest', ['weightsManifest[0].weights[2].quantization.dtype', 'int4']);
  });

  it('a declared shape so large it would exhaust memory is rejected before reading or allocating', async () => {
    const dir = copyModel(ML5, 'huge-shape', (j) => { j.weightsManifest[0].weights[0].shape = [100000, 100000, 100000]; });
    const server = await serve(tmpRoot);
    try {
      const t0 = performance.now();
      await expectSproutError(() => sp.loadLayersModel(`${server.url}/huge-shape/model.json`), 'io.weightTooLarge', ['huge-shape/model.json', 'weightsManifest[0].weights[0].shape', '100000,100000,100000']);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(server.requests.some((r) => r.endsWith(WEIGHTS)), 'no weight file was fetched').toBe(false);
    } finally {
      await server.close();
    }
    const neg = copyModel(ML5, 'negative-shape', (j) => { j.weightsManifest[0].weights[3].shape = [-9]; });
    await expectSproutError(() => sp.loadLayersModel(path.join(neg, 'model.json')), 'io.badManifest', ['weightsManifest[0].weights[3].shape']);
    const a = await tfHandler(ML5).load!();
    const specs = (a.weightSpecs as any[]).map((s) => ({ ...s }));
    specs[0].shape = [2 ** 20, 2 ** 20];
    await expectSproutError(() => sp.loadLayersModel({ modelTopology: a.modelTopology as never, weightSpecs: specs, weightData: a.weightData }), 'io.weightTooLarge', ['weightSpecs[0].shape']);
  });

  it('unknown layer classes: one error listing every one', async () => {
    const dir = copyModel(ML5, 'unknown-layers', (j) => {
      j.modelTopology.config[0].class_name = 'FancyDense';
      j.modelTopology.config[1].class_name = 'MysteryNorm';
    });
    const e = await expectSproutError(() => sp.loadLayersModel(path.join(dir, 'model.json')), 'io.unknownLayers', [
      path.join(dir, 'model.json'), 'FancyDense', 'MysteryNorm', 'modelTopology.config[0]', 'modelTopology.config[1]', 'Dense',
    ]);
    expect(e.message.match(/FancyDense/g)!.length).toBeGreaterThanOrEqual(1);
  });
});

// ---- timings --------------------------------------------------------------------------------------

describe.skipIf(!HAVE_ZOO)('timing', () => {
  it('MobileNet V1 0.25: load time and warm inference, Sprout vs TF.js cpu', async () => {
    const median = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];
    const file = zoo('mobilenet_v1_0.25_224', 'model.json');
    const x = values(224 * 224 * 3, 13);
    const spLoad: number[] = [], tfLoad: number[] = [], spRun: number[] = [], tfRun: number[] = [];
    for (let k = 0; k < 3; k++) {
      let t = performance.now();
      const m = await sp.loadLayersModel(file);
      spLoad.push(performance.now() - t);
      t = performance.now();
      const r = await tf.loadLayersModel(tfHandler(zoo('mobilenet_v1_0.25_224')));
      tfLoad.push(performance.now() - t);
      if (k === 2) {
        const xs = sp.tensor(x, [1, 224, 224, 3]);
        const xt = tf.tensor(x, [1, 224, 224, 3]);
        for (let i = 0; i < 12; i++) {
          t = performance.now();
          const y = m.predict(xs) as sp.Tensor;
          await y.data();
          if (i >= 2) spRun.push(performance.now() - t);
          y.dispose();
          t = performance.now();
          const yt = r.predict(xt) as tf.Tensor;
          await yt.data();
          if (i >= 2) tfRun.push(performance.now() - t);
          yt.dispose();
        }
        xs.dispose();
        xt.dispose();
      }
      m.dispose();
      r.dispose();
    }
    const f = (v: number) => `${v.toFixed(1)} ms`;
    console.log(
      `MobileNet V1 0.25 (Node ${process.version}, median): load Sprout ${f(median(spLoad))} vs TF.js ${f(median(tfLoad))}; ` +
      `warm inference (batch 1, 224×224) Sprout ${f(median(spRun))} vs TF.js cpu ${f(median(tfRun))}`,
    );
    expect(spRun.length).toBe(10);
  });
});
