// Tensor creation and reading: tensor() from every kind of value (dtype inferred as TF.js does),
// the creation functions, seeded random ops, reads and printing, ranks 0 to 6, Tensor methods,
// and browser.fromPixels with {data, width, height} RGBA objects in Node.
// Expected values are computed by hand.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as sp from '../../src/index.ts';

beforeAll(async () => {
  await sp.setBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const values = (t: sp.Tensor) => Array.from(t.dataSync());

describe('tensor() from values', () => {
  it('a number makes a float32 scalar, a boolean a bool scalar', () => {
    const t = sp.tensor(3.5);
    expect(t.shape).toEqual([]);
    expect(t.rank).toBe(0);
    expect(t.size).toBe(1);
    expect(t.dtype).toBe('float32');
    expect(t.dataSync()).toBeInstanceOf(Float32Array);
    expect(t.arraySync()).toBe(3.5);
    const b = sp.tensor(true);
    expect(b.dtype).toBe('bool');
    expect(b.shape).toEqual([]);
    expect(b.dataSync()).toBeInstanceOf(Uint8Array);
    expect(b.arraySync()).toBe(1); // bool reads as 0/1, as in TF.js
  });

  it('nested arrays give their shape; booleans give bool', () => {
    const t = sp.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(values(t)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    const b = sp.tensor([[true, false], [false, true]]);
    expect(b.dtype).toBe('bool');
    expect(values(b)).toEqual([1, 0, 0, 1]);
    const deep = sp.tensor([[[1], [2]], [[3], [4]]]);
    expect(deep.shape).toEqual([2, 2, 1]);
    expect(values(deep)).toEqual([1, 2, 3, 4]);
  });

  it('every TypedArray kind, with the dtype TF.js infers (floats → float32, integers → int32)', () => {
    const kinds: [new (v: number[]) => ArrayLike<number>, 'float32' | 'int32'][] = [
      [Float32Array, 'float32'], [Float64Array, 'float32'],
      [Int8Array, 'int32'], [Int16Array, 'int32'], [Int32Array, 'int32'],
      [Uint8Array, 'int32'], [Uint8ClampedArray, 'int32'], [Uint16Array, 'int32'], [Uint32Array, 'int32'],
    ];
    for (const [Ctor, dtype] of kinds) {
      const t = sp.tensor(new Ctor([1, 2, 3, 4]) as never);
      expect(t.dtype, Ctor.name).toBe(dtype);
      expect(t.shape, Ctor.name).toEqual([4]);
      expect(t.dataSync(), Ctor.name).toBeInstanceOf(dtype === 'float32' ? Float32Array : Int32Array);
      expect(values(t), Ctor.name).toEqual([1, 2, 3, 4]);
      const shaped = sp.tensor(new Ctor([1, 2, 3, 4]) as never, [2, 2]);
      expect(shaped.arraySync(), Ctor.name).toEqual([[1, 2], [3, 4]]);
    }
  });

  it('typed array values keep their meaning (Float64 rounded to float32, clamped bytes, negatives)', () => {
    expect(sp.tensor(new Float64Array([0.1])).dataSync()[0]).toBe(Math.fround(0.1));
    expect(values(sp.tensor(new Uint8ClampedArray([255, 0, 128])))).toEqual([255, 0, 128]);
    expect(values(sp.tensor(new Int8Array([-128, 127])))).toEqual([-128, 127]);
    expect(values(sp.tensor(new Uint16Array([65535])))).toEqual([65535]);
    // a copy: changing the source later does not change the tensor
    const src = new Int16Array([1, 2]);
    const t = sp.tensor(src);
    src[0] = 99;
    expect(values(t)).toEqual([1, 2]);
  });

  it('arrays of typed arrays nest', () => {
    const t = sp.tensor([new Float32Array([1, 2]), new Float32Array([3, 4])] as never);
    expect(t.shape).toEqual([2, 2]);
    expect(t.arraySync()).toEqual([[1, 2], [3, 4]]);
  });

  it('flat values with a shape fill it row-major', () => {
    const t = sp.tensor([1, 2, 3, 4, 5, 6], [3, 2]);
    expect(t.shape).toEqual([3, 2]);
    expect(t.arraySync()).toEqual([[1, 2], [3, 4], [5, 6]]);
    const s = sp.tensor([7], []);
    expect(s.shape).toEqual([]);
    expect(s.arraySync()).toBe(7);
    const n = sp.tensor([[1, 2], [3, 4]], [4]);
    expect(n.shape).toEqual([4]);
    expect(values(n)).toEqual([1, 2, 3, 4]);
  });

  it('an explicit dtype converts as TF.js does (float → int truncates, nonzero → true)', () => {
    const i = sp.tensor([1.7, -1.7, 2.5, -0.2], undefined, 'int32');
    expect(i.dtype).toBe('int32');
    expect(values(i)).toEqual([1, -1, 2, 0]);
    const b = sp.tensor([0, 2, -1, 0.5], [4], 'bool');
    expect(b.dtype).toBe('bool');
    expect(values(b)).toEqual([0, 1, 1, 1]);
    const f = sp.tensor([true, false], undefined, 'float32');
    expect(f.dtype).toBe('float32');
    expect(values(f)).toEqual([1, 0]);
    expect(values(sp.tensor(new Float32Array([1.9, -3.9]), undefined, 'int32'))).toEqual([1, -3]);
    expect(sp.tensor(new Int32Array([1, 2]), undefined, 'float32').dtype).toBe('float32');
  });

  it('empty arrays', () => {
    const e = sp.tensor([]);
    expect(e.shape).toEqual([0]);
    expect(e.size).toBe(0);
    expect(e.dtype).toBe('float32');
    expect(e.arraySync()).toEqual([]);
    const e2 = sp.tensor([[], []]);
    expect(e2.shape).toEqual([2, 0]);
    expect(e2.arraySync()).toEqual([[], []]);
  });
});

describe('creation functions', () => {
  it('scalar, zeros, ones, fill', () => {
    const s = sp.scalar(5, 'int32');
    expect([s.shape, s.dtype, values(s)]).toEqual([[], 'int32', [5]]);
    expect(sp.scalar(false).dtype).toBe('bool');
    const z = sp.zeros([2, 3]);
    expect([z.shape, z.dtype, values(z)]).toEqual([[2, 3], 'float32', [0, 0, 0, 0, 0, 0]]);
    const zb = sp.zeros([2], 'bool');
    expect(zb.dataSync()).toBeInstanceOf(Uint8Array);
    const o = sp.ones([2, 2], 'int32');
    expect([o.dtype, values(o)]).toEqual(['int32', [1, 1, 1, 1]]);
    expect(values(sp.ones([]))).toEqual([1]);
    const f = sp.fill([2, 2], 7);
    expect([f.dtype, values(f)]).toEqual(['float32', [7, 7, 7, 7]]);
    const fb = sp.fill([3], true);
    expect([fb.dtype, values(fb)]).toEqual(['bool', [1, 1, 1]]);
    const fi = sp.fill([2], 2.5, 'int32');
    expect([fi.dtype, values(fi)]).toEqual(['int32', [2, 2]]);
    expect(sp.zeros([0, 3]).size).toBe(0);
  });

  it('zerosLike, onesLike and clone keep shape and dtype', () => {
    const i = sp.tensor([[1, 2, 3]], undefined, 'int32');
    const z = sp.zerosLike(i);
    expect([z.shape, z.dtype, values(z)]).toEqual([[1, 3], 'int32', [0, 0, 0]]);
    const b = sp.tensor([true, false]);
    const o = sp.onesLike(b);
    expect([o.shape, o.dtype, values(o)]).toEqual([[2], 'bool', [1, 1]]);
    expect(values(sp.onesLike([[5, 6]]))).toEqual([1, 1]);
    const c = sp.clone(i);
    expect(c).not.toBe(i);
    expect(c.id).not.toBe(i.id);
    expect([c.shape, c.dtype, values(c)]).toEqual([[1, 3], 'int32', [1, 2, 3]]);
    const c2 = i.clone();
    expect(values(c2)).toEqual([1, 2, 3]);
  });

  it('range', () => {
    const r = sp.range(0, 10, 3);
    expect([r.shape, r.dtype, values(r)]).toEqual([[4], 'float32', [0, 3, 6, 9]]);
    expect(values(sp.range(5, 0, -2))).toEqual([5, 3, 1]);
    expect(values(sp.range(0, 1, 0.25))).toEqual([0, 0.25, 0.5, 0.75]);
    const ri = sp.range(0, 5, 1, 'int32');
    expect([ri.dtype, values(ri)]).toEqual(['int32', [0, 1, 2, 3, 4]]);
    expect(sp.range(3, 3).shape).toEqual([0]);
    expect(sp.range(3, 0).shape).toEqual([0]);
    expect(values(sp.range(2, 5))).toEqual([2, 3, 4]);
  });

  it('linspace', () => {
    const l = sp.linspace(0, 1, 5);
    expect([l.shape, l.dtype, values(l)]).toEqual([[5], 'float32', [0, 0.25, 0.5, 0.75, 1]]);
    expect(values(sp.linspace(-1, 1, 3))).toEqual([-1, 0, 1]);
    expect(values(sp.linspace(2, 9, 1))).toEqual([2]);
    expect(values(sp.linspace(10, 0, 3))).toEqual([10, 5, 0]);
  });

  it('eye (square, rectangular, batched, int32)', () => {
    expect(sp.eye(3).arraySync()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(sp.eye(2, 3).arraySync()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(sp.eye(3, 2).arraySync()).toEqual([[1, 0], [0, 1], [0, 0]]);
    const batched = sp.eye(2, undefined, [2]);
    expect(batched.shape).toEqual([2, 2, 2]);
    expect(batched.arraySync()).toEqual([[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
    const ei = sp.eye(2, 2, undefined, 'int32');
    expect([ei.dtype, values(ei)]).toEqual(['int32', [1, 0, 0, 1]]);
  });

  it('oneHot', () => {
    const o = sp.oneHot([0, 2, 1], 3);
    expect([o.shape, o.dtype]).toEqual([[3, 3], 'int32']);
    expect(o.arraySync()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    const o2 = sp.oneHot(sp.tensor([[1], [3]], undefined, 'int32'), 3, 5, -1);
    expect(o2.shape).toEqual([2, 1, 3]);
    expect(values(o2)).toEqual([-1, 5, -1, -1, -1, -1]); // 3 is out of range: all off
    const of = sp.oneHot([1], 2, 1, 0, 'float32');
    expect([of.dtype, values(of)]).toEqual(['float32', [0, 1]]);
  });
});

/** Mean and (population) standard deviation. */
function stats(v: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let s = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < v.length; i++) {
    s += v[i];
    min = Math.min(min, v[i]);
    max = Math.max(max, v[i]);
  }
  const mean = s / v.length;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i] - mean) ** 2;
  return { mean, std: Math.sqrt(q / v.length), min, max };
}

describe('random ops', () => {
  const N = 10_000;

  it('the same seed gives identical values; different seeds differ', () => {
    const ops = [
      (seed: number | string) => sp.randomUniform([N], 0, 1, 'float32', seed),
      (seed: number | string) => sp.randomNormal([N], 0, 1, 'float32', seed),
      (seed: number | string) => sp.truncatedNormal([N], 0, 1, 'float32', seed),
    ];
    for (const op of ops) {
      const a = op(42).dataSync(), b = op(42).dataSync(), c = op(43).dataSync();
      expect(Array.from(a)).toEqual(Array.from(b));
      let same = 0;
      for (let i = 0; i < N; i++) if (a[i] === c[i]) same++;
      expect(same).toBeLessThan(10);
      expect(Array.from(op('abc').dataSync())).toEqual(Array.from(op('abc').dataSync()));
      expect(Array.from(op(1).dataSync().slice(0, 10))).not.toEqual(Array.from(op(1.5).dataSync().slice(0, 10)));
    }
  });

  it('without a seed, two draws differ', () => {
    const a = sp.randomUniform([100]).dataSync(), b = sp.randomUniform([100]).dataSync();
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });

  it('randomUniform: range and moments (mean (a+b)/2, std (b−a)/√12)', () => {
    const u = sp.randomUniform([N], 0, 1, 'float32', 1);
    expect([u.shape, u.dtype]).toEqual([[N], 'float32']);
    const s = stats(u.dataSync());
    expect(s.min).toBeGreaterThanOrEqual(0);
    expect(s.max).toBeLessThan(1);
    expect(Math.abs(s.mean - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(s.std - 1 / Math.sqrt(12))).toBeLessThan(0.01);
    const w = stats(sp.randomUniform([100, 100], -2, 4, 'float32', 2).dataSync());
    expect(w.min).toBeGreaterThanOrEqual(-2);
    expect(w.max).toBeLessThan(4);
    expect(Math.abs(w.mean - 1)).toBeLessThan(0.06);
    expect(Math.abs(w.std - 6 / Math.sqrt(12))).toBeLessThan(0.05);
  });

  it('randomUniform int32: integers in [min, max), each about equally often', () => {
    const t = sp.randomUniform([N], 0, 10, 'int32', 3);
    expect(t.dtype).toBe('int32');
    const counts = new Array(10).fill(0);
    for (const v of t.dataSync()) {
      expect(Number.isInteger(v) && v >= 0 && v < 10).toBe(true);
      counts[v]++;
    }
    for (const c of counts) expect(Math.abs(c - N / 10)).toBeLessThan(200);
  });

  it('randomNormal: mean and standard deviation', () => {
    const s = stats(sp.randomNormal([N], 3, 2, 'float32', 7).dataSync());
    expect(Math.abs(s.mean - 3)).toBeLessThan(0.1);
    expect(Math.abs(s.std - 2)).toBeLessThan(0.1);
    const z = sp.randomNormal([50, 200], 0, 1, 'float32', 8);
    expect(z.shape).toEqual([50, 200]);
    const sz = stats(z.dataSync());
    expect(Math.abs(sz.mean)).toBeLessThan(0.05);
    expect(Math.abs(sz.std - 1)).toBeLessThan(0.05);
  });

  it('truncatedNormal: every value within 2σ of the mean; std ≈ 0.88σ', () => {
    const mean = 1, sd = 0.5;
    const s = stats(sp.truncatedNormal([N], mean, sd, 'float32', 9).dataSync());
    expect(s.min).toBeGreaterThanOrEqual(mean - 2 * sd);
    expect(s.max).toBeLessThanOrEqual(mean + 2 * sd);
    expect(Math.abs(s.mean - mean)).toBeLessThan(0.03);
    // std of a standard normal truncated at ±2: √(1 − 4φ(2)/(Φ(2) − Φ(−2))) = 0.8796
    expect(Math.abs(s.std - 0.8796 * sd)).toBeLessThan(0.02);
    // values do reach close to the bounds
    expect(s.max).toBeGreaterThan(mean + 1.8 * sd);
  });
});

describe('reading and printing', () => {
  it('data, dataSync, array, arraySync for each dtype', async () => {
    const f = sp.tensor([[1, 2], [3, 4]]);
    const fd = await f.data();
    expect(fd).toBeInstanceOf(Float32Array);
    expect(Array.from(fd)).toEqual([1, 2, 3, 4]);
    expect(f.dataSync()).toBeInstanceOf(Float32Array);
    expect(await f.array()).toEqual([[1, 2], [3, 4]]);
    expect(f.arraySync()).toEqual([[1, 2], [3, 4]]);
    const i = sp.tensor([[5], [-6]], undefined, 'int32');
    expect(await i.data()).toBeInstanceOf(Int32Array);
    expect(await i.array()).toEqual([[5], [-6]]);
    const b = sp.tensor([true, false, true]);
    expect(await b.data()).toBeInstanceOf(Uint8Array);
    expect(await b.array()).toEqual([1, 0, 1]);
  });

  it('toString and print', () => {
    expect(sp.tensor([[1, 2], [3, 4]]).toString()).toBe('Tensor\n    [[1, 2], [3, 4]]');
    expect(sp.tensor([[1, 2], [3, 4]]).toString(true)).toBe('Tensor\n  dtype: float32\n  rank: 2\n  shape: [2,2]\n  values:\n    [[1, 2], [3, 4]]');
    expect(sp.tensor([true, false]).toString()).toBe('Tensor\n    [true, false]');
    expect(sp.tensor([1, -2], undefined, 'int32').toString()).toBe('Tensor\n    [1, -2]');
    expect(sp.tensor([0.1, 1 / 3, -2.5]).toString()).toBe('Tensor\n    [0.1, 0.333333, -2.5]');
    expect(sp.scalar(5).toString()).toBe('Tensor\n    5');
    expect(sp.zeros([1001]).toString()).toBe('Tensor\n    [1001 tensor: 0, 0, 0, 0, 0, 0, …]');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    sp.tensor([1, 2]).print();
    expect(log).toHaveBeenCalledWith('Tensor\n    [1, 2]');
    sp.tensor([3]).print(true);
    expect(log).toHaveBeenLastCalledWith('Tensor\n  dtype: float32\n  rank: 1\n  shape: [1]\n  values:\n    [3]');
  });

  it('ranks 0 to 6', () => {
    for (let r = 0; r <= 6; r++) {
      const shape: number[] = Array.from({ length: r }, (_, k) => (k % 2 === 0 ? 2 : 1));
      const n = shape.reduce((a, b) => a * b, 1);
      const t = sp.range(0, n).reshape(shape);
      expect(t.rank).toBe(r);
      expect(t.shape).toEqual(shape);
      expect(t.size).toBe(n);
      // nested depth of arraySync equals the rank
      let depth = 0;
      let v: unknown = t.arraySync();
      while (Array.isArray(v)) {
        depth++;
        v = v[0];
      }
      expect(depth).toBe(r);
      // and nested arrays of that depth come back as the same tensor
      const again = sp.tensor(t.arraySync() as never);
      expect(again.shape).toEqual(shape);
      expect(values(again)).toEqual(values(t));
      expect(sp.zeros(shape).rank).toBe(r);
    }
  });
});

describe('Tensor methods', () => {
  it('chain like ops', () => {
    const t = sp.tensor([-2, -1, 0, 1]);
    expect(values(t.add(1).relu())).toEqual([0, 0, 1, 2]);
    expect(values(t.mul(2).sub(1).abs())).toEqual([5, 3, 1, 1]);
    expect(values(t.square().sum())).toEqual([6]);
    expect(values(t.reshape([2, 2]).transpose())).toEqual([-2, 0, -1, 1]);
    expect(t.reshape([2, 2]).matMul([[1], [1]]).arraySync()).toEqual([[-3], [1]]);
    expect(values(t.max())).toEqual([1]);
    expect(values(t.argMin())).toEqual([0]);
    expect(values(t.mean())).toEqual([-0.5]);
    expect(values(t.clipByValue(-1, 0))).toEqual([-1, -1, 0, 0]);
    expect(values(t.greater(-1).toFloat())).toEqual([0, 0, 1, 1]);
    expect(t.toInt().dtype).toBe('int32');
    expect(values(t.toBool())).toEqual([1, 1, 0, 1]);
    expect(values(t.concat(sp.tensor([9])))).toEqual([-2, -1, 0, 1, 9]);
    expect(t.stack(sp.tensor([5, 6, 7, 8])).arraySync()).toEqual([[-2, -1, 0, 1], [5, 6, 7, 8]]);
    expect(t.expandDims(0).shape).toEqual([1, 4]);
    expect(t.reshape([1, 4, 1]).squeeze().shape).toEqual([4]);
    expect(values(t.slice(1, 2))).toEqual([-1, 0]);
    expect(values(t.gather([3, 0]))).toEqual([1, -2]);
    expect(values(t.pad([[1, 0]], 7))).toEqual([7, -2, -1, 0, 1]);
    expect(t.split(2).map(values)).toEqual([[-2, -1], [0, 1]]);
    expect(values(t.exp().log())[3]).toBeCloseTo(1, 6);
    expect(values(t.softmax().sum())[0]).toBeCloseTo(1, 6);
    const { values: tv, indices } = t.topk(2);
    expect([values(tv), values(indices)]).toEqual([[1, 0], [3, 2]]);
  });
});

describe('browser.fromPixels in Node with {data, width, height} RGBA objects', () => {
  // A 2×2 image: (y, x) → RGBA
  const rgba = new Uint8ClampedArray([
    10, 20, 30, 255, 40, 50, 60, 128, // row 0
    70, 80, 90, 0, 100, 110, 120, 1, // row 1
  ]);
  const image = { data: rgba, width: 2, height: 2 };

  it('numChannels 3 (default): RGB, int32 [height, width, 3]', () => {
    const t = sp.browser.fromPixels(image);
    expect([t.shape, t.dtype]).toEqual([[2, 2, 3], 'int32']);
    expect(t.arraySync()).toEqual([[[10, 20, 30], [40, 50, 60]], [[70, 80, 90], [100, 110, 120]]]);
  });

  it('numChannels 1 and 4', () => {
    const g = sp.browser.fromPixels(image, 1);
    expect(g.shape).toEqual([2, 2, 1]);
    expect(values(g)).toEqual([10, 40, 70, 100]);
    const a = sp.browser.fromPixels(image, 4);
    expect(a.shape).toEqual([2, 2, 4]);
    expect(values(a)).toEqual(Array.from(rgba));
  });

  it('a non-square image keeps rows and columns apart, and plain arrays work', () => {
    // width 3, height 1
    const t = sp.browser.fromPixels({ data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], width: 3, height: 1 });
    expect(t.shape).toEqual([1, 3, 3]);
    expect(values(t)).toEqual([1, 2, 3, 5, 6, 7, 9, 10, 11]);
  });

  it('a 0×0 element-like source gets the friendly "no size yet" error', () => {
    // an element-like object whose image has not loaded yet
    expect(() => sp.browser.fromPixels({ width: 0, height: 0 } as never)).toThrowError(
      'browser.fromPixels: pixels must have a size (an image not loaded yet, or a video not playing yet, has none), got 0×0',
    );
  });

  it('a 0×0 RGBA object gets the same friendly error (not an empty tensor)', () => {
    // an RGBA object of size 0×0 (a p5 graphics or canvas not sized yet): an empty [0, 0, 3]
    // tensor would only fail later, far from the cause
    expect(() => sp.browser.fromPixels({ data: new Uint8ClampedArray(0), width: 0, height: 0 })).toThrowError(
      'browser.fromPixels: pixels must have a size (an image not loaded yet, or a video not playing yet, has none), got 0×0',
    );
  });

  it('other bad sources', () => {
    expect(() => sp.browser.fromPixels(null as never)).toThrowError(
      'browser.fromPixels: pixels must be ImageData, an image, canvas or video element, an ImageBitmap, an OffscreenCanvas or a {data, width, height} object, got null',
    );
    // something drawable-looking, but Node has no canvas to draw it on
    expect(() => sp.browser.fromPixels({ width: 2, height: 2 } as never)).toThrowError(
      'browser.fromPixels: pixels must be a {data, width, height} RGBA object outside a browser, got an image element',
    );
    const err = (() => {
      try {
        sp.browser.fromPixels({ data: new Uint8Array(3), width: 1, height: 1 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(sp.SproutError);
  });
});
