/** Scalar math helpers the CPU kernels share. */

/**
 * The error function, to float32 precision (Abramowitz–Stegun 7.1.26 has only 1.5e-7 absolute
 * error, which is what TF.js uses; we use a rational approximation with the same accuracy class).
 */
export function erf(x: number): number {
  if (x !== x) return NaN;
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  if (a > 6) return sign;
  // W. J. Cody's rational approximations are overkill here; this series/continued-fraction split
  // keeps |error| < 1e-7 over the whole line.
  if (a < 2) {
    // Maclaurin series: erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)).
    let term = a;
    let sum = a;
    const x2 = a * a;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return sign * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction for erfc(x), evaluated bottom-up (converges fast for x ≥ 2).
  let f = 0;
  for (let k = 60; k >= 1; k--) f = k / 2 / (a + f);
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
  return sign * (1 - erfc);
}
