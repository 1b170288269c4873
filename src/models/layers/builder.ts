/**
 * Builds an `IrGraph` and its weights blob node by node, for the layers → IR translation: graph
 * inputs, constants (a layer's weights read once from its Variables, and small scalars), and
 * nodes with the ops of the executor's dispatch table.
 */
import type { Tensor } from '../../tensor/index.js';
import type { IrModel } from '../compiler/passes.js';
import type { IrAttr, IrConstant, IrGraph, IrNode, ValueRef } from '../ir/graph.js';

export class IrBuilder {
  readonly nodes: IrNode[] = [];
  private readonly constants: IrConstant[] = [];
  private readonly inputs: IrGraph['inputs'] = [];
  private readonly parts: { offset: number; bytes: Uint8Array }[] = [];
  private size = 0;
  /** One constant per weight tensor (a shared layer reads its weights once). */
  private readonly byTensor = new Map<Tensor, ValueRef>();
  private readonly scalars = new Map<number, ValueRef>();

  /** A graph input; `shape` has -1 for the batch. */
  input(name: string, shape: number[]): ValueRef {
    this.inputs.push({ name, shape, dtype: 'float32' });
    return { kind: 'input', index: this.inputs.length - 1 };
  }

  /** A float32 constant (its bytes go into the blob, 16-byte aligned). */
  constant(name: string, values: Float32Array, shape: number[]): ValueRef {
    const bytes = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    const offset = (this.size + 15) & ~15;
    this.parts.push({ offset, bytes });
    this.size = offset + bytes.byteLength;
    this.constants.push({ name, shape: shape.slice(), dtype: 'float32', offset, byteLength: bytes.byteLength });
    return { kind: 'const', index: this.constants.length - 1 };
  }

  /** A weight's current values as a constant (read once per tensor). */
  weight(t: Tensor, name: string): ValueRef {
    let ref = this.byTensor.get(t);
    if (!ref) {
      const v = t.dataSync();
      ref = this.constant(name, v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>), t.shape);
      this.byTensor.set(t, ref);
    }
    return ref;
  }

  /** A float32 scalar constant. */
  scalar(x: number): ValueRef {
    let ref = this.scalars.get(x);
    if (!ref) {
      ref = this.constant(`scalar_${x}`, Float32Array.of(x), []);
      this.scalars.set(x, ref);
    }
    return ref;
  }

  /** A node with one output. */
  op(op: string, inputs: ValueRef[], attrs: Record<string, IrAttr>, name: string): ValueRef {
    this.nodes.push({ op, inputs, attrs, numOutputs: 1, name });
    return { kind: 'node', node: this.nodes.length - 1, output: 0 };
  }

  /** The graph with these outputs, and its blob. */
  finish(outputs: { name: string; ref: ValueRef }[]): IrModel {
    const weights = new Uint8Array(this.size);
    for (const p of this.parts) weights.set(p.bytes, p.offset);
    const graph: IrGraph = { format: 'sprout-ir', version: 1, inputs: this.inputs, outputs, constants: this.constants, nodes: this.nodes };
    return { graph, weights };
  }
}
