import type { StatisticsFeature } from '../../drift';
import type { FeatureConstraint } from './dataQualityConstraints';
import { countedValues, presentCount, valueCounts } from './featureStatistics';
import type { FeatureSettings } from './settings';
import { type DataQualityViolation, percent } from './violation';

/** How many unknown values a description names (the rest are counted). */
const NAMED_VALUES = 5;

/**
 * categorical_values_check: the share of the run's non-null values that lie in the baseline's domain
 * (`string_constraints.domains`) is below `domain_content_threshold`. Values the run's buckets do not list count as
 * outside the domain. Only String features with a domain are checked; a String feature whose run is numeric is
 * data_type_check's business.
 */
export function categoricalValuesCheck(
  constraint: FeatureConstraint,
  feature: StatisticsFeature,
  settings: FeatureSettings,
): DataQualityViolation | string | undefined {
  const domain = constraint.string_constraints?.domains;
  if (constraint.inferred_type !== 'String' || !domain) return undefined;
  const counts = valueCounts(feature);
  if (!counts) {
    if (feature.inferred_type !== 'String') return undefined;
    return `categorical_values_check on "${constraint.name}" not evaluated: the run's statistics have no value counts`;
  }
  const present = presentCount(feature) ?? countedValues(counts);
  if (present === 0) return undefined;
  const known = new Set(domain.map(String));
  let inDomain = 0;
  const unknown: string[] = [];
  for (const [value, n] of counts) {
    if (known.has(value)) inDomain += n;
    else if (n > 0) unknown.push(value);
  }
  const share = Math.min(1, inDomain / present);
  if (share >= settings.domainContentThreshold) return undefined;
  const named = unknown.slice(0, NAMED_VALUES).map((v) => JSON.stringify(v));
  const more = unknown.length > NAMED_VALUES ? ` and ${unknown.length - NAMED_VALUES} more` : '';
  return {
    feature_name: constraint.name,
    constraint_check_type: 'categorical_values_check',
    description:
      `Data domain requirement is not met. Expected match: ${percent(settings.domainContentThreshold)}%. ` +
      `Observed: Only ${percent(share)}% of data is in the baseline domain` +
      (named.length > 0 ? ` (values outside it: ${named.join(', ')}${more}).` : '.'),
  };
}
