import { z } from 'zod';
import type { ComparisonMethod } from '../../drift';
import { DEFAULT_COMPARISON_THRESHOLD } from '../../drift';
import { parseReport } from './parseReport';

const Toggle = z.string().optional();

const DistributionConstraints = z.looseObject({
  perform_comparison: Toggle,
  comparison_threshold: z.number().nonnegative().optional(),
  comparison_method: z.string().optional(),
  // The archived docs page spells it so: both spellings are read.
  comparion_method: z.string().optional(),
  categorical_comparison_threshold: z.number().nonnegative().optional(),
  categorical_drift_method: z.string().optional(),
});

const FeatureConstraints = z.looseObject({
  name: z.string().min(1),
  inferred_type: z.string().optional(),
  completeness: z.number().min(0).max(1).optional(),
});

export const ConstraintsSchema = z.looseObject({
  version: z.union([z.number(), z.string()]).optional(),
  features: z.array(FeatureConstraints).optional(),
  monitoring_config: z
    .looseObject({
      evaluate_constraints: Toggle,
      distribution_constraints: DistributionConstraints.optional(),
    })
    .optional(),
});

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

/** A baseline constraints.json; a ReportError naming `location` when it is not one. */
export function parseConstraints(text: string, location: string): DriftComparisonConfig {
  const report = parseReport(text, ConstraintsSchema, location, 'constraints.json');
  const distribution = report.monitoring_config?.distribution_constraints;
  const method = (distribution?.comparison_method ?? distribution?.comparion_method ?? 'Simple').toLowerCase();
  return {
    enabled: distribution?.perform_comparison?.toLowerCase() !== 'disabled',
    method: method === 'robust' || method === 'linf_robust' ? 'robust' : 'simple',
    threshold: distribution?.comparison_threshold ?? DEFAULT_COMPARISON_THRESHOLD,
    features: (report.features ?? []).map((f) => f.name),
  };
}
