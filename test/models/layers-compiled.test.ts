// LayersModel.predict through the compiled IR plan (src/models/layers): the real zoo models give
// the layer-by-layer numbers, cut models compile, untranslatable layers fall back, plans follow
// weight changes (setWeights, fit), dropout is inference, and predicts leave no tensors behind.
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as sp from '../../src/index.ts';
import { layersModelToIr, optimizeIr, untranslatableLayers } from '../../src/models/index.ts';
import { Dense } from '../../src/nn/index.ts';
import { values, maxRelDiff as relDiff } from './numeric-helpers.ts';
import { sharedDir } from '../data/shared-data.mjs';

const SHARED = sharedDir();
const ZOO = SHARED ? path.join(SHARED, 'zoo-sources') : null;
const HAVE_ZOO = !!ZOO && fs.existsSync(path.join(ZOO, 'mobilenet_v1_0.25_224', 'model.json'));
if (!HAVE_ZOO) console.log('layers-compiled: skipped the real-model tests: ../shared/zoo-sources is not here (set SPROUT_SHARED to its parent folder)');
const zoo = (...p: string[]) => path.join(ZOO ?? '', ...p);

beforeAll(async () => {
  await sp.setBackend('cpu');
});



/** Compiled predict and layer-by-layer inference (the model's own layer calls) on the same input. */
function both(model: sp.LayersModel, x: sp.Tensor): { compiled: Float32Array; layered: Float32Array; peak: number } {
  const y = model.predict(x) as sp.Tensor;
  const compiled = y.dataSync() as Float32Array;
  y.dispose();
  const peak = model.peakBytes;
  const layered = sp.tidy(() => model.execute([x], false)[0]);
  const ref = layered.dataSync() as Float32Array;
  layered.dispose();
  return { compiled, layered: ref, peak };
}

const MODELS = [
  { name: 'MobileNet V1 0.25', dir: 'mobilenet_v1_0.25_224', shape: [2, 224, 224, 3], lo: -1, hi: 1 },
  { name: 'MobileNet V1 0.75', dir: 'mobilenet_v1_0.75_224', shape: [1, 224, 224, 3], lo: -1, hi: 1 },
  { name: 'Darknet-tiny', dir: 'darknet-tiny', shape: [1, 224, 224, 3], lo: 0, hi: 1 },
  { name: 'DoodleNet', dir: 'doodlenet', shape: [3, 28, 28, 1], lo: 0, hi: 1 },
  { name: 'CREPE', dir: 'crepe', shape: [2, 1024], lo: -2, hi: 2 },
  { name: 'ml5 neuralNetwork example', dir: 'ml5-neuralnetwork-save-example', shape: [4, 0], lo: 0, hi: 1 },
];

describe('compiled predict on the zoo models', () => {
  for (const m of MODELS) {
    it.skipIf(!HAVE_ZOO)(`${m.name}: compiled predict = layer-by-layer predict (1e-5 of the output range)`, async () => {
      const model = await sp.loadLayersModel(zoo(m.dir, 'model.json'));
      expect(untranslatableLayers(model)).toEqual([]);
      const shape = m.shape[1] === 0 ? [m.shape[0], model.inputs[0].shape[1] as number] : m.shape;
      const x = sp.tensor(values(shape.reduce((a, b) => a * b, 1), 7, m.lo, m.hi), shape);
      const r = both(model, x);
      expect(r.peak, 'predict ran through the compiled plan').toBeGreaterThan(0);
      expect(relDiff(r.compiled, r.layered)).toBeLessThan(1e-5);
      x.dispose();
      model.dispose();
    }, 120_000);
  }

  it.skipIf(!HAVE_ZOO)('MobileNet: batch norm is folded into the convolutions, bias and relu fused', async () => {
    const model = await sp.loadLayersModel(zoo('mobilenet_v1_0.25_224', 'model.json'));
    const ir = layersModelToIr(model)!;
    const opt = optimizeIr(ir);
    const count = (g: typeof ir.graph, op: string) => g.nodes.filter((n) => n.op === op).length;
    expect(count(ir.graph, 'mul')).toBeGreaterThan(20); // the batch-norm scales before folding
    expect(count(opt.graph, 'mul')).toBe(0);
    expect(count(opt.graph, 'relu6') + count(opt.graph, 'relu')).toBe(0);
    expect(count(opt.graph, 'fused.conv2d') + count(opt.graph, 'fused.depthwiseConv2d')).toBe(28);
    expect(opt.graph.nodes.every((n) => !n.op.startsWith('fused.') || n.attrs.activation !== 'linear' || n.name.includes('preds'))).toBe(true);
    model.dispose();
  }, 60_000);

  it.skipIf(!HAVE_ZOO)('MobileNet V1 0.25 cut at conv_pw_13_relu compiles and matches layer by layer', async () => {
    const m = await sp.loadLayersModel(zoo('mobilenet_v1_0.25_224', 'model.json'));
    const cut = sp.model({ inputs: m.inputs, outputs: m.getLayer('conv_pw_13_relu').output as sp.SymbolicTensor });
    const x = sp.tensor(values(224 * 224 * 3, 3), [1, 224, 224, 3]);
    const y = cut.predict(x) as sp.Tensor;
    expect(y.shape).toEqual([1, 7, 7, 256]);
    y.dispose();
    const r = both(cut, x);
    expect(r.peak).toBeGreaterThan(0);
    expect(relDiff(r.compiled, r.layered)).toBeLessThan(1e-5);
    x.dispose();
    cut.dispose();
    m.dispose();
  }, 60_000);
});

describe('compiled predict: fallback, weight changes, dropout, memory', () => {
  /** A small model with most translatable classes, shared layers and merges. */
  function smallModel(): sp.LayersModel {
    const inp = sp.input({ shape: [8, 8, 3] });
    const L = sp.layers;
    const a = L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(inp) as sp.SymbolicTensor;
    const bn = L.batchNormalization().apply(a) as sp.SymbolicTensor;
    const s = L.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(L.zeroPadding2d({ padding: 0 }).apply(bn) as sp.SymbolicTensor) as sp.SymbolicTensor;
    const d = L.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 1 }).apply(bn) as sp.SymbolicTensor;
    const sum = L.add().apply([s, d]) as sp.SymbolicTensor;
    const prod = L.multiply().apply([sum, L.leakyReLU({ alpha: 0.1 }).apply(d) as sp.SymbolicTensor]) as sp.SymbolicTensor;
    const cat = L.concatenate().apply([prod, L.prelu({ sharedAxes: [1, 2] }).apply(sum) as sp.SymbolicTensor]) as sp.SymbolicTensor;
    const pooled = L.maxPooling2d({ poolSize: 2 }).apply(L.elu({ alpha: 0.5 }).apply(cat) as sp.SymbolicTensor) as sp.SymbolicTensor;
    const up = L.upSampling2d({ size: 2 }).apply(L.averagePooling2d({ poolSize: 2 }).apply(pooled) as sp.SymbolicTensor) as sp.SymbolicTensor;
    const g = L.globalMaxPooling2d().apply(L.reLU({ maxValue: 6 }).apply(up) as sp.SymbolicTensor) as sp.SymbolicTensor;
    const f = L.flatten().apply(L.reshape({ targetShape: [2, 4] }).apply(g) as sp.SymbolicTensor) as sp.SymbolicTensor;
    const h = L.dense({ units: 6, activation: 'hardSigmoid' }).apply(L.dropout({ rate: 0.5 }).apply(f) as sp.SymbolicTensor) as sp.SymbolicTensor;
    const out = L.softmax().apply(L.dense({ units: 3, activation: 'swish' }).apply(L.activation({ activation: 'tanh' }).apply(h) as sp.SymbolicTensor) as sp.SymbolicTensor);
    return sp.model({ inputs: inp, outputs: out as sp.SymbolicTensor });
  }

  it('a model mixing the usual layer classes compiles and matches layer by layer', () => {
    const model = smallModel();
    // Non-trivial batch-norm statistics.
    const bn = model.layers.find((l) => l.getClassName() === 'BatchNormalization')!;
    bn.setWeights([sp.tensor(values(4, 1, 0.5, 2)), sp.tensor(values(4, 2)), sp.tensor(values(4, 3)), sp.tensor(values(4, 4, 0.5, 2))]);
    expect(untranslatableLayers(model)).toEqual([]);
    const x = sp.tensor(values(5 * 8 * 8 * 3, 9), [5, 8, 8, 3]);
    const r = both(model, x);
    expect(r.peak).toBeGreaterThan(0);
    expect(relDiff(r.compiled, r.layered)).toBeLessThan(1e-5);
    // Another batch size uses the same plan (the batch is free in the IR).
    const x1 = sp.tensor(values(8 * 8 * 3, 10), [1, 8, 8, 3]);
    const r1 = both(model, x1);
    expect(relDiff(r1.compiled, r1.layered)).toBeLessThan(1e-5);
    sp.dispose([x, x1]);
    model.dispose();
  });

  it('a model with a layer the IR cannot express falls back to layer-by-layer predict', () => {
    const model = sp.sequential({ layers: [sp.layers.dense({ inputShape: [3], units: 4, activation: 'gelu' }), sp.layers.dense({ units: 2 })] });
    expect(untranslatableLayers(model)).toEqual([]); // the class is known; its activation is not
    expect(layersModelToIr(model)).toBeNull();
    const x = sp.tensor([[1, 2, 3], [-1, 0, 1]]);
    const r = both(model, x);
    expect(r.peak, 'no compiled run').toBe(0);
    expect(Array.from(r.compiled)).toEqual(Array.from(r.layered));
    sp.dispose(x);
    model.dispose();
  });

  it('an unregistered layer class falls back too', () => {
    class Doubler extends sp.Layer {
      static override className = 'Doubler';
      override call(x: sp.Tensor | sp.Tensor[]): sp.Tensor {
        return sp.mul(Array.isArray(x) ? x[0] : x, 2);
      }
    }
    // A subclass of a translatable class is not taken for it (its call may differ).
    class MyDense extends Dense {}
    const inp = sp.input({ shape: [2] });
    const mid = new Doubler({}).apply(inp) as sp.SymbolicTensor;
    const out = new MyDense({ units: 1, kernelInitializer: 'ones' }).apply(mid) as sp.SymbolicTensor;
    const model = sp.model({ inputs: inp, outputs: out });
    expect(untranslatableLayers(model).sort()).toEqual(['Dense', 'Doubler']);
    const y = model.predict(sp.tensor([[1, 2]])) as sp.Tensor;
    expect(Array.from(y.dataSync())).toEqual([6]);
    expect(model.peakBytes).toBe(0);
    y.dispose();
    model.dispose();
  });

  it('a plan follows setWeights and fit (including batch-norm moving statistics)', async () => {
    const model = sp.sequential({
      layers: [
        sp.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }),
        sp.layers.batchNormalization(),
        sp.layers.dropout({ rate: 0.3 }),
        sp.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    const x = sp.tensor(values(16 * 4, 5), [16, 4]);
    const before = both(model, x);
    expect(relDiff(before.compiled, before.layered)).toBeLessThan(1e-5);

    const first = model.layers[0];
    first.setWeights([sp.tensor(values(32, 11), [4, 8]), sp.tensor(values(8, 12))]);
    const afterSet = both(model, x);
    expect(afterSet.peak).toBeGreaterThan(0);
    expect(relDiff(afterSet.compiled, afterSet.layered)).toBeLessThan(1e-5);
    expect(relDiff(afterSet.compiled, before.compiled)).toBeGreaterThan(1e-3); // the new weights are used

    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const y = sp.oneHot(sp.tensor(Array.from({ length: 16 }, (_, i) => i % 2), [16], 'int32'), 2);
    await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0 });
    const afterFit = both(model, x);
    expect(afterFit.peak).toBeGreaterThan(0);
    expect(relDiff(afterFit.compiled, afterFit.layered)).toBeLessThan(1e-5);
    expect(relDiff(afterFit.compiled, afterSet.compiled)).toBeGreaterThan(1e-4);

    // Dropout is inference in predict: two predicts give the same numbers.
    const p1 = model.predict(x) as sp.Tensor;
    const p2 = model.predict(x) as sp.Tensor;
    expect(Array.from(p1.dataSync())).toEqual(Array.from(p2.dataSync()));
    sp.dispose([p1, p2, x, y]);
    model.dispose();
  });

  it('predicts leave no tensors behind; batches larger than batchSize are split; disposing the model frees the plan', () => {
    const start = sp.memory().numTensors;
    const model = smallModel();
    const x = sp.tensor(values(7 * 8 * 8 * 3, 21), [7, 8, 8, 3]);
    sp.dispose(model.predict(x) as sp.Tensor); // compiles
    const n = sp.memory().numTensors;
    for (let i = 0; i < 3; i++) sp.dispose(model.predict(x) as sp.Tensor);
    expect(sp.memory().numTensors).toBe(n);
    const split = model.predict(x, { batchSize: 3 }) as sp.Tensor;
    const whole = sp.tidy(() => model.execute([x], false)[0]);
    expect(split.shape).toEqual([7, 3]);
    expect(relDiff(split.dataSync(), whole.dataSync())).toBeLessThan(1e-5);
    sp.dispose([split, whole]);
    expect(sp.memory().numTensors).toBe(n);
    x.dispose();
    model.dispose();
    expect(sp.memory().numTensors).toBe(start);
  });

  it('peakBytes reports the intermediates of the last compiled run', () => {
    const model = sp.sequential({ layers: [sp.layers.dense({ inputShape: [100], units: 50, activation: 'relu' }), sp.layers.dense({ units: 10 })] });
    const x = sp.zeros([4, 100]);
    sp.dispose(model.predict(x) as sp.Tensor);
    // At least the first layer's output [4, 50] and the second's [4, 10] (float32), alive together.
    expect(model.peakBytes).toBeGreaterThanOrEqual((4 * 50 + 4 * 10) * 4);
    expect(model.peakBytes).toBeLessThan(1e5);
    sp.dispose(x);
    model.dispose();
  });
});

describe('compiled predict: more layer forms', () => {
  it('Dense on 3-D input, Conv2DTranspose, bilinear upsampling, activations and a nested Sequential', () => {
    const inner = sp.sequential({ layers: [sp.layers.dense({ inputShape: [4], units: 5, activation: 'elu' }), sp.layers.dense({ units: 4, activation: 'logSoftmax' })] });
    const seqIn = sp.input({ shape: [4] });
    const seqOut = sp.layers.dense({ units: 3, activation: 'mish' }).apply(inner.apply(seqIn) as sp.SymbolicTensor) as sp.SymbolicTensor;
    const nested = sp.model({ inputs: seqIn, outputs: seqOut });
    const x2 = sp.tensor(values(6 * 4, 31, -2, 2), [6, 4]);
    const r2 = both(nested, x2);
    expect(r2.peak, 'the nested model compiled').toBeGreaterThan(0);
    expect(relDiff(r2.compiled, r2.layered)).toBeLessThan(1e-5);

    const inp = sp.input({ shape: [3, 4, 2] });
    const L = sp.layers;
    const d = L.dense({ units: 3, activation: 'softsign' }).apply(inp) as sp.SymbolicTensor; // [null, 3, 4, 3]
    const t = L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'selu' }).apply(d) as sp.SymbolicTensor;
    const u = L.upSampling2d({ size: 2, interpolation: 'bilinear' }).apply(t) as sp.SymbolicTensor;
    const e = L.elu().apply(L.activation({ activation: 'softplus' }).apply(u) as sp.SymbolicTensor) as sp.SymbolicTensor;
    const g = L.globalAveragePooling2d().apply(e) as sp.SymbolicTensor;
    const model = sp.model({ inputs: inp, outputs: L.dense({ units: 2, activation: 'sigmoid' }).apply(g) as sp.SymbolicTensor });
    const x = sp.tensor(values(2 * 3 * 4 * 2, 32), [2, 3, 4, 2]);
    const r = both(model, x);
    expect(r.peak).toBeGreaterThan(0);
    expect(relDiff(r.compiled, r.layered)).toBeLessThan(1e-5);
    sp.dispose([x, x2]);
    model.dispose();
    nested.dispose();
  });

  it('inputs with unknown sizes compile per input shape', () => {
    const inp = sp.input({ shape: [null, null, 2] });
    const c = sp.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'relu' }).apply(inp) as sp.SymbolicTensor;
    const model = sp.model({ inputs: inp, outputs: sp.layers.globalMaxPooling2d().apply(c) as sp.SymbolicTensor });
    expect(layersModelToIr(model), 'no shape given: the sizes are unknown').toBeNull();
    for (const [h, w] of [[5, 6], [9, 4], [5, 6]]) {
      const x = sp.tensor(values(h * w * 2, h * w), [1, h, w, 2]);
      const r = both(model, x);
      expect(r.peak).toBeGreaterThan(0);
      expect(relDiff(r.compiled, r.layered)).toBeLessThan(1e-5);
      x.dispose();
    }
    // Too small for the kernel: layer-by-layer predict and its error.
    const tiny = sp.zeros([1, 2, 2, 2]);
    expect(() => model.predict(tiny)).toThrow(/conv2d/i);
    tiny.dispose();
    model.dispose();
  });
});
