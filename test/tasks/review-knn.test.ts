// Review of knnClassifier: values that are not numbers and missing labels are refused with a
// friendly message (they used to be stored, and then broke save/load); load() of a damaged file
// keeps the examples there were; classify waits for a Promise of features (infer without await);
// the label order (classIndex) survives save/load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sprout-knn-review-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('knnClassifier (review)', () => {
  it('refuses NaN / Infinity values (naming the position, from 1) and a missing label', async () => {
    const knn = await sp.knnClassifier();
    knn.addExample([1, 0, 0], 'a');
    const nan = (() => { try { knn.addExample([0, NaN, 1], 'b'); } catch (e) { return e as sp.SproutError; } })();
    expect(nan?.code).toBe('task.knnBadFeatures');
    expect(nan?.message).toContain('a list whose value number 2 is NaN');
    expect(() => knn.addExample(new Float32Array([Infinity, 0, 0]), 'b')).toThrow(/value number 1 is Infinity/);
    const noLabel = (() => { try { knn.addExample([0, 1, 0], undefined as never); } catch (e) { return e as sp.SproutError; } })();
    expect(noLabel?.code).toBe('task.knnNoLabel');
    expect(noLabel?.message).toContain('addExample needs a label as its second argument');
    expect(knn.getCount(), 'nothing bad was stored').toEqual({ a: 1 });
    knn.addExample([0, 1, 0], 0); // a number is a fine label
    expect(knn.getCount()).toEqual({ 0: 1, a: 1 });
    expect(knn.getCountByLabel(), "ml5's name for it").toEqual({ 0: 1, a: 1 });
  });

  it('load() of a damaged file reports it and keeps the examples there were', async () => {
    const knn = await sp.knnClassifier();
    knn.addExample([1, 0], 'keep');
    const damaged = { format: 'sprout-knn', version: 1, dimension: 2, examples: { x: [[1, 0]], y: [[null, 1]] } };
    await expect(knn.load(damaged)).rejects.toMatchObject({ code: 'task.knnBadFeatures' });
    expect(knn.getCount()).toEqual({ keep: 1 });
    expect((await knn.classify([0.9, 0.1])).label).toBe('keep');
  });

  it('classify waits for a Promise of features; addExample with one says to add await', async () => {
    const knn = await sp.knnClassifier();
    knn.addExample([1, 0], 'right');
    knn.addExample([0, 1], 'up');
    expect((await knn.classify(Promise.resolve(sp.tensor([0.1, 0.9])))).label).toBe('up');
    expect(() => knn.addExample(Promise.resolve([1, 0]), 'right')).toThrow(/write await before it/);
  });

  it('save/load keeps the label order (classIndex), even for number-like labels', async () => {
    const knn = await sp.knnClassifier();
    knn.addExample([1, 0, 0], 'cat');
    knn.addExample([0, 1, 0], '2');
    knn.addExample([0, 0, 1], 1);
    const want = await knn.classify([0.1, 0.9, 0]);
    expect(want).toMatchObject({ label: '2', classIndex: 1 });
    await knn.save(path.join(tmp, 'order'));
    const other = await sp.knnClassifier();
    await other.load(path.join(tmp, 'order.json'));
    expect(await other.classify([0.1, 0.9, 0])).toEqual(want);
    expect((await other.classify([0, 0, 1])).classIndex).toBe(2);
  });

  it('k larger than the examples uses them all; k = 1 is the nearest; ties go to the nearest label', async () => {
    const knn = await sp.knnClassifier();
    knn.addExample([1, 0], 'a');
    knn.addExample([0.8, 0.6], 'b');
    knn.addExample([0, 1], 'c');
    const all = await knn.classify([1, 0.1], 50);
    expect(Object.values(all.confidencesByLabel).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
    expect(all.confidencesByLabel).toEqual({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
    expect(all.label, 'a three-way tie goes to the nearest').toBe('a');
    expect((await knn.classify([0.7, 0.7], 1)).label).toBe('b');
  });
});
