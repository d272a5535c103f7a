import { runbookFor } from '../../../detections/definition';
import type { ConfiguredRelay } from '../../../detections/relayed';
import type { Occurrence } from '../../../findings/occurrence';
import { compareSeverity } from '../../../findings/severity';
import type { Severity } from '../../../findings/types';
import { type BurnEvaluation, DEFAULT_BURN_RULES, evaluateBurn, lookbackMinutes } from '../../../slo/burnRate';
import { epochMinute, MINUTE_MS } from '../../../slo/minuteCounts';
import type { ClassifiedTelemetryEvent } from '../../TelemetryIngest';
import type { BatchOrigin } from '../origin';
import { type AppLatencySloParams, appObjective } from './appLatencySloBurn';
import { LATENCY_BUCKET_MINUTES, type LatencyBucketStore } from './LatencyBucketStore';

/** The event the client-observed latency SLI reads (events/telemetry/catalogue.ts). */
export const API_REQUEST_EVENT = 'api_request';

/** The ticket rule's long window: a ticket finding's dedup window is at least this long. */
const TICKET_WINDOW_MINUTES = DEFAULT_BURN_RULES.find((r) => r.level === 'ticket')!.longMinutes;
/** Buckets are read (and kept) a day past the longest window, as model-latency-slo-burn keeps its minutes. */
const HISTORY_MINUTES = lookbackMinutes() + 24 * 60;

/** One telemetry batch's requests: its events, its EventBridge id (what makes its counts count once) and origin. */
export interface LatencyBatch {
  readonly envelopeId: string;
  readonly origin: BatchOrigin;
  readonly events: readonly ClassifiedTelemetryEvent[];
}

interface SeriesBuckets {
  readonly app: string;
  readonly environment: string;
  readonly buckets: Map<number, { total: number; bad: number }>;
}

const bucketOf = (time: number) => Math.floor(epochMinute(time) / LATENCY_BUCKET_MINUTES) * LATENCY_BUCKET_MINUTES;
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * app-latency-slo-burn over an SQS batch of telemetry batches. Each telemetry batch's `api_request` events are counted
 * per series (app and environment) and 5-minute bucket of event time, good when durationMs ≤ the app's threshold in
 * this stage; each (series, bucket) gets the batch's counts once (LatencyBucketStore). Then, for every bucket a batch
 * touched, the burn rates of shared/slo/burnRate.ts on the windows ending with that bucket (event time, whatever the
 * delivery order). A firing level is one occurrence per series, bucket and level (its event id names them): judged
 * again, a bucket lands on the occurrence it made; the finding keeps one per 6-hour window, a ticket per 3 days.
 */
export class AppLatencySloMonitor {
  constructor(
    private readonly configured: ConfiguredRelay<AppLatencySloParams>,
    private readonly store: LatencyBucketStore,
  ) {}

  async observe(batches: readonly LatencyBatch[]): Promise<Occurrence[]> {
    if (!this.configured.enabled) return [];
    const touched = new Map<string, { app: string; environment: string; origin: BatchOrigin; ends: Set<number> }>();
    for (const batch of batches) {
      for (const [series, counted] of this.countsOf(batch.events)) {
        const entry = touched.get(series) ?? { app: counted.app, environment: counted.environment, origin: batch.origin, ends: new Set() };
        touched.set(series, entry);
        for (const [minute, { total, bad }] of counted.buckets) {
          const expiresAt = Math.floor(((minute + HISTORY_MINUTES) * MINUTE_MS) / 1000);
          await this.store.add(series, { minute, total, bad }, batch.envelopeId, expiresAt);
          entry.ends.add(minute);
        }
      }
    }
    const occurrences: Occurrence[] = [];
    for (const [series, { app, environment, origin, ends }] of touched) {
      const first = Math.min(...ends);
      const last = Math.max(...ends);
      const counts = await this.store.read(series, first - HISTORY_MINUTES, last);
      const target = appObjective(this.configured.params, app).target;
      for (const bucket of [...ends].sort((a, b) => a - b)) {
        const end = bucket + LATENCY_BUCKET_MINUTES - 1;
        const known = counts.filter((c) => c.minute <= bucket && c.minute > bucket - HISTORY_MINUTES);
        const evaluation = evaluateBurn(known, end, target, DEFAULT_BURN_RULES, Math.min(end, ...known.map((c) => c.minute)));
        if (evaluation.level) occurrences.push(this.occurrenceOf(series, app, environment, bucket, origin, evaluation));
      }
    }
    return occurrences;
  }

  /** The batch's requests per series and bucket. */
  private countsOf(events: readonly ClassifiedTelemetryEvent[]): Map<string, SeriesBuckets> {
    const params = this.configured.params;
    const out = new Map<string, SeriesBuckets>();
    for (const e of events) {
      if (e.name !== API_REQUEST_EVENT) continue;
      const p = (e.event.properties ?? {}) as Record<string, unknown>;
      const time = Date.parse(String(e.event.timestamp));
      if (typeof p.durationMs !== 'number' || Number.isNaN(time)) continue;
      const app = e.batch.app.id;
      const environment = e.batch.environment;
      const series = `${app}#${environment}`;
      const entry = out.get(series) ?? { app, environment, buckets: new Map() };
      out.set(series, entry);
      const bucket = bucketOf(time);
      const counts = entry.buckets.get(bucket) ?? { total: 0, bad: 0 };
      entry.buckets.set(bucket, counts);
      const slow = p.durationMs > appObjective(params, app).thresholdMs;
      counts.total += 1;
      counts.bad += slow || (params.noResponseIsBad && p.status === 0) ? 1 : 0;
    }
    return out;
  }

  private occurrenceOf(
    series: string,
    app: string,
    environment: string,
    bucket: number,
    origin: BatchOrigin,
    evaluation: BurnEvaluation,
  ): Occurrence {
    const { detection, severity, dedupWindowMinutes, params } = this.configured;
    const objective = appObjective(params, app);
    const firing = evaluation.firing!;
    const level = firing.rule.level;
    // A ticket is at most medium: it does not page, whatever the stage's floor.
    const levelSeverity: Severity = level === 'page' ? severity : compareSeverity(severity, 'medium') > 0 ? 'medium' : severity;
    const subject = `${app} (${environment})`;
    const at = new Date(bucket * MINUTE_MS);
    return {
      detection: detection.definition.id,
      severity: levelSeverity,
      title: `App latency SLO burning (${level}): ${subject}`,
      description:
        `Backend calls of ${subject} slower than ${objective.thresholdMs} ms, as the app timed them, ` +
        `burn the ${objective.target * 100} % SLO's error budget at ${round(firing.long.burnRate)}× ` +
        `over ${firing.rule.longMinutes} min and ${round(firing.short.burnRate)}× over ${firing.rule.shortMinutes} min ` +
        `(alert at ${firing.rule.factor}×).`,
      subject,
      dedupKey: `${series}#${level}`,
      windowMinutes: level === 'ticket' ? Math.max(dedupWindowMinutes, TICKET_WINDOW_MINUTES) : dedupWindowMinutes,
      mitre: [],
      runbook: runbookFor(detection.definition.id),
      source: origin.source,
      account: origin.account,
      region: origin.region,
      resources: [],
      evidence: {
        app,
        environment,
        level,
        thresholdMs: objective.thresholdMs,
        target: objective.target,
        burnFactor: firing.rule.factor,
        longWindowMinutes: firing.rule.longMinutes,
        longBurnRate: round(firing.long.burnRate),
        longBad: firing.long.bad,
        longTotal: firing.long.total,
        shortWindowMinutes: firing.rule.shortMinutes,
        shortBurnRate: round(firing.short.burnRate),
        bucket: at.toISOString(),
      },
      eventId: `${series}@${at.toISOString()}#${level}`,
      eventTime: at,
    };
  }
}
