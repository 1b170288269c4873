import { ENGINE } from '../engine.js';
import { describeValue } from '../../errors/index.js';
import { toTensor, type TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { badArg, cast, checkRank, run } from './op-utils.js';
import { reshape } from './transform.js';

function resize(op: string, kernel: string, images: TensorLike, size: [number, number], alignCorners: boolean, halfPixelCenters: boolean): Tensor {
  return ENGINE.tidy(() => {
    let t = toTensor(images, 'images', op);
    checkRank(op, 'images', t, [3, 4]);
    if (!Array.isArray(size) || size.length !== 2 || !size.every((d) => Number.isInteger(d) && d > 0)) {
      badArg(op, 'size', 'must be [newHeight, newWidth] of positive integers', Array.isArray(size) ? `[${size}]` : describeValue(size));
    }
    if (alignCorners && halfPixelCenters) badArg(op, 'halfPixelCenters', 'must be false when alignCorners is true', 'true');
    const squeeze = t.rank === 3;
    if (squeeze) t = reshape(t, [1, ...t.shape]);
    if (kernel === 'ResizeBilinear' && t.dtype !== 'float32') t = cast(t, 'float32');
    if (t.dtype === 'bool') t = cast(t, 'int32');
    const out = run(kernel, [t], { newHeight: size[0], newWidth: size[1], alignCorners, halfPixelCenters }, op);
    return squeeze ? reshape(out, out.shape.slice(1)) : out;
  });
}

/**
 * Bilinear resize of NHWC images (or one HWC image), with TF.js' alignCorners and halfPixelCenters.
 *
 * @example
 * sprout.image.resizeBilinear(sprout.ones([4, 4, 3]), [2, 2]).shape; // [2, 2, 3]
 */
export function resizeBilinear(images: TensorLike, size: [number, number], alignCorners = false, halfPixelCenters = false): Tensor {
  return ENGINE.tidy(() => {
    return resize('image.resizeBilinear', 'ResizeBilinear', images, size, alignCorners, halfPixelCenters);
  });
}

/**
 * Nearest-neighbour resize of NHWC images (keeps the dtype).
 *
 * @example
 * sprout.image.resizeNearestNeighbor(sprout.ones([2, 2, 1]), [4, 4]).shape; // [4, 4, 1]
 */
export function resizeNearestNeighbor(images: TensorLike, size: [number, number], alignCorners = false, halfPixelCenters = false): Tensor {
  return ENGINE.tidy(() => {
    return resize('image.resizeNearestNeighbor', 'ResizeNearestNeighbor', images, size, alignCorners, halfPixelCenters);
  });
}
