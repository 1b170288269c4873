import type { TypedArray } from '../../core/dtype.js';
import type { CpuKernel } from './cpu-backend.js';
import { applyBiasActivation, fusedInputs, fusedParts } from './activation.js';
import { gemm } from './gemm.js';

/**
 * `BatchMatMul` [a, b, bias?, preluAlpha?] {transposeA, transposeB, activation, leakyreluAlpha,
 * hasBias, hasPreluAlpha}. a is [Ba, M, K] ([Ba, K, M] when transposed), b is [Bb, K, N]
 * ([Bb, N, K]); a batch of 1 broadcasts against the other. Leading dims beyond the last two are
 * flattened into the batch; the output takes the leading dims of the operand not broadcast.
 * float32 runs on the blocked GEMM; int32 (and bool) inputs take a double-precision path and give
 * int32.
 */
export const batchMatMulKernel: CpuKernel = (backend, inputs, attrs) => {
  const [a, b] = inputs;
  const transA = Boolean(attrs.transposeA);
  const transB = Boolean(attrs.transposeB);
  const fused = fusedParts(attrs);
  const ra = a.shape.length, rb = b.shape.length;
  const M = transA ? a.shape[ra - 1] : a.shape[ra - 2];
  const K = transA ? a.shape[ra - 2] : a.shape[ra - 1];
  const N = transB ? b.shape[rb - 2] : b.shape[rb - 1];
  const batchA = batchOf(a.shape), batchB = batchOf(b.shape);
  // A batch of 1 broadcasts to the other (which may be 0); the leading dims come from the operand
  // that is not broadcast (the longer shape on a tie).
  const batch = batchA === 1 ? batchB : batchA;
  const leadFrom = batchA === batchB ? (ra >= rb ? a : b) : batchA === 1 ? b : a;
  const lead = leadFrom.shape.slice(0, -2);
  const outShape = [...lead, M, N];
  const { bias, prelu } = fusedInputs(backend, inputs, fused);

  const av = backend.data(a), bv = backend.data(b);
  const lda = transA ? M : K, ldb = transB ? K : N;
  const aStep = batchA === 1 ? 0 : M * K, bStep = batchB === 1 ? 0 : K * N;
  const size = batch * M * N;

  if (a.dtype === 'float32' && av instanceof Float32Array && bv instanceof Float32Array) {
    const out = new Float32Array(size);
    if (batchB === 1 && batchA > 1 && !transA) {
      // One shared right-hand matrix and stacked plain left-hand ones: a single taller GEMM
      // packs B once instead of once per batch.
      gemm(batch * M, N, K, av, 0, K, false, bv, 0, ldb, transB, out, 0, N, false);
    } else {
      for (let i = 0; i < batch; i++) {
        gemm(M, N, K, av, i * aStep, lda, transA, bv, i * bStep, ldb, transB, out, i * M * N, N, false);
      }
    }
    applyBiasActivation(out, 0, batch * M, N, bias, fused.activation, fused.leakyreluAlpha, prelu);
    return backend.output(out, outShape, 'float32');
  }

  // int32 (bool is treated alike): double sums, exact for integer products below 2^53, then
  // stored into an Int32Array, which truncates and wraps as TF.js' int32 storage does.
  const acc = new Float64Array(size);
  for (let i = 0; i < batch; i++) {
    matMulDouble(M, N, K, av, i * aStep, transA, bv, i * bStep, transB, acc, i * M * N);
  }
  applyBiasActivation(acc, 0, batch * M, N, bias, fused.activation, fused.leakyreluAlpha, prelu);
  const out = new Int32Array(size);
  out.set(acc);
  return backend.output(out, outShape, 'int32');
};

function batchOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length - 2; i++) n *= shape[i];
  return n;
}

/** One plain matrix product in doubles (used for integer inputs), written to `o` at `oOff`. */
function matMulDouble(
  M: number, N: number, K: number,
  a: TypedArray, aOff: number, transA: boolean,
  b: TypedArray, bOff: number, transB: boolean,
  o: Float64Array, oOff: number,
): void {
  const aRow = transA ? 1 : K, aCol = transA ? M : 1;
  const bRow = transB ? 1 : N, bCol = transB ? K : 1;
  for (let i = 0; i < M; i++) {
    const oBase = oOff + i * N;
    for (let k = 0; k < K; k++) {
      const av = a[aOff + i * aRow + k * aCol];
      const bBase = bOff + k * bRow;
      for (let j = 0; j < N; j++) o[oBase + j] += av * b[bBase + j * bCol];
    }
  }
}
