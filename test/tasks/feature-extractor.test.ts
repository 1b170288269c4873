// featureExtractor, regression and knnClassifier on the real backbone (MobileNet V1 α0.25 from the
// zoo), with a handful of CIFAR images: the learner's life cycle, save/load, infer → knn, memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as sp from '../../src/index.ts';
import { setModelResolver } from '../../src/tasks/index.ts';
import { cifarDir, loadCifar } from './cifar.mjs';
import { useTestZoo, ZOO_MISSING } from './zoo-models.ts';

const origin = useTestZoo(['mobilenet-v1-0.25']);
const canRun = !!origin && !!cifarDir();
if (!canRun) console.log(`featureExtractor tests: ${ZOO_MISSING}, or ../shared/datasets/cifar10-subset is missing`);
afterAll(() => setModelResolver(null));

const data = canRun ? loadCifar([0], ['airplane', 'bird', 'ship'], 4)! : [];
const small = { epochs: 15, batchSize: 4 };

describe.skipIf(!canRun)('featureExtractor', () => {
  it('classification: labels learned from the data, train reports the loss, classify gives every label sorted; save and load', async () => {
    const extractor = await sp.featureExtractor('MobileNet', small);
    const classifier = extractor.classification();
    expect(classifier, 'classification() returns the learner synchronously').toBe(extractor);
    for (const { image, label } of data) await classifier.addImage(image, label);
    expect(classifier.numExamples()).toBe(12);
    const seen: [number, number][] = [];
    const done = await new Promise<unknown[]>((resolve) => {
      void classifier.train((loss, epoch) => seen.push([loss, epoch]), (r, e) => resolve([r, e]));
    });
    expect(done[1]).toBeUndefined();
    expect(seen.map((s) => s[1])).toEqual([...Array(15).keys()]);
    expect((done[0] as { loss: number }).loss).toBe(seen[14][0]);
    expect(seen[14][0]).toBeLessThan(seen[0][0]);
    expect(classifier.labels.sort()).toEqual(['airplane', 'bird', 'ship']);
    const results = await classifier.classify(data[0].image);
    expect(results).toHaveLength(3);
    expect(results[0].confidence).toBeGreaterThanOrEqual(results[1].confidence);
    expect(results.reduce((a, r) => a + r.confidence, 0)).toBeCloseTo(1, 5);
    // training images are learned
    let right = 0;
    for (const { image, label } of data) if ((await classifier.classify(image, 1))[0].label === label) right++;
    expect(right).toBeGreaterThanOrEqual(10);

    // memory: classify keeps nothing (after a first call)
    const before = sp.memory().numTensors;
    for (let i = 0; i < 5; i++) await classifier.classify(data[i].image);
    expect(sp.memory().numTensors).toBe(before);

    // save (TF.js layers format, labels in the metadata) and load into a fresh extractor
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sprout-fe-'));
    await classifier.save(path.join(dir, 'head'));
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'head', 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.userDefinedMetadata.sprout.labels.sort()).toEqual(['airplane', 'bird', 'ship']);
    const other = (await sp.featureExtractor('MobileNet')).classification();
    await other.load(path.join(dir, 'head', 'model.json'));
    const again = await other.classify(data[0].image);
    expect(again.map((r) => r.label)).toEqual(results.map((r) => r.label));
    again.forEach((r, i) => expect(r.confidence).toBeCloseTo(results[i].confidence, 5));
    fs.rmSync(dir, { recursive: true, force: true });
    extractor.dispose();
    other.dispose();
  });

  it('regression (its own task and the .regression() mode): numbers in, {value, values} out', async () => {
    const reg = await sp.regression('MobileNet', { epochs: 40, batchSize: 4 });
    const values = data.map((_, i) => i / data.length);
    for (let i = 0; i < data.length; i++) await reg.addImage(data[i].image, values[i]);
    const { loss } = await reg.train();
    expect(Number.isFinite(loss)).toBe(true);
    const out = await reg.predict(data[3].image);
    expect(out.values).toHaveLength(1);
    expect(out.value).toBe(out.values[0]);
    expect(Math.abs(out.value - values[3])).toBeLessThan(0.35);
    const two = (await sp.featureExtractor('MobileNet', { epochs: 2 })).regression();
    await two.addImage(data[0].image, [1, 2]);
    await expect(two.addImage(data[1].image, [1])).rejects.toThrow();
    reg.dispose();
    two.dispose();
  });

  it('infer gives a 256-number embedding that a knnClassifier learns from', async () => {
    const extractor = await sp.featureExtractor('MobileNet');
    const knn = await sp.knnClassifier();
    const before = sp.memory().numTensors;
    for (const { image, label } of data.slice(0, 9)) {
      const f = await extractor.infer(image);
      expect(f.shape).toEqual([256]);
      knn.addExample(f, label);
      f.dispose();
    }
    expect(sp.memory().numTensors).toBe(before);
    const counts: Record<string, number> = {};
    for (const { label } of data.slice(0, 9)) counts[label] = (counts[label] ?? 0) + 1;
    expect(knn.getCount()).toEqual(counts);
    const f = await extractor.infer(data[0].image);
    const r = await knn.classify(f, 1);
    expect(r.label).toBe(data[0].label);
    expect(r.confidencesByLabel[data[0].label]).toBe(1);
    f.dispose();
    extractor.dispose();
  });

  it('memory: make, add, train twice, classify, dispose: numTensors back where it started', async () => {
    await (await sp.featureExtractor('MobileNet')).ready.then((e) => e.dispose()); // a model cached by the test zoo is loaded once
    const start = sp.memory().numTensors;
    const fe = (await sp.featureExtractor('MobileNet', { epochs: 2 })).classification();
    for (const { image, label } of data.slice(0, 6)) await fe.addImage(image, label);
    await fe.train();
    await fe.train(); // retraining frees the old head and its optimizer state
    await fe.classify(data[0].image);
    fe.dispose();
    expect(sp.memory().numTensors).toBe(start);
  });

  it('friendly errors: no data, one label, classify before train, a wrong kind of label; unknown options warn with the nearest name', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const extractor = await sp.featureExtractor('MobileNet', { epochs: 1, lerningRate: 0.01, numLabels: 3 } as never);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual(expect.arrayContaining([
      expect.stringContaining("featureExtractor does not know the option 'lerningRate'. Did you mean 'learningRate'?"),
      expect.stringContaining("featureExtractor does not know the option 'numLabels'"),
    ]));
    warn.mockRestore();
    const c = extractor.classification();
    await expect(c.train()).rejects.toMatchObject({ code: 'task.noTrainingData' });
    await expect(c.classify(data[0].image)).rejects.toMatchObject({ code: 'task.notTrained' });
    await c.addImage(data[0].image, 'only');
    await c.addImage(data[1].image, 'only');
    await expect(c.train()).rejects.toMatchObject({ code: 'task.oneLabel', message: expect.stringContaining("the same label ('only')") });
    await expect(c.addImage(data[0].image, { label: 'x' })).rejects.toMatchObject({ code: 'task.badTarget' });
    extractor.dispose();
  });
});
