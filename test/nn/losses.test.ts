// Losses: the Keras-style per-example losses against TF.js 4.22's (tf.metrics exposes the layers
// API's cross-entropies and errors), `losses.*` against `tf.losses.*` with weights and every
// reduction, hand-computed values, numerical stability of `fromLogits`, and error messages.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';
import { getLoss, lossFunctions as L, losses, Reduction } from '../../src/nn/index.ts';

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

function gen(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function close(actual: sp.Tensor, expected: tf.Tensor | number[] | number, rtol = 1e-5, what = ''): void {
  const e = typeof expected === 'number' ? [expected] : Array.isArray(expected) ? expected : Array.from(expected.dataSync());
  if (!Array.isArray(expected) && typeof expected !== 'number') expect(actual.shape, what).toEqual(expected.shape);
  const a = actual.dataSync();
  expect(a.length, what).toBe(e.length);
  for (let i = 0; i < e.length; i++) {
    const tol = rtol * Math.max(1, Math.abs(e[i]));
    if (!(Math.abs(a[i] - e[i]) <= tol)) throw new Error(`${what} element ${i}: sprout ${a[i]} vs expected ${e[i]}`);
  }
}

/** Random values in [lo, hi). */
const rand = (r: () => number, n: number, lo = -1, hi = 1) => Array.from({ length: n }, () => lo + r() * (hi - lo));
/** Random probability rows (softmax of random logits). */
function probs(r: () => number, rows: number, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    const e = rand(r, k, -2, 2).map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / s));
  }
  return out;
}
function oneHotRows(r: () => number, rows: number, k: number): { hot: number[]; idx: number[] } {
  const idx = Array.from({ length: rows }, () => Math.floor(r() * k));
  const hot = idx.flatMap((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0)));
  return { hot, idx };
}

describe('Keras-style losses match TF.js', () => {
  const r = gen(3);
  const shape = [4, 5];
  const a = rand(r, 20);
  const b = rand(r, 20);
  const pos = rand(r, 20, 0.1, 3);
  const pos2 = rand(r, 20, 0.1, 3);

  it('meanSquaredError, meanAbsoluteError, meanAbsolutePercentageError, cosineProximity', () => {
    close(L.meanSquaredError(sp.tensor(a, shape), sp.tensor(b, shape)), tf.metrics.meanSquaredError(tf.tensor(a, shape), tf.tensor(b, shape)), 1e-5, 'mse');
    close(L.meanAbsoluteError(sp.tensor(a, shape), sp.tensor(b, shape)), tf.metrics.meanAbsoluteError(tf.tensor(a, shape), tf.tensor(b, shape)), 1e-5, 'mae');
    close(L.meanAbsolutePercentageError(sp.tensor(pos, shape), sp.tensor(pos2, shape)), tf.metrics.meanAbsolutePercentageError(tf.tensor(pos, shape), tf.tensor(pos2, shape)), 1e-5, 'mape');
    close(L.cosineProximity(sp.tensor(a, shape), sp.tensor(b, shape)), tf.metrics.cosineProximity(tf.tensor(a, shape), tf.tensor(b, shape)), 1e-5, 'cosine');
  });

  it('categoricalCrossentropy from probabilities (also unnormalized ones)', () => {
    const { hot } = oneHotRows(r, 6, 4);
    const p = probs(r, 6, 4);
    close(L.categoricalCrossentropy(sp.tensor(hot, [6, 4]), sp.tensor(p, [6, 4])), tf.metrics.categoricalCrossentropy(tf.tensor(hot, [6, 4]), tf.tensor(p, [6, 4])), 1e-5, 'cce');
    const raw = rand(r, 24, 0.05, 2);
    close(L.categoricalCrossentropy(sp.tensor(hot, [6, 4]), sp.tensor(raw, [6, 4])), tf.metrics.categoricalCrossentropy(tf.tensor(hot, [6, 4]), tf.tensor(raw, [6, 4])), 1e-5, 'cce raw');
    // clipping: a zero probability for the true class costs -log(1e-7), not Infinity
    close(L.categoricalCrossentropy([[0, 1]], [[1, 0]]), [-Math.log(1e-7)], 1e-4, 'clipped');
  });

  it('sparseCategoricalCrossentropy from probabilities, labels [n] or [n, 1], int or float', () => {
    const { idx, hot } = oneHotRows(r, 6, 4);
    const p = probs(r, 6, 4);
    // tf.metrics has no sparse form in 4.22; TF.js' layers loss is: clip, one-hot, categorical.
    const ref = tf.metrics.categoricalCrossentropy(tf.tensor(hot, [6, 4]), tf.clipByValue(tf.tensor(p, [6, 4]), 1e-7, 1 - 1e-7));
    close(L.sparseCategoricalCrossentropy(sp.tensor(idx, [6], 'int32'), sp.tensor(p, [6, 4])), ref, 1e-5, 'scce');
    close(L.sparseCategoricalCrossentropy(sp.tensor(idx, [6, 1], 'float32'), sp.tensor(p, [6, 4])), ref, 1e-5, 'scce [n,1]');
  });

  it('binaryCrossentropy from probabilities', () => {
    const t = rand(r, 20, 0, 1).map((v) => (v > 0.5 ? 1 : 0));
    const p = rand(r, 20, 0.01, 0.99);
    close(L.binaryCrossentropy(sp.tensor(t, shape), sp.tensor(p, shape)), tf.metrics.binaryCrossentropy(tf.tensor(t, shape), tf.tensor(p, shape)), 1e-5, 'bce');
    close(L.binaryCrossentropy([[1, 0]], [[1, 0]]), [-Math.log(1 - 1e-7)], 1e-3, 'bce clipped at the good end');
  });

  it('fromLogits agrees with the probability form on moderate logits', () => {
    const { hot, idx } = oneHotRows(r, 5, 3);
    const x = rand(r, 15, -3, 3);
    const logits = sp.tensor(x, [5, 3]);
    close(L.categoricalCrossentropy(sp.tensor(hot, [5, 3]), logits, true), Array.from(L.categoricalCrossentropy(sp.tensor(hot, [5, 3]), sp.softmax(logits)).dataSync()), 1e-5, 'cce logits');
    close(L.sparseCategoricalCrossentropy(sp.tensor(idx, [5], 'int32'), logits, true), Array.from(L.categoricalCrossentropy(sp.tensor(hot, [5, 3]), logits, true).dataSync()), 1e-6, 'scce logits');
    // TF.js' softmaxCrossEntropy (from logits, per example with Reduction.NONE)
    close(L.categoricalCrossentropy(sp.tensor(hot, [5, 3]), logits, true), tf.losses.softmaxCrossEntropy(tf.tensor(hot, [5, 3]), tf.tensor(x, [5, 3]), undefined, 0, tf.Reduction.NONE), 1e-5, 'vs tf');
    const t = rand(r, 15, 0, 1).map((v) => (v > 0.5 ? 1 : 0));
    close(L.binaryCrossentropy(sp.tensor(t, [5, 3]), logits, true), tf.mean(tf.losses.sigmoidCrossEntropy(tf.tensor(t, [5, 3]), tf.tensor(x, [5, 3]), undefined, 0, tf.Reduction.NONE), -1), 1e-5, 'bce logits');
  });

  it('huberLoss matches tf.losses.huberLoss (per element, then mean over the last axis)', () => {
    const x = rand(r, 20, -3, 3);
    for (const delta of [1, 0.5]) {
      const ref = tf.mean(tf.losses.huberLoss(tf.tensor(a, shape), tf.tensor(x, shape), undefined, delta, tf.Reduction.NONE), -1);
      close(L.huberLoss(sp.tensor(a, shape), sp.tensor(x, shape), delta), ref, 1e-5, `huber ${delta}`);
    }
    close(L.huberLoss([[0, 0]], [[0.5, 3]]), [(0.125 + 2.5) / 2], 1e-6, 'huber by hand');
  });

  it('the other losses by hand', () => {
    close(L.hinge([[1, -1]], [[0.5, 0.5]]), [(0.5 + 1.5) / 2], 1e-6, 'hinge');
    close(L.squaredHinge([[1, -1]], [[0.5, 0.5]]), [(0.25 + 2.25) / 2], 1e-6, 'squaredHinge');
    close(L.logcosh([[0, 0]], [[1, -2]]), [(Math.log(Math.cosh(1)) + Math.log(Math.cosh(2))) / 2], 1e-5, 'logcosh');
    close(L.logcosh([[0]], [[500]]), [500 - Math.log(2)], 1e-6, 'logcosh does not overflow');
    close(L.meanSquaredLogarithmicError([[1, 3]], [[0, 1]]), [(Math.log(2) ** 2 + (Math.log(2) - Math.log(4)) ** 2) / 2], 1e-5, 'msle');
    close(L.kullbackLeiblerDivergence([[0.5, 0.5]], [[0.25, 0.75]]), [0.5 * Math.log(2) + 0.5 * Math.log(0.5 / 0.75)], 1e-5, 'kld');
    close(L.poisson([[1, 2]], [[1, 2]]), [(1 - Math.log(1 + 1e-7) + 2 - 2 * Math.log(2 + 1e-7)) / 2], 1e-5, 'poisson');
    close(L.meanSquaredError([[0, 1]], [[1, 1]]), [0.5], 0, 'mse by hand');
    close(L.categoricalCrossentropy([[0, 1]], [[0.2, 0.8]]), [-Math.log(0.8)], 1e-6, 'cce by hand');
    close(L.sparseCategoricalCrossentropy([1], [[0.2, 0.8]]), [-Math.log(0.8)], 1e-6, 'scce by hand');
    close(L.binaryCrossentropy([[1, 0]], [[0.9, 0.2]]), [-(Math.log(0.9) + Math.log(0.8)) / 2], 1e-5, 'bce by hand');
  });
});

describe('stability: logits of ±1000', () => {
  it('cross-entropies from logits stay finite and exact', () => {
    close(L.categoricalCrossentropy([[0, 1], [1, 0]], [[-1000, 1000], [-1000, 1000]], true), [0, 2000], 1e-6, 'cce');
    close(L.sparseCategoricalCrossentropy([1, 0], [[-1000, 1000], [-1000, 1000]], true), [0, 2000], 1e-6, 'scce');
    close(L.binaryCrossentropy([[1, 0]], [[1000, -1000]], true), [0], 0, 'bce right');
    close(L.binaryCrossentropy([[1, 0]], [[-1000, 1000]], true), [1000], 1e-6, 'bce wrong');
    close(losses.softmaxCrossEntropy([[0, 1]], [[-1000, 1000]]), 0, 0, 'losses.softmaxCrossEntropy');
    close(losses.sigmoidCrossEntropy([1, 0], [1000, -1000]), 0, 0, 'losses.sigmoidCrossEntropy');
  });

  it('and so do their gradients', () => {
    const g = sp.grad((x) => L.categoricalCrossentropy(sp.tensor([[1, 0, 0]]), x, true).sum())(sp.tensor([[-1000, 0, 1000]]));
    close(g, [-1, 0, 1], 1e-6, 'dcce/dlogits = softmax − labels');
    const gb = sp.grad((x) => L.binaryCrossentropy(sp.tensor([[1, 0]]), x, true).sum())(sp.tensor([[-1000, 1000]]));
    close(gb, [-0.5, 0.5], 1e-6, 'dbce/dlogits = (σ − z)/n');
    const gs = sp.grad((x) => L.sparseCategoricalCrossentropy(sp.tensor([2], undefined, 'int32'), x, true).sum())(sp.tensor([[1000, 0, -1000]]));
    for (const v of gs.dataSync()) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('losses (tf.losses) match TF.js with weights and every reduction', () => {
  const r = gen(21);
  const shape = [3, 4];
  const a = rand(r, 12, 0, 1);
  const b = rand(r, 12, 0, 1);
  const w = rand(r, 12, 0, 2).map((v, i) => (i % 5 === 0 ? 0 : v));
  const wRow = [0.5, 0, 2];
  const reductions = [Reduction.NONE, Reduction.SUM, Reduction.MEAN, Reduction.SUM_BY_NONZERO_WEIGHTS];
  const weightsCases: [string, number[] | undefined, number[]][] = [['no weights', undefined, []], ['elementwise', w, shape], ['per row', wRow, [3, 1]]];

  for (const [wname, weights, wshape] of weightsCases) {
    it(`${wname}`, () => {
      const spW = weights && sp.tensor(weights, wshape);
      const tfW = weights && tf.tensor(weights, wshape);
      for (const red of reductions) {
        const spA = sp.tensor(a, shape);
        const spB = sp.tensor(b, shape);
        const tfA = tf.tensor(a, shape);
        const tfB = tf.tensor(b, shape);
        const tag = `${wname} reduction ${red}`;
        close(losses.meanSquaredError(spA, spB, spW, red), tf.losses.meanSquaredError(tfA, tfB, tfW, red as number), 1e-5, `mse ${tag}`);
        close(losses.absoluteDifference(spA, spB, spW, red), tf.losses.absoluteDifference(tfA, tfB, tfW, red as number), 1e-5, `absdiff ${tag}`);
        close(losses.huberLoss(spA, spB, spW, 0.3, red), tf.losses.huberLoss(tfA, tfB, tfW, 0.3, red as number), 1e-5, `huber ${tag}`);
        close(losses.logLoss(spA, spB, spW, 1e-7, red), tf.losses.logLoss(tfA, tfB, tfW, 1e-7, red as number), 1e-5, `logLoss ${tag}`);
        close(losses.hingeLoss(spA, spB, spW, red), tf.losses.hingeLoss(tfA, tfB, tfW, red as number), 1e-5, `hinge ${tag}`);
        close(losses.sigmoidCrossEntropy(spA, spB.mul(6).sub(3), spW, 0.1, red), tf.losses.sigmoidCrossEntropy(tfA, tfB.mul(6).sub(3), tfW, 0.1, red as number), 1e-5, `sigmoidCE ${tag}`);
        close(losses.computeWeightedLoss(spA, spW, red), tf.losses.computeWeightedLoss(tfA, tfW, red as number), 1e-5, `computeWeightedLoss ${tag}`);
        if (!weights || wshape[1] === 1) {
          const rw = weights && sp.tensor(weights, [3]);
          const rwTf = weights && tf.tensor(weights, [3]);
          close(losses.softmaxCrossEntropy(spA, spB.mul(6), rw, 0.2, red), tf.losses.softmaxCrossEntropy(tfA, tfB.mul(6), rwTf, 0.2, red as number), 1e-5, `softmaxCE ${tag}`);
          close(losses.cosineDistance(spA, spB, 1, spW, red), tf.losses.cosineDistance(tfA, tfB, 1, tfW, red as number), 1e-5, `cosineDistance ${tag}`);
        }
      }
    });
  }

  it('defaults to the mean over non-zero weights (a scalar)', () => {
    const l = losses.meanSquaredError([0, 1, 2], [1, 1, 1]);
    expect(l.shape).toEqual([]);
    close(l, 2 / 3, 1e-6);
    close(losses.computeWeightedLoss([1, 2, 3], [1, 0, 1]), 2, 1e-6);
  });
});

describe('getLoss', () => {
  it('knows Keras / TF.js names in any spelling', () => {
    const t = sp.tensor([[0, 1]]);
    const p = sp.tensor([[0.2, 0.8]]);
    const cases: [string, number][] = [
      ['mse', 0.04], ['MSE', 0.04], ['meanSquaredError', 0.04], ['mean_squared_error', 0.04], ['mae', 0.2], ['meanAbsoluteError', 0.2],
      ['categoricalCrossentropy', -Math.log(0.8)], ['categorical_crossentropy', -Math.log(0.8)], ['binaryCrossentropy', -(Math.log(0.8) + Math.log(0.8)) / 2],
      ['huberLoss', 0.02], ['huber', 0.02],
    ];
    for (const [name, v] of cases) close(getLoss(name)(t, p), [v], 1e-5, name);
    close(getLoss('sparseCategoricalCrossentropy')(sp.tensor([1]), p), [-Math.log(0.8)], 1e-5, 'scce');
    const own = (a: sp.Tensor) => a;
    expect(getLoss(own)).toBe(own);
  });

  it('reads serialized losses with options (from_logits, delta)', () => {
    close(getLoss({ class_name: 'CategoricalCrossentropy', config: { from_logits: true } })(sp.tensor([[0, 1]]), sp.tensor([[-1000, 1000]])), [0], 0, 'fromLogits');
    close(getLoss({ className: 'SparseCategoricalCrossentropy', config: { fromLogits: true } })(sp.tensor([1]), sp.tensor([[-1000, 1000]])), [0], 0, 'sparse fromLogits');
    close(getLoss({ className: 'BinaryCrossentropy', config: { fromLogits: true } })(sp.tensor([[1]]), sp.tensor([[1000]])), [0], 0, 'binary fromLogits');
    close(getLoss({ className: 'Huber', config: { delta: 0.5 } })(sp.tensor([[0]]), sp.tensor([[3]])), [0.5 * 2.75], 1e-6, 'huber delta');
  });

  it('an unknown name suggests the closest', () => {
    expect(() => getLoss('meanSqauredError')).toThrow("getLoss: unknown loss 'meanSqauredError'; did you mean 'meanSquaredError'? (known: 'meanSquaredError', 'mse',");
    expect(() => getLoss('categoricalCrossEntropyy')).toThrow("did you mean 'categoricalCrossentropy'?");
    expect(() => getLoss('zzz')).toThrow(/^getLoss: unknown loss 'zzz' \(known: /);
  });
});

describe('shapes and errors', () => {
  it('labels [n] against predictions [n, 1] are lined up, as Keras does', () => {
    close(L.meanSquaredError([1, 2], [[1], [3]]), [0, 1], 0, 'mse [n] vs [n,1]');
    close(L.binaryCrossentropy([[1], [0]], [0.9, 0.1]), [-Math.log(0.9), -Math.log(0.9)], 1e-5, 'bce [n,1] vs [n]');
  });

  it('a shape mismatch names both shapes', () => {
    expect(() => L.meanSquaredError(sp.zeros([4, 3]), sp.zeros([4, 2]))).toThrow('meanSquaredError: yTrue and yPred must have the same shape, got yTrue [4,3] and yPred [4,2]');
    expect(() => L.categoricalCrossentropy(sp.zeros([2, 3]), sp.zeros([3, 2]))).toThrow('categoricalCrossentropy: yTrue and yPred must have the same shape, got yTrue [2,3] and yPred [3,2]');
    expect(() => losses.meanSquaredError(sp.zeros([3]), sp.zeros([3, 1]))).toThrow('meanSquaredError: labels and predictions must have the same shape, got labels [3] and predictions [3,1]');
    expect(() => L.sparseCategoricalCrossentropy(sp.zeros([4, 3]), sp.zeros([4, 3]))).toThrow(
      'sparseCategoricalCrossentropy: yTrue must hold one class index per example: shape [4] or [4,1] for predictions of shape [4,3], got shape [4,3]',
    );
    expect(() => L.huberLoss([1], [1], -1)).toThrow('huberLoss: delta must be a positive number, got the number -1');
    let err: unknown;
    try {
      L.meanSquaredError(sp.zeros([2]), sp.zeros([3]));
    } catch (e) {
      err = e;
    }
    expect(err, 'mismatched shapes should throw').toBeInstanceOf(sp.SproutError);
    expect((err as sp.SproutError).code).toBe('nn.shapeMismatch');
  });

  it('losses leave no tensors behind', () => {
    const t = sp.tensor([[0, 1], [1, 0]]);
    const p = sp.tensor([[0.3, 0.7], [0.6, 0.4]]);
    const before = sp.memory().numTensors;
    for (const [name, fn] of Object.entries(L)) if (name !== 'sparseCategoricalCrossentropy') fn(t, p).dispose();
    L.sparseCategoricalCrossentropy([1, 0], p, true).dispose();
    losses.softmaxCrossEntropy(t, p, [1, 2], 0.1).dispose();
    expect(sp.memory().numTensors).toBe(before);
    sp.dispose([t, p]);
  });
});
