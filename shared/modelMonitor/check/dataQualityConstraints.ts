import { z } from 'zod';
import { InvalidConstraintsError } from './errors';

/**
 * A data-quality constraints.json (the baseline's suggestion, or the copy a run writes), as the Model Monitor docs
 * describe it: `features[]` with `name`, `inferred_type`, `completeness`, `num_constraints.is_non_negative`,
 * `string_constraints.domains` and `monitoringConfigOverrides`, and a top-level `monitoring_config`. The archived
 * docs spell `comparison_method` as `comparion_method`: both are read. Unknown keys are kept and ignored.
 */

const Toggle = z.enum(['Enabled', 'Disabled']);
const Share = z.number().min(0).max(1);

/** The settings a feature may override (`monitoringConfigOverrides`, undocumented: read with the global keys' names). */
const Settings = z
  .object({
    datatype_check_threshold: Share.optional(),
    domain_content_threshold: Share.optional(),
    comparison_threshold: z.number().nonnegative().optional(),
    categorical_comparison_threshold: z.number().nonnegative().optional(),
    comparison_method: z.string().optional(),
    comparion_method: z.string().optional(),
  })
  .loose();

const DistributionConstraints = z
  .object({
    perform_comparison: Toggle.optional(),
    comparison_threshold: z.number().nonnegative().optional(),
    comparison_method: z.string().optional(),
    comparion_method: z.string().optional(),
    categorical_comparison_threshold: z.number().nonnegative().optional(),
    categorical_drift_method: z.string().optional(),
  })
  .loose();

const MonitoringConfig = z
  .object({
    evaluate_constraints: Toggle.optional(),
    emit_metrics: Toggle.optional(),
    datatype_check_threshold: Share.optional(),
    domain_content_threshold: Share.optional(),
    distribution_constraints: DistributionConstraints.optional(),
  })
  .loose();

export const INFERRED_TYPES = ['Integral', 'Fractional', 'String', 'Unknown'] as const;
export type InferredType = (typeof INFERRED_TYPES)[number];

const FeatureConstraints = z
  .object({
    name: z.string().min(1),
    inferred_type: z.enum(INFERRED_TYPES),
    completeness: Share.optional(),
    num_constraints: z.object({ is_non_negative: z.boolean().optional() }).loose().optional(),
    string_constraints: z
      .object({ domains: z.array(z.union([z.string(), z.number(), z.boolean()])).optional() })
      .loose()
      .optional(),
    monitoringConfigOverrides: Settings.optional(),
  })
  .loose();

export const DataQualityConstraintsSchema = z
  .object({
    version: z.union([z.number(), z.string()]).optional(),
    features: z.array(FeatureConstraints),
    monitoring_config: MonitoringConfig.optional(),
  })
  .loose();

export type DataQualityConstraints = z.infer<typeof DataQualityConstraintsSchema>;
export type FeatureConstraint = z.infer<typeof FeatureConstraints>;

/** Validates a parsed data-quality constraints.json; `source` names it in the error. */
export function parseDataQualityConstraints(value: unknown, source: string): DataQualityConstraints {
  const result = DataQualityConstraintsSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const at = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new InvalidConstraintsError(`${source}: not a Model Monitor data-quality constraints.json: ${issue.message}${at}`);
  }
  const names = new Set<string>();
  for (const feature of result.data.features) {
    if (names.has(feature.name)) throw new InvalidConstraintsError(`${source}: feature "${feature.name}" appears twice`);
    names.add(feature.name);
  }
  return result.data;
}
