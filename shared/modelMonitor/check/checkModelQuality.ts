import type { ComparisonOperator, ModelQualityConstraints, ModelQualityStatistics, ProblemType } from './modelQualityFiles';
import { metricStandardDeviation, metricValue, PROBLEM_TYPES } from './modelQualityFiles';
import type { CheckReport, ModelQualityViolation } from './violation';

/** One metric on the wrong side of its constraint, with the numbers from the files themselves. */
export interface MetricBreach {
  readonly problem: ProblemType;
  readonly metric: string;
  readonly operator: ComparisonOperator;
  /** The run's `<problem>_metrics.<metric>.value`. */
  readonly value: number;
  /** Its `standard_deviation`; undefined when the file gives none or "NaN" (under 200 samples). */
  readonly standardDeviation?: number;
  /** The constraint's `threshold`. */
  readonly threshold: number;
}

/**
 * Model-quality constraints: each `<problem>_constraints` metric is compared with the run's `<problem>_metrics`
 * value; the constraint is broken when `value <operator> threshold` holds (LessThanThreshold on a metric where higher
 * is better, GreaterThanThreshold on an error metric). A metric the run lacks, or whose value is not a finite number,
 * is a note, not a breach.
 */
export function modelQualityBreaches(
  constraints: ModelQualityConstraints,
  statistics: ModelQualityStatistics,
): { readonly breaches: MetricBreach[]; readonly notes: string[] } {
  const breaches: MetricBreach[] = [];
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
        const standardDeviation = metricStandardDeviation(section, metric);
        breaches.push({ problem, metric, operator, value, threshold, ...(standardDeviation === undefined ? {} : { standardDeviation }) });
      }
    }
  }
  return { breaches, notes };
}

/**
 * The check as `vigil model check` prints it: each breach in the form the container writes, {metric_name,
 * constraint_check_type: the operator, description "Metric <name> with <value> was <operator> <threshold>"}.
 */
export function checkModelQuality(
  constraints: ModelQualityConstraints,
  statistics: ModelQualityStatistics,
): CheckReport<ModelQualityViolation> {
  const { breaches, notes } = modelQualityBreaches(constraints, statistics);
  const violations = breaches.map(
    (b): ModelQualityViolation => ({
      metric_name: b.metric,
      constraint_check_type: b.operator,
      description: `Metric ${b.metric} with ${b.value} was ${b.operator} ${b.threshold}`,
    }),
  );
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
