import type { DType } from '../core/dtype.js';
import { raise } from '../errors/index.js';
import { toTensor, type TensorLike } from './convert.js';
import { ENGINE } from './engine.js';
import { Tensor } from './tensor.js';

let nextVariableId = 0;

/**
 * A mutable tensor: the weights a model learns. Its values change with `assign()`; it is never
 * freed by `tidy()` or `scope()` (dispose it yourself when done).
 *
 * @example
 * const w = sprout.variable(sprout.zeros([2]));
 * w.assign(sprout.tensor([1, 2]));
 */
export class Variable extends Tensor {
  /** The variable's name (unique unless you give the same name twice). */
  readonly name: string;
  /** Whether optimizers and `variableGrads` update it. */
  trainable: boolean;
  /** Bumped by every `assign()`: compiled inference plans compare it to notice new weights. */
  version = 0;

  /** @internal Use `sprout.variable()`. */
  constructor(initial: Tensor, trainable: boolean, name: string) {
    super(-1, initial.shape, initial.dtype, initial.dataKey);
    (this as { id: number }).id = ENGINE.adoptAsVariable(this, initial);
    this.name = name;
    this.trainable = trainable;
    this.kept = true;
  }

  /**
   * Replaces the values (same shape and dtype).
   *
   * @example
   * const v = sprout.variable(sprout.zeros([2]));
   * v.assign(sprout.ones([2]));
   */
  assign(value: TensorLike): void {
    const t = toTensor(value, 'value', 'assign', this.dtype);
    if (t.dtype !== this.dtype) raise('op.dtypeMismatch', { op: 'assign', param: 'value', expected: this.dtype, got: t.dtype });
    if (t.shape.join() !== this.shape.join()) {
      raise('op.badArgument', { op: 'assign', param: 'value', expected: `must have the variable's shape [${this.shape}]`, got: `shape [${t.shape}]` });
    }
    ENGINE.assignData(this, t);
    this.version++;
  }
}

/**
 * Makes a variable from initial values.
 *
 * @example
 * const w = sprout.variable(sprout.randomNormal([3, 2], 0, 1, 'float32', 1), true, 'dense/kernel');
 */
export function variable(initialValue: TensorLike, trainable = true, name?: string, dtype?: DType): Variable {
  if (name !== undefined && ENGINE.variables<Variable>().some((v) => v.name === name)) {
    raise('variable.duplicateName', { name });
  }
  // Temporaries (a converted array, a cast) are freed; the variable holds its own reference.
  return ENGINE.tidy(() => {
    let t = toTensor(initialValue, 'initialValue', 'variable');
    if (dtype && dtype !== t.dtype) t = ENGINE.runKernel('Cast', [t], { dtype }, 'variable')[0];
    return new Variable(t, trainable, name ?? `variable${nextVariableId++}`);
  });
}
