// featureExtractor's save/load forms on a stand-in backbone (no real weights needed): save to a
// folder, to an IOHandler, and load from browser-style File objects and from a path.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { setModelResolver } from '../../src/tasks/index.ts';
import { fakeZooModel } from './fake-zoo.ts';
import { picture } from './tiny-model.ts';

beforeAll(() => setModelResolver(async (id) => fakeZooModel(id)));
afterAll(() => setModelResolver(null));

const colours: [string, [number, number, number]][] = [['red', [230, 20, 20]], ['green', [20, 230, 20]], ['blue', [20, 20, 230]]];

describe('featureExtractor save and load', () => {
  it('a trained head saved to a folder loads back from File objects and from its path; an IOHandler gets the same artifacts', async () => {
    const fe = (await sp.featureExtractor('MobileNet', { epochs: 60, learningRate: 0.01, batchSize: 6 })).classification();
    for (const [label, rgb] of colours) {
      for (let i = 0; i < 3; i++) await fe.addImage(picture(8, 8, () => rgb.map((v) => v - 10 * i) as [number, number, number]), label);
    }
    await fe.train();
    const probe = picture(8, 8, () => [200, 40, 30]);
    const want = await fe.classify(probe);
    expect(want[0].label).toBe('red');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sprout-fe-files-'));
    await fe.save(`file://${dir}`);
    let captured: sp.ModelArtifacts | undefined;
    await fe.save(sp.io.withSaveHandler(async (a) => { captured = a; }));
    expect((captured!.userDefinedMetadata as { sprout: { labels: string[] } }).sprout.labels).toEqual(['red', 'green', 'blue']);

    const asFile = (name: string) => new File([fs.readFileSync(path.join(dir, name))], name);
    for (const source of [[asFile('model.json'), asFile('weights.bin')], path.join(dir, 'model.json'), dir]) {
      const other = (await sp.featureExtractor()).classification();
      await other.load(source);
      expect(other.labels).toEqual(['red', 'green', 'blue']);
      const got = await other.classify(probe);
      got.forEach((r, i) => {
        expect(r.label).toBe(want[i].label);
        expect(r.confidence).toBeCloseTo(want[i].confidence, 5);
      });
      other.dispose();
    }
    await expect((await sp.featureExtractor()).load([asFile('model.json')])).rejects.toMatchObject({ code: 'task.modelFileMissing' });
    fs.rmSync(dir, { recursive: true, force: true });
    fe.dispose();
  });
});
