import type { StatisticsFile } from '../drift';
import type { MonitoringRun } from './monitoringRun';
import {
  DEFAULT_DRIFT_COMPARISON,
  type DriftComparisonConfig,
  parseConstraintViolations,
  parseConstraints,
  parseStatistics,
  type Violation,
} from './reports';
import type { ReportSource } from './ReportSource';
import { objectUnder, s3Uri } from './s3Location';

/** What a completed run's report files say: its violations and, for a data-quality run with a baseline, both statistics. */
export interface RunReports {
  readonly violations: readonly Violation[];
  /** Present for a data-quality run whose schedule has a baseline statistics.json. */
  readonly drift?: {
    readonly baseline: StatisticsFile;
    readonly current: StatisticsFile;
    readonly comparison: DriftComparisonConfig;
  };
}

/**
 * Reads a completed run's reports: constraint_violations.json under the run's output, and for a
 * data-quality run its statistics.json with the baseline's statistics.json and constraints.json
 * (Model Monitor's defaults when the schedule has no constraints file). Any file that is missing,
 * unreadable or malformed throws a ReportError naming it: the caller quarantines the run.
 */
export async function readRunReports(run: MonitoringRun, source: ReportSource): Promise<RunReports> {
  const violationsAt = objectUnder(run.reports, 'constraint_violations.json');
  const violations = parseConstraintViolations(await source.read(violationsAt), s3Uri(violationsAt));
  if (run.monitoringType !== 'DataQuality' || run.baseline.statistics === undefined) return { violations };
  const currentAt = objectUnder(run.reports, 'statistics.json');
  const current = parseStatistics(await source.read(currentAt), s3Uri(currentAt));
  const baseline = parseStatistics(await source.read(run.baseline.statistics), s3Uri(run.baseline.statistics));
  const constraintsAt = run.baseline.constraints;
  const comparison = constraintsAt ? parseConstraints(await source.read(constraintsAt), s3Uri(constraintsAt)) : DEFAULT_DRIFT_COMPARISON;
  return { violations, drift: { baseline, current, comparison } };
}
