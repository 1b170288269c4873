/**
 * Activation functions as IR ops, computed the way the layers compute them (same ops, same
 * order), so the compiled plan gives the layer-by-layer numbers.
 */
import type { ValueRef } from '../ir/graph.js';
import type { IrBuilder } from './builder.js';

/** Activations that are one IR op of the same name. */
const SINGLE = new Set(['relu', 'relu6', 'elu', 'selu', 'sigmoid', 'softplus', 'tanh']);

/**
 * Emits activation `act` ('relu', 'softmax', … as `activationName` gives them) on `x`; null when
 * it has no IR form (gelu needs erf, which the executor lacks).
 */
export function emitActivation(b: IrBuilder, x: ValueRef, act: string, name: string): ValueRef | null {
  const op = (o: string, ins: ValueRef[], attrs = {}) => b.op(o, ins, attrs, `${name}/${o}`);
  const s = (v: number) => b.scalar(v);
  if (act === 'linear') return x;
  if (SINGLE.has(act)) return op(act, [x]);
  switch (act) {
    case 'softmax': return op('softmax', [x], { dim: -1 });
    case 'logSoftmax': return op('logSoftmax', [x], { axis: -1 });
    case 'hardSigmoid': return op('clipByValue', [op('add', [op('mul', [x, s(0.2)]), s(0.5)])], { clipValueMin: 0, clipValueMax: 1 });
    case 'softsign': return op('div', [x, op('add', [op('abs', [x]), s(1)])]);
    case 'swish': return op('mul', [x, op('sigmoid', [x])]);
    case 'mish': return op('mul', [x, op('tanh', [op('softplus', [x])])]);
    case 'geluNew': {
      const cube = op('mul', [op('mul', [op('mul', [x, x]), x]), s(0.044715)]);
      const t = op('tanh', [op('mul', [op('add', [x, cube]), s(Math.sqrt(2 / Math.PI))])]);
      return op('mul', [op('mul', [x, s(0.5)]), op('add', [t, s(1)])]);
    }
    default: return null;
  }
}
