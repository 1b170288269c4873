// Runs in Node (no DOM): the chart must be a harmless no-op there.
import { describe, expect, it } from 'vitest';
import { createTrainingChart } from '../../src/tasks/ui/training-chart.js';

describe('training chart without a DOM', () => {
  it('does nothing and throws nothing', () => {
    expect(typeof document).toBe('undefined');
    const chart = createTrainingChart({ title: 'x' });
    chart.update(0, { loss: 1 });
    chart.done();
    chart.remove();
    expect(chart.element).toBeNull();
  });
});
