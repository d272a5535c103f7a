import type { FeatureComparison } from '../../drift';
import type { FeatureConstraint } from './dataQualityConstraints';
import type { FeatureSettings } from './settings';
import type { DataQualityViolation } from './violation';

/**
 * baseline_drift_check: the feature's baseline distance (shared/drift, Deequ's linf_simple or linf_robust as the
 * constraints' `comparison_method` says) exceeds `comparison_threshold`, or `categorical_comparison_threshold` for a
 * String feature. The distance comes from the baseline's and the run's statistics.json (KLL sketches, value counts):
 * `comparison` is that feature's entry of compareStatisticsFiles.
 *
 * `categorical_drift_method: ChiSquared` is not evaluated: the docs do not say which way its p-value is compared
 * with the threshold, and a guess would either flood or hide violations. It is reported as a note.
 */
export function baselineDriftCheck(
  constraint: FeatureConstraint,
  comparison: FeatureComparison | undefined,
  settings: FeatureSettings,
): DataQualityViolation | string | undefined {
  if (!settings.performComparison || constraint.inferred_type === 'Unknown') return undefined;
  if (!comparison) return `baseline_drift_check on "${constraint.name}" not evaluated: the baseline statistics have no such feature`;
  if ('skipped' in comparison) return `baseline_drift_check on "${constraint.name}" not evaluated: ${comparison.skipped}`;
  const categorical = comparison.type === 'categorical';
  if (categorical && settings.categoricalDriftMethod === 'ChiSquared') {
    return `baseline_drift_check on "${constraint.name}" not evaluated: categorical_drift_method ChiSquared is not supported`;
  }
  const distance = comparison.baselineDistance[settings.comparisonMethod];
  const threshold = categorical ? settings.categoricalComparisonThreshold : settings.comparisonThreshold;
  if (!(distance > threshold)) return undefined;
  const kind = categorical ? 'Categorical' : 'Numerical';
  return {
    feature_name: constraint.name,
    constraint_check_type: 'baseline_drift_check',
    description: `${kind} distance: ${distance} exceeds ${kind.toLowerCase()} threshold: ${threshold}`,
  };
}
