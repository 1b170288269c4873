/**
 * Images as the numbers of an imageClassification neuralNetwork: any image the user has (an <img>,
 * a canvas, a video, ImageData, a p5 image or graphics, `{data, width, height}`) becomes the flat
 * list of its pixel values at the network's size, row by row, as ml5 reads them.
 */
import { fromPixels, resizeBilinear, tidy, type PixelSource } from '../../tensor/index.js';

/** The element behind a p5 image, graphics or video (`.canvas` or `.elt`), or the value itself. */
function unwrap(x: unknown): unknown {
  if (!x || typeof x !== 'object') return x;
  const o = x as { canvas?: unknown; elt?: unknown };
  if (o.canvas && typeof o.canvas === 'object') return o.canvas;
  if (o.elt && typeof o.elt === 'object') return o.elt;
  return x;
}

const DOM_IMAGE_TYPES = ['HTMLImageElement', 'HTMLCanvasElement', 'HTMLVideoElement', 'ImageBitmap', 'OffscreenCanvas', 'ImageData'];

/** True for anything `imagePixels` can read. */
export function isImageLike(x: unknown): boolean {
  const v = unwrap(x);
  if (!v || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const g = globalThis as Record<string, unknown>;
  if (DOM_IMAGE_TYPES.some((t) => typeof g[t] === 'function' && v instanceof (g[t] as new () => object))) return true;
  const p = v as { data?: { length?: number }; width?: unknown; height?: unknown };
  return typeof p.width === 'number' && typeof p.height === 'number' && typeof p.data?.length === 'number';
}

/** The pixel values (0–255) of an image resized to `width`×`height` with `channels` (1, 3 or 4) per pixel. */
export function imagePixels(img: unknown, width: number, height: number, channels: number): Float32Array {
  const t = tidy(() => {
    const px = fromPixels(unwrap(img) as PixelSource, channels);
    return px.shape[0] === height && px.shape[1] === width ? px : resizeBilinear(px.toFloat(), [height, width]);
  });
  const values = Float32Array.from(t.dataSync());
  t.dispose();
  return values;
}
