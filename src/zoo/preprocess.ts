/**
 * Turns a picture into the input a zoo model was trained on, as its manifest describes it:
 * centre crop (if asked), resize (unless the model takes any size), grayscale (if one channel),
 * scale by mean/std, cast.
 */
import { cast, div, expandDims, mean, resizeBilinear, resizeNearestNeighbor, slice, sub, tensor, tidy, type Tensor } from '../tensor/index.js';
import type { ZooImageInput } from './types.js';

/**
 * `pixels`: a `[height, width, 3]` or `[batch, height, width, 3]` tensor of RGB values in 0–255.
 * Returns `[batch, input.height, input.width, input.channels]` in the model's input dtype.
 *
 * @example
 * const x = preprocessImage(sprout.browser.fromPixels(img), manifest.input);
 */
export function preprocessImage(pixels: Tensor, input: ZooImageInput): Tensor {
  return tidy(() => {
    let x = pixels.rank === 3 ? expandDims(pixels, 0) : pixels;
    if (x.dtype !== 'float32') x = cast(x, 'float32');
    const [, h, w] = x.shape;
    if (input.anySize === true) {
      // The model resizes by itself: give it the picture as it is.
    } else if (input.resize === 'center-crop' && h !== w) {
      const side = Math.min(h, w);
      x = slice(x, [0, Math.floor((h - side) / 2), Math.floor((w - side) / 2), 0], [-1, side, side, -1]);
    }
    if (input.anySize !== true && (x.shape[1] !== input.height || x.shape[2] !== input.width)) {
      const align = input.alignCorners === true;
      x = input.interpolation === 'nearest'
        ? resizeNearestNeighbor(x, [input.height, input.width], align, !align)
        : resizeBilinear(x, [input.height, input.width], align, !align);
    }
    if (input.channels === 1 && x.shape[3] !== 1) x = mean(x, 3, true);
    if (input.dtype === 'int32') return cast(x, 'int32');
    const perChannel = (v: number | number[]) => (typeof v === 'number' ? v : tensor(v));
    return div(sub(div(x, 255), perChannel(input.mean)), perChannel(input.std));
  });
}
