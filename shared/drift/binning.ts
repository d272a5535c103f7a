import type { NumericSample } from './sample';
import { countBelow, rankThrough } from './sample';

/**
 * The two binnings the histogram statistics use, with NumPy's conventions so that SciPy/NumPy reproduce them:
 *   - equal-width bins spanning the min..max of both samples together (np.histogram(x, bins, range=(lo, hi)):
 *     edges lo + i·(hi − lo)/bins, the last edge exactly hi, bins [eᵢ, eᵢ₊₁) and the last one closed; when lo = hi
 *     the range is widened to lo − ½ .. hi + ½, as NumPy does);
 *   - the reference's deciles (np.quantile, the default 'linear' method, at k/10 for k = 1..9), duplicates
 *     dropped: the interior edges of bins (−∞, e₁), [e₁, e₂), ..., [e_k, +∞), open at both ends and closed on
 *     the left (a value equal to an edge goes to the bin above it, as searchsorted(side='right')).
 * A weighted sample (a KLL sketch) is binned as the raw sample it stands for, each value repeated by its weight.
 */

/** Edges of `bins` equal-width bins over [lo, hi], as np.linspace / np.histogram compute them. */
export function equalWidthEdges(lo: number, hi: number, bins: number): Float64Array {
  let first = lo;
  let last = hi;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i += 1) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

/**
 * Counts (total weights) of a sample in the bins cut at `boundaries` (ascending): bin 0 holds values below
 * boundaries[0], bin i values in [boundaries[i−1], boundaries[i]), the last bin values ≥ the last boundary.
 */
export function countsBetween(sample: NumericSample, boundaries: ArrayLike<number>): Float64Array {
  const counts = new Float64Array(boundaries.length + 1);
  let previous = 0;
  for (let b = 0; b < boundaries.length; b += 1) {
    const rank = rankThrough(sample, countBelow(sample.values, boundaries[b]) - 1);
    counts[b] = rank - previous;
    previous = rank;
  }
  counts[boundaries.length] = sample.size - previous;
  return counts;
}

/** Proportions (count / size) of a sample in equal-width bins with the given edges (every value within them). */
export function histogramProportions(sample: NumericSample, edges: Float64Array): Float64Array {
  const counts = countsBetween(sample, edges.subarray(1, edges.length - 1));
  for (let i = 0; i < counts.length; i += 1) counts[i] /= sample.size;
  return counts;
}

/** The value at 0-based position `index` of the sample sorted and expanded by its weights. */
function orderStatistic(sample: NumericSample, index: number): number {
  if (!sample.cumulative) return sample.values[index];
  // The first value whose cumulative weight exceeds index.
  let lo = 0;
  let hi = sample.values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sample.cumulative[mid] > index) hi = mid;
    else lo = mid + 1;
  }
  return sample.values[lo];
}

/** np.quantile(sample, q) with the default 'linear' method (Hyndman & Fan type 7), including NumPy's lerp. */
export function linearQuantile(sample: NumericSample, q: number): number {
  const n = sample.size;
  const virtualIndex = (n - 1) * q;
  const previous = Math.max(0, Math.min(n - 1, Math.floor(virtualIndex)));
  const next = Math.min(n - 1, previous + 1);
  const gamma = virtualIndex - Math.floor(virtualIndex);
  const below = orderStatistic(sample, previous);
  const above = orderStatistic(sample, next);
  const difference = above - below;
  return gamma >= 0.5 ? above - difference * (1 - gamma) : below + difference * gamma;
}

/** The reference's deciles at k/10, k = 1..9, ascending and without duplicates. */
export function decileEdges(reference: NumericSample): Float64Array {
  const edges: number[] = [];
  for (let k = 1; k <= 9; k += 1) edges.push(linearQuantile(reference, k / 10));
  edges.sort((x, y) => x - y);
  return Float64Array.from(edges.filter((edge, i) => i === 0 || edge !== edges[i - 1]));
}
