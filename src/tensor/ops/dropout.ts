import { describeValue } from '../../errors/index.js';
import { toTensor, type TensorLike } from '../convert.js';
import { ENGINE } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { randomUniform } from './creation.js';
import { div, greaterEqual, mul } from './elementwise.js';
import { asFloat, badArg, broadcastOrThrow } from './op-utils.js';

/**
 * Zeroes each value with probability `rate` and scales the rest by 1/(1 − rate), so the expected
 * sum stays the same. `noiseShape` shares one decision along broadcast dimensions; `seed` makes
 * the mask reproducible.
 *
 * @example
 * sprout.dropout(sprout.ones([4]), 0.5, undefined, 42).print(); // e.g. [2, 0, 2, 2]
 */
export function dropout(x: TensorLike, rate: number, noiseShape?: number[], seed?: number | string): Tensor {
  return ENGINE.tidy(() => {
    const op = 'dropout';
    const t = asFloat(toTensor(x, 'x', op));
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) badArg(op, 'rate', 'must be a number in [0, 1)', describeValue(rate));
    if (rate === 0) return ENGINE.makeView(t, t.shape);
    const shape = noiseShape ?? t.shape;
    const b = broadcastOrThrow(op, t.shape, shape);
    if (b.join() !== t.shape.join()) badArg(op, 'noiseShape', `must broadcast to the shape of x [${t.shape}]`, `[${shape}]`);
    const keep = greaterEqual(randomUniform(shape, 0, 1, 'float32', seed), rate);
    return mul(t, div(asFloat(keep), 1 - rate));
  });
}
