// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createProgressIndicator } from '../../src/tasks/ui/progress-indicator.js';
import { loadZooModel, setModelResolver } from '../../src/tasks/core/image-model.js';
import type { ZooModel, ZooProgress } from '../../src/zoo/types.js';

afterEach(() => {
  document.body.innerHTML = '';
  setModelResolver(null);
});

describe('progress indicator', () => {
  it('shows the percentage of a download and disappears when done', () => {
    const bar = createProgressIndicator('MobileNet V2');
    expect(document.querySelectorAll('.sprout-progress')).toHaveLength(1);
    bar.update({ id: 'mobilenet-v2', status: 'progress', loaded: 450, total: 1000 });
    expect(bar.element!.textContent).toContain('Loading MobileNet V2… 45%');
    expect(bar.element!.getAttribute('aria-valuenow')).toBe('45');
    bar.update({ id: 'mobilenet-v2', status: 'cached', loaded: 1000, total: 1000 });
    expect(bar.element!.textContent).toContain('cache');
    bar.done();
    expect(document.querySelectorAll('.sprout-progress')).toHaveLength(0);
  });

  it('says how many megabytes arrived when the total is unknown', () => {
    const bar = createProgressIndicator('x');
    bar.update({ id: 'x', status: 'progress', loaded: 2_500_000, total: 0 });
    expect(bar.element!.textContent).toContain('2.5 MB');
  });

  it('a task loading a zoo model shows it while loading, passes events on, and removes it after', async () => {
    const seen: ZooProgress[] = [];
    let shownWhileLoading = 0;
    setModelResolver(async (id, options) => {
      options?.onProgress?.({ id, status: 'download', loaded: 0, total: 10 });
      options?.onProgress?.({ id, status: 'progress', loaded: 5, total: 10 });
      shownWhileLoading = document.querySelectorAll('.sprout-progress').length;
      return { manifest: { id } } as unknown as ZooModel;
    });
    const m = await loadZooModel('tiny', { onProgress: (p) => seen.push(p) });
    expect((m.manifest as { id: string }).id).toBe('tiny');
    expect(shownWhileLoading).toBe(1);
    expect(seen.map((p) => p.status)).toEqual(['download', 'progress']);
    expect(document.querySelectorAll('.sprout-progress')).toHaveLength(0);
  });

  it('is removed when loading fails too', async () => {
    setModelResolver(async () => { throw new Error('offline'); });
    await expect(loadZooModel('tiny')).rejects.toThrow('offline');
    expect(document.querySelectorAll('.sprout-progress')).toHaveLength(0);
  });
});
