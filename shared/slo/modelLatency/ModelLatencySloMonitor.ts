import type { MetricStreamRecordEvent } from '../../../events/schemas/cloudWatchMetricStream';
import { runbookFor } from '../../detections/definition';
import type { ConfiguredRelay } from '../../detections/relayed';
import type { FindingPublisher } from '../../findings/FindingPublisher';
import { FindingRecorder } from '../../findings/FindingRecorder';
import type { FindingStore } from '../../findings/FindingStore';
import type { Occurrence } from '../../findings/occurrence';
import { moreSevere } from '../../findings/severity';
import type { Severity } from '../../findings/types';
import type { RetryDeadline } from '../../retry';
import { type BurnEvaluation, DEFAULT_BURN_RULES, evaluateBurn, lookbackMinutes } from '../burnRate';
import { MINUTE_MS } from '../minuteCounts';
import type { SloBucketStore } from '../SloBucketStore';
import { latencyMinute } from './latencyMinute';
import { type ModelLatencySloParams, objectiveFor } from './modelLatencySloBurn';

/** What became of one metric-stream record. */
export type LatencyOutcome =
  | { readonly status: 'disabled' }
  | { readonly status: 'unmeasurable'; readonly reason: string }
  | {
      readonly status: 'recorded' | 'duplicate';
      readonly series: string;
      readonly level?: 'page' | 'ticket';
      readonly findingId?: string;
      readonly severity?: Severity;
      readonly opened?: boolean;
    };

/** The ticket rule's long window: a ticket finding's dedup window is at least this long. */
const TICKET_WINDOW_MINUTES = DEFAULT_BURN_RULES.find((r) => r.level === 'ticket')!.longMinutes;

/**
 * Minutes are read (and kept) a day past the longest window: the earliest one read tells whether the history covers
 * the 3-day window (burnRate.ts), also for an endpoint without traffic (CloudWatch then sends no record) at the
 * very start of the window; and a late record still sees its whole window.
 */
const HISTORY_MINUTES = lookbackMinutes() + 24 * 60;

/**
 * model-latency-slo-burn, record by record: the record's minute goes into the bucket store (first record of a
 * minute wins: a redelivered record is not counted twice), then the burn rates are evaluated on the windows that
 * end with that minute (event time, so a replay or a late record is judged on its own time, whatever the
 * delivery order). A duplicate is evaluated too: the first delivery may have recorded the minute and failed
 * before publishing its finding. A firing level becomes an occurrence of the finding for that endpoint variant
 * and level; the finding store keeps one finding per 6-hour window and announces it once.
 */
export class ModelLatencySloMonitor {
  private readonly recorder: FindingRecorder;

  constructor(
    private readonly configured: ConfiguredRelay<ModelLatencySloParams>,
    private readonly buckets: SloBucketStore,
    findings: FindingStore,
    publisher: FindingPublisher,
  ) {
    this.recorder = new FindingRecorder(findings, publisher);
  }

  async observe(event: MetricStreamRecordEvent, deadline: RetryDeadline = {}): Promise<LatencyOutcome> {
    if (!this.configured.enabled) return { status: 'disabled' };
    const record = event.detail;
    const endpoint = record.dimensions.EndpointName ?? '';
    const variant = record.dimensions.VariantName ?? '';
    const objective = objectiveFor(this.configured.params, endpoint, variant);
    const minute = latencyMinute(record, objective.thresholdMicros);
    if (!minute.measurable) return { status: 'unmeasurable', reason: minute.reason };
    const end = minute.count.minute;
    const expiresAt = Math.floor(((end + HISTORY_MINUTES) * MINUTE_MS) / 1000);
    const recorded = await this.buckets.record(minute.series, minute.count, expiresAt);
    const counts = await this.buckets.read(minute.series, end - HISTORY_MINUTES + 1, end);
    const evaluation = evaluateBurn(counts, end, objective.target, DEFAULT_BURN_RULES);
    const status = recorded ? 'recorded' : 'duplicate';
    if (!evaluation.level) return { status, series: minute.series };
    const occurrence = this.occurrenceOf(event, minute, objective, evaluation);
    const { finding, unannounced } = await this.recorder.recordOne(occurrence, deadline);
    return {
      status,
      series: minute.series,
      level: evaluation.level,
      findingId: finding.id,
      severity: finding.severity,
      opened: unannounced,
    };
  }

  private occurrenceOf(
    event: MetricStreamRecordEvent,
    minute: Extract<ReturnType<typeof latencyMinute>, { measurable: true }>,
    objective: { thresholdMicros: number; target: number },
    evaluation: BurnEvaluation,
  ): Occurrence {
    const { detection, severity, dedupWindowMinutes } = this.configured;
    const firing = evaluation.firing!;
    const level = firing.rule.level;
    const levelSeverity: Severity = level === 'page' ? 'high' : 'medium';
    const record = event.detail;
    const subject = `${minute.endpoint}/${minute.variant}`;
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
      detection: detection.definition.id,
      severity: moreSevere(severity, levelSeverity),
      title: `Model latency SLO burning (${level}): ${subject}`,
      description:
        `Invocations of ${subject} slower than ${objective.thresholdMicros / 1000} ms burn the ${objective.target * 100} % SLO's ` +
        `error budget at ${round(firing.long.burnRate)}× over ${firing.rule.longMinutes} min and ` +
        `${round(firing.short.burnRate)}× over ${firing.rule.shortMinutes} min (alert at ${firing.rule.factor}×).`,
      subject,
      dedupKey: `${record.account_id}:${record.region}:${subject}#${level}`,
      // A ticket speaks for 3 days of burn: one per 3-day window, not one per 6 hours while a slow burn lasts.
      windowMinutes: level === 'ticket' ? Math.max(dedupWindowMinutes, TICKET_WINDOW_MINUTES) : dedupWindowMinutes,
      mitre: [],
      runbook: runbookFor(detection.definition.id),
      source: event.source,
      account: record.account_id,
      region: record.region,
      resources: [`arn:aws:sagemaker:${record.region}:${record.account_id}:endpoint/${minute.endpoint.toLowerCase()}`],
      evidence: {
        endpoint: minute.endpoint,
        variant: minute.variant,
        level,
        thresholdMicros: objective.thresholdMicros,
        target: objective.target,
        burnFactor: firing.rule.factor,
        longWindowMinutes: firing.rule.longMinutes,
        longBurnRate: round(firing.long.burnRate),
        longBad: firing.long.bad,
        longTotal: firing.long.total,
        shortWindowMinutes: firing.rule.shortMinutes,
        shortBurnRate: round(firing.short.burnRate),
        metricStream: record.metric_stream_name,
      },
      eventId: event.id,
      eventTime: new Date(minute.count.minute * MINUTE_MS),
    };
  }
}
