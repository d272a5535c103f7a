/**
 * One entry of constraint_violations.json, as the Model Monitor container writes it. Data quality:
 * {feature_name, constraint_check_type, description}. Model quality: {metric_name, constraint_check_type (the
 * comparison operator), description}, the shape AWS's model-quality outputs and sample containers use.
 */
export type DataQualityCheckType =
  | 'data_type_check'
  | 'completeness_check'
  | 'baseline_drift_check'
  | 'missing_column_check'
  | 'extra_column_check'
  | 'categorical_values_check';

export interface DataQualityViolation {
  readonly feature_name: string;
  readonly constraint_check_type: DataQualityCheckType;
  readonly description: string;
}

export interface ModelQualityViolation {
  readonly metric_name: string;
  readonly constraint_check_type: string;
  readonly description: string;
}

export type Violation = DataQualityViolation | ModelQualityViolation;

/** What the check returns: the violations, and what it could not evaluate and why (never silently skipped). */
export interface CheckReport<V extends Violation = Violation> {
  readonly violations: V[];
  readonly notes: string[];
}

/** A share (0..1) as the container prints it in descriptions: a percentage, full double precision ("99.6459%"). */
export function percent(share: number): string {
  const value = share * 100;
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
