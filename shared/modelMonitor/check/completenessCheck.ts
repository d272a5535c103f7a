import type { StatisticsFeature } from '../../drift';
import type { FeatureConstraint } from './dataQualityConstraints';
import { missingCount, presentCount } from './featureStatistics';
import { type DataQualityViolation, percent } from './violation';

/**
 * completeness_check: the run's share of non-null values, num_present / (num_present + num_missing), is below the
 * feature's `completeness` constraint. A feature without the constraint, or a run with no row, is not checked.
 */
export function completenessCheck(constraint: FeatureConstraint, feature: StatisticsFeature): DataQualityViolation | string | undefined {
  const required = constraint.completeness;
  if (required === undefined) return undefined;
  const present = presentCount(feature);
  const missing = missingCount(feature);
  if (present === undefined || missing === undefined) {
    return `completeness_check on "${constraint.name}" not evaluated: the run's statistics lack common.num_present or num_missing`;
  }
  if (present + missing === 0) return undefined;
  const observed = present / (present + missing);
  if (observed >= required) return undefined;
  return {
    feature_name: constraint.name,
    constraint_check_type: 'completeness_check',
    description:
      `Data completeness requirement is not met. Expected completeness: ${percent(required)}%. ` +
      `Observed: Only ${percent(observed)}% of data is complete.`,
  };
}
