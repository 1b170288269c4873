// Layers: each layer's forward output against TensorFlow.js 4.22's layer with identical weights,
// shapes (computeOutputShape vs the real output), configs, weights API, and the friendly errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';
import { layers, input, SymbolicTensor, type Layer } from '../../src/nn/index.ts';
import { SproutError } from '../../src/errors/index.ts';

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

/** Deterministic pseudo-random values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  let range = 1;
  for (let i = 0; i < expected.length; i++) range = Math.max(range, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst / range, `max abs difference ${worst}`).toBeLessThan(tol);
}

interface Case {
  name: string;
  sprout: () => Layer;
  tfjs: () => tf.layers.Layer;
  /** Input shapes (several for merge layers). */
  inputs: number[][];
  /** Replace the weights (by index) before copying, e.g. positive variances. */
  weights?: (i: number, shape: number[]) => Float32Array | undefined;
  training?: boolean;
}

const img = [2, 7, 6, 3];

const CASES: Case[] = [
  { name: 'dense relu', sprout: () => layers.dense({ units: 4, activation: 'relu' }), tfjs: () => tf.layers.dense({ units: 4, activation: 'relu' }), inputs: [[3, 5]] },
  { name: 'dense softmax', sprout: () => layers.dense({ units: 4, activation: 'softmax' }), tfjs: () => tf.layers.dense({ units: 4, activation: 'softmax' }), inputs: [[3, 5]] },
  { name: 'dense tanh no bias on rank 3', sprout: () => layers.dense({ units: 2, activation: 'tanh', useBias: false }), tfjs: () => tf.layers.dense({ units: 2, activation: 'tanh', useBias: false }), inputs: [[2, 3, 5]] },
  { name: 'dense sigmoid', sprout: () => layers.dense({ units: 3, activation: 'sigmoid' }), tfjs: () => tf.layers.dense({ units: 3, activation: 'sigmoid' }), inputs: [[4, 2]] },
  { name: 'conv2d valid', sprout: () => layers.conv2d({ filters: 4, kernelSize: 3 }), tfjs: () => tf.layers.conv2d({ filters: 4, kernelSize: 3 }), inputs: [img] },
  { name: 'conv2d same strides 2 relu', sprout: () => layers.conv2d({ filters: 5, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'relu' }), tfjs: () => tf.layers.conv2d({ filters: 5, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'relu' }), inputs: [img] },
  { name: 'conv2d dilated, no bias, elu', sprout: () => layers.conv2d({ filters: 2, kernelSize: 2, dilationRate: 2, useBias: false, activation: 'elu' }), tfjs: () => tf.layers.conv2d({ filters: 2, kernelSize: 2, dilationRate: 2, useBias: false, activation: 'elu' }), inputs: [img] },
  { name: 'conv2d selu (unfused)', sprout: () => layers.conv2d({ filters: 3, kernelSize: 1, activation: 'selu' }), tfjs: () => tf.layers.conv2d({ filters: 3, kernelSize: 1, activation: 'selu' }), inputs: [img] },
  { name: 'depthwiseConv2d ×2 same', sprout: () => layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }), tfjs: () => tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }), inputs: [img] },
  { name: 'depthwiseConv2d strides 2 relu6', sprout: () => layers.depthwiseConv2d({ kernelSize: 3, strides: 2, activation: 'relu6' }), tfjs: () => tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, activation: 'relu6' }), inputs: [img] },
  { name: 'separableConv2d', sprout: () => layers.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu' }), tfjs: () => tf.layers.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu' }), inputs: [img] },
  { name: 'conv2dTranspose same strides 2', sprout: () => layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }), tfjs: () => tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }), inputs: [img] },
  { name: 'conv2dTranspose valid', sprout: () => layers.conv2dTranspose({ filters: 2, kernelSize: [3, 2], strides: [2, 1], activation: 'sigmoid' }), tfjs: () => tf.layers.conv2dTranspose({ filters: 2, kernelSize: [3, 2], strides: [2, 1], activation: 'sigmoid' }), inputs: [img] },
  { name: 'maxPooling2d', sprout: () => layers.maxPooling2d({ poolSize: 2 }), tfjs: () => tf.layers.maxPooling2d({ poolSize: 2 }), inputs: [img] },
  { name: 'maxPooling2d same strides 1', sprout: () => layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }), tfjs: () => tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }), inputs: [img] },
  { name: 'averagePooling2d same', sprout: () => layers.averagePooling2d({ poolSize: [2, 3], padding: 'same' }), tfjs: () => tf.layers.averagePooling2d({ poolSize: [2, 3], padding: 'same' }), inputs: [img] },
  { name: 'globalAveragePooling2d', sprout: () => layers.globalAveragePooling2d(), tfjs: () => tf.layers.globalAveragePooling2d({}), inputs: [img] },
  { name: 'globalMaxPooling2d', sprout: () => layers.globalMaxPooling2d(), tfjs: () => tf.layers.globalMaxPooling2d({}), inputs: [img] },
  { name: 'flatten', sprout: () => layers.flatten(), tfjs: () => tf.layers.flatten(), inputs: [img] },
  { name: 'reshape', sprout: () => layers.reshape({ targetShape: [21, -1] }), tfjs: () => tf.layers.reshape({ targetShape: [21, 6] }), inputs: [img] },
  {
    name: 'batchNormalization (inference)', sprout: () => layers.batchNormalization(), tfjs: () => tf.layers.batchNormalization(), inputs: [img],
    weights: (i, shape) => (i === 3 ? values(size(shape), 99).map((v) => v + 1.5) : undefined),
  },
  { name: 'batchNormalization (training)', sprout: () => layers.batchNormalization({ momentum: 0.9 }), tfjs: () => tf.layers.batchNormalization({ momentum: 0.9 }), inputs: [[8, 3]], training: true },
  { name: 'activation selu', sprout: () => layers.activation({ activation: 'selu' }), tfjs: () => tf.layers.activation({ activation: 'selu' }), inputs: [[3, 4]] },
  { name: 'activation softplus', sprout: () => layers.activation({ activation: 'softplus' }), tfjs: () => tf.layers.activation({ activation: 'softplus' }), inputs: [[3, 4]] },
  { name: 'activation hardSigmoid', sprout: () => layers.activation({ activation: 'hardSigmoid' }), tfjs: () => tf.layers.activation({ activation: 'hardSigmoid' }), inputs: [[3, 4]] },
  { name: 'activation softsign', sprout: () => layers.activation({ activation: 'softsign' }), tfjs: () => tf.layers.activation({ activation: 'softsign' }), inputs: [[3, 4]] },
  { name: 'activation swish', sprout: () => layers.activation({ activation: 'swish' }), tfjs: () => tf.layers.activation({ activation: 'swish' }), inputs: [[3, 4]] },
  { name: 'activation mish', sprout: () => layers.activation({ activation: 'mish' }), tfjs: () => tf.layers.activation({ activation: 'mish' }), inputs: [[3, 4]] },
  { name: 'activation gelu', sprout: () => layers.activation({ activation: 'gelu' }), tfjs: () => tf.layers.activation({ activation: 'gelu' }), inputs: [[3, 4]] },
  { name: 'activation logSoftmax', sprout: () => layers.activation({ activation: 'logSoftmax' }), tfjs: () => tf.layers.activation({ activation: 'logSoftmax' as 'softmax' }), inputs: [[3, 4]] },
  { name: 'reLU', sprout: () => layers.reLU(), tfjs: () => tf.layers.reLU(), inputs: [[3, 4]] },
  { name: 'reLU maxValue', sprout: () => layers.reLU({ maxValue: 0.5 }), tfjs: () => tf.layers.reLU({ maxValue: 0.5 }), inputs: [[3, 4]] },
  { name: 'leakyReLU', sprout: () => layers.leakyReLU(), tfjs: () => tf.layers.leakyReLU(), inputs: [[3, 4]] },
  { name: 'leakyReLU alpha', sprout: () => layers.leakyReLU({ alpha: 0.05 }), tfjs: () => tf.layers.leakyReLU({ alpha: 0.05 }), inputs: [[3, 4]] },
  { name: 'prelu', sprout: () => layers.prelu(), tfjs: () => tf.layers.prelu(), inputs: [[3, 4]], weights: (_i, shape) => values(size(shape), 5) },
  { name: 'prelu shared axes', sprout: () => layers.prelu({ sharedAxes: [1, 2] }), tfjs: () => tf.layers.prelu({ sharedAxes: [1, 2] }), inputs: [img], weights: (_i, shape) => values(size(shape), 6) },
  { name: 'elu', sprout: () => layers.elu(), tfjs: () => tf.layers.elu(), inputs: [[3, 4]] },
  { name: 'softmax', sprout: () => layers.softmax(), tfjs: () => tf.layers.softmax({ axis: -1 }), inputs: [[2, 3, 4]] },
  { name: 'zeroPadding2d', sprout: () => layers.zeroPadding2d({ padding: [[1, 2], [0, 3]] }), tfjs: () => tf.layers.zeroPadding2d({ padding: [[1, 2], [0, 3]] }), inputs: [img] },
  { name: 'zeroPadding2d default', sprout: () => layers.zeroPadding2d(), tfjs: () => tf.layers.zeroPadding2d(), inputs: [img] },
  { name: 'upSampling2d', sprout: () => layers.upSampling2d({ size: [2, 3] }), tfjs: () => tf.layers.upSampling2d({ size: [2, 3] }), inputs: [img] },
  { name: 'upSampling2d bilinear', sprout: () => layers.upSampling2d({ size: 2, interpolation: 'bilinear' }), tfjs: () => tf.layers.upSampling2d({ size: [2, 2], interpolation: 'bilinear' }), inputs: [img] },
  { name: 'concatenate', sprout: () => layers.concatenate(), tfjs: () => tf.layers.concatenate(), inputs: [[2, 3, 4], [2, 3, 2]] },
  { name: 'concatenate axis 1', sprout: () => layers.concatenate({ axis: 1 }), tfjs: () => tf.layers.concatenate({ axis: 1 }), inputs: [[2, 3, 4], [2, 1, 4], [2, 2, 4]] },
  { name: 'add', sprout: () => layers.add(), tfjs: () => tf.layers.add(), inputs: [[2, 5], [2, 5], [2, 5]] },
  { name: 'multiply', sprout: () => layers.multiply(), tfjs: () => tf.layers.multiply(), inputs: [[2, 3, 4], [2, 3, 4]] },
  { name: 'dropout (inference: identity)', sprout: () => layers.dropout({ rate: 0.5 }), tfjs: () => tf.layers.dropout({ rate: 0.5 }), inputs: [[3, 4]] },
];

describe('layers against TF.js 4.22 (same weights, same input)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const xsSp = c.inputs.map((s, i) => sp.tensor(values(size(s), 17 + i), s));
      const xsTf = c.inputs.map((s, i) => tf.tensor(values(size(s), 17 + i), s));
      const spLayer = c.sprout();
      const tfLayer = c.tfjs();
      const argSp = xsSp.length === 1 ? xsSp[0] : xsSp;
      const argTf = xsTf.length === 1 ? xsTf[0] : xsTf;
      // Build both, then give TF.js Sprout's weights (with any replacements applied to both).
      spLayer.apply(argSp);
      (tfLayer.apply(argTf) as tf.Tensor).dispose();
      const spWeights = spLayer.getWeights();
      const tfWeights = tfLayer.getWeights();
      expect(spWeights.map((w) => w.shape)).toEqual(tfWeights.map((w) => w.shape));
      expect(spLayer.weights.map((w) => w.originalName.split('/')[1])).toEqual(tfLayer.weights.map((w) => w.originalName.split('/')[1]));
      const newWeights = spWeights.map((w, i) => {
        const v = c.weights?.(i, w.shape) ?? values(w.size, 100 + i);
        return v;
      });
      spLayer.setWeights(newWeights.map((v, i) => sp.tensor(v, spWeights[i].shape)));
      tfLayer.setWeights(newWeights.map((v, i) => tf.tensor(v, tfWeights[i].shape)));
      const outSp = spLayer.apply(argSp, { training: !!c.training }) as sp.Tensor;
      const outTf = tfLayer.apply(argTf, { training: !!c.training }) as tf.Tensor;
      expect(outSp.shape).toEqual(outTf.shape);
      expectClose(outSp.dataSync(), outTf.dataSync());
      // computeOutputShape agrees with what came out (batch unknown).
      const shapes = c.inputs.map((s) => [null, ...s.slice(1)]);
      const predicted = spLayer.computeOutputShape(shapes.length === 1 ? shapes[0] : shapes) as (number | null)[];
      expect(predicted).toEqual([null, ...outSp.shape.slice(1)]);
      if (c.training) {
        // Moving statistics were updated the same way.
        const after = spLayer.getWeights();
        tfLayer.getWeights().forEach((w, i) => expectClose(after[i].dataSync(), w.dataSync()));
      }
      // Same parameter count and a config TF.js recognises (same keys, snake_cased by the model).
      expect(spLayer.countParams()).toBe(tfLayer.countParams());
      sp.dispose([...xsSp, outSp]);
      tf.dispose([...xsTf, outTf]);
      spLayer.dispose();
      tfLayer.dispose();
    });
  }
});

describe('layer behaviour', () => {
  it('names layers Keras-style and weights after them', () => {
    const a = layers.dense({ units: 2 });
    const b = layers.dense({ units: 2 });
    expect(a.name).toMatch(/^dense_\d+$/);
    expect(Number(b.name.split('_')[1])).toBe(Number(a.name.split('_')[1]) + 1);
    expect(layers.maxPooling2d().name).toMatch(/^max_pooling2d_\d+$/);
    expect(layers.conv2dTranspose({ filters: 1, kernelSize: 1 }).name).toMatch(/^conv2d_transpose_\d+$/);
    a.apply(sp.ones([1, 3]));
    expect(a.weights.map((w) => w.originalName)).toEqual([`${a.name}/kernel`, `${a.name}/bias`]);
    expect(a.countParams()).toBe(8);
    const named = layers.dense({ units: 1, name: 'my_dense' });
    named.apply(sp.ones([1, 2]));
    expect(named.weights[0].originalName).toBe('my_dense/kernel');
    a.dispose();
    named.dispose();
  });

  it('uses Keras defaults: glorotUniform kernels, zero biases, valid padding, strides = pool size', () => {
    const d = layers.dense({ units: 100 });
    d.apply(sp.ones([1, 50]));
    const [k, bias] = d.getWeights();
    const limit = Math.sqrt(6 / 150);
    const kv = k.dataSync();
    expect(Math.max(...kv)).toBeLessThanOrEqual(limit);
    expect(Math.min(...kv)).toBeGreaterThanOrEqual(-limit);
    expect(Math.max(...kv)).toBeGreaterThan(limit * 0.9); // uniform, not normal
    expect([...bias.dataSync()].every((v) => v === 0)).toBe(true);
    const c = d.getConfig();
    expect(c).toMatchObject({ units: 100, activation: 'linear', useBias: true, kernelInitializer: { className: 'GlorotUniform' }, biasInitializer: { className: 'Zeros' } });
    const conv = layers.conv2d({ filters: 1, kernelSize: 3 });
    expect(conv.getConfig()).toMatchObject({ padding: 'valid', strides: [1, 1], dataFormat: 'channelsLast', dilationRate: [1, 1] });
    expect(layers.maxPooling2d({ poolSize: 3 }).getConfig()).toMatchObject({ poolSize: [3, 3], strides: [3, 3], padding: 'valid' });
    const bn = layers.batchNormalization();
    expect(bn.getConfig()).toMatchObject({ momentum: 0.99, epsilon: 1e-3, axis: -1, center: true, scale: true });
    d.dispose();
  });

  // TF.js' CPU batchNorm broadcasts parameters along the last axis whatever the layer's axis, and
  // its softmax only works on the last axis: these two are checked against hand computation.
  it('batchNormalization on a non-last axis (no scale)', () => {
    const xv = Array.from({ length: 12 }, (_, i) => i / 5);
    const l = layers.batchNormalization({ axis: 1, scale: false, epsilon: 0.01 });
    const x = sp.tensor(xv, [2, 3, 2]);
    l.apply(x);
    const beta = [1, 2, 3], mean = [0.1, 0.2, 0.3], variance = [1, 2, 4];
    l.setWeights([sp.tensor(beta), sp.tensor(mean), sp.tensor(variance)]);
    const y = (l.apply(x) as sp.Tensor).dataSync();
    const expected = xv.map((v, i) => {
      const c = Math.floor(i / 2) % 3;
      return (v - mean[c]) / Math.sqrt(variance[c] + 0.01) + beta[c];
    });
    expectClose(y, expected, 1e-5);
    l.dispose();
  });

  it('softmax along a non-last axis', () => {
    const x = sp.tensor(values(24, 3), [2, 3, 4]);
    const y = layers.softmax({ axis: 1 }).apply(x) as sp.Tensor;
    const expected = sp.tidy(() => sp.softmax(x.transpose([0, 2, 1]), -1).transpose([0, 2, 1]));
    expectClose(y.dataSync(), expected.dataSync(), 1e-6);
    const sums = sp.sum(y, 1).dataSync();
    expect([...sums].every((v) => Math.abs(v - 1) < 1e-5)).toBe(true);
    sp.dispose([x, y, expected]);
  });

  it('seeded initializers give the same weights', () => {
    const make = () => {
      const l = layers.dense({ units: 3, kernelInitializer: { className: 'GlorotUniform', config: { seed: 42 } } });
      l.apply(sp.ones([1, 4]));
      return l;
    };
    const a = make(), b = make();
    expect([...a.getWeights()[0].dataSync()]).toEqual([...b.getWeights()[0].dataSync()]);
    a.dispose();
    b.dispose();
  });

  it('dropout is active only in training, seeded, scaling kept values by 1/(1-rate)', () => {
    const x = sp.ones([50, 40]);
    const d1 = layers.dropout({ rate: 0.25, seed: 7 });
    const d2 = layers.dropout({ rate: 0.25, seed: 7 });
    const inf = d1.apply(x) as sp.Tensor;
    expect([...inf.dataSync()].every((v) => v === 1)).toBe(true);
    const t1 = d1.apply(x, { training: true }) as sp.Tensor;
    const t2 = d2.apply(x, { training: true }) as sp.Tensor;
    const v = [...t1.dataSync()];
    expect(v).toEqual([...t2.dataSync()]);
    const zeros = v.filter((e) => e === 0).length / v.length;
    expect(zeros).toBeGreaterThan(0.2);
    expect(zeros).toBeLessThan(0.3);
    expect(v.filter((e) => e !== 0).every((e) => Math.abs(e - 1 / 0.75) < 1e-6)).toBe(true);
    // Two calls give different masks.
    const t3 = d1.apply(x, { training: true }) as sp.Tensor;
    expect([...t3.dataSync()]).not.toEqual(v);
    sp.dispose([x, inf, t1, t2, t3]);
  });

  it('setWeights/getWeights round-trip and check shapes, naming the layer', () => {
    const d = layers.dense({ units: 2, name: 'weights_check' });
    d.apply(sp.ones([1, 3]));
    d.setWeights([sp.tensor([[1, 2], [3, 4], [5, 6]]), sp.tensor([0.5, -0.5])]);
    const y = d.apply(sp.tensor([[1, 1, 1]])) as sp.Tensor;
    expect([...y.dataSync()]).toEqual([9.5, 11.5]);
    expect(() => d.setWeights([sp.ones([2, 2]), sp.ones([2])])).toThrow(/weights_check.*\[3,2\].*\[2,2\]/);
    expect(() => d.setWeights([sp.ones([3, 2])])).toThrow(/weights_check.*2 weight/);
    d.dispose();
  });

  it('a wrong input shape names the layer and both shapes', () => {
    const d = layers.dense({ units: 2, name: 'shape_check' });
    d.apply(sp.ones([4, 3]));
    let err: unknown;
    try {
      d.apply(sp.ones([4, 5]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SproutError);
    const msg = (err as Error).message;
    expect(msg).toContain("'shape_check'");
    expect(msg).toContain('[4,5]');
    expect(msg).toMatch(/\[…,3\]|\[null,3\]/);
    expect(msg).toMatch(/3 feature/);
    const conv = layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv_check' });
    expect(() => conv.apply(sp.ones([2, 5, 5]))).toThrow(/'conv_check'.*\[2,5,5\]/);
    expect(() => layers.conv2d({ filters: 2, kernelSize: 5 }).apply(sp.ones([1, 3, 3, 1]))).toThrow(/too small/);
    d.dispose();
  });

  it('bad options are friendly errors', () => {
    expect(() => layers.dense({ units: 0 })).toThrow(/units.*positive integer/);
    expect(() => layers.dense({ units: 2, activation: 'rellu' })).toThrow(/activation 'rellu'/);
    expect(() => layers.conv2d({ filters: 2, kernelSize: 3, padding: 'full' as 'same' })).toThrow(/padding/);
    expect(() => layers.conv2d({ filters: 2, kernelSize: 3, dataFormat: 'channelsFirst' })).toThrow(/channelsLast/);
    expect(() => layers.dropout({ rate: 1 })).toThrow(/rate/);
    expect(() => layers.concatenate().apply(sp.ones([2, 2]))).toThrow(/list of at least two/);
    expect(() => layers.add().apply([input({ shape: [3] }), input({ shape: [4] })])).toThrow(/same shape/);
  });

  it('symbolic apply computes shapes without data; freezing flips trainable weights', () => {
    const inp = input({ shape: [8, 8, 3] });
    const conv = layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' });
    const out = conv.apply(inp) as SymbolicTensor;
    expect(out.shape).toEqual([null, 4, 4, 4]);
    expect(conv.output).toBe(out);
    expect(conv.trainableWeights.length).toBe(2);
    conv.trainable = false;
    expect(conv.trainableWeights.length).toBe(0);
    expect(conv.nonTrainableWeights.length).toBe(2);
    expect(conv.weights[0].val.trainable).toBe(false);
    conv.trainable = true;
    expect(conv.weights[0].val.trainable).toBe(true);
    const bn = layers.batchNormalization();
    bn.apply(out);
    expect(bn.trainableWeights.map((w) => w.name.split('/')[1])).toEqual(['gamma', 'beta']);
    expect(bn.nonTrainableWeights.map((w) => w.name.split('/')[1])).toEqual(['moving_mean', 'moving_variance']);
    conv.dispose();
    bn.dispose();
  });

  it('applying a layer leaves no tensors behind', () => {
    const l = layers.conv2d({ filters: 2, kernelSize: 3, activation: 'relu' });
    const x = sp.ones([1, 5, 5, 2]);
    (l.apply(x) as sp.Tensor).dispose();
    const before = sp.memory().numTensors;
    for (let i = 0; i < 3; i++) (l.apply(x) as sp.Tensor).dispose();
    expect(sp.memory().numTensors).toBe(before);
    l.dispose();
    x.dispose();
  });
});
