import type { ComparisonOperator, ModelQualityConstraints, ModelQualityStatistics } from './modelQualityFiles';
import { metricValue, PROBLEM_TYPES } from './modelQualityFiles';
import type { CheckReport, ModelQualityViolation } from './violation';

/**
 * Model-quality constraints: each `<problem>_constraints` metric is compared with the run's
 * `<problem>_metrics` value; the constraint is violated when `value <operator> threshold` holds (LessThanThreshold on
 * a metric where higher is better, GreaterThanThreshold on an error metric). The violation is in the form the
 * container writes: {metric_name, constraint_check_type: the operator, description
 * "Metric <name> with <value> was <operator> <threshold>"}. A metric the run lacks, or whose value is not a
 * finite number, is a note, not a violation.
 */
export function checkModelQuality(
  constraints: ModelQualityConstraints,
  statistics: ModelQualityStatistics,
): CheckReport<ModelQualityViolation> {
  const violations: ModelQualityViolation[] = [];
  const notes: string[] = [];
  for (const problem of PROBLEM_TYPES) {
    const wanted = constraints[`${problem}_constraints`];
    if (!wanted) continue;
    const section = statistics[`${problem}_metrics`];
    if (!section) {
      notes.push(`${problem}_constraints not evaluated: the run's statistics have no ${problem}_metrics`);
      continue;
    }
    for (const [metric, { threshold, comparison_operator: operator }] of Object.entries(wanted)) {
      const value = metricValue(section, metric);
      if (value === undefined) {
        notes.push(`${problem} metric "${metric}" not evaluated: the run's statistics have no {value} for it`);
      } else if (!Number.isFinite(value)) {
        notes.push(`${problem} metric "${metric}" not evaluated: its value is not a finite number`);
      } else if (violates(value, operator, threshold)) {
        violations.push({
          metric_name: metric,
          constraint_check_type: operator,
          description: `Metric ${metric} with ${value} was ${operator} ${threshold}`,
        });
      }
    }
  }
  return { violations, notes };
}

export function violates(value: number, operator: ComparisonOperator, threshold: number): boolean {
  switch (operator) {
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}
