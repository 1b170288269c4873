// knnClassifier: cosine nearest neighbours with k votes, label bookkeeping, save/load, memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';

/** The answer worked out by hand: cosine similarity, k nearest, votes shared out. */
function reference(examples: [number[], string][], q: number[], k: number): { label: string; votes: Record<string, number> } {
  const unit = (v: number[]) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const uq = unit(q);
  const ranked = examples.map(([v, l]) => ({ l, s: unit(v).reduce((a, x, i) => a + x * uq[i], 0) })).sort((a, b) => b.s - a.s).slice(0, k);
  const votes: Record<string, number> = {};
  for (const [, l] of examples) votes[l] = 0;
  for (const r of ranked) votes[r.l] += 1 / ranked.length;
  let label = ranked[0].l;
  for (const r of ranked) if (votes[r.l] > votes[label]) label = r.l;
  return { label, votes };
}

describe('knnClassifier', () => {
  const examples: [number[], string][] = [
    [[1, 0, 0], 'x'], [[0.9, 0.2, 0], 'x'], [[0.8, 0, 0.3], 'x'],
    [[0, 1, 0], 'y'], [[0.1, 0.9, 0.1], 'y'],
    [[0, 0, 1], 'z'], [[0.2, 0.1, 0.9], 'z'], [[0.5, 0.1, 0.7], 'z'],
  ];

  it('classifies like the hand-worked reference for several k; counts and clearing', async () => {
    const knn = await sp.knnClassifier();
    for (const [v, l] of examples) knn.addExample(l === 'y' ? sp.tensor(v) : v, l);
    expect(knn.getCount()).toEqual({ x: 3, y: 2, z: 3 });
    expect(knn.getNumLabels()).toBe(3);
    for (const q of [[1, 0.1, 0.1], [0.3, 0.3, 0.9], [0.4, 0.5, 0.4], [0.6, 0.1, 0.6]]) {
      for (const k of [1, 3, 5]) {
        const r = await knn.classify(Float32Array.from(q), k);
        const want = reference(examples, q, k);
        expect(r.label, `${q} k=${k}`).toBe(want.label);
        for (const l of ['x', 'y', 'z']) expect(r.confidencesByLabel[l]).toBeCloseTo(want.votes[l], 6);
        expect(r.classIndex).toBe(['x', 'y', 'z'].indexOf(want.label));
      }
    }
    knn.clearLabel('x');
    expect(knn.getCount()).toEqual({ y: 2, z: 3 });
    expect((await knn.classify([1, 0, 0], 1)).label).not.toBe('x');
    knn.clearAllLabels();
    expect(knn.getCount()).toEqual({});
    knn.addExample([1, 2], 'new size is fine after clearing');
  });

  it('saves and loads (file in Node, object, File/Blob); holds no tensors', async () => {
    const before = sp.memory().numTensors;
    const knn = await sp.knnClassifier();
    for (const [v, l] of examples) knn.addExample(v, l);
    const t = sp.tensor([0.2, 0.9, 0.1]);
    const first = await knn.classify(t, 3);
    t.dispose();
    expect(sp.memory().numTensors).toBe(before);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sprout-knn-'));
    const saved = await knn.save(path.join(dir, 'my-knn'));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'my-knn.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(saved)));
    for (const source of [path.join(dir, 'my-knn.json'), saved, new Blob([JSON.stringify(saved)])]) {
      const other = await sp.knnClassifier();
      await other.load(source);
      expect(other.getCount()).toEqual({ x: 3, y: 2, z: 3 });
      const again = await other.classify([0.2, 0.9, 0.1], 3);
      expect(again.label).toBe(first.label);
      for (const l of ['x', 'y', 'z']) expect(again.confidencesByLabel[l]).toBeCloseTo(first.confidencesByLabel[l], 6);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
