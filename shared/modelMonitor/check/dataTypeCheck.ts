import type { StatisticsFeature } from '../../drift';
import type { FeatureConstraint } from './dataQualityConstraints';
import { countedValues, presentCount, valueCounts } from './featureStatistics';
import type { FeatureSettings } from './settings';
import { type DataQualityViolation, percent } from './violation';

/**
 * data_type_check: the share of the run's non-null values that have the baseline's inferred type is below
 * `datatype_check_threshold`. The container counts it on the raw data; from a statistics.json it is estimated:
 * - same type as the baseline, or an Integral run against a Fractional baseline (every integer is a number): 100 %;
 * - any run against a String or Unknown baseline: nothing to check (every value reads as a string);
 * - a Fractional run against an Integral baseline: the weighted share of the KLL sketch's items that are integers
 *   (the sketch is a weighted sample of the values);
 * - a String run against a numeric baseline: the share of the counted values that parse as that type
 *   (`distribution.categorical.buckets`, over num_present, so values the buckets leave out count as not matching).
 */
export function dataTypeCheck(
  constraint: FeatureConstraint,
  feature: StatisticsFeature,
  settings: FeatureSettings,
): DataQualityViolation | string | undefined {
  const expected = constraint.inferred_type;
  if (expected === 'String' || expected === 'Unknown') return undefined;
  const share = matchingShare(expected, feature);
  if (typeof share === 'string') return `data_type_check on "${constraint.name}" not evaluated: ${share}`;
  if (share >= settings.datatypeCheckThreshold) return undefined;
  return {
    feature_name: constraint.name,
    constraint_check_type: 'data_type_check',
    description:
      `Data type match requirement is not met. Expected data type: ${expected}, ` +
      `Expected match: ${percent(settings.datatypeCheckThreshold)}%. Observed: Only ${percent(share)}% of data is ${expected}.`,
  };
}

/** The share of the run's values of type `expected`, or why it cannot be told. */
function matchingShare(expected: 'Integral' | 'Fractional', feature: StatisticsFeature): number | string {
  const observed = feature.inferred_type;
  if (observed === expected || (expected === 'Fractional' && observed === 'Integral')) return 1;
  if (observed === 'Fractional') {
    const data = feature.numerical_statistics?.distribution?.kll?.sketch?.data;
    if (!data) return "the run's feature is Fractional and has no KLL sketch to estimate the share of integers from";
    let total = 0;
    let integral = 0;
    data.forEach((level, i) => {
      for (const item of level) {
        total += 2 ** i;
        if (Number.isInteger(item)) integral += 2 ** i;
      }
    });
    return total === 0 ? 1 : integral / total;
  }
  if (observed === 'String') {
    const counts = valueCounts(feature);
    if (!counts) return "the run's feature is String and has no value counts to estimate the share from";
    const present = presentCount(feature) ?? countedValues(counts);
    if (present === 0) return 1;
    let matching = 0;
    for (const [value, n] of counts) if (parsesAs(expected, value)) matching += n;
    return Math.min(1, matching / present);
  }
  // Unknown: the run saw no non-null value (completeness_check speaks for it).
  return 1;
}

function parsesAs(type: 'Integral' | 'Fractional', text: string): boolean {
  if (text.trim() === '') return false;
  const x = Number(text);
  return Number.isFinite(x) && (type === 'Fractional' || Number.isInteger(x));
}
