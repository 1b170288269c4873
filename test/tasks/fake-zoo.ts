// A stand-in zoo model (ZooModel contract) for tests that need no real weights: 8×8 RGB input,
// 'embedding' = per-channel means of the input and their squares (6 numbers), and 'probabilities'
// = softmax over 3 labels of a fixed linear map of the embedding.
import * as sp from '../../src/index.ts';
import type { ZooManifest, ZooModel } from '../../src/zoo/types.ts';

export function fakeZooModel(id = 'fake', kind: 'image' | 'other' = 'image'): ZooModel {
  const manifest: ZooManifest = {
    id, title: 'fake', tasks: ['imageClassifier', 'featureExtractor'], version: '1', license: 'MIT', attribution: 'test', card: 'test',
    input: kind === 'image'
      ? { kind: 'image', height: 8, width: 8, channels: 3, mean: 0.5, std: 0.5, resize: 'stretch', interpolation: 'bilinear', dtype: 'float32' }
      : { kind: 'other', shape: [16], description: 'numbers' },
    outputs: [
      { name: 'probabilities', shape: [-1, 3], meaning: 'softmax over 3 labels' },
      { name: 'embedding', shape: [-1, 6], meaning: 'channel means and their squares' },
    ],
    labels: ['red', 'green', 'blue'],
  };
  let disposed = false;
  const embed = (x: sp.Tensor) => sp.tidy(() => {
    const m = x.mean([1, 2]);
    return sp.concat([m, m.square()], 1);
  });
  const run = (x: sp.Tensor, names: string[]) => names.map((n) => sp.tidy(() => {
    if (disposed) throw new Error('fake model disposed');
    const e = embed(x);
    return n === 'embedding' ? e : sp.softmax(e.slice([0, 0], [-1, 3]).mul(4));
  }));
  return {
    manifest, peakBytes: 0,
    predict: (x) => run(x, ['probabilities'])[0],
    execute: (x, names = ['probabilities', 'embedding']) => run(x, names),
    dispose: () => { disposed = true; },
  };
}
