/**
 * The `layers` namespace: one function per layer, as in TF.js (`sprout.layers.dense({ units: 10 })`).
 */
import { Activation, Dense, Dropout, Flatten, Reshape, type ActivationArgs, type DenseArgs, type DropoutArgs, type ReshapeArgs } from './core.js';
import {
  Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, UpSampling2D, ZeroPadding2D,
  type ConvLayerArgs, type DepthwiseConv2DArgs, type SeparableConv2DArgs, type UpSampling2DArgs, type ZeroPadding2DArgs,
} from './convolutional.js';
import { AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, type GlobalPooling2DArgs, type Pooling2DArgs } from './pooling.js';
import { BatchNormalization, type BatchNormalizationArgs } from './normalization.js';
import { ELU, LeakyReLU, PReLU, ReLU, Softmax, type ELUArgs, type LeakyReLUArgs, type PReLUArgs, type ReLUArgs, type SoftmaxArgs } from './advanced-activations.js';
import { Add, Concatenate, Multiply, type ConcatenateArgs } from './merge.js';
import { InputLayer, input, type InputLayerArgs, type LayerArgs } from './topology.js';
import { registerLayerClass } from './registry.js';

for (const cls of [
  InputLayer, Dense, Flatten, Reshape, Dropout, Activation, Conv2D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose,
  ZeroPadding2D, UpSampling2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D,
  BatchNormalization, ReLU, LeakyReLU, PReLU, ELU, Softmax, Add, Multiply, Concatenate,
]) registerLayerClass(cls);

export {
  Activation, Dense, Dropout, Flatten, Reshape, Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, UpSampling2D, ZeroPadding2D,
  AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, BatchNormalization, ELU, LeakyReLU, PReLU, ReLU, Softmax,
  Add, Concatenate, Multiply, InputLayer,
};
export type {
  ActivationArgs, DenseArgs, DropoutArgs, ReshapeArgs, ConvLayerArgs, DepthwiseConv2DArgs, SeparableConv2DArgs, UpSampling2DArgs, ZeroPadding2DArgs,
  GlobalPooling2DArgs, Pooling2DArgs, BatchNormalizationArgs, ELUArgs, LeakyReLUArgs, PReLUArgs, ReLUArgs, SoftmaxArgs, ConcatenateArgs, InputLayerArgs, LayerArgs,
};
export { Layer, LayerVariable, SymbolicTensor, Node, input, type Shape, type Kwargs, type InputSpec, type InputConfig, type LayerConfig } from './topology.js';
export { registerLayerClass, deserializeLayer, layerClass } from './registry.js';

const maxPooling2d = (args?: Pooling2DArgs) => new MaxPooling2D(args);
const averagePooling2d = (args?: Pooling2DArgs) => new AveragePooling2D(args);
const globalAveragePooling2d = (args?: GlobalPooling2DArgs) => new GlobalAveragePooling2D(args);
const globalMaxPooling2d = (args?: GlobalPooling2DArgs) => new GlobalMaxPooling2D(args);

/**
 * Layer factories, as `tf.layers` in TF.js.
 *
 * @example
 * const model = sprout.sequential({
 *   layers: [
 *     sprout.layers.dense({ inputShape: [2], units: 8, activation: 'relu' }),
 *     sprout.layers.dense({ units: 1 }),
 *   ],
 * });
 */
export const layers = {
  /** A symbolic input, as `sprout.input()`. @example const inp = sprout.layers.input({ shape: [4] }); */
  input,
  /** An explicit input layer (for sequential models). @example sprout.layers.inputLayer({ inputShape: [4] }) */
  inputLayer: (args: InputLayerArgs) => new InputLayer(args),
  /** Fully connected layer. @example sprout.layers.dense({ units: 10, activation: 'relu' }) */
  dense: (args: DenseArgs) => new Dense(args),
  /** 2-D convolution. @example sprout.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }) */
  conv2d: (args: ConvLayerArgs) => new Conv2D(args),
  /** Depthwise convolution. @example sprout.layers.depthwiseConv2d({ kernelSize: 3 }) */
  depthwiseConv2d: (args: DepthwiseConv2DArgs) => new DepthwiseConv2D(args),
  /** Depthwise-separable convolution. @example sprout.layers.separableConv2d({ filters: 16, kernelSize: 3 }) */
  separableConv2d: (args: SeparableConv2DArgs) => new SeparableConv2D(args),
  /** Transposed convolution (upsampling). @example sprout.layers.conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2, padding: 'same' }) */
  conv2dTranspose: (args: ConvLayerArgs) => new Conv2DTranspose(args),
  /** Max pooling. @example sprout.layers.maxPooling2d({ poolSize: 2 }) */
  maxPooling2d,
  maxPool2d: maxPooling2d,
  /** Average pooling. @example sprout.layers.averagePooling2d({ poolSize: 2 }) */
  averagePooling2d,
  avgPool2d: averagePooling2d,
  avgPooling2d: averagePooling2d,
  /** Mean of each channel over the image. @example sprout.layers.globalAveragePooling2d() */
  globalAveragePooling2d,
  /** Max of each channel over the image. @example sprout.layers.globalMaxPooling2d() */
  globalMaxPooling2d,
  globalMaxPool2d: globalMaxPooling2d,
  /** Flattens each example. @example sprout.layers.flatten() */
  flatten: (args?: LayerArgs) => new Flatten(args),
  /** Reshapes each example. @example sprout.layers.reshape({ targetShape: [4, 4, 1] }) */
  reshape: (args: ReshapeArgs) => new Reshape(args),
  /** Random dropout during training. @example sprout.layers.dropout({ rate: 0.25 }) */
  dropout: (args: DropoutArgs) => new Dropout(args),
  /** Batch normalization. @example sprout.layers.batchNormalization() */
  batchNormalization: (args?: BatchNormalizationArgs) => new BatchNormalization(args),
  /** An activation function as a layer. @example sprout.layers.activation({ activation: 'relu' }) */
  activation: (args: ActivationArgs) => new Activation(args),
  /** ReLU (optionally capped). @example sprout.layers.reLU({ maxValue: 6 }) */
  reLU: (args?: ReLUArgs) => new ReLU(args),
  /** Leaky ReLU. @example sprout.layers.leakyReLU({ alpha: 0.1 }) */
  leakyReLU: (args?: LeakyReLUArgs) => new LeakyReLU(args),
  /** Leaky ReLU with a learned slope. @example sprout.layers.prelu() */
  prelu: (args?: PReLUArgs) => new PReLU(args),
  /** ELU. @example sprout.layers.elu() */
  elu: (args?: ELUArgs) => new ELU(args),
  /** Softmax. @example sprout.layers.softmax() */
  softmax: (args?: SoftmaxArgs) => new Softmax(args),
  /** Zero padding around images. @example sprout.layers.zeroPadding2d({ padding: 1 }) */
  zeroPadding2d: (args?: ZeroPadding2DArgs) => new ZeroPadding2D(args),
  /** Enlarges images. @example sprout.layers.upSampling2d({ size: 2 }) */
  upSampling2d: (args?: UpSampling2DArgs) => new UpSampling2D(args),
  /** Joins inputs along an axis. @example sprout.layers.concatenate().apply([a, b]) */
  concatenate: (args?: ConcatenateArgs) => new Concatenate(args),
  /** Adds inputs. @example sprout.layers.add().apply([a, b]) */
  add: (args?: LayerArgs) => new Add(args),
  /** Multiplies inputs. @example sprout.layers.multiply().apply([a, b]) */
  multiply: (args?: LayerArgs) => new Multiply(args),
};
