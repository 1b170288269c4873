// Model files shared with TensorFlow.js 4.22: TF.js loads what Sprout saves, Sprout loads what
// TF.js saves, and both predict the same numbers (layers format: Keras topology + weights).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';
import { layers, input, model, sequential, loadLayersModel, io, type LayersModel, type ModelArtifacts, SymbolicTensor } from '../../src/nn/index.ts';

beforeAll(async () => {
  const warn = console.warn;
  console.warn = () => {};
  try {
    await tf.setBackend('cpu');
    await tf.ready();
    tf.tensor([0]).dispose();
  } finally {
    console.warn = warn;
  }
  await sp.setBackend('cpu');
});

afterAll(() => {
  tf.disposeVariables();
});

function values(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

/** Random but well-behaved values for a weight, by its name. */
function valuesFor(name: string, size: number, seed: number): Float32Array {
  if (name.endsWith('moving_variance')) return values(size, seed).map((v) => 1 + Math.abs(v));
  if (name.endsWith('gamma')) return values(size, seed).map((v) => 1 + 0.3 * v);
  return values(size, seed, 0.5);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  let range = 1, worst = 0;
  for (let i = 0; i < expected.length; i++) range = Math.max(range, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst / range, `max abs difference ${worst}`).toBeLessThan(tol);
}

const captureSprout = async (m: LayersModel): Promise<ModelArtifacts> => {
  let saved: ModelArtifacts | undefined;
  await m.save(io.withSaveHandler(async (a) => { saved = a; }));
  return saved!;
};

const captureTf = async (m: tf.LayersModel): Promise<tf.io.ModelArtifacts> => {
  let saved: tf.io.ModelArtifacts | undefined;
  await m.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return saved!;
};

/** The same convnet in both libraries: every image layer type, two branches, several outputs. */
function buildSprout(): LayersModel {
  const inp = input({ shape: [8, 8, 3] });
  let x = layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelRegularizer: { className: 'L1L2', config: { l1: 0, l2: 0.01 } } }).apply(inp) as SymbolicTensor;
  x = layers.batchNormalization().apply(x) as SymbolicTensor;
  const a = layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }).apply(x) as SymbolicTensor;
  const b = layers.separableConv2d({ filters: 8, kernelSize: 3, padding: 'same' }).apply(x) as SymbolicTensor;
  x = layers.add().apply([a, b]) as SymbolicTensor;
  x = layers.concatenate().apply([x, layers.multiply().apply([a, b]) as SymbolicTensor]) as SymbolicTensor;
  x = layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }).apply(x) as SymbolicTensor;
  x = layers.maxPooling2d({ poolSize: 2 }).apply(x) as SymbolicTensor;
  x = layers.averagePooling2d({ poolSize: 2 }).apply(x) as SymbolicTensor;
  x = layers.zeroPadding2d({ padding: 1 }).apply(x) as SymbolicTensor;
  x = layers.upSampling2d({ size: [2, 2] }).apply(x) as SymbolicTensor;
  x = layers.reLU({ maxValue: 6 }).apply(x) as SymbolicTensor;
  x = layers.leakyReLU().apply(x) as SymbolicTensor;
  x = layers.prelu({ sharedAxes: [1, 2] }).apply(x) as SymbolicTensor;
  x = layers.elu().apply(x) as SymbolicTensor;
  const g1 = layers.globalAveragePooling2d().apply(x) as SymbolicTensor;
  const g2 = layers.globalMaxPooling2d().apply(x) as SymbolicTensor;
  x = layers.flatten().apply(x) as SymbolicTensor;
  x = layers.reshape({ targetShape: [72, 4] }).apply(x) as SymbolicTensor;
  x = layers.flatten().apply(x) as SymbolicTensor;
  x = layers.dropout({ rate: 0.5 }).apply(x) as SymbolicTensor;
  x = layers.dense({ units: 3 }).apply(x) as SymbolicTensor;
  x = layers.activation({ activation: 'tanh' }).apply(x) as SymbolicTensor;
  x = layers.softmax().apply(x) as SymbolicTensor;
  return model({ inputs: inp, outputs: [x, g1, g2] });
}

function buildTf(): tf.LayersModel {
  const inp = tf.input({ shape: [8, 8, 3] });
  const ap = (l: tf.layers.Layer, t: tf.SymbolicTensor | tf.SymbolicTensor[]) => l.apply(t) as tf.SymbolicTensor;
  let x = ap(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelRegularizer: tf.regularizers.l2() }), inp);
  x = ap(tf.layers.batchNormalization(), x);
  const a = ap(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }), x);
  const b = ap(tf.layers.separableConv2d({ filters: 8, kernelSize: 3, padding: 'same' }), x);
  x = ap(tf.layers.add(), [a, b]);
  x = ap(tf.layers.concatenate(), [x, ap(tf.layers.multiply(), [a, b])]);
  x = ap(tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), x);
  x = ap(tf.layers.maxPooling2d({ poolSize: 2 }), x);
  x = ap(tf.layers.averagePooling2d({ poolSize: 2 }), x);
  x = ap(tf.layers.zeroPadding2d({ padding: 1 }), x);
  x = ap(tf.layers.upSampling2d({ size: [2, 2] }), x);
  x = ap(tf.layers.reLU({ maxValue: 6 }), x);
  x = ap(tf.layers.leakyReLU(), x);
  x = ap(tf.layers.prelu({ sharedAxes: [1, 2] }), x);
  x = ap(tf.layers.elu(), x);
  const g1 = ap(tf.layers.globalAveragePooling2d({}), x);
  const g2 = ap(tf.layers.globalMaxPooling2d({}), x);
  x = ap(tf.layers.flatten(), x);
  x = ap(tf.layers.reshape({ targetShape: [72, 4] }), x);
  x = ap(tf.layers.flatten(), x);
  x = ap(tf.layers.dropout({ rate: 0.5 }), x);
  x = ap(tf.layers.dense({ units: 3 }), x);
  x = ap(tf.layers.activation({ activation: 'tanh' }), x);
  x = ap(tf.layers.softmax(), x);
  return tf.model({ inputs: inp, outputs: [x, g1, g2] });
}

const imageData = values(2 * 8 * 8 * 3, 77);

function predictBoth(s: LayersModel, t: tf.LayersModel, shape: number[], data: Float32Array): void {
  const xs = sp.tensor(data, shape);
  const xt = tf.tensor(data, shape);
  const ys = sp.tidy(() => [s.predict(xs)].flat().map((y) => sp.keep(y)));
  const yt = [t.predict(xt)].flat() as tf.Tensor[];
  expect(ys.length).toBe(yt.length);
  ys.forEach((y, i) => {
    expect(y.shape).toEqual(yt[i].shape);
    expectClose(y.dataSync(), yt[i].dataSync());
  });
  sp.dispose([xs, ...ys]);
  tf.dispose([xt, ...yt]);
}

describe('TF.js loads what Sprout saves', () => {
  it('a functional convnet with every layer type', async () => {
    const m = buildSprout();
    m.weights.forEach((w, i) => w.write(sp.tensor(valuesFor(w.name, w.val.size, i + 1), w.shape)));
    const artifacts = await captureSprout(m);
    expect(artifacts.format).toBe('layers-model');
    const topo = artifacts.modelTopology as Record<string, unknown>;
    expect(topo.class_name).toBe('Model');
    expect(topo.keras_version).toMatch(/tfjs-layers/);
    expect(topo.backend).toBe('tensor_flow.js');
    const loaded = await tf.loadLayersModel({ load: async () => artifacts as tf.io.ModelArtifacts });
    expect(loaded.layers.map((l) => l.name)).toEqual(m.layers.map((l) => l.name));
    expect(loaded.countParams()).toBe(m.countParams());
    predictBoth(m, loaded, [2, 8, 8, 3], imageData);
    loaded.dispose();
    m.dispose();
  });

  it('a sequential model (after training), with its input shape', async () => {
    const m = sequential({
      layers: [
        layers.dense({ units: 6, inputShape: [4], activation: 'relu' }),
        layers.dropout({ rate: 0.2 }),
        layers.dense({ units: 3, activation: 'softmax', kernelInitializer: 'heNormal' }),
      ],
    });
    m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    await m.fit(sp.randomNormal([16, 4], 0, 1, 'float32', 1), sp.oneHot(sp.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], undefined, 'int32'), 3), { epochs: 2 });
    const artifacts = await captureSprout(m);
    expect((artifacts.modelTopology as Record<string, unknown>).class_name).toBe('Sequential');
    const loaded = await tf.loadLayersModel({ load: async () => artifacts as tf.io.ModelArtifacts });
    expect(loaded.inputs[0].shape).toEqual([null, 4]);
    predictBoth(m, loaded, [5, 4], values(20, 5));
    loaded.dispose();
    m.dispose();
  });
});

describe('Sprout loads what TF.js saves', () => {
  it('a functional convnet with every layer type', async () => {
    const t = buildTf();
    t.setWeights(t.weights.map((w, i) => tf.tensor(valuesFor(w.originalName, w.shape.reduce((a, b) => a! * b!, 1)!, i + 1), w.shape as number[])));
    const artifacts = await captureTf(t);
    const m = await loadLayersModel({ load: async () => artifacts as ModelArtifacts });
    expect(m.layers.map((l) => l.name)).toEqual(t.layers.map((l) => l.name));
    expect(m.countParams()).toBe(t.countParams());
    predictBoth(m, t, [2, 8, 8, 3], imageData);
    // And back again: Sprout saves it in a form TF.js loads to the same numbers.
    const again = await captureSprout(m);
    const t2 = await tf.loadLayersModel({ load: async () => again as tf.io.ModelArtifacts });
    predictBoth(m, t2, [2, 8, 8, 3], imageData);
    t.dispose();
    t2.dispose();
    m.dispose();
  });

  it('a sequential model with TF.js defaults (glorotNormal kernels, softmax axis)', async () => {
    const t = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 4, activation: 'softmax', kernelRegularizer: tf.regularizers.l1l2({ l1: 0.01, l2: 0.02 }) }),
      ],
    });
    const artifacts = await captureTf(t);
    const m = await loadLayersModel({ load: async () => artifacts as ModelArtifacts });
    expect(m.getClassName()).toBe('Sequential');
    expect(m.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense']);
    const cfg = m.layers[3].getConfig();
    expect(cfg.kernelRegularizer).toEqual({ className: 'L1L2', config: { l1: 0.01, l2: 0.02 } });
    predictBoth(m, t, [3, 6, 6, 1], values(108, 9));
    t.dispose();
    m.dispose();
  });
});
