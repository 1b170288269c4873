// @vitest-environment happy-dom
// `debug: true` draws the live training chart on the page: one point per epoch for the loss, the
// accuracy and their validation curves.
import { afterEach, describe, expect, it } from 'vitest';
import { neuralNetwork } from '../../src/tasks/neural-network/index.ts';
import '../../src/index.ts';

afterEach(() => { document.body.innerHTML = ''; });

const points = (series: string) =>
  (document.querySelector(`.sprout-training-chart polyline[data-series="${series}"]`)?.getAttribute('points') ?? '').split(' ').filter(Boolean);

describe('neuralNetwork with debug: true', () => {
  it('draws loss and accuracy per epoch while training, and says when it is done', async () => {
    const nn = neuralNetwork({ task: 'classification', debug: true });
    for (let i = 0; i < 40; i++) {
      nn.addData([i / 40, 0.2], ['low']);
      nn.addData([i / 40, 0.8], ['high']);
    }
    const seen: number[] = [];
    await nn.train({ epochs: 6, batchSize: 8 }, (epoch) => {
      seen.push(epoch);
      expect(points('loss')).toHaveLength(epoch + 1); // drawn before the user's callback runs
    }, () => {});
    expect(seen).toHaveLength(6);
    expect(document.querySelectorAll('.sprout-training-chart')).toHaveLength(1);
    for (const s of ['loss', 'validation loss', 'accuracy', 'validation accuracy']) expect(points(s), s).toHaveLength(6);
    const panel = document.querySelector('.sprout-training-chart')!;
    expect(panel.textContent).toContain('neuralNetwork (classification)');
    expect(panel.textContent).toContain('done after 6');
    nn.dispose();
  });

  it('draws nothing without debug', async () => {
    const nn = neuralNetwork({ task: 'regression' });
    for (let i = 0; i < 20; i++) nn.addData([i / 20], [i / 10]);
    await nn.train({ epochs: 2 });
    expect(document.querySelector('.sprout-training-chart')).toBeNull();
    nn.dispose();
  });
});
