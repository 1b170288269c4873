/** Convolution layers (channels last): Conv2D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose, ZeroPadding2D, UpSampling2D. */
import type { Activation as FusedActivation } from '../../core/kernels.js';
import { raise } from '../../errors/index.js';
import { Tensor, add, conv2dTranspose, fusedConv2d, fusedDepthwiseConv2d, pad, reshape, resizeBilinear, separableConv2d, tile } from '../../tensor/index.js';
import { FUSABLE, activationName } from './activations.js';
import { activate, activityPenalty, asFloat } from './core.js';
import type { Initializer, InitializerLike, Regularizer, RegularizerLike } from './deps.js';
import { Layer, fmtShape, single, type Kwargs, type LayerArgs, type LayerConfig, type LayerVariable, type Shape } from './topology.js';
import {
  convOutputLength, dataFormatArg, deconvOutputLength, ignoredOption, initializerArg, pairArg, paddingArg, positiveInt, regularizerArg, serializeObject,
} from './utils.js';

/** Arguments shared by the convolution layers. */
export interface BaseConvArgs extends LayerArgs {
  /** Size of the window: 3 or [3, 3]. */
  kernelSize: number | [number, number];
  /** Step of the window. Default 1. */
  strides?: number | [number, number];
  /** 'valid' (no padding, the output shrinks) or 'same' (padding so that stride 1 keeps the size). */
  padding?: 'same' | 'valid';
  /** Only 'channelsLast' ([batch, height, width, channels]). */
  dataFormat?: 'channelsLast' | 'channelsFirst';
  dilationRate?: number | [number, number];
  activation?: string;
  useBias?: boolean;
  biasInitializer?: InitializerLike;
  biasRegularizer?: RegularizerLike;
  activityRegularizer?: RegularizerLike;
  biasConstraint?: unknown;
}

/** Arguments of `layers.conv2d()` and `layers.conv2dTranspose()`. */
export interface ConvLayerArgs extends BaseConvArgs {
  /** Number of output channels (filters). */
  filters: number;
  kernelInitializer?: InitializerLike;
  kernelRegularizer?: RegularizerLike;
  kernelConstraint?: unknown;
}

/** What the convolution layers share: options, bias, activation, output size. */
abstract class BaseConv extends Layer {
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: 'same' | 'valid';
  readonly dataFormat = 'channelsLast' as const;
  readonly dilationRate: [number, number];
  readonly activation: string;
  readonly useBias: boolean;
  readonly biasInitializer: Initializer;
  readonly biasRegularizer: Regularizer | null;
  readonly activityRegularizer: Regularizer | null;
  bias?: LayerVariable;


  /**
   * Runs a fused convolution with this layer's strides, padding, dilation and bias; the activation
   * is fused when the kernel supports it, applied after otherwise.
   */
  protected convolve(conv: typeof fusedConv2d, inputs: Tensor | Tensor[], filter: Tensor, kwargs: Kwargs): Tensor {
    const x = asFloat(single(inputs));
    this.checkSize(x);
    const fused = FUSABLE.has(this.activation);
    let y = conv({
      x, filter, strides: this.strides, pad: this.padding, dilations: this.dilationRate,
      bias: this.bias?.read(), activation: (fused ? this.activation : 'linear') as FusedActivation,
    });
    if (!fused) y = activate(y, this.activation);
    activityPenalty(this.activityRegularizer, y, kwargs);
    return y;
  }

  constructor(args: BaseConvArgs) {
    super(args);
    this.kernelSize = pairArg(this.name, 'kernelSize', args?.kernelSize);
    this.strides = pairArg(this.name, 'strides', args.strides, 1);
    this.padding = paddingArg(this.name, args.padding);
    dataFormatArg(this.name, args.dataFormat);
    this.dilationRate = pairArg(this.name, 'dilationRate', args.dilationRate, 1);
    if ((this.strides[0] > 1 || this.strides[1] > 1) && (this.dilationRate[0] > 1 || this.dilationRate[1] > 1)) {
      raise('layers.badOption', { layer: this.name, option: 'dilationRate', expected: 'to be 1 when strides are greater than 1', got: JSON.stringify(this.dilationRate) });
    }
    this.activation = activationName(args.activation, this.name);
    this.useBias = args.useBias ?? true;
    this.biasInitializer = initializerArg(args.biasInitializer, 'zeros');
    this.biasRegularizer = regularizerArg(args.biasRegularizer);
    this.activityRegularizer = regularizerArg(args.activityRegularizer);
    ignoredOption(this.name, 'biasConstraint', args.biasConstraint);
  }

  /** The input's channel count, checking it is a 4-D image batch. */
  protected channelsOf(inputShape: Shape | Shape[]): number {
    const s = inputShape as Shape;
    const c = s[3];
    if (s.length !== 4 || c === null || c === undefined) {
      raise('layers.badInputShape', { layer: this.name, cls: this.getClassName(), expected: 'rank 4: [batch, height, width, channels] with known channels', got: fmtShape(s), hint: ' Images go in as [batch, height, width, channels].' });
    }
    return c;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [
      s[0],
      convOutputLength(s[1], this.kernelSize[0], this.padding, this.strides[0], this.dilationRate[0]),
      convOutputLength(s[2], this.kernelSize[1], this.padding, this.strides[1], this.dilationRate[1]),
      this.outChannels(s),
    ];
  }

  protected abstract outChannels(inputShape: Shape): number;

  /** Checks the image is big enough for the kernel (else the output would be empty). */
  protected checkSize(x: Tensor): void {
    const oh = convOutputLength(x.shape[1], this.kernelSize[0], this.padding, this.strides[0], this.dilationRate[0])!;
    const ow = convOutputLength(x.shape[2], this.kernelSize[1], this.padding, this.strides[1], this.dilationRate[1])!;
    if (oh <= 0 || ow <= 0) raise('layers.inputTooSmall', { layer: this.name, got: fmtShape(x.shape), kernel: this.kernelSize.join('×') });
  }

  /** Bias and activation after a convolution computed without them. */
  protected finish(y: Tensor, kwargs: Kwargs): Tensor {
    let out = this.bias ? add(y, this.bias.read()) : y;
    out = activate(out, this.activation);
    activityPenalty(this.activityRegularizer, out, kwargs);
    return out;
  }

  override getConfig(): LayerConfig {
    return {
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      activation: this.activation,
      useBias: this.useBias,
      biasInitializer: serializeObject(this.biasInitializer),
      biasRegularizer: serializeObject(this.biasRegularizer),
      activityRegularizer: serializeObject(this.activityRegularizer),
      biasConstraint: null,
      ...super.getConfig(),
    };
  }
}

/** 2-D convolution over images: `filters` learned kernels slide over the input. */
export class Conv2D extends BaseConv {
  static override className = 'Conv2D';
  readonly filters: number;
  readonly kernelInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  kernel?: LayerVariable;

  constructor(args: ConvLayerArgs) {
    super(args);
    this.filters = positiveInt(this.name, 'filters', args.filters);
    this.kernelInitializer = initializerArg(args.kernelInitializer, 'glorotUniform');
    this.kernelRegularizer = regularizerArg(args.kernelRegularizer);
    ignoredOption(this.name, 'kernelConstraint', args.kernelConstraint);
  }

  protected outChannels(): number {
    return this.filters;
  }

  override build(inputShape: Shape | Shape[]): void {
    const c = this.channelsOf(inputShape);
    this.kernel = this.addWeight('kernel', [...this.kernelSize, c, this.filters], this.kernelInitializer, this.kernelRegularizer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasInitializer, this.biasRegularizer);
    this.inputSpec = [{ ndim: 4, axes: { [-1]: c } }];
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    return this.convolve(fusedConv2d, inputs, this.kernel!.read(), kwargs);
  }

  override getConfig(): LayerConfig {
    return {
      filters: this.filters,
      kernelInitializer: serializeObject(this.kernelInitializer),
      kernelRegularizer: serializeObject(this.kernelRegularizer),
      kernelConstraint: null,
      ...super.getConfig(),
    };
  }
}

/** Arguments of `layers.depthwiseConv2d()`. */
export interface DepthwiseConv2DArgs extends BaseConvArgs {
  /** Output channels per input channel. Default 1. */
  depthMultiplier?: number;
  depthwiseInitializer?: InitializerLike;
  depthwiseRegularizer?: RegularizerLike;
  depthwiseConstraint?: unknown;
}

/** Depthwise 2-D convolution: each input channel gets its own kernel(s). */
export class DepthwiseConv2D extends BaseConv {
  static override className = 'DepthwiseConv2D';
  readonly depthMultiplier: number;
  readonly depthwiseInitializer: Initializer;
  readonly depthwiseRegularizer: Regularizer | null;
  depthwiseKernel?: LayerVariable;

  constructor(args: DepthwiseConv2DArgs) {
    super(args);
    this.depthMultiplier = positiveInt(this.name, 'depthMultiplier', args.depthMultiplier ?? 1);
    this.depthwiseInitializer = initializerArg(args.depthwiseInitializer, 'glorotUniform');
    this.depthwiseRegularizer = regularizerArg(args.depthwiseRegularizer);
    ignoredOption(this.name, 'depthwiseConstraint', args.depthwiseConstraint);
  }

  protected outChannels(s: Shape): number {
    return (s[3] ?? 0) * this.depthMultiplier;
  }

  override build(inputShape: Shape | Shape[]): void {
    const c = this.channelsOf(inputShape);
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, c, this.depthMultiplier], this.depthwiseInitializer, this.depthwiseRegularizer);
    if (this.useBias) this.bias = this.addWeight('bias', [c * this.depthMultiplier], this.biasInitializer, this.biasRegularizer);
    this.inputSpec = [{ ndim: 4, axes: { [-1]: c } }];
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    return this.convolve(fusedDepthwiseConv2d, inputs, this.depthwiseKernel!.read(), kwargs);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      depthMultiplier: this.depthMultiplier,
      depthwiseInitializer: serializeObject(this.depthwiseInitializer),
      depthwiseRegularizer: serializeObject(this.depthwiseRegularizer),
      depthwiseConstraint: null,
    };
  }
}

/** Arguments of `layers.separableConv2d()`. */
export interface SeparableConv2DArgs extends BaseConvArgs {
  filters: number;
  depthMultiplier?: number;
  depthwiseInitializer?: InitializerLike;
  pointwiseInitializer?: InitializerLike;
  depthwiseRegularizer?: RegularizerLike;
  pointwiseRegularizer?: RegularizerLike;
  depthwiseConstraint?: unknown;
  pointwiseConstraint?: unknown;
}

/** A depthwise convolution followed by a 1×1 convolution mixing the channels (fewer weights than Conv2D). */
export class SeparableConv2D extends BaseConv {
  static override className = 'SeparableConv2D';
  readonly filters: number;
  readonly depthMultiplier: number;
  readonly depthwiseInitializer: Initializer;
  readonly pointwiseInitializer: Initializer;
  readonly depthwiseRegularizer: Regularizer | null;
  readonly pointwiseRegularizer: Regularizer | null;
  depthwiseKernel?: LayerVariable;
  pointwiseKernel?: LayerVariable;

  constructor(args: SeparableConv2DArgs) {
    super(args);
    this.filters = positiveInt(this.name, 'filters', args.filters);
    this.depthMultiplier = positiveInt(this.name, 'depthMultiplier', args.depthMultiplier ?? 1);
    this.depthwiseInitializer = initializerArg(args.depthwiseInitializer, 'glorotUniform');
    this.pointwiseInitializer = initializerArg(args.pointwiseInitializer, 'glorotUniform');
    this.depthwiseRegularizer = regularizerArg(args.depthwiseRegularizer);
    this.pointwiseRegularizer = regularizerArg(args.pointwiseRegularizer);
    ignoredOption(this.name, 'depthwiseConstraint', args.depthwiseConstraint);
    ignoredOption(this.name, 'pointwiseConstraint', args.pointwiseConstraint);
  }

  protected outChannels(): number {
    return this.filters;
  }

  override build(inputShape: Shape | Shape[]): void {
    const c = this.channelsOf(inputShape);
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, c, this.depthMultiplier], this.depthwiseInitializer, this.depthwiseRegularizer);
    this.pointwiseKernel = this.addWeight('pointwise_kernel', [1, 1, c * this.depthMultiplier, this.filters], this.pointwiseInitializer, this.pointwiseRegularizer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasInitializer, this.biasRegularizer);
    this.inputSpec = [{ ndim: 4, axes: { [-1]: c } }];
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    const x = asFloat(single(inputs));
    this.checkSize(x);
    const y = separableConv2d(x, this.depthwiseKernel!.read(), this.pointwiseKernel!.read(), this.strides, this.padding, this.dilationRate);
    return this.finish(y, kwargs);
  }

  override getConfig(): LayerConfig {
    return {
      filters: this.filters,
      ...super.getConfig(),
      depthMultiplier: this.depthMultiplier,
      depthwiseInitializer: serializeObject(this.depthwiseInitializer),
      pointwiseInitializer: serializeObject(this.pointwiseInitializer),
      depthwiseRegularizer: serializeObject(this.depthwiseRegularizer),
      pointwiseRegularizer: serializeObject(this.pointwiseRegularizer),
      depthwiseConstraint: null,
      pointwiseConstraint: null,
    };
  }
}

/** Transposed convolution ("deconvolution"): upsamples images, the reverse of a strided Conv2D. */
export class Conv2DTranspose extends Conv2D {
  static override className = 'Conv2DTranspose';

  constructor(args: ConvLayerArgs) {
    super(args);
    if (this.dilationRate[0] !== 1 || this.dilationRate[1] !== 1) {
      raise('layers.badOption', { layer: this.name, option: 'dilationRate', expected: 'to be 1 (dilated transposed convolutions are not supported)', got: JSON.stringify(this.dilationRate) });
    }
  }

  override build(inputShape: Shape | Shape[]): void {
    const c = this.channelsOf(inputShape);
    this.kernel = this.addWeight('kernel', [...this.kernelSize, this.filters, c], this.kernelInitializer, this.kernelRegularizer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasInitializer, this.biasRegularizer);
    this.inputSpec = [{ ndim: 4, axes: { [-1]: c } }];
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [
      s[0],
      deconvOutputLength(s[1], this.kernelSize[0], this.padding, this.strides[0]),
      deconvOutputLength(s[2], this.kernelSize[1], this.padding, this.strides[1]),
      this.filters,
    ];
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    const x = asFloat(single(inputs));
    const out = this.computeOutputShape(x.shape) as number[];
    const y = conv2dTranspose(x, this.kernel!.read(), out, this.strides, this.padding);
    return this.finish(y, kwargs);
  }

  override getConfig(): LayerConfig {
    const c = super.getConfig();
    delete c.dilationRate;
    return c;
  }
}

/** Arguments of `layers.zeroPadding2d()`. */
export interface ZeroPadding2DArgs extends LayerArgs {
  /** 1, [h, w] (symmetric) or [[top, bottom], [left, right]]. Default 1. */
  padding?: number | [number, number] | [[number, number], [number, number]];
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/** Adds rows and columns of zeros around images. */
export class ZeroPadding2D extends Layer {
  static override className = 'ZeroPadding2D';
  readonly padding: [[number, number], [number, number]];
  readonly dataFormat = 'channelsLast' as const;

  constructor(args: ZeroPadding2DArgs = {}) {
    super(args);
    dataFormatArg(this.name, args.dataFormat);
    const p = args.padding ?? 1;
    const ok = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
    let pp: [[number, number], [number, number]] | null = null;
    if (typeof p === 'number' && ok(p)) pp = [[p, p], [p, p]];
    else if (Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number' && ok(v))) pp = [[p[0] as number, p[0] as number], [p[1] as number, p[1] as number]];
    else if (Array.isArray(p) && p.length === 2 && p.every((v) => Array.isArray(v) && v.length === 2 && v.every(ok))) pp = p as [[number, number], [number, number]];
    if (!pp) raise('layers.badOption', { layer: this.name, option: 'padding', expected: 'a non-negative integer, [height, width], or [[top, bottom], [left, right]]', got: JSON.stringify(p) });
    this.padding = pp;
    this.inputSpec = [{ ndim: 4 }];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    const [[t, b], [l, r]] = this.padding;
    return [s[0], s[1] === null ? null : s[1] + t + b, s[2] === null ? null : s[2] + l + r, s[3]];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return pad(single(inputs), [[0, 0], this.padding[0], this.padding[1], [0, 0]]);
  }

  override getConfig(): LayerConfig {
    return { padding: this.padding, dataFormat: this.dataFormat, ...super.getConfig() };
  }
}

/** Arguments of `layers.upSampling2d()`. */
export interface UpSampling2DArgs extends LayerArgs {
  /** How many times to repeat rows and columns: 2 or [2, 2]. Default [2, 2]. */
  size?: number | [number, number];
  interpolation?: 'nearest' | 'bilinear';
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/** Enlarges images by repeating rows and columns (or bilinear interpolation). */
export class UpSampling2D extends Layer {
  static override className = 'UpSampling2D';
  readonly size: [number, number];
  readonly interpolation: 'nearest' | 'bilinear';
  readonly dataFormat = 'channelsLast' as const;

  constructor(args: UpSampling2DArgs = {}) {
    super(args);
    this.size = pairArg(this.name, 'size', args.size, 2);
    dataFormatArg(this.name, args.dataFormat);
    const i = args.interpolation ?? 'nearest';
    if (i !== 'nearest' && i !== 'bilinear') raise('layers.badOption', { layer: this.name, option: 'interpolation', expected: "'nearest' or 'bilinear'", got: JSON.stringify(i) });
    this.interpolation = i;
    this.inputSpec = [{ ndim: 4 }];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0], s[1] === null ? null : s[1] * this.size[0], s[2] === null ? null : s[2] * this.size[1], s[3]];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = single(inputs);
    const [b, h, w, c] = x.shape;
    const [sh, sw] = this.size;
    if (this.interpolation === 'bilinear') return resizeBilinear(x, [h * sh, w * sw]);
    // Nearest neighbour with an integer factor repeats each pixel: done with tile (differentiable).
    return reshape(tile(reshape(x, [b, h, 1, w, 1, c]), [1, 1, sh, 1, sw, 1]), [b, h * sh, w * sw, c]);
  }

  override getConfig(): LayerConfig {
    return { size: this.size, dataFormat: this.dataFormat, interpolation: this.interpolation, ...super.getConfig() };
  }
}
