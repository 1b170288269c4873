/**
 * The live training chart shown with `debug: true`: a small panel in the page's corner with the
 * loss (and accuracy, when there is one) per epoch, drawn as SVG so it needs no canvas and no
 * extra dependency. Without a DOM (Node, a worker) it does nothing.
 */

/** One epoch's numbers, as `fit` callbacks report them. */
export type EpochLogs = Record<string, number | undefined>;

/** A chart that can be fed epoch by epoch. */
export interface TrainingChart {
  /** Adds one epoch's logs (`loss`, `val_loss`, `acc`/`accuracy`, `val_acc`…) and redraws. */
  update(epoch: number, logs: EpochLogs): void;
  /** Marks training as finished (the title says so); the panel stays until `remove()`. */
  done(): void;
  /** Takes the panel off the page. */
  remove(): void;
  /** The panel element, or null without a DOM. */
  readonly element: HTMLElement | null;
}

export interface TrainingChartOptions {
  /** Title above the curves (default 'Training'). */
  title?: string;
  /** Where to put the panel (default: fixed in the bottom-right corner of document.body). */
  parent?: HTMLElement;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 260;
const HEIGHT = 120;
const PAD = 6;

/** The series drawn, in order: [log key(s), label, colour]. */
const SERIES: [string[], string, string][] = [
  [['loss'], 'loss', '#d9480f'],
  [['val_loss'], 'validation loss', '#f59f00'],
  [['acc', 'accuracy'], 'accuracy', '#2b8a3e'],
  [['val_acc', 'val_accuracy'], 'validation accuracy', '#74b816'],
];

/**
 * Makes a training chart. Returns a chart whose methods do nothing when there is no DOM.
 *
 * @example
 * const chart = createTrainingChart({ title: 'neuralNetwork' });
 * await model.fit(xs, ys, { callbacks: { onEpochEnd: (e, logs) => chart.update(e, logs) } });
 * chart.done();
 */
export function createTrainingChart(options: TrainingChartOptions = {}): TrainingChart {
  const doc = typeof document !== 'undefined' ? document : undefined;
  if (!doc || !doc.body || typeof doc.createElementNS !== 'function') {
    return { update() {}, done() {}, remove() {}, element: null };
  }
  const title = options.title ?? 'Training';
  const panel = doc.createElement('div');
  panel.className = 'sprout-training-chart';
  panel.setAttribute('role', 'img');
  panel.setAttribute('aria-label', `${title}: loss per epoch`);
  if (!options.parent) {
    panel.style.cssText = 'position:fixed;right:12px;bottom:12px;z-index:9999;';
  }
  panel.style.background = 'rgba(255,255,255,0.95)';
  panel.style.border = '1px solid #ccc';
  panel.style.borderRadius = '6px';
  panel.style.padding = '6px 8px';
  panel.style.font = '12px system-ui, sans-serif';
  panel.style.color = '#222';

  const heading = doc.createElement('div');
  heading.style.fontWeight = 'bold';
  heading.textContent = `🌱 ${title}`;
  const status = doc.createElement('div');
  status.className = 'sprout-training-chart-status';
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('width', String(WIDTH));
  svg.setAttribute('height', String(HEIGHT));
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  const legend = doc.createElement('div');
  panel.append(heading, svg, status, legend);
  (options.parent ?? doc.body).appendChild(panel);

  const history: EpochLogs[] = [];
  const lines = new Map<string, SVGPolylineElement>();
  let finished = false;

  const valueOf = (logs: EpochLogs, keys: string[]): number | undefined => {
    for (const k of keys) if (typeof logs[k] === 'number' && Number.isFinite(logs[k])) return logs[k];
    return undefined;
  };

  function redraw(): void {
    // Losses share one scale (0 … max loss seen); accuracies use 0 … 1.
    let maxLoss = 0;
    for (const logs of history) for (const k of ['loss', 'val_loss']) {
      const v = logs[k];
      if (typeof v === 'number' && Number.isFinite(v)) maxLoss = Math.max(maxLoss, v);
    }
    const n = history.length;
    const x = (i: number) => PAD + (n <= 1 ? 0 : (i / (n - 1)) * (WIDTH - 2 * PAD));
    const y = (v: number, max: number) => HEIGHT - PAD - (max > 0 ? Math.min(v / max, 1) : 0) * (HEIGHT - 2 * PAD);
    const shown: string[] = [];
    for (const [keys, label, colour] of SERIES) {
      const points: string[] = [];
      history.forEach((logs, i) => {
        const v = valueOf(logs, keys);
        if (v !== undefined) points.push(`${x(i).toFixed(1)},${y(v, keys[0].includes('loss') ? maxLoss : 1).toFixed(1)}`);
      });
      if (points.length === 0) continue;
      let line = lines.get(label);
      if (!line) {
        line = doc!.createElementNS(SVG_NS, 'polyline') as SVGPolylineElement;
        line.setAttribute('fill', 'none');
        line.setAttribute('stroke', colour);
        line.setAttribute('stroke-width', '2');
        line.setAttribute('data-series', label);
        svg.appendChild(line);
        lines.set(label, line);
      }
      line.setAttribute('points', points.join(' '));
      shown.push(`<span style="color:${colour}">■</span> ${label}`);
    }
    legend.innerHTML = shown.join(' &nbsp;');
    const last = history[n - 1] ?? {};
    const loss = valueOf(last, ['loss']);
    const acc = valueOf(last, ['acc', 'accuracy']);
    status.textContent = `${finished ? 'done after' : 'epoch'} ${n}` +
      (loss !== undefined ? ` · loss ${loss.toFixed(4)}` : '') +
      (acc !== undefined ? ` · accuracy ${(acc * 100).toFixed(1)}%` : '');
  }

  return {
    update(epoch, logs) {
      history[epoch] = { ...logs };
      for (let i = 0; i < history.length; i++) if (!history[i]) history[i] = {};
      redraw();
    },
    done() {
      finished = true;
      redraw();
    },
    remove() {
      panel.remove();
    },
    element: panel,
  };
}
