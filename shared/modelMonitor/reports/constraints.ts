import type { ComparisonMethod } from '../../drift';
import { DEFAULT_COMPARISON_THRESHOLD } from '../../drift';
import { comparisonMethodOf, ConstraintsSchema } from '../constraintsSchema';
import { ReportError } from '../errors';
import { parseReport } from './parseReport';

/** What the baseline's constraints.json says about the drift comparison. */
export interface DriftComparisonConfig {
  /** `perform_comparison` is not Disabled. */
  readonly enabled: boolean;
  readonly method: ComparisonMethod;
  readonly threshold: number;
  readonly features: readonly string[];
}

/** The comparison a schedule without constraints.json gets: Model Monitor's defaults. */
export const DEFAULT_DRIFT_COMPARISON: DriftComparisonConfig = {
  enabled: true,
  method: 'simple',
  threshold: DEFAULT_COMPARISON_THRESHOLD,
  features: [],
};

/**
 * A baseline constraints.json (the schema `vigil model check` reads it with too: ../constraintsSchema.ts); a
 * ReportError naming `location` when it is not one, or names a comparison method other than Simple or Robust.
 */
export function parseConstraints(text: string, location: string): DriftComparisonConfig {
  const report = parseReport(text, ConstraintsSchema, location, 'constraints.json');
  const distribution = report.monitoring_config?.distribution_constraints;
  const named = distribution?.comparison_method ?? distribution?.comparion_method;
  const method = comparisonMethodOf(named);
  if (method === undefined) throw new ReportError(location, `comparison_method must be Simple or Robust, not "${named}"`);
  return {
    enabled: distribution?.perform_comparison !== 'Disabled',
    method,
    threshold: distribution?.comparison_threshold ?? DEFAULT_COMPARISON_THRESHOLD,
    features: (report.features ?? []).map((f) => f.name),
  };
}
