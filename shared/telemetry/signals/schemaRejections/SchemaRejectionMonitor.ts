import { VIOLATION_CLASSES } from '../../../../events/telemetry';
import { runbookFor } from '../../../detections/definition';
import type { ConfiguredRelay } from '../../../detections/relayed';
import type { Occurrence } from '../../../findings/occurrence';
import type { BatchOutcome, CounterKey } from '../../TelemetryIngest';
import { counterHour, counterPartitionKey, type TelemetryCounts } from '../../TelemetryIngestCounters';
import type { BatchOrigin } from '../origin';
import type { SchemaRejectionParams } from './telemetrySchemaRejections';

/** What the monitor reads: the counters of one key and hour (TelemetryIngestCounters.read). */
export interface IngestCountsReader {
  read(key: CounterKey, hour: string): Promise<TelemetryCounts | undefined>;
}

export interface CheckedBatch {
  readonly outcome: BatchOutcome;
  readonly origin: BatchOrigin;
}

/**
 * telemetry-schema-rejections, after a batch's counts are added: for each app, platform, release and hour of receipt
 * the batch counted into, the hour's counts as stored (every batch and Lambda of that hour, not this batch alone) are
 * read back and judged: rejected ÷ (accepted + quarantined) at or above the threshold, with at least minEvents. An
 * hour over it is one occurrence, whose event id names the key and hour: judged again by later batches of the same
 * hour it lands on the occurrence it made, so the finding counts the hours in breach and its first and last seen are
 * the first and last of those hours. The counters count per delivery (a redelivered batch counts again, in the
 * numerator and the denominator alike), so the share stands under redelivery.
 */
export class SchemaRejectionMonitor {
  constructor(
    private readonly configured: ConfiguredRelay<SchemaRejectionParams>,
    private readonly counters: IngestCountsReader,
  ) {}

  async evaluate(batches: readonly CheckedBatch[]): Promise<Occurrence[]> {
    if (!this.configured.enabled) return [];
    const touched = new Map<string, { key: CounterKey; hour: string; origin: BatchOrigin }>();
    for (const { outcome, origin } of batches) {
      const hour = counterHour(outcome.receivedAt);
      touched.set(`${counterPartitionKey(outcome.key)}\u0000${hour}`, { key: outcome.key, hour, origin });
    }
    const occurrences: Occurrence[] = [];
    for (const { key, hour, origin } of touched.values()) {
      const counts = await this.counters.read(key, hour);
      const occurrence = counts && this.judge(key, hour, counts, origin);
      if (occurrence) occurrences.push(occurrence);
    }
    return occurrences;
  }

  private judge(key: CounterKey, hour: string, counts: TelemetryCounts, origin: BatchOrigin): Occurrence | undefined {
    const { detection, severity, dedupWindowMinutes, params } = this.configured;
    const events = counts.accepted + counts.quarantined;
    const rejected = counts.quarantined + (params.includeMarked ? counts.unexpected : 0);
    if (events < params.minEvents || rejected / events < params.threshold) return undefined;
    const share = Math.round((rejected / events) * 10_000) / 10_000;
    const violations = VIOLATION_CLASSES.filter((c) => counts.violations[c] > 0)
      .sort((a, b) => counts.violations[b] - counts.violations[a] || (a < b ? -1 : 1))
      .map((c) => `${c}=${counts.violations[c]}`)
      .join(', ');
    const subject = `${key.app} ${key.release} (${key.platform})`;
    return {
      detection: detection.definition.id,
      severity,
      title: `${detection.definition.title}: ${subject}`,
      description:
        `${subject} sent telemetry that broke the spec: ${(share * 100).toFixed(1)} % of its ${events} events in the hour from ` +
        `${hour}:00Z (alert at ${params.threshold * 100} % with ${params.minEvents} events or more). The rejected events are in ` +
        'the quarantine with their reasons; the analyses (crashes, experiments, SLOs) do not see them.',
      subject,
      dedupKey: counterPartitionKey(key),
      windowMinutes: dedupWindowMinutes,
      mitre: [],
      runbook: runbookFor(detection.definition.id),
      source: origin.source,
      account: origin.account,
      region: origin.region,
      resources: [],
      evidence: {
        app: key.app,
        platform: key.platform,
        release: key.release,
        hour,
        events,
        rejected,
        quarantined: counts.quarantined,
        unexpected: counts.unexpected,
        share,
        threshold: params.threshold,
        minEvents: params.minEvents,
        violations: violations || null,
      },
      eventId: `${counterPartitionKey(key)}@${hour}`,
      eventTime: new Date(`${hour}:00:00.000Z`),
    };
  }
}
