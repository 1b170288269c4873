import { describeValue } from '../errors/index.js';
import { ENGINE } from './engine.js';
import { badArg } from './ops/op-utils.js';
import type { Tensor } from './tensor.js';

/** An RGBA pixel buffer: ImageData, or the `{data, width, height}` object Node code can make. */
export interface PixelData {
  data: ArrayLike<number>;
  width: number;
  height: number;
}

/** Everything `fromPixels` reads. */
export type PixelSource =
  | PixelData
  | HTMLImageElement
  | HTMLCanvasElement
  | HTMLVideoElement
  | ImageBitmap
  | OffscreenCanvas;

function isPixelData(p: unknown): p is PixelData {
  const o = p as PixelData;
  return !!o && typeof o === 'object' && typeof o.width === 'number' && typeof o.height === 'number' &&
    !!o.data && typeof (o.data as ArrayLike<number>).length === 'number';
}

function sizeOfSource(p: PixelSource): [number, number] {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.HTMLVideoElement === 'function' && p instanceof (g.HTMLVideoElement as typeof HTMLVideoElement)) return [p.videoWidth, p.videoHeight];
  if (typeof g.HTMLImageElement === 'function' && p instanceof (g.HTMLImageElement as typeof HTMLImageElement)) return [p.naturalWidth || p.width, p.naturalHeight || p.height];
  const s = p as { width: number; height: number };
  return [s.width, s.height];
}

let scratch: HTMLCanvasElement | OffscreenCanvas | null = null;

/** Draws a drawable onto a reusable 2-D canvas and reads its RGBA pixels. */
function readDrawable(p: CanvasImageSource, width: number, height: number): Uint8ClampedArray {
  if (!scratch) {
    if (typeof OffscreenCanvas !== 'undefined') scratch = new OffscreenCanvas(width, height);
    else if (typeof document !== 'undefined') scratch = document.createElement('canvas');
    else badArg('browser.fromPixels', 'pixels', 'must be a {data, width, height} RGBA object outside a browser', 'an image element');
  }
  scratch.width = width;
  scratch.height = height;
  const ctx = scratch.getContext('2d', { willReadFrequently: true } as CanvasRenderingContext2DSettings) as CanvasRenderingContext2D | null;
  if (!ctx) badArg('browser.fromPixels', 'pixels', 'must be drawable on a 2-D canvas', 'no 2-D context available');
  ctx.clearRect(0, 0, width, height);
  ctx.drawImage(p, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height).data;
}

/**
 * Reads an image into an int32 tensor of shape `[height, width, numChannels]` with values 0–255.
 * Takes ImageData, an image, a canvas, a video, an ImageBitmap, an OffscreenCanvas, or (in Node)
 * an object `{data, width, height}` holding RGBA bytes.
 *
 * @example
 * const pixels = sprout.browser.fromPixels(document.querySelector('canvas'));
 * pixels.shape; // [height, width, 3]
 */
export function fromPixels(pixels: PixelSource, numChannels = 3): Tensor {
  const op = 'browser.fromPixels';
  if (numChannels !== 1 && numChannels !== 3 && numChannels !== 4) badArg(op, 'numChannels', 'must be 1, 3 or 4', describeValue(numChannels));
  if (!pixels || typeof pixels !== 'object') {
    badArg(op, 'pixels', 'must be ImageData, an image, canvas or video element, an ImageBitmap, an OffscreenCanvas or a {data, width, height} object', describeValue(pixels));
  }
  let rgba: ArrayLike<number>;
  let width: number, height: number;
  if (isPixelData(pixels)) {
    ({ width, height } = pixels);
    rgba = pixels.data;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
      badArg(op, 'pixels', 'must have integer width and height', `${width}×${height}`);
    }
    if (width === 0 || height === 0) badArg(op, 'pixels', 'must have a size (an image not loaded yet, or a video not playing yet, has none)', `${width}×${height}`);
    if (rgba.length !== width * height * 4) {
      badArg(op, 'pixels.data', `must hold width·height·4 = ${width * height * 4} RGBA bytes`, `${rgba.length} values`);
    }
  } else {
    [width, height] = sizeOfSource(pixels);
    if (typeof width !== 'number' || typeof height !== 'number') {
      badArg(op, 'pixels', 'must be ImageData, an image, canvas or video element, an ImageBitmap, an OffscreenCanvas or a {data, width, height} object', describeValue(pixels));
    }
    if (width === 0 || height === 0) badArg(op, 'pixels', 'must have a size (an image not loaded yet, or a video not playing yet, has none)', `${width}×${height}`);
    rgba = readDrawable(pixels as CanvasImageSource, width, height);
  }
  const n = width * height;
  const out = new Int32Array(n * numChannels);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < numChannels; c++) out[i * numChannels + c] = rgba[i * 4 + c];
  }
  return ENGINE.makeTensor(out, [height, width, numChannels], 'int32');
}
