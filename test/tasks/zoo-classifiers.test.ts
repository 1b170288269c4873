// The other named classifiers through imageClassifier: MobileNet V1 ({version: 1}), Darknet and
// DoodleNet (on real QuickDraw doodles), with labels exactly as their label lists have them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { setModelResolver } from '../../src/tasks/index.ts';
import { loadPhoto } from '../data/images.mjs';
import { loadQuickdraw, sharedDir } from '../data/shared-data.mjs';
import { useTestZoo, ZOO_MISSING } from './zoo-models.ts';

const SHARED = sharedDir();
const IMAGES = SHARED && path.join(SHARED, 'test-images');
const origin = useTestZoo(['mobilenet-v1-0.25', 'darknet-tiny', 'doodlenet']);
const canRun = !!origin && !!IMAGES && fs.existsSync(path.join(IMAGES, 'EXPECTED.json'));
if (!canRun) console.log(`zoo classifier tests: ${ZOO_MISSING}, or ../shared/test-images is missing`);
afterAll(() => setModelResolver(null));

interface Expected { accept?: string[]; v1_025?: string; dk?: string }
const accepted = (label: string, accept: string[]) => accept.includes(label.split(',')[0].trim());

describe.skipIf(!canRun)('named classifiers from the zoo', () => {
  it("MobileNet {version: 1} and 'Darknet' name the photos the references named correctly", async () => {
    const expected = JSON.parse(fs.readFileSync(path.join(IMAGES!, 'EXPECTED.json'), 'utf8')) as Record<string, Expected>;
    for (const [name, options, ref] of [['MobileNet', { version: 1 as const }, 'v1_025'], ['Darknet', {}, 'dk']] as const) {
      const c = await sp.imageClassifier(name, options);
      expect(c.labels).toHaveLength(1000);
      const lines: string[] = [];
      for (const [file, e] of Object.entries(expected)) {
        if (file.startsWith('_') || !e.accept || !e[ref]) continue;
        const [top] = await c.classify(loadPhoto(path.join(IMAGES!, file)), 1);
        expect(c.labels, 'labels exactly as the label list has them').toContain(top.label);
        lines.push(`${file}: ${top.label} ${(top.confidence * 100).toFixed(1)}% (reference ${e[ref]})`);
        expect(accepted(top.label, e.accept), `${name} ${file}: '${top.label}'`).toBe(true);
      }
      console.log(`imageClassifier('${name}', ${JSON.stringify(options)}):\n  ${lines.join('\n  ')}`);
      c.dispose();
    }
  }, 300_000);

  it("'DoodleNet' names real QuickDraw doodles (cats, rainbows, trains) mostly right", async (ctx) => {
    const qd = loadQuickdraw(20);
    if (!qd) {
      console.log('DoodleNet doodles: skipped, ../shared/datasets/quickdraw-3-classes is not here');
      return ctx.skip('no QuickDraw data (../shared/datasets/quickdraw-3-classes)');
    }
    const c = await sp.imageClassifier('DoodleNet');
    expect(c.labels).toHaveLength(345);
    let right = 0;
    for (let i = 0; i < qd.n; i++) {
      const data = new Uint8ClampedArray(28 * 28 * 4);
      for (let p = 0; p < 784; p++) {
        const v = Math.round(qd.x[i * 784 + p] * 255);
        data.set([v, v, v, 255], p * 4);
      }
      const [top] = await c.classify({ data, width: 28, height: 28 }, 1);
      if (top.label === qd.classes[qd.y[i]]) right++;
    }
    console.log(`DoodleNet: ${right}/${qd.n} QuickDraw doodles named right`);
    expect(right / qd.n).toBeGreaterThanOrEqual(0.7);
  }, 300_000);

  it('a TFLite file and a TF.js graph model by path, with a labels list (a background column is skipped, logits get a softmax)', async () => {
    const src = path.join(SHARED!, 'zoo-sources');
    const bird = loadPhoto(path.join(IMAGES!, 'bird.jpg'));
    const parrot = loadPhoto(path.join(IMAGES!, 'parrot.jpg'));
    // TFLite MobileNet V1 0.25/128 (1001 outputs) with the 1001-line label file (its first line is 'background').
    const t = await sp.imageClassifier(path.join(src, 'tflite/mobilenet_v1_0.25_128_quant.tflite'), {
      labels: path.join(src, 'tflite/imagenet_labels.txt'), mean: 0.5, std: 0.5,
    });
    expect(t.labels).toHaveLength(1001);
    expect((await t.classify(bird, 1))[0].label).toBe('robin, American robin, Turdus migratorius');
    // The graph model (TF-Hub classification: pixels in [0, 1], 1001 logits) with the 1000 ImageNet labels.
    const g = await sp.imageClassifier(path.join(src, 'mobilenet_v1_0.25_224/graph/model.json'), { labels: path.join(src, 'labels/imagenet-1000.json') });
    const top = await g.classify(parrot, 3);
    expect(top[0].label.split(',')[0]).toBe('macaw');
    expect(top[0].confidence).toBeGreaterThan(0.5);
    expect(top[0].confidence).toBeLessThanOrEqual(1);
    t.dispose();
    g.dispose();
  }, 120_000);
});
