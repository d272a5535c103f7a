import { EmptySampleError, InvalidDriftArgumentError, NonFiniteValueError } from './errors';

/**
 * A numeric sample ready for the statistics: values in ascending order, each standing for one observation,
 * or (a KLL sketch read as the sample it summarises) for a positive integer weight.
 */
export interface NumericSample {
  /** The values, ascending. */
  readonly values: Float64Array;
  /** cumulative[i] = the total weight of values[0..i]. Absent: every value weighs 1, so cumulative[i] = i + 1. */
  readonly cumulative?: Float64Array;
  /** The total weight: the number of observations the sample stands for. */
  readonly size: number;
}

/** Category → count (a count is a non-negative number; zero counts are allowed and ignored). */
export type CategoryCounts = ReadonlyMap<string, number>;

/**
 * Validates and sorts raw values: at least one value, every one finite (NaN and ±Infinity are refused, never
 * dropped: a distance over a sample that silently lost values would be wrong). The input is not modified.
 */
export function numericSample(values: ArrayLike<number>, label = 'sample'): NumericSample {
  if (values.length === 0) throw new EmptySampleError(`${label} is empty`);
  const sorted = values instanceof Float64Array ? values.slice() : Float64Array.from(values);
  for (let i = 0; i < sorted.length; i += 1) {
    if (!Number.isFinite(sorted[i])) {
      throw new NonFiniteValueError(`${label} holds a non-finite value (${String(values[i])}) at position ${i}`, i);
    }
  }
  sorted.sort();
  return { values: sorted, size: sorted.length };
}

/**
 * A weighted sample: value i stands for weights[i] observations (a positive integer, as a KLL item at level l
 * stands for 2^l). Statistics treat it exactly as the raw sample in which each value is repeated that many times.
 */
export function weightedSample(values: ArrayLike<number>, weights: ArrayLike<number>, label = 'sample'): NumericSample {
  if (values.length !== weights.length) {
    throw new InvalidDriftArgumentError(`${label}: ${values.length} values but ${weights.length} weights`);
  }
  if (values.length === 0) throw new EmptySampleError(`${label} is empty`);
  const order = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    if (!Number.isFinite(values[i])) {
      throw new NonFiniteValueError(`${label} holds a non-finite value (${String(values[i])}) at position ${i}`, i);
    }
    const w = weights[i];
    if (!Number.isInteger(w) || w <= 0) {
      throw new InvalidDriftArgumentError(`${label}: weight ${String(w)} at position ${i} is not a positive integer`);
    }
    order[i] = i;
  }
  order.sort((a, b) => values[a] - values[b]);
  const sorted = new Float64Array(values.length);
  const cumulative = new Float64Array(values.length);
  let total = 0;
  for (let k = 0; k < order.length; k += 1) {
    sorted[k] = values[order[k]];
    total += weights[order[k]];
    cumulative[k] = total;
  }
  if (!Number.isSafeInteger(total)) throw new InvalidDriftArgumentError(`${label}: total weight ${total} is not a safe integer`);
  return { values: sorted, cumulative, size: total };
}

/** The total weight of values[0..index] (index −1 gives 0). */
export function rankThrough(sample: NumericSample, index: number): number {
  if (index < 0) return 0;
  return sample.cumulative ? sample.cumulative[index] : index + 1;
}

/** The number of values strictly below x (a position in `values`). */
export function countBelow(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts the values of an iterable of category labels. */
export function categoryCounts(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Validated counts: every count finite and ≥ 0, a positive total. Returns the total. */
export function totalCount(counts: CategoryCounts, label = 'sample'): number {
  let total = 0;
  for (const [category, count] of counts) {
    if (!Number.isFinite(count) || count < 0) {
      throw new InvalidDriftArgumentError(`${label}: count ${String(count)} of category "${category}" is not a finite count ≥ 0`);
    }
    total += count;
  }
  if (total === 0) throw new EmptySampleError(`${label} is empty`);
  return total;
}

/**
 * The categories observed in either sample (count > 0 on at least one side), in code-unit order. Categories with
 * no observation on either side are left out: they carry no information and would make a contingency table
 * degenerate.
 */
export function unionOfCategories(reference: CategoryCounts, current: CategoryCounts): string[] {
  const union = new Set<string>();
  for (const [category, count] of reference) if (count > 0) union.add(category);
  for (const [category, count] of current) if (count > 0) union.add(category);
  return [...union].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Compensated (Neumaier) summation: the error stays near one rounding of the total, whatever the number of terms. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}
