import type { Activation } from '../../core/kernels.js';
import { cast, greater, less, logicalAnd, mul, reshape, sub, sum, where, zerosLike, type Tensor } from '../../tensor/index.js';
import type { SavedCall } from '../registry.js';

/**
 * For a fused kernel (matmul/conv + bias + activation) with output y: the gradient before the
 * activation (dz), and the gradients of the bias and prelu alpha inputs. `preActivation` recomputes
 * z when the activation cannot be inverted from y (prelu's alpha gradient needs z).
 */
export function fusedGradients(
  dy: Tensor, call: SavedCall, preActivation: () => Tensor,
): { dz: Tensor; dBias: Tensor | null; dAlpha: Tensor | null } {
  const { outputs: [y], attrs, inputs } = call;
  const activation = attrs.activation as Activation;
  const hasBias = attrs.hasBias as boolean, hasAlpha = attrs.hasPreluAlpha as boolean;
  const bias = hasBias ? inputs[2] : undefined;
  const alpha = hasAlpha ? inputs[hasBias ? 3 : 2] : undefined;
  const pos = () => greater(y, 0);
  let dz: Tensor;
  let dAlpha: Tensor | null = null;
  switch (activation) {
    case 'linear': dz = dy; break;
    case 'relu': dz = mul(dy, cast(pos(), 'float32')); break;
    case 'relu6': dz = mul(dy, cast(logicalAnd(greater(y, 0), less(y, 6)), 'float32')); break;
    case 'elu': dz = where(pos(), dy, mul(dy, sub(y, -1))); break;
    case 'leakyrelu': dz = where(pos(), dy, mul(dy, attrs.leakyreluAlpha as number)); break;
    case 'sigmoid': dz = mul(dy, mul(y, sub(1, y))); break;
    case 'prelu': {
      const z = preActivation();
      const neg = less(z, 0);
      dz = where(neg, mul(dy, alpha as Tensor), dy);
      const dAlphaFull = where(neg, mul(dy, z), zerosLike(dy));
      dAlpha = reduceToLastAxis(dAlphaFull, alpha as Tensor);
      break;
    }
  }
  return { dz, dBias: bias ? reduceToLastAxis(dz, bias) : null, dAlpha };
}

/** Sums a [..., N] gradient to a parameter laid along the last axis ([N] or [1]). */
export function reduceToLastAxis(g: Tensor, param: Tensor): Tensor {
  const n = g.shape[g.rank - 1];
  const flat = reshape(g, [g.size / (n || 1), n]);
  return reshape(param.size === 1 ? sum(flat) : sum(flat, 0), param.shape);
}
