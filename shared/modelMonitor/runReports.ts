import type { StatisticsFile } from '../drift';
import { MissingReportError } from './errors';
import type { MonitoringRun } from './monitoringRun';
import type { ModelQualityFiles } from './qualityBreaches';
import {
  DEFAULT_DRIFT_COMPARISON,
  type DriftComparisonConfig,
  parseConstraintViolations,
  parseConstraints,
  parseModelQualityConstraintsReport,
  parseModelQualityStatisticsReport,
  parseStatistics,
  type Violation,
} from './reports';
import type { ReportSource } from './ReportSource';
import { objectUnder, type S3Location, s3Uri } from './s3Location';

/** What a completed run's report files say: its violations and, for a data-quality run with a baseline, both statistics. */
export interface RunReports {
  readonly violations: readonly Violation[];
  /** Present for a data-quality run whose schedule has a baseline statistics.json. */
  readonly drift?: {
    readonly baseline: StatisticsFile;
    readonly current: StatisticsFile;
    readonly comparison: DriftComparisonConfig;
  };
  /** A model-quality run's statistics.json with the baseline's constraints.json, or why they are absent. */
  readonly quality?: ModelQualityFiles;
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
  if (run.monitoringType === 'ModelQuality') return { violations, quality: await readModelQualityFiles(run, source) };
  if (run.monitoringType !== 'DataQuality' || run.baseline.statistics === undefined) return { violations };
  const currentAt = objectUnder(run.reports, 'statistics.json');
  const current = parseStatistics(await source.read(currentAt), s3Uri(currentAt));
  const baseline = parseStatistics(await source.read(run.baseline.statistics), s3Uri(run.baseline.statistics));
  const constraintsAt = run.baseline.constraints;
  const comparison = constraintsAt ? parseConstraints(await source.read(constraintsAt), s3Uri(constraintsAt)) : DEFAULT_DRIFT_COMPARISON;
  return { violations, drift: { baseline, current, comparison } };
}

/**
 * A model-quality run's own statistics.json (under its output) and the baseline's constraints.json. Either one
 * missing is not an error (the values then come from the violations' text, and the finding says so); either one
 * malformed, or outside the stage's buckets, is a ReportError: the run is quarantined.
 */
async function readModelQualityFiles(run: MonitoringRun, source: ReportSource): Promise<ModelQualityFiles> {
  const statisticsAt = objectUnder(run.reports, 'statistics.json');
  const statisticsText = await readIfPresent(source, statisticsAt);
  if (typeof statisticsText !== 'string') return { absent: statisticsText.absent };
  const constraintsAt = run.baseline.constraints;
  if (constraintsAt === undefined) return { absent: 'the schedule names no baseline constraints.json' };
  const constraintsText = await readIfPresent(source, constraintsAt);
  if (typeof constraintsText !== 'string') return { absent: constraintsText.absent };
  return {
    statistics: parseModelQualityStatisticsReport(statisticsText, s3Uri(statisticsAt)),
    constraints: parseModelQualityConstraintsReport(constraintsText, s3Uri(constraintsAt)),
    statisticsAt: s3Uri(statisticsAt),
  };
}

async function readIfPresent(source: ReportSource, at: S3Location): Promise<string | { absent: string }> {
  try {
    return await source.read(at);
  } catch (error) {
    if (error instanceof MissingReportError) return { absent: error.message };
    throw error;
  }
}
