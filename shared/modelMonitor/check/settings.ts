import { DEFAULT_COMPARISON_THRESHOLD } from '../../drift';
import type { ComparisonMethod } from '../../drift';
import { comparisonMethodOf } from '../constraintsSchema';
import type { DataQualityConstraints, FeatureConstraint } from './dataQualityConstraints';
import { InvalidConstraintsError } from './errors';

/**
 * The settings one feature is checked with: the constraints' `monitoring_config`, overridden by the feature's
 * `monitoringConfigOverrides` (same key names), else the defaults below.
 *
 * Defaults, where the file leaves a key out (the docs disagree, so each is a stated choice):
 * - `datatype_check_threshold` and `domain_content_threshold`: 1.0. Both are the share of values that must have the
 *   baseline's type / lie in the baseline's domain (Deequ's `hasDataType(_, _ >= t)` and `isContainedIn(_, _ >= t)`,
 *   the constraints Model Monitor suggests; the AWS example output reads "Expected match: 100.0%"). The current docs
 *   page shows 0.1, the older one 1.0: 1.0 never hides a type change or an unknown value.
 * - `comparison_threshold` 0.1 (both pages), `categorical_comparison_threshold` = `comparison_threshold`,
 *   `comparison_method` Simple (`linf_simple`; the docs give no default), `perform_comparison` and
 *   `evaluate_constraints` Enabled.
 */
export const DEFAULT_MATCH_THRESHOLD = 1;

export type CategoricalDriftMethod = 'LInfinity' | 'ChiSquared';

export interface FeatureSettings {
  readonly datatypeCheckThreshold: number;
  readonly domainContentThreshold: number;
  readonly performComparison: boolean;
  readonly comparisonThreshold: number;
  readonly categoricalComparisonThreshold: number;
  readonly comparisonMethod: ComparisonMethod;
  readonly categoricalDriftMethod: CategoricalDriftMethod;
}

/** Whether the constraints ask for an evaluation at all (`evaluate_constraints`, Enabled by default). */
export function evaluatesConstraints(constraints: DataQualityConstraints): boolean {
  return constraints.monitoring_config?.evaluate_constraints !== 'Disabled';
}

export function featureSettings(constraints: DataQualityConstraints, feature: FeatureConstraint, source: string): FeatureSettings {
  const config = constraints.monitoring_config ?? {};
  const distribution = config.distribution_constraints ?? {};
  const own = feature.monitoringConfigOverrides ?? {};
  const comparisonThreshold = own.comparison_threshold ?? distribution.comparison_threshold ?? DEFAULT_COMPARISON_THRESHOLD;
  const method = own.comparison_method ?? own.comparion_method ?? distribution.comparison_method ?? distribution.comparion_method;
  return {
    datatypeCheckThreshold: own.datatype_check_threshold ?? config.datatype_check_threshold ?? DEFAULT_MATCH_THRESHOLD,
    domainContentThreshold: own.domain_content_threshold ?? config.domain_content_threshold ?? DEFAULT_MATCH_THRESHOLD,
    performComparison: distribution.perform_comparison !== 'Disabled',
    comparisonThreshold,
    categoricalComparisonThreshold:
      own.categorical_comparison_threshold ?? distribution.categorical_comparison_threshold ?? comparisonThreshold,
    comparisonMethod: comparisonMethod(method, `${source}: feature "${feature.name}"`),
    categoricalDriftMethod: categoricalDriftMethod(distribution.categorical_drift_method, source),
  };
}

function comparisonMethod(value: string | undefined, where: string): ComparisonMethod {
  const method = comparisonMethodOf(value);
  if (method === undefined) throw new InvalidConstraintsError(`${where}: comparison_method must be Simple or Robust, not "${value}"`);
  return method;
}

function categoricalDriftMethod(value: string | undefined, source: string): CategoricalDriftMethod {
  if (value === undefined) return 'LInfinity';
  const found = (['LInfinity', 'ChiSquared'] as const).find((m) => m.toLowerCase() === value.toLowerCase());
  if (!found) throw new InvalidConstraintsError(`${source}: categorical_drift_method must be LInfinity or ChiSquared, not "${value}"`);
  return found;
}
