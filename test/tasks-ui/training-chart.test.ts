// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createTrainingChart } from '../../src/tasks/ui/training-chart.js';

afterEach(() => { document.body.innerHTML = ''; });

const pointsOf = (el: Element | null, series: string) =>
  (el?.querySelector(`polyline[data-series="${series}"]`)?.getAttribute('points') ?? '').split(' ').filter(Boolean)
    .map((p) => p.split(',').map(Number));

describe('training chart', () => {
  it('draws one point per epoch for loss and accuracy, with a falling loss going down the panel', () => {
    const chart = createTrainingChart({ title: 'colours' });
    chart.update(0, { loss: 2, acc: 0.3 });
    chart.update(1, { loss: 1, acc: 0.6 });
    chart.update(2, { loss: 0.5, acc: 0.9 });
    const loss = pointsOf(chart.element, 'loss');
    const acc = pointsOf(chart.element, 'accuracy');
    expect(loss).toHaveLength(3);
    expect(acc).toHaveLength(3);
    // SVG y grows downwards: a falling loss has growing y, a rising accuracy falling y.
    expect(loss[0][1]).toBeLessThan(loss[1][1]);
    expect(loss[1][1]).toBeLessThan(loss[2][1]);
    expect(acc[0][1]).toBeGreaterThan(acc[2][1]);
    expect(loss[0][0]).toBeLessThan(loss[2][0]);
    expect(chart.element!.textContent).toContain('colours');
    expect(chart.element!.textContent).toContain('epoch 3');
    expect(chart.element!.textContent).toContain('accuracy 90.0%');
  });

  it('shows validation curves only when logs have them, and says when training is done', () => {
    const chart = createTrainingChart();
    chart.update(0, { loss: 1 });
    expect(pointsOf(chart.element, 'validation loss')).toHaveLength(0);
    chart.update(1, { loss: 0.8, val_loss: 0.9 });
    expect(pointsOf(chart.element, 'validation loss')).toHaveLength(1);
    chart.done();
    expect(chart.element!.textContent).toContain('done after 2');
    expect(document.querySelectorAll('.sprout-training-chart')).toHaveLength(1);
    chart.remove();
    expect(document.querySelectorAll('.sprout-training-chart')).toHaveLength(0);
  });

  it('ignores NaN losses instead of breaking the scale', () => {
    const chart = createTrainingChart();
    chart.update(0, { loss: 1 });
    chart.update(1, { loss: NaN });
    const loss = pointsOf(chart.element, 'loss');
    expect(loss).toHaveLength(1);
    expect(loss.flat().every(Number.isFinite)).toBe(true);
  });

  it('goes into a given parent element', () => {
    const host = document.createElement('section');
    document.body.appendChild(host);
    const chart = createTrainingChart({ parent: host });
    expect(host.contains(chart.element)).toBe(true);
  });
});
