// neuralNetwork's behaviour on small made-up data (no shared files needed): regression, the ways
// of giving data, save/load and saveData/loadData round trips, friendly errors, and memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { neuralNetwork, NeuralNetwork } from '../../src/tasks/neural-network/index.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sprout-nn-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Two clusters of points: 'left' around x = 0.2, 'right' around x = 0.8. */
function twoClusters(nn: NeuralNetwork, n = 60): void {
  for (let i = 0; i < n; i++) {
    const t = i / n;
    nn.addData({ x: 0.1 + 0.2 * t, y: t }, { side: 'left' });
    nn.addData({ x: 0.7 + 0.2 * t, y: 1 - t }, { side: 'right' });
  }
}

async function rejection(p: Promise<unknown>): Promise<sp.SproutError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(sp.SproutError);
    return e as sp.SproutError;
  }
  throw new Error('expected a rejection');
}

function thrown(fn: () => unknown): sp.SproutError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(sp.SproutError);
    return e as sp.SproutError;
  }
  throw new Error('expected an error');
}

describe('regression', () => {
  it('learns y = 2x + 1 on 0…10 (normalized) and predicts in the data\'s units', async () => {
    // seeded, so the run is the same every time (unseeded runs: root-mean-square error 0.05–0.08)
    const nn = neuralNetwork({ task: 'regression', inputs: ['x'], outputs: ['y'], seed: 3 });
    for (let i = 0; i <= 100; i++) nn.addData([i / 10], [2 * (i / 10) + 1]);
    nn.normalizeData();
    const losses: number[] = [];
    await nn.train({ epochs: 60, batchSize: 16 }, (_epoch, logs) => losses.push(logs.loss as number), () => {});
    expect(losses).toHaveLength(60);
    expect(losses[59]).toBeLessThan(losses[0] / 10);
    for (const x of [1, 4.5, 8]) {
      const [out] = await nn.predict([x]);
      expect(out.label).toBe('y');
      expect(out.y).toBe(out.value);
      expect(out.value).toBeGreaterThan(2 * x + 1 - 0.6);
      expect(out.value).toBeLessThan(2 * x + 1 + 0.6);
      expect(out.unNormalizedValue).toBeCloseTo((out.value - 1) / 20, 5); // y ranged over 1…21
    }
    const many = await nn.predictMultiple([[2], [6]]);
    expect(many).toHaveLength(2);
    expect(many[1][0].value).toBeGreaterThan(many[0][0].value + 6);
    nn.dispose();
  });

  it('the same seed gives the same training run; another seed a different one', async () => {
    const run = async (seed: number) => {
      const nn = neuralNetwork({ task: 'regression', seed });
      for (let i = 0; i <= 30; i++) nn.addData({ x: i / 30 }, { y: Math.sin(3 * i / 30) });
      await nn.train({ epochs: 3, batchSize: 8 });
      const out = (await nn.predictMultiple([{ x: 0.1 }, { x: 0.7 }])).map((r) => r[0].value);
      nn.dispose();
      return out;
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('without normalizeData the output layer is linear and still fits values far outside 0…1', async () => {
    const nn = neuralNetwork({ task: 'regression', learningRate: 0.05, seed: 1 });
    for (let i = 0; i <= 40; i++) nn.addData({ x: i / 40 }, { y: 50 + 30 * (i / 40) });
    await nn.train({ epochs: 150, batchSize: 8 });
    const [out] = await nn.predict({ x: 0.5 });
    expect(out.value).toBeGreaterThan(60);
    expect(out.value).toBeLessThan(70);
    expect(out.unNormalizedValue).toBeUndefined();
    nn.dispose();
  });
  it('predicts several outputs, and takes text inputs (one-hot, as ml5)', async () => {
    const nn = neuralNetwork({ task: 'regression', seed: 4 });
    for (let i = 0; i <= 40; i++) {
      const x = i / 40;
      for (const shape of ['square', 'circle']) nn.addData({ x, shape }, { area: shape === 'square' ? x : x / 2, double: 2 * x });
    }
    expect(nn.data[0].xs).toEqual({ x: 0, shape: 'square' });
    nn.normalizeData();
    expect(nn.meta!.inputUnits).toEqual([3]); // x, and shape as two one-hot numbers
    await nn.train({ epochs: 80, batchSize: 8 });
    const out = await nn.predict({ x: 0.8, shape: 'circle' });
    expect(out.map((o) => o.label)).toEqual(['area', 'double']);
    expect(out[0].value).toBeGreaterThan(0.3);
    expect(out[0].value).toBeLessThan(0.5);
    expect(out[1].value).toBeGreaterThan(1.45);
    expect(out[1].value).toBeLessThan(1.75);
    const e = await rejection(nn.predict({ x: 0.5, shape: 'triangle' }));
    expect(e.code).toBe('nn.unknownLabel');
    expect(e.message).toContain('The values it knows are: square, circle');
    nn.dispose();
  });
});

describe('classification', () => {
  it('takes objects or arrays, trains with callbacks and a Promise, and answers sorted labels', async () => {
    const nn = neuralNetwork({ inputs: ['x', 'y'], outputs: ['side'], task: 'classification', seed: 1 });
    twoClusters(nn, 50);
    nn.addData([0.15, 0.5], ['left']); // an array follows the declared order
    expect(nn.data.at(-1)).toEqual({ xs: { x: 0.15, y: 0.5 }, ys: { side: 'left' } });
    nn.normalizeData();
    const epochs: number[] = [];
    let finished = 0;
    await nn.train({ epochs: 30, batchSize: 10 }, (epoch) => epochs.push(epoch), () => finished++);
    expect(epochs).toEqual([...Array(30).keys()]);
    expect(finished).toBe(1);
    const left = await nn.classify({ x: 0.2, y: 0.5 });
    expect(left.map((r) => r.label)).toEqual(['left', 'right']);
    expect(left[0].confidence).toBeGreaterThan(0.8);
    expect(left[0].confidence + left[1].confidence).toBeCloseTo(1, 5);
    const right = await nn.classify([0.8, 0.5]);
    expect(right[0].label).toBe('right');
    const both = await nn.classifyMultiple([[0.2, 0.5], { x: 0.8, y: 0.5 }]);
    expect(both.map((r) => r[0].label)).toEqual(['left', 'right']);
    expect(nn.classifySync([0.8, 0.5])[0].label).toBe('right');
    // callbacks get (results) as in ml5
    const viaCallback = await new Promise((resolve) => nn.classify({ x: 0.2, y: 0.5 }, (r) => resolve(r)));
    expect(viaCallback).toEqual(left);
    nn.dispose();
  });

  it('names inputs from object keys, guesses the task from text labels, and takes your own layers', async () => {
    const nn = neuralNetwork({
      seed: 2,
      layers: [{ type: 'dense', units: 8, activation: 'tanh' }, { type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', activation: 'softmax' }],
    });
    twoClusters(nn, 40);
    nn.normalizeData();
    await nn.train({ epochs: 40, batchSize: 8 });
    expect(nn.model!.layers.map((l) => l.getConfig().units)).toEqual([8, 8, 2]);
    expect((await nn.classify({ x: 0.85, y: 0.3 }))[0].label).toBe('right');
    nn.dispose();
  });

  it('neuralNetwork(inputs, outputs) numbers names input_0…, and numeric labels become text', async () => {
    const nn = neuralNetwork(2, 1);
    for (let i = 0; i < 30; i++) { nn.addData([0.1, i / 30], [0]); nn.addData([0.9, i / 30], [1]); }
    nn.normalizeData();
    await nn.ready;
    expect(Object.keys(nn.data[0].xs)).toEqual(['input_0', 'input_1']);
    // no task given and numbers as outputs: regression (as ml5 would treat numbers)
    await nn.train({ epochs: 5 });
    expect((await nn.predict([0.9, 0.5]))[0].label).toBe('output_0');
    nn.dispose();
    const c = neuralNetwork({ task: 'classification', inputs: 2, outputs: 1, seed: 1 });
    for (let i = 0; i < 30; i++) { c.addData([0.1, i / 30], [0]); c.addData([0.9, i / 30], [1]); }
    c.normalizeData();
    await c.train({ epochs: 40, batchSize: 8 });
    expect((await c.classify([0.9, 0.5]))[0].label).toBe('1');
    c.dispose();
  });
});

describe('imageClassification', () => {
  it('learns bright from dark 16×16 RGBA images given as pixel lists and as {data, width, height} (resized)', async () => {
    const nn = neuralNetwork({ task: 'imageClassification', inputs: [16, 16, 4], seed: 1 });
    const image = (level: number, size = 16) => {
      const data = new Uint8ClampedArray(size * size * 4);
      for (let i = 0; i < data.length; i++) data[i] = (i % 4 === 3) ? 255 : Math.min(255, level + ((i * 37) % 40));
      return { data, width: size, height: size };
    };
    for (let i = 0; i < 16; i++) {
      nn.addData({ image: image(190 + i) }, { label: 'bright' });
      nn.addData(Array.from(image(20 + i).data), ['dark']); // names follow the first example's
    }
    nn.normalizeData();
    expect(nn.meta!.inputUnits).toEqual([16, 16, 4]);
    await nn.train({ epochs: 12, batchSize: 8, validationSplit: 0 });
    expect((await nn.classify(image(200, 32)))[0].label).toBe('bright'); // 32×32 is resized to 16×16
    expect((await nn.classify({ image: image(25) }))[0].label).toBe('dark');
    const levels = [10, 30, 50, 180, 200, 215];
    const answers = await nn.classifyMultiple(levels.map((l) => image(l)));
    expect(answers.map((a) => a[0].label)).toEqual(['dark', 'dark', 'dark', 'bright', 'bright', 'bright']);
    expect(nn.model!.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense']);
    nn.dispose();
  });
});

describe('saving and loading', () => {
  it('save writes ml5\'s three files and load gives identical outputs (path, {model, metadata, weights}, Files)', async () => {
    const nn = neuralNetwork({ task: 'classification', inputs: ['x', 'y'], outputs: ['side'] });
    twoClusters(nn, 30);
    nn.normalizeData();
    await nn.train({ epochs: 10, batchSize: 8 });
    const base = path.join(tmp, 'saved', 'sides');
    await nn.save(base);
    for (const f of ['sides.json', 'sides.weights.bin', 'sides_meta.json']) expect(fs.existsSync(path.join(tmp, 'saved', f)), f).toBe(true);
    const json = JSON.parse(fs.readFileSync(`${base}.json`, 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['./sides.weights.bin']);
    const meta = JSON.parse(fs.readFileSync(`${base}_meta.json`, 'utf8'));
    expect(meta).toMatchObject({ isNormalized: true, inputs: { x: { dtype: 'number' }, y: { dtype: 'number' } }, outputs: { side: { dtype: 'string', uniqueValues: ['left', 'right'] } } });

    const probes = [[0.2, 0.4], [0.5, 0.5], [0.85, 0.1]];
    const before = await nn.classifyMultiple(probes);
    const fromPath = neuralNetwork();
    await fromPath.load(`${base}.json`);
    expect(await fromPath.classifyMultiple(probes)).toEqual(before);
    const fromParts = neuralNetwork();
    await fromParts.load({ model: `${base}.json`, metadata: `${base}_meta.json`, weights: `${base}.weights.bin` });
    expect(await fromParts.classifyMultiple(probes)).toEqual(before);
    const file = (name: string) => ({ name, arrayBuffer: async () => { const b = fs.readFileSync(path.join(tmp, 'saved', name)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); } });
    const fromFiles = neuralNetwork({ task: 'classification' });
    await fromFiles.load([file('sides_meta.json'), file('sides.weights.bin'), file('sides.json')]);
    expect(await fromFiles.classifyMultiple(probes)).toEqual(before);
    // modelUrl in the options loads before ready resolves
    const fromOption = neuralNetwork({ modelUrl: `${base}.json` });
    await fromOption.ready;
    expect(await fromOption.classifyMultiple(probes)).toEqual(before);
    for (const m of [nn, fromPath, fromParts, fromFiles, fromOption]) m.dispose();
  });

  it('saveData / loadData round trip, and loadData reads records picked by the inputs and outputs names', async () => {
    const nn = neuralNetwork({ task: 'classification', inputs: ['x', 'y'], outputs: ['side'] });
    twoClusters(nn, 5);
    const name = path.join(tmp, 'data', 'sides-data');
    await nn.saveData(name);
    const saved = JSON.parse(fs.readFileSync(`${name}.json`, 'utf8'));
    expect(saved.data).toEqual(nn.data);
    const back = neuralNetwork({ task: 'classification' });
    await back.loadData(`${name}.json`);
    expect(back.data).toEqual(nn.data);

    const records = path.join(tmp, 'records.json');
    fs.writeFileSync(records, JSON.stringify({ entries: [{ x: 1, y: 2, side: 'left', id: 'a' }, { x: 3, y: 4, side: 'right', id: 'b' }] }));
    const picked = neuralNetwork({ task: 'classification', inputs: ['x', 'y'], outputs: ['side'] });
    await picked.loadData(records);
    expect(picked.data).toEqual([{ xs: { x: 1, y: 2 }, ys: { side: 'left' } }, { xs: { x: 3, y: 4 }, ys: { side: 'right' } }]);
    const viaOption = neuralNetwork({ task: 'classification', inputs: ['x', 'y'], outputs: ['side'], dataUrl: records });
    await viaOption.ready;
    expect(viaOption.data).toEqual(picked.data);
    const unnamed = neuralNetwork({ task: 'classification' });
    const err = await rejection(unnamed.loadData(records));
    expect(err.code).toBe('nn.namesNeeded');
    expect(err.message).toContain('x, y, side, id');
  });
});

describe('friendly errors', () => {
  it('no data, training before addData, classifying before training, wrong input size or names', async () => {
    const nn = neuralNetwork({ task: 'classification', inputs: ['r', 'g', 'b'], outputs: ['label'] });
    let e = thrown(() => nn.normalizeData());
    expect(e.code).toBe('nn.noData');
    expect(e.message).toMatch(/^🌱 Sprout says: normalizeData needs examples.*addData/);
    e = await rejection(nn.train());
    expect(e.code).toBe('nn.noData');
    e = await rejection(nn.classify([1, 2, 3]));
    expect(e.code).toBe('nn.noModel');
    nn.addData([255, 0, 0], ['red']);
    nn.addData([0, 0, 255], ['blue']);
    e = await rejection(nn.classify([1, 2, 3]));
    expect(e.code).toBe('nn.notTrained');
    expect(e.message).toContain('train()');
    e = thrown(() => nn.addData([1, 2], ['red']));
    expect(e.code).toBe('nn.wrongCount');
    expect(e.message).toContain('got 2 input value(s), but this neuralNetwork takes 3 (r, g, b)');
    e = thrown(() => nn.addData({ r: 1, g: 2, blue: 3 }, { label: 'red' }));
    expect(e.code).toBe('nn.missingKey');
    expect(e.message).toContain("the value 'b' is missing");
    e = thrown(() => nn.addData({ r: 1, g: 2, b: undefined }, { label: 'red' }));
    expect(e.code).toBe('nn.badValue');
    await nn.train({ epochs: 1 });
    e = await rejection(nn.classify([1, 2]));
    expect(e.code).toBe('nn.wrongCount');
    e = await rejection(nn.classify({ red: 1, green: 2, blue: 3 }));
    expect(e.code).toBe('nn.missingKey');
    expect(e.message).toContain('this neuralNetwork uses: r, g, b');
    e = await rejection(nn.predict([1, 2, 3]));
    expect(e.code).toBe('nn.wrongMethod');
    e = await rejection(nn.classify(undefined));
    expect(e.code).toBe('nn.noInput');
    // the callback gets the error as its second argument
    const viaCallback = await new Promise((resolve) => { nn.classify([1], (r, err) => resolve([r, err])).catch(() => {}); });
    expect((viaCallback as unknown[])[0]).toBeUndefined();
    expect((viaCallback as unknown[])[1]).toBeInstanceOf(sp.SproutError);
    nn.dispose();
  });

  it('bad options: unknown task, bad image shape, unknown layer type, unknown option (a warning)', async () => {
    expect(thrown(() => neuralNetwork({ task: 'clasification' as 'classification' })).message).toContain("does not know the task 'clasification'");
    expect(thrown(() => neuralNetwork({ task: 'imageClassification', inputs: ['a'] })).code).toBe('nn.badImageShape');
    const nn = neuralNetwork({ task: 'classification', layers: [{ type: 'dens', units: 4 }, { type: 'dense' }] });
    nn.addData([1], ['a']);
    nn.addData([2], ['b']);
    const e = await rejection(nn.train({ epochs: 1 }));
    expect(e.code).toBe('nn.badLayers');
    expect(e.message).toContain("'dens'");
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => warnings.push(m);
    try {
      neuralNetwork({ task: 'regression', learningrate: 0.1 } as never);
    } finally {
      console.warn = warn;
    }
    expect(warnings.join('\n')).toContain("neuralNetwork does not know the option 'learningrate'. Did you mean 'learningRate'?");
  });
});

describe('memory', () => {
  it('many classify and predict calls leave the number of tensors unchanged', async () => {
    const nn = neuralNetwork({ task: 'classification' });
    twoClusters(nn, 20);
    nn.normalizeData();
    await nn.train({ epochs: 3 });
    await nn.classify({ x: 0.1, y: 0.1 }); // the first call may build what the model keeps
    const before = sp.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      await nn.classify({ x: i / 50, y: 0.5 });
      nn.classifySync([i / 50, 0.5]);
      await nn.classifyMultiple([[0.1, 0.2], [0.9, 0.3]]);
    }
    expect(sp.memory().numTensors).toBe(before);
    const trained = sp.memory().numTensors;
    await nn.train({ epochs: 2 }); // training again frees its own tensors too
    expect(sp.memory().numTensors).toBe(trained);
    nn.dispose();
  });
});

describe('the factory', () => {
  it('returns the network itself (usable without await), calls back when ready, and holds p5 1.x preload for a modelUrl', async () => {
    const { setPreloadHook } = await import('../../src/tasks/core/task.ts');
    const nn = neuralNetwork({ task: 'classification' });
    expect(nn).toBeInstanceOf(NeuralNetwork);
    expect(await nn.ready).toBe(nn);
    const called = await new Promise((resolve) => neuralNetwork({ task: 'regression' }, (r, err) => resolve([r instanceof NeuralNetwork, err])));
    expect(called).toEqual([true, undefined]);
    // a modelUrl that cannot be read reaches the callback as its error, and every method
    const failed = await new Promise<unknown[]>((resolve) => neuralNetwork({ modelUrl: path.join(tmp, 'nowhere', 'model.json') }, (r, err) => resolve([r, err])));
    expect(failed[0]).toBeUndefined();
    expect((failed[1] as sp.SproutError).code).toBe('task.modelFileMissing');
    const tracked: string[] = [];
    setPreloadHook({ isPreloading: () => true, track: (ready, name) => { tracked.push(name); void ready.catch(() => {}); } });
    try {
      const inPreload = neuralNetwork({ modelUrl: path.join(tmp, 'nowhere', 'model.json') });
      expect(inPreload).toBeInstanceOf(NeuralNetwork);
      expect((await rejection(inPreload.classify([1]))).code).toBe('task.modelFileMissing');
    } finally {
      setPreloadHook(null);
    }
    expect(tracked).toEqual(['neuralNetwork']);
  });
});
