/** Pooling layers (channels last): MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D. */
import { raise } from '../../errors/index.js';
import { Tensor, avgPool, max, maxPool, mean } from '../../tensor/index.js';
import { asFloat } from './core.js';
import { Layer, fmtShape, single, type LayerArgs, type LayerConfig, type Shape } from './topology.js';
import { convOutputLength, dataFormatArg, pairArg, paddingArg } from './utils.js';

/** Arguments of `layers.maxPooling2d()` and `layers.averagePooling2d()`. */
export interface Pooling2DArgs extends LayerArgs {
  /** Window size: 2 or [2, 2]. Default [2, 2]. */
  poolSize?: number | [number, number];
  /** Step of the window. Default: the pool size. */
  strides?: number | [number, number];
  padding?: 'same' | 'valid';
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

abstract class Pooling2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: 'same' | 'valid';
  readonly dataFormat = 'channelsLast' as const;

  constructor(args: Pooling2DArgs = {}) {
    super(args);
    this.poolSize = pairArg(this.name, 'poolSize', args.poolSize, 2);
    this.strides = pairArg(this.name, 'strides', args.strides, this.poolSize);
    this.padding = paddingArg(this.name, args.padding);
    dataFormatArg(this.name, args.dataFormat);
    this.inputSpec = [{ ndim: 4 }];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0], convOutputLength(s[1], this.poolSize[0], this.padding, this.strides[0]), convOutputLength(s[2], this.poolSize[1], this.padding, this.strides[1]), s[3]];
  }

  protected checked(inputs: Tensor | Tensor[]): Tensor {
    const x = asFloat(single(inputs));
    const [, oh, ow] = this.computeOutputShape(x.shape) as number[];
    if (oh <= 0 || ow <= 0) raise('layers.inputTooSmall', { layer: this.name, got: fmtShape(x.shape), kernel: this.poolSize.join('×') });
    return x;
  }

  override getConfig(): LayerConfig {
    return { poolSize: this.poolSize, padding: this.padding, strides: this.strides, dataFormat: this.dataFormat, ...super.getConfig() };
  }
}

/** Keeps the largest value of each window. */
export class MaxPooling2D extends Pooling2D {
  static override className = 'MaxPooling2D';

  override call(inputs: Tensor | Tensor[]): Tensor {
    return maxPool(this.checked(inputs), this.poolSize, this.strides, this.padding);
  }
}

/** Averages each window. */
export class AveragePooling2D extends Pooling2D {
  static override className = 'AveragePooling2D';

  override call(inputs: Tensor | Tensor[]): Tensor {
    return avgPool(this.checked(inputs), this.poolSize, this.strides, this.padding);
  }
}

/** Arguments of the global pooling layers. */
export interface GlobalPooling2DArgs extends LayerArgs {
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

abstract class GlobalPooling2D extends Layer {
  readonly dataFormat = 'channelsLast' as const;

  constructor(args: GlobalPooling2DArgs = {}) {
    super(args);
    dataFormatArg(this.name, args.dataFormat);
    this.inputSpec = [{ ndim: 4 }];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0], s[3]];
  }

  override getConfig(): LayerConfig {
    return { dataFormat: this.dataFormat, ...super.getConfig() };
  }
}

/** Averages each channel over the whole image: [batch, h, w, c] → [batch, c]. */
export class GlobalAveragePooling2D extends GlobalPooling2D {
  static override className = 'GlobalAveragePooling2D';

  override call(inputs: Tensor | Tensor[]): Tensor {
    return mean(asFloat(single(inputs)), [1, 2]);
  }
}

/** The largest value of each channel over the whole image: [batch, h, w, c] → [batch, c]. */
export class GlobalMaxPooling2D extends GlobalPooling2D {
  static override className = 'GlobalMaxPooling2D';

  override call(inputs: Tensor | Tensor[]): Tensor {
    return max(asFloat(single(inputs)), [1, 2]);
  }
}
