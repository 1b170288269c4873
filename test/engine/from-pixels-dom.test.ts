// @vitest-environment happy-dom
//
// browser.fromPixels in a DOM environment (happy-dom): ImageData (and ImageData-like objects) are
// read directly; elements with no size yet (an image not loaded, a video not playing, a 0×0
// canvas) get the friendly error. Expected values are written by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';

beforeAll(async () => {
  await sp.setBackend('cpu');
});

const NO_SIZE = 'browser.fromPixels: pixels must have a size (an image not loaded yet, or a video not playing yet, has none), got 0×0';

/** RGBA bytes of a 3×2 (width×height) image whose pixel (y, x) is [10y + x, 100 + x, 200 − y, 255]. */
function pixels(width = 3, height = 2): Uint8ClampedArray<ArrayBuffer> {
  const d = new Uint8ClampedArray(new ArrayBuffer(width * height * 4));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) d.set([10 * y + x, 100 + x, 200 - y, 255], (y * width + x) * 4);
  }
  return d;
}

describe('browser.fromPixels with a DOM', () => {
  it('runs in a DOM environment', () => {
    expect(typeof document).toBe('object');
    expect(typeof ImageData).toBe('function');
  });

  it('reads ImageData with 1, 3 and 4 channels', () => {
    const img = new ImageData(pixels(), 3, 2);
    const rgb = sp.browser.fromPixels(img);
    expect([rgb.shape, rgb.dtype]).toEqual([[2, 3, 3], 'int32']);
    expect(rgb.arraySync()).toEqual([
      [[0, 100, 200], [1, 101, 200], [2, 102, 200]],
      [[10, 100, 199], [11, 101, 199], [12, 102, 199]],
    ]);
    const gray = sp.browser.fromPixels(img, 1);
    expect(gray.shape).toEqual([2, 3, 1]);
    expect(Array.from(gray.dataSync())).toEqual([0, 1, 2, 10, 11, 12]);
    const rgba = sp.browser.fromPixels(img, 4);
    expect(rgba.shape).toEqual([2, 3, 4]);
    expect(Array.from(rgba.dataSync())).toEqual(Array.from(pixels()));
  });

  it('reads an ImageData-like object the same way', () => {
    const like = { data: pixels(), width: 3, height: 2 };
    expect(sp.browser.fromPixels(like).arraySync()).toEqual(sp.browser.fromPixels(new ImageData(pixels(), 3, 2)).arraySync());
    expect(Array.from(sp.browser.fromPixels(like, 1).dataSync())).toEqual([0, 1, 2, 10, 11, 12]);
  });

  it('an image that has not loaded yet (0×0) gets the friendly error', () => {
    const img = document.createElement('img');
    expect(() => sp.browser.fromPixels(img)).toThrowError(NO_SIZE);
    let err: unknown;
    try {
      sp.browser.fromPixels(img);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(sp.SproutError);
    expect((err as sp.SproutError).code).toBe('op.badArgument');
  });

  it('a video that is not playing yet (0×0) gets the friendly error', () => {
    const video = document.createElement('video');
    // happy-dom leaves videoWidth/videoHeight undefined; a browser reports 0 until a frame is ready
    if (typeof video.videoWidth !== 'number') {
      Object.defineProperty(video, 'videoWidth', { value: 0 });
      Object.defineProperty(video, 'videoHeight', { value: 0 });
    }
    expect(() => sp.browser.fromPixels(video)).toThrowError(NO_SIZE);
  });

  it('a 0×0 canvas gets the friendly error', () => {
    const canvas = document.createElement('canvas');
    canvas.width = 0;
    canvas.height = 0;
    expect(() => sp.browser.fromPixels(canvas)).toThrowError(NO_SIZE);
  });

  it('a 0×0 ImageData-like object gets the friendly error too', () => {
    expect(() => sp.browser.fromPixels({ data: new Uint8ClampedArray(0), width: 0, height: 0 })).toThrowError(NO_SIZE);
  });
});
