import type { CategoryCounts } from './sample';
import { totalCount, unionOfCategories } from './sample';
import { chiSquareSurvival } from './special/gamma';

/**
 * Chi-square tests for categorical drift, over the union of the categories observed in either sample:
 *   - contingency (homogeneity) test on the 2×K table [reference counts; current counts], as
 *     scipy.stats.chi2_contingency(table, correction=True): expected = row total × column total / grand total,
 *     dof = K − 1, Yates' continuity correction only when dof = 1 (each |O − E| shrunk by min(½, |O − E|)). A
 *     category seen on one side only is fine here;
 *   - goodness of fit of the current counts to the reference proportions, as scipy.stats.chisquare(current,
 *     expected) with expected = (reference count / n)·m, dof = K − 1. A category absent from the reference but
 *     present in the current sample has expected 0: the statistic is +∞ and the p-value 0 (SciPy's answer too).
 * With a single category both tests have dof = 0: the statistic is 0 and the p-value 1 (no evidence of drift;
 * SciPy's chisquare returns NaN there, chi2_contingency 1). p-values are the chi-square survival function.
 */

export interface ChiSquareResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly degreesOfFreedom: number;
}

export interface ContingencyResult extends ChiSquareResult {
  /** Whether Yates' correction was applied (dof = 1). */
  readonly yates: boolean;
}

export function chiSquareContingency(reference: CategoryCounts, current: CategoryCounts): ContingencyResult {
  const n = totalCount(reference, 'reference');
  const m = totalCount(current, 'current');
  const categories = unionOfCategories(reference, current);
  const dof = categories.length - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, degreesOfFreedom: 0, yates: false };
  const total = n + m;
  const yates = dof === 1;
  let statistic = 0;
  for (const category of categories) {
    const columnTotal = (reference.get(category) ?? 0) + (current.get(category) ?? 0);
    for (const [observed, rowTotal] of [
      [reference.get(category) ?? 0, n],
      [current.get(category) ?? 0, m],
    ] as const) {
      const expected = (rowTotal * columnTotal) / total;
      let o = observed;
      if (yates) {
        const diff = expected - o;
        o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      statistic += (o - expected) ** 2 / expected;
    }
  }
  return { statistic, pValue: chiSquareSurvival(statistic, dof), degreesOfFreedom: dof, yates };
}

export function chiSquareGoodnessOfFit(reference: CategoryCounts, current: CategoryCounts): ChiSquareResult {
  const n = totalCount(reference, 'reference');
  const m = totalCount(current, 'current');
  const categories = unionOfCategories(reference, current);
  const dof = categories.length - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, degreesOfFreedom: 0 };
  let statistic = 0;
  for (const category of categories) {
    const observed = current.get(category) ?? 0;
    const expected = ((reference.get(category) ?? 0) / n) * m;
    statistic += expected === 0 ? Number.POSITIVE_INFINITY : (observed - expected) ** 2 / expected;
  }
  return { statistic, pValue: statistic === Number.POSITIVE_INFINITY ? 0 : chiSquareSurvival(statistic, dof), degreesOfFreedom: dof };
}
