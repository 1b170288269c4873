// Review of neuralNetwork inputs: a tensor of values works like the list of its numbers (it used to
// be read as an object, and the message listed the tensor's inner fields); the tensor is left alone.
import { describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';

describe('neuralNetwork inputs (review)', () => {
  it('addData and classify take a 1-D tensor like an array; the tensors given stay theirs', async () => {
    const nn = sp.neuralNetwork({ inputs: ['x', 'y'], outputs: ['label'], task: 'classification', seed: 2 });
    const given: sp.Tensor[] = [];
    for (let i = 0; i < 10; i++) {
      const a = sp.tensor([i / 10, 0.1]);
      given.push(a);
      nn.addData(a, ['low']);
      nn.addData([i / 10, 0.9], ['high']);
    }
    expect(nn.data[0].xs).toEqual({ x: 0, y: expect.closeTo(0.1, 6) });
    await nn.train({ epochs: 5 });
    const q = sp.tensor([0.5, 0.9]);
    expect(await nn.classify(q)).toEqual(await nn.classify([0.5, 0.9]));
    expect(await nn.classifyMultiple([q, [0.5, 0.9]])).toHaveLength(2);
    for (const t of [...given, q]) expect(t.isDisposed).toBe(false);
    const wrong = sp.tensor([1, 2, 3]);
    await expect(nn.classify(wrong)).rejects.toThrow('classify got 3 input value(s), but this neuralNetwork takes 2 (x, y).');
    sp.dispose([...given, q, wrong]);
    nn.dispose();
  });
});
