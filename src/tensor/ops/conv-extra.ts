import { computeConv2DInfo, computeConv3DInfo, effectiveSize, outputSizeAndPad, type PaddingSpec, type RoundingMode } from '../../core/conv-util.js';
import { describeValue } from '../../errors/index.js';
import { toTensor, type TensorLike } from '../convert.js';
import { ENGINE } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { conv2d, depthwiseConv2d, poolWithDilations } from './conv.js';
import { asFloat, badArg, checkInt, checkNumber, checkRank, run } from './op-utils.js';
import { reshape } from './transform.js';

type Triple = number | [number, number, number];

function triple(op: string, param: string, v: Triple | undefined, dflt: number): [number, number, number] {
  const t: [number, number, number] = v === undefined ? [dflt, dflt, dflt] : typeof v === 'number' ? [v, v, v] : [v[0], v[1], v[2]];
  if (!Array.isArray(t) || !t.every((n) => Number.isInteger(n) && n >= 1) || (Array.isArray(v) && v.length !== 3)) {
    badArg(op, param, 'must be a positive integer or [d, h, w] of them', Array.isArray(v) ? `[${v}]` : describeValue(v));
  }
  return t;
}

function pad3(op: string, pad: unknown): 'same' | 'valid' | number {
  if (pad === 'same' || pad === 'valid' || (typeof pad === 'number' && Number.isInteger(pad) && pad >= 0)) return pad;
  return badArg(op, 'pad', "must be 'same', 'valid' or a non-negative integer", describeValue(pad));
}

/**
 * 1-D convolution over `[batch, width, channels]` with a filter `[fw, inChannels, outChannels]`.
 *
 * @example
 * sprout.conv1d(sprout.ones([1, 5, 1]), sprout.ones([3, 1, 1]), 1, 'valid').print(); // [[[3], [3], [3]]]
 */
export function conv1d(
  x: TensorLike, filter: TensorLike, stride: number, pad: 'same' | 'valid' | number,
  dataFormat: 'NWC' = 'NWC', dilation = 1, dimRoundingMode?: RoundingMode,
): Tensor {
  return ENGINE.tidy(() => {
    const op = 'conv1d';
    let t = asFloat(toTensor(x, 'x', op));
    const f = asFloat(toTensor(filter, 'filter', op));
    checkRank(op, 'x', t, [2, 3]);
    checkRank(op, 'filter', f, 3);
    if (dataFormat !== 'NWC') badArg(op, 'dataFormat', "must be 'NWC'", describeValue(dataFormat));
    checkInt(op, 'stride', stride, 1);
    checkInt(op, 'dilation', dilation, 1);
    if (stride > 1 && dilation > 1) badArg(op, 'dilation', `must be 1 when stride is greater than 1 (stride ${stride})`, String(dilation));
    pad3(op, pad);
    if (dimRoundingMode !== undefined) {
      if (dimRoundingMode !== 'floor' && dimRoundingMode !== 'round' && dimRoundingMode !== 'ceil') badArg(op, 'dimRoundingMode', "must be 'floor', 'round' or 'ceil'", describeValue(dimRoundingMode));
      if (typeof pad !== 'number') badArg(op, 'dimRoundingMode', 'is only allowed with a numeric pad', `pad ${JSON.stringify(pad)}`);
    }
    const unbatched = t.rank === 2;
    if (unbatched) t = reshape(t, [1, ...t.shape]);
    if (f.shape[1] !== t.shape[2]) badArg(op, 'filter', `must have ${t.shape[2]} input channel(s) in dimension 2 to match x (shape [${t.shape}])`, `shape [${f.shape}]`);
    const outW = outputSizeAndPad(t.shape[1], f.shape[0], stride, dilation, pad, dimRoundingMode).out;
    if (outW <= 0) badArg(op, 'x', `is too small for the filter: output width would be ${outW}`, `shape [${unbatched ? t.shape.slice(1) : t.shape}]`);
    // A numeric pad must pad the width only (the dummy height stays 1), so make it explicit.
    let pad2: PaddingSpec = pad;
    if (typeof pad === 'number') {
      checkInt(op, 'pad', pad, 0);
      const { out: outW } = outputSizeAndPad(t.shape[1], f.shape[0], stride, dilation, pad, dimRoundingMode);
      const right = (outW - 1) * stride + effectiveSize(f.shape[0], dilation) - t.shape[1] - pad;
      pad2 = [[0, 0], [0, 0], [pad, Math.max(0, right)], [0, 0]];
    }
    const out = conv2d(reshape(t, [t.shape[0], 1, t.shape[1], t.shape[2]]), reshape(f, [1, ...f.shape]), [1, stride], pad2, 'NHWC', [1, dilation]);
    const shape = [out.shape[0], out.shape[2], out.shape[3]];
    return reshape(out, unbatched ? shape.slice(1) : shape);
  });
}

/**
 * Depthwise convolution followed by a 1×1 convolution mixing channels.
 *
 * @example
 * sprout.separableConv2d(sprout.ones([1, 3, 3, 2]), sprout.ones([3, 3, 2, 1]), sprout.ones([1, 1, 2, 4]), 1, 'valid').shape; // [1, 1, 1, 4]
 */
export function separableConv2d(
  x: TensorLike, depthwiseFilter: TensorLike, pointwiseFilter: TensorLike, strides: number | [number, number], pad: 'same' | 'valid',
  dilation: number | [number, number] = [1, 1], dataFormat: 'NHWC' = 'NHWC',
): Tensor {
  return ENGINE.tidy(() => {
    const op = 'separableConv2d';
    const xt = toTensor(x, 'x', op);
    checkRank(op, 'x', xt, [3, 4]);
    const dw = toTensor(depthwiseFilter, 'depthwiseFilter', op);
    const pw = toTensor(pointwiseFilter, 'pointwiseFilter', op);
    checkRank(op, 'depthwiseFilter', dw, 4);
    checkRank(op, 'pointwiseFilter', pw, 4);
    if (pw.shape[0] !== 1 || pw.shape[1] !== 1) badArg(op, 'pointwiseFilter', 'must be 1×1 in its first two dimensions', `shape [${pw.shape}]`);
    const inC = xt.shape[xt.rank - 1];
    if (dw.shape[2] !== inC) badArg(op, 'depthwiseFilter', `must have ${inC} input channel(s) in dimension 3 to match x (shape [${xt.shape}])`, `shape [${dw.shape}]`);
    const channels = dw.shape[2] * dw.shape[3];
    if (pw.shape[2] !== channels) badArg(op, 'pointwiseFilter', `must have ${channels} input channel(s) (inChannels · multiplier of the depthwise filter)`, `shape [${pw.shape}]`);
    const d = depthwiseConv2d(xt, dw, strides, pad, dataFormat, dilation);
    return conv2d(d, pw, 1, 'valid', dataFormat);
  });
}

function batched5(op: string, x: TensorLike): [Tensor, boolean] {
  return ENGINE.tidy(() => {
    const t = asFloat(toTensor(x, 'x', op));
    checkRank(op, 'x', t, [4, 5]);
    return t.rank === 4 ? [reshape(t, [1, ...t.shape]), true] : [t, false];
  });
}

/**
 * 3-D convolution over NDHWC volumes with a filter `[fd, fh, fw, inChannels, outChannels]`.
 *
 * @example
 * sprout.conv3d(sprout.ones([1, 3, 3, 3, 1]), sprout.ones([3, 3, 3, 1, 1]), 1, 'valid').print(); // [[[[[27]]]]]
 */
export function conv3d(x: TensorLike, filter: TensorLike, strides: Triple, pad: 'same' | 'valid', dataFormat: 'NDHWC' = 'NDHWC', dilations: Triple = [1, 1, 1]): Tensor {
  return ENGINE.tidy(() => {
    const op = 'conv3d';
    const [t, unbatched] = batched5(op, x);
    const f = asFloat(toTensor(filter, 'filter', op));
    checkRank(op, 'filter', f, 5);
    if (dataFormat !== 'NDHWC') badArg(op, 'dataFormat', "must be 'NDHWC'", describeValue(dataFormat));
    if (f.shape[3] !== t.shape[4]) badArg(op, 'filter', `must have ${t.shape[4]} input channel(s) in dimension 4 to match x (shape [${t.shape}])`, `shape [${f.shape}]`);
    const info = computeConv3DInfo(t.shape, f.shape, triple(op, 'strides', strides, 1), triple(op, 'dilations', dilations, 1), pad3(op, pad));
    if (info.outD <= 0 || info.outH <= 0 || info.outW <= 0) badArg(op, 'x', 'is too small for the filter', `shape [${t.shape}]`);
    const out = run('Conv3D', [t, f], { info }, op);
    return unbatched ? reshape(out, out.shape.slice(1)) : out;
  });
}

/**
 * Transposed 3-D convolution. `filter` is `[fd, fh, fw, outChannels, inChannels]`.
 *
 * @example
 * sprout.conv3dTranspose(sprout.ones([1, 1, 1, 1, 1]), sprout.ones([2, 2, 2, 1, 1]), [1, 2, 2, 2, 1], 1, 'valid').shape; // [1, 2, 2, 2, 1]
 */
export function conv3dTranspose(x: TensorLike, filter: TensorLike, outputShape: number[], strides: Triple, pad: 'same' | 'valid'): Tensor {
  return ENGINE.tidy(() => {
    const op = 'conv3dTranspose';
    const [dy, unbatched] = batched5(op, x);
    const f = asFloat(toTensor(filter, 'filter', op));
    checkRank(op, 'filter', f, 5);
    const outShape = Array.isArray(outputShape) && outputShape.length === 4 ? [dy.shape[0], ...outputShape] : outputShape;
    if (!Array.isArray(outShape) || outShape.length !== 5 || !outShape.every((d) => Number.isInteger(d) && d > 0)) {
      badArg(op, 'outputShape', 'must be [batch, depth, height, width, channels] of positive integers', JSON.stringify(outputShape));
    }
    if (outShape[0] !== dy.shape[0]) badArg(op, 'outputShape', `must have batch ${dy.shape[0]} like x`, `[${outShape}]`);
    if (f.shape[4] !== dy.shape[4]) badArg(op, 'filter', `must have ${dy.shape[4]} channel(s) in dimension 5 to match x`, `shape [${f.shape}]`);
    if (f.shape[3] !== outShape[4]) badArg(op, 'filter', `must have ${outShape[4]} channel(s) in dimension 4 to match outputShape`, `shape [${f.shape}]`);
    const info = computeConv3DInfo(outShape, f.shape, triple(op, 'strides', strides, 1), [1, 1, 1], pad3(op, pad));
    if (info.outD !== dy.shape[1] || info.outH !== dy.shape[2] || info.outW !== dy.shape[3]) {
      badArg(op, 'outputShape', `must map to x's ${dy.shape.slice(1, 4).join('×')} under these strides and pad`, `[${outShape}]`);
    }
    const out = run('Conv3DBackpropInput', [dy, f], { info }, op);
    return unbatched ? reshape(out, out.shape.slice(1)) : out;
  });
}

function pool3d(op: string, kernel: string, x: TensorLike, filterSize: Triple, strides: Triple, pad: 'same' | 'valid' | number, dimRoundingMode?: RoundingMode): Tensor {
  return ENGINE.tidy(() => {
    const [t, unbatched] = batched5(op, x);
    const [fd, fh, fw] = triple(op, 'filterSize', filterSize, 1);
    const p = pad3(op, pad);
    if (dimRoundingMode !== undefined) {
      if (dimRoundingMode !== 'floor' && dimRoundingMode !== 'round' && dimRoundingMode !== 'ceil') badArg(op, 'dimRoundingMode', "must be 'floor', 'round' or 'ceil'", describeValue(dimRoundingMode));
      if (typeof p !== 'number') badArg(op, 'dimRoundingMode', 'is only allowed with a numeric pad', JSON.stringify(pad));
    }
    const info = computeConv3DInfo(t.shape, [fd, fh, fw, t.shape[4], t.shape[4]], triple(op, 'strides', strides, 1), [1, 1, 1], p, dimRoundingMode);
    if (info.outD <= 0 || info.outH <= 0 || info.outW <= 0) badArg(op, 'x', 'is too small for the window', `shape [${t.shape}]`);
    const out = run(kernel, [t], { info }, op);
    return unbatched ? reshape(out, out.shape.slice(1)) : out;
  });
}

/** 3-D max pooling over NDHWC. @example sprout.maxPool3d(sprout.ones([1, 2, 2, 2, 1]), 2, 1, 'valid').shape; // [1, 1, 1, 1, 1] */
export function maxPool3d(x: TensorLike, filterSize: Triple, strides: Triple, pad: 'same' | 'valid' | number, dimRoundingMode?: RoundingMode): Tensor {
  return ENGINE.tidy(() => {
    return pool3d('maxPool3d', 'MaxPool3D', x, filterSize, strides, pad, dimRoundingMode);
  });
}

/** 3-D average pooling over NDHWC. @example sprout.avgPool3d(sprout.ones([1, 2, 2, 2, 1]), 2, 1, 'valid').shape; // [1, 1, 1, 1, 1] */
export function avgPool3d(x: TensorLike, filterSize: Triple, strides: Triple, pad: 'same' | 'valid' | number, dimRoundingMode?: RoundingMode): Tensor {
  return ENGINE.tidy(() => {
    return pool3d('avgPool3d', 'AvgPool3D', x, filterSize, strides, pad, dimRoundingMode);
  });
}

/**
 * Generic 2-D pooling with dilations, with TF.js' `pool` signature. Padded cells are ignored, as in
 * `maxPool` and `avgPool` (TF.js' dilated pool pads with zeros and counts them at the borders).
 *
 * @example
 * sprout.pool(sprout.ones([1, 4, 4, 1]), [2, 2], 'max', 'valid', [2, 2], [1, 1]).shape; // [1, 2, 2, 1]
 */
export function pool(
  input: TensorLike, windowShape: number | [number, number], poolingType: 'max' | 'avg', pad: PaddingSpec,
  dilations: number | [number, number] = [1, 1], strides: number | [number, number] = [1, 1], dimRoundingMode?: RoundingMode,
): Tensor {
  return ENGINE.tidy(() => {
    if (poolingType !== 'max' && poolingType !== 'avg') badArg('pool', 'poolingType', "must be 'max' or 'avg'", describeValue(poolingType));
    return poolWithDilations(poolingType, input, windowShape, strides, pad, dilations, dimRoundingMode);
  });
}

/**
 * Max pooling that also returns where each maximum came from (flat index into x).
 *
 * @example
 * const { result, indexes } = sprout.maxPoolWithArgmax(sprout.tensor([1, 4, 2, 3], [1, 2, 2, 1]), 2, 2, 'valid');
 * indexes.print(); // [[[[1]]]]
 */
export function maxPoolWithArgmax(
  x: TensorLike, filterSize: number | [number, number], strides: number | [number, number], pad: 'same' | 'valid' | number, includeBatchInIndex = false,
): { result: Tensor; indexes: Tensor } {
  return ENGINE.tidy(() => {
    const op = 'maxPoolWithArgmax';
    const t = asFloat(toTensor(x, 'x', op));
    checkRank(op, 'x', t, 4);
    const fs = typeof filterSize === 'number' ? [filterSize, filterSize] : filterSize;
    const st = typeof strides === 'number' ? [strides, strides] : strides;
    if (!Array.isArray(fs) || fs.length !== 2 || !fs.every((v) => Number.isInteger(v) && v > 0)) badArg(op, 'filterSize', 'must be a positive integer or a pair [h, w] of them', JSON.stringify(filterSize));
    if (!Array.isArray(st) || st.length !== 2 || !st.every((v) => Number.isInteger(v) && v > 0)) badArg(op, 'strides', 'must be a positive integer or a pair [h, w] of them', JSON.stringify(strides));
    const info = computeConv2DInfo(t.shape, [fs[0], fs[1], t.shape[3], t.shape[3]], [st[0], st[1]], [1, 1], pad3(op, pad));
    if (info.outH <= 0 || info.outW <= 0) badArg(op, 'x', 'is too small for the window', `shape [${t.shape}]`);
    const [result, indexes] = ENGINE.runKernel('MaxPoolWithArgmax', [t], { info, includeBatchInIndex }, op);
    return { result, indexes };
  });
}

/**
 * Local response normalisation across channels: x / (bias + alpha·Σ x²)^beta over a window of
 * 2·depthRadius + 1 channels.
 *
 * @example
 * sprout.localResponseNormalization(sprout.ones([1, 1, 1, 3]), 1, 1, 1, 0.5).print();
 */
export function localResponseNormalization(x: TensorLike, depthRadius = 5, bias = 1, alpha = 1, beta = 0.5): Tensor {
  return ENGINE.tidy(() => {
    const op = 'localResponseNormalization';
    const t = asFloat(toTensor(x, 'x', op));
    checkRank(op, 'x', t, [3, 4]);
    checkInt(op, 'depthRadius', depthRadius, 0);
    checkNumber(op, 'bias', bias);
    checkNumber(op, 'alpha', alpha);
    checkNumber(op, 'beta', beta);
    return run('LRN', [t], { depthRadius, bias, alpha, beta }, op);
  });
}
