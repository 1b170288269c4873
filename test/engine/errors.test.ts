// Error messages: bad input to every op family raises a SproutError whose message names the op,
// the parameter, what was expected and what was given. Expected texts are written out by hand from
// the catalog templates (src/errors/catalog.ts), never produced by running Sprout.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { CATALOG, formatMessage, FRIENDLY_PREFIX, type MessageCode } from '../../src/errors/index.ts';
import { findBackend, registerBackend, registeredBackends, unregisterBackend } from '../../src/backends/registry.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs fn, expecting a SproutError; returns it. */
function caught(fn: () => unknown): sp.SproutError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a thrown error').toBeDefined();
  expect(err).toBeInstanceOf(sp.SproutError);
  expect(err).toBeInstanceOf(Error);
  return err as sp.SproutError;
}

async function caughtAsync(fn: () => Promise<unknown>): Promise<sp.SproutError> {
  let err: unknown;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a rejected promise').toBeDefined();
  expect(err).toBeInstanceOf(sp.SproutError);
  return err as sp.SproutError;
}

/** Asserts fn throws SproutError `code` with exactly `message`. */
function throwsExactly(fn: () => unknown, code: MessageCode, message: string): sp.SproutError {
  const err = caught(fn);
  expect(err.message).toBe(message);
  expect(err.code).toBe(code);
  expect(err.name).toBe('SproutError');
  return err;
}

const INPUT_KINDS = 'must be a Tensor, a number, a boolean, a (nested) array or a TypedArray';

describe('op errors name the op, the parameter, the expectation and what was given', () => {
  it('conv2d with a rank-3 filter', () => {
    throwsExactly(
      () => sp.conv2d(sp.ones([1, 4, 4, 3]), sp.ones([3, 3, 3]), 1, 'valid'),
      'op.badArgument',
      'conv2d: filter must have rank 4, got rank 3 (shape [3,3,3])',
    );
  });

  it('conv2d: x rank, channel mismatch, pad, dilations with strides, too-small input', () => {
    throwsExactly(() => sp.conv2d(sp.ones([4, 4]), sp.ones([3, 3, 1, 1]), 1, 'same'), 'op.badArgument',
      'conv2d: x must have rank 3 or 4, got rank 2 (shape [4,4])');
    throwsExactly(() => sp.conv2d(sp.ones([1, 4, 4, 3]), sp.ones([3, 3, 2, 1]), 1, 'same'), 'op.badArgument',
      'conv2d: filter must have 3 input channel(s) in dimension 3 to match x (shape [1,4,4,3]), got shape [3,3,2,1]');
    throwsExactly(() => sp.conv2d(sp.ones([1, 4, 4, 1]), sp.ones([3, 3, 1, 1]), 1, 'full' as never), 'op.badArgument',
      `conv2d: pad must be 'same', 'valid', a non-negative integer, or [[0,0],[top,bottom],[left,right],[0,0]], got a string ("full")`);
    throwsExactly(() => sp.conv2d(sp.ones([1, 8, 8, 1]), sp.ones([3, 3, 1, 1]), 2, 'same', 'NHWC', 2), 'op.badArgument',
      'conv2d: dilations must be 1 when strides are greater than 1 (strides [2,2]), got [2,2]');
    throwsExactly(() => sp.conv2d(sp.ones([1, 2, 2, 1]), sp.ones([3, 3, 1, 1]), 1, 'valid'), 'op.badArgument',
      'conv2d: x is too small for the filter: output would be 0×0, got shape [1,2,2,1]');
    throwsExactly(() => sp.conv2d(sp.ones([1, 4, 4, 1]), sp.ones([3, 3, 1, 1]), 0, 'same'), 'op.badArgument',
      'conv2d: strides must be a positive integer or a pair [h, w] of them, got the number 0');
  });

  it('depthwiseConv2d, pools, conv2dTranspose and the fused ops', () => {
    throwsExactly(() => sp.depthwiseConv2d(sp.ones([1, 4, 4, 2]), sp.ones([3, 3, 3, 1]), 1, 'same'), 'op.badArgument',
      'depthwiseConv2d: filter must have 2 input channel(s) in dimension 3 to match x (shape [1,4,4,2]), got shape [3,3,3,1]');
    throwsExactly(() => sp.maxPool(sp.ones([1, 2, 2, 1]), 3, 1, 'valid'), 'op.badArgument',
      'maxPool: x is too small for the filter: output would be 0×0, got shape [1,2,2,1]');
    throwsExactly(() => sp.avgPool(sp.ones([2, 2]), 2, 2, 'valid'), 'op.badArgument',
      'avgPool: x must have rank 3 or 4, got rank 2 (shape [2,2])');
    throwsExactly(() => sp.conv2dTranspose(sp.ones([1, 2, 2, 1]), sp.ones([2, 2, 1, 1]), [1, 5, 5, 1], 2, 'same'), 'op.badArgument',
      "conv2dTranspose: outputShape must be one that a conv2d with these strides and pad maps to x's 2×2, got [1,5,5,1] (maps to 3×3)");
    throwsExactly(() => sp.fused.matMul({ a: [[1, 2]], b: [[1], [1]], activation: 'tanh' as never }), 'op.badArgument',
      `fused.matMul: activation must be one of 'linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid', got a string ("tanh")`);
    throwsExactly(() => sp.fused.conv2d({ x: sp.ones([1, 3, 3, 1]), filter: sp.ones([1, 1, 1, 1]), strides: 1, pad: 'same', activation: 'prelu' }), 'op.badArgument',
      "fused.conv2d: preluActivationWeights must be given with activation 'prelu', got undefined");
  });

  it('matMul with mismatched inner dimensions (plain and transposed)', () => {
    throwsExactly(() => sp.matMul(sp.ones([2, 3]), sp.ones([4, 5])), 'op.badArgument',
      'matMul: b must have 3 row(s) to match the inner dimension of a ([2,3]), got shape [4,5]');
    throwsExactly(() => sp.matMul(sp.ones([3, 2]), sp.ones([4, 5]), true), 'op.badArgument',
      'matMul: b must have 3 row(s) to match the inner dimension of a ([3,2], transposed), got shape [4,5]');
    throwsExactly(() => sp.matMul(sp.ones([2, 3]), sp.ones([5, 4]), false, true), 'op.badArgument',
      'matMul: b must have 3 row(s) to match the inner dimension of a ([2,3]), got shape [5,4] (transposed)');
    throwsExactly(() => sp.matMul(sp.ones([3]), sp.ones([3, 1])), 'op.badArgument',
      'matMul: a must have rank ≥ 2, got rank 1 (shape [3])');
    throwsExactly(() => sp.matMul(sp.ones([2, 2, 3]), sp.ones([3, 3, 4])), 'op.shapesNotBroadcastable',
      'matMul: shapes [2] and [3] cannot be broadcast together (dimension 0 is 2 vs 3; each must be equal or 1)');
  });

  it('elementwise ops whose shapes do not broadcast', () => {
    throwsExactly(() => sp.add(sp.ones([2, 3]), sp.ones([4, 3])), 'op.shapesNotBroadcastable',
      'add: shapes [2,3] and [4,3] cannot be broadcast together (dimension 0 is 2 vs 4; each must be equal or 1)');
    throwsExactly(() => sp.mul(sp.ones([5, 2, 3]), sp.ones([2, 4])), 'op.shapesNotBroadcastable',
      'mul: shapes [5,2,3] and [2,4] cannot be broadcast together (dimension 2 is 3 vs 4; each must be equal or 1)');
    throwsExactly(() => sp.less([1, 2, 3], [1, 2]), 'op.shapesNotBroadcastable',
      'less: shapes [3] and [2] cannot be broadcast together (dimension 0 is 3 vs 2; each must be equal or 1)');
    throwsExactly(() => sp.where([true, false], [1, 2, 3], 0), 'op.shapesNotBroadcastable',
      'where: shapes [3] and [2] cannot be broadcast together (dimension 0 is 3 vs 2; each must be equal or 1)');
  });

  it('elementwise ops with bad arguments', () => {
    throwsExactly(() => sp.where([1, 0], [1, 2], [3, 4]), 'op.badArgument', 'where: condition must have dtype bool, got float32');
    throwsExactly(() => sp.clipByValue([1, 2], 2, 1), 'op.badArgument', 'clipByValue: clipValueMin must be ≤ clipValueMax (1), got 2');
    throwsExactly(() => sp.leakyRelu([1], 'a' as never), 'op.badArgument', 'leakyRelu: alpha must be a number, got a string ("a")');
    throwsExactly(() => sp.cast([1], 'float64' as never), 'tensor.badDtype', `cast: dtype must be 'float32', 'int32' or 'bool', got a string ("float64")`);
    throwsExactly(() => sp.addN([[1, 2], [1, 2, 3]]), 'op.badArgument', 'addN: tensors[1] must have the shape of tensors[0] ([2]), got [3]');
  });

  it('reshape to the wrong number of elements', () => {
    throwsExactly(() => sp.reshape(sp.ones([2, 3]), [4, 2]), 'op.badArgument',
      'reshape: shape must have 6 element(s) like [2,3], got [4,2] (8 elements)');
    throwsExactly(() => sp.reshape(sp.ones([2, 3]), [4, -1]), 'op.badArgument',
      'reshape: shape must fit 6 element(s) of shape [2,3], got [4,-1]');
    throwsExactly(() => sp.reshape(sp.ones([2, 3]), [-1, -1]), 'op.badArgument',
      'reshape: shape may contain only one -1 and no other negative size, got [-1,-1]');
  });

  it('slice out of range', () => {
    throwsExactly(() => sp.slice(sp.ones([2, 3]), [0, 2], [1, 2]), 'op.badArgument',
      'slice: size must fit in the tensor at axis 1 (begin 2, dimension 3), got 2');
    throwsExactly(() => sp.slice(sp.ones([2, 3]), [3, 0]), 'op.badArgument',
      'slice: begin must be in [0, 2] at axis 0 (shape [2,3]), got 3');
    throwsExactly(() => sp.slice(sp.ones([2, 3]), [0, 0, 0]), 'op.badArgument',
      'slice: begin must have at most 2 entries for a tensor of rank 2, got [0,0,0]');
  });

  it('gather with an index out of range', () => {
    throwsExactly(() => sp.gather([10, 20, 30], [0, 5]), 'op.badArgument',
      'gather: indices must be in [0, 2] (axis 0 has size 3), got 5 at position 2');
    throwsExactly(() => sp.gather([[1, 2], [3, 4]], [-1], 1), 'op.badArgument',
      'gather: indices must be in [0, 1] (axis 1 has size 2), got -1 at position 1');
    throwsExactly(() => sp.gather([1, 2], [0.5]), 'op.badArgument', 'gather: indices must be integers, got dtype float32');
  });

  it('concat, stack, split, pad, tile, transpose, broadcastTo', () => {
    throwsExactly(() => sp.concat([sp.ones([2, 3]), sp.ones([3, 2])], 0), 'op.badArgument',
      'concat: tensors[1] must have shape [*,3] (all but axis 0 equal to tensors[0]), got [3,2]');
    throwsExactly(() => sp.concat([sp.ones([2, 3]), sp.ones([2, 3])], 2), 'op.badArgument',
      'concat: axis must be an integer in [-2, 1] for a tensor of rank 2, got the number 2');
    throwsExactly(() => sp.concat([]), 'op.badArgument', 'concat: tensors must be a non-empty array of tensors, got an array of length 0');
    throwsExactly(() => sp.stack([sp.ones([2]), sp.ones([3])]), 'op.badArgument', 'stack: tensors[1] must have the shape of tensors[0] ([2]), got [3]');
    throwsExactly(() => sp.split(sp.ones([5]), 2), 'op.badArgument', 'split: numOrSizeSplits must divide the axis size 5, got 2');
    throwsExactly(() => sp.split(sp.ones([5]), [2, 2]), 'op.badArgument', 'split: numOrSizeSplits must add up to the axis size 5, got [2,2]');
    throwsExactly(() => sp.pad(sp.ones([2, 2]), [[1, 1]]), 'op.badArgument',
      'pad: paddings must be 2 pair(s) [before, after] of non-negative integers (one per axis), got [[1,1]]');
    throwsExactly(() => sp.tile(sp.ones([2, 2]), [2]), 'op.badArgument', 'tile: reps must be an array of 2 integers, got an array of length 1 [2]');
    throwsExactly(() => sp.transpose(sp.ones([2, 2]), [0, 0]), 'op.badArgument', 'transpose: perm must be a permutation of [0..1], got [0,0]');
    throwsExactly(() => sp.broadcastTo(sp.ones([2, 3]), [2, 2]), 'op.badArgument',
      'broadcastTo: shape must be reachable from [2,3] (each dimension equal or from 1), got [2,2]');
    throwsExactly(() => sp.squeeze(sp.ones([2, 1]), 0), 'op.badArgument', 'squeeze: axis must name dimensions of size 1 (shape [2,1]), got axis 0 of size 2');
  });

  it('reductions and their relatives', () => {
    throwsExactly(() => sp.sum(sp.ones([2, 3]), 2), 'op.badArgument', 'sum: axis must be an integer in [-2, 1] for a tensor of rank 2, got the number 2');
    throwsExactly(() => sp.mean(sp.ones([2, 3]), [0, -2]), 'op.badArgument', 'mean: axis must not repeat an axis, got [0,-2]');
    throwsExactly(() => sp.argMax(sp.scalar(1)), 'op.badArgument', 'argMax: x must have rank ≥ 1, got rank 0 (a scalar)');
    throwsExactly(() => sp.softmax(sp.ones([2, 3]), 3), 'op.badArgument', 'softmax: dim must be an integer in [-2, 1] for a tensor of rank 2, got the number 3');
    throwsExactly(() => sp.topk([1, 2, 3], 5), 'op.badArgument', 'topk: k must be an integer in [0, 3], got the number 5');
  });

  it('creation ops, oneHot, resize and fromPixels', () => {
    throwsExactly(() => sp.range(0, 5, 0), 'op.badArgument', 'range: step must not be 0, got 0');
    throwsExactly(() => sp.linspace(0, 1, 0), 'op.badArgument', 'linspace: num must be an integer ≥ 1, got the number 0');
    throwsExactly(() => sp.oneHot([0.5, 1], 3), 'op.badArgument', 'oneHot: indices must have dtype int32, got float32');
    throwsExactly(() => sp.image.resizeBilinear(sp.ones([2, 2, 1]), [0, 2]), 'op.badArgument',
      'image.resizeBilinear: size must be [newHeight, newWidth] of positive integers, got [0,2]');
    throwsExactly(() => sp.image.resizeNearestNeighbor(sp.ones([2, 2, 1]), [4, 4], true, true), 'op.badArgument',
      'image.resizeNearestNeighbor: halfPixelCenters must be false when alignCorners is true, got true');
    throwsExactly(() => sp.browser.fromPixels({ data: new Uint8Array(4), width: 1, height: 1 }, 2), 'op.badArgument',
      'browser.fromPixels: numChannels must be 1, 3 or 4, got the number 2');
    throwsExactly(() => sp.browser.fromPixels({ data: new Uint8Array(3), width: 1, height: 1 }), 'op.badArgument',
      'browser.fromPixels: pixels.data must hold width·height·4 = 4 RGBA bytes, got 3 values');
    throwsExactly(() => sp.randomUniform([2], 0, 1, 'bool'), 'op.badArgument', "randomUniform: dtype must be 'float32' or 'int32', got 'bool'");
  });
});

describe('tensor creation errors', () => {
  it('a bad dtype string', () => {
    throwsExactly(() => sp.tensor([1, 2], undefined, 'float64' as never), 'tensor.badDtype',
      `tensor: dtype must be 'float32', 'int32' or 'bool', got a string ("float64")`);
    throwsExactly(() => sp.zeros([2], 'float16' as never), 'tensor.badDtype', `zeros: dtype must be 'float32', 'int32' or 'bool', got a string ("float16")`);
    throwsExactly(() => sp.ones([2], 7 as never), 'tensor.badDtype', `ones: dtype must be 'float32', 'int32' or 'bool', got the number 7`);
  });

  it('ragged nested arrays', () => {
    throwsExactly(() => sp.tensor([[1, 2], [3]]), 'tensor.raggedArray', 'tensor: nested array is ragged at [1]: expected 2 element(s), got 1');
    throwsExactly(() => sp.tensor([[1, 2], 3] as never), 'tensor.raggedArray',
      'tensor: nested array is ragged at [1]: expected an array of 2 element(s), got the number 3');
    throwsExactly(() => sp.tensor([[[1], [2]], [[3], [4, 5]]]), 'tensor.raggedArray', 'tensor: nested array is ragged at [1][1]: expected 1 element(s), got 2');
  });

  it('non-numeric values inside arrays', () => {
    throwsExactly(() => sp.tensor([1, 'a', 3] as never), 'tensor.badValue', 'tensor: element [1] must be a number or a boolean, got a string ("a")');
    throwsExactly(() => sp.tensor([[1, null]] as never), 'tensor.badValue', 'tensor: element [0][1] must be a number or a boolean, got null');
    throwsExactly(() => sp.tensor([[1, 2], [3, {}]] as never), 'tensor.badValue', 'tensor: element [1][1] must be a number or a boolean, got an object');
  });

  it('strings, undefined, null and objects passed where a tensor is expected', () => {
    throwsExactly(() => sp.tensor('hello' as never), 'op.badInputType', `tensor: values ${INPUT_KINDS}, got a string ("hello")`);
    throwsExactly(() => sp.add('abc' as never, 1), 'op.badInputType', `add: a ${INPUT_KINDS}, got a string ("abc")`);
    throwsExactly(() => sp.add(1, undefined as never), 'op.badInputType', `add: b ${INPUT_KINDS}, got undefined`);
    throwsExactly(() => sp.relu(undefined as never), 'op.badInputType', `relu: x ${INPUT_KINDS}, got undefined`);
    throwsExactly(() => sp.exp(null as never), 'op.badInputType', `exp: x ${INPUT_KINDS}, got null`);
    throwsExactly(() => sp.matMul({ a: 1 } as never, [[1]]), 'op.badInputType', `matMul: a ${INPUT_KINDS}, got an object`);
    throwsExactly(() => sp.sum(new Map() as never), 'op.badInputType', `sum: x ${INPUT_KINDS}, got a Map`);
    throwsExactly(() => sp.conv2d(sp.ones([1, 3, 3, 1]), (() => 1) as never, 1, 'same'), 'op.badInputType', `conv2d: filter ${INPUT_KINDS}, got a function`);
    const long = 'x'.repeat(50);
    throwsExactly(() => sp.neg(long as never), 'op.badInputType', `neg: x ${INPUT_KINDS}, got a string ("${'x'.repeat(40)}…")`);
  });

  it('values that do not fit the shape, and bad shapes', () => {
    throwsExactly(() => sp.tensor([1, 2, 3], [2, 2]), 'tensor.valuesShapeMismatch', 'tensor: values hold 3 element(s) but shape [2,2] needs 4');
    throwsExactly(() => sp.zeros([2, -1]), 'tensor.badShape', 'zeros: shape must be an array of non-negative integers, got [2,-1]');
    throwsExactly(() => sp.ones('abc' as never), 'tensor.badShape', 'ones: shape must be an array of non-negative integers, got a string ("abc")');
    throwsExactly(() => sp.tensor([1, 2], [2.5] as never), 'tensor.badShape', 'tensor: shape must be an array of non-negative integers, got [2.5]');
  });

  it('rank above 6', () => {
    throwsExactly(() => sp.zeros([1, 1, 1, 1, 1, 1, 1]), 'tensor.rankTooHigh', 'zeros: tensors have rank 0 to 6, got rank 7 (shape [1,1,1,1,1,1,1])');
    throwsExactly(() => sp.tensor([[[[[[[1, 2]]]]]]]), 'tensor.rankTooHigh', 'tensor: tensors have rank 0 to 6, got rank 7 (shape [1,1,1,1,1,1,2])');
    throwsExactly(() => sp.tensor([1, 2], [1, 1, 1, 1, 1, 1, 2]), 'tensor.rankTooHigh', 'tensor: tensors have rank 0 to 6, got rank 7 (shape [1,1,1,1,1,1,2])');
    throwsExactly(() => sp.reshape([1, 2], [1, 1, 1, 1, 1, 1, 2]), 'op.badArgument', 'reshape: shape must have at most 6 dimensions, got [1,1,1,1,1,1,2]');
    // rank 6 itself is fine
    expect(sp.zeros([1, 1, 1, 1, 1, 2]).rank).toBe(6);
  });
});

describe('lifecycle errors', () => {
  it('using a disposed tensor names the op and says it was disposed', () => {
    const t = sp.tensor([1, 2, 3]);
    const id = t.id;
    t.dispose();
    const tail = `is a disposed tensor (id ${id}); it was freed by dispose() or by the end of a tidy()/scope() — keep() it to use it later`;
    throwsExactly(() => sp.add(t, 1), 'tensor.disposed', `add: a ${tail}`);
    throwsExactly(() => sp.add(1, t), 'tensor.disposed', `add: b ${tail}`);
    throwsExactly(() => t.relu(), 'tensor.disposed', `relu: x ${tail}`);
    throwsExactly(() => t.dataSync(), 'tensor.disposed', `dataSync: tensor ${tail}`);
    throwsExactly(() => sp.conv2d(sp.ones([1, 3, 3, 1]), t, 1, 'same'), 'tensor.disposed', `conv2d: filter ${tail}`);
    expect(caught(() => t.arraySync()).message).toContain('disposed');
  });

  it('a tensor freed by tidy is reported as disposed when used later', () => {
    let leaked: sp.Tensor | undefined;
    sp.tidy(() => {
      leaked = sp.ones([2]);
      return sp.zeros([1]);
    });
    const err = caught(() => sp.sum(leaked!));
    expect(err.code).toBe('tensor.disposed');
    expect(err.message).toMatch(/^sum: x is a disposed tensor \(id \d+\)/);
  });

  it('data() of a disposed tensor rejects with the disposed message', async () => {
    const t = sp.ones([2]);
    t.dispose();
    const err = await caughtAsync(() => t.data());
    expect(err.code).toBe('tensor.disposed');
    expect(err.message).toBe(`data: tensor is a disposed tensor (id ${t.id}); it was freed by dispose() or by the end of a tidy()/scope() — keep() it to use it later`);
  });

  it('tidy given an async function', async () => {
    let inner: sp.Tensor | undefined;
    throwsExactly(
      () => sp.tidy((async () => { inner = sp.ones([1]); await Promise.resolve(); }) as never),
      'scope.asyncInTidy',
      'tidy: the function returned a Promise; tidy() only works with synchronous code — use await sprout.scope(async () => ...) instead',
    );
    expect(inner).toBeDefined();
    inner?.dispose();
  });

  it('tidy and scope given something that is not a function', () => {
    throwsExactly(() => sp.tidy('notfn' as never), 'scope.badFunction', 'tidy: expects a function, got a string ("notfn")');
    throwsExactly(() => sp.scope(42 as never), 'scope.badFunction', 'scope: expects a function, got the number 42');
  });

  it("setBackend('nope') lists the registered backends", async () => {
    const known = registeredBackends().join(', ');
    expect(known).toContain('cpu');
    const err = await caughtAsync(() => sp.setBackend('nope'));
    expect(err.code).toBe('backend.unknown');
    expect(err.message).toBe(`setBackend: no backend named 'nope' is registered (registered: ${known})`);
    // the active backend is unchanged
    expect(sp.getBackend()).toBe('cpu');
  });

  it('an engine whose only backends load asynchronously says to await ready()', () => {
    // A fresh engine over a registry holding only a lazy backend: ops cannot run synchronously yet.
    const saved = registeredBackends().map((name) => [name, findBackend(name)!] as const);
    expect(saved.map(([n]) => n)).toContain('cpu');
    for (const [name] of saved) unregisterBackend(name);
    registerBackend('lazy-fake', () => new Promise(() => {}), 5);
    try {
      const engine = new sp.Engine();
      throwsExactly(() => engine.backend(), 'backend.notReady',
        "backend 'lazy-fake' is still loading; await sprout.ready() (or await setBackend('lazy-fake')) before running ops");
    } finally {
      unregisterBackend('lazy-fake');
      for (const [name, entry] of saved) registerBackend(name, entry.factory, entry.priority);
    }
    expect(registeredBackends()).toEqual(saved.map(([n]) => n));
    // the global engine still runs on the CPU
    expect(Array.from(sp.add([1], [1]).dataSync())).toEqual([2]);
  });

  it('every error carries its params', () => {
    const err = caught(() => sp.conv2d(sp.ones([1, 4, 4, 3]), sp.ones([3, 3, 3]), 1, 'valid'));
    expect(err.params).toEqual({ op: 'conv2d', param: 'filter', expected: 'must have rank 4', got: 'rank 3 (shape [3,3,3])' });
  });
});

// ---- the catalog --------------------------------------------------------------------------

/** The parameter names a template reads (`p.name`), found in its source. */
function paramsOf(code: string): string[] {
  const src = (CATALOG as Record<string, { text: (p: object) => string }>)[code].text.toString();
  return [...new Set([...src.matchAll(/\bp\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]))];
}

/** Every .ts file under a directory. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...tsFiles(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

describe('the message catalog', () => {
  const codes = Object.keys(CATALOG) as MessageCode[];

  it('has entries, each with a voice', () => {
    expect(codes.length).toBeGreaterThan(10);
    for (const c of codes) expect(['engine', 'friendly'], c).toContain(CATALOG[c].voice);
  });

  it('every entry renders without "undefined" when given the params its template uses', () => {
    // the parse found the params (op.badArgument reads op, param, expected, got)
    expect(paramsOf('op.badArgument').sort()).toEqual(['expected', 'got', 'op', 'param']);
    for (const code of codes) {
      const keys = paramsOf(code);
      const params: Record<string, string> = {};
      keys.forEach((k, i) => (params[k] = `<${k}${i}>`));
      const text = formatMessage(code, params);
      expect(text, code).not.toContain('undefined');
      expect(text.trim().length, code).toBeGreaterThan(10);
      // every param given shows up in the text (the template really uses what it reads)
      for (const k of keys) {
        if (code === 'warn.unknownOption' && k === 'nearest') continue; // checked below
        expect(text, `${code} shows ${k}`).toContain(params[k]);
      }
      if (CATALOG[code].voice === 'friendly') expect(text.startsWith(FRIENDLY_PREFIX), code).toBe(true);
      else expect(text.startsWith(FRIENDLY_PREFIX), code).toBe(false);
    }
  });

  it('the optional part of a friendly message appears only when given', () => {
    const base = { where: 'sprout.train', option: 'epoch' };
    expect(formatMessage('warn.unknownOption', base)).toBe(
      `${FRIENDLY_PREFIX}sprout.train does not know the option 'epoch'. It is ignored and the default is used.`,
    );
    expect(formatMessage('warn.unknownOption', { ...base, nearest: 'epochs' })).toBe(
      `${FRIENDLY_PREFIX}sprout.train does not know the option 'epoch'. Did you mean 'epochs'? It is ignored and the default is used.`,
    );
  });

  it('every code raised (or warned) in src/ is in the catalog', () => {
    const used = new Map<string, string>();
    for (const file of tsFiles(join(ROOT, 'src'))) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\b(?:raise|warnOnce)\(\s*['"`]([^'"`]+)['"`]/g)) used.set(m[1], relative(ROOT, file));
      for (const m of src.matchAll(/new SproutError\(\s*['"`]([^'"`]+)['"`]/g)) used.set(m[1], relative(ROOT, file));
    }
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter(([code]) => !(code in CATALOG)).map(([code, file]) => `${code} (${file})`);
    expect(missing, 'codes raised in src/ but missing from CATALOG').toEqual([]);
  });

  it('SproutError renders its message from the catalog', () => {
    const e = new sp.SproutError('op.badArgument', { op: 'x', param: 'y', expected: 'must be z', got: 'w' });
    expect(e.message).toBe('x: y must be z, got w');
    expect(e.code).toBe('op.badArgument');
    expect(e).toBeInstanceOf(Error);
  });
});
