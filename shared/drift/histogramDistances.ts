import { equalWidthEdges, histogramProportions } from './binning';
import { InvalidDriftArgumentError } from './errors';
import type { CategoryCounts, NumericSample } from './sample';
import { totalCount, unionOfCategories } from './sample';

/**
 * Distances between two distributions given as proportions over the same bins:
 *   - Jensen-Shannon distance, base 2: √(½·KL(p‖m) + ½·KL(q‖m)) with m = (p + q)/2 and logarithms in base 2, so it
 *     lies in [0, 1]; as scipy.spatial.distance.jensenshannon(p, q, base=2) (which normalises p and q to sum 1
 *     first, and so does this). It is the distance (the square root), not the divergence. No zero filling is
 *     needed: m > 0 wherever p or q is.
 *   - Hellinger distance: √(½·Σ(√pᵢ − √qᵢ)²), in [0, 1], equal to √(1 − Σ√(pᵢqᵢ)) but without the cancellation
 *     that form suffers when the distributions are close.
 * Bins: numeric samples on 10 equal-width bins spanning the min..max of both samples together (binning.ts);
 * categorical samples on one bin per category in the union of both.
 */

/** The number of equal-width bins for numeric samples. */
export const HISTOGRAM_BINS = 10;

function normalised(p: ArrayLike<number>): Float64Array {
  let sum = 0;
  for (let i = 0; i < p.length; i += 1) sum += p[i];
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i += 1) out[i] = p[i] / sum;
  return out;
}

function checkBins(p: ArrayLike<number>, q: ArrayLike<number>): void {
  if (p.length !== q.length || p.length === 0) {
    throw new InvalidDriftArgumentError(`distances need the same non-empty bins on both sides (${p.length} vs ${q.length})`);
  }
}

/** x·ln(x/y), 0 when x = 0 (scipy.special.rel_entr for y > 0). */
function relativeEntropyTerm(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

/** Jensen-Shannon distance, base 2, of two proportion (or count) vectors over the same bins. */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  checkBins(p, q);
  const pn = normalised(p);
  const qn = normalised(q);
  let left = 0;
  let right = 0;
  for (let i = 0; i < pn.length; i += 1) {
    const mid = (pn[i] + qn[i]) / 2;
    left += relativeEntropyTerm(pn[i], mid);
    right += relativeEntropyTerm(qn[i], mid);
  }
  const divergence = (left + right) / Math.LN2;
  return Math.sqrt(Math.max(0, divergence / 2));
}

/** Hellinger distance of two proportion vectors over the same bins (each summing to 1). */
export function hellingerDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  checkBins(p, q);
  let sum = 0;
  for (let i = 0; i < p.length; i += 1) {
    const d = Math.sqrt(p[i]) - Math.sqrt(q[i]);
    sum += d * d;
  }
  return Math.min(1, Math.sqrt(sum / 2));
}

/** Both samples' proportions on the shared equal-width bins over their joint min..max. */
export function sharedHistogram(
  reference: NumericSample,
  current: NumericSample,
  bins = HISTOGRAM_BINS,
): { edges: Float64Array; reference: Float64Array; current: Float64Array } {
  const lo = Math.min(reference.values[0], current.values[0]);
  const hi = Math.max(reference.values[reference.values.length - 1], current.values[current.values.length - 1]);
  const edges = equalWidthEdges(lo, hi, bins);
  return { edges, reference: histogramProportions(reference, edges), current: histogramProportions(current, edges) };
}

/** Both samples' proportions over the union of their categories (sorted). */
export function categoryProportions(
  reference: CategoryCounts,
  current: CategoryCounts,
): { categories: string[]; reference: number[]; current: number[] } {
  const n = totalCount(reference, 'reference');
  const m = totalCount(current, 'current');
  const categories = unionOfCategories(reference, current);
  return {
    categories,
    reference: categories.map((c) => (reference.get(c) ?? 0) / n),
    current: categories.map((c) => (current.get(c) ?? 0) / m),
  };
}

export function numericJensenShannon(reference: NumericSample, current: NumericSample): number {
  const h = sharedHistogram(reference, current);
  return jensenShannonDistance(h.reference, h.current);
}

export function numericHellinger(reference: NumericSample, current: NumericSample): number {
  const h = sharedHistogram(reference, current);
  return hellingerDistance(h.reference, h.current);
}

export function categoricalJensenShannon(reference: CategoryCounts, current: CategoryCounts): number {
  const p = categoryProportions(reference, current);
  return jensenShannonDistance(p.reference, p.current);
}

export function categoricalHellinger(reference: CategoryCounts, current: CategoryCounts): number {
  const p = categoryProportions(reference, current);
  return hellingerDistance(p.reference, p.current);
}
