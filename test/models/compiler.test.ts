// Compiler passes over Sprout IR (src/models/compiler): each pass is a pure function on small
// hand-written graphs; outputs must be the same before and after, and node counts must drop.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import {
  IrExecutor, foldConstants, fuseOps, loadTFLiteModel, optimizeIr, removeDeadNodes, validateIr,
  type IrGraph, type IrModel, type IrNode, type ValueRef,
} from '../../src/models/index.ts';

const { sharedDir, SHARED_MISSING } = (await import('../data/shared-data.mjs' as string)) as { sharedDir(): string | null; SHARED_MISSING: string };

beforeAll(async () => {
  await sp.setBackend('cpu');
});

function rand(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = lo + (hi - lo) * (s / 2 ** 32);
  }
  return a;
}

/** Builds an IrModel: constants by name, nodes with inputs 'x' (input 0), a constant name or a node index. */
class B {
  consts: { name: string; shape: number[]; dtype: 'float32' | 'int32'; v: Float32Array | Int32Array }[] = [];
  nodes: IrNode[] = [];
  constructor(readonly inputShape: number[]) {}
  c(name: string, shape: number[], v: ArrayLike<number>, dtype: 'float32' | 'int32' = 'float32'): ValueRef {
    this.consts.push({ name, shape, dtype, v: dtype === 'int32' ? Int32Array.from(v) : Float32Array.from(v) });
    return { kind: 'const', index: this.consts.length - 1 };
  }
  get x(): ValueRef {
    return { kind: 'input', index: 0 };
  }
  n(op: string, inputs: ValueRef[], attrs: IrNode['attrs'] = {}, name = `${op}${this.nodes.length}`): ValueRef {
    this.nodes.push({ op, inputs, attrs, numOutputs: 1, name });
    return { kind: 'node', node: this.nodes.length - 1, output: 0 };
  }
  model(outputs: ValueRef[]): IrModel {
    let size = 0;
    const constants = this.consts.map((c) => {
      const offset = (size + 15) & ~15;
      size = offset + c.v.byteLength;
      return { name: c.name, shape: c.shape, dtype: c.dtype, offset, byteLength: c.v.byteLength };
    });
    const weights = new Uint8Array(size);
    this.consts.forEach((c, k) => weights.set(new Uint8Array(c.v.buffer), constants[k].offset));
    const graph: IrGraph = {
      format: 'sprout-ir', version: 1, inputs: [{ name: 'x', shape: this.inputShape, dtype: 'float32' }],
      outputs: outputs.map((r, i) => ({ name: `out${i}`, ref: r })), constants, nodes: this.nodes,
    };
    return { graph, weights };
  }
}

function run(m: IrModel, x: Float32Array): Float32Array[] {
  validateIr(m.graph, m.weights.byteLength);
  const ex = new IrExecutor(m.graph, m.weights);
  const xt = sp.tensor(x, m.graph.inputs[0].shape);
  const outs = ex.run([xt]);
  const vals = outs.map((t) => t.dataSync() as Float32Array);
  sp.dispose([...outs, xt]);
  ex.dispose();
  return vals;
}

/** Runs a pass, checks purity, equal outputs (to `tol`) and returns the new model. */
function check(pass: (m: IrModel) => IrModel, m: IrModel, x: Float32Array, tol = 1e-6): IrModel {
  const before = JSON.stringify(m.graph);
  const bytes = m.weights.slice();
  const out = pass(m);
  expect(JSON.stringify(m.graph), 'the pass must not modify its input').toBe(before);
  expect(m.weights).toEqual(bytes);
  const a = run(m, x);
  const b = run(out, x);
  expect(b.length).toBe(a.length);
  a.forEach((v, k) => {
    expect(b[k].length).toBe(v.length);
    let err = 0;
    for (let i = 0; i < v.length; i++) err = Math.max(err, Math.abs(v[i] - b[k][i]));
    expect(err, `output ${k}`).toBeLessThanOrEqual(tol);
  });
  return out;
}

const convAttrs = { strides: [1, 1], pad: 'same', dilations: [1, 1] };

describe('foldConstants', () => {
  it('evaluates shape arithmetic and constant-only chains once; collapses reshape chains', () => {
    const g = new B([2, 6]);
    const a = g.n('add', [g.c('a', [3], [1, 2, 3]), g.c('b', [3], [10, 20, 30])]);
    const t = g.n('transpose', [g.n('reshape', [g.n('mul', [a, g.c('two', [], [2])])], { shape: [3, 1] })], { perm: [1, 0] });
    const r1 = g.n('reshape', [g.x], { shape: [3, 4] });
    const r2 = g.n('reshape', [r1], { shape: [12] });
    const r3 = g.n('reshape', [r2], { shape: [4, 3] });
    const y = g.n('add', [r3, t]);
    const m = g.model([y]);
    const out = check(foldConstants, m, rand(12, 1));
    const dead = removeDeadNodes(out);
    expect(dead.graph.nodes.map((n) => n.op)).toEqual(['reshape', 'add']);
    expect(dead.graph.nodes[0].inputs[0]).toEqual({ kind: 'input', index: 0 });
    expect(run(dead, rand(12, 1))[0]).toEqual(run(m, rand(12, 1))[0]);
  });

  it('int32 shape values fold exactly', () => {
    const g = new B([2, 3]);
    const s = g.n('mul', [g.c('shape', [2], [3, 2], 'int32'), g.c('one', [], [1], 'int32')]);
    const y = g.n('add', [g.n('relu', [g.x]), g.n('cast', [g.n('sum', [s], { axis: 0 })], { dtype: 'float32' })]);
    const out = removeDeadNodes(check(foldConstants, g.model([y]), rand(6, 2)));
    expect(out.graph.nodes.map((n) => n.op)).toEqual(['relu', 'add']);
  });
});

describe('fuseOps', () => {
  for (const act of ['relu', 'relu6', 'elu', 'sigmoid', 'leakyRelu', 'prelu'] as const) {
    it(`conv2d → bias add → ${act} becomes one fused.conv2d`, () => {
      const g = new B([1, 5, 5, 3]);
      const c = g.n('conv2d', [g.x, g.c('w', [3, 3, 3, 4], rand(108, 3))], convAttrs);
      const b = g.n('add', [c, g.c('bias', [4], rand(4, 4))]);
      const y = act === 'prelu' ? g.n('prelu', [b, g.c('alpha', [4], rand(4, 5, 0.1, 0.3))]) : g.n(act, [b], act === 'leakyRelu' ? { alpha: 0.3 } : {});
      const m = g.model([y]);
      const out = removeDeadNodes(check(fuseOps, m, rand(75, 6, -3, 3), 1e-5));
      expect(out.graph.nodes.length).toBe(1);
      expect(out.graph.nodes[0].op).toBe('fused.conv2d');
      expect(out.graph.nodes[0].attrs.activation).toBe(act === 'leakyRelu' ? 'leakyrelu' : act);
    });
  }

  it('depthwiseConv2d → per-channel mul → add [1,1,1,C] → relu6 becomes one node (scale folded into weights)', () => {
    const g = new B([1, 6, 6, 4]);
    const d = g.n('depthwiseConv2d', [g.x, g.c('w', [3, 3, 4, 2], rand(72, 7))], convAttrs);
    const mm = g.n('mul', [g.c('scale', [8], rand(8, 8, 0.5, 2)), d]);
    const a = g.n('add', [mm, g.c('offset', [1, 1, 1, 8], rand(8, 9))]);
    const y = g.n('relu6', [a]);
    const out = removeDeadNodes(check(fuseOps, g.model([y]), rand(144, 10, -3, 3), 1e-5));
    expect(out.graph.nodes.map((n) => n.op)).toEqual(['fused.depthwiseConv2d']);
  });

  it('matMul (transposeB) → add → sigmoid; a second bias add adds into the first', () => {
    const g = new B([3, 5]);
    const mmul = g.n('matMul', [g.x, g.c('w', [4, 5], rand(20, 11))], { transposeA: false, transposeB: true });
    const a1 = g.n('add', [mmul, g.c('b1', [4], rand(4, 12))]);
    const a2 = g.n('add', [a1, g.c('b2', [4], rand(4, 13))]);
    const y = g.n('sigmoid', [a2]);
    const out = removeDeadNodes(check(fuseOps, g.model([y]), rand(15, 14), 1e-6));
    expect(out.graph.nodes.map((n) => n.op)).toEqual(['fused.matMul']);
  });

  it('does not fuse when the intermediate has another consumer or is an output, or the add is not per-channel', () => {
    const g = new B([1, 4, 4, 2]);
    const c = g.n('conv2d', [g.x, g.c('w', [1, 1, 2, 3], rand(6, 15))], convAttrs);
    const r = g.n('relu', [c]);
    const other = g.n('neg', [c]);
    const c2 = g.n('conv2d', [g.x, g.c('w2', [1, 1, 2, 3], rand(6, 16))], convAttrs);
    const a2 = g.n('add', [c2, g.c('full', [1, 4, 4, 3], rand(48, 17))]);
    const c3 = g.n('conv2d', [g.x, g.c('w3', [1, 1, 2, 3], rand(6, 18))], convAttrs);
    const r3 = g.n('relu', [c3]);
    const m = g.model([r, other, a2, r3, c3]);
    const out = check(fuseOps, m, rand(32, 19));
    expect(out.graph.nodes.map((n) => n.op)).toEqual(m.graph.nodes.map((n) => n.op));
  });

  it('an add of the conv with a non-constant is left alone; fused nodes keep the last absorbed name', () => {
    const g = new B([1, 3, 3, 2]);
    const c = g.n('conv2d', [g.x, g.c('w', [1, 1, 2, 2], rand(4, 20))], convAttrs, 'conv');
    const s = g.n('add', [c, g.x], {}, 'skip');
    const c2 = g.n('conv2d', [s, g.c('w2', [1, 1, 2, 2], rand(4, 21))], convAttrs, 'conv2');
    const y = g.n('relu', [c2], {}, 'relu');
    const out = removeDeadNodes(check(fuseOps, g.model([y]), rand(18, 22)));
    expect(out.graph.nodes.map((n) => `${n.op}:${n.name}`)).toEqual(['conv2d:conv', 'add:skip', 'fused.conv2d:relu']);
  });
});

describe('removeDeadNodes', () => {
  it('drops nodes and constants not reaching an output, compacting the blob', () => {
    const g = new B([4]);
    const used = g.n('add', [g.x, g.c('one', [4], [1, 1, 1, 1])]);
    g.n('mul', [g.x, g.c('big', [1000], rand(1000, 23))]);
    g.n('relu', [g.x]);
    const m = g.model([used]);
    const out = check(removeDeadNodes, m, rand(4, 24));
    expect(out.graph.nodes.length).toBe(1);
    expect(out.graph.constants.map((c) => c.name)).toEqual(['one']);
    expect(out.weights.byteLength).toBeLessThan(100);
  });
});

describe('optimizeIr', () => {
  it('all passes together on a small conv net', () => {
    const g = new B([1, 8, 8, 3]);
    const scaleShape = g.n('reshape', [g.c('s', [4], rand(4, 25, 0.5, 1.5))], { shape: [1, 1, 1, 4] });
    const c = g.n('conv2d', [g.x, g.c('w', [3, 3, 3, 4], rand(108, 26))], { strides: [2, 2], pad: 'valid', dilations: [1, 1] });
    const y1 = g.n('relu', [g.n('add', [g.n('mul', [c, scaleShape]), g.c('o', [4], rand(4, 27))])]);
    const d = g.n('depthwiseConv2d', [y1, g.c('dw', [3, 3, 4, 1], rand(36, 28))], convAttrs);
    const y = g.n('mean', [g.n('relu6', [g.n('add', [d, g.c('o2', [4], rand(4, 29))])])], { axis: [1, 2], keepDims: false });
    g.n('exp', [g.x]); // dead
    const m = g.model([y]);
    const out = check(optimizeIr, m, rand(192, 30), 1e-5);
    expect(out.graph.nodes.map((n) => n.op)).toEqual(['fused.conv2d', 'fused.depthwiseConv2d', 'mean']);
  });

  const shared = sharedDir();
  const tflite = shared && path.join(shared, 'zoo-sources/tflite/mobilenet_v1_0.25_128_quant.tflite');
  if (!(tflite && fs.existsSync(tflite))) console.log(`compiler: the TFLite optimize test is ${tflite ? `skipped: ${tflite} is missing` : SHARED_MISSING}`);
  it.skipIf(!(tflite && fs.existsSync(tflite)))('TFLite loader: { optimize: false } and the default give the same outputs', async () => {
    const a = await loadTFLiteModel(tflite!);
    const b = await loadTFLiteModel(tflite!, { optimize: false });
    expect(a.graph.nodes.length).toBeLessThanOrEqual(b.graph.nodes.length);
    const x = sp.tensor(rand(128 * 128 * 3, 31), [1, 128, 128, 3]);
    const ya = a.predict(x) as sp.Tensor;
    const yb = b.predict(x) as sp.Tensor;
    const va = ya.dataSync(), vb = yb.dataSync();
    let err = 0;
    for (let i = 0; i < va.length; i++) err = Math.max(err, Math.abs(va[i] - vb[i]));
    expect(err).toBeLessThan(1e-5);
    console.log(`TFLite V1 0.25/128: ${b.graph.nodes.length} IR nodes unoptimized, ${a.graph.nodes.length} optimized`);
    sp.dispose([x, ya, yb]);
    a.dispose();
    b.dispose();
  });
});
