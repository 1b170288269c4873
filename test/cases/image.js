// image.resizeBilinear / image.resizeNearestNeighbor (alignCorners, halfPixelCenters) and
// browser.fromPixels (with the {data, width, height} form every environment has).
import { assertThrows } from './assert.js';
import { defineCase } from './util.js';
import * as N from '../reference/naive.js';

const FLAGS = [[false, false], [true, false], [false, true]];

const bilinearCases = [
  defineCase('resizeBilinear: 2x2 → 4x4 default (top-left aligned, edge clamped)', (ctx) => {
    const { sp } = ctx;
    const y = sp.image.resizeBilinear(sp.tensor([1, 2, 3, 4], [1, 2, 2, 1]), [4, 4]);
    ctx.expect(y, [1, 1.5, 2, 2, 2, 2.5, 3, 3, 3, 3.5, 4, 4, 3, 3.5, 4, 4], { shape: [1, 4, 4, 1], dtype: 'float32' });
  }),
  defineCase('resizeBilinear: alignCorners 2x2 → 3x3 keeps the corners', (ctx) => {
    const { sp } = ctx;
    const y = sp.image.resizeBilinear(sp.tensor([1, 2, 3, 4], [1, 2, 2, 1]), [3, 3], true);
    ctx.expect(y, [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4], { shape: [1, 3, 3, 1] });
  }),
  defineCase('resizeBilinear: halfPixelCenters 2x2 → 3x3', (ctx) => {
    const { sp } = ctx;
    // source = (i + 0.5)·2/3 − 0.5 = −1/6, 1/2, 7/6 → clamped rows 0, 0.5, 1
    const y = sp.image.resizeBilinear(sp.tensor([1, 2, 3, 4], [1, 2, 2, 1]), [3, 3], false, true);
    ctx.expect(y, [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4], { shape: [1, 3, 3, 1] });
    // 1x4 → 1x2 with half pixel centres samples between pixels: (1+2)/2, (3+4)/2
    ctx.expect(sp.image.resizeBilinear(sp.tensor([1, 2, 3, 4], [1, 1, 4, 1]), [1, 2], false, true), [1.5, 3.5], { what: 'downsample' });
    ctx.expect(sp.image.resizeBilinear(sp.tensor([1, 2, 3, 4], [1, 1, 4, 1]), [1, 2]), [1, 3], { what: 'downsample, no flags' });
  }),
  ...FLAGS.map(([ac, hp]) =>
    defineCase(`resizeBilinear: random up/down sizes vs reference (alignCorners ${ac}, halfPixelCenters ${hp})`, (ctx) => {
      const { sp, rng } = ctx;
      for (let trial = 0; trial < 5; trial++) {
        const x = rng.tensor([rng.int(1, 2), rng.int(1, 6), rng.int(1, 6), rng.int(1, 3)], -1, 1);
        const size = [rng.int(1, 9), rng.int(1, 9)];
        ctx.expect(sp.image.resizeBilinear(ctx.t(x), size, ac, hp), N.resizeBilinear(x, size, ac, hp),
          { rtol: 1e-5, atol: 1e-6, what: `[${x.shape}] → [${size}]` });
      }
    })),
  defineCase('resizeBilinear: rank-3 input, int32 becomes float32, same size is the identity, method', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([3, 4, 2], -1, 1);
    const x4 = { shape: [1, 3, 4, 2], data: x.data };
    ctx.expect(sp.image.resizeBilinear(ctx.t(x), [5, 2]), N.resizeBilinear(x4, [5, 2]).data, { shape: [5, 2, 2], rtol: 1e-5, atol: 1e-6, what: 'rank 3' });
    ctx.expect(sp.image.resizeBilinear(sp.tensor([0, 10], [1, 2, 1], 'int32'), [1, 4]), [0, 5, 10, 10], { dtype: 'float32', shape: [1, 4, 1], what: 'int32' });
    ctx.expect(sp.image.resizeBilinear(ctx.t(x), [3, 4]), x.data, { shape: [3, 4, 2], rtol: 0, atol: 0, what: 'identity' });
    ctx.expect(ctx.t(x).resizeBilinear([2, 2], true), N.resizeBilinear(x4, [2, 2], true).data, { shape: [2, 2, 2], rtol: 1e-5, atol: 1e-6, what: 'method' });
  }),
  defineCase('resizeBilinear: bad arguments throw', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.image.resizeBilinear(sp.ones([2, 2, 1]), [2, 2], true, true), 'image.resizeBilinear: halfPixelCenters must be false when alignCorners is true, got true');
    assertThrows(() => sp.image.resizeBilinear(sp.ones([2, 2, 1]), [0, 2]), 'image.resizeBilinear: size must be [newHeight, newWidth] of positive integers, got [0,2]');
    assertThrows(() => sp.image.resizeBilinear(sp.ones([2, 2]), [2, 2]), 'image.resizeBilinear: images must have rank 3 or 4, got rank 2 (shape [2,2])');
  }),
];

const nearestCases = [
  defineCase('resizeNearestNeighbor: 2x2 → 4x4 default', (ctx) => {
    const { sp } = ctx;
    const y = sp.image.resizeNearestNeighbor(sp.tensor([1, 2, 3, 4], [1, 2, 2, 1]), [4, 4]);
    ctx.expect(y, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], { shape: [1, 4, 4, 1], dtype: 'float32' });
  }),
  defineCase('resizeNearestNeighbor: alignCorners rounds, halfPixelCenters samples centres', (ctx) => {
    const { sp } = ctx;
    // alignCorners 2 → 3: scale 1/2, sources round(0, 0.5, 1) = 0, 1, 1
    ctx.expect(sp.image.resizeNearestNeighbor(sp.tensor([1, 2, 3, 4], [1, 2, 2, 1]), [3, 3], true), [1, 2, 2, 3, 4, 4, 3, 4, 4], { shape: [1, 3, 3, 1], what: 'alignCorners' });
    // halfPixelCenters 3 → 2: scale 3/2, sources floor(0.75, 2.25) = 0, 2
    ctx.expect(sp.image.resizeNearestNeighbor(sp.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), [2, 2], false, true), [1, 3, 7, 9], { shape: [1, 2, 2, 1], what: 'halfPixelCenters' });
    // default 3 → 2: floor(0, 1.5) = 0, 1
    ctx.expect(sp.image.resizeNearestNeighbor(sp.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), [2, 2]), [1, 2, 4, 5], { what: 'default' });
  }),
  ...FLAGS.map(([ac, hp]) =>
    defineCase(`resizeNearestNeighbor: random vs reference (alignCorners ${ac}, halfPixelCenters ${hp})`, (ctx) => {
      const { sp, rng } = ctx;
      for (let trial = 0; trial < 5; trial++) {
        const x = rng.intTensor([rng.int(1, 2), rng.int(1, 6), rng.int(1, 6), rng.int(1, 3)], -100, 100);
        const size = [rng.int(1, 9), rng.int(1, 9)];
        ctx.expect(sp.image.resizeNearestNeighbor(ctx.t(x, 'int32'), size, ac, hp), N.resizeNearestNeighbor(x, size, ac, hp),
          { dtype: 'int32', what: `[${x.shape}] → [${size}]` });
      }
    })),
  defineCase('resizeNearestNeighbor: bool becomes int32, rank 3, method', (ctx) => {
    const { sp } = ctx;
    const b = sp.image.resizeNearestNeighbor(sp.tensor([true, false], [1, 2, 1]), [1, 4]);
    ctx.expect(b, [1, 1, 0, 0], { shape: [1, 4, 1], dtype: 'int32', what: 'bool' });
    ctx.expect(sp.tensor([5, 6], [2, 1, 1]).resizeNearestNeighbor([4, 1]), [5, 5, 6, 6], { shape: [4, 1, 1], what: 'method' });
    assertThrows(() => sp.image.resizeNearestNeighbor(sp.ones([1, 2, 2, 1]), [2, 2], true, true), /image\.resizeNearestNeighbor: halfPixelCenters must be false when alignCorners is true/);
  }),
];

const pixelCases = [
  defineCase('browser.fromPixels: RGBA object → int32 [h, w, c]', (ctx) => {
    const { sp } = ctx;
    // 2×1 image: pixel (r,g,b,a) = (1,2,3,255), (4,5,6,128)
    const px = { data: Uint8ClampedArray.of(1, 2, 3, 255, 4, 5, 6, 128), width: 2, height: 1 };
    const rgb = sp.browser.fromPixels(px);
    ctx.expect(rgb, [1, 2, 3, 4, 5, 6], { shape: [1, 2, 3], dtype: 'int32', what: 'rgb' });
    ctx.expect(sp.browser.fromPixels(px, 4), [1, 2, 3, 255, 4, 5, 6, 128], { shape: [1, 2, 4], what: 'rgba' });
    ctx.expect(sp.browser.fromPixels(px, 1), [1, 4], { shape: [1, 2, 1], what: 'one channel' });
    const tall = { data: new Uint8ClampedArray([9, 8, 7, 6, 5, 4, 3, 2]), width: 1, height: 2 };
    ctx.expect(sp.browser.fromPixels(tall), [9, 8, 7, 5, 4, 3], { shape: [2, 1, 3], what: 'height 2' });
    ctx.expect(sp.browser.fromPixels({ data: [10, 20, 30, 40], width: 1, height: 1 }), [10, 20, 30], { what: 'plain array data' });
  }),
  defineCase('browser.fromPixels: ImageData where available', (ctx) => {
    const { sp } = ctx;
    if (typeof ImageData === 'undefined') {
      // Node without a DOM: the object form above is the only one; check it still refuses nonsense.
      assertThrows(() => sp.browser.fromPixels(42), /browser\.fromPixels: pixels must be ImageData/);
      return;
    }
    const img = new ImageData(new Uint8ClampedArray([1, 2, 3, 4, 5, 6, 7, 8]), 2, 1);
    ctx.expect(sp.browser.fromPixels(img), [1, 2, 3, 5, 6, 7], { shape: [1, 2, 3], dtype: 'int32' });
  }),
  defineCase('browser.fromPixels: bad arguments throw', (ctx) => {
    const { sp } = ctx;
    const px = { data: new Uint8ClampedArray(8), width: 2, height: 1 };
    assertThrows(() => sp.browser.fromPixels(px, 2), 'browser.fromPixels: numChannels must be 1, 3 or 4, got the number 2');
    assertThrows(() => sp.browser.fromPixels({ data: new Uint8ClampedArray(7), width: 2, height: 1 }),
      'browser.fromPixels: pixels.data must hold width·height·4 = 8 RGBA bytes, got 7 values');
    assertThrows(() => sp.browser.fromPixels(null), /browser\.fromPixels: pixels must be ImageData/);
  }),
];

export const imageCases = [...bilinearCases, ...nearestCases, ...pixelCases];
