import type { NumericSample } from './sample';
import { CompensatedSum } from './sample';

// Bound once: a global lookup inside a hot loop is slow in a vm context (Jest's test environment).
const { abs } = Math;

/**
 * Wasserstein-1 (earth mover's) distance between the two empirical distributions, in data units:
 * W₁ = ∫ |F_ref(x) − F_cur(x)| dx, summed exactly over the gaps between consecutive pooled values (as
 * scipy.stats.wasserstein_distance(reference, current), weights included). The normalised form divides it by the
 * reference's population standard deviation (ddof = 0), floored at 0.001 so that a constant reference gives a large
 * but finite score (Evidently's "Wasserstein distance (normed)").
 */

/** The floor of the standard deviation in the normalised form. */
export const WASSERSTEIN_STD_FLOOR = 0.001;

export function wasserstein(reference: NumericSample, current: NumericSample): number {
  const x = reference.values;
  const y = current.values;
  const n = reference.size;
  const m = current.size;
  const total = new CompensatedSum();
  let i = 0;
  let j = 0;
  let fx = 0;
  let fy = 0;
  let previous = Math.min(x[0], y[0]);
  while (i < x.length || j < y.length) {
    const v = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
    if (v > previous) total.add(abs(fx - fy) * (v - previous));
    while (i < x.length && x[i] <= v) i += 1;
    while (j < y.length && y[j] <= v) j += 1;
    fx = (reference.cumulative ? (i > 0 ? reference.cumulative[i - 1] : 0) : i) / n;
    fy = (current.cumulative ? (j > 0 ? current.cumulative[j - 1] : 0) : j) / m;
    previous = v;
  }
  return total.value;
}

/** The population standard deviation (ddof = 0) of a sample, weights included. */
export function populationStd(sample: NumericSample): number {
  const { values, size } = sample;
  const weightAt = (k: number) => (sample.cumulative ? sample.cumulative[k] - (k > 0 ? sample.cumulative[k - 1] : 0) : 1);
  const sum = new CompensatedSum();
  for (let k = 0; k < values.length; k += 1) sum.add(values[k] * weightAt(k));
  const mean = sum.value / size;
  const squares = new CompensatedSum();
  for (let k = 0; k < values.length; k += 1) {
    const d = values[k] - mean;
    squares.add(d * d * weightAt(k));
  }
  return Math.sqrt(squares.value / size);
}

/** W₁ divided by max(population std of the reference, 0.001). */
export function normalisedWasserstein(
  reference: NumericSample,
  current: NumericSample,
  distance = wasserstein(reference, current),
): number {
  return distance / Math.max(populationStd(reference), WASSERSTEIN_STD_FLOOR);
}
