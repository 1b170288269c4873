// Proof: ml5's own saved colour model (../shared/zoo-sources/ml5-neuralnetwork-save-example:
// model.json, model.weights.bin, model_meta.json) loads, and classifies pure red as 'red-ish'.
// Its metadata lists the inputs as b, g, r and the labels by one-hot position; both orders are
// checked against the model run by hand.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { neuralNetwork } from '../../src/tasks/neural-network/index.ts';
import { SHARED_MISSING } from '../data/shared-data.mjs';
import { ml5SavedExample } from './colour-data.ts';

const dir = ml5SavedExample();
if (!dir) console.warn(`ml5 saved example: ${SHARED_MISSING}`);
const meta = dir ? JSON.parse(fs.readFileSync(path.join(dir, 'model_meta.json'), 'utf8')) : null;

/** The model's softmax for one colour, computed with the layers model and the metadata by hand. */
async function byHand(rgb: { r: number; g: number; b: number }): Promise<number[]> {
  const model = await sp.loadLayersModel(path.join(dir!, 'model.json'));
  // inputs in the metadata's key order (b, g, r), min-max scaled as ml5 does when isNormalized
  const x = Object.entries(meta.inputs as Record<string, { min: number; max: number }>)
    .map(([k, m]) => (rgb[k as 'r' | 'g' | 'b'] - m.min) / (m.max - m.min));
  const out = model.predict(sp.tensor([x])) as sp.Tensor;
  const probs = Array.from(out.dataSync());
  out.dispose();
  model.dispose();
  return probs;
}

describe(dir ? 'loading ml5\'s saved colour model' : `loading ml5's saved colour model (${SHARED_MISSING})`, () => {
  it.skipIf(!dir)('classifies { r: 255, g: 0, b: 0 } as red-ish, with every label at its one-hot position', async () => {
    const nn = neuralNetwork({ task: 'classification' });
    await nn.load(path.join(dir!, 'model.json'));
    const red = { r: 255, g: 0, b: 0 };
    const results = await nn.classify(red);
    expect(results[0].label).toBe('red-ish');
    expect(results.map((r) => r.label).sort()).toEqual([...meta.outputs.label.uniqueValues].sort());
    for (let i = 1; i < results.length; i++) expect(results[i - 1].confidence).toBeGreaterThanOrEqual(results[i].confidence);
    const probs = await byHand(red);
    const legend = meta.outputs.label.legend as Record<string, number[]>;
    for (const r of results) {
      expect(r.confidence).toBeCloseTo(probs[legend[r.label].indexOf(1)], 6);
      expect(r[r.label]).toBe(r.confidence); // ml5 also gives { [label]: confidence }
    }
    // an array follows the metadata's input order (b, g, r)
    const asArray = await nn.classify([0, 0, 255]);
    expect(asArray[0].label).toBe('red-ish');
    expect(asArray[0].confidence).toBeCloseTo(results[0].confidence, 6);
    // other colours land on their names
    expect((await nn.classify({ r: 0, g: 0, b: 255 }))[0].label).toBe('blue-ish');
    expect((await nn.classify({ r: 0, g: 200, b: 0 }))[0].label).toBe('green-ish');
    nn.dispose();
  });

  it.skipIf(!dir)('reads labels by one-hot position even when the legend lists them in another order', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sprout-nn-'));
    for (const f of ['model.json', 'model.weights.bin']) fs.copyFileSync(path.join(dir!, f), path.join(tmp, f));
    const shuffled = structuredClone(meta);
    const entries = Object.entries(meta.outputs.label.legend).reverse();
    shuffled.outputs.label.legend = Object.fromEntries(entries);
    fs.writeFileSync(path.join(tmp, 'model_meta.json'), JSON.stringify(shuffled));
    const a = neuralNetwork({ task: 'classification' });
    const b = neuralNetwork({ task: 'classification' });
    await a.load(path.join(dir!, 'model.json'));
    await b.load({ model: path.join(tmp, 'model.json'), metadata: path.join(tmp, 'model_meta.json'), weights: path.join(tmp, 'model.weights.bin') });
    const colour = { r: 40, g: 90, b: 200 };
    expect(await b.classify(colour)).toEqual(await a.classify(colour));
    a.dispose();
    b.dispose();
    fs.rmSync(tmp, { recursive: true });
  });
});
