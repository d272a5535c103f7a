/**
 * ln Γ(x) for x > 0, and the Stirling remainder the other special functions build on.
 *
 * Method: for x ≥ 10 the Stirling series ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + R(x), with
 * R(x) = Σ_{k=1..8} B_2k / (2k (2k − 1) x^(2k−1)) (B_2k the Bernoulli numbers); the first omitted term is below
 * 2e-18 at x = 10, so R is exact to rounding. Below 10 the recurrence Γ(x) = Γ(x + s) / (x (x + 1) ... (x + s − 1))
 * shifts the argument up. Accuracy: about 1e-15 relative to ln Γ(x) (absolute near the zeros at 1 and 2).
 */

/** ½ ln 2π. */
export const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** B_2k / (2k (2k − 1)) for k = 8 down to 1 (Horner order). */
const STIRLING_COEFFICIENTS = [-3617 / 122400, 1 / 156, -691 / 360360, 1 / 1188, -1 / 1680, 1 / 1260, -1 / 360, 1 / 12];

/** R(x) = ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], for x ≥ 10. */
export function stirlingRemainder(x: number): number {
  const inverse = 1 / x;
  const inverseSquared = inverse * inverse;
  let series = 0;
  for (const c of STIRLING_COEFFICIENTS) series = series * inverseSquared + c;
  return series * inverse;
}

/** ln Γ(x) for x > 0 (NaN otherwise). */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + stirlingRemainder(x);
  let product = 1;
  let shifted = x;
  while (shifted < 10) {
    product *= shifted;
    shifted += 1;
  }
  return (shifted - 0.5) * Math.log(shifted) - shifted + HALF_LOG_TWO_PI + stirlingRemainder(shifted) - Math.log(product);
}

/** ln(n! / n^n) = ½ ln(2πn) − n + R(n), exact to rounding for n ≥ 10 (no cancellation between ln n! and n ln n). */
export function logFactorialOverPower(n: number): number {
  if (n >= 10) return 0.5 * Math.log(n) - n + HALF_LOG_TWO_PI + stirlingRemainder(n);
  return logGamma(n + 1) - n * Math.log(n);
}

/** ln(1 + t) − t, accurate also when |t| is small (where the two terms nearly cancel). */
export function log1pMinusX(t: number): number {
  if (Math.abs(t) >= 0.25) return Math.log1p(t) - t;
  // −t²/2 + t³/3 − t⁴/4 + ...: |t| < 1/4, so 26 terms are below one rounding of the first.
  let power = t * t;
  let sum = 0;
  for (let k = 2; k < 60; k += 1) {
    const term = power / k;
    sum += k % 2 === 0 ? -term : term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
    power *= t;
  }
  return sum;
}
