// Initializers: shapes and dtypes, seed determinism, Keras' fan rules, statistics on large
// tensors, Keras / TF.js serialized forms; and the regularizers (values against TF.js 4.22).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';
import { computeFans, getInitializer, getRegularizer, initializers as I, regularizers, serializeInitializer, type Initializer } from '../../src/nn/index.ts';

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

function stats(t: sp.Tensor): { mean: number; std: number; min: number; max: number } {
  const v = t.dataSync();
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    s += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = s / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  return { mean, std: Math.sqrt(ss / v.length), min, max };
}

/** Draws `shape` from `init`, checks mean ≈ 0 and std within 2% of `std`; returns the stats. */
function checkStd(init: Initializer, shape: number[], std: number) {
  const t = init.apply(shape);
  const s = stats(t);
  t.dispose();
  expect(Math.abs(s.mean), `mean of ${init.className}`).toBeLessThan(std * 0.03);
  expect(s.std / std, `std of ${init.className} (${s.std} vs ${std})`).toBeGreaterThan(0.98);
  expect(s.std / std, `std of ${init.className} (${s.std} vs ${std})`).toBeLessThan(1.02);
  return s;
}

describe('fans (Keras rules)', () => {
  it('dense, conv and degenerate shapes', () => {
    expect(computeFans([784, 128])).toEqual([784, 128]);
    expect(computeFans([3, 3, 16, 32])).toEqual([144, 288]);
    expect(computeFans([5, 8, 4])).toEqual([40, 20]);
    expect(computeFans([2, 2, 2, 3, 4])).toEqual([24, 32]);
    expect(computeFans([7])).toEqual([7, 7]);
    expect(computeFans([])).toEqual([1, 1]);
  });
});

describe('statistics on large tensors', () => {
  it('glorotUniform: std √(2/(fanIn+fanOut)), bounded by √(6/(fanIn+fanOut))', () => {
    const s = checkStd(I.glorotUniform(1), [400, 600], Math.sqrt(2 / 1000));
    expect(Math.max(-s.min, s.max)).toBeLessThanOrEqual(Math.sqrt(6 / 1000) * (1 + 1e-6));
    expect(Math.max(-s.min, s.max)).toBeGreaterThan(Math.sqrt(6 / 1000) * 0.99);
    checkStd(I.glorotUniform(2), [3, 3, 32, 64], Math.sqrt(2 / (288 + 576)));
  });

  it('glorotNormal: truncated, std √(2/(fanIn+fanOut)) (Keras scale)', () => {
    const std = Math.sqrt(2 / 1000);
    const s = checkStd(I.glorotNormal(3), [400, 600], std);
    expect(Math.max(-s.min, s.max)).toBeLessThanOrEqual((2 * std) / 0.87962566103423978 * (1 + 1e-6));
  });

  it('heNormal: std √(2/fanIn) (dense and conv); heUniform bounded by √(6/fanIn)', () => {
    checkStd(I.heNormal(4), [500, 300], Math.sqrt(2 / 500));
    checkStd(I.heNormal(5), [3, 3, 64, 128], Math.sqrt(2 / 576));
    const s = checkStd(I.heUniform(6), [500, 300], Math.sqrt(2 / 500));
    expect(Math.max(-s.min, s.max)).toBeLessThanOrEqual(Math.sqrt(6 / 500) * (1 + 1e-6));
  });

  it('lecunNormal / lecunUniform: std √(1/fanIn)', () => {
    checkStd(I.lecunNormal(7), [400, 300], Math.sqrt(1 / 400));
    checkStd(I.lecunUniform(8), [400, 300], Math.sqrt(1 / 400));
  });

  it('randomNormal, randomUniform, truncatedNormal, constant, zeros, ones', () => {
    const n = I.randomNormal(1, 0.5, 9).apply([300, 300]);
    const sn = stats(n);
    expect(sn.mean).toBeCloseTo(1, 2);
    expect(sn.std).toBeCloseTo(0.5, 2);
    const u = I.randomUniform(-2, 3, 10).apply([300, 300]);
    const su = stats(u);
    expect(su.min).toBeGreaterThanOrEqual(-2);
    expect(su.max).toBeLessThan(3);
    expect(su.mean).toBeCloseTo(0.5, 1);
    const tn = I.truncatedNormal({ mean: 0, stddev: 0.1, seed: 11 }).apply([300, 300]);
    const st = stats(tn);
    expect(Math.max(-st.min, st.max)).toBeLessThanOrEqual(0.2 + 1e-6);
    // Keras defaults: ±0.05, std 0.05
    const d = stats(I.randomUniform().apply([100, 100]));
    expect(d.min).toBeGreaterThanOrEqual(-0.05);
    expect(d.max).toBeLessThan(0.05);
    expect(Array.from(I.constant(0.25).apply([2, 2]).dataSync())).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(I.constant({ value: 3 }).apply([2], 'int32').dataSync())).toEqual([3, 3]);
    expect(Array.from(I.zeros().apply([3]).dataSync())).toEqual([0, 0, 0]);
    expect(Array.from(I.ones().apply([2]).dataSync())).toEqual([1, 1]);
    sp.dispose([n, u, tn]);
  });

  it('varianceScaling distributions: truncated (Keras-corrected), untruncated normal, uniform', () => {
    checkStd(I.varianceScaling({ scale: 3, mode: 'fanOut', distribution: 'truncatedNormal', seed: 12 }), [300, 500], Math.sqrt(3 / 500));
    checkStd(I.varianceScaling({ scale: 3, mode: 'fan_out', distribution: 'untruncated_normal', seed: 13 }), [300, 500], Math.sqrt(3 / 500));
    checkStd(I.varianceScaling({ scale: 0.5, mode: 'fanAvg', distribution: 'uniform', seed: 14 }), [300, 500], Math.sqrt(0.5 / 400));
  });

  it('orthogonal: QᵀQ = I (tall, wide and conv shapes), times gain', () => {
    for (const [shape, gain] of [[[6, 4], 1], [[3, 7], 2], [[2, 2, 3, 5], 1]] as [number[], number][]) {
      const w = I.orthogonal(gain, 15).apply(shape);
      expect(w.shape).toEqual(shape);
      const cols = shape[shape.length - 1];
      const rows = w.size / cols;
      const m = w.reshape([rows, cols]);
      const g = rows >= cols ? m.transpose().matMul(m) : m.matMul(m.transpose());
      const n = Math.min(rows, cols);
      const v = g.dataSync();
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(v[i * n + j]).toBeCloseTo(i === j ? gain * gain : 0, 5);
      sp.dispose([w, m, g]);
    }
    const id = I.identity(3).apply([2, 2]);
    expect(Array.from(id.dataSync())).toEqual([3, 0, 0, 3]);
    expect(() => I.identity().apply([2, 3])).toThrow('identity: shape must be a square 2-D shape [n, n], got [2,3]');
  });
});

describe('seeds, shapes and dtypes', () => {
  const seeded: [string, (seed: number) => Initializer][] = [
    ['glorotUniform', (s) => I.glorotUniform(s)], ['glorotNormal', (s) => I.glorotNormal({ seed: s })], ['heNormal', (s) => I.heNormal(s)],
    ['heUniform', (s) => I.heUniform(s)], ['lecunNormal', (s) => I.lecunNormal(s)], ['randomNormal', (s) => I.randomNormal(0, 1, s)],
    ['randomUniform', (s) => I.randomUniform(0, 1, s)], ['truncatedNormal', (s) => I.truncatedNormal(0, 1, s)], ['orthogonal', (s) => I.orthogonal(1, s)],
  ];
  for (const [name, make] of seeded) {
    it(`${name}: same seed, same values; other seed, other values`, () => {
      const a = make(42).apply([5, 7]);
      const b = make(42).apply([5, 7]);
      const c = make(43).apply([5, 7]);
      expect(a.shape).toEqual([5, 7]);
      expect(a.dtype).toBe('float32');
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      expect(Array.from(c.dataSync())).not.toEqual(Array.from(a.dataSync()));
      sp.dispose([a, b, c]);
    });
  }

  it('unseeded initializers differ from call to call; int32 works', () => {
    const a = I.glorotUniform().apply([10, 10]);
    const b = I.glorotUniform().apply([10, 10]);
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(b.dataSync()));
    expect(I.randomUniform(0, 10, 1).apply([4], 'int32').dtype).toBe('int32');
    sp.dispose([a, b]);
  });

  it('no tensor leaks', () => {
    const before = sp.memory().numTensors;
    for (const [, make] of seeded) make(1).apply([3, 4]).dispose();
    I.identity().apply([3, 3]).dispose();
    expect(sp.memory().numTensors).toBe(before);
  });
});

describe('getInitializer', () => {
  it('knows Keras / TF.js names in any spelling', () => {
    const cases: [string, string][] = [
      ['glorotUniform', 'GlorotUniform'], ['GlorotUniform', 'GlorotUniform'], ['glorot_uniform', 'GlorotUniform'], ['glorotNormal', 'GlorotNormal'],
      ['heNormal', 'HeNormal'], ['he_uniform', 'HeUniform'], ['lecunNormal', 'LeCunNormal'], ['leCunNormal', 'LeCunNormal'], ['LecunUniform', 'LeCunUniform'],
      ['zeros', 'Zeros'], ['Zeros', 'Zeros'], ['ones', 'Ones'], ['randomNormal', 'RandomNormal'], ['random_uniform', 'RandomUniform'],
      ['truncatedNormal', 'TruncatedNormal'], ['orthogonal', 'Orthogonal'], ['identity', 'Identity'], ['varianceScaling', 'VarianceScaling'],
    ];
    for (const [name, className] of cases) expect(getInitializer(name).className, name).toBe(className);
    const own = I.heNormal(1);
    expect(getInitializer(own)).toBe(own);
  });

  it('reads serialized configs: TF.js camelCase and Keras snake_case', () => {
    // TF.js' own serialization of glorotUniform
    const tfjs = getInitializer({ className: 'VarianceScaling', config: { scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: null } });
    checkStd(tfjs, [400, 600], Math.sqrt(2 / 1000));
    // Keras' (Python) serialization of he_normal's equivalent
    const keras = getInitializer({ class_name: 'VarianceScaling', config: { scale: 2.0, mode: 'fan_in', distribution: 'truncated_normal', seed: 3 } });
    checkStd(keras, [500, 300], Math.sqrt(2 / 500));
    expect(keras.getConfig()).toEqual({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal', seed: 3 });
    expect(getInitializer({ className: 'GlorotUniform', config: { seed: 7 } }).getConfig()).toEqual({ seed: 7 });
    expect(getInitializer({ class_name: 'RandomNormal', config: { mean: 1, stddev: 2, seed: null } }).getConfig()).toEqual({ mean: 1, stddev: 2, seed: null });
    expect(getInitializer({ className: 'Constant', config: { value: 0.5 } }).getConfig()).toEqual({ value: 0.5 });
    expect(getInitializer({ className: 'Zeros', config: {} }).className).toBe('Zeros');
    // round trip
    for (const init of [I.glorotUniform(1), I.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'uniform', seed: 2 }), I.randomUniform(-1, 1, 3), I.constant(2), I.orthogonal(2, 4)]) {
      const again = getInitializer(serializeInitializer(init));
      expect(serializeInitializer(again)).toEqual(serializeInitializer(init));
      const a = init.apply([4, 3]);
      const b = again.apply([4, 3]);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      sp.dispose([a, b]);
    }
  });

  it('unknown names and bad configs are named', () => {
    expect(() => getInitializer('glorotUnifrom')).toThrow("getInitializer: unknown initializer 'glorotUnifrom'; did you mean 'glorotUniform'? (known: 'zeros',");
    expect(() => getInitializer({ className: 'Banana' })).toThrow("getInitializer: unknown initializer 'Banana' (known:");
    expect(() => I.varianceScaling({ mode: 'fanMiddle' })).toThrow("varianceScaling: unknown mode 'fanMiddle'");
    expect(() => I.varianceScaling({ scale: -1 })).toThrow('varianceScaling: scale must be a positive number, got the number -1');
    expect(() => I.glorotUniform().apply([2, -1])).toThrow('GlorotUniform: shape must be an array of non-negative integers, got an array of length 2');
  });
});

describe('regularizers', () => {
  it('l1, l2, l1l2 penalties by hand and against TF.js', () => {
    const w = [[1, -2], [0.5, 3]];
    expect(regularizers.l1(0.1).apply(w).dataSync()[0]).toBeCloseTo(0.65, 6);
    expect(regularizers.l2({ l2: 0.1 }).apply(w).dataSync()[0]).toBeCloseTo(1.425, 6);
    expect(regularizers.l1l2({ l1: 0.1, l2: 0.1 }).apply(w).dataSync()[0]).toBeCloseTo(2.075, 6);
    expect(regularizers.l1l2().getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    const ours = regularizers.l1l2({ l1: 0.003, l2: 0.02 }).apply(w);
    const theirs = tf.regularizers.l1l2({ l1: 0.003, l2: 0.02 }).apply(tf.tensor(w));
    expect(ours.shape).toEqual([]);
    expect(ours.dataSync()[0]).toBeCloseTo(theirs.dataSync()[0], 6);
    expect(regularizers.l2().apply(sp.zeros([3])).dataSync()[0]).toBe(0);
  });

  it('serialize as L1L2 and come back from any spelling', () => {
    const r = regularizers.l2(0.5);
    expect(r.className).toBe('L1L2');
    expect(r.getConfig()).toEqual({ l1: 0, l2: 0.5 });
    expect(getRegularizer({ className: 'L1L2', config: { l1: 0, l2: 0.5 } })!.getConfig()).toEqual({ l1: 0, l2: 0.5 });
    expect(getRegularizer({ class_name: 'L2', config: { l2: 0.25 } })!.getConfig()).toEqual({ l1: 0, l2: 0.25 });
    expect(getRegularizer('l1')!.getConfig()).toEqual({ l1: 0.01, l2: 0 });
    expect(getRegularizer('l1l2')!.getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    expect(getRegularizer(null)).toBeNull();
    expect(getRegularizer(r)).toBe(r);
    expect(() => getRegularizer('l3')).toThrow("getRegularizer: unknown regularizer 'l3'; did you mean 'l1'?");
    expect(() => regularizers.l1(-1)).toThrow('l1l2: l1 must be a non-negative number, got the number -1');
  });

  it('a penalty is differentiable and leaves no tensors behind', () => {
    const before = sp.memory().numTensors;
    const x0 = sp.tensor([2, -1]);
    const g = sp.grad((x) => regularizers.l1l2({ l1: 0.1, l2: 0.5 }).apply(x))(x0);
    expect(Array.from(g.dataSync()).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([2.1, -1.1]);
    sp.dispose([g, x0]);
    expect(sp.memory().numTensors).toBe(before);
  });
});
