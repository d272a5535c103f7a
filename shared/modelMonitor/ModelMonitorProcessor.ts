import type { SageMakerProcessingJobEvent } from '../../events/schemas/sagemakerProcessingJob';
import { runbookFor } from '../detections/definition';
import type { ConfiguredRelay } from '../detections/relayed';
import { compareStatisticsFiles, type StatisticsComparison } from '../drift';
import type { FindingPublisher } from '../findings/FindingPublisher';
import type { FindingStore } from '../findings/FindingStore';
import type { Occurrence } from '../findings/occurrence';
import { moreSevere } from '../findings/severity';
import type { EvidenceValue, Finding, Severity } from '../findings/types';
import type { RetryDeadline } from '../retry';
import type { DatasetDriftParams, FeatureDriftParams, JobFailedParams, QualityParams, ViolationParams } from './detections';
import { driftLevels, linesFor } from './detections';
import { ModelMonitorError } from './errors';
import type { DriftHistoryStore, DriftScore } from './history';
import { type MonitoringRun, monitoringRunOf } from './monitoringRun';
import { type QualityBreach, qualityBreaches } from './qualityBreaches';
import type { Violation } from './reports';
import type { ReportSource } from './ReportSource';
import type { RunLog } from './RunLog';
import { readRunReports, type RunReports } from './runReports';
import { s3Uri } from './s3Location';

/** The model detections as this stage configures them (configureRelay). */
export interface ModelDetections {
  readonly featureDrift: ConfiguredRelay<FeatureDriftParams>;
  readonly datasetDrift: ConfiguredRelay<DatasetDriftParams>;
  readonly quality: ConfiguredRelay<QualityParams>;
  readonly violations: ConfiguredRelay<ViolationParams>;
  readonly jobFailed: ConfiguredRelay<JobFailedParams>;
}

export interface ModelMonitorProcessorOptions {
  readonly detections: ModelDetections;
  readonly findings: FindingStore;
  readonly publisher: FindingPublisher;
  readonly history: DriftHistoryStore;
  readonly reports: ReportSource;
  /** Where arrivals are recorded for the missing-run check (functions/model-monitor-check). */
  readonly runs: RunLog;
  /** How long drift scores are kept (TTL past the run's time). */
  readonly historyDays: number;
}

/** What became of one processing-job event. */
export type ProcessOutcome =
  | { readonly status: 'not-monitoring' | 'in-progress' }
  /** A run that cannot be read (a report missing, unreadable or malformed): the caller quarantines the event with the reason. */
  | { readonly status: 'unreadable'; readonly run: string; readonly reason: string }
  | {
      readonly status: 'processed';
      readonly run: string;
      readonly model: string;
      readonly outcome: MonitoringRun['outcome']['kind'];
      readonly scores: number;
      /** Findings this event opened (announced on the bus), and occurrences folded into findings already open. */
      readonly opened: ReadonlyArray<Pick<Finding, 'id' | 'detection' | 'severity'>>;
      readonly updated: number;
    };

const LEVEL_SEVERITY = { warn: 'medium', critical: 'high' } as const satisfies Record<'warn' | 'critical', Severity>;

/**
 * Model Monitor runs to model findings. A run is recognised among processing-job events
 * (monitoringRun.ts), its reports read through the ReportSource, its features' baseline distances
 * recomputed from both statistics.json files (shared/drift) and stored as drift history, and the
 * findings recorded (FindingStore: ids from detection, dedup key and window, so a redelivered or
 * shuffled run lands on the same findings) and announced when they open, and again when they grow.
 */
export class ModelMonitorProcessor {
  constructor(private readonly options: ModelMonitorProcessorOptions) {}

  /** Pure: the run an event reports, undefined for a processing job that is not a monitoring run. */
  runOf(event: SageMakerProcessingJobEvent): MonitoringRun | undefined {
    return monitoringRunOf(event);
  }

  async process(event: SageMakerProcessingJobEvent, deadline: RetryDeadline = {}): Promise<ProcessOutcome> {
    let run: MonitoringRun | undefined;
    try {
      run = monitoringRunOf(event);
    } catch (error) {
      if (error instanceof ModelMonitorError) return { status: 'unreadable', run: event.detail.ProcessingJobName, reason: error.message };
      throw error;
    }
    if (run === undefined) return { status: 'not-monitoring' };
    if (run.outcome.kind === 'in-progress') return { status: 'in-progress' };
    const expiresAt = Math.floor(run.runTime.getTime() / 1000) + this.options.historyDays * 86_400;
    await this.options.runs.record(
      { schedule: run.schedule, runTime: run.runTime.toISOString(), job: run.job, model: run.model },
      expiresAt,
    );
    const occurrences: Occurrence[] = [];
    let scores = 0;
    if (run.outcome.kind === 'failed' || run.outcome.kind === 'stopped') {
      occurrences.push(...this.jobFailed(run, event));
    } else {
      let reports: RunReports;
      try {
        reports = await readRunReports(run, this.options.reports);
      } catch (error) {
        if (error instanceof ModelMonitorError) return { status: 'unreadable', run: run.job, reason: error.message };
        throw error;
      }
      occurrences.push(...this.violations(run, event, reports.violations));
      occurrences.push(...this.quality(run, event, qualityBreaches(reports.violations, reports.quality)));
      if (reports.drift?.comparison.enabled) {
        const { baseline, current, comparison: config } = reports.drift;
        const comparison = compareStatisticsFiles(baseline, current, { method: config.method, threshold: config.threshold });
        const driftScores = scoresOf(run, comparison);
        scores = driftScores.length;
        await this.options.history.put(driftScores, expiresAt);
        occurrences.push(...(await this.featureDrift(run, event, driftScores)));
        occurrences.push(...this.datasetDrift(run, event, comparison));
      }
    }
    const opened: Array<Pick<Finding, 'id' | 'detection' | 'severity'>> = [];
    const toAnnounce = new Map<string, Finding>();
    const opening = new Set<string>();
    let updated = 0;
    for (const occurrence of occurrences) {
      const result = await this.options.findings.record(occurrence, deadline);
      if (result.unannounced) opening.add(result.finding.id);
      else updated += 1;
      if (result.unannounced || result.grown) toAnnounce.set(result.finding.id, result.finding);
    }
    // Announced when they open and again when grown (or by the retry of an invocation whose announcement
    // failed: the router is idempotent on the id and count).
    if (toAnnounce.size > 0) {
      const announced = [...toAnnounce.values()];
      await this.options.publisher.publish(announced, deadline);
      await this.options.findings.markAnnounced(announced.map((f) => f.id));
      for (const f of announced) if (opening.has(f.id)) opened.push({ id: f.id, detection: f.detection, severity: f.severity });
    }
    return { status: 'processed', run: run.job, model: run.model, outcome: run.outcome.kind, scores, opened, updated };
  }

  /**
   * The feature's runs, oldest first, leveled with hysteresis; this run and the ones after it (a late
   * run changes the level its successors start from) are recorded at their level when over a line.
   */
  private async featureDrift(run: MonitoringRun, event: SageMakerProcessingJobEvent, scores: readonly DriftScore[]): Promise<Occurrence[]> {
    const configured = this.options.detections.featureDrift;
    if (!configured.enabled) return [];
    const out: Occurrence[] = [];
    for (const score of scores) {
      const lines = linesFor(configured.params, run.model, score.feature);
      const history = await this.options.history.query(run.model, { feature: score.feature });
      const levels = driftLevels(
        history.map((h) => h.score),
        lines,
      );
      history.forEach((h, i) => {
        const level = levels[i]!;
        if (level === 'ok' || h.runTime < score.runTime) return;
        const line = level === 'critical' ? lines.criticalAt : lines.warnAt;
        out.push(
          this.occurrence(configured, run, event, {
            severity: moreSevere(configured.severity, LEVEL_SEVERITY[level]),
            title: `Feature ${h.feature} of ${run.model} drifted from its baseline (${level})`,
            description:
              `${h.feature} of model ${run.model}: baseline distance ${round(h.score)} (${h.method}) in run ${h.job}, ` +
              `at or over the ${level} line ${line}`,
            subject: `${run.model}/${h.feature}`,
            dedupKey: `${run.account}:${run.region}:${run.model}:${h.feature}:${level}`,
            eventId: h.job,
            eventTime: new Date(h.runTime),
            evidence: {
              model: run.model,
              feature: h.feature,
              type: h.type,
              level,
              score: h.score,
              method: h.method,
              simple: h.simple,
              robust: h.robust,
              line,
              comparisonThreshold: h.threshold,
              run: h.job,
              runTime: h.runTime,
            },
          }),
        );
      });
    }
    return out;
  }

  private datasetDrift(run: MonitoringRun, event: SageMakerProcessingJobEvent, comparison: StatisticsComparison): Occurrence[] {
    const configured = this.options.detections.datasetDrift;
    const dataset = comparison.dataset;
    if (!configured.enabled || dataset === undefined || dataset.share < configured.params.driftShare) return [];
    const drifted = comparison.features.filter((f) => 'drift' in f && f.drift).map((f) => f.name);
    return [
      this.occurrence(configured, run, event, {
        severity: configured.severity,
        title: `${run.model}: ${dataset.drifted} of ${dataset.features} input features drifted`,
        description:
          `Run ${run.job} of ${run.schedule}: ${dataset.drifted} of ${dataset.features} features over the baseline's ` +
          `${comparison.comparison.method} threshold ${comparison.comparison.threshold} ` +
          `(share ${round(dataset.share)}, limit ${configured.params.driftShare})`,
        subject: run.model,
        dedupKey: `${run.account}:${run.region}:${run.model}`,
        evidence: {
          model: run.model,
          run: run.job,
          features: dataset.features,
          drifted: dataset.drifted,
          share: dataset.share,
          driftShare: configured.params.driftShare,
          driftedFeatures: list(drifted),
        },
      }),
    ];
  }

  private violations(run: MonitoringRun, event: SageMakerProcessingJobEvent, violations: readonly Violation[]): Occurrence[] {
    const out: Occurrence[] = [];
    const dataQuality = this.options.detections.violations;
    const checked = violations.filter(
      (v): v is Extract<Violation, { kind: 'data-quality' }> => v.kind === 'data-quality' && dataQuality.params.checks.includes(v.check),
    );
    if (dataQuality.enabled && checked.length >= dataQuality.params.minViolations) {
      const byCheck: Record<string, number> = {};
      for (const v of checked) byCheck[v.check] = (byCheck[v.check] ?? 0) + 1;
      const summary = Object.entries(byCheck)
        .map(([check, n]) => `${n} ${check}`)
        .join(', ');
      out.push(
        this.occurrence(dataQuality, run, event, {
          severity: dataQuality.severity,
          title: `${run.model}: ${checked.length} data-quality constraint violation(s)`,
          description: `Run ${run.job} of ${run.schedule} reported ${summary} (constraint_violations.json under ${s3Uri(run.reports)})`,
          subject: run.model,
          dedupKey: `${run.account}:${run.region}:${run.model}`,
          evidence: {
            model: run.model,
            run: run.job,
            violations: checked.length,
            reportedByExitMessage: run.outcome.kind === 'violations' ? (run.outcome.count ?? null) : 0,
            ...Object.fromEntries(Object.entries(byCheck).map(([check, n]) => [check, n])),
            features: list([...new Set(checked.map((v) => v.feature))]),
            other: violations.filter((v) => v.kind === 'other').length,
          },
        }),
      );
    }
    return out;
  }

  /** model-quality-degraded, one occurrence per metric; the values' origin (statistics.json or the violation text) in the evidence. */
  private quality(run: MonitoringRun, event: SageMakerProcessingJobEvent, breaches: readonly QualityBreach[]): Occurrence[] {
    const quality = this.options.detections.quality;
    if (!quality.enabled) return [];
    return breaches
      .filter((b) => !quality.params.ignoredMetrics.includes(b.metric))
      .map((b) =>
        this.occurrence(quality, run, event, {
          severity: quality.severity,
          title: `${run.model}: model quality metric ${b.metric} broke its constraint`,
          description: `Run ${run.job} of ${run.schedule}: ${breachText(b)}`,
          subject: `${run.model}/${b.metric}`,
          dedupKey: `${run.account}:${run.region}:${run.model}:${b.metric}`,
          evidence: {
            model: run.model,
            run: run.job,
            metric: b.metric,
            operator: b.operator,
            value: b.value ?? null,
            threshold: b.threshold ?? null,
            standardDeviation: b.standardDeviation ?? null,
            problemType: b.problem ?? null,
            valuesFrom: b.valuesFrom,
            ...(b.note === undefined ? {} : { valuesNote: b.note }),
          },
        }),
      );
  }

  private jobFailed(run: MonitoringRun, event: SageMakerProcessingJobEvent): Occurrence[] {
    const configured = this.options.detections.jobFailed;
    if (!configured.enabled || (run.outcome.kind === 'stopped' && !configured.params.includeStopped)) return [];
    const reason = 'reason' in run.outcome ? run.outcome.reason.slice(0, 256) : '';
    return [
      this.occurrence(configured, run, event, {
        severity: configured.severity,
        title: `Model Monitor run of ${run.schedule} ${run.outcome.kind}`,
        description: `Run ${run.job} of schedule ${run.schedule} (model ${run.model}) ${run.outcome.kind}: ${reason}`,
        subject: run.schedule,
        dedupKey: `${run.account}:${run.region}:${run.schedule}`,
        evidence: { schedule: run.schedule, model: run.model, run: run.job, status: run.outcome.kind, reason, missing: false },
      }),
    ];
  }

  private occurrence(
    configured: ConfiguredRelay<unknown>,
    run: MonitoringRun,
    event: SageMakerProcessingJobEvent,
    hit: Pick<Occurrence, 'severity' | 'title' | 'description' | 'subject' | 'dedupKey'> & {
      evidence: Record<string, EvidenceValue>;
      eventId?: string;
      eventTime?: Date;
    },
  ): Occurrence {
    const id = configured.detection.definition.id;
    return {
      detection: id,
      severity: hit.severity,
      title: hit.title,
      description: hit.description,
      subject: hit.subject,
      dedupKey: hit.dedupKey,
      windowMinutes: configured.dedupWindowMinutes,
      mitre: [],
      runbook: runbookFor(id),
      source: event.source,
      account: run.account,
      region: run.region,
      resources: [run.jobArn],
      evidence: hit.evidence,
      // The run's processing job, not the envelope id: the same run re-evaluated (a late predecessor) is the same event.
      eventId: hit.eventId ?? run.job,
      eventTime: hit.eventTime ?? run.runTime,
    };
  }
}

function scoresOf(run: MonitoringRun, comparison: StatisticsComparison): DriftScore[] {
  const method = comparison.comparison.method;
  return comparison.features.flatMap((f) =>
    'drift' in f
      ? [
          {
            model: run.model,
            feature: f.name,
            runTime: run.runTime.toISOString(),
            job: run.job,
            type: f.type,
            score: f.baselineDistance[method],
            method,
            simple: f.baselineDistance.simple,
            robust: f.baselineDistance.robust,
            threshold: comparison.comparison.threshold,
          },
        ]
      : [],
  );
}

/** "auc 0.7912 (sd 0.0113) LessThanThreshold 0.85, from statistics.json", or the container's own words when it gave no numbers. */
function breachText(b: QualityBreach): string {
  if (b.value === undefined || b.threshold === undefined) return b.description || `${b.metric} ${b.operator}`;
  const sd = b.standardDeviation === undefined ? '' : ` (sd ${round(b.standardDeviation)})`;
  return `${b.metric} ${b.value}${sd} ${b.operator} ${b.threshold}, from ${b.valuesFrom}`;
}

function round(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}

/** Names as one evidence string (scalars only), the first 20. */
function list(names: readonly string[]): string {
  return names.length > 20 ? `${names.slice(0, 20).join(', ')}, ...` : names.join(', ');
}
