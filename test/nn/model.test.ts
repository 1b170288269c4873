// Models: sequential and functional graphs, predict (batched, synchronous), evaluate, summary,
// getLayer, cutting a model at a layer, models as layers, and the friendly errors.
import { describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { layers, input, model, sequential, LayersModel, Sequential, SymbolicTensor, type Layer } from '../../src/nn/index.ts';

const seeded = (seed: number) => ({ className: 'GlorotUniform', config: { seed } });

function smallConvnet(): Sequential {
  return sequential({
    layers: [
      layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: seeded(1), name: 'c1' }),
      layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
      layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: seeded(2), name: 'c2' }),
      layers.flatten({ name: 'flat' }),
      layers.dense({ units: 5, activation: 'relu', kernelInitializer: seeded(3), name: 'features' }),
      layers.dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(4), name: 'probs' }),
    ],
  });
}

describe('sequential', () => {
  it('builds from inputShape, predicts synchronously, and reports shapes', () => {
    const m = smallConvnet();
    expect(m.layers.map((l) => l.name)).toEqual(['c1', 'pool', 'c2', 'flat', 'features', 'probs']);
    expect(m.inputs[0].shape).toEqual([null, 8, 8, 1]);
    expect(m.outputs[0].shape).toEqual([null, 3]);
    expect(m.getLayer('c2').outputShape).toEqual([null, 3, 3, 6]);
    const x = sp.randomNormal([5, 8, 8, 1], 0, 1, 'float32', 1);
    const y = m.predict(x) as sp.Tensor;
    expect(y.shape).toEqual([5, 3]);
    const sums = sp.sum(y, 1).dataSync();
    expect([...sums].every((v) => Math.abs(v - 1) < 1e-5)).toBe(true);
    // Same result as applying the layers one by one.
    let h: sp.Tensor = x;
    const tmp: sp.Tensor[] = [];
    for (const l of m.layers) { h = l.apply(h) as sp.Tensor; tmp.push(h); }
    expect([...y.dataSync()]).toEqual([...h.dataSync()]);
    sp.dispose([x, y, ...tmp]);
    m.dispose();
  });

  it('add() and a deferred input shape (built from the first data)', () => {
    const m = sequential();
    m.add(layers.dense({ units: 4, activation: 'relu' }));
    m.add(layers.dense({ units: 2 }));
    expect(() => m.summary(() => {})).toThrow(/inputShape/);
    const y = m.predict(sp.ones([3, 7])) as sp.Tensor;
    expect(y.shape).toEqual([3, 2]);
    expect(m.inputs[0].shape).toEqual([null, 7]);
    expect(m.countParams()).toBe(7 * 4 + 4 + 4 * 2 + 2);
    y.dispose();
    m.dispose();
  });

  it('accepts an explicit inputLayer, pop() removes the top layer', () => {
    const m = sequential({ layers: [layers.inputLayer({ inputShape: [3] }), layers.dense({ units: 4 }), layers.dense({ units: 1 })] });
    expect(m.layers.length).toBe(2);
    expect(m.outputs[0].shape).toEqual([null, 1]);
    m.pop();
    expect(m.outputs[0].shape).toEqual([null, 4]);
    expect(m.layers.length).toBe(1);
    m.dispose();
  });

  it('predict batches big inputs and leaves no tensors behind', () => {
    const m = sequential({ layers: [layers.dense({ units: 3, inputShape: [2], kernelInitializer: seeded(5) })] });
    const x = sp.randomNormal([100, 2], 0, 1, 'float32', 2);
    const whole = m.predict(x, { batchSize: 1000 }) as sp.Tensor;
    const before = sp.memory().numTensors;
    const batched = m.predict(x, { batchSize: 7 }) as sp.Tensor;
    expect(sp.memory().numTensors).toBe(before + 1);
    expect(batched.shape).toEqual([100, 3]);
    const a = whole.dataSync(), b = batched.dataSync();
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 6);
    // Plain arrays work too.
    const fromArray = m.predict([[1, 2]]) as sp.Tensor;
    expect(fromArray.shape).toEqual([1, 3]);
    sp.dispose([x, whole, batched, fromArray]);
    m.dispose();
  });

  it('summary prints a Keras-like table through a print function', () => {
    const m = smallConvnet();
    const lines: string[] = [];
    const text = m.summary((l) => lines.push(l));
    expect(lines.join('\n')).toBe(text);
    expect(text).toMatch(/Layer \(type\)\s+Output shape\s+Param #/);
    expect(text).toMatch(/c1 \(Conv2D\)\s+\[null,6,6,4\]\s+40/);
    expect(text).toMatch(/probs \(Dense\)\s+\[null,3\]\s+18/);
    expect(text).toContain(`Total params: ${m.countParams()}`);
    expect(text).toContain('Non-trainable params: 0');
    m.getLayer('c1').trainable = false;
    expect(m.summary(() => {})).toContain('Non-trainable params: 40');
    m.dispose();
  });

  it('getLayer by name or index, with a friendly error listing names', () => {
    const m = smallConvnet();
    expect(m.getLayer('pool').getClassName()).toBe('MaxPooling2D');
    expect(m.getLayer(0).name).toBe('c1');
    expect(m.getLayer(undefined, 5).name).toBe('probs');
    expect(() => m.getLayer('nope')).toThrow(/no layer named 'nope'.*'c1', 'pool'/);
    expect(() => m.getLayer(9)).toThrow(/6 layer/);
    m.dispose();
  });
});

describe('functional models', () => {
  it('multi-branch graphs with concatenate and add', () => {
    const inp = input({ shape: [6], name: 'features_in' });
    const a = layers.dense({ units: 4, activation: 'relu', kernelInitializer: seeded(1), name: 'branch_a' }).apply(inp) as SymbolicTensor;
    const b = layers.dense({ units: 4, activation: 'tanh', kernelInitializer: seeded(2), name: 'branch_b' }).apply(inp) as SymbolicTensor;
    const sum = layers.add({ name: 'sum' }).apply([a, b]) as SymbolicTensor;
    const cat = layers.concatenate({ name: 'cat' }).apply([sum, inp]) as SymbolicTensor;
    const out = layers.dense({ units: 2, kernelInitializer: seeded(3), name: 'head' }).apply(cat) as SymbolicTensor;
    expect(cat.shape).toEqual([null, 10]);
    const m = model({ inputs: inp, outputs: out });
    expect(m.layers.map((l) => l.name)).toEqual(['features_in', 'branch_a', 'branch_b', 'sum', 'cat', 'head']);
    const x = sp.randomNormal([3, 6], 0, 1, 'float32', 4);
    const y = m.predict(x) as sp.Tensor;
    const manual = sp.tidy(() => {
      const ya = m.getLayer('branch_a').apply(x) as sp.Tensor;
      const yb = m.getLayer('branch_b').apply(x) as sp.Tensor;
      const c = sp.concat([ya.add(yb), x], 1);
      return m.getLayer('head').apply(c) as sp.Tensor;
    });
    const got = y.dataSync(), want = manual.dataSync();
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
    const lines: string[] = [];
    m.summary((l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/Receives inputs/);
    expect(lines.join('\n')).toMatch(/cat \(Concatenate\)\s+\[null,10\]\s+0\s+sum\[0\]\[0\]/);
    sp.dispose([x, y, manual]);
    m.dispose();
  });

  it('multiple inputs and outputs; inputs by list or by name', () => {
    const i1 = input({ shape: [2], name: 'left' });
    const i2 = input({ shape: [3], name: 'right' });
    const merged = layers.concatenate().apply([i1, i2]) as SymbolicTensor;
    const o1 = layers.dense({ units: 1, name: 'out_a' }).apply(merged) as SymbolicTensor;
    const o2 = layers.dense({ units: 2, name: 'out_b' }).apply(merged) as SymbolicTensor;
    const m = model({ inputs: [i1, i2], outputs: [o1, o2] });
    const a = sp.ones([4, 2]), b = sp.ones([4, 3]);
    const [y1, y2] = m.predict([a, b]) as sp.Tensor[];
    expect(y1.shape).toEqual([4, 1]);
    expect(y2.shape).toEqual([4, 2]);
    const [z1] = m.predict({ left: a, right: b }) as sp.Tensor[];
    expect([...z1.dataSync()]).toEqual([...y1.dataSync()]);
    expect(() => m.predict(a)).toThrow(/2 input/);
    sp.dispose([a, b, y1, y2, z1]);
    m.dispose();
  });

  it('a shared layer applied twice uses the same weights', () => {
    const shared = layers.dense({ units: 2, name: 'shared' });
    const i1 = input({ shape: [3] });
    const i2 = input({ shape: [3] });
    const s1 = shared.apply(i1) as SymbolicTensor;
    const s2 = shared.apply(i2) as SymbolicTensor;
    const m = model({ inputs: [i1, i2], outputs: layers.add().apply([s1, s2]) as SymbolicTensor });
    expect(m.countParams()).toBe(8);
    const x = sp.ones([1, 3]);
    const y = m.predict([x, x]) as sp.Tensor;
    const once = shared.apply(x) as sp.Tensor;
    expect(y.dataSync()[0]).toBeCloseTo(2 * once.dataSync()[0], 5);
    expect(() => shared.output).toThrow(/applied 2 times/);
    sp.dispose([x, y, once]);
    m.dispose();
  });

  it('a graph missing an input is reported', () => {
    const i1 = input({ shape: [2], name: 'given' });
    const i2 = input({ shape: [2], name: 'forgotten' });
    const out = layers.add({ name: 'joined' }).apply([i1, i2]) as SymbolicTensor;
    expect(() => model({ inputs: i1, outputs: out })).toThrow(/'forgotten'.*not among the model's inputs/);
  });

  it('a model is a layer: it can be applied inside another model', () => {
    const inner = sequential({ layers: [layers.dense({ units: 3, inputShape: [4], name: 'inner_dense' })] });
    const inp = input({ shape: [4] });
    const h = inner.apply(inp) as SymbolicTensor;
    const out = layers.dense({ units: 1, name: 'outer_dense' }).apply(h) as SymbolicTensor;
    const outer = model({ inputs: inp, outputs: out });
    expect(outer.countParams()).toBe(4 * 3 + 3 + 3 + 1);
    expect(outer.weights.map((w) => w.name)).toEqual(['inner_dense/kernel', 'inner_dense/bias', 'outer_dense/kernel', 'outer_dense/bias']);
    const x = sp.ones([2, 4]);
    const y = outer.predict(x) as sp.Tensor;
    expect(y.shape).toEqual([2, 1]);
    sp.dispose([x, y]);
    outer.dispose();
  });
});

describe('cutting a model at a layer (transfer learning)', () => {
  function checkCut(m: LayersModel, cutAt: string): void {
    const cut = model({ inputs: m.inputs, outputs: m.getLayer(cutAt).output as SymbolicTensor });
    expect(cut.outputs[0].shape).toEqual(m.getLayer(cutAt).outputShape);
    const x = sp.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 9);
    const features = cut.predict(x) as sp.Tensor;
    // The cut model shares the layers (and so the weights) of the original.
    const manual = sp.tidy(() => {
      let h: sp.Tensor = x;
      for (const l of m.layers) {
        if (l.getClassName() === 'InputLayer') continue;
        h = l.apply(h) as sp.Tensor;
        if (l.name === cutAt) break;
      }
      return h;
    });
    expect([...features.dataSync()]).toEqual([...manual.dataSync()]);
    expect(cut.getLayer(cutAt)).toBe(m.getLayer(cutAt));
    // Disposing the cut model leaves the original working.
    cut.dispose();
    const still = m.predict(x) as sp.Tensor;
    expect(still.shape[0]).toBe(2);
    sp.dispose([x, features, manual, still]);
  }

  it('works on a sequential model', () => {
    const m = smallConvnet();
    checkCut(m, 'features');
    checkCut(m, 'pool');
    m.dispose();
  });

  it('works on a functional model', () => {
    const inp = input({ shape: [8, 8, 1] });
    let h = layers.conv2d({ filters: 3, kernelSize: 3, name: 'f_conv' }).apply(inp) as SymbolicTensor;
    h = layers.globalAveragePooling2d({ name: 'f_gap' }).apply(h) as SymbolicTensor;
    const out = layers.dense({ units: 2, name: 'f_out' }).apply(h) as SymbolicTensor;
    const m = model({ inputs: inp, outputs: out });
    checkCut(m, 'f_gap');
    m.dispose();
  });
});

describe('errors when feeding data', () => {
  it('wrong feature count names the layer and both shapes', () => {
    const m = sequential({ layers: [layers.dense({ units: 2, inputShape: [3], name: 'first_dense' })] });
    expect(() => m.predict(sp.ones([5, 4]))).toThrow(/'first_dense'.*\[null,3\].*\[5,4\].*4 value\(s\).*expects 3/);
    expect(() => m.predict(sp.ones([3]))).toThrow(/one example without the batch/);
    m.dispose();
  });

  it('layers of a model are unique by name', () => {
    const a = layers.dense({ units: 2, name: 'twin', inputShape: [2] });
    const b = layers.dense({ units: 2, name: 'twin' });
    expect(() => sequential({ layers: [a, b] })).toThrow(/two layers named 'twin'/);
  });
});

describe('weights', () => {
  it('model getWeights/setWeights, trainable first like TF.js', () => {
    const m = sequential({ layers: [layers.dense({ units: 2, inputShape: [2], name: 'w_dense' }), layers.batchNormalization({ name: 'w_bn' })] });
    expect(m.weights.map((w) => w.name)).toEqual(['w_dense/kernel', 'w_dense/bias', 'w_bn/gamma', 'w_bn/beta', 'w_bn/moving_mean', 'w_bn/moving_variance']);
    const values = m.getWeights().map((w) => sp.onesLike(w));
    m.setWeights(values);
    expect(m.getWeights().every((w) => [...w.dataSync()].every((v) => v === 1))).toBe(true);
    sp.dispose(values);
    m.dispose();
  });

  it('variable names stay unique when two models reuse layer names', () => {
    const m1 = sequential({ layers: [layers.dense({ units: 1, inputShape: [1], name: 'same_name' })] });
    const m2 = sequential({ layers: [layers.dense({ units: 1, inputShape: [1], name: 'same_name' })] });
    expect(m1.weights[0].name).toBe(m2.weights[0].name);
    expect(m1.weights[0].val.name).not.toBe(m2.weights[0].val.name);
    // A user variable that already has a layer weight's name does not clash either.
    const v = sp.variable(sp.zeros([1]), true, 'user_named/kernel');
    const d = layers.dense({ units: 1, name: 'user_named' });
    d.apply(sp.ones([1, 2]));
    expect(d.weights[0].name).toBe('user_named/kernel');
    expect(d.weights[0].val.name).not.toBe('user_named/kernel');
    sp.dispose([v]);
    d.dispose();
    m1.dispose();
    m2.dispose();
  });

  it('dispose frees the weights', () => {
    const before = sp.memory().numTensors;
    const m = smallConvnet();
    expect(sp.memory().numTensors).toBeGreaterThan(before);
    m.dispose();
    expect(sp.memory().numTensors).toBe(before);
  });
});

void (null as unknown as Layer);
