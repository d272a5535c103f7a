import { parseStatisticsFile } from '../../drift';
import { checkDataQuality } from './checkDataQuality';
import { checkModelQuality } from './checkModelQuality';
import { parseDataQualityConstraints } from './dataQualityConstraints';
import { InvalidConstraintsError, MismatchedMonitoringTypeError } from './errors';
import { parseModelQualityConstraints, parseModelQualityStatistics } from './modelQualityFiles';
import type { CheckReport } from './violation';

/** A parsed JSON file and the name it is reported by. */
export interface NamedDocument {
  readonly value: unknown;
  readonly source: string;
}

export type MonitoringKind = 'data-quality' | 'model-quality';

/** Data quality files have `features[]`; model-quality ones `<problem>_constraints` / `<problem>_metrics` sections. */
export function monitoringKind(value: unknown): MonitoringKind | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if ('features' in value) return 'data-quality';
  if (Object.keys(value).some((k) => /_(constraints|metrics)$/.test(k))) return 'model-quality';
  return undefined;
}

/**
 * Checks a run against its baseline from the files as read: tells data quality from model quality by the
 * constraints' shape, validates every file (an error names the file and what is wrong), then evaluates.
 */
export function checkMonitoringRun(input: {
  constraints: NamedDocument;
  statistics: NamedDocument;
  baselineStatistics?: NamedDocument;
}): CheckReport & { readonly kind: MonitoringKind } {
  const { constraints, statistics, baselineStatistics } = input;
  const kind = monitoringKind(constraints.value);
  if (!kind) {
    throw new InvalidConstraintsError(
      `${constraints.source}: not a Model Monitor constraints.json (neither "features" nor a <problem>_constraints section)`,
    );
  }
  const runKind = monitoringKind(statistics.value);
  if (runKind !== undefined && runKind !== kind) {
    throw new MismatchedMonitoringTypeError(
      `${statistics.source} holds ${runKind} statistics, but ${constraints.source} ${kind} constraints`,
    );
  }
  if (kind === 'model-quality') {
    if (baselineStatistics) {
      throw new MismatchedMonitoringTypeError(
        '--baseline-statistics applies to data-quality constraints (baseline drift), not model quality',
      );
    }
    const report = checkModelQuality(
      parseModelQualityConstraints(constraints.value, constraints.source),
      parseModelQualityStatistics(statistics.value, statistics.source),
    );
    return { kind, ...report };
  }
  const report = checkDataQuality({
    constraints: parseDataQualityConstraints(constraints.value, constraints.source),
    statistics: parseStatisticsFile(statistics.value, statistics.source),
    baselineStatistics: baselineStatistics && parseStatisticsFile(baselineStatistics.value, baselineStatistics.source),
    constraintsSource: constraints.source,
  });
  return { kind, ...report };
}
