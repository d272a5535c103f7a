import { InvalidDriftArgumentError } from './errors';
import { ecdfGap } from './ks';
import type { CategoryCounts, NumericSample } from './sample';
import { totalCount, unionOfCategories } from './sample';

/**
 * SageMaker Model Monitor's baseline drift distance (baseline_drift_check), as Deequ (awslabs/deequ,
 * analyzers/Distance.scala), the library under the Model Monitor container, computes it:
 *   - numeric, "linf_simple": the largest gap between the two CDFs, max_x |CDF_ref(x) − CDF_cur(x)| (the KS
 *     statistic; on KLL sketches the CDFs are the sketches' weighted ranks);
 *   - categorical, "linf_simple": the largest gap between the two per-category shares, max_c |p_ref(c) − p_cur(c)|
 *     over the union of categories (a category missing on one side has share 0). Not a CDF over sorted names;
 *   - "linf_robust": max(0, simple − c·√((n + m)/(n·m))), the amount by which the distance exceeds the KS critical
 *     value; c = 1.8 by default (α ≈ 0.003, Knuth TAOCP vol. 2 §3.3.1) or c(α) = √(−ln(α/2)/2) for a given α.
 *     n and m are the sample sizes (a sketch's total weight, the sum of the category counts).
 * Model Monitor raises baseline_drift_check when the distance exceeds comparison_threshold (0.1 by default).
 */

/** Deequ's default critical-value coefficient. */
export const DEFAULT_ROBUST_COEFFICIENT = 1.8;

/** Model Monitor's default comparison_threshold. */
export const DEFAULT_COMPARISON_THRESHOLD = 0.1;

export interface BaselineDistance {
  readonly simple: number;
  readonly robust: number;
}

/** c(α) = √(−ln(α/2)/2), the KS critical-value coefficient at significance level α ∈ (0, 1). */
export function robustCoefficient(alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new InvalidDriftArgumentError(`significance level alpha must be in (0, 1), not ${alpha}`);
  return Math.sqrt(-Math.log(alpha / 2) / 2);
}

/** The coefficient for an optional α: c(α) when given, 1.8 otherwise. */
export function coefficientFor(alpha: number | undefined): number {
  return alpha === undefined ? DEFAULT_ROBUST_COEFFICIENT : robustCoefficient(alpha);
}

/** max(0, simple − c·√((n + m)/(n·m))). */
export function robustDistance(simple: number, n: number, m: number, coefficient = DEFAULT_ROBUST_COEFFICIENT): number {
  return Math.max(0, simple - coefficient * Math.sqrt((n + m) / (n * m)));
}

export function numericBaselineDistance(
  reference: NumericSample,
  current: NumericSample,
  coefficient = DEFAULT_ROBUST_COEFFICIENT,
  simple = ecdfGap(reference, current),
): BaselineDistance {
  return { simple, robust: robustDistance(simple, reference.size, current.size, coefficient) };
}

export function categoricalBaselineDistance(
  reference: CategoryCounts,
  current: CategoryCounts,
  coefficient = DEFAULT_ROBUST_COEFFICIENT,
): BaselineDistance {
  const n = totalCount(reference, 'reference');
  const m = totalCount(current, 'current');
  let simple = 0;
  for (const category of unionOfCategories(reference, current)) {
    simple = Math.max(simple, Math.abs((reference.get(category) ?? 0) / n - (current.get(category) ?? 0) / m));
  }
  return { simple, robust: robustDistance(simple, n, m, coefficient) };
}
