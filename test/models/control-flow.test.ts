// Small hand-built TF.js graph models exercising what COCO-SSD-like models need, each checked
// against TF.js 4.22 running the same graph (executeAsync): a TF1 while loop with a TensorArray,
// a conditional (Switch/Merge), TensorList ops, dynamic shapes (Shape, Size, Range, Fill,
// StridedSlice on shapes, Where) and non-max suppression V3/V4/V5. And bad input: unsupported ops
// and control-flow constructs are listed all at once, a loop that never ends stops at a bound.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { loadGraphModel } from '../../src/models/index.ts';
import { deserializeIr, serializeIr } from '../../src/models/ir/serialize.ts';
import { GraphModel } from '../../src/models/index.ts';
import { SproutError } from '../../src/errors/index.ts';

beforeAll(async () => {
  await sp.setBackend('cpu');
  await tf.setBackend('cpu');
  await tf.ready();
});

const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const T = (t: string) => ({ type: t });
const I = (v: number) => ({ i: String(v) });
const B = (v: boolean) => ({ b: v });
const S = (v: string) => ({ s: b64(v) });
const SHAPE = (d: number[]) => ({ shape: { dim: d.map((x) => ({ size: String(x) })) } });

type DT = 'float32' | 'int32' | 'bool';
const TF_DT: Record<DT, string> = { float32: 'DT_FLOAT', int32: 'DT_INT32', bool: 'DT_BOOL' };

/** A tiny GraphDef writer: nodes plus constant weights. */
class G {
  nodes: Record<string, unknown>[] = [];
  specs: { name: string; shape: number[]; dtype: DT }[] = [];
  data: number[][] = [];
  input(name: string, shape: number[], dtype: DT = 'float32') {
    this.nodes.push({ name, op: 'Placeholder', attr: { dtype: T(TF_DT[dtype]), shape: SHAPE(shape) } });
    return name;
  }
  const(name: string, shape: number[], values: number[], dtype: DT = 'float32') {
    this.nodes.push({ name, op: 'Const', attr: { dtype: T(TF_DT[dtype]), value: { tensor: {} } } });
    this.specs.push({ name, shape, dtype });
    this.data.push(values);
    return name;
  }
  op(name: string, op: string, input: string[], attr: Record<string, unknown> = {}) {
    this.nodes.push({ name, op, input, attr });
    return name;
  }
  artifacts() {
    const parts = this.specs.map((s, k) => (s.dtype === 'float32' ? new Float32Array(this.data[k]) : s.dtype === 'int32' ? new Int32Array(this.data[k]) : new Uint8Array(this.data[k])));
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) { bytes.set(new Uint8Array(p.buffer), at); at += p.byteLength; }
    return { modelTopology: { node: this.nodes, versions: { producer: 1 } }, weightSpecs: this.specs, weightData: bytes.buffer, format: 'graph-model' };
  }
}

type Feed = Record<string, { values: number[]; shape: number[]; dtype: DT }>;

/** Runs the graph on both engines; checks every output (values exactly for ints, 1e-5 relative for floats). */
async function compare(g: G, feed: Feed) {
  const art = g.artifacts();
  const tfModel = await tf.loadGraphModel(tf.io.fromMemory({ ...art, weightData: art.weightData.slice(0) } as tf.io.ModelArtifacts));
  const model = await loadGraphModel(art as never);
  const tIn: Record<string, tf.Tensor> = {};
  const sIn: Record<string, sp.Tensor> = {};
  for (const [k, v] of Object.entries(feed)) { tIn[k] = tf.tensor(v.values, v.shape, v.dtype); sIn[k] = sp.tensor(v.values, v.shape, v.dtype); }
  const want = ([] as tf.Tensor[]).concat(await tfModel.executeAsync(tIn));
  const before = sp.memory().numTensors;
  const got = ([] as sp.Tensor[]).concat(await model.executeAsync(sIn));
  expect(model.outputNodes).toEqual(tfModel.outputNodes.map((n) => n.replace(/:0$/, '')));
  const results = got.map((t, k) => {
    expect(t.shape, `output ${k} (${model.outputNodes[k]}) shape`).toEqual(want[k].shape);
    const a = Array.from(t.dataSync() as ArrayLike<number>);
    const w = Array.from(want[k].dataSync() as ArrayLike<number>);
    a.forEach((v, i) => expect(Math.abs(v - w[i]), `output ${k} (${model.outputNodes[k]})[${i}]: ${v} vs TF.js ${w[i]}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(w[i]))));
    return a;
  });
  sp.dispose(got);
  expect(sp.memory().numTensors, 'tensors left behind by a run').toBe(before);
  sp.dispose(Object.values(sIn));
  tf.dispose([...want, ...Object.values(tIn)]);
  tfModel.dispose();
  return { model, results };
}

/** A TF1 while loop: i = 0; acc = x; while i < n: ta[i] = acc·2 + 1; acc = acc·2 + 1; i += 1. */
function whileGraph(opts: { stuck?: boolean } = {}): G {
  const g = new G();
  const F = S('while/while_context');
  const enter = (name: string, x: string, constant: boolean, t = 'DT_FLOAT') => g.op(name, 'Enter', [x], { T: T(t), frame_name: F, is_constant: B(constant), parallel_iterations: I(10) });
  g.input('x', [3]);
  g.input('n', [], 'int32');
  g.const('zero', [], [0], 'int32');
  g.const('one', [], [1], 'int32');
  g.const('while/two', [], [2]);
  g.const('while/onef', [], [1]);
  g.op('ta', 'TensorArrayV3', ['n'], { dtype: T('DT_FLOAT'), element_shape: { shape: { unknownRank: true } }, dynamic_size: B(false), clear_after_read: B(true), identical_element_shapes: B(false), tensor_array_name: S('') });
  enter('while/Enter', 'zero', false, 'DT_INT32');
  enter('while/Enter_1', 'x', false);
  enter('while/Enter_2', 'ta:1', false);
  enter('while/Less/Enter', 'n', true, 'DT_INT32');
  enter('while/ta/Enter', 'ta', true, 'DT_RESOURCE');
  g.op('while/Merge', 'Merge', ['while/Enter', 'while/NextIteration'], { T: T('DT_INT32'), N: I(2) });
  g.op('while/Merge_1', 'Merge', ['while/Enter_1', 'while/NextIteration_1'], { T: T('DT_FLOAT'), N: I(2) });
  g.op('while/Merge_2', 'Merge', ['while/Enter_2', 'while/NextIteration_2'], { T: T('DT_FLOAT'), N: I(2) });
  g.op('while/Less', 'Less', ['while/Merge', 'while/Less/Enter'], { T: T('DT_INT32') });
  g.op('while/LoopCond', 'LoopCond', ['while/Less']);
  g.op('while/Switch', 'Switch', ['while/Merge', 'while/LoopCond'], { T: T('DT_INT32') });
  g.op('while/Switch_1', 'Switch', ['while/Merge_1', 'while/LoopCond'], { T: T('DT_FLOAT') });
  g.op('while/Switch_2', 'Switch', ['while/Merge_2', 'while/LoopCond'], { T: T('DT_FLOAT') });
  g.op('while/Identity', 'Identity', ['while/Switch:1'], { T: T('DT_INT32') });
  g.op('while/Identity_1', 'Identity', ['while/Switch_1:1'], { T: T('DT_FLOAT') });
  g.op('while/Identity_2', 'Identity', ['while/Switch_2:1'], { T: T('DT_FLOAT') });
  g.op('while/mul', 'Mul', ['while/Identity_1', 'while/two', '^while/Identity'], { T: T('DT_FLOAT') });
  g.op('while/add_1', 'AddV2', ['while/mul', 'while/onef'], { T: T('DT_FLOAT') });
  g.op('while/write', 'TensorArrayWriteV3', ['while/ta/Enter', 'while/Identity', 'while/add_1', 'while/Identity_2'], { T: T('DT_FLOAT') });
  g.op('while/add/y', 'Enter', ['one'], { T: T('DT_INT32'), frame_name: F, is_constant: B(true), parallel_iterations: I(10) });
  g.op('while/add', 'AddV2', [opts.stuck ? 'while/Identity' : 'while/Identity', opts.stuck ? 'zero' : 'while/add/y'], { T: T('DT_INT32') });
  g.op('while/NextIteration', 'NextIteration', ['while/add'], { T: T('DT_INT32') });
  g.op('while/NextIteration_1', 'NextIteration', ['while/add_1'], { T: T('DT_FLOAT') });
  g.op('while/NextIteration_2', 'NextIteration', ['while/write'], { T: T('DT_FLOAT') });
  g.op('while/Exit_1', 'Exit', ['while/Switch_1'], { T: T('DT_FLOAT') });
  g.op('while/Exit_2', 'Exit', ['while/Switch_2'], { T: T('DT_FLOAT') });
  g.op('size', 'TensorArraySizeV3', ['ta', 'while/Exit_2']);
  g.op('range', 'Range', ['zero', 'size', 'one'], { Tidx: T('DT_INT32') });
  g.op('gathered', 'TensorArrayGatherV3', ['ta', 'range', 'while/Exit_2'], { dtype: T('DT_FLOAT'), element_shape: SHAPE([3]) });
  g.op('acc', 'Identity', ['while/Exit_1'], { T: T('DT_FLOAT') });
  return g;
}

describe('TF1 control flow vs TF.js', () => {
  it('a while loop with a TensorArray: same results for 1, 2 and 5 iterations; serialized IR runs the same', async () => {
    for (const n of [1, 2, 5]) {
      const { model, results } = await compare(whileGraph(), { x: { values: [0, 1, -1], shape: [3], dtype: 'float32' }, n: { values: [n], shape: [], dtype: 'int32' } });
      expect(model.hasControlFlow).toBe(true);
      // acc after n steps of acc·2 + 1, from x = [0, 1, -1]
      const want = [0, 1, -1].map((v) => { for (let k = 0; k < n; k++) v = v * 2 + 1; return v; });
      expect(results[model.outputNodes.indexOf('acc')]).toEqual(want);
      if (n === 5) {
        // The loop holds only what changes per iteration: the invariant Enters are gone.
        expect(model.graph.nodes.filter((x) => x.op === 'cf.enter').length).toBe(3);
        const s = serializeIr(model.graph, model.weights);
        const back = deserializeIr(s.json, s.weights);
        const copy = new GraphModel(back.graph, back.weights, 'copy');
        const x = sp.tensor([0, 1, -1]);
        const out = copy.execute({ x, n: sp.scalar(5, 'int32') }, 'acc') as sp.Tensor;
        expect(Array.from(out.dataSync())).toEqual(want);
        // No iteration at all (TF.js cannot gather an empty TensorArray, so Sprout alone): acc = x.
        const [none, empty] = copy.execute({ x, n: sp.scalar(0, 'int32') }, ['acc', 'gathered']) as sp.Tensor[];
        expect(Array.from(none.dataSync())).toEqual([0, 1, -1]);
        expect(empty.shape).toEqual([0, 3]);
        sp.dispose([out, none, empty, x]);
        copy.dispose();
      }
      model.dispose();
    }
  });

  it('a conditional (Switch / Merge) takes either branch as TF.js does', async () => {
    for (const pred of [0, 1]) {
      const g = new G();
      g.input('x', [2]);
      g.input('pred', [], 'bool');
      g.const('three', [], [3]);
      g.op('cond/Switch', 'Switch', ['x', 'pred'], { T: T('DT_FLOAT') });
      g.op('cond/neg', 'Neg', ['cond/Switch'], { T: T('DT_FLOAT') });
      g.op('cond/mul', 'Mul', ['cond/Switch:1', 'three'], { T: T('DT_FLOAT') });
      g.op('cond/Merge', 'Merge', ['cond/neg', 'cond/mul'], { T: T('DT_FLOAT'), N: I(2) });
      g.op('out', 'Identity', ['cond/Merge'], { T: T('DT_FLOAT') });
      const { model, results } = await compare(g, { x: { values: [2, -5], shape: [2], dtype: 'float32' }, pred: { values: [pred], shape: [], dtype: 'bool' } });
      expect(results[0]).toEqual(pred ? [6, -15] : [-2, 5]);
      model.dispose();
    }
  });

  it('TensorList ops: from a tensor, get, set, stack, length', async () => {
    const g = new G();
    g.input('t', [3, 2]);
    g.const('es', [1], [2], 'int32');
    g.const('i1', [], [1], 'int32');
    g.const('i0', [], [0], 'int32');
    g.const('ten', [], [10]);
    const el = { element_dtype: T('DT_FLOAT') };
    g.op('list', 'TensorListFromTensor', ['t', 'es'], { ...el, shape_type: T('DT_INT32') });
    g.op('item', 'TensorListGetItem', ['list', 'i1', 'es'], el);
    g.op('scaled', 'Mul', ['item', 'ten'], { T: T('DT_FLOAT') });
    g.op('list2', 'TensorListSetItem', ['list', 'i0', 'scaled'], el);
    g.op('stacked', 'TensorListStack', ['list2', 'es'], { ...el, num_elements: I(3) });
    g.op('len', 'TensorListLength', ['list2']);
    const { model, results } = await compare(g, { t: { values: [1, 2, 3, 4, 5, 6], shape: [3, 2], dtype: 'float32' } });
    expect(results[model.outputNodes.indexOf('stacked')]).toEqual([30, 40, 3, 4, 5, 6]);
    model.dispose();
  });
});

describe('dynamic shapes and non-max suppression vs TF.js', () => {
  it('Shape, StridedSlice on a shape, Pack, Fill, Size, Range, Reshape to a computed shape, Where', async () => {
    const g = new G();
    g.input('x', [-1, 4]);
    g.const('b0', [1], [0], 'int32');
    g.const('b1', [1], [1], 'int32');
    g.const('two', [], [2], 'int32');
    g.const('zero', [], [0], 'int32');
    g.const('one', [], [1], 'int32');
    g.const('half', [], [0.5]);
    g.const('minus1', [], [-1], 'int32');
    g.const('fz', [], [0]);
    g.op('shape', 'Shape', ['x'], { T: T('DT_FLOAT'), out_type: T('DT_INT32') });
    g.op('batch', 'StridedSlice', ['shape', 'b0', 'b1', 'b1'], { T: T('DT_INT32'), Index: T('DT_INT32'), shrink_axis_mask: I(1), begin_mask: I(0), end_mask: I(0), ellipsis_mask: I(0), new_axis_mask: I(0) });
    g.op('dims', 'Pack', ['batch', 'two'], { T: T('DT_INT32'), N: I(2), axis: I(0) });
    g.op('filled', 'Fill', ['dims', 'half'], { T: T('DT_FLOAT'), index_type: T('DT_INT32') });
    g.op('size', 'Size', ['x'], { T: T('DT_FLOAT'), out_type: T('DT_INT32') });
    g.op('range', 'Range', ['zero', 'size', 'one'], { Tidx: T('DT_INT32') });
    g.op('newshape', 'Pack', ['minus1', 'two'], { T: T('DT_INT32'), N: I(2), axis: I(0) });
    g.op('reshaped', 'Reshape', ['x', 'newshape'], { T: T('DT_FLOAT'), Tshape: T('DT_INT32') });
    g.op('pos', 'Greater', ['x', 'fz'], { T: T('DT_FLOAT') });
    g.op('where', 'Where', ['pos'], { T: T('DT_BOOL') });
    const { model } = await compare(g, { x: { values: [1, -2, 3, -4, 0, 5, -6, 7, 8, 0, -1, 2], shape: [3, 4], dtype: 'float32' } });
    expect(model.hasControlFlow).toBe(false);
    // A node's second output by 'name:1' (the static plan): NMS V4's count of valid indices.
    const g2 = new G();
    g2.input('boxes', [-1, 4]);
    g2.input('scores', [-1]);
    g2.const('maxOut', [], [3], 'int32');
    g2.const('iou', [], [0.5]);
    g2.const('scoreT', [], [0]);
    g2.op('nms', 'NonMaxSuppressionV4', ['boxes', 'scores', 'maxOut', 'iou', 'scoreT'], { T: T('DT_FLOAT'), pad_to_max_output_size: B(true) });
    const m2 = await loadGraphModel(g2.artifacts() as never);
    const [idx, count] = m2.execute({ boxes: sp.tensor([0, 0, 1, 1, 0, 0, 1, 1], [2, 4]), scores: sp.tensor([0.9, 0.8]) }, ['nms', 'nms:1']) as sp.Tensor[];
    expect(Array.from(idx.dataSync())).toEqual([0, 0, 0]);
    expect(Array.from(count.dataSync())).toEqual([1]);
    sp.dispose([idx, count]);
    m2.dispose();
    model.dispose();
  });

  it('NonMaxSuppressionV3, V4 (padded) and V5 (soft-NMS scores)', async () => {
    const g = new G();
    g.input('boxes', [-1, 4]);
    g.input('scores', [-1]);
    g.const('maxOut', [], [4], 'int32');
    g.const('iou', [], [0.5]);
    g.const('scoreT', [], [0.1]);
    g.const('sigma', [], [0.5]);
    g.op('nms3', 'NonMaxSuppressionV3', ['boxes', 'scores', 'maxOut', 'iou', 'scoreT'], { T: T('DT_FLOAT') });
    g.op('nms4', 'NonMaxSuppressionV4', ['boxes', 'scores', 'maxOut', 'iou', 'scoreT'], { T: T('DT_FLOAT'), pad_to_max_output_size: B(true) });
    g.op('nms5', 'NonMaxSuppressionV5', ['boxes', 'scores', 'maxOut', 'iou', 'scoreT', 'sigma'], { T: T('DT_FLOAT'), pad_to_max_output_size: B(false) });
    g.op('n4', 'Identity', ['nms4:1'], { T: T('DT_INT32') });
    g.op('s5', 'Identity', ['nms5:1'], { T: T('DT_FLOAT') });
    g.op('i4', 'Identity', ['nms4'], { T: T('DT_INT32') });
    g.op('i5', 'Identity', ['nms5'], { T: T('DT_INT32') });
    const boxes = [0, 0, 1, 1, 0, 0.1, 1, 1.1, 0, -0.1, 1, 0.9, 0, 10, 1, 11, 0, 10.1, 1, 11.1, 0, 100, 1, 101];
    const { results } = await compare(g, { boxes: { values: boxes, shape: [6, 4], dtype: 'float32' }, scores: { values: [0.9, 0.75, 0.6, 0.95, 0.5, 0.3], shape: [6], dtype: 'float32' } });
    expect(results[0]).toEqual([3, 0, 5]);
  });
});

describe('bad input', () => {
  it('unsupported ops are all listed in one error', async () => {
    const g = new G();
    g.input('x', [2]);
    g.op('w', 'StatelessWhile', ['x']);
    g.op('y', 'FooBar', ['w']);
    g.op('z', 'Relu', ['y'], { T: T('DT_FLOAT') });
    const e = await loadGraphModel(g.artifacts() as never).then(() => null, (err) => err);
    expect(e).toBeInstanceOf(SproutError);
    expect(e.code).toBe('model.unsupportedOps');
    expect(e.message).toMatch(/2 op type\(s\).*StatelessWhile.*FooBar/);
  });

  it('unsupported control-flow constructs are all listed in one error', async () => {
    const g = new G();
    const F = S('loop');
    g.input('x', [2]);
    g.op('loop/Enter', 'Enter', ['x'], { T: T('DT_FLOAT'), frame_name: F, is_constant: B(false) });
    g.op('loop/Merge', 'Merge', ['loop/Enter', 'loop/NextIteration'], { T: T('DT_FLOAT'), N: I(2) });
    g.op('loop/neg', 'Neg', ['loop/Merge'], { T: T('DT_FLOAT') });
    g.op('loop/NextIteration', 'NextIteration', ['loop/neg'], { T: T('DT_FLOAT') });
    g.op('stray/Exit', 'Exit', ['x'], { T: T('DT_FLOAT') });
    g.op('out', 'AddV2', ['stray/Exit', 'x'], { T: T('DT_FLOAT') });
    const e = await loadGraphModel(g.artifacts() as never).then(() => null, (err) => err);
    expect(e).toBeInstanceOf(SproutError);
    expect(e.code).toBe('graph.unsupportedControlFlow');
    expect(e.message).toMatch(/2 control-flow construct/);
    expect(e.message).toMatch(/Exit 'stray\/Exit' is not inside a loop/);
    expect(e.message).toMatch(/loop 'loop' has no LoopCond/);
  });

  it('a serialized graph whose loop names a missing back edge fails when it is made, with the reason', async () => {
    const model = await loadGraphModel(whileGraph().artifacts() as never);
    const s = serializeIr(model.graph, model.weights);
    const g = JSON.parse(s.json);
    const merge = g.nodes.find((n: { attrs: { backEdge?: string } }) => n.attrs.backEdge);
    merge.attrs.backEdge = 'nowhere';
    const back = deserializeIr(JSON.stringify(g), s.weights);
    let err: unknown;
    try { new GraphModel(back.graph, back.weights, 'tampered'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SproutError);
    expect((err as SproutError).code).toBe('graph.unsupportedControlFlow');
    expect((err as Error).message).toMatch(/names its back edge 'nowhere', which is not a NextIteration node/);
    model.dispose();
  });

  it('a loop that never ends stops at the bound with an error (and frees what it made)', async () => {
    const model = await loadGraphModel(whileGraph({ stuck: true }).artifacts() as never);
    expect(model.maxLoopIterations).toBeGreaterThanOrEqual(10_000);
    model.maxLoopIterations = 200;
    const x = sp.tensor([1, 2, 3]);
    const n = sp.scalar(3, 'int32');
    const before = sp.memory().numTensors;
    const t0 = Date.now();
    let err: unknown;
    try { model.execute({ x, n }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SproutError);
    expect((err as SproutError).code).toBe('graph.loopLimit');
    expect((err as Error).message).toMatch(/did not finish within 200 iterations/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(sp.memory().numTensors).toBe(before);
    expect(() => { model.maxLoopIterations = 0; }).toThrow(SproutError);
    sp.dispose([x, n]);
    model.dispose();
  });
});
