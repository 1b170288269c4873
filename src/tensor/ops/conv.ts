import { ENGINE } from '../engine.js';
import { computeConv2DInfo, type Conv2DInfo, type PaddingSpec, type RoundingMode } from '../../core/conv-util.js';
import type { Activation } from '../../core/kernels.js';
import { describeValue } from '../../errors/index.js';
import { toTensor, type TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { applyActivation, checkActivation } from './activation.js';
import { add, mul, rsqrt, sub } from './elementwise.js';
import { asFloat, badArg, broadcastOrThrow, checkRank, rankDesc, run } from './op-utils.js';
import { reshape } from './transform.js';

type Pair = number | [number, number];

function pair(op: string, param: string, v: Pair | undefined, dflt: number): [number, number] {
  const p: [number, number] = v === undefined ? [dflt, dflt] : typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!Array.isArray(p) || p.length !== 2 || !p.every((n) => Number.isInteger(n) && n >= 1)) {
    badArg(op, param, 'must be a positive integer or a pair [h, w] of them', Array.isArray(v) ? `[${v}]` : describeValue(v));
  }
  return p;
}

function checkPad(op: string, pad: unknown): PaddingSpec {
  if (pad === 'same' || pad === 'valid') return pad;
  if (typeof pad === 'number' && Number.isInteger(pad) && pad >= 0) return pad;
  const ok = Array.isArray(pad) && pad.length === 4 && pad.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0));
  if (!ok) badArg(op, 'pad', "must be 'same', 'valid', a non-negative integer, or [[0,0],[top,bottom],[left,right],[0,0]]", Array.isArray(pad) ? JSON.stringify(pad) : describeValue(pad));
  return pad as PaddingSpec;
}

function checkRounding(op: string, mode: unknown, pad: PaddingSpec): RoundingMode | undefined {
  if (mode === undefined || mode === null) return undefined;
  if (mode !== 'floor' && mode !== 'round' && mode !== 'ceil') badArg(op, 'dimRoundingMode', "must be 'floor', 'round' or 'ceil'", describeValue(mode));
  if (typeof pad !== 'number') badArg(op, 'dimRoundingMode', 'is only allowed with a numeric pad', `pad ${JSON.stringify(pad)}`);
  return mode as RoundingMode;
}

function checkFormat(op: string, dataFormat: unknown): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') badArg(op, 'dataFormat', "must be 'NHWC' (channels last)", describeValue(dataFormat));
}

/** Takes rank-3 or rank-4 images; returns the rank-4 view and whether to drop the batch again. */
function batched(op: string, x: TensorLike): [Tensor, boolean] {
  return ENGINE.tidy(() => {
    const t = asFloat(toTensor(x, 'x', op));
    checkRank(op, 'x', t, [3, 4]);
    return t.rank === 3 ? [reshape(t, [1, ...t.shape]), true] : [t, false];
  });
}

function checkStridesDilations(op: string, s: [number, number], d: [number, number]): void {
  if ((s[0] > 1 || s[1] > 1) && (d[0] > 1 || d[1] > 1)) {
    badArg(op, 'dilations', `must be 1 when strides are greater than 1 (strides [${s}])`, `[${d}]`);
  }
}

function checkOutput(op: string, info: Conv2DInfo, x: Tensor): void {
  if (info.outH <= 0 || info.outW <= 0) {
    badArg(op, 'x', `is too small for the filter: output would be ${info.outH}×${info.outW}`, `shape [${x.shape}]`);
  }
}

/** Options of the fused convolutions, as in TF.js. */
export interface FusedConv2DConfig {
  x: TensorLike;
  filter: TensorLike;
  strides: Pair;
  pad: PaddingSpec;
  dataFormat?: 'NHWC';
  dilations?: Pair;
  dimRoundingMode?: RoundingMode;
  bias?: TensorLike;
  activation?: Activation;
  preluActivationWeights?: TensorLike;
  leakyreluAlpha?: number;
}

function convImpl(op: string, kernel: 'Conv2D' | 'DepthwiseConv2dNative', cfg: FusedConv2DConfig): Tensor {
  return ENGINE.tidy(() => {
    const [x, squeezeBatch] = batched(op, cfg.x);
    const filter = asFloat(toTensor(cfg.filter, 'filter', op));
    checkRank(op, 'filter', filter, 4);
    checkFormat(op, cfg.dataFormat);
    const depthwise = kernel === 'DepthwiseConv2dNative';
    if (filter.shape[2] !== x.shape[3]) {
      badArg(op, 'filter', `must have ${x.shape[3]} input channel(s) in dimension 3 to match x (shape [${x.shape}])`, `shape [${filter.shape}]`);
    }
    const strides = pair(op, 'strides', cfg.strides, 1);
    const dilations = pair(op, 'dilations', cfg.dilations, 1);
    checkStridesDilations(op, strides, dilations);
    const pad = checkPad(op, cfg.pad);
    const info = computeConv2DInfo(x.shape, filter.shape, strides, dilations, pad, checkRounding(op, cfg.dimRoundingMode, pad), depthwise);
    checkOutput(op, info, x);
    const activation = checkActivation(op, cfg.activation ?? 'linear');
    const bias = cfg.bias === undefined ? undefined : asFloat(toTensor(cfg.bias, 'bias', op));
    const alpha = cfg.preluActivationWeights === undefined ? undefined : asFloat(toTensor(cfg.preluActivationWeights, 'preluActivationWeights', op));
    if (activation === 'prelu' && !alpha) badArg(op, 'preluActivationWeights', "must be given with activation 'prelu'", 'undefined');
    const outShape = [info.batch, info.outH, info.outW, info.outC];
    if (bias) broadcastOrThrow(op, outShape, bias.shape);
    if (alpha) broadcastOrThrow(op, outShape, alpha.shape);
    const leakyreluAlpha = cfg.leakyreluAlpha ?? 0.2;
    const fusable = (t?: Tensor) => !t || t.size === 1 || (t.size === info.outC && t.shape[t.rank - 1] === info.outC);
    let out: Tensor;
    if (fusable(bias) && fusable(alpha)) {
      const inputs = [x, filter];
      if (bias) inputs.push(reshape(bias, [bias.size]));
      if (alpha) inputs.push(reshape(alpha, [alpha.size]));
      out = run(kernel, inputs, { info, activation, leakyreluAlpha, hasBias: !!bias, hasPreluAlpha: !!alpha }, op);
    } else {
      out = run(kernel, [x, filter], { info, activation: 'linear', leakyreluAlpha, hasBias: false, hasPreluAlpha: false }, op);
      if (bias) out = add(out, bias);
      out = applyActivation(out, activation, alpha, leakyreluAlpha);
    }
    return squeezeBatch ? reshape(out, outShape.slice(1)) : out;
  });
}

/**
 * 2-D convolution over NHWC images with an HWIO filter `[fh, fw, inChannels, outChannels]`.
 *
 * @example
 * const img = sprout.ones([1, 4, 4, 1]);
 * const filter = sprout.ones([3, 3, 1, 1]);
 * sprout.conv2d(img, filter, 1, 'valid').print(); // [[[[9], [9]], [[9], [9]]]]
 */
export function conv2d(
  x: TensorLike, filter: TensorLike, strides: Pair, pad: PaddingSpec,
  dataFormat: 'NHWC' = 'NHWC', dilations: Pair = [1, 1], dimRoundingMode?: RoundingMode,
): Tensor {
  return ENGINE.tidy(() => {
    return convImpl('conv2d', 'Conv2D', { x, filter, strides, pad, dataFormat, dilations, dimRoundingMode });
  });
}

/**
 * Depthwise 2-D convolution: each input channel is convolved with its own filters
 * (`[fh, fw, inChannels, multiplier]`); output channel c·multiplier + m comes from input channel c.
 *
 * @example
 * sprout.depthwiseConv2d(sprout.ones([1, 3, 3, 2]), sprout.ones([3, 3, 2, 1]), 1, 'valid').print(); // [[[[9, 9]]]]
 */
export function depthwiseConv2d(
  x: TensorLike, filter: TensorLike, strides: Pair, pad: PaddingSpec,
  dataFormat: 'NHWC' = 'NHWC', dilations: Pair = [1, 1], dimRoundingMode?: RoundingMode,
): Tensor {
  return ENGINE.tidy(() => {
    return convImpl('depthwiseConv2d', 'DepthwiseConv2dNative', { x, filter, strides, pad, dataFormat, dilations, dimRoundingMode });
  });
}

/** conv2d with a bias and an activation fused in. @example sprout.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias, activation: 'relu' }); */
export const fusedConv2d = (config: FusedConv2DConfig): Tensor => convImpl('fused.conv2d', 'Conv2D', config);
/** depthwiseConv2d with a bias and an activation fused in. @example sprout.fused.depthwiseConv2d({ x, filter, strides: 1, pad: 'same', bias, activation: 'relu6' }); */
export const fusedDepthwiseConv2d = (config: FusedConv2DConfig): Tensor => convImpl('fused.depthwiseConv2d', 'DepthwiseConv2dNative', config);

/**
 * Transposed convolution (the gradient of conv2d with respect to its input), used to upsample.
 * `filter` is `[fh, fw, outChannels, inChannels]`; `outputShape` is the result's shape.
 *
 * @example
 * sprout.conv2dTranspose(sprout.ones([1, 2, 2, 1]), sprout.ones([2, 2, 1, 1]), [1, 4, 4, 1], 2, 'same').print();
 */
export function conv2dTranspose(
  x: TensorLike, filter: TensorLike, outputShape: number[], strides: Pair, pad: PaddingSpec, dimRoundingMode?: RoundingMode,
): Tensor {
  return ENGINE.tidy(() => {
    const op = 'conv2dTranspose';
    const [dy, squeezeBatch] = batched(op, x);
    const f = asFloat(toTensor(filter, 'filter', op));
    checkRank(op, 'filter', f, 4);
    const outShape = Array.isArray(outputShape) && outputShape.length === 3 ? [dy.shape[0], ...outputShape] : outputShape;
    if (!Array.isArray(outShape) || outShape.length !== 4 || !outShape.every((d) => Number.isInteger(d) && d > 0)) {
      badArg(op, 'outputShape', 'must be [batch, height, width, channels] (or without batch) of positive integers', JSON.stringify(outputShape));
    }
    if (outShape[0] !== dy.shape[0]) badArg(op, 'outputShape', `must have batch ${dy.shape[0]} like x`, `[${outShape}]`);
    if (f.shape[3] !== dy.shape[3]) badArg(op, 'filter', `must have ${dy.shape[3]} channel(s) in dimension 4 to match x (shape [${dy.shape}])`, `shape [${f.shape}]`);
    if (f.shape[2] !== outShape[3]) badArg(op, 'filter', `must have ${outShape[3]} channel(s) in dimension 3 to match outputShape`, `shape [${f.shape}]`);
    const strides2 = pair(op, 'strides', strides, 1);
    const p = checkPad(op, pad);
    const info = computeConv2DInfo(outShape, f.shape, strides2, [1, 1], p, checkRounding(op, dimRoundingMode, p));
    if (info.outH !== dy.shape[1] || info.outW !== dy.shape[2]) {
      badArg(op, 'outputShape', `must be one that a conv2d with these strides and pad maps to x's ${dy.shape[1]}×${dy.shape[2]}`, `[${outShape}] (maps to ${info.outH}×${info.outW})`);
    }
    const out = run('Conv2DBackpropInput', [dy, f], { info }, op);
    return squeezeBatch ? reshape(out, outShape.slice(1)) : out;
  });
}

function pool(op: string, kernel: 'MaxPool' | 'AvgPool', x: TensorLike, filterSize: Pair, strides: Pair, pad: PaddingSpec, dimRoundingMode?: RoundingMode, dilations?: Pair): Tensor {
  return ENGINE.tidy(() => {
    const [t, squeezeBatch] = batched(op, x);
    const [fh, fw] = pair(op, 'filterSize', filterSize, 1);
    const s = pair(op, 'strides', strides, 1);
    const d = pair(op, 'dilations', dilations, 1);
    checkStridesDilations(op, s, d);
    const p = checkPad(op, pad);
    const info = computeConv2DInfo(t.shape, [fh, fw, t.shape[3], t.shape[3]], s, d, p, checkRounding(op, dimRoundingMode, p));
    checkOutput(op, info, t);
    const out = run(kernel, [t], { info }, op);
    return squeezeBatch ? reshape(out, out.shape.slice(1)) : out;
  });
}

/**
 * Max pooling over NHWC images.
 *
 * @example
 * sprout.maxPool(sprout.tensor([1, 2, 3, 4], [1, 2, 2, 1]), 2, 2, 'valid').print(); // [[[[4]]]]
 */
export function maxPool(x: TensorLike, filterSize: Pair, strides: Pair, pad: PaddingSpec, dimRoundingMode?: RoundingMode): Tensor {
  return ENGINE.tidy(() => {
    return pool('maxPool', 'MaxPool', x, filterSize, strides, pad, dimRoundingMode);
  });
}

/**
 * Average pooling over NHWC images (padding cells are not counted).
 *
 * @example
 * sprout.avgPool(sprout.tensor([1, 2, 3, 4], [1, 2, 2, 1]), 2, 2, 'valid').print(); // [[[[2.5]]]]
 */
export function avgPool(x: TensorLike, filterSize: Pair, strides: Pair, pad: PaddingSpec, dimRoundingMode?: RoundingMode): Tensor {
  return ENGINE.tidy(() => {
    return pool('avgPool', 'AvgPool', x, filterSize, strides, pad, dimRoundingMode);
  });
}

/** @internal Pooling with dilations, for `pool()`. */
export function poolWithDilations(kind: 'max' | 'avg', x: TensorLike, filterSize: Pair, strides: Pair, pad: PaddingSpec, dilations: Pair, dimRoundingMode?: RoundingMode): Tensor {
  return ENGINE.tidy(() => {
    return pool('pool', kind === 'max' ? 'MaxPool' : 'AvgPool', x, filterSize, strides, pad, dimRoundingMode, dilations);
  });
}

/**
 * Batch normalisation: `(x − mean) / √(variance + ε) · scale + offset`, parameters broadcast to x.
 *
 * @example
 * sprout.batchNorm([1, 3], [2], [1]).print(); // [-0.9995, 0.9995]
 */
export function batchNorm(
  x: TensorLike, mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike, varianceEpsilon = 0.001,
): Tensor {
  return ENGINE.tidy(() => {
    const op = 'batchNorm';
    const X = asFloat(toTensor(x, 'x', op));
    const M = asFloat(toTensor(mean, 'mean', op));
    const V = asFloat(toTensor(variance, 'variance', op));
    const params: [string, Tensor][] = [['mean', M], ['variance', V]];
    const O = offset === undefined ? undefined : asFloat(toTensor(offset, 'offset', op));
    const S = scale === undefined ? undefined : asFloat(toTensor(scale, 'scale', op));
    if (O) params.push(['offset', O]);
    if (S) params.push(['scale', S]);
    for (const [name, t] of params) {
      if (t.rank > X.rank) badArg(op, name, `must have rank ≤ ${X.rank} (the rank of x)`, rankDesc(t));
      broadcastOrThrow(op, X.shape, t.shape);
    }
    let inv = rsqrt(add(V, varianceEpsilon));
    if (S) inv = mul(inv, S);
    let out = mul(sub(X, M), inv);
    if (O) out = add(out, O);
    return out;
  });
}
