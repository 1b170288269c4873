/**
 * Names read from a model file ('constructor', 'toString', '__proto__', …) must never pick a
 * function off Object.prototype: op tables are looked up by own names only, so such a file fails
 * with a SproutError naming the bad field instead of calling a built-in with model data.
 */
import { describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';
import { DynamicExecutor, IrExecutor, deserializeIr, optimizeIr, serializeIr } from '../../src/models/index.ts';

const PROTOTYPE_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];

/** A serialized dense+relu model whose first node is renamed to `op` and fed only constants. */
function tamperedIr(op: string) {
  const model = sp.sequential({ layers: [sp.layers.dense({ units: 2, inputShape: [3], activation: 'relu' })] });
  const ir = sp.layersModelToIr(model);
  if (!ir) throw new Error('the dense model did not translate to IR');
  const { json, weights } = serializeIr(ir.graph, ir.weights);
  const g = JSON.parse(json as string);
  expect(g.constants.length).toBeGreaterThan(0);
  g.nodes[0].op = op;
  g.nodes[0].inputs = [{ kind: 'const', index: 0 }, { kind: 'const', index: 0 }];
  model.dispose();
  return deserializeIr(g, weights);
}

function errorOf(fn: () => unknown): sp.SproutError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(sp.SproutError);
    return e as sp.SproutError;
  }
  throw new Error('expected a SproutError');
}

describe('names from a model file never reach Object.prototype', () => {
  it.each(PROTOTYPE_NAMES)('IR op %s: not constant-folded, and both executors reject it', (op) => {
    const m = tamperedIr(op);
    const optimized = optimizeIr(m); // folding must not call a prototype function
    expect(optimized.graph.nodes.some((n) => n.op === op)).toBe(true);
    for (const make of [() => new IrExecutor(m.graph, m.weights), () => new DynamicExecutor(m.graph, m.weights)]) {
      const err = errorOf(make);
      expect(err.code).toBe('ir.badGraph');
      expect(err.message).toContain(`'${op}'`);
    }
  });

  it.each(PROTOTYPE_NAMES)('graph model dtype %s: an unknown-dtype error', async (dtype) => {
    const json = {
      format: 'graph-model',
      modelTopology: {
        node: [
          { name: 'x', op: 'Placeholder', attr: { dtype: { type: dtype }, shape: { shape: { dim: [{ size: '2' }] } } } },
          { name: 'y', op: 'Relu', input: ['x'], attr: {} },
        ],
      },
      weightsManifest: [],
    };
    const err = await sp.loadGraphModel({ json, weights: new ArrayBuffer(0) } as never).then(
      () => { throw new Error('expected the load to fail'); },
      (e: unknown) => e as sp.SproutError,
    );
    expect(err).toBeInstanceOf(sp.SproutError);
    expect(err.message).toContain(`unknown dtype '${dtype}'`);
  });
});
