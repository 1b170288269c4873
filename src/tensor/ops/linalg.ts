import { ENGINE } from '../engine.js';
import type { Activation } from '../../core/kernels.js';
import { shapesEqual, sizeOf } from '../../core/shape.js';
import { toTensor, type TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { applyActivation, checkActivation } from './activation.js';
import { add } from './elementwise.js';
import { badArg, binaryOperands, broadcastOrThrow, cast, rankDesc, run } from './op-utils.js';
import { broadcastTo, reshape } from './transform.js';

/** Options of `fused.matMul`, as in TF.js. */
export interface FusedMatMulConfig {
  a: TensorLike;
  b: TensorLike;
  transposeA?: boolean;
  transposeB?: boolean;
  bias?: TensorLike;
  activation?: Activation;
  preluActivationWeights?: TensorLike;
  leakyreluAlpha?: number;
}

function matMulImpl(op: string, cfg: FusedMatMulConfig): Tensor {
  return ENGINE.tidy(() => {
    const transposeA = cfg.transposeA ?? false, transposeB = cfg.transposeB ?? false;
    let [A, B] = binaryOperands(cfg.a, cfg.b, op);
    if (A.dtype === 'bool') { A = cast(A, 'int32'); B = cast(B, 'int32'); }
    if (A.rank < 2) badArg(op, 'a', 'must have rank ≥ 2', rankDesc(A));
    if (B.rank < 2) badArg(op, 'b', 'must have rank ≥ 2', rankDesc(B));
    const M = A.shape[A.rank - (transposeA ? 1 : 2)], Ka = A.shape[A.rank - (transposeA ? 2 : 1)];
    const Kb = B.shape[B.rank - (transposeB ? 1 : 2)], N = B.shape[B.rank - (transposeB ? 2 : 1)];
    if (Ka !== Kb) {
      badArg(op, 'b', `must have ${Ka} row(s) to match the inner dimension of a ([${A.shape}]${transposeA ? ', transposed' : ''})`, `shape [${B.shape}]${transposeB ? ' (transposed)' : ''}`);
    }
    const batchA = A.shape.slice(0, -2), batchB = B.shape.slice(0, -2);
    const outBatch = broadcastOrThrow(op, batchA, batchB);
    const outShape = [...outBatch, M, N];
    const sizeA = sizeOf(batchA), sizeB = sizeOf(batchB);
    // The kernel takes [B, r, c] operands whose batch sizes are equal or 1.
    let a3: Tensor, b3: Tensor;
    if ((shapesEqual(batchA, batchB) || sizeA === 1 || sizeB === 1)) {
      a3 = reshape(A, [sizeA, A.shape[A.rank - 2], A.shape[A.rank - 1]]);
      b3 = reshape(B, [sizeB, B.shape[B.rank - 2], B.shape[B.rank - 1]]);
    } else {
      const n = sizeOf(outBatch);
      a3 = reshape(broadcastTo(A, [...outBatch, ...A.shape.slice(-2)]), [n, ...A.shape.slice(-2)]);
      b3 = reshape(broadcastTo(B, [...outBatch, ...B.shape.slice(-2)]), [n, ...B.shape.slice(-2)]);
    }
    const activation = checkActivation(op, cfg.activation ?? 'linear');
    const bias = cfg.bias === undefined ? undefined : cast(toTensor(cfg.bias, 'bias', op), A.dtype);
    const alpha = cfg.preluActivationWeights === undefined ? undefined : cast(toTensor(cfg.preluActivationWeights, 'preluActivationWeights', op), 'float32');
    if (activation === 'prelu' && !alpha) badArg(op, 'preluActivationWeights', "must be given with activation 'prelu'", 'undefined');
    const leakyreluAlpha = cfg.leakyreluAlpha ?? 0.2;
    // The kernel fuses a bias / prelu alpha laid along the last axis; other shapes use separate ops.
    const fusable = (t?: Tensor) => !t || t.size === 1 || (t.size === N && t.shape[t.rank - 1] === N);
    if (bias) broadcastOrThrow(op, outShape, bias.shape);
    if (alpha) broadcastOrThrow(op, outShape, alpha.shape);
    if (fusable(bias) && fusable(alpha) && (A.dtype === 'float32' || activation === 'linear')) {
      const inputs = [a3, b3];
      if (bias) inputs.push(reshape(bias, [bias.size]));
      if (alpha) inputs.push(reshape(alpha, [alpha.size]));
      const out = run('BatchMatMul', inputs, { transposeA, transposeB, activation, leakyreluAlpha, hasBias: !!bias, hasPreluAlpha: !!alpha }, op);
      return reshape(out, outShape);
    }
    let out = reshape(run('BatchMatMul', [a3, b3], { transposeA, transposeB, activation: 'linear', leakyreluAlpha, hasBias: false, hasPreluAlpha: false }, op), outShape);
    if (bias) out = add(out, bias);
    return applyActivation(out, activation, alpha, leakyreluAlpha);
  });
}

/**
 * Matrix product of the last two dimensions, batched over the others (which broadcast).
 *
 * @example
 * sprout.matMul([[1, 2], [3, 4]], [[5], [6]]).print(); // [[17], [39]]
 */
export function matMul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor {
  return ENGINE.tidy(() => {
    return matMulImpl('matMul', { a, b, transposeA, transposeB });
  });
}

/**
 * `matMul` followed by a bias and an activation, in one kernel.
 *
 * @example
 * sprout.fused.matMul({ a: [[1, 2]], b: [[1], [1]], bias: [-5], activation: 'relu' }).print(); // [[0]]
 */
export function fusedMatMul(config: FusedMatMulConfig): Tensor {
  return ENGINE.tidy(() => {
    return matMulImpl('fused.matMul', config);
  });
}
