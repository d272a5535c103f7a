import { z } from 'zod';
import type { ComparisonMethod } from '../drift';

/**
 * constraints.json, the one schema of it: the baseline's suggestion (or the copy a run writes) as the Model Monitor
 * docs describe it, read by the model monitor (reports/constraints.ts: the drift comparison a run is scored with) and
 * by `vigil model check` (check/: every data-quality check and model-quality constraint).
 *
 * Data quality: `features[]` with `name`, `inferred_type`, `completeness`, `num_constraints.is_non_negative`,
 * `string_constraints.domains` and `monitoringConfigOverrides`, and a top-level `monitoring_config`. The archived docs
 * spell `comparison_method` as `comparion_method`: both are read. Model quality: `<problem>_constraints` mapping a
 * metric to `{threshold, comparison_operator}`. Unknown keys are kept and ignored.
 */

/** `Enabled` / `Disabled`, in any case (read as the docs spell them). */
const Toggle = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(['enabled', 'disabled']))
  .transform((v) => (v === 'enabled' ? 'Enabled' : 'Disabled'));
const Share = z.number().min(0).max(1);

/** The settings a feature may override (`monitoringConfigOverrides`, undocumented: read with the global keys' names). */
const Settings = z.looseObject({
  datatype_check_threshold: Share.optional(),
  domain_content_threshold: Share.optional(),
  comparison_threshold: z.number().nonnegative().optional(),
  categorical_comparison_threshold: z.number().nonnegative().optional(),
  comparison_method: z.string().optional(),
  comparion_method: z.string().optional(),
});

const DistributionConstraints = z.looseObject({
  perform_comparison: Toggle.optional(),
  comparison_threshold: z.number().nonnegative().optional(),
  comparison_method: z.string().optional(),
  comparion_method: z.string().optional(),
  categorical_comparison_threshold: z.number().nonnegative().optional(),
  categorical_drift_method: z.string().optional(),
});

const MonitoringConfig = z.looseObject({
  evaluate_constraints: Toggle.optional(),
  emit_metrics: Toggle.optional(),
  datatype_check_threshold: Share.optional(),
  domain_content_threshold: Share.optional(),
  distribution_constraints: DistributionConstraints.optional(),
});

export const INFERRED_TYPES = ['Integral', 'Fractional', 'String', 'Unknown'] as const;
export type InferredType = (typeof INFERRED_TYPES)[number];

const FeatureConstraints = z.looseObject({
  name: z.string().min(1),
  inferred_type: z.enum(INFERRED_TYPES),
  completeness: Share.optional(),
  num_constraints: z.looseObject({ is_non_negative: z.boolean().optional() }).optional(),
  string_constraints: z.looseObject({ domains: z.array(z.union([z.string(), z.number(), z.boolean()])).optional() }).optional(),
  monitoringConfigOverrides: Settings.optional(),
});

export const PROBLEM_TYPES = ['regression', 'binary_classification', 'multiclass_classification'] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

/** A model-quality constraint's comparison operator, also the check type of its violations in constraint_violations.json. */
export const COMPARISON_OPERATORS = [
  'GreaterThanThreshold',
  'GreaterThanOrEqualToThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

const MetricConstraint = z.looseObject({ threshold: z.number(), comparison_operator: z.enum(COMPARISON_OPERATORS) });
const MetricConstraints = z.record(z.string(), MetricConstraint);

/** Any constraints.json: the data-quality keys and the model-quality sections, each optional. */
export const ConstraintsSchema = z.looseObject({
  version: z.union([z.number(), z.string()]).optional(),
  features: z.array(FeatureConstraints).optional(),
  monitoring_config: MonitoringConfig.optional(),
  regression_constraints: MetricConstraints.optional(),
  binary_classification_constraints: MetricConstraints.optional(),
  multiclass_classification_constraints: MetricConstraints.optional(),
});
export type Constraints = z.infer<typeof ConstraintsSchema>;

/** A data-quality constraints.json: `features[]` required. */
export const DataQualityConstraintsSchema = ConstraintsSchema.extend({ features: z.array(FeatureConstraints) });
export type DataQualityConstraints = z.infer<typeof DataQualityConstraintsSchema>;
export type FeatureConstraint = z.infer<typeof FeatureConstraints>;

/** A model-quality constraints.json (its sections; the parser requires at least one). */
export const ModelQualityConstraintsSchema = ConstraintsSchema;
export type ModelQualityConstraints = z.infer<typeof ModelQualityConstraintsSchema>;

/**
 * `comparison_method`: "Simple"/"Robust" (the docs' spelling), also "linf_simple"/"linf_robust" (the docs' table),
 * case-insensitive; Simple when absent (the docs give no default). Undefined for anything else: the caller says where.
 */
export function comparisonMethodOf(value: string | undefined): ComparisonMethod | undefined {
  if (value === undefined) return 'simple';
  const name = value.toLowerCase().replace(/^linf_/, '');
  return name === 'simple' || name === 'robust' ? name : undefined;
}
