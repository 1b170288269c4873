import { raise } from '../errors/index.js';
import { ENGINE, Tensor, add, zerosLike, type KernelRecord } from '../tensor/index.js';
import { gradientRule } from './registry.js';

/** One recorded kernel call, with views that keep its tensors alive until backprop ends. */
interface TapeEntry {
  name: string;
  attrs: KernelRecord['attrs'];
  inputIds: number[];
  outputIds: number[];
  inputs: Tensor[];
  outputs: Tensor[];
}

/** Records kernel calls while `fn` runs. */
export function record<T>(fn: () => T): { result: T; tape: TapeEntry[] } {
  const tape: TapeEntry[] = [];
  const listener = (r: KernelRecord) => {
    tape.push({
      name: r.name,
      attrs: r.attrs,
      inputIds: r.inputs.map((t) => t.id),
      outputIds: r.outputs.map((t) => t.id),
      inputs: r.inputs.map((t) => ENGINE.retainView(t)),
      outputs: r.outputs.map((t) => ENGINE.retainView(t)),
    });
  };
  ENGINE.kernelListeners.push(listener);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    releaseTape(tape);
    throw err;
  } finally {
    ENGINE.kernelListeners.splice(ENGINE.kernelListeners.indexOf(listener), 1);
  }
  return { result, tape };
}

/** Frees the views a tape holds. */
export function releaseTape(tape: TapeEntry[]): void {
  for (const e of tape) {
    for (const t of e.inputs) t.dispose();
    for (const t of e.outputs) t.dispose();
  }
  tape.length = 0;
}

/**
 * Backpropagates `dy` from `y` through the tape to `xs`. Returns one gradient per x (undefined
 * when y does not depend on it). Only calls on a path from some x to y are differentiated.
 */
export function backprop(tape: TapeEntry[], y: Tensor, dy: Tensor, xs: Tensor[], op: string): (Tensor | undefined)[] {
  // Forward: which tensors depend on an x?
  const reach = new Set(xs.map((x) => x.id));
  const onPath = tape.map((e) => {
    const hit = e.inputIds.some((id) => reach.has(id));
    if (hit) for (const id of e.outputIds) reach.add(id);
    return hit;
  });
  const grads = new Map<number, Tensor>([[y.id, dy]]);
  for (let i = tape.length - 1; i >= 0; i--) {
    const e = tape[i];
    if (!onPath[i] || !e.outputIds.some((id) => grads.has(id))) continue;
    const rule = gradientRule(e.name);
    if (!rule) raise('grad.noRule', { op, kernel: e.name });
    const dys = e.outputIds.map((id, k) => grads.get(id) ?? zerosLike(e.outputs[k]));
    const inGrads = rule(dys, { inputs: e.inputs, outputs: e.outputs, attrs: e.attrs });
    e.inputIds.forEach((id, k) => {
      const g = inGrads[k];
      if (!g || !reach.has(id)) return;
      if (g.shape.join() !== e.inputs[k].shape.join()) {
        raise('internal', { detail: `gradient of ${e.name} input ${k + 1} has shape [${g.shape}], expected [${e.inputs[k].shape}]` });
      }
      const prev = grads.get(id);
      grads.set(id, prev ? add(prev, g) : g);
    });
  }
  return xs.map((x) => grads.get(x.id));
}
