// Training: compile / fit / fitDataset / evaluate. Convergence on a tiny problem, callbacks and
// their order, early stopping, determinism with a seed, no leaks, freezing and transfer learning on
// a cut convnet, regularization, validation, and the friendly errors (incl. a loss gone NaN).
import { describe, expect, it, vi } from 'vitest';
import * as sp from '../../src/index.ts';
import {
  layers, input, model, sequential, callbacks, train, Callback, SymbolicTensor, type LayersModel, type Logs, type Sequential,
} from '../../src/nn/index.ts';

const seeded = (seed: number) => ({ className: 'GlorotUniform', config: { seed } });

function line(): { xs: sp.Tensor; ys: sp.Tensor } {
  const xs = sp.linspace(-1, 1, 41).reshape([41, 1]);
  return { xs, ys: sp.tidy(() => xs.mul(2).add(1)) };
}

function unit(seed = 1): Sequential {
  return sequential({ layers: [layers.dense({ units: 1, inputShape: [1], kernelInitializer: seeded(seed) })] });
}

const weightsOf = (m: LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

/** Three classes of 8×8 images: a bright row, a bright column, or a bright diagonal (plus noise). */
function doodles(n: number, seed: number): { x: sp.Tensor; y: sp.Tensor; labels: number[] } {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const data = new Float32Array(n * 64);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels.push(c);
    const k = 1 + Math.floor(rand() * 6);
    for (let r = 0; r < 8; r++) {
      for (let q = 0; q < 8; q++) {
        const on = c === 0 ? r === k : c === 1 ? q === k : r === q;
        data[i * 64 + r * 8 + q] = (on ? 1 : 0) + (rand() - 0.5) * 0.3;
      }
    }
  }
  return { x: sp.tensor(data, [n, 8, 8, 1]), y: sp.oneHot(sp.tensor(labels, [n], 'int32'), 3).cast('float32'), labels };
}

function convnet(opts: { dropout?: boolean; bn?: boolean } = {}): Sequential {
  const ls = [
    layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: seeded(1), name: 'conv_a' }),
    ...(opts.bn ? [layers.batchNormalization({ name: 'bn' })] : []),
    layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
    layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: seeded(2), name: 'conv_b' }),
    layers.flatten({ name: 'flat' }),
    ...(opts.dropout ? [layers.dropout({ rate: 0.3, name: 'drop' })] : []),
    layers.dense({ units: 8, activation: 'relu', kernelInitializer: seeded(3), name: 'features' }),
    layers.dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(4), name: 'probs' }),
  ];
  return sequential({ layers: ls });
}

describe('convergence on y = 2x + 1 (one dense unit)', () => {
  it('sgd reaches within 1e-3', async () => {
    const { xs, ys } = line();
    const m = unit();
    m.compile({ optimizer: train.sgd(0.5), loss: 'meanSquaredError' });
    const h = await m.fit(xs, ys, { epochs: 300, batchSize: 41, shuffle: false });
    const [[w], [b]] = weightsOf(m);
    expect(Math.abs(w - 2)).toBeLessThan(1e-3);
    expect(Math.abs(b - 1)).toBeLessThan(1e-3);
    expect(h.epoch.length).toBe(300);
    expect(h.history.loss[299]).toBeLessThan(1e-6);
    sp.dispose([xs, ys]);
    m.dispose();
  });

  it('adam reaches within 1e-3 (string optimizer, minibatches, shuffling)', async () => {
    const { xs, ys } = line();
    const m = unit(2);
    m.compile({ optimizer: train.adam(0.05), loss: 'mse' });
    await m.fit(xs, ys, { epochs: 150, batchSize: 8, seed: 1 });
    m.compile({ optimizer: train.adam(0.002), loss: 'mse' });
    await m.fit(xs, ys, { epochs: 100, batchSize: 8, seed: 2 });
    const [[w], [b]] = weightsOf(m);
    expect(Math.abs(w - 2)).toBeLessThan(1e-3);
    expect(Math.abs(b - 1)).toBeLessThan(1e-3);
    const p = m.predict(sp.tensor([[3]])) as sp.Tensor;
    expect(p.dataSync()[0]).toBeCloseTo(7, 2);
    sp.dispose([xs, ys, p]);
    m.dispose();
  });

  it('accepts plain arrays and a string optimizer, and evaluate() matches the last loss', async () => {
    const m = unit(3);
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mae'] });
    const h = await m.fit([[0], [1], [2]], [1, 3, 5], { epochs: 5, batchSize: 3, shuffle: false });
    expect(Object.keys(h.history)).toEqual(['loss', 'mae']);
    const [loss, mae] = m.evaluate([[0], [1], [2]], [[1], [3], [5]]) as sp.Tensor[];
    expect(loss.rank).toBe(0);
    expect(mae.dataSync()[0]).toBeGreaterThan(0);
    sp.dispose([loss, mae]);
    m.dispose();
  });
});

describe('callbacks', () => {
  it('are called in order, awaited when async, with logs', async () => {
    const { xs, ys } = line();
    const m = unit();
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const events: string[] = [];
    class Recorder extends Callback {
      override async onTrainBegin() { events.push('trainBegin'); }
      override async onTrainEnd() { events.push('trainEnd'); }
    }
    await m.fit(xs, ys, {
      epochs: 2, batchSize: 30, shuffle: false, validationSplit: 0.25,
      callbacks: [
        new Recorder(),
        {
          onEpochBegin: async (e) => { await new Promise((r) => setTimeout(r, 5)); events.push(`epochBegin ${e}`); },
          onBatchBegin: (b) => { events.push(`batchBegin ${b}`); },
          onBatchEnd: (b, logs?: Logs) => { events.push(`batchEnd ${b} size=${logs!.size} loss=${typeof logs!.loss}`); },
          onEpochEnd: async (e, logs?: Logs) => { events.push(`epochEnd ${e} ${Object.keys(logs!).join(',')}`); },
        },
      ],
    });
    expect(events).toEqual([
      'trainBegin',
      'epochBegin 0', 'batchBegin 0', 'batchEnd 0 size=30 loss=number', 'epochEnd 0 loss,mae,val_loss,val_mae',
      'epochBegin 1', 'batchBegin 0', 'batchEnd 0 size=30 loss=number', 'epochEnd 1 loss,mae,val_loss,val_mae',
      'trainEnd',
    ]);
    sp.dispose([xs, ys]);
    m.dispose();
  });

  it('model.stopTraining = true stops after the current batch', async () => {
    const { xs, ys } = line();
    const m = unit();
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    let batches = 0;
    const h = await m.fit(xs, ys, {
      epochs: 10, batchSize: 4,
      callbacks: { onBatchEnd: () => { batches++; if (batches === 3) m.stopTraining = true; } },
    });
    expect(batches).toBe(3);
    // As in Keras and TF.js, the interrupted epoch still ends (and is logged).
    expect(h.epoch).toEqual([0]);
    const h2 = await m.fit(xs, ys, { epochs: 4, batchSize: 41, callbacks: { onEpochEnd: (e) => { if (e === 1) m.stopTraining = true; } } });
    expect(h2.epoch).toEqual([0, 1]);
    sp.dispose([xs, ys]);
    m.dispose();
  });

  it('earlyStopping stops when the monitored value stops improving, and can restore the best weights', async () => {
    const { xs, ys } = line();
    const m = unit();
    // A learning rate of 0 never improves anything: patience 2 gives 3 epochs.
    m.compile({ optimizer: train.sgd(0), loss: 'mse' });
    const h = await m.fit(xs, ys, { epochs: 20, validationData: [xs, ys], callbacks: callbacks.earlyStopping({ patience: 2 }) });
    expect(h.epoch).toEqual([0, 1, 2]);
    // Monitoring 'loss' with an oscillating learning rate: the best epoch's weights come back.
    const m2 = unit(5);
    m2.compile({ optimizer: train.sgd(1.05), loss: 'mse' });
    const seen: number[][][] = [];
    const es = callbacks.earlyStopping({ monitor: 'loss', patience: 1, restoreBestWeights: true });
    const h2 = await m2.fit(xs, ys, {
      epochs: 50, batchSize: 41, shuffle: false,
      callbacks: [es, { onEpochEnd: () => { seen.push(weightsOf(m2)); } }],
    });
    expect(h2.epoch.length).toBeLessThan(50);
    const best = h2.history.loss.indexOf(Math.min(...h2.history.loss));
    expect(es.bestEpoch).toBe(best);
    expect(weightsOf(m2)).toEqual(seen[best]);
    // A missing monitor warns instead of stopping.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h3 = await m.fit(xs, ys, { epochs: 3, callbacks: callbacks.earlyStopping({ monitor: 'val_acc' }) });
    expect(h3.epoch.length).toBe(3);
    expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/val_acc.*validationSplit/);
    warn.mockRestore();
    sp.dispose([xs, ys]);
    m.dispose();
    m2.dispose();
  });
});

describe('classification, validation, determinism, memory', () => {
  it('learns doodles with a convnet; history has acc and val_ metrics', async () => {
    const { x, y } = doodles(60, 3);
    const m = convnet({ bn: true });
    m.compile({ optimizer: train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const h = await m.fit(x, y, { epochs: 12, batchSize: 16, validationSplit: 0.2, seed: 4 });
    expect(Object.keys(h.history).sort()).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
    expect(h.history.loss[11]).toBeLessThan(h.history.loss[0]);
    expect(h.history.acc[11]).toBeGreaterThan(0.8);
    // BatchNormalization's moving statistics moved during training.
    const [, , mm, mv] = m.getLayer('bn').getWeights();
    expect([...mm.dataSync()].some((v) => v !== 0)).toBe(true);
    expect([...mv.dataSync()].some((v) => v !== 1)).toBe(true);
    sp.dispose([x, y]);
    m.dispose();
  });

  it('sparse labels with sparseCategoricalCrossentropy', async () => {
    const { x, labels } = doodles(30, 5);
    const y = sp.tensor(labels, [30], 'float32');
    const m = convnet();
    m.compile({ optimizer: train.adam(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const h = await m.fit(x, y, { epochs: 8, batchSize: 10, seed: 1 });
    expect(h.history.acc[7]).toBeGreaterThan(h.history.acc[0] - 1e-9);
    expect(h.history.loss[7]).toBeLessThan(h.history.loss[0]);
    sp.dispose([x, y]);
    m.dispose();
  });

  it('the same seed gives bit-identical weights (seeded initializers, shuffling and dropout)', async () => {
    const { x, y } = doodles(30, 7);
    const run = async (seed: number) => {
      const m = convnet({ dropout: true });
      m.compile({ optimizer: train.adam(0.01), loss: 'categoricalCrossentropy' });
      const h = await m.fit(x, y, { epochs: 3, batchSize: 8, seed });
      const w = weightsOf(m);
      m.dispose();
      return { w, loss: h.history.loss };
    };
    const a = await run(11), b = await run(11), c = await run(12);
    expect(a.w).toEqual(b.w);
    expect(a.loss).toEqual(b.loss);
    expect(c.w).not.toEqual(a.w);
    sp.dispose([x, y]);
  });

  it('leaks no tensors: numTensors is the same after every epoch', async () => {
    const { x, y } = doodles(24, 9);
    const m = convnet({ dropout: true, bn: true });
    m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const counts: number[] = [];
    await m.fit(x, y, { epochs: 4, batchSize: 8, validationSplit: 0.25, callbacks: { onEpochEnd: () => { counts.push(sp.memory().numTensors); } } });
    expect(new Set(counts).size).toBe(1);
    // After fit, only the optimizer's state remains on top of the model.
    const after = sp.memory().numTensors;
    const ev = m.evaluate(x, y) as sp.Tensor[];
    sp.dispose(ev);
    expect(sp.memory().numTensors).toBe(after);
    // The first predict compiles a plan holding its own copy of the weights; later ones add nothing.
    (m.predict(x) as sp.Tensor).dispose();
    const compiled = sp.memory().numTensors;
    (m.predict(x) as sp.Tensor).dispose();
    expect(sp.memory().numTensors).toBe(compiled);
    const beforeDispose = sp.memory().numTensors;
    m.dispose();
    expect(sp.memory().numTensors).toBeLessThan(beforeDispose);
    sp.dispose([x, y]);
  });
});

describe('freezing and transfer learning on a cut convnet', () => {
  it('frozen layers keep their weights; the new head learns', async () => {
    const { x, y, labels } = doodles(45, 13);
    const base = convnet();
    base.compile({ optimizer: train.adam(0.01), loss: 'categoricalCrossentropy' });
    await base.fit(x, y, { epochs: 3, batchSize: 15, seed: 1 });
    // Cut at the features layer and put a new 2-class head on it (is the image a row doodle?).
    const features = base.getLayer('features').output as SymbolicTensor;
    const head = layers.dense({ units: 2, activation: 'softmax', kernelInitializer: seeded(8), name: 'new_head' }).apply(features) as SymbolicTensor;
    const transfer = model({ inputs: base.inputs, outputs: head });
    for (const l of base.layers) l.trainable = false;
    const frozenBefore = weightsOf(base);
    const headBefore = transfer.getLayer('new_head').getWeights().map((w) => Array.from(w.dataSync()));
    const y2 = sp.oneHot(sp.tensor(labels.map((l) => (l === 0 ? 1 : 0)), undefined, 'int32'), 2);
    transfer.compile({ optimizer: train.adam(0.05), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    expect(transfer.trainableWeights.map((w) => w.name)).toEqual(['new_head/kernel', 'new_head/bias']);
    const h = await transfer.fit(x, y2, { epochs: 10, batchSize: 15, seed: 2 });
    expect(weightsOf(base)).toEqual(frozenBefore);
    expect(transfer.getLayer('new_head').getWeights().map((w) => Array.from(w.dataSync()))).not.toEqual(headBefore);
    expect(h.history.loss[9]).toBeLessThan(h.history.loss[0]);
    // Unfreezing makes them trainable again.
    base.getLayer('conv_a').trainable = true;
    expect(transfer.trainableWeights.map((w) => w.name)).toContain('conv_a/kernel');
    // The truncated model gives embeddings for another model.
    const truncated = model({ inputs: base.inputs, outputs: features });
    const emb = truncated.predict(x) as sp.Tensor;
    expect(emb.shape).toEqual([45, 8]);
    sp.dispose([x, y, y2, emb]);
    transfer.dispose();
    base.dispose();
  });
});

describe('regularization and losses', () => {
  it('regularizer penalties are added to the training loss', async () => {
    const m = sequential({ layers: [layers.dense({ units: 2, inputShape: [3], kernelRegularizer: { className: 'L1L2', config: { l1: 0, l2: 0.1 } }, kernelInitializer: seeded(1) })] });
    m.compile({ optimizer: train.sgd(0), loss: 'mse' });
    const x = sp.ones([4, 3]), y = sp.zeros([4, 2]);
    const h = await m.fit(x, y, { epochs: 1, batchSize: 4 });
    const expected = sp.tidy(() => {
      const pred = m.predict(x) as sp.Tensor;
      return pred.square().mean().add(m.getWeights()[0].square().sum().mul(0.1)).dataSync()[0];
    });
    expect(h.history.loss[0]).toBeCloseTo(expected, 5);
    const ev = m.evaluate(x, y) as sp.Tensor;
    expect(ev.dataSync()[0]).toBeCloseTo(expected, 5);
    sp.dispose([x, y, ev]);
    m.dispose();
  });

  it('multiple outputs: a loss per output, logged per output', async () => {
    const inp = input({ shape: [2] });
    const a = layers.dense({ units: 1, name: 'reg_out' }).apply(inp) as SymbolicTensor;
    const b = layers.dense({ units: 2, activation: 'softmax', name: 'cls_out' }).apply(inp) as SymbolicTensor;
    const m = model({ inputs: inp, outputs: [a, b] });
    m.compile({ optimizer: 'adam', loss: ['mse', 'categoricalCrossentropy'], metrics: { cls_out: 'accuracy' } });
    const x = sp.randomNormal([8, 2], 0, 1, 'float32', 1);
    const h = await m.fit(x, [sp.zeros([8, 1]), sp.oneHot(sp.zeros([8], 'int32'), 2)], { epochs: 2 });
    expect(Object.keys(h.history)).toEqual(['loss', 'reg_out_loss', 'cls_out_loss', 'cls_out_acc']);
    expect(h.history.loss[0]).toBeCloseTo(h.history.reg_out_loss[0] + h.history.cls_out_loss[0], 5);
    x.dispose();
    m.dispose();
  });
});

describe('fitDataset', () => {
  it('trains from a generator function of { xs, ys } batches, disposing them', async () => {
    const m = unit(4);
    m.compile({ optimizer: train.sgd(0.3), loss: 'mse' });
    function* batches() {
      for (let i = 0; i < 5; i++) {
        const xs = sp.randomUniform([8, 1], -1, 1, 'float32', i);
        yield { xs, ys: sp.tidy(() => xs.mul(2).add(1)) };
      }
    }
    const before = sp.memory().numTensors;
    const events: string[] = [];
    const h = await m.fitDataset(batches, {
      epochs: 30,
      validationData: [sp.tensor([[0.5]]), sp.tensor([[2]])],
      callbacks: { onEpochEnd: (e, logs) => { if (e === 0) events.push(Object.keys(logs!).join(',')); } },
    });
    expect(events).toEqual(['loss,val_loss']);
    expect(h.epoch.length).toBe(30);
    expect(h.history.loss[29]).toBeLessThan(1e-3);
    expect(sp.memory().numTensors).toBe(before + 2); // only the validation tensors made above
    m.dispose();
  });

  it('continues one iterator across epochs with batchesPerEpoch; async iterables work', async () => {
    const m = unit(6);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    let made = 0;
    async function* stream() {
      for (;;) {
        made++;
        yield { xs: [[1], [2]], ys: [[3], [5]] };
      }
    }
    const h = await m.fitDataset(stream(), { epochs: 3, batchesPerEpoch: 4 });
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(made).toBe(12);
    // A one-shot generator runs out: training stops with a warning after the first epoch.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const once = (function* () { yield { xs: [[1]], ys: [[3]] }; })();
    const h2 = await m.fitDataset(once, { epochs: 3 });
    expect(h2.epoch).toEqual([0]);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/ran out of batches/);
    warn.mockRestore();
    m.dispose();
  });

  it('takes TF.js-style datasets ({ iterator() }) and validation datasets', async () => {
    const m = unit(8);
    m.compile({ optimizer: train.sgd(0.2), loss: 'mse' });
    const rows = [[-1], [-0.5], [0], [0.5], [1]];
    const dataset = { iterator: async () => rows.map((r) => ({ xs: [r], ys: [[2 * r[0] + 1]] }))[Symbol.iterator]() };
    const validation = () => [{ xs: [[0.25]], ys: [[1.5]] }, { xs: [[0.75]], ys: [[2.5]] }];
    const h = await m.fitDataset(dataset, { epochs: 40, validationData: validation });
    expect(Object.keys(h.history)).toEqual(['loss', 'val_loss']);
    expect(h.history.val_loss[39]).toBeLessThan(h.history.val_loss[0]);
    m.dispose();
  });

  it('trainOnBatch takes one step and returns the loss', async () => {
    const m = unit(9);
    m.compile({ optimizer: train.sgd(0.1), loss: 'mse', metrics: ['mae'] });
    const before = weightsOf(m);
    const [loss, mae] = (await m.trainOnBatch([[1], [2]], [[3], [5]])) as number[];
    expect(loss).toBeGreaterThan(0);
    expect(mae).toBeGreaterThan(0);
    expect(weightsOf(m)).not.toEqual(before);
    m.dispose();
  });

  it('an empty dataset is a friendly error', async () => {
    const m = unit();
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fitDataset([], { epochs: 1 })).rejects.toThrow(/nothing to learn from.*no batches/);
    m.dispose();
  });
});

describe('friendly errors', () => {
  it('fit before compile', async () => {
    const m = unit();
    await expect(m.fit(sp.ones([2, 1]), sp.ones([2, 1]))).rejects.toThrow(/compile\(\{ optimizer: 'adam', loss: 'meanSquaredError' \}\) first/);
    m.dispose();
  });

  it('x and y of different lengths', async () => {
    const m = unit();
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fit(sp.ones([5, 1]), sp.ones([4, 1]))).rejects.toThrow(/x has 5 example\(s\) but y has 4/);
    m.dispose();
  });

  it('wrong feature count names the layer and both shapes', async () => {
    const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [3], name: 'needs_three' })] });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fit(sp.ones([5, 2]), sp.ones([5, 1]))).rejects.toThrow(/'needs_three' expects data of shape \[null,3\].*x has shape \[5,2\]/);
    await expect(m.fit(sp.ones([5, 3]), sp.ones([5, 4]))).rejects.toThrow(/output layer 'needs_three' gives shape \[null,1\].*\[5,4\]/);
    m.dispose();
  });

  it('labels out of range for sparse losses', async () => {
    const m = sequential({ layers: [layers.dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    await expect(m.fit(sp.ones([3, 2]), sp.tensor([0, 1, 3]))).rejects.toThrow(/from 0 to 2 \(the model has 3 outputs\), but they go from 0 to 3/);
    await expect(m.fit(sp.ones([3, 2]), sp.tensor([0, 1.5, 2]))).rejects.toThrow(/not whole numbers/);
    m.dispose();
  });

  it('NaN in the data', async () => {
    const m = unit();
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fit(sp.tensor([[1], [2], [NaN]]), sp.ones([3, 1]))).rejects.toThrow(/x contains NaN or Infinity \(first in example 2\)/);
    await expect(m.fit(sp.ones([3, 1]), sp.tensor([[1], [Infinity], [1]]))).rejects.toThrow(/y contains NaN or Infinity \(first in example 1\)/);
    m.dispose();
  });

  it('an empty dataset', async () => {
    const m = unit();
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fit(sp.zeros([0, 1]), sp.zeros([0, 1]))).rejects.toThrow(/nothing to learn from/);
    m.dispose();
  });

  it('a loss that becomes NaN stops training, suggests a smaller learning rate and restores the last good weights', async () => {
    const xs = sp.tensor([[10], [20], [-30], [40]]);
    const ys = sp.tensor([[1], [2], [3], [4]]);
    const m = unit(7);
    m.compile({ optimizer: train.sgd(10), loss: 'mse' });
    const good: number[][][] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let ended = false;
    const h = await m.fit(xs, ys, {
      epochs: 100, batchSize: 4, shuffle: false,
      callbacks: { onBatchBegin: () => { good.push(weightsOf(m)); }, onTrainEnd: () => { ended = true; } },
    });
    const message = warn.mock.calls.map((c) => String(c[0])).join('\n');
    warn.mockRestore();
    expect(message).toMatch(/loss became NaN.*learning rate is too high \(10\): try a smaller one, e\.g\. 1\b/);
    expect(ended).toBe(true);
    expect(h.epoch.length).toBeLessThan(100);
    expect(h.history.loss.every((l) => Number.isFinite(l))).toBe(true);
    const w = weightsOf(m);
    expect(w.flat().every((v) => Number.isFinite(v))).toBe(true);
    // Back to the weights of the last batch whose loss was finite.
    expect(w).toEqual(good[good.length - 2]);
    sp.dispose([xs, ys]);
    m.dispose();
  });

  it('a second fit while one runs is refused', async () => {
    const m = unit();
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = sp.ones([4, 1]);
    const first = m.fit(x, x, { epochs: 3, yieldEvery: 'batch' });
    await expect(m.fit(x, x)).rejects.toThrow(/already training/);
    await first;
    x.dispose();
    m.dispose();
  });
});
