/**
 * The progress bar a task shows while its model downloads: a small panel at the top of the page
 * ("🌱 Loading MobileNet V2… 45%"), removed when the model is ready. A model that comes from the
 * browser's cache shows it briefly too. Without a DOM it does nothing.
 */
import type { ZooProgress } from '../../zoo/types.js';

export interface ProgressIndicator {
  /** Shows one progress event of the zoo loader. */
  update(p: ZooProgress): void;
  /** Takes the indicator off the page. */
  done(): void;
  /** The panel element, or null without a DOM. */
  readonly element: HTMLElement | null;
}

/**
 * Makes a progress indicator for loading `title`.
 *
 * @example
 * const bar = createProgressIndicator('MobileNet V2');
 * const model = await zoo.load('mobilenet-v2', { onProgress: (p) => bar.update(p) });
 * bar.done();
 */
export function createProgressIndicator(title: string): ProgressIndicator {
  const doc = typeof document !== 'undefined' ? document : undefined;
  if (!doc || !doc.body) return { update() {}, done() {}, element: null };
  const panel = doc.createElement('div');
  panel.className = 'sprout-progress';
  panel.setAttribute('role', 'progressbar');
  panel.setAttribute('aria-valuemin', '0');
  panel.setAttribute('aria-valuemax', '100');
  panel.style.cssText = 'position:fixed;left:50%;top:8px;transform:translateX(-50%);z-index:9999;' +
    'background:#fff;border:1px solid #ccc;border-radius:6px;padding:6px 10px;font:13px system-ui,sans-serif;color:#222;min-width:220px;';
  const label = doc.createElement('div');
  const track = doc.createElement('div');
  track.style.cssText = 'height:6px;background:#eee;border-radius:3px;margin-top:4px;overflow:hidden;';
  const bar = doc.createElement('div');
  bar.style.cssText = 'height:100%;width:0%;background:#2b8a3e;transition:width .1s;';
  track.appendChild(bar);
  panel.append(label, track);
  label.textContent = `🌱 Loading ${title}…`;
  doc.body.appendChild(panel);

  return {
    update(p) {
      const fraction = p.status === 'ready' || p.status === 'cached' ? 1 : p.total > 0 ? Math.min(p.loaded / p.total, 1) : 0;
      const pct = Math.round(fraction * 100);
      bar.style.width = `${pct}%`;
      panel.setAttribute('aria-valuenow', String(pct));
      label.textContent = p.status === 'cached'
        ? `🌱 ${title} (from this browser's cache)`
        : p.status === 'ready' ? `🌱 ${title} is ready` : `🌱 Loading ${title}… ${p.total > 0 ? `${pct}%` : `${(p.loaded / 1e6).toFixed(1)} MB`}`;
    },
    done() {
      panel.remove();
    },
    element: panel,
  };
}
