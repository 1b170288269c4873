// Model benchmarks: load time, cold first inference and warm inference of whole models.
//
// - MobileNet V1 0.25 224 as a TF.js graph model (../shared/zoo-sources/mobilenet_v1_0.25_224/graph):
//   the same model.json and shard for both libraries; Sprout CPU (optimized, and with
//   { optimize: false }) vs TF.js cpu and wasm. TF.js reads the files through an IOHandler that
//   reads them from disk, as Sprout does.
// - MobileNet V2 1.0 224: Sprout runs the TFLite file (mobilenet_v2_1.0_224_quant.tflite, float32
//   with dequantized weights). TF.js 4.22 has no TFLite runtime here, so there is no TF.js number
//   for V2 (the table says so).
// - MobileNet V1 0.25 224 as a TF.js layers model: Sprout's predict (the compiled plan) vs the same
//   model run layer by layer vs TF.js cpu.
//
// Load = reading the files and building the model. Cold = the first predict (with reading the
// result) on a freshly loaded model, after one untimed load + predict of the same model so that
// one-time process costs (JIT, backend start) do not land on whichever row runs first. Warm =
// median of repeated predicts after warm-up.
import fs from 'node:fs';
import path from 'node:path';
import { sharedDir } from '../../test/data/shared-data.mjs';
import { median, ms, ratio, time } from '../harness.mjs';
import { withTf } from '../libs.mjs';
import { detectionRows } from './detection-models.mjs';

function rand(n, seed) {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 32;
  }
  return a;
}

/** A TF.js IOHandler reading model.json and its shards from disk. */
function tfFileHandler(file) {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      const dir = path.dirname(file);
      const specs = json.weightsManifest.flatMap((g) => g.weights);
      const buf = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p)))));
      return {
        modelTopology: json.modelTopology, format: json.format, signature: json.signature, weightSpecs: specs,
        weightData: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
      };
    },
  };
}

/**
 * Times one library on one model: `load()` gives a model with `predict(x)` and `dispose()`;
 * `makeInput(L)` gives its input. Returns { loadMs, coldMs, warmMs } (medians).
 */
async function measure(L, load, shape, reps = 3) {
  const data = rand(shape.reduce((a, b) => a * b, 1), 7);
  const loads = [];
  const colds = [];
  // One untimed load and predict first, so that every row pays the process's one-time costs
  // (JIT compilation, backend start) outside its numbers, whichever row runs first.
  {
    const model = await load();
    const x = L.tensor(data, shape);
    const y = model.predict(x);
    y.dataSync();
    L.dispose([x, y]);
    model.dispose();
  }
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const model = await load();
    loads.push(performance.now() - t0);
    const x = L.tensor(data, shape);
    const t1 = performance.now();
    const y = model.predict(x);
    y.dataSync();
    colds.push(performance.now() - t1);
    y.dispose();
    x.dispose();
    if (r < reps - 1) model.dispose();
    else {
      const xw = L.tensor(data, shape);
      const warmMs = await time(() => {
        const out = model.predict(xw);
        out.dataSync();
        out.dispose();
      }, { warmup: 2, minRuns: 5, maxRuns: 20, minTimeMs: 1500 });
      xw.dispose();
      model.dispose();
      return { loadMs: median(loads), coldMs: median(colds), warmMs };
    }
  }
  throw new Error('unreachable');
}

export async function modelsSuite({ sprout, tf }) {
  const shared = sharedDir();
  const title = 'Models (load, cold and warm inference)';
  if (!shared) return { title, rows: [], markdown: 'skipped: ../shared is not here (set SPROUT_SHARED to its folder to run it)' };
  if (typeof sprout.loadGraphModel !== 'function') {
    throw new Error('models suite: this Sprout build does not export loadGraphModel (add it to src/index.ts and rebuild)');
  }
  const v1 = path.join(shared, 'zoo-sources/mobilenet_v1_0.25_224/graph/model.json');
  const v2 = path.join(shared, 'zoo-sources/tflite/mobilenet_v2_1.0_224_quant.tflite');
  const rows = [];
  const log = (r) => console.log(`  ${r.model} — ${r.lib}: load ${ms(r.loadMs)} ms, cold ${ms(r.coldMs)} ms, warm ${ms(r.warmMs)} ms`);

  const add = (model, lib, m) => {
    const r = { model, lib, ...m };
    rows.push(r);
    log(r);
  };
  const shape = [1, 224, 224, 3];
  add('MobileNet V1 0.25 (graph model)', 'Sprout CPU', await measure(sprout, () => sprout.loadGraphModel(v1), shape));
  add('MobileNet V1 0.25 (graph model)', 'Sprout CPU, { optimize: false }', await measure(sprout, () => sprout.loadGraphModel(v1, { optimize: false }), shape));
  for (const backend of ['cpu', 'wasm']) {
    await withTf(tf, backend);
    add('MobileNet V1 0.25 (graph model)', `TF.js ${backend}`, await measure(tf, () => tf.loadGraphModel(tfFileHandler(v1)), shape));
  }
  await withTf(tf, 'cpu');
  if (fs.existsSync(v2)) add('MobileNet V2 1.0 (TFLite file)', 'Sprout CPU', await measure(sprout, () => sprout.loadTFLiteModel(v2), shape));
  // The layers model: predict through the compiled plan (compiled on the first predict, so cold
  // includes it), the same model layer by layer (what predict did before), and TF.js cpu.
  const l1 = path.join(shared, 'zoo-sources/mobilenet_v1_0.25_224/model.json');
  const layered = async () => {
    const m = await sprout.loadLayersModel(l1);
    return { predict: (x) => sprout.tidy(() => m.execute([x], false)[0]), dispose: () => m.dispose() };
  };
  add('MobileNet V1 0.25 (layers model)', 'Sprout CPU', await measure(sprout, () => sprout.loadLayersModel(l1), shape));
  add('MobileNet V1 0.25 (layers model)', 'Sprout CPU, layer by layer', await measure(sprout, layered, shape));
  add('MobileNet V1 0.25 (layers model)', 'TF.js cpu', await measure(tf, () => tf.loadLayersModel(tfFileHandler(l1)), shape));
  const detectionNote = await detectionRows({ sprout, tf }, add);

  const base = (model, lib) => rows.find((r) => r.model === model && r.lib === lib);
  const lines = [
    '| model | library | load (ms) | cold first inference (ms) | warm inference (ms) | warm: Sprout / this |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const s = base(r.model, 'Sprout CPU');
      return `| ${r.model} | ${r.lib} | ${ms(r.loadMs)} | ${ms(r.coldMs)} | ${ms(r.warmMs)} | ${s && r !== s ? ratio(s.warmMs, r.warmMs) : ''} |`;
    }),
    '| MobileNet V2 1.0 (TFLite file) | TF.js cpu / wasm | — | — | — | no TFLite runtime in TF.js here: not comparable |',
    '',
    'MobileNet V1 0.25: the same model.json and weight shard for both libraries (TF.js reads them through an IOHandler from disk). '
      + 'Load includes reading the files (and, for Sprout, translation and the compiler passes); cold is the first predict on a freshly loaded model (median of 3 loads, after one untimed load + predict so one-time process costs such as JIT are excluded); warm is the median after warm-up. '
      + 'MobileNet V2 1.0 runs in Sprout from the quantized TFLite file (weights dequantized to float32); TF.js 4.22 cannot read TFLite files, so V2 has no TF.js numbers.',
    '',
    detectionNote,
  ];
  return { title, rows, markdown: lines.join('\n') };
}
