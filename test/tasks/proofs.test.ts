// Proofs through the public API in Node: MobileNet (from the zoo) names every photo of
// ../shared/test-images with an accepted top-1 label, and featureExtractor with its default options,
// trained on 20 CIFAR-10 images of each of 3 classes, reaches ≥ 85 % on up to 100 test images per class.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { setModelResolver } from '../../src/tasks/index.ts';
import { loadPhoto } from '../data/images.mjs';
import { sharedDir } from '../data/shared-data.mjs';
import { cifarDir, loadCifar } from './cifar.mjs';
import { useTestZoo, ZOO_MISSING } from './zoo-models.ts';

const SHARED = sharedDir();
const IMAGES = SHARED && path.join(SHARED, 'test-images');
const origin = useTestZoo(['mobilenet-v2', 'mobilenet-v1-0.25']);
const canRun = !!origin && !!IMAGES && fs.existsSync(path.join(IMAGES, 'EXPECTED.json'));
if (!canRun) console.log(`task proofs: ${ZOO_MISSING}, or ../shared/test-images is missing`);
afterAll(() => setModelResolver(null));

interface Expected { accept?: string[]; v2?: string }
const accepted = (label: string, accept: string[]) => accept.includes(label.split(',')[0].trim());

describe.skipIf(!canRun)('imageClassifier proof: MobileNet names the test photos', () => {
  it('every photo gets an accepted top-1 label; 50 classify calls leave numTensors unchanged', async () => {
    const classifier = await sp.imageClassifier('MobileNet');
    const expected = JSON.parse(fs.readFileSync(path.join(IMAGES!, 'EXPECTED.json'), 'utf8')) as Record<string, Expected>;
    const lines: string[] = [];
    for (const [file, e] of Object.entries(expected)) {
      if (file.startsWith('_') || !e.accept) continue;
      const [top] = await classifier.classify(loadPhoto(path.join(IMAGES!, file)), 3);
      lines.push(`${file}: ${top.label} ${(top.confidence * 100).toFixed(1)}% (reference v2: ${e.v2})`);
      expect(accepted(top.label, e.accept), `${file}: top-1 '${top.label}' is not one of ${JSON.stringify(e.accept)}`).toBe(true);
    }
    console.log(`imageClassifier('MobileNet') [${origin}]:\n  ${lines.join('\n  ')}`);
    expect(lines.length).toBeGreaterThanOrEqual(7);

    const photo = loadPhoto(path.join(IMAGES!, 'bird.jpg'));
    await classifier.classify(photo);
    const before = sp.memory().numTensors;
    for (let i = 0; i < 50; i++) await classifier.classify(photo);
    expect(sp.memory().numTensors).toBe(before);
  }, 300_000);
});

const CLASSES = ['airplane', 'automobile', 'bird'];

describe.skipIf(!canRun || !cifarDir())('featureExtractor proof: 20 CIFAR images per class, default options', () => {
  it(`reaches ≥ 85 % on up to 100 test images per class (${CLASSES.join(', ')})`, async () => {
    const train = loadCifar([0, 1], CLASSES, 20)!;
    const test = loadCifar([50], CLASSES, 100)!;
    expect(train).toHaveLength(60);
    const extractor = await sp.featureExtractor('MobileNet');
    const classifier = extractor.classification();
    for (const { image, label } of train) await classifier.addImage(image, label);
    const losses: number[] = [];
    const { loss } = await classifier.train((l) => losses.push(l));
    expect(losses).toHaveLength(20); // default epochs
    expect(loss).toBeLessThan(losses[0]);
    let correct = 0;
    await classifier.classify(test[0].image); // warm-up: the first predict of a new head keeps a few tensors for good
    const before = sp.memory().numTensors;
    for (const { image, label } of test) {
      const [best] = await classifier.classify(image);
      if (best.label === label) correct++;
    }
    expect(sp.memory().numTensors).toBe(before);
    const accuracy = correct / test.length;
    console.log(`featureExtractor defaults [${origin}]: ${(accuracy * 100).toFixed(1)}% on ${test.length} CIFAR test images (${CLASSES.join('/')}), loss ${losses[0].toFixed(3)} → ${loss.toFixed(3)}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.85);
    extractor.dispose();
  }, 600_000);
});
