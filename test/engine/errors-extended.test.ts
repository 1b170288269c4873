// Error messages of the extended op set: bad input raises a SproutError whose message names the
// op, the parameter, what was expected and what was given. Expected texts are written out by hand
// from the catalog templates (src/errors/catalog.ts: `op: param <expected>, got <given>`), never
// produced by running Sprout.
//
// Where Sprout accepts input that TensorFlow rejects (or reports it under another op's name), the
// test uses `throwsNaming`: it fixes the op, the parameter and the given value, not the wording.
import { describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import type { MessageCode } from '../../src/errors/index.ts';

/** Runs fn, expecting a SproutError; returns it. */
function caught(fn: () => unknown): sp.SproutError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a thrown error').toBeDefined();
  expect(err, `expected a SproutError, got ${String(err)}`).toBeInstanceOf(sp.SproutError);
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
  expect(err, `expected a SproutError, got ${String(err)}`).toBeInstanceOf(sp.SproutError);
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

/** `op.badArgument` with exactly `message` (the common case here). */
const bad = (fn: () => unknown, message: string) => throwsExactly(fn, 'op.badArgument', message);

/**
 * Asserts fn throws an `op.badArgument` SproutError for `op` and `param` whose message shows
 * `given`; the wording of the expectation is left open.
 */
function throwsNaming(fn: () => unknown, op: string, param: string, given: string): sp.SproutError {
  const err = caught(fn);
  expect(err.code, err.message).toBe('op.badArgument');
  expect({ op: err.params.op, param: err.params.param }, err.message).toEqual({ op, param });
  expect(err.message.startsWith(`${op}: ${param} `), err.message).toBe(true);
  expect(err.message, 'shows what was given').toContain(given);
  return err;
}

const INPUT_KINDS = 'must be a Tensor, a number, a boolean, a (nested) array or a TypedArray';
const ones = (s: number[]) => sp.ones(s);

describe('extended elementwise ops and logical reductions', () => {
  it('non-tensor input names the op and the argument', () => {
    throwsExactly(() => sp.expm1('a' as never), 'op.badInputType', `expm1: x ${INPUT_KINDS}, got a string ("a")`);
    throwsExactly(() => sp.isNaN(undefined as never), 'op.badInputType', `isNaN: x ${INPUT_KINDS}, got undefined`);
    throwsExactly(() => sp.atan2([1], {} as never), 'op.badInputType', `atan2: b ${INPUT_KINDS}, got an object`);
    throwsExactly(() => sp.all(null as never), 'op.badInputType', `all: x ${INPUT_KINDS}, got null`);
  });

  it('shapes that do not broadcast', () => {
    for (const op of ['atan2', 'floorDiv', 'mod', 'logicalXor'] as const) {
      throwsExactly(() => (sp[op] as (a: unknown, b: unknown) => unknown)([1, 2, 3], [1, 2]), 'op.shapesNotBroadcastable',
        `${op}: shapes [3] and [2] cannot be broadcast together (dimension 0 is 3 vs 2; each must be equal or 1)`);
    }
  });

  it('step alpha, all/any axes', () => {
    bad(() => sp.step([1], 'a' as never), 'step: alpha must be a number, got a string ("a")');
    bad(() => sp.all([true, false], 1), 'all: axis must be an integer in [-1, 0] for a tensor of rank 1, got the number 1');
    bad(() => sp.any(ones([2, 2]), [0, -2]), 'any: axis must not repeat an axis, got [0,-2]');
  });
});

describe('norm, cumsum, dot, outerProduct', () => {
  it('norm with an unsupported ord (vector and matrix)', () => {
    bad(() => sp.norm([3, 4], 0), "norm: ord must be 'euclidean', 'fro', a non-zero number or ±Infinity for a vector norm, got the number 0");
    bad(() => sp.norm([3, 4], NaN), "norm: ord must be 'euclidean', 'fro', a non-zero number or ±Infinity for a vector norm, got the number NaN");
    bad(() => sp.norm(ones([2, 3]), 'nuc' as never, 1), `norm: ord must be 'euclidean', 'fro', a non-zero number or ±Infinity for a vector norm, got a string ("nuc")`);
    bad(() => sp.norm(ones([2, 2]), 2, [0, 1]), "norm: ord must be 'euclidean', 'fro', 1, Infinity or -Infinity for a matrix norm, got the number 2");
    bad(() => sp.norm(ones([2, 2]), 'nuc' as never, [0, 1]), `norm: ord must be 'euclidean', 'fro', 1, Infinity or -Infinity for a matrix norm, got a string ("nuc")`);
  });

  it('norm with bad axes', () => {
    bad(() => sp.norm(ones([2, 2, 2]), 'fro', [0, 1, 2]), 'norm: axis must name one or two axes, got [0,1,2]');
    bad(() => sp.norm(ones([2, 2]), 1, 2), 'norm: axis must be an integer in [-2, 1] for a tensor of rank 2, got the number 2');
    bad(() => sp.norm(ones([2, 2]), 'fro', [1, -1]), 'norm: axis must not repeat an axis, got [1,-1]');
  });

  it('cumsum of a scalar or along a missing axis', () => {
    bad(() => sp.cumsum(sp.scalar(1)), 'cumsum: x must have rank ≥ 1, got rank 0 (a scalar)');
    bad(() => sp.cumsum(ones([2, 3]), 3), 'cumsum: axis must be an integer in [-2, 1] for a tensor of rank 2, got the number 3');
    bad(() => sp.cumsum(ones([2, 3]), -3), 'cumsum: axis must be an integer in [-2, 1] for a tensor of rank 2, got the number -3');
  });

  it('dot and outerProduct: wrong ranks and sizes', () => {
    bad(() => sp.dot(ones([2, 2, 2]), ones([2])), 'dot: t1 must have rank 1 or 2, got rank 3 (shape [2,2,2])');
    bad(() => sp.dot(ones([2]), sp.scalar(2)), 'dot: t2 must have rank 1 or 2, got rank 0 (shape [])');
    bad(() => sp.dot(ones([2, 3]), ones([2, 4])), 'dot: t2 must have 3 element(s) in its first dimension to match t1 ([2,3]), got shape [2,4]');
    bad(() => sp.outerProduct([1, 2], [[1]]), 'outerProduct: v2 must have rank 1, got rank 2 (shape [1,1])');
    bad(() => sp.outerProduct(sp.scalar(1), [1]), 'outerProduct: v1 must have rank 1, got rank 0 (shape [])');
  });
});

describe('einsum', () => {
  const a = () => ones([2, 3]), b = () => ones([3, 4]);

  it('a bad equation: not a string, bad characters, repeated letters, unknown output letter', () => {
    bad(() => sp.einsum(5 as never, a()), "einsum: equation must be a string like 'ij,jk->ik', got the number 5");
    bad(() => sp.einsum('i1,jk->ik', a(), b()), `einsum: equation must use letters, one comma between operands and an optional '->', got "i1,jk->ik"`);
    bad(() => sp.einsum('ij,jk->i.k', a(), b()), `einsum: equation must use letters, one comma between operands and an optional '->', got "ij,jk->i.k"`);
    bad(() => sp.einsum('ii->i', ones([2, 2])), 'einsum: equation must not repeat a letter within one operand (diagonals are not supported), got "ii->i"');
    bad(() => sp.einsum('ij->k', a()), `einsum: equation output letter 'k' must appear in an input, got "ij->k"`);
  });

  it('operand count, rank and dimension mismatches', () => {
    bad(() => sp.einsum('ij,jk->ik', a()), "einsum: tensors must be 2 tensor(s) for 'ij,jk->ik', got 1 tensor(s)");
    bad(() => sp.einsum('ij->ji', a(), b()), "einsum: tensors must be 1 tensor(s) for 'ij->ji', got 2 tensor(s)");
    bad(() => sp.einsum('ij,jk->ik', ones([2, 3, 1]), b()), "einsum: tensors[0] must have rank 2 for 'ij', got rank 3 (shape [2,3,1])");
    bad(() => sp.einsum('ij,jk->ik', a(), ones([3])), "einsum: tensors[1] must have rank 2 for 'jk', got rank 1 (shape [3])");
    bad(() => sp.einsum('ij,jk->ik', a(), ones([4, 2])), "einsum: tensors[1] must have size 3 for 'j', got size 4");
    bad(() => sp.einsum('bij,bjk->bik', ones([2, 2, 3]), ones([3, 3, 1])), "einsum: tensors[1] must have size 2 for 'b', got size 3");
  });

  it('three operands: the message says one or two are supported (not "must be 3")', () => {
    const err = caught(() => sp.einsum('ij,jk,kl->il', a(), b(), ones([4, 1])));
    expect(err.params.op).toBe('einsum');
    expect(err.params.param).toBe('equation');
    expect(err.message).toContain('one or two operands');
    // the expectation must not be met by what was given (3 tensors for a 3-operand equation)
    expect(err.params.expected, err.message).not.toMatch(/^must be 3 tensor/);
  });

  it('an equation with two arrows is rejected (not read as its first two parts)', () => {
    throwsNaming(() => sp.einsum('ij->j->i', a()), 'einsum', 'equation', 'ij->j->i');
  });

  it('a repeated output letter is reported as an einsum equation error (not by transpose)', () => {
    throwsNaming(() => sp.einsum('ij->ii', a()), 'einsum', 'equation', 'ij->ii');
  });
});

describe('conv1d, separableConv2d, conv3d, conv3dTranspose', () => {
  it('conv1d: ranks, channels, dataFormat, stride, dilation, pad', () => {
    bad(() => sp.conv1d(ones([1, 1, 4, 1]), ones([1, 1, 1]), 1, 'valid'), 'conv1d: x must have rank 2 or 3, got rank 4 (shape [1,1,4,1])');
    bad(() => sp.conv1d(ones([1, 4, 1]), ones([1, 1]), 1, 'valid'), 'conv1d: filter must have rank 3, got rank 2 (shape [1,1])');
    bad(() => sp.conv1d(ones([1, 4, 1]), ones([1, 1, 1]), 1, 'valid', 'NCW' as never), `conv1d: dataFormat must be 'NWC', got a string ("NCW")`);
    bad(() => sp.conv1d(ones([1, 4, 1]), ones([1, 1, 1]), 0, 'valid'), 'conv1d: stride must be an integer ≥ 1, got the number 0');
    bad(() => sp.conv1d(ones([1, 4, 1]), ones([1, 1, 1]), 1, 'valid', 'NWC', 0), 'conv1d: dilation must be an integer ≥ 1, got the number 0');
    bad(() => sp.conv1d(ones([1, 4, 2]), ones([1, 3, 1]), 1, 'valid'), 'conv1d: filter must have 2 input channel(s) in dimension 2 to match x (shape [1,4,2]), got shape [1,3,1]');
    bad(() => sp.conv1d(ones([1, 4, 1]), ones([1, 1, 1]), 1, -1), "conv1d: pad must be 'same', 'valid' or a non-negative integer, got the number -1");
  });

  // conv1d hands the following to the conv2d it runs on, whose messages name conv2d (its
  // 'dilations' and 'strides', and the reshaped [batch, 1, width, channels] input).
  it('conv1d: a bad pad string is reported as conv1d', () => {
    throwsNaming(() => sp.conv1d(ones([1, 4, 1]), ones([1, 1, 1]), 1, 'full' as never), 'conv1d', 'pad', 'full');
  });

  it('conv1d: an input too small for the filter is reported as conv1d, with its own shape', () => {
    throwsNaming(() => sp.conv1d(ones([1, 2, 1]), ones([3, 1, 1]), 1, 'valid'), 'conv1d', 'x', '[1,2,1]');
  });

  it('conv1d: stride and dilation both above 1 are reported as conv1d', () => {
    throwsNaming(() => sp.conv1d(ones([1, 8, 1]), ones([3, 1, 1]), 2, 'same', 'NWC', 2), 'conv1d', 'dilation', '2');
  });

  it('conv1d: dimRoundingMode with a non-numeric pad is rejected (as conv2d, and TF.js)', () => {
    throwsNaming(() => sp.conv1d(ones([1, 5, 1]), ones([2, 1, 1]), 2, 'same', 'NWC', 1, 'ceil'), 'conv1d', 'dimRoundingMode', 'same');
  });

  it("conv1d: a dimRoundingMode other than 'floor', 'round', 'ceil' is rejected (as conv2d)", () => {
    throwsNaming(() => sp.conv1d(ones([1, 5, 1]), ones([2, 1, 1]), 2, 1, 'NWC', 1, 'up' as never), 'conv1d', 'dimRoundingMode', 'up');
  });

  it('separableConv2d: filter ranks and shapes', () => {
    bad(() => sp.separableConv2d(ones([1, 4, 4, 2]), ones([3, 3, 2]), ones([1, 1, 2, 4]), 1, 'valid'),
      'separableConv2d: depthwiseFilter must have rank 4, got rank 3 (shape [3,3,2])');
    bad(() => sp.separableConv2d(ones([1, 4, 4, 2]), ones([3, 3, 2, 1]), ones([1, 2, 4]), 1, 'valid'),
      'separableConv2d: pointwiseFilter must have rank 4, got rank 3 (shape [1,2,4])');
    bad(() => sp.separableConv2d(ones([1, 4, 4, 2]), ones([3, 3, 2, 1]), ones([2, 1, 2, 4]), 1, 'valid'),
      'separableConv2d: pointwiseFilter must be 1×1 in its first two dimensions, got shape [2,1,2,4]');
    bad(() => sp.separableConv2d(ones([1, 4, 4, 2]), ones([3, 3, 2, 2]), ones([1, 1, 3, 4]), 1, 'valid'),
      'separableConv2d: pointwiseFilter must have 4 input channel(s) (inChannels · multiplier of the depthwise filter), got shape [1,1,3,4]');
  });

  // separableConv2d hands these to its depthwiseConv2d, whose messages name depthwiseConv2d.
  it('separableConv2d: an x of the wrong rank is reported as separableConv2d', () => {
    throwsNaming(() => sp.separableConv2d(ones([4, 4]), ones([3, 3, 2, 1]), ones([1, 1, 2, 4]), 1, 'valid'), 'separableConv2d', 'x', 'rank 2');
  });

  it('separableConv2d: a depthwiseFilter whose channels do not match x is reported as separableConv2d', () => {
    throwsNaming(() => sp.separableConv2d(ones([1, 4, 4, 3]), ones([3, 3, 2, 1]), ones([1, 1, 2, 4]), 1, 'valid'), 'separableConv2d', 'depthwiseFilter', '[3,3,2,1]');
  });

  it('conv3d: ranks, channels, strides, pad, dataFormat, too small', () => {
    bad(() => sp.conv3d(ones([2, 2, 2]), ones([1, 1, 1, 1, 1]), 1, 'valid'), 'conv3d: x must have rank 4 or 5, got rank 3 (shape [2,2,2])');
    bad(() => sp.conv3d(ones([1, 2, 2, 2, 1]), ones([1, 1, 1, 1]), 1, 'valid'), 'conv3d: filter must have rank 5, got rank 4 (shape [1,1,1,1])');
    bad(() => sp.conv3d(ones([1, 2, 2, 2, 3]), ones([1, 1, 1, 2, 1]), 1, 'valid'),
      'conv3d: filter must have 3 input channel(s) in dimension 4 to match x (shape [1,2,2,2,3]), got shape [1,1,1,2,1]');
    bad(() => sp.conv3d(ones([1, 2, 2, 2, 1]), ones([1, 1, 1, 1, 1]), 0, 'valid'), 'conv3d: strides must be a positive integer or [d, h, w] of them, got the number 0');
    bad(() => sp.conv3d(ones([1, 2, 2, 2, 1]), ones([1, 1, 1, 1, 1]), [1, 1] as never, 'valid'), 'conv3d: strides must be a positive integer or [d, h, w] of them, got [1,1]');
    bad(() => sp.conv3d(ones([1, 2, 2, 2, 1]), ones([1, 1, 1, 1, 1]), 1, 'valid', 'NDHWC', [1, 0, 1]), 'conv3d: dilations must be a positive integer or [d, h, w] of them, got [1,0,1]');
    bad(() => sp.conv3d(ones([1, 2, 2, 2, 1]), ones([1, 1, 1, 1, 1]), 1, 'full' as never), `conv3d: pad must be 'same', 'valid' or a non-negative integer, got a string ("full")`);
    bad(() => sp.conv3d(ones([1, 2, 2, 2, 1]), ones([1, 1, 1, 1, 1]), 1, 'valid', 'NCDHW' as never), `conv3d: dataFormat must be 'NDHWC', got a string ("NCDHW")`);
    bad(() => sp.conv3d(ones([1, 2, 2, 2, 1]), ones([3, 3, 3, 1, 1]), 1, 'valid'), 'conv3d: x is too small for the filter, got shape [1,2,2,2,1]');
  });

  it("conv3dTranspose: an outputShape that doesn't map back to x, bad outputShape, channels", () => {
    bad(() => sp.conv3dTranspose(ones([1, 2, 2, 2, 1]), ones([2, 2, 2, 1, 1]), [1, 5, 5, 5, 1], 2, 'same'),
      "conv3dTranspose: outputShape must map to x's 2×2×2 under these strides and pad, got [1,5,5,5,1]");
    bad(() => sp.conv3dTranspose(ones([1, 2, 2, 2, 1]), ones([2, 2, 2, 1, 1]), [4, 4, 6, 1], 2, 'valid'),
      "conv3dTranspose: outputShape must map to x's 2×2×2 under these strides and pad, got [1,4,4,6,1]");
    bad(() => sp.conv3dTranspose(ones([1, 2, 2, 2, 1]), ones([2, 2, 2, 1, 1]), [2, 2], 1, 'valid'),
      'conv3dTranspose: outputShape must be [batch, depth, height, width, channels] of positive integers, got [2,2]');
    bad(() => sp.conv3dTranspose(ones([1, 2, 2, 2, 1]), ones([2, 2, 2, 1, 1]), [1, 3, 3, 0, 1], 1, 'valid'),
      'conv3dTranspose: outputShape must be [batch, depth, height, width, channels] of positive integers, got [1,3,3,0,1]');
    bad(() => sp.conv3dTranspose(ones([1, 1, 1, 1, 2]), ones([1, 1, 1, 1, 3]), [1, 1, 1, 1, 1], 1, 'valid'),
      'conv3dTranspose: filter must have 2 channel(s) in dimension 5 to match x, got shape [1,1,1,1,3]');
    bad(() => sp.conv3dTranspose(ones([1, 1, 1, 1, 1]), ones([1, 1, 1, 2, 1]), [1, 1, 1, 1, 3], 1, 'valid'),
      'conv3dTranspose: filter must have 3 channel(s) in dimension 4 to match outputShape, got shape [1,1,1,2,1]');
    bad(() => sp.conv3dTranspose(ones([1, 1, 1, 1, 1]), ones([1, 1, 1, 1]), [1, 1, 1, 1, 1], 1, 'valid'),
      'conv3dTranspose: filter must have rank 5, got rank 4 (shape [1,1,1,1])');
  });

  it('conv3dTranspose: an outputShape whose batch differs from x (as conv2dTranspose)', () => {
    // conv2dTranspose rejects it ("must have batch 1 like x"); conv3dTranspose reads past the end
    // of x (today: a [2,1,1,1,1] result holding [1, NaN]).
    throwsNaming(() => sp.conv3dTranspose(ones([1, 1, 1, 1, 1]), ones([1, 1, 1, 1, 1]), [2, 1, 1, 1, 1], 1, 'valid'), 'conv3dTranspose', 'outputShape', '[2,1,1,1,1]');
  });
});

describe('3-D pools, pool, maxPoolWithArgmax, localResponseNormalization', () => {
  it('maxPool3d / avgPool3d: ranks, window, rounding without a numeric pad, too small', () => {
    bad(() => sp.avgPool3d(ones([2, 2, 2]), 1, 1, 'valid'), 'avgPool3d: x must have rank 4 or 5, got rank 3 (shape [2,2,2])');
    bad(() => sp.maxPool3d(ones([1, 2, 2, 2, 1]), 0, 1, 'valid'), 'maxPool3d: filterSize must be a positive integer or [d, h, w] of them, got the number 0');
    bad(() => sp.avgPool3d(ones([1, 2, 2, 2, 1]), 1, [1, 2, 0], 'valid'), 'avgPool3d: strides must be a positive integer or [d, h, w] of them, got [1,2,0]');
    bad(() => sp.maxPool3d(ones([1, 2, 2, 2, 1]), 1, 1, 'same', 'ceil'), 'maxPool3d: dimRoundingMode is only allowed with a numeric pad, got "same"');
    bad(() => sp.maxPool3d(ones([1, 2, 2, 2, 1]), 3, 1, 'valid'), 'maxPool3d: x is too small for the window, got shape [1,2,2,2,1]');
    bad(() => sp.avgPool3d(ones([1, 2, 2, 2, 1]), 1, 1, -1), 'avgPool3d: pad must be \'same\', \'valid\' or a non-negative integer, got the number -1');
  });

  it("maxPool3d / avgPool3d: a dimRoundingMode other than 'floor', 'round', 'ceil' (as maxPool)", () => {
    // maxPool rejects it; the 3-D pools silently floor.
    throwsNaming(() => sp.maxPool3d(ones([1, 3, 3, 3, 1]), 2, 2, 1, 'up' as never), 'maxPool3d', 'dimRoundingMode', 'up');
  });

  it('pool: poolingType, dilations with strides, rank', () => {
    bad(() => sp.pool(ones([1, 4, 4, 1]), 2, 'min' as never, 'valid'), `pool: poolingType must be 'max' or 'avg', got a string ("min")`);
    bad(() => sp.pool(ones([1, 8, 8, 1]), 2, 'max', 'valid', 2, 2), 'pool: dilations must be 1 when strides are greater than 1 (strides [2,2]), got [2,2]');
    bad(() => sp.pool(ones([4, 4]), 2, 'avg', 'valid'), 'pool: x must have rank 3 or 4, got rank 2 (shape [4,4])');
    bad(() => sp.pool(ones([1, 4, 4, 1]), 2, 'max', 'valid', [1, 0]), 'pool: dilations must be a positive integer or a pair [h, w] of them, got [1,0]');
  });

  it('maxPoolWithArgmax: rank, window, strides, pad, too small', () => {
    bad(() => sp.maxPoolWithArgmax(ones([2, 2, 1]), 2, 2, 'valid'), 'maxPoolWithArgmax: x must have rank 4, got rank 3 (shape [2,2,1])');
    bad(() => sp.maxPoolWithArgmax(ones([1, 2, 2, 1]), 0, 1, 'valid'), 'maxPoolWithArgmax: filterSize must be a positive integer or a pair [h, w] of them, got 0');
    bad(() => sp.maxPoolWithArgmax(ones([1, 2, 2, 1]), 1, [1, 0], 'valid'), 'maxPoolWithArgmax: strides must be a positive integer or a pair [h, w] of them, got [1,0]');
    bad(() => sp.maxPoolWithArgmax(ones([1, 2, 2, 1]), 1, 1, 'full' as never), `maxPoolWithArgmax: pad must be 'same', 'valid' or a non-negative integer, got a string ("full")`);
    bad(() => sp.maxPoolWithArgmax(ones([1, 2, 2, 1]), 3, 1, 'valid'), 'maxPoolWithArgmax: x is too small for the window, got shape [1,2,2,1]');
  });

  it('maxPoolWithArgmax: a filterSize of one entry is not a pair', () => {
    // (today it yields a tensor of shape [1,3,NaN,1])
    throwsNaming(() => sp.maxPoolWithArgmax(ones([1, 4, 4, 1]), [2] as never, 1, 'valid'), 'maxPoolWithArgmax', 'filterSize', '[2]');
  });

  it('localResponseNormalization: rank, depthRadius, bias/alpha/beta', () => {
    const op = 'localResponseNormalization';
    bad(() => sp.localResponseNormalization(ones([2, 2])), `${op}: x must have rank 3 or 4, got rank 2 (shape [2,2])`);
    bad(() => sp.localResponseNormalization(ones([1, 1, 1, 3]), 1.5), `${op}: depthRadius must be an integer ≥ 0, got the number 1.5`);
    bad(() => sp.localResponseNormalization(ones([1, 1, 1, 3]), -1), `${op}: depthRadius must be an integer ≥ 0, got the number -1`);
    bad(() => sp.localResponseNormalization(ones([1, 1, 1, 3]), 1, NaN), `${op}: bias must be a number, got the number NaN`);
    bad(() => sp.localResponseNormalization(ones([1, 1, 1, 3]), 1, 1, 'a' as never), `${op}: alpha must be a number, got a string ("a")`);
    bad(() => sp.localResponseNormalization(ones([1, 1, 1, 3]), 1, 1, 1, null as never), `${op}: beta must be a number, got null`);
  });
});

describe('stridedSlice', () => {
  it('zero strides, two ellipsis bits, bad begin/end/strides lists', () => {
    bad(() => sp.stridedSlice([1, 2, 3], [0], [3], [0]), 'stridedSlice: strides must not contain 0, got [0]');
    bad(() => sp.stridedSlice(ones([2, 3]), [0, 0], [2, 3], [1, 0]), 'stridedSlice: strides must not contain 0, got [1,0]');
    bad(() => sp.stridedSlice(ones([2, 2]), [0, 0], [0, 0], [1, 1], 0, 0, 3), 'stridedSlice: ellipsisMask must have at most one bit set, got 3');
    bad(() => sp.stridedSlice(ones([2, 2, 2]), [0, 0, 0], [0, 0, 0], [1, 1, 1], 0, 0, 5), 'stridedSlice: ellipsisMask must have at most one bit set, got 5');
    bad(() => sp.stridedSlice([1, 2], 0 as never, [1]), 'stridedSlice: begin must be an array of integers, got the number 0');
    bad(() => sp.stridedSlice([1, 2], [0], [1, 2]), 'stridedSlice: end must be an array of 1 integers like begin, got an array of length 2');
    bad(() => sp.stridedSlice([1, 2], [0], [1], [1, 1]), 'stridedSlice: strides must be an array of 1 integers like begin, got an array of length 2');
  });

  it('shrinking outside the dimension, more dimensions than x has', () => {
    bad(() => sp.stridedSlice([1, 2, 3], [5], [6], [1], 0, 0, 0, 0, 1), 'stridedSlice: begin must be inside dimension 0 (size 3) where shrinkAxisMask is set, got 5');
    bad(() => sp.stridedSlice([1, 2, 3], [-4], [0], [1], 0, 0, 0, 0, 1), 'stridedSlice: begin must be inside dimension 0 (size 3) where shrinkAxisMask is set, got -4');
    bad(() => sp.stridedSlice(ones([2]), [0, 0], [1, 1]), 'stridedSlice: begin must index at most 1 dimension(s) of x (shape [2]), got 2 dimension(s)');
    bad(() => sp.stridedSlice(ones([2, 2]), [0, 0, 0, 0], [1, 1, 1, 1], [1, 1, 1, 1], 0, 0, 1), 'stridedSlice: begin must index at most 2 dimension(s) of x (shape [2,2]), got 3 dimension(s)');
  });
});

describe('gatherND, scatterND, mirrorPad, reverse, depthToSpace, spaceToDepth, unique', () => {
  it('gatherND: out-of-range indices, too deep, scalar indices', () => {
    bad(() => sp.gatherND([[1, 2], [3, 4]], [[0, 1], [2, 0]]), 'gatherND: indices must be in [0, 1] in position 1 of each index, got 2 (index 2)');
    bad(() => sp.gatherND([[1, 2], [3, 4]], [[0, 1], [1, 5]]), 'gatherND: indices must be in [0, 1] in position 2 of each index, got 5 (index 2)');
    bad(() => sp.gatherND([1, 2, 3], [[-1]]), 'gatherND: indices must be in [0, 2] in position 1 of each index, got -1 (index 1)');
    bad(() => sp.gatherND([1, 2], [[0, 0]]), 'gatherND: indices must have at most 1 entries in its last dimension (the rank of x), got 2');
    bad(() => sp.gatherND([1, 2], 0), 'gatherND: indices must have rank ≥ 1, got rank 0');
  });

  // gather rejects float indices ("gather: indices must be integers, got dtype float32");
  // gatherND and scatterND truncate them silently.
  it('gatherND: non-integer indices are rejected (as gather), not truncated', () => {
    throwsNaming(() => sp.gatherND([[1, 2], [3, 4]], [[0.5, 1]]), 'gatherND', 'indices', '0.5');
  });

  it('scatterND: non-integer indices are rejected (as gather), not truncated', () => {
    throwsNaming(() => sp.scatterND([[0.5]], [1], [3]), 'scatterND', 'indices', '0.5');
  });

  it('scatterND: updates of the wrong shape, out-of-range indices, bad shape', () => {
    bad(() => sp.scatterND([[1], [3]], [1, 2, 3], [5]), 'scatterND: updates must have shape [2], got shape [3]');
    bad(() => sp.scatterND([[0]], [[1, 2, 3]], [2, 2]), 'scatterND: updates must have shape [1,2], got shape [1,3]');
    bad(() => sp.scatterND([[0, 1]], [[1, 2]], [2, 2]), 'scatterND: updates must have shape [1], got shape [1,2]');
    bad(() => sp.scatterND([[5]], [1], [5]), 'scatterND: indices must be in [0, 4] in position 1 of each index, got 5 (index 1)');
    bad(() => sp.scatterND([[0], [-2]], [1, 2], [5]), 'scatterND: indices must be in [0, 4] in position 1 of each index, got -2 (index 2)');
    bad(() => sp.scatterND([[0, 0]], [1], [3]), 'scatterND: indices must have at most 1 entries in its last dimension, got 2');
    bad(() => sp.scatterND(0, [1], [3]), 'scatterND: indices must have rank ≥ 1, got rank 0');
  });

  it('scatterND: a bad shape shows the values given (as zeros/tensor do), not just its length', () => {
    throwsNaming(() => sp.scatterND([[0]], [1], [-1]), 'scatterND', 'shape', '[-1]');
  });

  it('mirrorPad: padding too large for the mode, wrong pairs, bad mode', () => {
    bad(() => sp.mirrorPad([1, 2, 3], [[3, 0]], 'reflect'), "mirrorPad: paddings must be in [0, 2] at axis 0 for mode 'reflect' (dimension 3), got [3,0]");
    bad(() => sp.mirrorPad([1, 2, 3], [[0, 4]], 'symmetric'), "mirrorPad: paddings must be in [0, 3] at axis 0 for mode 'symmetric' (dimension 3), got [0,4]");
    bad(() => sp.mirrorPad(ones([2, 3]), [[2, 1], [0, 0]], 'reflect'), "mirrorPad: paddings must be in [0, 1] at axis 0 for mode 'reflect' (dimension 2), got [2,1]");
    bad(() => sp.mirrorPad(ones([2, 3]), [[0, 0], [3, 0]], 'reflect'), "mirrorPad: paddings must be in [0, 2] at axis 1 for mode 'reflect' (dimension 3), got [3,0]");
    bad(() => sp.mirrorPad([1, 2, 3], [[-1, 0]], 'reflect'), "mirrorPad: paddings must be in [0, 2] at axis 0 for mode 'reflect' (dimension 3), got [-1,0]");
    bad(() => sp.mirrorPad(ones([2, 2]), [[1, 1]], 'reflect'), 'mirrorPad: paddings must have one [before, after] pair per axis (2), got [[1,1]]');
    bad(() => sp.mirrorPad([1, 2], [[1, 1]], 'edge' as never), `mirrorPad: mode must be 'reflect' or 'symmetric', got a string ("edge")`);
  });

  it('reverse: axes out of range or repeated', () => {
    bad(() => sp.reverse([1, 2], 1), 'reverse: axis must be an integer in [-1, 0] for a tensor of rank 1, got the number 1');
    bad(() => sp.reverse(ones([2, 2]), [0, -2]), 'reverse: axis must not repeat an axis, got [0,-2]');
  });

  it('depthToSpace: channels not divisible, rank, blockSize, dataFormat', () => {
    bad(() => sp.depthToSpace(ones([1, 1, 1, 6]), 2), 'depthToSpace: x must have channels divisible by blockSize² (4), got 6 channels');
    bad(() => sp.depthToSpace(ones([1, 1, 1, 8]), 3), 'depthToSpace: x must have channels divisible by blockSize² (9), got 8 channels');
    bad(() => sp.depthToSpace(ones([1, 1, 4]), 2), 'depthToSpace: x must have rank 4, got rank 3 (shape [1,1,4])');
    bad(() => sp.depthToSpace(ones([1, 1, 1, 4]), 1), 'depthToSpace: blockSize must be an integer ≥ 2, got the number 1');
    bad(() => sp.depthToSpace(ones([1, 1, 1, 4]), 2, 'NCHW' as never), `depthToSpace: dataFormat must be 'NHWC', got a string ("NCHW")`);
  });

  it('spaceToDepth: size not divisible, blockSize', () => {
    bad(() => sp.spaceToDepth(ones([1, 3, 4, 1]), 2), 'spaceToDepth: x must have height and width divisible by blockSize (2), got 3×4');
    bad(() => sp.spaceToDepth(ones([1, 6, 4, 1]), 3), 'spaceToDepth: x must have height and width divisible by blockSize (3), got 6×4');
    bad(() => sp.spaceToDepth(ones([1, 4, 4, 1]), 1.5), 'spaceToDepth: blockSize must be an integer ≥ 2, got the number 1.5');
    bad(() => sp.spaceToDepth(ones([4, 4, 1]), 2), 'spaceToDepth: x must have rank 4, got rank 3 (shape [4,4,1])');
  });

  it('unique: a scalar, an axis out of range', () => {
    bad(() => sp.unique(5), 'unique: x must have rank ≥ 1, got rank 0 (a scalar)');
    bad(() => sp.unique(sp.scalar(1, 'int32')), 'unique: x must have rank ≥ 1, got rank 0 (a scalar)');
    bad(() => sp.unique(ones([2, 2]), 2), 'unique: axis must be an integer in [-2, 1] for a tensor of rank 2, got the number 2');
  });
});

describe('image.cropAndResize and image.nonMaxSuppression*', () => {
  const op = 'image.cropAndResize';
  it('cropAndResize: boxInd out of range, boxes not [n, 4], counts, cropSize, method, rank', () => {
    const img = ones([2, 4, 4, 1]);
    bad(() => sp.image.cropAndResize(img, [[0, 0, 1, 1]], [2], [2, 2]), `${op}: boxInd must be in [0, 1], got 2 (box 1)`);
    bad(() => sp.image.cropAndResize(img, [[0, 0, 1, 1], [0, 0, 1, 1]], [0, -1], [2, 2]), `${op}: boxInd must be in [0, 1], got -1 (box 2)`);
    bad(() => sp.image.cropAndResize(img, [[0, 0, 1]], [0], [2, 2]), `${op}: boxes must have shape [numBoxes, 4], got shape [1,3]`);
    bad(() => sp.image.cropAndResize(img, [0, 0, 1, 1], [0], [2, 2]), `${op}: boxes must have rank 2, got rank 1 (shape [4])`);
    bad(() => sp.image.cropAndResize(img, [[0, 0, 1, 1], [0, 0, 1, 1]], [0], [2, 2]), `${op}: boxInd must have one entry per box (2), got 1`);
    bad(() => sp.image.cropAndResize(img, [[0, 0, 1, 1]], [0], [2, 2], 'cubic' as never), `${op}: method must be 'bilinear' or 'nearest', got a string ("cubic")`);
    bad(() => sp.image.cropAndResize(ones([4, 4, 1]), [[0, 0, 1, 1]], [0], [2, 2]), `${op}: image must have rank 4, got rank 3 (shape [4,4,1])`);
    bad(() => sp.image.cropAndResize(img, [[0, 0, 1, 1]], [[0]], [2, 2]), `${op}: boxInd must have rank 1, got rank 2 (shape [1,1])`);
  });

  it('cropAndResize: a bad cropSize shows the values given (as resizeBilinear does)', () => {
    throwsNaming(() => sp.image.cropAndResize(ones([1, 4, 4, 1]), [[0, 0, 1, 1]], [0], [0, 2]), op, 'cropSize', '[0,2]');
  });

  it('nonMaxSuppression: boxes not [n, 4], iouThreshold outside [0, 1], scores, maxOutputSize', () => {
    const nms = 'image.nonMaxSuppression';
    const boxes = [[0, 0, 1, 1], [0, 0, 0.5, 0.5]];
    bad(() => sp.image.nonMaxSuppression([[0, 0, 1]], [0.5], 1), `${nms}: boxes must have shape [numBoxes, 4], got shape [1,3]`);
    bad(() => sp.image.nonMaxSuppression([0, 0, 1, 1], [0.5], 1), `${nms}: boxes must have rank 2, got rank 1 (shape [4])`);
    bad(() => sp.image.nonMaxSuppression(boxes, [0.5, 0.4], 2, 1.5), `${nms}: iouThreshold must be in [0, 1], got the number 1.5`);
    bad(() => sp.image.nonMaxSuppression(boxes, [0.5, 0.4], 2, -0.1), `${nms}: iouThreshold must be in [0, 1], got the number -0.1`);
    bad(() => sp.image.nonMaxSuppression(boxes, [0.5], 2), `${nms}: scores must have one score per box (2), got 1`);
    bad(() => sp.image.nonMaxSuppression(boxes, [[0.5, 0.4]], 2), `${nms}: scores must have rank 1, got rank 2 (shape [1,2])`);
    bad(() => sp.image.nonMaxSuppression(boxes, [0.5, 0.4], -1), `${nms}: maxOutputSize must be an integer ≥ 0, got the number -1`);
    bad(() => sp.image.nonMaxSuppression(boxes, [0.5, 0.4], 1.5), `${nms}: maxOutputSize must be an integer ≥ 0, got the number 1.5`);
    bad(() => sp.image.nonMaxSuppression(boxes, [0.5, 0.4], 2, 0.5, NaN), `${nms}: scoreThreshold must be a number, got the number NaN`);
    const ws = 'image.nonMaxSuppressionWithScore';
    bad(() => sp.image.nonMaxSuppressionWithScore(boxes, [0.5, 0.4], 2, 2), `${ws}: iouThreshold must be in [0, 1], got the number 2`);
    bad(() => sp.image.nonMaxSuppressionWithScore([[0, 0, 1, 1, 1]], [0.5], 2), `${ws}: boxes must have shape [numBoxes, 4], got shape [1,5]`);
  });

  it('nonMaxSuppression: a NaN iouThreshold is not in [0, 1]', () => {
    // (today it passes the range check and suppresses nothing)
    throwsNaming(() => sp.image.nonMaxSuppression([[0, 0, 1, 1], [0, 0, 0.5, 0.5]], [0.5, 0.4], 2, NaN), 'image.nonMaxSuppression', 'iouThreshold', 'NaN');
  });

  it('nonMaxSuppressionWithScore: a negative softNmsSigma is rejected (TensorFlow: "soft_nms_sigma must be >= 0")', () => {
    throwsNaming(() => sp.image.nonMaxSuppressionWithScore([[0, 0, 1, 1], [0, 0, 0.5, 0.5]], [0.5, 0.4], 2, 0.5, 0, -0.5), 'image.nonMaxSuppressionWithScore', 'softNmsSigma', '-0.5');
  });

  it('the async forms reject with their own op name', async () => {
    const boxes = [[0, 0, 1, 1], [0, 0, 0.5, 0.5]];
    let err = await caughtAsync(() => sp.image.nonMaxSuppressionAsync(boxes, [0.5, 0.4], 2, 2));
    expect(err.message).toBe('image.nonMaxSuppressionAsync: iouThreshold must be in [0, 1], got the number 2');
    err = await caughtAsync(() => sp.image.nonMaxSuppressionAsync([[0, 0, 1]], [0.5], 1));
    expect(err.message).toBe('image.nonMaxSuppressionAsync: boxes must have shape [numBoxes, 4], got shape [1,3]');
    err = await caughtAsync(() => sp.image.nonMaxSuppressionWithScoreAsync([[0, 0, 1]], [0.5], 1));
    expect(err.message).toBe('image.nonMaxSuppressionWithScoreAsync: boxes must have shape [numBoxes, 4], got shape [1,3]');
    err = await caughtAsync(() => sp.image.nonMaxSuppressionWithScoreAsync(boxes, [0.5, 0.4], 2, -1));
    expect(err.message).toBe('image.nonMaxSuppressionWithScoreAsync: iouThreshold must be in [0, 1], got the number -1');
    expect(err.code).toBe('op.badArgument');
  });
});

describe('dropout', () => {
  it('rate outside [0, 1), not a number', () => {
    bad(() => sp.dropout([1, 2], 1), 'dropout: rate must be a number in [0, 1), got the number 1');
    bad(() => sp.dropout([1, 2], 1.5), 'dropout: rate must be a number in [0, 1), got the number 1.5');
    bad(() => sp.dropout([1, 2], -0.1), 'dropout: rate must be a number in [0, 1), got the number -0.1');
    bad(() => sp.dropout([1, 2], NaN), 'dropout: rate must be a number in [0, 1), got the number NaN');
    bad(() => sp.dropout([1, 2], '0.5' as never), 'dropout: rate must be a number in [0, 1), got a string ("0.5")');
  });

  it('a noiseShape that does not broadcast', () => {
    throwsExactly(() => sp.dropout([1, 2], 0.5, [3]), 'op.shapesNotBroadcastable',
      'dropout: shapes [2] and [3] cannot be broadcast together (dimension 0 is 2 vs 3; each must be equal or 1)');
  });

  it('a noiseShape that would grow x is rejected (it must broadcast to x, as in TensorFlow)', () => {
    // (today the result takes the noise shape: x [4, 1] with noiseShape [4, 3] gives [4, 3])
    throwsNaming(() => sp.dropout(ones([4, 1]), 0.5, [4, 3], 1), 'dropout', 'noiseShape', '[4,3]');
  });

  it('a noiseShape of higher rank than x is rejected', () => {
    throwsNaming(() => sp.dropout(ones([4]), 0.5, [2, 4], 1), 'dropout', 'noiseShape', '[2,4]');
  });
});
