import { logFactorialOverPower } from './logGamma';

/**
 * The one-sample Kolmogorov distributions with a finite sample size n:
 *   smirnovSurvival(n, x)     = P(D_n⁺ ≥ x), the one-sided statistic (SciPy's scipy.special.smirnov);
 *   kolmogorovSurvival(n, x)  = P(D_n ≥ x), the two-sided statistic (SciPy's scipy.stats.kstwo.sf(x, n)),
 * which the asymptotic two-sample KS p-value uses with n = round(n₁n₂/(n₁+n₂)).
 *
 * Method (Simard & L'Ecuyer, "Computing the two-sided Kolmogorov-Smirnov distribution", JSS 39(11), 2011, with the
 * region boundaries SciPy uses, so that both give the same number where the method is an approximation):
 *   - n·x ≤ 1 and n·x ≥ n − 1: the closed forms of Ruben & Gambino;
 *   - x ≥ ½, and n·x² ≥ 2.2 for n > 140 (≥ 4 for n ≤ 140): 2·P(D_n⁺ ≥ x), exact for x ≥ ½ and within about 1e-16
 *     absolute below (the dropped term, the probability of crossing both bands, is that small there);
 *   - otherwise the CDF by Durbin's matrix method (Marsaglia, Tsang & Wang 2003), exact, for n ≤ 140 and for
 *     n ≤ 100 000 with n·x^1.5 ≤ 1.4; else the Pelz-Good asymptotic series (4 terms; Simard & L'Ecuyer measure
 *     at least 5 significant digits in that region, and SciPy uses the same series there, so the two agree to
 *     rounding); n·x² ≥ 370 gives 0 (the survival is below 1e-320).
 * SciPy uses Pomeranz's recursion where n ≤ 140 and 0.754693 < n·x² ≤ 4; Durbin's matrix method is exact there too
 * (agreement about 1e-13), so one exact method serves both.
 *
 * P(D_n⁺ ≥ x) is the Birnbaum-Tingey sum x·Σ_{j=0}^{⌊n(1−x)⌋} C(n,j)(1−x−j/n)^(n−j)(x+j/n)^(j−1): every term is
 * positive, so it is summed in logarithms (a running log-sum-exp), without cancellation. Its cost is n(1−x)
 * terms: about 40 ms at n = 500 000.
 */

// Bound once: inside a vm context (Jest's test environment) every lookup of a global such as Math goes through the
// context's interceptor, which made the loops below 25 times slower there.
const { abs, exp, log, log1p } = Math;
const MINUS_INFINITY = Number.NEGATIVE_INFINITY;

/** P(D_n⁺ ≥ x) for an integer n ≥ 1. */
export function smirnovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n < 1 || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const t = n * x;
  const last = Math.floor(n - t);
  let logBinomial = 0;
  let logBinomialError = 0; // Neumaier compensation of the running ln C(n, j)
  let maxLog = Number.NEGATIVE_INFINITY;
  let scaled = 0;
  for (let j = 0; j <= last; j += 1) {
    const rest = n - j;
    const w = (t + j) / n; // x + j/n
    const logV = w < 0.5 ? log1p(-w) : log((rest - t) / n); // ln(1 − x − j/n)
    if (logV > MINUS_INFINITY) {
      const logTerm = logBinomial + logBinomialError + rest * logV + (j - 1) * log(w);
      if (logTerm > maxLog) {
        scaled = scaled * exp(maxLog - logTerm) + 1;
        maxLog = logTerm;
      } else {
        scaled += exp(logTerm - maxLog);
      }
    }
    const step = log(rest / (j + 1));
    const sum = logBinomial + step;
    logBinomialError += abs(logBinomial) >= abs(step) ? logBinomial - sum + step : step - sum + logBinomial;
    logBinomial = sum;
  }
  if (maxLog === Number.NEGATIVE_INFINITY) return 0;
  return clip(exp(maxLog + log(x * scaled)));
}

/** P(D_n ≥ x) for an integer n ≥ 1: SciPy's kstwo.sf(x, n). */
export function kolmogorovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n < 1 || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    return clip(1 - Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1)));
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSurvival(n, x));
  const nxx = t * x;
  if (n <= 140) {
    if (nxx <= 4) return clip(1 - durbinMatrixCdf(n, x));
    return clip(2 * smirnovSurvival(n, x));
  }
  if (nxx >= 370) return 0;
  if (nxx >= 2.2) return clip(2 * smirnovSurvival(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}

/**
 * P(D_n < d) by Durbin's matrix formula: with k = ⌈nd⌉, h = k − nd and m = 2k − 1, P = n!/nⁿ · (Hⁿ)_(k,k) for the
 * m×m matrix H_(i,j) = 1/(i−j+1)! (0 when i−j+1 < 0), whose first column and last row are corrected by the h terms.
 * Hⁿ by repeated squaring, rescaled by powers of two to stay in range. Exact; O(m³ log n).
 */
export function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const inverseFactorial = new Float64Array(m + 1);
  inverseFactorial[0] = 1;
  for (let i = 1; i <= m; i += 1) inverseFactorial[i] = inverseFactorial[i - 1] / i;
  const matrix = new Float64Array(m * m);
  for (let i = 0; i < m; i += 1) {
    for (let j = 0; j <= Math.min(i + 1, m - 1); j += 1) matrix[i * m + j] = inverseFactorial[i - j + 1];
  }
  for (let i = 0; i < m; i += 1) {
    matrix[i * m] = (1 - h ** (i + 1)) * inverseFactorial[i + 1];
    matrix[(m - 1) * m + (m - 1 - i)] = (1 - h ** (i + 1)) * inverseFactorial[i + 1];
  }
  matrix[(m - 1) * m] = (1 - 2 * h ** m + Math.max(0, 2 * h - 1) ** m) * inverseFactorial[m];

  const { value, exponent } = matrixPowerEntry(matrix, m, n, k - 1);
  return clip(value * Math.exp(logFactorialOverPower(n) + exponent * Math.LN2));
}

/** Entry (index, index) of Aⁿ, as value · 2^exponent. */
function matrixPowerEntry(a: Float64Array, m: number, n: number, index: number): { value: number; exponent: number } {
  let base: Float64Array = a.slice();
  let baseExponent = 0;
  let result: Float64Array | undefined;
  let resultExponent = 0;
  let remaining = n;
  while (remaining > 0) {
    if (remaining % 2 === 1) {
      result = result ? multiply(result, base, m) : base.slice();
      resultExponent += baseExponent;
      resultExponent += rescale(result);
    }
    remaining = Math.floor(remaining / 2);
    if (remaining > 0) {
      base = multiply(base, base, m);
      baseExponent = 2 * baseExponent + rescale(base);
    }
  }
  return { value: result![index * m + index], exponent: resultExponent };
}

const SCALE_BITS = 256;
const SCALE_UP = 2 ** SCALE_BITS;
const SCALE_DOWN = 2 ** -SCALE_BITS;

/** Scales a matrix by a power of two when its entries drift out of range; returns the exponent taken out. */
function rescale(matrix: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < matrix.length; i += 1) largest = Math.max(largest, Math.abs(matrix[i]));
  let exponent = 0;
  while (largest > SCALE_UP) {
    for (let i = 0; i < matrix.length; i += 1) matrix[i] *= SCALE_DOWN;
    largest *= SCALE_DOWN;
    exponent += SCALE_BITS;
  }
  while (largest > 0 && largest < SCALE_DOWN) {
    for (let i = 0; i < matrix.length; i += 1) matrix[i] *= SCALE_UP;
    largest *= SCALE_UP;
    exponent -= SCALE_BITS;
  }
  return exponent;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i += 1) {
    for (let l = 0; l < m; l += 1) {
      const ail = a[i * m + l];
      if (ail === 0) continue;
      for (let j = 0; j < m; j += 1) out[i * m + j] += ail * b[l * m + j];
    }
  }
  return out;
}

const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;

/**
 * Pelz & Good's approximation of P(D_n ≤ x): K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^(3/2), z = x√n, each Kᵢ the
 * theta-function form of the Li-Chien/Korolyuk expansion (Pelz & Good 1976; as printed by Simard & L'Ecuyer 2011).
 * The series over k are summed until their exponential factor falls below 1e-30 of the first.
 */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  if (PI2 / (8 * z2) > 708) return 0;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const z8 = z4 * z4;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 1; ; k += 1) {
    const u = (k - 0.5) ** 2; // (k − ½)²
    const e = Math.exp((-PI2 * u) / (2 * z2));
    s0 += e;
    s1 += (PI2 * u - z2) * e;
    s2 += (6 * z6 + 2 * z4 + PI2 * (2 * z4 - 5 * z2) * u + PI4 * (1 - 2 * z2) * u * u) * e;
    s3 += (PI6 * (5 - 30 * z2) * u ** 3 + PI4 * (212 * z4 - 60 * z2) * u * u + PI2 * (135 * z4 - 96 * z6) * u - (30 * z6 + 90 * z8)) * e;
    if (e <= 1e-30 * Math.exp(-PI2 / (8 * z2)) || k > 1000) break;
  }
  let r2 = 0;
  let r3 = 0;
  for (let k = 1; ; k += 1) {
    const k2 = k * k;
    const e = Math.exp((-PI2 * k2) / (2 * z2));
    r2 += k2 * e;
    r3 += (3 * PI2 * k2 * z2 - PI4 * k2 * k2) * e;
    if (e <= 1e-30 * Math.exp(-PI2 / (2 * z2)) || k > 1000) break;
  }
  const k0 = (SQRT_TWO_PI / z) * s0;
  const k1 = (SQRT_TWO_PI / (6 * z4)) * s1;
  const k2 = (SQRT_TWO_PI / (72 * z6 * z)) * s2 - ((PI2 * SQRT_TWO_PI) / (36 * z2 * z)) * r2;
  const k3 = (SQRT_TWO_PI / (6480 * z8 * z2)) * s3 + (SQRT_TWO_PI / (216 * z6)) * r3;
  const rootN = Math.sqrt(n);
  return k0 + k1 / rootN + k2 / n + k3 / (n * rootN);
}

function clip(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
