// Review of imageClassifier on a custom model: a label list that does not match the model's
// outputs is said (once) instead of silently giving fewer results; with the right list, results
// are sorted, use exactly the list's labels, and sum to at most 1, whatever k is.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as sp from '../../src/index.ts';
import { TM_BASE, TM_LABELS, installFetch, makeTinyModel, picture, tmFiles } from './tiny-model.ts';

let restore: () => void;
beforeAll(async () => {
  restore = installFetch(await tmFiles(makeTinyModel(16)));
});
afterAll(() => restore());

const img = picture(20, 12, (x, y) => [x * 12, y * 20, 90]);

describe('imageClassifier on a custom model (review)', () => {
  it('labels that do not match the outputs: a warning naming both counts', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // (3 scores and 2 labels would be read as a leading 'background' score, as ImageNet models with 1001 have)
      const c = await sp.imageClassifier(TM_BASE, { labels: ['one', 'two', 'three', 'four', 'five'] });
      const results = await c.classify(img, 5);
      expect(results.map((r) => r.label).sort()).toEqual(['one', 'three', 'two']);
      const texts = warn.mock.calls.map((a) => String(a[0]));
      expect(texts).toContain(`🌱 Sprout says: imageClassifier: the model ${TM_BASE}model.json gives 3 scores, but its label list has 5 labels, ` +
        'so results only use the scores that have a label. Check that the labels belong to this model and are in its order. Reference: https://sprout-ml.github.io/reference/#imageClassifier');
      c.dispose();
    } finally {
      warn.mockRestore();
    }
  });

  it('with the right labels: no warning; sorted; labels exactly as listed; sum ≤ 1 for any k; callback and Promise agree', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const c = await sp.imageClassifier(TM_BASE);
      for (const k of [1, 2, 3, 10]) {
        const r = await c.classify(img, k);
        expect(r).toHaveLength(Math.min(k, 3));
        for (let i = 1; i < r.length; i++) expect(r[i - 1].confidence).toBeGreaterThanOrEqual(r[i].confidence);
        for (const x of r) expect(TM_LABELS).toContain(x.label);
        expect(r.reduce((s, x) => s + x.confidence, 0)).toBeLessThanOrEqual(1 + 1e-6);
      }
      expect(warn).not.toHaveBeenCalled();
      const viaCallback = await new Promise<unknown[]>((resolve) => {
        const p = c.classify(img, 2, (results, error) => resolve([results, error, p]));
      });
      expect(viaCallback[1]).toBeUndefined();
      expect(await (viaCallback[2] as Promise<unknown>)).toEqual(viaCallback[0]);
      const failed = await new Promise<unknown[]>((resolve) => {
        void c.classify('not a picture', (results, error) => resolve([results, error]));
      });
      expect(failed[0]).toBeUndefined();
      expect((failed[1] as sp.SproutError).code).toBe('task.notAnImage');
      c.dispose();
    } finally {
      warn.mockRestore();
    }
  });
});
