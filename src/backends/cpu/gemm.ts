/**
 * Single-precision GEMM for the CPU backend: C[M×N] (+)= op(A)[M×K] · op(B)[K×N].
 *
 * Layout (GotoBLAS style): B is packed a block of KC×NC at a time into panels NR columns wide,
 * A a block of MC×KC at a time into panels MR rows tall; a 4×4 micro-kernel then multiplies one A
 * panel by one B panel with its 16 sums held in locals. Packing makes every operand layout
 * (transposed or not, any row stride or offset) look the same to the micro-kernel, turns the
 * inner loop into sequential reads, and keeps the B panel in L1 and the A block in L2.
 *
 * Panels are stored as float64 so the micro-kernel does no float32→float64 conversions (V8 does
 * all arithmetic in doubles). Sums are carried in doubles across a KC block and rounded to float32
 * once per block.
 */

/** Micro-kernel tile: MR rows × NR columns of C. The kernels below are written for 4×4. */
const MR = 4;
const NR = 4;
/** Depth of a packed block: the B panel (KC·NR doubles = 8 KiB) stays in L1. */
const KC = 256;
/** Rows of A packed at once (MC·KC doubles = 192 KiB, fits L2). Multiple of MR. */
const MC = 96;
/** Columns of B packed at once (KC·NC doubles = 256 KiB). Multiple of NR. */
const NC = 128;

// Scratch panels, allocated on first use, grown on demand (to at most MC·KC and KC·NC) and reused:
// GEMM is not re-entrant, and reuse avoids allocating on every call (a convolution calls GEMM once
// per tile).
let packA = new Float64Array(0);
let packB = new Float64Array(0);

/**
 * C = A·B (or C += A·B when `accumulate`), where A is M×K, B is K×N and C is M×N with rows
 * `ldc` apart starting at `cOff`. Transposes are given by `transA`/`transB`: a transposed A is
 * stored K×M (element (i, k) at `aOff + k·lda + i`), a transposed B is stored N×K.
 */
export function gemm(
  M: number, N: number, K: number,
  a: Float32Array, aOff: number, lda: number, transA: boolean,
  b: Float32Array, bOff: number, ldb: number, transB: boolean,
  c: Float32Array, cOff: number, ldc: number,
  accumulate: boolean,
): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate) for (let i = 0; i < M; i++) c.fill(0, cOff + i * ldc, cOff + i * ldc + N);
    return;
  }
  // Tiny M or N waste most of a 4×4 tile and the packing would dominate: use direct loops.
  if (M < MR || N < NR) {
    gemmSmall(M, N, K, a, aOff, lda, transA, b, bOff, ldb, transB, c, cOff, ldc, accumulate);
    return;
  }
  const kcMax = Math.min(KC, K);
  const ncMax = Math.min(NC, roundUp(N, NR));
  const mcMax = Math.min(MC, roundUp(M, MR));
  if (packB.length < kcMax * ncMax) packB = new Float64Array(kcMax * ncMax);
  if (packA.length < mcMax * kcMax) packA = new Float64Array(mcMax * kcMax);
  const pa = packA, pb = packB;

  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      // Only the first K block may overwrite C; later ones add to it.
      const overwrite = pc === 0 && !accumulate;
      if (transB) packBTrans(b, bOff + jc * ldb + pc, ldb, kc, nc, pb);
      else packBPlain(b, bOff + pc * ldb + jc, ldb, kc, nc, pb);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        if (transA) packATrans(a, aOff + pc * lda + ic, lda, kc, mc, pa);
        else packAPlain(a, aOff + ic * lda + pc, lda, kc, mc, pa);
        const cBase = cOff + ic * ldc + jc;
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          const bi = jr * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            const co = cBase + ir * ldc + jr;
            if (mr === MR && nr === NR) kernel4x4(pa, ir * kc, pb, bi, kc, c, co, ldc, overwrite);
            else kernelEdge(pa, ir * kc, pb, bi, kc, c, co, ldc, mr, nr, overwrite);
          }
        }
      }
    }
  }
}

function roundUp(x: number, m: number): number {
  return Math.ceil(x / m) * m;
}

/*
 * Packing. A panel of A holds MR rows, k-major: element (r, k) at panel·kc·MR + k·MR + r. A panel
 * of B holds NR columns, k-major: element (k, j) at panel·kc·NR + k·NR + j. Rows/columns past the
 * matrix edge are zero so the micro-kernel never branches.
 */

/** A block of plain A: rows `mc` from `off` (row stride `ld`), `kc` columns. */
function packAPlain(a: Float32Array, off: number, ld: number, kc: number, mc: number, out: Float64Array): void {
  let o = 0;
  for (let i = 0; i < mc; i += MR) {
    const rows = Math.min(MR, mc - i);
    const r0 = off + i * ld;
    if (rows === MR) {
      const r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld;
      for (let k = 0; k < kc; k++, o += MR) {
        out[o] = a[r0 + k]; out[o + 1] = a[r1 + k]; out[o + 2] = a[r2 + k]; out[o + 3] = a[r3 + k];
      }
    } else {
      for (let k = 0; k < kc; k++, o += MR) {
        for (let r = 0; r < MR; r++) out[o + r] = r < rows ? a[r0 + r * ld + k] : 0;
      }
    }
  }
}

/** A block of transposed A: stored as kc rows (stride `ld`) of mc elements from `off`. */
function packATrans(a: Float32Array, off: number, ld: number, kc: number, mc: number, out: Float64Array): void {
  let o = 0;
  for (let i = 0; i < mc; i += MR) {
    const rows = Math.min(MR, mc - i);
    let s = off + i;
    if (rows === MR) {
      for (let k = 0; k < kc; k++, o += MR, s += ld) {
        out[o] = a[s]; out[o + 1] = a[s + 1]; out[o + 2] = a[s + 2]; out[o + 3] = a[s + 3];
      }
    } else {
      for (let k = 0; k < kc; k++, o += MR, s += ld) {
        for (let r = 0; r < MR; r++) out[o + r] = r < rows ? a[s + r] : 0;
      }
    }
  }
}

/** A block of plain B: kc rows (stride `ld`) of nc elements from `off`. */
function packBPlain(b: Float32Array, off: number, ld: number, kc: number, nc: number, out: Float64Array): void {
  let o = 0;
  for (let j = 0; j < nc; j += NR) {
    const cols = Math.min(NR, nc - j);
    let s = off + j;
    if (cols === NR) {
      for (let k = 0; k < kc; k++, o += NR, s += ld) {
        out[o] = b[s]; out[o + 1] = b[s + 1]; out[o + 2] = b[s + 2]; out[o + 3] = b[s + 3];
      }
    } else {
      for (let k = 0; k < kc; k++, o += NR, s += ld) {
        for (let q = 0; q < NR; q++) out[o + q] = q < cols ? b[s + q] : 0;
      }
    }
  }
}

/** A block of transposed B: stored as nc rows (stride `ld`) of kc elements from `off`. */
function packBTrans(b: Float32Array, off: number, ld: number, kc: number, nc: number, out: Float64Array): void {
  let o = 0;
  for (let j = 0; j < nc; j += NR) {
    const cols = Math.min(NR, nc - j);
    const s0 = off + j * ld;
    if (cols === NR) {
      const s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld;
      for (let k = 0; k < kc; k++, o += NR) {
        out[o] = b[s0 + k]; out[o + 1] = b[s1 + k]; out[o + 2] = b[s2 + k]; out[o + 3] = b[s3 + k];
      }
    } else {
      for (let k = 0; k < kc; k++, o += NR) {
        for (let q = 0; q < NR; q++) out[o + q] = q < cols ? b[s0 + q * ld + k] : 0;
      }
    }
  }
}

/**
 * The micro-kernel: a full 4×4 tile of C from an A panel at `ai` and a B panel at `bi`, both kc
 * deep. Sixteen local sums, eight loads per step of k.
 */
function kernel4x4(
  pa: Float64Array, ai: number, pb: Float64Array, bi: number, kc: number,
  c: Float32Array, co: number, ldc: number, overwrite: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const end = bi + kc * NR;
  for (; bi < end; bi += NR, ai += MR) {
    const b0 = pb[bi], b1 = pb[bi + 1], b2 = pb[bi + 2], b3 = pb[bi + 3];
    let a = pa[ai];
    c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
    a = pa[ai + 1];
    c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
    a = pa[ai + 2];
    c20 += a * b0; c21 += a * b1; c22 += a * b2; c23 += a * b3;
    a = pa[ai + 3];
    c30 += a * b0; c31 += a * b1; c32 += a * b2; c33 += a * b3;
  }
  const o0 = co, o1 = co + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
  if (overwrite) {
    c[o0] = c00; c[o0 + 1] = c01; c[o0 + 2] = c02; c[o0 + 3] = c03;
    c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13;
    c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23;
    c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33;
  } else {
    c[o0] += c00; c[o0 + 1] += c01; c[o0 + 2] += c02; c[o0 + 3] += c03;
    c[o1] += c10; c[o1 + 1] += c11; c[o1 + 2] += c12; c[o1 + 3] += c13;
    c[o2] += c20; c[o2 + 1] += c21; c[o2 + 2] += c22; c[o2 + 3] += c23;
    c[o3] += c30; c[o3 + 1] += c31; c[o3 + 2] += c32; c[o3 + 3] += c33;
  }
}

/** Result of an edge tile, before its valid part is copied out. */
const edgeTile = new Float32Array(MR * NR);

/**
 * A partial tile at the bottom or right edge: the panels are zero-padded, so the full kernel runs
 * into a scratch tile and only the mr × nr valid values are written to C.
 */
function kernelEdge(
  pa: Float64Array, ai: number, pb: Float64Array, bi: number, kc: number,
  c: Float32Array, co: number, ldc: number, mr: number, nr: number, overwrite: boolean,
): void {
  const t = edgeTile;
  kernel4x4(pa, ai, pb, bi, kc, t, 0, NR, true);
  for (let r = 0; r < mr; r++) {
    const o = co + r * ldc;
    if (overwrite) for (let q = 0; q < nr; q++) c[o + q] = t[r * NR + q];
    else for (let q = 0; q < nr; q++) c[o + q] += t[r * NR + q];
  }
}

/**
 * Direct loops for M < 4 or N < 4 (matrix-vector products and thin outputs), with sums in
 * doubles over the whole of K.
 */
function gemmSmall(
  M: number, N: number, K: number,
  a: Float32Array, aOff: number, lda: number, transA: boolean,
  b: Float32Array, bOff: number, ldb: number, transB: boolean,
  c: Float32Array, cOff: number, ldc: number,
  accumulate: boolean,
): void {
  const aRowStep = transA ? 1 : lda, aColStep = transA ? lda : 1;
  if (!transB && N >= NR) {
    // Few rows, many columns: stream whole rows of B (contiguous) into a row of double sums.
    const acc = new Float64Array(N);
    for (let i = 0; i < M; i++) {
      acc.fill(0);
      let ai = aOff + i * aRowStep;
      for (let k = 0; k < K; k++, ai += aColStep) {
        const av = a[ai];
        const bRow = bOff + k * ldb;
        for (let j = 0; j < N; j++) acc[j] += av * b[bRow + j];
      }
      const cRow = cOff + i * ldc;
      if (accumulate) for (let j = 0; j < N; j++) c[cRow + j] += acc[j];
      else for (let j = 0; j < N; j++) c[cRow + j] = acc[j];
    }
    return;
  }
  // Otherwise dot products; B's k step is 1 when transposed (rows of B^T are contiguous).
  const bKStep = transB ? 1 : ldb, bColStep = transB ? ldb : 1;
  for (let i = 0; i < M; i++) {
    const aRow = aOff + i * aRowStep;
    const cRow = cOff + i * ldc;
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0, ai = aRow, bi = bOff + j * bColStep; k < K; k++, ai += aColStep, bi += bKStep) s += a[ai] * b[bi];
      if (accumulate) c[cRow + j] += s;
      else c[cRow + j] = s;
    }
  }
}
