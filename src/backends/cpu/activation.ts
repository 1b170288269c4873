import type { TensorInfo } from '../../core/backend.js';
import type { TypedArray } from '../../core/dtype.js';
import type { Activation, FusedAttrs } from '../../core/kernels.js';
import type { CpuBackend } from './cpu-backend.js';

/** Arrays the fused epilogue can write: kernel outputs, or float64 scratch for int32 kernels. */
export type NumericArray = TypedArray | Float64Array;

/**
 * The epilogue of the fused kernels (BatchMatMul, Conv2D, DepthwiseConv2dNative): adds `bias` and
 * applies `activation` in place to `rows` rows of `n` values starting at `o[offset]`.
 *
 * `bias` and `preluAlpha` broadcast along the last axis: they hold `n` values or a single one. A
 * longer array (for example a full [rows, n] bias) is indexed by the element's position in the
 * block modulo its length, i.e. as trailing-axes broadcasting. Bias is added first and the sum
 * rounded to the output's storage type, then the activation is applied, as TF.js does it in two
 * steps.
 */
export function applyBiasActivation(
  o: NumericArray, offset: number, rows: number, n: number,
  bias: NumericArray | null,
  activation: Activation,
  leakyreluAlpha: number,
  preluAlpha: NumericArray | null,
): void {
  const total = rows * n;
  if (total === 0) return;
  if (bias) addBias(o, offset, rows, n, bias);
  const end = offset + total;
  switch (activation) {
    case 'linear':
      break;
    case 'relu':
      // `v < 0 ? 0 : v` keeps NaN, as Math.max(0, v) does.
      for (let i = offset; i < end; i++) { const v = o[i]; if (v < 0) o[i] = 0; }
      break;
    case 'relu6':
      for (let i = offset; i < end; i++) { const v = o[i]; o[i] = v < 0 ? 0 : v > 6 ? 6 : v; }
      break;
    case 'elu':
      for (let i = offset; i < end; i++) { const v = o[i]; if (v < 0) o[i] = Math.exp(v) - 1; }
      break;
    case 'leakyrelu': {
      const alpha = leakyreluAlpha;
      for (let i = offset; i < end; i++) { const v = o[i]; if (v < 0) o[i] = alpha * v; }
      break;
    }
    case 'sigmoid':
      for (let i = offset; i < end; i++) o[i] = 1 / (1 + Math.exp(-o[i]));
      break;
    case 'prelu':
      if (!preluAlpha) throw new Error('cpu: prelu activation needs preluAlpha');
      applyPrelu(o, offset, rows, n, preluAlpha);
      break;
    default:
      throw new Error(`cpu: unknown activation ${String(activation)}`);
  }
}

function addBias(o: NumericArray, offset: number, rows: number, n: number, bias: NumericArray): void {
  const len = bias.length;
  if (len === 1) {
    const v = bias[0];
    const end = offset + rows * n;
    for (let i = offset; i < end; i++) o[i] += v;
  } else if (len === n) {
    for (let r = 0, base = offset; r < rows; r++, base += n) {
      for (let j = 0; j < n; j++) o[base + j] += bias[j];
    }
  } else {
    const total = rows * n;
    for (let i = 0; i < total; i++) o[offset + i] += bias[i % len];
  }
}

function applyPrelu(o: NumericArray, offset: number, rows: number, n: number, alpha: NumericArray): void {
  const len = alpha.length;
  if (len === 1) {
    const a = alpha[0];
    const end = offset + rows * n;
    for (let i = offset; i < end; i++) { const v = o[i]; if (v < 0) o[i] = a * v; }
  } else if (len === n) {
    for (let r = 0, base = offset; r < rows; r++, base += n) {
      for (let j = 0; j < n; j++) { const v = o[base + j]; if (v < 0) o[base + j] = alpha[j] * v; }
    }
  } else {
    const total = rows * n;
    for (let i = 0; i < total; i++) { const v = o[offset + i]; if (v < 0) o[offset + i] = alpha[i % len] * v; }
  }
}

/** Normalises the fused attributes (absent ones mean: no bias, linear activation). */
export function fusedParts(attrs: Readonly<Record<string, unknown>>): FusedAttrs {
  return {
    activation: (attrs.activation as Activation | undefined) ?? 'linear',
    leakyreluAlpha: (attrs.leakyreluAlpha as number | undefined) ?? 0.2,
    hasBias: Boolean(attrs.hasBias),
    hasPreluAlpha: Boolean(attrs.hasPreluAlpha),
  };
}

/**
 * The optional fused inputs. They are listed only when present: bias at 2, then preluAlpha
 * (at 3 after a bias, else at 2).
 */
export function fusedInputs(
  backend: CpuBackend, inputs: readonly TensorInfo[], fused: FusedAttrs,
): { bias: TypedArray | null; prelu: TypedArray | null } {
  let next = 2;
  let bias: TypedArray | null = null, prelu: TypedArray | null = null;
  if (fused.hasBias) bias = backend.data(inputs[next++]);
  if (fused.hasPreluAlpha) prelu = backend.data(inputs[next]);
  if (fused.activation === 'prelu' && !prelu) throw new Error('cpu: prelu activation needs preluAlpha');
  return { bias, prelu };
}
