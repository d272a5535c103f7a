import { z } from 'zod';
import { type ModelQualityConstraints, ModelQualityConstraintsSchema, PROBLEM_TYPES } from '../constraintsSchema';
import { InvalidConstraintsError, InvalidModelQualityStatisticsError } from './errors';

/**
 * Model-quality files (docs: model-monitor-model-quality-metrics, -baseline): the run's metrics statistics, one
 * section per problem type (`regression_metrics`, `binary_classification_metrics`,
 * `multiclass_classification_metrics`), each scalar metric `{value, standard_deviation}` (the deviation is the
 * string "NaN" under 200 samples); and the baseline's constraints, `<problem>_constraints` mapping a metric to
 * `{threshold, comparison_operator}` (schema: shared/modelMonitor/constraintsSchema.ts). Non-scalar entries
 * (confusion_matrix, curves) are kept and not checked.
 */

export type { ComparisonOperator, ModelQualityConstraints, ProblemType } from '../constraintsSchema';
export { COMPARISON_OPERATORS, ModelQualityConstraintsSchema, PROBLEM_TYPES } from '../constraintsSchema';

/** A metric's value may be a number or a string ("NaN"): a non-finite value is reported, not compared. */
const MetricValue = z.object({ value: z.union([z.number(), z.string()]), standard_deviation: z.unknown().optional() }).loose();
const MetricSection = z.record(z.string(), z.unknown());

export const ModelQualityStatisticsSchema = z
  .object({
    version: z.union([z.number(), z.string()]).optional(),
    dataset: z
      .object({ item_count: z.union([z.number(), z.string()]).optional() })
      .loose()
      .optional(),
    regression_metrics: MetricSection.optional(),
    binary_classification_metrics: MetricSection.optional(),
    multiclass_classification_metrics: MetricSection.optional(),
  })
  .loose();
export type ModelQualityStatistics = z.infer<typeof ModelQualityStatisticsSchema>;

export function parseModelQualityConstraints(value: unknown, source: string): ModelQualityConstraints {
  const result = ModelQualityConstraintsSchema.safeParse(value);
  if (!result.success)
    throw new InvalidConstraintsError(`${source}: not a Model Monitor model-quality constraints.json: ${issue(result.error)}`);
  if (!PROBLEM_TYPES.some((p) => result.data[`${p}_constraints`] !== undefined)) {
    throw new InvalidConstraintsError(`${source}: no ${PROBLEM_TYPES.map((p) => `${p}_constraints`).join(', ')} section`);
  }
  return result.data;
}

export function parseModelQualityStatistics(value: unknown, source: string): ModelQualityStatistics {
  const result = ModelQualityStatisticsSchema.safeParse(value);
  if (!result.success) {
    throw new InvalidModelQualityStatisticsError(`${source}: not a Model Monitor model-quality statistics file: ${issue(result.error)}`);
  }
  if (!PROBLEM_TYPES.some((p) => result.data[`${p}_metrics`] !== undefined)) {
    throw new InvalidModelQualityStatisticsError(`${source}: no ${PROBLEM_TYPES.map((p) => `${p}_metrics`).join(', ')} section`);
  }
  return result.data;
}

/** The metric's value in a section: a number, NaN for "NaN" or a non-numeric string, undefined when absent or not scalar. */
export function metricValue(section: Record<string, unknown> | undefined, metric: string): number | undefined {
  const parsed = MetricValue.safeParse(section?.[metric]);
  if (!parsed.success) return undefined;
  const value = parsed.data.value;
  return typeof value === 'number' ? value : Number(value);
}

/** The metric's `standard_deviation` when it is a finite number; undefined for "NaN" (under 200 samples) or absent. */
export function metricStandardDeviation(section: Record<string, unknown> | undefined, metric: string): number | undefined {
  const parsed = MetricValue.safeParse(section?.[metric]);
  const sd = parsed.success ? parsed.data.standard_deviation : undefined;
  const x = typeof sd === 'string' ? Number(sd) : sd;
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

function issue(error: z.ZodError): string {
  const first = error.issues[0]!;
  return `${first.message}${first.path.length ? ` at ${first.path.join('.')}` : ''}`;
}
