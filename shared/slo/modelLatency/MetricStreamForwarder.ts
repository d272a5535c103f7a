import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { METRIC_STREAM_DETAIL_TYPE, METRIC_STREAM_SOURCE, MetricStreamRecordSchema } from '../../../events/schemas/cloudWatchMetricStream';
import { putEventsBatched, type PutEventsFailure } from '../../events/putEventsBatched';
import { describeIssues } from '../../ingest';
import type { RetryDeadline } from '../../retry';

/** One Firehose record handed to the data transformation: its id and its data, decoded (UTF-8). */
export interface FirehoseRecordIn {
  readonly recordId: string;
  readonly data: string;
}

/** What Firehose expects back for each record (data base64). */
export interface FirehoseRecordOut {
  readonly recordId: string;
  readonly result: 'Ok' | 'ProcessingFailed';
  readonly data: string;
}

/** A line of a Firehose record that is not a metric-stream JSON record: quarantined by the caller, never forwarded. */
export interface RejectedLine {
  readonly recordId: string;
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export interface ForwardOutcome {
  readonly records: FirehoseRecordOut[];
  readonly forwarded: number;
  readonly rejected: RejectedLine[];
  /** Entries PutEvents refused for good (after the retries of putEventsBatched), their records ProcessingFailed. */
  readonly failed: PutEventsFailure[];
}

export interface MetricStreamForwarderOptions {
  readonly eventBridge: EventBridgeClient;
  readonly busName: string;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The stage side of the metric stream: a Kinesis Data Firehose data transformation that puts each CloudWatch
 * metric-stream record (output format `json`: newline-delimited JSON, several records per Firehose record) on the
 * Vigil bus as a `vigil.metric-stream` / "CloudWatch Metric Stream Record" event whose detail is the record
 * unchanged, the shape functions/endpoint-latency reads (events/schemas/cloudWatchMetricStream.ts); event time is the
 * record's minute. PutEvents is batched within its limits (10 entries, 256 KB) and entries refused with a retryable
 * code are sent again (shared/events/putEventsBatched.ts).
 *
 * Each Firehose record comes back `Ok` (its data unchanged: Firehose archives it in the stream's bucket) when all its
 * lines were forwarded or rejected, `ProcessingFailed` when PutEvents refused one of its lines for good: Firehose then
 * writes it under the bucket's error prefix, from where it can be sent again. Forwarding twice is harmless, since
 * endpoint-latency counts a series' minute once. A line that is not a metric-stream record is returned as rejected
 * (the caller quarantines it with the reason) and does not fail its record: a retry would refuse it the same way.
 */
export class MetricStreamForwarder {
  constructor(private readonly options: MetricStreamForwarderOptions) {}

  async forward(records: readonly FirehoseRecordIn[], deadline: RetryDeadline = {}): Promise<ForwardOutcome> {
    const rejected: RejectedLine[] = [];
    const entries: PutEventsRequestEntry[] = [];
    const recordOf = new Map<PutEventsRequestEntry, string>();
    for (const record of records) {
      record.data.split('\n').forEach((text, i) => {
        if (text.trim() === '') return;
        const parsed = parseLine(text);
        if ('reason' in parsed) {
          rejected.push({ recordId: record.recordId, line: i + 1, text, reason: parsed.reason });
          return;
        }
        const entry: PutEventsRequestEntry = {
          EventBusName: this.options.busName,
          Source: METRIC_STREAM_SOURCE,
          DetailType: METRIC_STREAM_DETAIL_TYPE,
          Time: new Date(parsed.timestamp),
          Detail: JSON.stringify(parsed.value),
        };
        entries.push(entry);
        recordOf.set(entry, record.recordId);
      });
    }
    const outcome = await putEventsBatched(this.options.eventBridge, entries, {
      ...(this.options.sleep === undefined ? {} : { sleep: this.options.sleep }),
      signal: deadline.signal,
      deadline: deadline.deadline,
    });
    const failedRecords = new Set(outcome.failed.map((f) => recordOf.get(f.entry)));
    return {
      records: records.map((r) => ({
        recordId: r.recordId,
        result: failedRecords.has(r.recordId) ? 'ProcessingFailed' : 'Ok',
        data: Buffer.from(r.data, 'utf8').toString('base64'),
      })),
      forwarded: outcome.published,
      rejected,
      failed: outcome.failed,
    };
  }
}

function parseLine(text: string): { value: unknown; timestamp: number } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: 'not JSON (a metric stream in the json output format writes one JSON record per line)' };
  }
  const result = MetricStreamRecordSchema.safeParse(value);
  if (!result.success) return { reason: `not a CloudWatch metric-stream record: ${describeIssues(result.error)}` };
  return { value, timestamp: result.data.timestamp };
}
