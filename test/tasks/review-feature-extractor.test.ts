// Review of featureExtractor's learner on a stand-in backbone (no weights needed): the wrong method
// for the mode is named as such (not "not trained"), adding examples after training keeps the
// trained head working until the next train(), train() waits for addImage calls made without await,
// and a bad k warns and gives every label.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as sp from '../../src/index.ts';
import { setModelResolver } from '../../src/tasks/index.ts';
import { fakeZooModel } from './fake-zoo.ts';
import { picture } from './tiny-model.ts';

beforeAll(() => setModelResolver(async (id) => fakeZooModel(id)));
afterAll(() => setModelResolver(null));

const colour = (r: number, g: number, b: number, i = 0) => picture(8, 8, (x, y) => [Math.min(255, r + x * 3 + i * 4), Math.min(255, g + y * 3), b]);
const COLOURS: Record<string, [number, number, number]> = { red: [220, 10, 10], green: [10, 220, 10], blue: [10, 10, 220], white: [230, 230, 230], black: [5, 5, 5] };
const opts = { epochs: 60, batchSize: 8, learningRate: 0.01 };

describe('featureExtractor (review)', () => {
  it('predict on a classifier and classify on a regressor say which method fits', async () => {
    const c = (await sp.featureExtractor('MobileNet', opts)).classification();
    await c.addImage(colour(...COLOURS.red), 'red');
    await c.addImage(colour(...COLOURS.blue), 'blue');
    await c.train();
    const e1 = await c.predict(colour(...COLOURS.red)).catch((e) => e);
    expect(e1.code).toBe('task.wrongMode');
    expect(e1.message).toContain('predict does not fit this featureExtractor: it learns labels (classification). Use classify() instead');
    const r = await sp.regression('MobileNet', opts);
    const e2 = await r.classify(colour(...COLOURS.red)).catch((e) => e);
    expect(e2.code, 'even before training, the mode is the problem to name').toBe('task.wrongMode');
    expect(e2.message).toContain('Use predict() instead');
    expect(e2.message).not.toMatch(/undefined|\[object Object\]/);
    await expect(r.addImage(colour(...COLOURS.red), 'red')).rejects.toThrow("addImage got a string (\"red\") as the value to learn, but a regression learns a number (or a list of numbers).");
    c.dispose();
    r.dispose();
  });

  it('five labels; adding examples after training keeps classify working; retraining learns the new label', async () => {
    const c = (await sp.featureExtractor('MobileNet', opts)).classification();
    for (const [label, v] of Object.entries(COLOURS)) for (let i = 0; i < 3; i++) await c.addImage(colour(...v, i), label);
    await c.train();
    expect(c.labels).toEqual(Object.keys(COLOURS));
    const first = await c.classify(colour(...COLOURS.green));
    expect(first).toHaveLength(5);
    expect(first[0].label).toBe('green');
    // a classifyStart loop (or a button) keeps classifying while more examples are added
    const yellow = colour(200, 200, 10);
    await c.addImage(yellow, 'yellow');
    await c.addImage(colour(205, 195, 10), 'yellow');
    expect(await c.classify(colour(...COLOURS.green)), 'the trained head still answers, with its labels').toEqual(first);
    const before = sp.memory().numTensors;
    await c.train();
    // the old head and its optimizer state were freed: the new one (one more output) has as many tensors
    await c.classify(yellow);
    expect(sp.memory().numTensors).toBe(before);
    await c.train(); // twice in a row
    await c.classify(yellow);
    expect(sp.memory().numTensors).toBe(before);
    expect(c.labels).toEqual([...Object.keys(COLOURS), 'yellow']);
    const again = await c.classify(yellow);
    expect(again).toHaveLength(6);
    expect(again[0].label).toBe('yellow');
    c.dispose();
  });

  it('an unknown backbone: the message lists what featureExtractor knows and does not offer URLs (it takes none)', () => {
    const e = (() => { try { sp.featureExtractor('Darknet'); } catch (err) { return err as sp.SproutError; } })();
    expect(e?.code).toBe('task.unknownModel');
    expect(e?.message).toContain("featureExtractor does not know a model called 'Darknet'. The models it knows are 'MobileNet'. Reference");
    expect(e?.message).not.toMatch(/URL|tflite/);
    expect(() => sp.imageClassifier('Resnet')).toThrow(/you can also give the URL of a model\.json/);
  });

  it('train() waits for addImage calls made without await (a loop over pictures), and learns from all of them', async () => {
    const c = (await sp.featureExtractor('MobileNet', opts)).classification();
    const calls: Promise<void>[] = [];
    for (const [label, v] of Object.entries(COLOURS)) for (let i = 0; i < 2; i++) calls.push(c.addImage(colour(...v, i), label));
    // not a picture: its own promise rejects (unhandled if nobody looks, so a sketch shows it), training goes on without it
    const bad = expect(c.addImage(42, 'red')).rejects.toMatchObject({ code: 'task.notAnImage' });
    const { loss } = await c.train();
    expect(Number.isFinite(loss)).toBe(true);
    expect(c.numExamples()).toBe(10);
    expect(c.labels).toEqual(Object.keys(COLOURS));
    await bad;
    await Promise.all(calls);
    c.dispose();
  });

  it('k: a whole number limits the list; 0 or a non-number warns once and gives every label', async () => {
    const c = (await sp.featureExtractor('MobileNet', opts)).classification();
    for (const [label, v] of Object.entries(COLOURS)) await c.addImage(colour(...v), label);
    await c.train();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(await c.classify(colour(...COLOURS.red), 2)).toHaveLength(2);
      expect(await c.classify(colour(...COLOURS.red), 0)).toHaveLength(5);
      expect(await c.classify(colour(...COLOURS.red), 'two' as never)).toHaveLength(5);
      const texts = warn.mock.calls.map((a) => String(a[0]));
      expect(texts.some((t) => t.includes("classify: the option 'k' should be a whole number of at least 1, but it is the number 0. The default (all the labels) is used instead."))).toBe(true);
    } finally {
      warn.mockRestore();
    }
    c.dispose();
  });
});

describe('featureExtractor without .classification() or .regression() (review)', () => {
  it('the mode is guessed from the first valid value, and the messages say so', async () => {
    const fe = await sp.featureExtractor('MobileNet', opts);
    // a mistake first (no label) does not decide the mode
    await expect(fe.addImage(colour(...COLOURS.red))).rejects.toMatchObject({ code: 'task.badTarget' });
    await fe.addImage(colour(...COLOURS.red), 0);
    const e = await fe.addImage(colour(...COLOURS.blue), 'blue').catch((err) => err);
    expect(e.message).toContain("but a featureExtractor in regression mode (chosen because the first example's value was a number: call .classification() before addImage to learn labels) learns a number");
    await fe.addImage(colour(...COLOURS.blue), 1);
    await fe.train();
    const w = await fe.classify(colour(...COLOURS.blue)).catch((err) => err);
    expect(w.code).toBe('task.wrongMode');
    expect(w.message).toContain("it learns numbers (regression, chosen because the first example's value was a number: call .classification() before addImage to learn labels). Use predict() instead");
    // said explicitly: numbers are labels
    const c = (await sp.featureExtractor('MobileNet', opts)).classification();
    await c.addImage(colour(...COLOURS.red), 0);
    await c.addImage(colour(...COLOURS.blue), 1);
    await c.train();
    expect((await c.classify(colour(...COLOURS.blue))).map((r) => r.label).sort()).toEqual(['0', '1']);
    fe.dispose();
    c.dispose();
  });
});
