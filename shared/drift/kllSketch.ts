import { InvalidStatisticsError } from './errors';
import type { NumericSample } from './sample';
import { rankThrough, weightedSample } from './sample';

/**
 * The KLL sketch of a numeric feature in a Model Monitor statistics.json (`distribution.kll.sketch`), as Deequ's
 * non-sampling KLL writes it: `parameters` {c: shrinking factor (0.64), k: sketch size (2048)} and `data`, one array
 * per compactor level, an item at level i standing for 2^i observations. Its rank at x is the total weight of the
 * items ≤ x, its CDF rank/n with n the total weight (the number of values summarised). Read as a weighted sample,
 * it feeds every numeric statistic as the raw sample in which each item is repeated 2^level times.
 */
export interface KllSketch {
  readonly parameters: { readonly c: number; readonly k: number };
  readonly data: readonly (readonly number[])[];
}

/** Levels above this would give weights beyond 2^52 (no exact integer ranks): no real sketch has them. */
const MAX_LEVEL = 52;

/** The sketch as a weighted sample (item at level i weighs 2^i). */
export function sketchSample(sketch: KllSketch, label = 'sketch'): NumericSample {
  if (!Array.isArray(sketch.data)) throw new InvalidStatisticsError(`${label}: "data" is not an array of compactor levels`);
  if (sketch.data.length > MAX_LEVEL + 1) {
    throw new InvalidStatisticsError(`${label}: ${sketch.data.length} compactor levels (at most ${MAX_LEVEL + 1} can be read exactly)`);
  }
  const values: number[] = [];
  const weights: number[] = [];
  sketch.data.forEach((level, i) => {
    if (!Array.isArray(level)) throw new InvalidStatisticsError(`${label}: compactor level ${i} is not an array`);
    for (const item of level) {
      if (typeof item !== 'number' || !Number.isFinite(item)) {
        throw new InvalidStatisticsError(`${label}: compactor level ${i} holds a non-finite item (${String(item)})`);
      }
      values.push(item);
      weights.push(2 ** i);
    }
  });
  if (values.length === 0) throw new InvalidStatisticsError(`${label}: the sketch holds no item`);
  return weightedSample(values, weights, label);
}

/** The sketch's (or any sample's) CDF at x: the weight of the values ≤ x over the total weight. */
export function cdfAt(sample: NumericSample, x: number): number {
  let lo = 0;
  let hi = sample.values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sample.values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return rankThrough(sample, lo - 1) / sample.size;
}
