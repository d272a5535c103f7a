import { z } from 'zod';
import { COMPARISON_OPERATORS, type ComparisonOperator } from '../constraintsSchema';
import { parseReport } from './parseReport';

/** The data-quality checks of Model Monitor's container (constraint_violations.json `constraint_check_type`). */
export const DATA_QUALITY_CHECKS = [
  'data_type_check',
  'completeness_check',
  'baseline_drift_check',
  'missing_column_check',
  'extra_column_check',
  'categorical_values_check',
] as const;
export type DataQualityCheck = (typeof DATA_QUALITY_CHECKS)[number];

/** Model-quality violations carry the constraint's comparison operator as their check type (constraintsSchema.ts). */
export const MODEL_QUALITY_OPERATORS = COMPARISON_OPERATORS;
export type ModelQualityOperator = ComparisonOperator;

const ViolationSchema = z.looseObject({
  feature_name: z.string().min(1).optional(),
  metric_name: z.string().min(1).optional(),
  constraint_check_type: z.string().min(1),
  description: z.string().default(''),
});

export const ConstraintViolationsSchema = z.looseObject({ violations: z.array(ViolationSchema) });

/** One violation, classified: a data-quality check on a feature, a model-quality metric, or another kind. */
export type Violation =
  | { readonly kind: 'data-quality'; readonly check: DataQualityCheck; readonly feature: string; readonly description: string }
  | {
      readonly kind: 'model-quality';
      readonly operator: ModelQualityOperator;
      readonly metric: string;
      /** The metric's value and the threshold, when the description gives them ("Metric auc with 0.71 was LessThanThreshold 0.8"). */
      readonly value?: number;
      readonly threshold?: number;
      readonly description: string;
    }
  /** Bias drift, feature attribution drift and checks of custom containers: counted, not interpreted. */
  | { readonly kind: 'other'; readonly check: string; readonly subject: string; readonly description: string };

const isDataQualityCheck = (check: string): check is DataQualityCheck => (DATA_QUALITY_CHECKS as readonly string[]).includes(check);
const isOperator = (check: string): check is ModelQualityOperator => (MODEL_QUALITY_OPERATORS as readonly string[]).includes(check);

/** constraint_violations.json, every violation classified; a ReportError naming `location` when it is not one. */
export function parseConstraintViolations(text: string, location: string): Violation[] {
  const report = parseReport(text, ConstraintViolationsSchema, location, 'constraint_violations.json');
  return report.violations.map((v): Violation => {
    const check = v.constraint_check_type;
    if (isDataQualityCheck(check) && v.feature_name !== undefined) {
      return { kind: 'data-quality', check, feature: v.feature_name, description: v.description };
    }
    if (isOperator(check) && v.metric_name !== undefined) {
      return {
        kind: 'model-quality',
        operator: check,
        metric: v.metric_name,
        ...valueAndThreshold(v.description),
        description: v.description,
      };
    }
    return { kind: 'other', check, subject: v.feature_name ?? v.metric_name ?? '', description: v.description };
  });
}

/** The two numbers of "Metric <name> with <value> was <operator> <threshold>", loosely. */
function valueAndThreshold(description: string): { value?: number; threshold?: number } {
  const match = /with\s+(-?[\d.]+(?:e[-+]?\d+)?)\s+was\s+\w+\s+(-?[\d.]+(?:e[-+]?\d+)?)/i.exec(description);
  if (!match) return {};
  const value = Number(match[1]);
  const threshold = Number(match[2]);
  return Number.isFinite(value) && Number.isFinite(threshold) ? { value, threshold } : {};
}
