// @vitest-environment happy-dom
// Review of DOM inputs in a DOM stand-in (happy-dom, which says every image is complete and has no
// 2-D canvas drawing): an <img> not loaded yet is waited for until its 'load' event, and a 0×0
// canvas (or a p5-like wrapper of one) gets the friendly empty-image message.
import { describe, expect, it } from 'vitest';
import { readImage } from '../../src/tasks/index.ts';

describe('DOM inputs (review, happy-dom)', () => {
  it('an <img> still loading is waited for, then read', async () => {
    const img = document.createElement('img');
    img.src = 'photos/cat.jpg';
    setTimeout(() => {
      Object.defineProperty(img, 'naturalWidth', { value: 8 });
      Object.defineProperty(img, 'naturalHeight', { value: 6 });
      img.dispatchEvent(new Event('load'));
    }, 80);
    const t0 = Date.now();
    const out = await readImage(img, 'classify', 3000).then((t) => t, (e) => e);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(60);
    // Reading the pixels needs a 2-D canvas, which happy-dom lacks: the image was waited for and the
    // read attempted; it is not reported as "not loaded".
    if (out instanceof Error) expect((out as { code?: string }).code).not.toBe('task.notAnImage');
    else expect(out.shape).toEqual([6, 8, 3]);
  });

  it('an <img> that never loads is reported as still loading after the wait', async () => {
    const img = document.createElement('img');
    img.src = 'photos/slow.jpg';
    await expect(readImage(img, 'classify', 150)).rejects.toMatchObject({ code: 'task.notAnImage' });
  });

  it('a 0×0 canvas, directly or inside a p5-like wrapper, gets the friendly empty-image message', async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 0;
    canvas.height = 0;
    for (const x of [canvas, { elt: canvas }, { canvas }]) {
      const e = await readImage(x, 'classify').catch((err) => err);
      expect(e.code).toBe('task.emptyImage');
      expect(e.message).toContain('classify got an image of 0×0 pixels, so there is nothing to look at.');
    }
  });
});
