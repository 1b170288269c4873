// Optimizers against TensorFlow.js 4.22 (its CPU backend): the same variables get the same
// gradients for several steps on both sides, and the values must agree within 1e-5 relative.
// Sprout's extras (clipping, schedules, getWeights/setWeights, leaks, errors) are checked by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as sp from '../../src/index.ts';
import { getOptimizer, Optimizer, train } from '../../src/nn/index.ts';

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

/** mulberry32 */
function gen(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const randoms = (r: () => number, n: number, scale = 1) => Array.from({ length: n }, () => (r() * 2 - 1) * scale);

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-5, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const tol = rtol * Math.max(1, Math.abs(e));
    if (!(Math.abs(a - e) <= tol)) throw new Error(`${what} element ${i}: sprout ${a} vs tfjs ${e} (tolerance ${tol})`);
  }
}

let uid = 0;
const SHAPES: [string, number[]][] = [['kernel', [3, 4]], ['bias', [4]]];

/**
 * Applies the same gradients (drawn from `seed`) to twin variables on both sides for `steps`
 * steps, comparing after each step. `before(step)` runs before each step (to change a rate).
 */
function compareSteps(
  spOpt: Optimizer,
  tfOpt: tf.Optimizer,
  { steps = 5, seed = 1, gradScale = 1, before }: { steps?: number; seed?: number; gradScale?: number; before?: (step: number) => void } = {},
): void {
  const r = gen(seed);
  const id = ++uid;
  const vars = SHAPES.map(([n, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const init = randoms(r, size);
    const name = `t${id}/${n}`;
    return { name, size, shape, sp: sp.variable(sp.tensor(init, shape), true, name), tf: tf.variable(tf.tensor(init, shape), true, name) };
  });
  try {
    for (let step = 0; step < steps; step++) {
      before?.(step);
      const spGrads: Record<string, sp.Tensor> = {};
      const tfGrads: Record<string, tf.Tensor> = {};
      for (const v of vars) {
        const g = randoms(r, v.size, gradScale);
        spGrads[v.name] = sp.tensor(g, v.shape);
        tfGrads[v.name] = tf.tensor(g, v.shape);
      }
      spOpt.applyGradients(spGrads);
      tfOpt.applyGradients(tfGrads);
      sp.dispose(spGrads);
      tf.dispose(tfGrads);
      for (const v of vars) expectClose(v.sp.dataSync(), v.tf.dataSync(), 1e-5, `${spOpt.className} step ${step + 1} ${v.name}`);
    }
    expect(spOpt.iterations).toBe(steps);
  } finally {
    for (const v of vars) {
      v.sp.dispose();
      v.tf.dispose();
    }
    spOpt.dispose();
    tfOpt.dispose();
  }
}

describe('optimizers match TF.js 4.22 step by step', () => {
  const cases: [string, () => Optimizer, () => tf.Optimizer][] = [
    ['sgd', () => train.sgd(0.1), () => tf.train.sgd(0.1)],
    ['momentum', () => train.momentum(0.1, 0.9), () => tf.train.momentum(0.1, 0.9)],
    ['momentum (Nesterov)', () => train.momentum(0.05, 0.8, true), () => tf.train.momentum(0.05, 0.8, true)],
    ['adam (defaults)', () => train.adam(), () => tf.train.adam()],
    ['adam (custom)', () => train.adam(0.01, 0.8, 0.95, 1e-6), () => tf.train.adam(0.01, 0.8, 0.95, 1e-6)],
    ['adamax (defaults)', () => train.adamax(), () => tf.train.adamax()],
    ['adamax (decay)', () => train.adamax(0.01, 0.85, 0.99, 1e-7, 0.1), () => tf.train.adamax(0.01, 0.85, 0.99, 1e-7, 0.1)],
    ['rmsprop', () => train.rmsprop(0.01), () => tf.train.rmsprop(0.01)],
    ['rmsprop (momentum)', () => train.rmsprop(0.01, 0.8, 0.5), () => tf.train.rmsprop(0.01, 0.8, 0.5)],
    ['rmsprop (centered)', () => train.rmsprop(0.01, 0.9, 0.3, 1e-7, true), () => tf.train.rmsprop(0.01, 0.9, 0.3, 1e-7, true)],
    ['adagrad', () => train.adagrad(0.1), () => tf.train.adagrad(0.1)],
    ['adagrad (initial accumulator)', () => train.adagrad(0.05, 0.5), () => tf.train.adagrad(0.05, 0.5)],
    ['adadelta', () => train.adadelta(1, 0.95), () => tf.train.adadelta(1, 0.95)],
  ];
  for (const [name, makeSp, makeTf] of cases) {
    it(name, () => compareSteps(makeSp(), makeTf(), { steps: 6, seed: name.length }));
  }

  it('config-object form builds the same optimizer', () => {
    compareSteps(train.adam({ learningRate: 0.02, beta1: 0.7 }), tf.train.adam(0.02, 0.7), { seed: 7 });
    compareSteps(train.momentum({ learningRate: 0.02, momentum: 0.5, useNesterov: true }), tf.train.momentum(0.02, 0.5, true), { seed: 8 });
  });

  it('minimize() matches TF.js on a least-squares loss (default and explicit varList)', () => {
    const r = gen(99);
    const xs = randoms(r, 8 * 3);
    const ys = randoms(r, 8 * 2);
    const w0 = randoms(r, 6);
    const b0 = randoms(r, 2);
    for (const useList of [false, true]) {
      const id = ++uid;
      const spW = sp.variable(sp.tensor(w0, [3, 2]), true, `m${id}/w`);
      const spB = sp.variable(sp.tensor(b0, [2]), true, `m${id}/b`);
      const tfW = tf.variable(tf.tensor(w0, [3, 2]), true, `m${id}/w`);
      const tfB = tf.variable(tf.tensor(b0, [2]), true, `m${id}/b`);
      const spX = sp.tensor(xs, [8, 3]);
      const spY = sp.tensor(ys, [8, 2]);
      const tfX = tf.tensor(xs, [8, 3]);
      const tfY = tf.tensor(ys, [8, 2]);
      const spOpt = train.adam(0.05);
      const tfOpt = tf.train.adam(0.05);
      try {
        for (let step = 0; step < 5; step++) {
          const spCost = spOpt.minimize(() => spX.matMul(spW).add(spB).sub(spY).square().mean(), true, useList ? [spW, spB] : undefined)!;
          const tfCost = tfOpt.minimize(() => tfX.matMul(tfW).add(tfB).sub(tfY).square().mean() as tf.Scalar, true, useList ? [tfW, tfB] : undefined)!;
          expectClose(spCost.dataSync(), tfCost.dataSync(), 1e-5, `cost ${step}`);
          spCost.dispose();
          tfCost.dispose();
          expectClose(spW.dataSync(), tfW.dataSync(), 1e-5, `w ${step}`);
          expectClose(spB.dataSync(), tfB.dataSync(), 1e-5, `b ${step}`);
        }
        expect(spOpt.minimize(() => spX.matMul(spW).add(spB).sub(spY).square().mean())).toBeNull();
      } finally {
        sp.dispose([spW, spB, spX, spY]);
        tf.dispose([tfW, tfB, tfX, tfY]);
        spOpt.dispose();
        tfOpt.dispose();
      }
    }
  });

  it('minimize() with a varList updates only those variables; non-trainable ones are skipped', () => {
    const a = sp.variable(sp.tensor([1, 2]), true);
    const b = sp.variable(sp.tensor([3, 4]), true);
    const c = sp.variable(sp.tensor([5, 6]), false);
    const opt = train.sgd(0.5);
    try {
      opt.minimize(() => a.square().sum().add(b.square().sum()).add(c.square().sum()), false, [a, c]);
      expect(Array.from(a.dataSync())).toEqual([0, 0]);
      expect(Array.from(b.dataSync())).toEqual([3, 4]);
      expect(Array.from(c.dataSync())).toEqual([5, 6]);
    } finally {
      sp.dispose([a, b, c]);
      opt.dispose();
    }
  });

  it('state names and order of getWeights() are those of TF.js', async () => {
    const makers: [() => Optimizer, () => tf.Optimizer][] = [
      [() => train.adam(), () => tf.train.adam()],
      [() => train.momentum(0.1, 0.9), () => tf.train.momentum(0.1, 0.9)],
      [() => train.rmsprop(0.1, 0.9, 0.1, 1e-7, true), () => tf.train.rmsprop(0.1, 0.9, 0.1, 1e-7, true)],
      [() => train.adagrad(0.1), () => tf.train.adagrad(0.1)],
      [() => train.sgd(0.1), () => tf.train.sgd(0.1)],
    ];
    for (const [makeSp, makeTf] of makers) {
      const id = ++uid;
      const names = [`g${id}/a`, `g${id}/b`];
      const spVars = names.map((n) => sp.variable(sp.zeros([2]), true, n));
      const tfVars = names.map((n) => tf.variable(tf.zeros([2]), true, n));
      const spOpt = makeSp();
      const tfOpt = makeTf();
      spOpt.applyGradients(Object.fromEntries(names.map((n) => [n, sp.ones([2])])));
      tfOpt.applyGradients(Object.fromEntries(names.map((n) => [n, tf.ones([2])])));
      const spW = await spOpt.getWeights();
      const tfW = await tfOpt.getWeights();
      expect(spW.map((w) => w.name)).toEqual(tfW.map((w) => w.name));
      for (let i = 0; i < spW.length; i++) expectClose(spW[i].tensor.dataSync(), tfW[i].tensor.dataSync(), 1e-6, spW[i].name);
      expect(spW[0].tensor.dtype).toBe('int32');
      sp.dispose(spW.map((w) => w.tensor));
      sp.dispose(spVars);
      tf.dispose(tfVars);
      spOpt.dispose();
      tfOpt.dispose();
    }
  });
});

describe('getWeights / setWeights', () => {
  for (const make of [() => train.adam(0.05), () => train.rmsprop(0.05, 0.9, 0.5, 1e-7, true), () => train.adamax(0.05), () => train.momentum(0.05, 0.9)]) {
    it(`a restored ${make().className} continues exactly where the original was`, async () => {
      // As when a page reloads a saved model: the original is gone, a new variable of the same
      // name takes its place (variable names are unique while alive).
      const w1 = sp.variable(sp.tensor([1, -2, 3]), true, 'restore/w');
      const loss = (w: sp.Variable) => () => w.sub(sp.tensor([0.5, 0.5, 0.5])).square().sum();
      const a = make();
      for (let i = 0; i < 3; i++) a.minimize(loss(w1), false, [w1]);
      const saved = await a.getWeights();
      const start = Array.from(w1.dataSync());
      for (let i = 0; i < 3; i++) a.minimize(loss(w1), false, [w1]);
      const expected = Array.from(w1.dataSync());
      const names = (await a.getWeights()).map((w) => w.name);
      w1.dispose();
      a.dispose();
      const b = make();
      const w2 = sp.variable(sp.tensor(start), true, 'restore/w');
      await b.setWeights(saved);
      sp.dispose(saved.map((s) => s.tensor));
      expect(b.iterations).toBe(3);
      for (let i = 0; i < 3; i++) b.minimize(loss(w2), false, [w2]);
      expect(Array.from(w2.dataSync())).toEqual(expected);
      const again = await b.getWeights();
      expect(again.map((w) => w.name)).toEqual(names);
      sp.dispose(again.map((s) => s.tensor));
      w2.dispose();
      b.dispose();
    });
  }

  it('setWeights rejects a name with an unknown slot, naming it', async () => {
    const opt = train.adam();
    const t = sp.zeros([2]);
    await expect(opt.setWeights([{ name: 'iter', tensor: sp.scalar(1, 'int32') }, { name: 'w/momentum', tensor: t }])).rejects.toThrow(
      "setWeights: weightValues[1].name must be 'iter' or '<variable name>/<slot>' with a slot of Adam ('m', 'v'), got 'w/momentum'",
    );
    t.dispose();
    opt.dispose();
  });
});

describe('gradient clipping', () => {
  it('clipNorm rescales each gradient to at most that L2 norm', () => {
    const a = sp.variable(sp.zeros([2]), true, 'clip/a');
    const b = sp.variable(sp.zeros([2]), true, 'clip/b');
    const opt = train.sgd(1, { clipNorm: 1 });
    opt.applyGradients({ 'clip/a': sp.tensor([3, 4]), 'clip/b': sp.tensor([0.3, 0.4]) });
    expectClose(a.dataSync(), [-0.6, -0.8], 1e-6);
    expectClose(b.dataSync(), [-0.3, -0.4], 1e-6);
    sp.dispose([a, b]);
    opt.dispose();
  });

  it('globalClipNorm rescales all gradients together', () => {
    const a = sp.variable(sp.zeros([2]), true, 'gclip/a');
    const b = sp.variable(sp.zeros([1]), true, 'gclip/b');
    const opt = train.sgd({ learningRate: 1, globalClipNorm: 1 });
    opt.applyGradients([{ name: 'gclip/a', tensor: sp.tensor([3, 4]) }, { name: 'gclip/b', tensor: sp.tensor([12]) }]);
    expectClose(a.dataSync(), [-3 / 13, -4 / 13], 1e-6);
    expectClose(b.dataSync(), [-12 / 13], 1e-6);
    // below the limit: untouched
    opt.applyGradients([{ name: 'gclip/a', tensor: sp.tensor([0.1, 0]) }, { name: 'gclip/b', tensor: sp.tensor([0]) }]);
    expectClose(a.dataSync(), [-3 / 13 - 0.1, -4 / 13], 1e-6);
    sp.dispose([a, b]);
    opt.dispose();
  });

  it('clipValue clips each value', () => {
    const a = sp.variable(sp.zeros([3]), true, 'vclip/a');
    const opt = train.sgd(1, { clipValue: 0.5 });
    opt.applyGradients({ 'vclip/a': sp.tensor([3, -4, 0.1]) });
    expectClose(a.dataSync(), [-0.5, 0.5, -0.1], 1e-6);
    sp.dispose(a);
    opt.dispose();
  });

  it('adam with clipNorm equals TF.js adam fed clipped gradients', () => {
    const spOpt = train.adam(0.01, 0.9, 0.999, 1e-7, { clipNorm: 0.5 });
    const tfOpt = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    const tfApply = tfOpt.applyGradients.bind(tfOpt);
    // TF.js has no clipNorm: clip on its side by hand (t · c / max(‖t‖, c)).
    (tfOpt as unknown as { applyGradients: (g: Record<string, tf.Tensor>) => void }).applyGradients = (g) => {
      const clipped = tf.tidy(() => Object.fromEntries(Object.entries(g).map(([k, t]) => [k, t.mul(0.5).div(tf.maximum(t.square().sum().sqrt(), 0.5))])));
      tfApply(clipped as unknown as Parameters<typeof tfApply>[0]);
      tf.dispose(clipped);
    };
    compareSteps(spOpt, tfOpt, { seed: 5, gradScale: 3 });
  });
});

describe('learning-rate schedules', () => {
  it('exponentialDecay and inverseTimeDecay follow the Keras formulas', () => {
    const e = train.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(e(0)).toBeCloseTo(0.1, 12);
    expect(e(10)).toBeCloseTo(0.05, 12);
    expect(e(5)).toBeCloseTo(0.1 * Math.pow(0.5, 0.5), 12);
    const es = train.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    expect(es(9)).toBeCloseTo(0.1, 12);
    expect(es(25)).toBeCloseTo(0.025, 12);
    const i = train.inverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 0.5 });
    expect(i(0)).toBe(1);
    expect(i(4)).toBeCloseTo(1 / 2, 12);
    expect(i(3)).toBeCloseTo(1 / 1.75, 12);
    const is = train.inverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 0.5, staircase: true });
    expect(is(3)).toBeCloseTo(1 / 1.5, 12);
  });

  it('sgd with a schedule equals TF.js sgd with the rate set before each step', () => {
    const lr = train.exponentialDecay({ initialLearningRate: 0.2, decaySteps: 2, decayRate: 0.7 });
    const tfOpt = tf.train.sgd(0.2);
    compareSteps(train.sgd(lr), tfOpt, { before: (step) => tfOpt.setLearningRate(lr(step)), seed: 11 });
  });

  it('adam and rmsprop with a schedule equal TF.js with the rate changed each step', () => {
    const lr = train.inverseTimeDecay({ initialLearningRate: 0.05, decaySteps: 1, decayRate: 0.3 });
    const tfAdam = tf.train.adam(0.05);
    compareSteps(train.adam(lr), tfAdam, { before: (step) => ((tfAdam as unknown as { learningRate: number }).learningRate = lr(step)), seed: 12 });
    const custom = (step: number) => 0.01 * (step + 1);
    const tfRms = tf.train.rmsprop(0.01, 0.9, 0.2);
    compareSteps(train.rmsprop(custom, 0.9, 0.2), tfRms, { before: (step) => ((tfRms as unknown as { learningRate: number }).learningRate = custom(step)), seed: 13 });
  });

  it('getLearningRate reports the rate of a step; getConfig serializes a schedule', () => {
    const opt = train.sgd(train.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }));
    expect(opt.getLearningRate()).toBeCloseTo(0.1, 12);
    expect(opt.getLearningRate(20)).toBeCloseTo(0.025, 12);
    expect(opt.getConfig()).toEqual({
      learningRate: { className: 'ExponentialDecay', config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: false } },
    });
    const restored = getOptimizer({ className: 'SGD', config: opt.getConfig() });
    expect(restored.getLearningRate(20)).toBeCloseTo(0.025, 12);
  });

  it('a schedule returning a bad rate fails at that step', () => {
    const v = sp.variable(sp.zeros([1]), true, 'badlr/v');
    const opt = train.sgd((step: number) => (step < 1 ? 0.1 : -1));
    opt.applyGradients({ 'badlr/v': sp.ones([1]) });
    expect(() => opt.applyGradients({ 'badlr/v': sp.ones([1]) })).toThrow(
      'SGD: learning rate schedule (at step 1) must return a non-negative number, got the number -1',
    );
    v.dispose();
  });
});

describe('memory', () => {
  const makers = [
    () => train.sgd(0.1), () => train.momentum(0.1, 0.9, true), () => train.adam(0.01), () => train.adamax(0.01, 0.9, 0.999, 1e-7, 0.01),
    () => train.rmsprop(0.01, 0.9, 0.5, 1e-7, true), () => train.adagrad(0.1), () => train.adadelta(1),
    () => train.adam(0.01, 0.9, 0.999, 1e-7, { clipNorm: 1, clipValue: 0.1 }), () => train.sgd(0.1, { globalClipNorm: 1 }),
  ];
  for (const make of makers) {
    const opt0 = make();
    it(`${opt0.className}${JSON.stringify(opt0.getConfig())}: no tensor leaks per step; dispose frees its state`, () => {
      opt0.dispose();
      const w = sp.variable(sp.tensor([[1, 2], [3, 4]]), true, 'leak/w');
      const b = sp.variable(sp.tensor([0.5, -0.5]), true, 'leak/b');
      const x = sp.tensor([[1, 0], [0.5, 2]]);
      const before = sp.memory().numTensors;
      const opt = make();
      const f = () => x.matMul(w).add(b).square().mean();
      opt.minimize(f, false, [w, b]);
      const afterFirst = sp.memory().numTensors;
      for (let i = 0; i < 5; i++) opt.minimize(f, false, [w, b]);
      expect(sp.memory().numTensors).toBe(afterFirst);
      const cost = opt.minimize(f, true, [w, b])!;
      expect(sp.memory().numTensors).toBe(afterFirst + 1);
      cost.dispose();
      opt.dispose();
      expect(sp.memory().numTensors).toBe(before);
      sp.dispose([w, b, x]);
    });
  }

  it('the state of a disposed variable is freed at the next step', () => {
    const a = sp.variable(sp.zeros([2]), true, 'gone/a');
    const b = sp.variable(sp.zeros([2]), true, 'gone/b');
    const opt = train.adam();
    sp.tidy(() => opt.applyGradients({ 'gone/a': sp.ones([2]), 'gone/b': sp.ones([2]) }));
    const n = sp.memory().numTensors;
    a.dispose();
    sp.tidy(() => opt.applyGradients({ 'gone/b': sp.ones([2]) }));
    expect(sp.memory().numTensors).toBe(n - 1 - 2);
    b.dispose();
    opt.dispose();
  });
});

describe('getOptimizer', () => {
  it('knows Keras and TF.js names in any case, with the layers-API default rates', () => {
    const cases: [string, string, number][] = [
      ['sgd', 'SGD', 0.01], ['SGD', 'SGD', 0.01], ['adam', 'Adam', 0.001], ['Adam', 'Adam', 0.001], ['rmsprop', 'RMSProp', 0.001],
      ['RMSprop', 'RMSProp', 0.001], ['adagrad', 'Adagrad', 0.01], ['Adamax', 'Adamax', 0.002], ['adadelta', 'Adadelta', 1],
      ['momentum', 'Momentum', 0.01],
    ];
    for (const [name, className, lr] of cases) {
      const opt = getOptimizer(name);
      expect(opt.className, name).toBe(className);
      expect(opt.getLearningRate(), name).toBe(lr);
      opt.dispose();
    }
    expect(getOptimizer('adam', 0.05).getLearningRate()).toBe(0.05);
    const own = train.adam();
    expect(getOptimizer(own)).toBe(own);
  });

  it('builds from a serialized Keras / TF.js config', () => {
    const a = getOptimizer({ class_name: 'Adam', config: { learning_rate: 0.01, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-6, clipnorm: 2 } });
    expect(a.getConfig()).toEqual({ learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, clipNorm: 2 });
    const m = getOptimizer({ className: 'SGD', config: { learning_rate: 0.1, momentum: 0.9, nesterov: true } });
    expect(m.className).toBe('Momentum');
    expect(m.getConfig()).toEqual({ learningRate: 0.1, momentum: 0.9, useNesterov: true });
    const r = getOptimizer({ className: 'RMSprop', config: { learning_rate: 0.1, rho: 0.8, decay: 0 } });
    expect(r.getConfig()).toMatchObject({ decay: 0.8 });
    const s = getOptimizer({ class_name: 'SGD', config: { learning_rate: { class_name: 'ExponentialDecay', config: { initial_learning_rate: 1, decay_steps: 1, decay_rate: 0.5 } } } });
    expect(s.getLearningRate(2)).toBeCloseTo(0.25, 12);
    // round trip through getConfig
    const ad = train.adam(0.02, 0.8);
    expect(getOptimizer({ className: ad.getClassName(), config: ad.getConfig() }).getConfig()).toEqual(ad.getConfig());
  });

  it('an unknown name suggests the closest and lists the known ones', () => {
    expect(() => getOptimizer('adamm')).toThrow(
      "getOptimizer: unknown optimizer 'adamm'; did you mean 'adam'? (known: 'sgd', 'momentum', 'nesterov', 'adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta')",
    );
    expect(() => getOptimizer('rmsprp')).toThrow("did you mean 'rmsprop'?");
    expect(() => getOptimizer('banana')).toThrow(/unknown optimizer 'banana' \(known:/);
    expect(() => getOptimizer(42 as unknown as string)).toThrow('getOptimizer: unknown optimizer the number 42 (known:');
  });
});

describe('bad input', () => {
  it('a negative or missing learning rate is refused, naming the optimizer', () => {
    expect(() => train.sgd(-0.1)).toThrow('sgd: learningRate must be a non-negative number or a schedule function (step) => number, got the number -0.1');
    expect(() => train.adam(-1)).toThrow('adam: learningRate must be a non-negative number');
    expect(() => (train.rmsprop as (lr?: number) => Optimizer)()).toThrow('rmsprop: learningRate must be a non-negative number or a schedule function (step) => number, got undefined');
    expect(() => train.momentum(0.1, -0.5)).toThrow('momentum: momentum must be a non-negative number, got the number -0.5');
    expect(() => train.adam(0.1, 1.5)).toThrow('adam: beta1 must be a number >= 0 and < 1, got the number 1.5');
    expect(() => train.sgd(0.1, { clipNorm: 0 })).toThrow('sgd: clipNorm must be a positive number, got the number 0');
    expect(() => train.sgd({ learningRate: 0.1, clipNorm: 1, globalClipNorm: 1 })).toThrow('sgd: clipNorm cannot be set together with globalClipNorm');
    expect(() => train.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 })).toThrow('exponentialDecay: decaySteps must be a positive number, got the number 0');
  });

  it('applyGradients names an unknown variable and a gradient of the wrong shape', () => {
    const opt = train.sgd(0.1);
    expect(() => opt.applyGradients({ nowhere: sp.ones([1]) })).toThrow("applyGradients: no live variable is named 'nowhere'");
    const v = sp.variable(sp.zeros([2, 3]), true, 'shape/v');
    expect(() => opt.applyGradients({ 'shape/v': sp.ones([3, 2]) })).toThrow(
      "applyGradients: the gradient of 'shape/v' must have the variable's shape [2,3], got shape [3,2]",
    );
    v.dispose();
  });

  it('an unknown option in a config object is warned about once, with the closest name', () => {
    const warn = console.warn;
    const seen: string[] = [];
    console.warn = (m: string) => seen.push(m);
    try {
      train.adam({ learningRate: 0.1, clipnorm: 1 } as never);
    } finally {
      console.warn = warn;
    }
    expect(seen.join('\n')).toContain("sprout.train.adam does not know the option 'clipnorm'. Did you mean 'clipNorm'?");
  });
});
