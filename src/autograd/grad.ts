import { describeValue, raise } from '../errors/index.js';
import { ENGINE, Tensor, Variable, onesLike, toTensor, type TensorLike } from '../tensor/index.js';
import { backprop, record, releaseTape } from './tape.js';
import './gradients/index.js';

/** The trainable variables alive now (registered by the tensor layer). */
import { trainableVariables } from './variables.js';

interface GradResult {
  value: Tensor;
  /** One per x; undefined for an x the result does not depend on (only when allowMissing). */
  grads: (Tensor | undefined)[];
}

/**
 * Computes f(...xs) and the gradients of its result with respect to each x (with `dy` as the
 * gradient flowing into the result; ones by default).
 */
function gradients(op: string, f: (...xs: Tensor[]) => Tensor, xs: Tensor[], dy?: TensorLike, allowMissing = false): GradResult {
  if (typeof f !== 'function') raise('grad.notFunction', { op, got: describeValue(f) });
  let tape: Parameters<typeof releaseTape>[0] = [];
  try {
    return ENGINE.tidy(() => {
      const rec = record(() => f(...xs));
      tape = rec.tape;
      const y = rec.result;
      if (!(y instanceof Tensor) || y.dtype !== 'float32') raise('grad.badResult', { op, got: y instanceof Tensor ? `dtype ${y.dtype}` : describeValue(y) });
      const seed = dy === undefined ? onesLike(y) : toTensor(dy, 'dy', op, 'float32');
      if (seed.shape.join() !== y.shape.join()) raise('grad.badDy', { op, expected: y.shape.join(','), got: seed.shape.join(',') });
      const found = backprop(tape, y, seed, xs, op);
      const grads = found.map((g, i) => {
        if (!g && !allowMissing) raise('grad.noPath', { op, what: xs.length > 1 ? `argument ${i + 1}` : 'its argument' });
        return g;
      });
      return { value: y, grads };
    });
  } finally {
    releaseTape(tape);
  }
}

/**
 * Turns f(x) into a function giving df/dx (times `dy` when given).
 *
 * @example
 * const g = sprout.grad((x) => x.square());
 * g(sprout.tensor([3])).print(); // [6]
 */
export function grad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: TensorLike) => Tensor {
  return (x, dy) => {
    const X = toTensor(x, 'x', 'grad');
    const { value, grads } = gradients('grad', f, [X], dy);
    value.dispose();
    return grads[0] as Tensor;
  };
}

/**
 * Turns f(a, b, …) into a function giving the gradient with respect to each argument.
 *
 * @example
 * const g = sprout.grads((a, b) => a.mul(b));
 * const [da, db] = g([sprout.tensor([2]), sprout.tensor([5])]); // da = [5], db = [2]
 */
export function grads(f: (...xs: Tensor[]) => Tensor): (xs: TensorLike[], dy?: TensorLike) => Tensor[] {
  return (xs, dy) => {
    const Xs = xs.map((x, i) => toTensor(x, `xs[${i}]`, 'grads'));
    const r = gradients('grads', f, Xs, dy);
    r.value.dispose();
    return r.grads as Tensor[];
  };
}

/**
 * Like `grad`, also returning f(x).
 *
 * @example
 * const { value, grad } = sprout.valueAndGrad((x) => x.square().sum())(sprout.tensor([1, 2]));
 */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: TensorLike) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const r = gradients('valueAndGrad', f, [toTensor(x, 'x', 'valueAndGrad')], dy);
    return { value: r.value, grad: r.grads[0] as Tensor };
  };
}

/**
 * Like `grads`, also returning f(...xs).
 *
 * @example
 * const { value, grads } = sprout.valueAndGrads((a, b) => a.mul(b).sum())([a, b]);
 */
export function valueAndGrads(f: (...xs: Tensor[]) => Tensor): (xs: TensorLike[], dy?: TensorLike) => { value: Tensor; grads: Tensor[] } {
  return (xs, dy) => {
    const r = gradients('valueAndGrads', f, xs.map((x, i) => toTensor(x, `xs[${i}]`, 'valueAndGrads')), dy);
    return { value: r.value, grads: r.grads as Tensor[] };
  };
}

/**
 * Gradients of a scalar loss with respect to trainable variables (all of them by default), keyed
 * by variable name: what optimizers use. Variables the loss does not use are left out.
 *
 * @example
 * const w = sprout.variable(sprout.tensor([1, 2]), true, 'w');
 * const { value, grads } = sprout.variableGrads(() => w.square().sum());
 * grads.w.print(); // [2, 4]
 */
export function variableGrads(f: () => Tensor, varList?: Variable[]): { value: Tensor; grads: Record<string, Tensor> } {
  const vars = (varList ?? trainableVariables()).filter((v) => !v.isDisposed && v.trainable);
  const r = gradients('variableGrads', () => {
    const y = f();
    if (y instanceof Tensor && y.rank !== 0) raise('grad.notScalar', { op: 'variableGrads', got: `a tensor of shape [${y.shape}]` });
    return y;
  }, vars, undefined, true);
  const out: Record<string, Tensor> = {};
  vars.forEach((v, i) => {
    const g = r.grads[i];
    if (g) out[v.name] = g;
  });
  return { value: r.value, grads: out };
}
