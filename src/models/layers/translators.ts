/**
 * One translator per layer class: a layer call's inputs (IR values) → its outputs, with ops of
 * the executor's dispatch table computing what the layer's `call` computes at inference.
 * Classes are matched exactly (a subclass may change `call`), and a layer without a translator,
 * or with an option the IR cannot express, makes the model fall back to layer-by-layer predict.
 *
 * Bias adds, activations and inference-mode batch normalization (a per-channel scale and shift)
 * are emitted as separate ops on purpose: the compiler passes fuse them into the convolution or
 * matMul before them.
 */
import {
  Activation, Add, AveragePooling2D, BatchNormalization, Concatenate, Conv2D, Conv2DTranspose, Dense, DepthwiseConv2D, Dropout, ELU, Flatten,
  GlobalAveragePooling2D, GlobalMaxPooling2D, LeakyReLU, MaxPooling2D, Multiply, PReLU, ReLU, Reshape, SeparableConv2D, Softmax, UpSampling2D,
  ZeroPadding2D, type Layer, type LayerVariable, type Shape,
} from '../../nn/layers/index.js';
import type { ValueRef } from '../ir/graph.js';
import { emitActivation } from './activations.js';
import type { IrBuilder } from './builder.js';

/** One call of a layer: its IR inputs and (batch-null) shapes. */
export interface LayerCall {
  b: IrBuilder;
  ins: ValueRef[];
  inShapes: Shape[];
  outShapes: Shape[];
}

/** Returns the outputs, or null when this call cannot be expressed in IR. */
type Translator<L> = (layer: L, c: LayerCall) => ValueRef[] | null;

/** Per-example dimensions, all known (the batch becomes -1), or null. */
const dims = (s: Shape): number[] | null => (s.slice(1).every((d) => d !== null && d > 0) ? [-1, ...(s.slice(1) as number[])] : null);

const one = (r: ValueRef | null): ValueRef[] | null => (r ? [r] : null);

/** A convolution-like layer's common tail: bias add, then activation. */
function biasAndActivation(b: IrBuilder, layer: Layer & { bias?: LayerVariable; activation: string }, y: ValueRef): ValueRef | null {
  const out = layer.bias ? b.op('add', [y, b.weight(layer.bias.read(), `${layer.name}/bias`)], {}, `${layer.name}/bias_add`) : y;
  return emitActivation(b, out, layer.activation, layer.name);
}

const convAttrs = (l: Conv2D | DepthwiseConv2D | SeparableConv2D) => ({ strides: l.strides, pad: l.padding, dilations: l.dilationRate });

const dense: Translator<Dense> = (l, { b, ins, inShapes }) => {
  const s = dims(inShapes[0]);
  if (!s) return null;
  const x = s.length > 2 ? b.op('reshape', [ins[0]], { shape: [-1, s[s.length - 1]] }, `${l.name}/flatten`) : ins[0];
  let y = b.op('matMul', [x, b.weight(l.kernel!.read(), `${l.name}/kernel`)], {}, `${l.name}/matmul`);
  if (l.bias) y = b.op('add', [y, b.weight(l.bias.read(), `${l.name}/bias`)], {}, `${l.name}/bias_add`);
  const act = emitActivation(b, y, l.activation, l.name);
  if (!act || s.length <= 2) return one(act);
  return [b.op('reshape', [act], { shape: [...s.slice(0, -1), l.units] }, `${l.name}/unflatten`)];
};

const conv2d: Translator<Conv2D> = (l, { b, ins }) =>
  one(biasAndActivation(b, l, b.op('conv2d', [ins[0], b.weight(l.kernel!.read(), `${l.name}/kernel`)], convAttrs(l), `${l.name}/conv`)));

const depthwise: Translator<DepthwiseConv2D> = (l, { b, ins }) =>
  one(biasAndActivation(b, l, b.op('depthwiseConv2d', [ins[0], b.weight(l.depthwiseKernel!.read(), `${l.name}/depthwise_kernel`)], convAttrs(l), `${l.name}/depthwise`)));

const separable: Translator<SeparableConv2D> = (l, { b, ins }) => {
  const d = b.op('depthwiseConv2d', [ins[0], b.weight(l.depthwiseKernel!.read(), `${l.name}/depthwise_kernel`)], convAttrs(l), `${l.name}/depthwise`);
  const p = b.op('conv2d', [d, b.weight(l.pointwiseKernel!.read(), `${l.name}/pointwise_kernel`)], { strides: 1, pad: 'valid', dilations: 1 }, `${l.name}/pointwise`);
  return one(biasAndActivation(b, l, p));
};

const conv2dTranspose: Translator<Conv2DTranspose> = (l, { b, ins, outShapes }) => {
  const s = dims(outShapes[0]);
  if (!s) return null;
  const y = b.op('conv2dTranspose', [ins[0], b.weight(l.kernel!.read(), `${l.name}/kernel`)], { outputShape: s.slice(1), strides: l.strides, pad: l.padding }, `${l.name}/deconv`);
  return one(biasAndActivation(b, l, y));
};

/**
 * Inference batch normalization as x·scale + shift, scale = γ/√(var+ε), shift = β − mean·scale,
 * computed once in float64 (fewer roundings than float32 ops); the compiler folds the scale into
 * the convolution's weights and the shift into its bias.
 */
const batchNorm: Translator<BatchNormalization> = (l, { b, ins, inShapes }) => {
  const rank = inShapes[0].length;
  const axis = l.axis >= 0 ? l.axis : l.axis + rank;
  const read = (v: LayerVariable | undefined) => (v ? (v.read().dataSync() as Float32Array) : null);
  const mean = read(l.movingMean)!, variance = read(l.movingVariance)!, gamma = read(l.gamma), beta = read(l.beta);
  const c = mean.length;
  const scale = new Float32Array(c), shift = new Float32Array(c);
  for (let i = 0; i < c; i++) {
    const s = (gamma ? gamma[i] : 1) / Math.sqrt(variance[i] + Math.fround(l.epsilon));
    scale[i] = s;
    shift[i] = (beta ? beta[i] : 0) - mean[i] * s;
  }
  const shape = axis === rank - 1 ? [c] : inShapes[0].map((d, i) => (i === axis ? c : 1));
  const mul = b.op('mul', [ins[0], b.constant(`${l.name}/scale`, scale, shape)], {}, `${l.name}/mul`);
  return [b.op('add', [mul, b.constant(`${l.name}/shift`, shift, shape)], {}, l.name)];
};

const pool = (op: 'maxPool' | 'avgPool'): Translator<MaxPooling2D> => (l, { b, ins }) =>
  [b.op(op, [ins[0]], { filterSize: l.poolSize, strides: l.strides, pad: l.padding }, l.name)];

const reshapeTo: Translator<Layer> = (l, { b, ins, outShapes }) => {
  const s = dims(outShapes[0]);
  return s ? [b.op('reshape', [ins[0]], { shape: s }, l.name)] : null;
};

const upSampling: Translator<UpSampling2D> = (l, { b, ins, inShapes }) => {
  const s = dims(inShapes[0]);
  if (!s) return null;
  const [, h, w, c] = s;
  const [sh, sw] = l.size;
  if (l.interpolation === 'bilinear') return [b.op('image.resizeBilinear', [ins[0]], { size: [h * sh, w * sw], alignCorners: false, halfPixelCenters: false }, l.name)];
  const r = b.op('reshape', [ins[0]], { shape: [-1, h, 1, w, 1, c] }, `${l.name}/split`);
  const t = b.op('tile', [r], { reps: [1, 1, sh, 1, sw, 1] }, `${l.name}/tile`);
  return [b.op('reshape', [t], { shape: [-1, h * sh, w * sw, c] }, l.name)];
};

const merge = (op: 'add' | 'mul'): Translator<Layer> => (l, { b, ins }) => {
  let out = ins[0];
  for (let i = 1; i < ins.length; i++) out = b.op(op, [out, ins[i]], {}, `${l.name}/${op}_${i}`);
  return [out];
};

const activationLayer = (act: (l: never) => string): Translator<Layer> => (l, { b, ins }) => one(emitActivation(b, ins[0], act(l as never), l.name));

const TRANSLATORS = new Map<abstract new (...a: never[]) => Layer, Translator<never>>([
  [Dense, dense], [Conv2D, conv2d], [DepthwiseConv2D, depthwise], [SeparableConv2D, separable], [Conv2DTranspose, conv2dTranspose],
  [BatchNormalization, batchNorm], [MaxPooling2D, pool('maxPool')], [AveragePooling2D, pool('avgPool')],
  [GlobalAveragePooling2D, ((l, { b, ins }) => [b.op('mean', [ins[0]], { axis: [1, 2], keepDims: false }, l.name)]) as Translator<Layer>],
  [GlobalMaxPooling2D, ((l, { b, ins }) => [b.op('max', [ins[0]], { axis: [1, 2], keepDims: false }, l.name)]) as Translator<Layer>],
  [Flatten, reshapeTo], [Reshape, reshapeTo], [UpSampling2D, upSampling],
  [ZeroPadding2D, ((l: ZeroPadding2D, { b, ins }) => [b.op('pad', [ins[0]], { paddings: [[0, 0], l.padding[0], l.padding[1], [0, 0]], constantValue: 0 }, l.name)]) as Translator<Layer>],
  // Inference: dropout passes values through.
  [Dropout, ((_l, { ins }) => [ins[0]]) as Translator<Layer>],
  [Activation, activationLayer((l: Activation) => l.activation)],
  [ReLU, ((l: ReLU, { b, ins }) => [l.maxValue === null ? b.op('relu', [ins[0]], {}, l.name)
    : l.maxValue === 6 ? b.op('relu6', [ins[0]], {}, l.name) : b.op('clipByValue', [ins[0]], { clipValueMin: 0, clipValueMax: l.maxValue }, l.name)]) as Translator<Layer>],
  [LeakyReLU, ((l: LeakyReLU, { b, ins }) => [b.op('leakyRelu', [ins[0]], { alpha: l.alpha }, l.name)]) as Translator<Layer>],
  [PReLU, ((l: PReLU, { b, ins }) => [b.op('prelu', [ins[0], b.weight(l.alpha!.read(), `${l.name}/alpha`)], {}, l.name)]) as Translator<Layer>],
  // ELU with alpha ≠ 1: where(x > 0, x, α·elu(x)) = relu(x) + α·min(elu(x), 0), exactly.
  [ELU, ((l: ELU, { b, ins }) => {
    if (l.alpha === 1) return [b.op('elu', [ins[0]], {}, l.name)];
    const neg = b.op('mul', [b.op('minimum', [b.op('elu', [ins[0]], {}, `${l.name}/elu`), b.scalar(0)], {}, `${l.name}/neg`), b.scalar(l.alpha)], {}, `${l.name}/scaled`);
    return [b.op('add', [b.op('relu', [ins[0]], {}, `${l.name}/pos`), neg], {}, l.name)];
  }) as Translator<Layer>],
  [Softmax, ((l: Softmax, { b, ins }) => [b.op('softmax', [ins[0]], { dim: l.axis }, l.name)]) as Translator<Layer>],
  [Add, merge('add')], [Multiply, merge('mul')],
  [Concatenate, ((l: Concatenate, { b, ins, inShapes }) => [b.op('concat', ins, { axis: l.axis < 0 ? l.axis + inShapes[0].length : l.axis }, l.name)]) as Translator<Layer>],
]);

/** The translator of a layer's exact class, or undefined. */
export function translatorOf(layer: Layer): Translator<Layer> | undefined {
  return TRANSLATORS.get(layer.constructor as abstract new (...a: never[]) => Layer) as Translator<Layer> | undefined;
}
