/**
 * Turns whatever a user passes as an image into pixels: HTML image, video and canvas elements,
 * OffscreenCanvas, ImageData, ImageBitmap, anything with `.elt` or `.canvas` holding one of those
 * (p5.Image, p5.Graphics, p5 video captures), Sprout tensors, and `{data, width, height}` RGBA
 * objects (Node). A video that is not playing yet, or an image still loading, is waited for.
 */
import { describeValue, raise } from '../../errors/index.js';
import { Tensor, clone, fromPixels, slice, tensor, tile, type PixelSource } from '../../tensor/index.js';

/** How long a task waits for a video's first frame (or an image to load) before saying so. */
export const MEDIA_WAIT_MS = 5000;

type Ctor = abstract new (...a: never[]) => unknown;
const ctor = (name: string): Ctor | undefined => {
  const c = (globalThis as Record<string, unknown>)[name];
  return typeof c === 'function' ? (c as Ctor) : undefined;
};
const isA = (x: unknown, name: string): boolean => {
  const c = ctor(name);
  return !!c && x instanceof c;
};

const DRAWABLES = ['HTMLImageElement', 'HTMLVideoElement', 'HTMLCanvasElement', 'OffscreenCanvas', 'ImageBitmap', 'ImageData'];

const isPixelData = (x: unknown): boolean => {
  const o = x as { data?: { length?: unknown }; width?: unknown; height?: unknown };
  return !!o && typeof o === 'object' && typeof o.width === 'number' && typeof o.height === 'number' && !!o.data && typeof o.data.length === 'number';
};

const isDrawable = (x: unknown): boolean => DRAWABLES.some((n) => isA(x, n)) || isPixelData(x);

/** The element inside a p5 wrapper (`.elt` for p5.Element and captures, `.canvas` for p5.Image). */
function unwrap(x: unknown): unknown {
  if (!x || typeof x !== 'object' || isDrawable(x) || x instanceof Tensor) return x;
  const o = x as { elt?: unknown; canvas?: unknown };
  if (isDrawable(o.elt)) return o.elt;
  if (isDrawable(o.canvas)) return o.canvas;
  return x;
}

/**
 * Resolves when `ok()` holds (checked on the element's events and every 50 ms); false after `ms`,
 * or at once on an 'error' event.
 */
function waitFor(el: EventTarget, events: string[], ok: () => boolean, ms: number): Promise<boolean> {
  if (ok()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (v: boolean) => {
      clearInterval(timer);
      clearTimeout(limit);
      for (const e of events) el.removeEventListener(e, check);
      el.removeEventListener('error', fail);
      resolve(v);
    };
    const check = () => ok() && done(true);
    const fail = () => done(false);
    for (const e of events) el.addEventListener(e, check);
    el.addEventListener('error', fail);
    const timer = setInterval(check, 50);
    const limit = setTimeout(() => done(ok()), ms);
  });
}

/** Three channels from a tensor image of 1, 3 or 4 channels. */
function toRGB(t: Tensor): Tensor {
  const c = t.shape[2];
  if (c === 3) return clone(t);
  if (c === 4) return slice(t, [0, 0, 0], [-1, -1, 3]);
  return tile(t, [1, 1, 3]);
}

/**
 * Reads `input` as a `[height, width, 3]` tensor of values 0–255 (the caller disposes it).
 * `method` names the task method in messages, e.g. 'classify'.
 *
 * @example
 * const pixels = await readImage(video, 'classify');
 */
export async function readImage(input: unknown, method: string, waitMs = MEDIA_WAIT_MS): Promise<Tensor> {
  const x = unwrap(input);
  if (x instanceof Tensor) return tensorImage(x, method);
  if (isA(x, 'HTMLVideoElement')) {
    const v = x as HTMLVideoElement;
    const playing = await waitFor(v, ['loadeddata', 'playing', 'canplay'], () => v.readyState >= 2 && v.videoWidth > 0, waitMs);
    if (!playing) raise('task.videoNotReady', { method, seconds: waitMs / 1000 });
  } else if (isA(x, 'HTMLImageElement')) {
    const img = x as HTMLImageElement;
    // Not failed at once when complete with no size: DOM stand-ins (happy-dom) report every image as
    // complete; a failed load is still reported at once through its 'error' event.
    const loaded = await waitFor(img, ['load'], () => img.complete && img.naturalWidth > 0, waitMs);
    if (!loaded) raise('task.notAnImage', { method, got: img.complete ? `an image that could not be loaded (${img.src || 'no src'})` : `an image still loading after ${waitMs / 1000} s (${img.src || 'no src'})` });
  } else if (isPixelData(x)) {
    return pixelDataImage(x as { data: ArrayLike<number>; width: number; height: number }, method);
  } else if (!isDrawable(x)) {
    return raise('task.notAnImage', { method, got: describeValue(input) });
  } else {
    const { width, height } = x as { width: number; height: number };
    if (!(width > 0 && height > 0)) raise('task.emptyImage', { method, size: `${width}×${height}` });
  }
  return fromPixels(x as PixelSource, 3);
}

/** A tensor image: [h, w, c] or [1, h, w, c] with 1, 3 or 4 channels. */
function tensorImage(x: Tensor, method: string): Tensor {
  const shape = x.rank === 4 && x.shape[0] === 1 ? x.shape.slice(1) : x.shape;
  if (shape.length !== 3 || ![1, 3, 4].includes(shape[2])) return raise('task.notAnImage', { method, got: `a tensor of shape [${x.shape.join(', ')}]` });
  if (shape[0] === 0 || shape[1] === 0) raise('task.emptyImage', { method, size: `${shape[1]}×${shape[0]}` });
  const t = shape.length === x.rank && x.rank === 3 ? x : x.reshape(shape);
  const rgb = toRGB(t);
  if (t !== x) t.dispose();
  return rgb;
}

/** `{data, width, height}` pixels: RGBA (4 values a pixel), RGB (3) or grey (1). */
function pixelDataImage(p: { data: ArrayLike<number>; width: number; height: number }, method: string): Tensor {
  const { data, width, height } = p;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 0 && height >= 0)) {
    return raise('task.notAnImage', { method, got: `pixels with a width of ${describeValue(width)} and a height of ${describeValue(height)} (they must be whole numbers)` });
  }
  if (width === 0 || height === 0) raise('task.emptyImage', { method, size: `${width}×${height}` });
  const channels = data.length / (width * height);
  if (channels === 4) return fromPixels(p, 3);
  if (channels !== 3 && channels !== 1) {
    return raise('task.notAnImage', {
      method, got: `${data.length} pixel values for a picture of ${width}×${height} pixels (that size needs ${width * height * 4} RGBA values: 4 for each pixel)`,
    });
  }
  const t = tensor(Float32Array.from(data), [height, width, channels]);
  const rgb = toRGB(t);
  t.dispose();
  return rgb;
}
