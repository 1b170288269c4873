// Review of neuralNetwork: examples of a new label added after training, then train() again (as a
// sketch with buttons does). The model used to keep its old output size, and fit() failed with an
// engine message; now the model is rebuilt to fit the data, and memory stays where it was.
import { describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';

describe('neuralNetwork (review): retraining after new data', () => {
  it('a new label after training: train() again works, classify gives every label; numTensors stable', async () => {
    const nn = sp.neuralNetwork({ inputs: ['x', 'y'], outputs: ['label'], task: 'classification', seed: 1 });
    for (let i = 0; i < 20; i++) {
      nn.addData([i / 20, 0.1], ['low']);
      nn.addData({ x: i / 20, y: 0.9 }, { label: 'high' });
    }
    nn.normalizeData();
    await new Promise<void>((resolve, reject) => nn.train((_r: unknown, e: unknown) => (e ? reject(e) : resolve())));
    expect((await nn.classify([0.5, 0.9])).map((r) => r.label).sort()).toEqual(['high', 'low']);
    const before = sp.memory().numTensors;
    for (let i = 0; i < 20; i++) nn.addData([i / 20, 0.5], ['middle']);
    await nn.train({ epochs: 30 });
    const results = await nn.classify({ x: 0.5, y: 0.5 });
    expect(results.map((r) => r.label).sort()).toEqual(['high', 'low', 'middle']);
    expect(results.reduce((s, r) => s + r.confidence, 0)).toBeCloseTo(1, 5);
    await nn.train({ epochs: 1 });
    expect(sp.memory().numTensors, 'the old model was freed').toBe(before);
    nn.dispose();
  });
});
