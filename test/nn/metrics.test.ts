// Metrics: hand-checked values, the shape-driven choice of `accuracy`, TF.js 4.22's tf.metrics on
// random inputs, getMetric names, and error messages.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';
import { getMetric, metrics as M } from '../../src/nn/index.ts';

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

const vals = (t: sp.Tensor) => Array.from(t.dataSync());

describe('metrics by hand', () => {
  it('binaryAccuracy thresholds at 0.5 and averages over the last axis', () => {
    expect(vals(M.binaryAccuracy([[1], [0], [1], [0]], [[0.7], [0.6], [0.5], [0.2]]))).toEqual([1, 0, 0, 1]);
    expect(vals(M.binaryAccuracy([[1, 0, 1, 1]], [[0.9, 0.1, 0.2, 0.8]]))).toEqual([0.75]);
    // int labels work too
    expect(vals(M.binaryAccuracy(sp.tensor([[1], [0]], undefined, 'int32'), [[0.9], [0.4]]))).toEqual([1, 1]);
  });

  it('categoricalAccuracy compares argmaxes', () => {
    expect(vals(M.categoricalAccuracy([[0, 1, 0], [1, 0, 0], [0, 0, 1]], [[0.2, 0.7, 0.1], [0.3, 0.6, 0.1], [0.1, 0.1, 0.8]]))).toEqual([1, 0, 1]);
  });

  it('sparseCategoricalAccuracy compares the argmax with the class index ([n] or [n, 1])', () => {
    const p = [[0.2, 0.7, 0.1], [0.3, 0.6, 0.1], [0.1, 0.1, 0.8]];
    expect(vals(M.sparseCategoricalAccuracy([1, 0, 2], p))).toEqual([1, 0, 1]);
    expect(vals(M.sparseCategoricalAccuracy([[1], [0], [2]], p))).toEqual([1, 0, 1]);
    expect(vals(M.sparseCategoricalAccuracy(sp.tensor([1, 1, 2], undefined, 'int32'), p))).toEqual([1, 1, 1]);
  });

  it('accuracy picks binary, sparse or categorical from the shapes', () => {
    expect(vals(M.accuracy([[1], [0]], [[0.8], [0.9]]))).toEqual([1, 0]); // last dim 1: binary
    expect(vals(M.accuracy([1, 0], [[0.8], [0.9]]))).toEqual([1, 0]); // labels [n] vs [n, 1]: binary
    expect(vals(M.accuracy([[0, 1], [1, 0]], [[0.1, 0.9], [0.2, 0.8]]))).toEqual([1, 0]); // one-hot: categorical
    expect(vals(M.accuracy([1, 0], [[0.1, 0.9], [0.2, 0.8]]))).toEqual([1, 0]); // indices: sparse
    expect(vals(M.accuracy([[1], [1]], [[0.1, 0.9], [0.2, 0.8]]))).toEqual([1, 1]); // indices [n, 1]: sparse
    expect(vals(M.accuracy([1, 0, 1], [0.9, 0.2, 0.3]))).toEqual([2 / 3].map(Math.fround)); // rank 1: binary over the last axis
  });

  it('precision, recall and r2Score', () => {
    const t = [1, 1, 0, 0, 1];
    const p = [1, 0, 1, 0, 1];
    expect(M.precision(t, p).dataSync()[0]).toBeCloseTo(2 / 3, 6);
    expect(M.recall(t, p).dataSync()[0]).toBeCloseTo(2 / 3, 6);
    expect(M.precision([0, 0], [0, 0]).dataSync()[0]).toBe(0);
    expect(M.r2Score([1, 2, 3], [1, 2, 4]).dataSync()[0]).toBeCloseTo(1 - 1 / 2, 6);
  });

  it('mse / mae per example', () => {
    expect(vals(M.mse([[0, 1], [2, 2]], [[1, 1], [0, 2]]))).toEqual([0.5, 2]);
    expect(vals(M.meanSquaredError([[0, 1]], [[1, 1]]))).toEqual([0.5]);
    expect(vals(M.mae([[0, 1], [2, 2]], [[1, 1], [0, 2]]))).toEqual([0.5, 1]);
  });
});

describe('metrics match TF.js tf.metrics on random inputs', () => {
  let s = 12345;
  const r = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const rows = 16;
  const k = 5;
  const p = Array.from({ length: rows * k }, r);
  const hot = Array.from({ length: rows }, () => Math.floor(r() * k)).flatMap((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0)));
  const bin = Array.from({ length: rows * k }, () => (r() > 0.5 ? 1 : 0));
  const pairs: [string, (a: sp.Tensor, b: sp.Tensor) => sp.Tensor, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, number[]][] = [
    ['binaryAccuracy', M.binaryAccuracy, tf.metrics.binaryAccuracy, bin],
    ['categoricalAccuracy', M.categoricalAccuracy, tf.metrics.categoricalAccuracy, hot],
    ['precision', M.precision, tf.metrics.precision, bin],
    ['recall', M.recall, tf.metrics.recall, bin],
    ['meanSquaredError', M.meanSquaredError, tf.metrics.meanSquaredError, bin],
    ['meanAbsoluteError', M.meanAbsoluteError, tf.metrics.meanAbsoluteError, bin],
    ['r2Score', M.r2Score, tf.metrics.r2Score, bin],
  ];
  for (const [name, ours, theirs, labels] of pairs) {
    it(name, () => {
      const pred = name === 'precision' || name === 'recall' ? p.map((v) => (v > 0.5 ? 1 : 0)) : p;
      const a = ours(sp.tensor(labels, [rows, k]), sp.tensor(pred, [rows, k]));
      const b = theirs(tf.tensor(labels, [rows, k]), tf.tensor(pred, [rows, k]));
      expect(a.shape).toEqual(b.shape);
      const av = a.dataSync();
      const bv = b.dataSync();
      for (let i = 0; i < bv.length; i++) expect(av[i]).toBeCloseTo(bv[i], 5);
    });
  }
});

describe('getMetric', () => {
  it('knows Keras / TF.js names in any spelling', () => {
    const t = sp.tensor([[0, 1]]);
    const p = sp.tensor([[0.2, 0.8]]);
    const cases: [string, number][] = [
      ['accuracy', 1], ['acc', 1], ['categoricalAccuracy', 1], ['categorical_accuracy', 1], ['binaryAccuracy', 1], ['binary_accuracy', 1],
      ['mse', 0.04], ['MSE', 0.04], ['meanSquaredError', 0.04], ['mae', 0.2], ['mean_absolute_error', 0.2],
      ['categoricalCrossentropy', -Math.log(0.8)],
    ];
    for (const [name, v] of cases) expect(getMetric(name)(t, p).dataSync()[0], name).toBeCloseTo(v, 5);
    expect(getMetric('sparseCategoricalAccuracy')(sp.tensor([1]), p).dataSync()[0]).toBe(1);
    const own = (a: sp.Tensor) => a;
    expect(getMetric(own)).toBe(own);
  });

  it('an unknown name suggests the closest', () => {
    expect(() => getMetric('acuracy')).toThrow("getMetric: unknown metric 'acuracy'; did you mean 'accuracy'? (known: 'accuracy', 'acc',");
    expect(() => getMetric(undefined as unknown as string)).toThrow('getMetric: unknown metric undefined (known:');
  });
});

describe('errors and memory', () => {
  it('shape mismatches name both shapes', () => {
    expect(() => M.categoricalAccuracy(sp.zeros([4, 3]), sp.zeros([4, 2]))).toThrow('categoricalAccuracy: yTrue and yPred must have the same shape, got yTrue [4,3] and yPred [4,2]');
    expect(() => M.binaryAccuracy(sp.zeros([4, 2]), sp.zeros([4, 3]))).toThrow('binaryAccuracy: yTrue and yPred must have the same shape, got yTrue [4,2] and yPred [4,3]');
    expect(() => M.sparseCategoricalAccuracy(sp.zeros([3]), sp.zeros([4, 2]))).toThrow(
      'sparseCategoricalAccuracy: yTrue must hold one class index per example: shape [4] or [4,1] for predictions of shape [4,2], got shape [3]',
    );
  });

  it('metrics leave no tensors behind', () => {
    const t = sp.tensor([[0, 1], [1, 0]]);
    const p = sp.tensor([[0.3, 0.7], [0.6, 0.4]]);
    const before = sp.memory().numTensors;
    for (const [name, fn] of Object.entries(M)) if (!name.startsWith('sparse')) fn(t, p).dispose();
    M.sparseCategoricalAccuracy([1, 0], p).dispose();
    expect(sp.memory().numTensors).toBe(before);
    sp.dispose([t, p]);
  });
});
