import { type ModelQualityConstraints, type ModelQualityStatistics, modelQualityBreaches, type ProblemType } from './check';
import type { ModelQualityOperator, Violation } from './reports';

/** A model-quality run's own files, or why they are not used. */
export type ModelQualityFiles =
  | { readonly statistics: ModelQualityStatistics; readonly constraints: ModelQualityConstraints; readonly statisticsAt: string }
  /** statistics.json (or the baseline's constraints.json) is absent: the values come from the violations' text. */
  | { readonly absent: string };

/** One metric that broke its constraint, as model-quality-degraded reports it. */
export interface QualityBreach {
  readonly metric: string;
  readonly operator: ModelQualityOperator;
  readonly value?: number;
  readonly threshold?: number;
  readonly standardDeviation?: number;
  readonly problem?: ProblemType;
  /** Where value and threshold come from: the run's statistics.json against the constraints, or the violation's description. */
  readonly valuesFrom: 'statistics.json' | 'violation description';
  /** Why the description was used, or what the files say about a breach the container reported. */
  readonly note?: string;
  /** The container's description, when it reported the breach. */
  readonly description?: string;
}

/**
 * The metrics of a run on the wrong side of their constraints. With the run's statistics.json and the baseline's
 * constraints.json, the values are the file's (`value`, `standard_deviation`) and the constraints' (`threshold`,
 * `comparison_operator`), compared as the container does (check/checkModelQuality.ts); a breach the container reported
 * that the files do not show is kept (never hidden), with its text's numbers and a note. Without the files, every
 * model-quality violation's numbers come from its description ("Metric auc with 0.71 was LessThanThreshold 0.8"), and
 * the note says why.
 */
export function qualityBreaches(violations: readonly Violation[], files: ModelQualityFiles | undefined): QualityBreach[] {
  const reported = violations.filter((v): v is Extract<Violation, { kind: 'model-quality' }> => v.kind === 'model-quality');
  const fromText = (v: (typeof reported)[number], note: string | undefined): QualityBreach => ({
    metric: v.metric,
    operator: v.operator,
    ...(v.value === undefined ? {} : { value: v.value }),
    ...(v.threshold === undefined ? {} : { threshold: v.threshold }),
    valuesFrom: 'violation description',
    ...(note === undefined ? {} : { note }),
    description: v.description,
  });
  if (files === undefined) return reported.map((v) => fromText(v, undefined));
  if ('absent' in files) return reported.map((v) => fromText(v, `values from the violation's description: ${files.absent}`));
  const { breaches } = modelQualityBreaches(files.constraints, files.statistics);
  const out: QualityBreach[] = breaches.map((b) => {
    const text = reported.find((v) => v.metric === b.metric);
    return {
      metric: b.metric,
      operator: b.operator,
      value: b.value,
      threshold: b.threshold,
      ...(b.standardDeviation === undefined ? {} : { standardDeviation: b.standardDeviation }),
      problem: b.problem,
      valuesFrom: 'statistics.json',
      ...(text ? { description: text.description } : { note: 'not in constraint_violations.json' }),
    };
  });
  for (const v of reported) {
    if (breaches.some((b) => b.metric === v.metric)) continue;
    out.push(fromText(v, `reported by the container; ${files.statisticsAt} against the baseline's constraints does not show it`));
  }
  return out;
}
