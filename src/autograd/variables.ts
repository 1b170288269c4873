import { ENGINE, Variable } from '../tensor/index.js';

/** Every live trainable variable, in creation order. */
export function trainableVariables(): Variable[] {
  return ENGINE.variables<Variable>().filter((v) => v.trainable && !v.isDisposed);
}
