import type { StatisticsFile } from '../../drift';
import { compareStatisticsFiles } from '../../drift';
import { baselineDriftCheck } from './baselineDriftCheck';
import { categoricalValuesCheck } from './categoricalValuesCheck';
import { columnChecks } from './columnChecks';
import { completenessCheck } from './completenessCheck';
import type { DataQualityConstraints } from './dataQualityConstraints';
import { dataTypeCheck } from './dataTypeCheck';
import { evaluatesConstraints, featureSettings } from './settings';
import type { CheckReport, DataQualityViolation } from './violation';

export interface DataQualityInput {
  readonly constraints: DataQualityConstraints;
  /** The run's statistics.json. */
  readonly statistics: StatisticsFile;
  /** The baseline's statistics.json: needed for baseline_drift_check only (a note says so when it is absent). */
  readonly baselineStatistics?: StatisticsFile;
  /** Names the constraints file in errors. */
  readonly constraintsSource?: string;
}

/**
 * Evaluates a run's data-quality statistics against the baseline's constraints as the Model Monitor container
 * does: per baseline feature data_type_check, completeness_check, categorical_values_check and
 * baseline_drift_check, then missing_column_check and extra_column_check. Violations come in the baseline's
 * feature order, then the column checks'. `evaluate_constraints: Disabled` checks nothing.
 */
export function checkDataQuality(input: DataQualityInput): CheckReport<DataQualityViolation> {
  const { constraints, statistics, baselineStatistics } = input;
  const source = input.constraintsSource ?? 'constraints.json';
  const notes: string[] = [];
  if (!evaluatesConstraints(constraints)) {
    return { violations: [], notes: ['monitoring_config.evaluate_constraints is Disabled: no constraint evaluated'] };
  }
  const settings = new Map(constraints.features.map((f) => [f.name, featureSettings(constraints, f, source)]));
  const drift = driftComparisons(constraints, statistics, baselineStatistics, settings, notes);
  const run = new Map(statistics.features.map((f) => [f.name, f]));
  const violations: DataQualityViolation[] = [];
  const take = (outcome: DataQualityViolation | string | undefined) => {
    if (typeof outcome === 'string') notes.push(outcome);
    else if (outcome) violations.push(outcome);
  };
  for (const constraint of constraints.features) {
    const feature = run.get(constraint.name);
    if (!feature) continue;
    const own = settings.get(constraint.name)!;
    take(dataTypeCheck(constraint, feature, own));
    take(completenessCheck(constraint, feature));
    take(categoricalValuesCheck(constraint, feature, own));
    if (drift) take(baselineDriftCheck(constraint, drift.get(constraint.name), own));
  }
  violations.push(...columnChecks(constraints, statistics));
  return { violations, notes };
}

function driftComparisons(
  constraints: DataQualityConstraints,
  statistics: StatisticsFile,
  baselineStatistics: StatisticsFile | undefined,
  settings: Map<string, ReturnType<typeof featureSettings>>,
  notes: string[],
) {
  const wanted = constraints.features.some((f) => settings.get(f.name)!.performComparison && f.inferred_type !== 'Unknown');
  if (!wanted) return undefined;
  if (!baselineStatistics) {
    notes.push('baseline_drift_check not evaluated: it needs the baseline statistics (--baseline-statistics)');
    return undefined;
  }
  const comparison = compareStatisticsFiles(baselineStatistics, statistics);
  return new Map(comparison.features.map((f) => [f.name, f]));
}
