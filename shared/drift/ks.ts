import { InvalidDriftArgumentError } from './errors';
import type { NumericSample } from './sample';
import { kolmogorovSurvival } from './special/kolmogorov';

// Bound once: a global lookup inside a hot loop is slow in a vm context (Jest's test environment).
const { abs } = Math;

/**
 * The two-sided two-sample Kolmogorov-Smirnov test, as SciPy's scipy.stats.ks_2samp(reference, current,
 * alternative='two-sided', method='auto'):
 *   - statistic D = sup_x |F_ref(x) − F_cur(x)| over the pooled values, with right-continuous ECDFs (ties count
 *     on both sides at once, like searchsorted(side='right')); each F is rank/size in floating point, as SciPy;
 *   - p-value exact when the larger sample has at most 10 000 values, asymptotic above ('auto'); in exact mode
 *     the statistic is reported on the lattice, round(D·lcm)/lcm, as SciPy does;
 *   - exact p-value, equal sizes: the Gnedenko-Korolyuk alternating sum 2·Σ_k (−1)^(k+1) C(2n, n−kh)/C(2n, n),
 *     O(n); unequal sizes: the probability that a uniformly random merge path leaves the band |i/n − j/m| < D,
 *     carried row by row as probability mass (each step's chance is the share of the remaining steps), the mass
 *     that steps out of the band summed into the p-value. Every term is positive, so small p-values keep their
 *     relative precision down to about 1e-280; the work is the band, O(n·m·D) cells (fewer where the mass has
 *     underflowed), O(m) memory;
 *   - asymptotic p-value: kstwo.sf(D, round(n·m/(n+m))), the one-sample two-sided Kolmogorov distribution with
 *     that integer size (not the limiting series), as SciPy.
 * Ties make both p-values conservative (they assume continuous data), as in SciPy.
 */

/** 'auto' picks exact up to this many values in the larger sample, as SciPy. */
export const KS_EXACT_MAX_SIZE = 10_000;

export type KsMethod = 'auto' | 'exact' | 'asymp';

/** 'exact' falls back to the asymptotic p-value when lcm(n, m) reaches this (2³¹ − 1), as SciPy. */
const LATTICE_LIMIT = 2 ** 31 - 1;

export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly method: 'exact' | 'asymp';
}

/** sup_x |F_a(x) − F_b(x)|: the KS statistic, and Model Monitor's simple baseline distance on numeric data. */
export function ecdfGap(a: NumericSample, b: NumericSample): number {
  if (!a.cumulative && !b.cumulative) return unweightedGap(a.values, b.values);
  const x = a.values;
  const y = b.values;
  let i = 0;
  let j = 0;
  let best = 0;
  while (i < x.length || j < y.length) {
    const v = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
    while (i < x.length && x[i] <= v) i += 1;
    while (j < y.length && y[j] <= v) j += 1;
    const fa = (a.cumulative ? (i > 0 ? a.cumulative[i - 1] : 0) : i) / a.size;
    const fb = (b.cumulative ? (j > 0 ? b.cumulative[j - 1] : 0) : j) / b.size;
    const gap = abs(fa - fb);
    if (gap > best) best = gap;
  }
  return best;
}

function unweightedGap(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let best = 0;
  while (i < n && j < m) {
    const v = x[i] <= y[j] ? x[i] : y[j];
    while (i < n && x[i] <= v) i += 1;
    while (j < m && y[j] <= v) j += 1;
    const gap = abs(i / n - j / m);
    if (gap > best) best = gap;
  }
  // Past the end of one sample its ECDF is 1: the largest gap left is at the first remaining value of the other.
  if (i < n) best = Math.max(best, abs(advance(x, i) / n - 1));
  else if (j < m) best = Math.max(best, abs(1 - advance(y, j) / m));
  return best;
}

/** The rank just after the run of values equal to values[start]. */
function advance(values: Float64Array, start: number): number {
  let k = start + 1;
  while (k < values.length && values[k] === values[start]) k += 1;
  return k;
}

/** The two-sided two-sample KS test on two samples (sizes are their total weights). */
export function ksTwoSample(reference: NumericSample, current: NumericSample, method: KsMethod = 'auto'): KsResult {
  const d = ecdfGap(reference, current);
  return ksFromStatistic(reference.size, current.size, d, method);
}

/** The KS result for a statistic already computed on samples of sizes n (reference) and m (current). */
export function ksFromStatistic(n: number, m: number, statistic: number, method: KsMethod = 'auto'): KsResult {
  checkSize(n, 'reference');
  checkSize(m, 'current');
  let resolved = method === 'auto' ? (Math.max(n, m) <= KS_EXACT_MAX_SIZE ? 'exact' : 'asymp') : method;
  // As SciPy: when lcm(n, m) does not fit an int32 the lattice is too fine to use, and the asymptotic form is taken.
  if (resolved === 'exact' && (n / gcd(n, m)) * m >= LATTICE_LIMIT) resolved = 'asymp';
  if (resolved === 'exact') return { ...ksExactPValue(n, m, statistic), method: 'exact' };
  return { statistic, pValue: ksAsymptoticPValue(n, m, statistic), method: 'asymp' };
}

/** kstwo.sf(D, round(en)), en = n·m/(n+m): SciPy's asymptotic two-sided p-value (round half to even, as NumPy). */
export function ksAsymptoticPValue(n: number, m: number, statistic: number): number {
  const [large, small] = n >= m ? [n, m] : [m, n];
  const en = (large * small) / (large + small);
  return kolmogorovSurvival(Math.max(1, roundHalfEven(en)), statistic);
}

/** The exact two-sided p-value P(D_{n,m} ≥ D), and D moved onto the lattice of multiples of 1/lcm(n, m). */
export function ksExactPValue(n: number, m: number, statistic: number): { statistic: number; pValue: number } {
  checkSize(n, 'reference');
  checkSize(m, 'current');
  const g = gcd(n, m);
  const lcm = (n / g) * m;
  const h = Math.round(statistic * lcm);
  const onLattice = h / lcm;
  if (h <= 0) return { statistic: onLattice, pValue: 1 };
  const p = n === m ? equalSizesOutside(n, h) : bandOutside(n, m, g, h);
  return { statistic: onLattice, pValue: Math.min(1, Math.max(0, p)) };
}

/** P(D_{n,n} ≥ h/n) = 2·Σ_{k=1}^{⌊n/h⌋} (−1)^(k+1) C(2n, n−kh)/C(2n, n), summed from the smallest term. */
function equalSizesOutside(n: number, h: number): number {
  const terms: number[] = [];
  let ratio = 1; // C(2n, n−s)/C(2n, n) = Π_{i=1..s} (n−i+1)/(n+i)
  let s = 0;
  for (let k = 1; k * h <= n; k += 1) {
    for (; s < k * h; s += 1) ratio *= (n - s) / (n + s + 1);
    if (ratio === 0) break;
    terms.push(ratio);
  }
  let sum = 0;
  for (let k = terms.length - 1; k >= 0; k -= 1) sum = terms[k] - sum;
  return 2 * sum;
}

/** Below this, probability mass in a lattice cell is dropped (it cannot change any p-value above 1e-280). */
const NEGLIGIBLE_MASS = 1e-300;

/**
 * P(D_{n,m} ≥ h/lcm) for n ≠ m. Cell (i, j) of the merge lattice (i reference values and j current values seen)
 * is outside the band when |i·(m/g) − j·(n/g)| ≥ h. From (i, j) a uniformly random path takes a reference value
 * next with probability (n−i)/(n−i+m−j). Row i of the band spans j in (i·a − h)/b < j < (i·a + h)/b. Only the
 * part of a row that still holds mass is visited ("live"); mass below NEGLIGIBLE_MASS is dropped.
 */
function bandOutside(n: number, m: number, g: number, h: number): number {
  const a = m / g;
  const b = n / g;
  const reciprocal = new Float64Array(n + m + 1); // reciprocal[k] = 1/k (0 for k = 0: the last cell steps nowhere)
  for (let k = 1; k <= n + m; k += 1) reciprocal[k] = 1 / k;
  const mass = new Float64Array(m + 1);
  let outside = 0;

  // Row 0: only steps through the current sample.
  const hi0 = Math.min(m, Math.ceil(h / b) - 1);
  let carry = 1;
  let liveHi = 0;
  for (let j = 0; j <= hi0 && carry >= NEGLIGIBLE_MASS; j += 1) {
    mass[j] = carry;
    liveHi = j;
    carry *= (m - j) * reciprocal[n + m - j];
  }
  if (liveHi === hi0 && hi0 < m) outside += carry;
  let liveLo = 0;

  for (let i = 1; i <= n; i += 1) {
    const newLo = Math.max(0, Math.floor((i * a - h) / b) + 1);
    const newHi = Math.min(m, Math.ceil((i * a + h) / b) - 1);
    const rows = n - i + 1; // reference values left before the step into row i
    const left = n - i; // reference values left after it
    // Mass stepping down from cells left of the new band leaves it.
    const dropEnd = Math.min(liveHi, newLo - 1);
    for (let j = liveLo; j <= dropEnd; j += 1) {
      outside += mass[j] * rows * reciprocal[rows + m - j];
      mass[j] = 0;
    }
    const start = Math.max(newLo, liveLo);
    const aboveEnd = Math.min(newHi, liveHi);
    carry = 0;
    for (let j = start; j <= aboveEnd; j += 1) {
      const v = mass[j] * (rows * reciprocal[rows + m - j]) + carry;
      mass[j] = v;
      carry = v * ((m - j) * reciprocal[left + m - j]);
    }
    let end = aboveEnd;
    for (let j = aboveEnd + 1; j <= newHi && carry >= NEGLIGIBLE_MASS; j += 1) {
      mass[j] = carry;
      end = j;
      carry *= (m - j) * reciprocal[left + m - j];
    }
    if (end === newHi && newHi < m) outside += carry;
    // Trim both ends of the row where the mass has become negligible.
    let lo = start;
    while (lo <= end && mass[lo] < NEGLIGIBLE_MASS) mass[lo++] = 0;
    let hi = end;
    while (hi >= lo && mass[hi] < NEGLIGIBLE_MASS) mass[hi--] = 0;
    if (lo > hi) return Math.min(1, outside); // every path has left the band
    liveLo = lo;
    liveHi = hi;
  }
  return outside;
}

function checkSize(size: number, label: string): void {
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new InvalidDriftArgumentError(`${label} sample size ${String(size)} is not a positive integer`);
  }
}

export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** NumPy's np.round for one number: to the nearest integer, ties to even. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
