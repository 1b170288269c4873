// Training benchmark: one epoch of the doodle convnet and of the iris MLP, Sprout CPU vs TF.js cpu,
// with the same architecture, data, batch size and optimizer (the two APIs are the same).
import { loadIris, loadQuickdraw, SHARED_MISSING } from '../../test/data/shared-data.mjs';
import { ms, ratio, time } from '../harness.mjs';
import { withTf } from '../libs.mjs';

/** The convnet of the doodle proof test: 28×28×1 → 3 classes. */
export function doodleConvnet(L, seed = 1) {
  const init = (s) => L.initializers.glorotUniform({ seed: seed + s });
  return L.sequential({
    layers: [
      L.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }),
      L.layers.maxPooling2d({ poolSize: 2 }),
      L.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }),
      L.layers.maxPooling2d({ poolSize: 2 }),
      L.layers.flatten(),
      L.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
}

/** The MLP of the iris proof test: 4 → 16 → 3. */
export function irisMlp(L, seed = 1) {
  const init = (s) => L.initializers.glorotUniform({ seed: seed + s });
  return L.sequential({
    layers: [
      L.layers.dense({ inputShape: [4], units: 16, activation: 'relu', kernelInitializer: init(1) }),
      L.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(2) }),
    ],
  });
}

async function oneEpoch(L, build, xData, xShape, labels, classes, batchSize) {
  const model = build(L);
  model.compile({ optimizer: L.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = L.tensor(xData, xShape);
  const ys = L.oneHot(L.tensor(Int32Array.from(labels), [labels.length], 'int32'), classes);
  // Warm the JIT on a few batches, then time whole epochs (TF.js' cpu backend needs minutes for
  // one convnet epoch, so a slow library is timed once and a fast one several times).
  const warmX = xs.slice(0, Math.min(4 * batchSize, labels.length));
  const warmY = ys.slice(0, Math.min(4 * batchSize, labels.length));
  await model.fit(warmX, warmY, { epochs: 1, batchSize, shuffle: false, verbose: 0 });
  warmX.dispose();
  warmY.dispose();
  const run = () => model.fit(xs, ys, { epochs: 1, batchSize, shuffle: false, verbose: 0 });
  const t = await time(run, { warmup: 0, minRuns: 1, maxRuns: 40, minTimeMs: 3000 });
  xs.dispose();
  ys.dispose();
  model.dispose?.();
  return t;
}

export async function trainingSuite({ sprout, tf }) {
  const iris = loadIris();
  const doodles = loadQuickdraw(800);
  if (!iris || !doodles) return { title: 'Training', markdown: SHARED_MISSING };
  const cases = [
    { name: 'doodle convnet, 1 epoch (2,400 × 28×28×1, batch 32, adam)', build: doodleConvnet, x: doodles.x, shape: [doodles.n, 28, 28, 1], y: doodles.y, classes: 3, batch: 32 },
    { name: 'iris MLP 4-16-3, 1 epoch (150 rows, batch 16, adam)', build: irisMlp, x: Float32Array.from(iris.x.flat()), shape: [150, 4], y: iris.y, classes: 3, batch: 16 },
  ];
  const rows = [];
  for (const c of cases) {
    const sproutMs = await oneEpoch(sprout, c.build, c.x, c.shape, c.y, c.classes, c.batch);
    await withTf(tf, 'cpu');
    const cpuMs = await oneEpoch(tf, c.build, c.x, c.shape, c.y, c.classes, c.batch);
    rows.push({ name: c.name, sproutMs, cpuMs });
    console.log(`  ${c.name}: sprout ${ms(sproutMs)} ms, tfjs-cpu ${ms(cpuMs)} ms`);
  }
  const markdown = [
    '| case | Sprout CPU (ms) | TF.js cpu (ms) | Sprout / tfjs-cpu |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${ms(r.sproutMs)} | ${ms(r.cpuMs)} | ${ratio(r.sproutMs, r.cpuMs)} |`),
  ].join('\n');
  return { title: 'Training (one epoch)', rows, markdown };
}
