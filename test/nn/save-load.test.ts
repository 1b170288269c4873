// Saving and loading in Node: file:// round trips (model.json + weights.bin in TF.js' layers
// format), custom handlers, and the errors of broken or missing files.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { layers, input, model, sequential, loadLayersModel, io, type LayersModel, type ModelArtifacts, SymbolicTensor } from '../../src/nn/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'sprout-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function classifier(): LayersModel {
  return sequential({
    layers: [
      layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, activation: 'relu', name: 'sl_conv' }),
      layers.batchNormalization({ name: 'sl_bn' }),
      layers.flatten({ name: 'sl_flat' }),
      layers.dense({ units: 4, activation: 'softmax', kernelRegularizer: 'l2', name: 'sl_out' }),
    ],
  });
}

function samePredictions(a: LayersModel, b: LayersModel, x: sp.Tensor): void {
  const ya = a.predict(x) as sp.Tensor;
  const yb = b.predict(x) as sp.Tensor;
  expect(yb.shape).toEqual(ya.shape);
  expect([...yb.dataSync()]).toEqual([...ya.dataSync()]);
  sp.dispose([ya, yb]);
}

describe('file://', () => {
  it('round-trips a trained model (folder with model.json and weights.bin)', async () => {
    const m = classifier();
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const x = sp.randomNormal([8, 6, 6, 2], 0, 1, 'float32', 3);
    await m.fit(x, sp.tensor([0, 1, 2, 3, 0, 1, 2, 3]), { epochs: 2 });
    const target = join(dir, 'classifier');
    const result = await m.save(`file://${target}`);
    expect(result.modelArtifactsInfo.modelTopologyType).toBe('JSON');
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(m.countParams() * 4);
    expect(readdirSync(target).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(readFileSync(join(target, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toMatch(/Sprout/);
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.modelTopology.config.layers[0].config.batch_input_shape).toEqual([null, 6, 6, 2]);
    expect(json.modelTopology.config.layers[3].config.kernel_regularizer).toEqual({ class_name: 'L1L2', config: { l1: 0, l2: 0.01 } });
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual(m.weights.map((w) => w.name));
    expect(readFileSync(join(target, 'weights.bin')).byteLength).toBe(m.countParams() * 4);

    for (const source of [`file://${target}`, `file://${join(target, 'model.json')}`]) {
      const loaded = await loadLayersModel(source);
      expect(loaded.getClassName()).toBe('Sequential');
      expect(loaded.layers.map((l) => l.name)).toEqual(m.layers.map((l) => l.name));
      samePredictions(m, loaded, x);
      // The loaded model trains (its config and regularizers came back).
      loaded.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
      await loaded.fit(x, sp.tensor([0, 1, 2, 3, 0, 1, 2, 3]), { epochs: 1 });
      loaded.dispose();
    }
    x.dispose();
    m.dispose();
  });

  it('round-trips a functional multi-branch model, also to a path ending in .json', async () => {
    const inp = input({ shape: [5], name: 'fn_in' });
    const a = layers.dense({ units: 3, activation: 'relu', name: 'fn_a' }).apply(inp) as SymbolicTensor;
    const b = layers.dense({ units: 3, activation: 'sigmoid', name: 'fn_b' }).apply(inp) as SymbolicTensor;
    const out = layers.dense({ units: 2, name: 'fn_out' }).apply(layers.concatenate({ name: 'fn_cat' }).apply([a, layers.add({ name: 'fn_add' }).apply([a, b]) as SymbolicTensor]) as SymbolicTensor) as SymbolicTensor;
    const m = model({ inputs: inp, outputs: [out, b], name: 'two_heads' });
    const path = join(dir, 'functional', 'my-model.json');
    await m.save(`file://${path}`);
    expect(readdirSync(join(dir, 'functional')).sort()).toEqual(['my-model.json', 'weights.bin']);
    const loaded = await loadLayersModel(`file://${path}`);
    expect(loaded.name).toBe('two_heads');
    expect(loaded.outputNames).toEqual(['fn_out', 'fn_b']);
    const x = sp.randomNormal([3, 5], 0, 1, 'float32', 1);
    const [y1, y2] = m.predict(x) as sp.Tensor[];
    const [z1, z2] = loaded.predict(x) as sp.Tensor[];
    expect([...z1.dataSync()]).toEqual([...y1.dataSync()]);
    expect([...z2.dataSync()]).toEqual([...y2.dataSync()]);
    sp.dispose([x, y1, y2, z1, z2]);
    loaded.dispose();
    m.dispose();
  });

  it('a missing path is a friendly error', async () => {
    await expect(loadLayersModel(`file://${join(dir, 'nothing-here')}`)).rejects.toThrow(/No model found at file:\/\//);
  });
});

describe('custom handlers and artifacts', () => {
  it('save(handler) gives TF.js-shaped artifacts; load(handler) rebuilds', async () => {
    const m = classifier();
    let saved: ModelArtifacts | undefined;
    const result = await m.save({ save: async (a) => { saved = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; } });
    expect(result.modelArtifactsInfo.modelTopologyType).toBe('JSON');
    expect(Object.keys(saved!).sort()).toEqual(['convertedBy', 'format', 'generatedBy', 'modelTopology', 'weightData', 'weightSpecs']);
    expect(saved!.weightSpecs![0]).toEqual({ name: 'sl_conv/kernel', shape: [3, 3, 2, 3], dtype: 'float32' });
    expect(saved!.weightData).toBeInstanceOf(ArrayBuffer);
    const loaded = await loadLayersModel({ load: async () => saved! });
    const x = sp.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 2);
    samePredictions(m, loaded, x);
    // Weight data given as shards (TF.js 4.x may give a list of buffers) loads the same.
    const buf = saved!.weightData as ArrayBuffer;
    const sharded = { ...saved!, weightData: [buf.slice(0, 100), buf.slice(100)] };
    const loaded2 = await loadLayersModel(io.fromMemory(sharded));
    samePredictions(m, loaded2, x);
    sp.dispose(x);
    loaded.dispose();
    loaded2.dispose();
    m.dispose();
  });

  it('strict loading: missing or extra weights, unknown layers, unknown schemes', async () => {
    const m = classifier();
    let saved: ModelArtifacts | undefined;
    await m.save(io.withSaveHandler((a) => { saved = a; }));
    const specs = saved!.weightSpecs!;
    const fewer = { ...saved!, weightSpecs: specs.filter((s) => s.name !== 'sl_out/bias') };
    await expect(loadLayersModel(io.fromMemory(fewer))).rejects.toThrow(/no values for weight\(s\) sl_out\/bias/);
    const lenient = await loadLayersModel(io.fromMemory(fewer), { strict: false });
    expect(lenient.layers.length).toBe(4);
    lenient.dispose();
    const topo = JSON.parse(JSON.stringify(saved!.modelTopology));
    topo.config.layers[2].class_name = 'Flattenizer';
    await expect(loadLayersModel(io.fromMemory({ ...saved!, modelTopology: topo }))).rejects.toThrow(/'Flattenizer' is not supported/);
    await expect(m.save('ftp://somewhere')).rejects.toThrow(/does not know where/);
    await expect(loadLayersModel(42 as unknown as string)).rejects.toThrow(/give a URL/);
    const before = sp.memory().numTensors;
    await expect(loadLayersModel(io.fromMemory({ ...saved!, weightData: new ArrayBuffer(8) }))).rejects.toThrow(/weight data ends/);
    expect(sp.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('loads a Keras (Python) style model.json: model_config, snake_case names, inbound nodes', async () => {
    const kerasJSON = {
      modelTopology: {
        keras_version: '2.15.0', backend: 'tensorflow',
        model_config: {
          class_name: 'Functional',
          config: {
            name: 'keras_model',
            layers: [
              { class_name: 'InputLayer', name: 'input_1', config: { batch_input_shape: [null, 3], dtype: 'float32', sparse: false, name: 'input_1' }, inbound_nodes: [] },
              { class_name: 'Dense', name: 'dense', config: { name: 'dense', trainable: true, dtype: 'float32', units: 2, activation: 'hard_sigmoid', use_bias: true, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} }, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null }, inbound_nodes: [[['input_1', 0, 0, {}]]] },
            ],
            input_layers: [['input_1', 0, 0]],
            output_layers: [['dense', 0, 0]],
          },
        },
      },
      weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'dense/kernel', shape: [3, 2], dtype: 'float32' }, { name: 'dense/bias', shape: [2], dtype: 'float32' }] }],
    };
    const folder = join(dir, 'keras');
    rmSync(folder, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(folder, { recursive: true }));
    writeFileSync(join(folder, 'model.json'), JSON.stringify(kerasJSON));
    writeFileSync(join(folder, 'weights.bin'), new Uint8Array(new Float32Array([1, 0, 0, 1, 1, 1, 0, -1]).buffer));
    const m = await loadLayersModel(`file://${join(folder, 'model.json')}`);
    expect(m.getLayer('dense').getConfig().activation).toBe('hardSigmoid');
    const y = m.predict(sp.tensor([[1, 2, 3]])) as sp.Tensor;
    // hardSigmoid(0.2·z + 0.5): z = [1+3, 2+3-1] = [4, 4] → clipped to 1.
    expect([...y.dataSync()]).toEqual([1, 1]);
    y.dispose();
    m.dispose();
  });
});
