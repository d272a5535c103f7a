import { GetCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VIOLATION_CLASSES, type ViolationClass } from '../../events/telemetry';
import { TelemetryCounterError } from './errors';
import type { BatchOutcome, CounterKey } from './TelemetryIngest';

/*
 * What telemetry ingest did, counted in the DetectionState table (infra/resources/tables.yml) per app,
 * platform and release and per hour of the bus's receipt time:
 *   pk `telemetry-ingest:<app id>#<platform>#<release>`, sk `YYYY-MM-DDTHH`,
 *   batches, batchesQuarantined, accepted, quarantined, unexpected (accepted but marked), and
 *   `violation_<class>` for each class of violation found (envelope, unplanned_event, ...).
 * What the `telemetry-schema-rejections` detection reads (rejections against events, per release and
 * hour), and what `vigil replay` sums into summary.json. One UpdateItem per key and hour per SQS batch
 * (ADD, atomic whoever writes). Counts are per delivery, as the quarantine's are: a redelivered batch
 * counts again, in the numerator and the denominator alike.
 */
export const COUNTER_PK_PREFIX = 'telemetry-ingest:';
export const COUNTER_RETENTION_DAYS = 35;

export interface TelemetryCounts {
  batches: number;
  batchesQuarantined: number;
  accepted: number;
  quarantined: number;
  unexpected: number;
  violations: Record<ViolationClass, number>;
}

export interface TelemetryIngestCountersOptions {
  ddb: DynamoDBDocumentClient;
  table: string;
  retentionDays?: number;
}

export const emptyCounts = (): TelemetryCounts => ({
  batches: 0,
  batchesQuarantined: 0,
  accepted: 0,
  quarantined: 0,
  unexpected: 0,
  violations: Object.fromEntries(VIOLATION_CLASSES.map((c) => [c, 0])) as Record<ViolationClass, number>,
});

export function counterPartitionKey(key: CounterKey): string {
  return `${COUNTER_PK_PREFIX}${key.app}#${key.platform}#${key.release}`;
}

/** The receipt hour, `YYYY-MM-DDTHH` (UTC). */
export function counterHour(receivedAt: string): string {
  const time = Date.parse(receivedAt);
  return new Date(Number.isNaN(time) ? 0 : time).toISOString().slice(0, 13);
}

export class TelemetryIngestCounters {
  constructor(private readonly options: TelemetryIngestCountersOptions) {}

  /** Adds the outcomes of one SQS batch: one write per key and hour. */
  async add(outcomes: readonly BatchOutcome[]): Promise<void> {
    const sums = new Map<string, { key: CounterKey; hour: string; counts: TelemetryCounts }>();
    for (const outcome of outcomes) {
      const hour = counterHour(outcome.receivedAt);
      const id = `${counterPartitionKey(outcome.key)}\u0000${hour}`;
      let entry = sums.get(id);
      if (!entry) sums.set(id, (entry = { key: outcome.key, hour, counts: emptyCounts() }));
      const c = entry.counts;
      c.batches += 1;
      c.batchesQuarantined += outcome.batchQuarantined ? 1 : 0;
      c.accepted += outcome.accepted.length;
      c.quarantined += outcome.quarantined;
      c.unexpected += outcome.unexpected;
      for (const cls of VIOLATION_CLASSES) c.violations[cls] += outcome.violations[cls];
    }
    for (const { key, hour, counts } of sums.values()) await this.write(key, hour, counts);
  }

  private async write(key: CounterKey, hour: string, counts: TelemetryCounts): Promise<void> {
    const { ddb, table } = this.options;
    const added: Record<string, number> = {
      batches: counts.batches,
      batchesQuarantined: counts.batchesQuarantined,
      accepted: counts.accepted,
      quarantined: counts.quarantined,
      unexpected: counts.unexpected,
      ...Object.fromEntries(VIOLATION_CLASSES.filter((c) => counts.violations[c] > 0).map((c) => [`violation_${c}`, counts.violations[c]])),
    };
    const names = Object.keys(added);
    const hourStart = Date.parse(`${hour}:00:00Z`);
    const expiresAt = Math.floor(hourStart / 1000) + (this.options.retentionDays ?? COUNTER_RETENTION_DAYS) * 86_400;
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: counterPartitionKey(key), sk: hour },
          UpdateExpression:
            `ADD ${names.map((_, i) => `#a${i} :a${i}`).join(', ')} ` +
            'SET #app = :app, #platform = :platform, #release = :release, #expiresAt = :expiresAt',
          ExpressionAttributeNames: {
            ...Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
            '#app': 'app',
            '#platform': 'platform',
            '#release': 'release',
            '#expiresAt': 'expiresAt',
          },
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map((name, i) => [`:a${i}`, added[name]])),
            ':app': key.app,
            ':platform': key.platform,
            ':release': key.release,
            ':expiresAt': expiresAt,
          },
        }),
      );
    } catch (cause) {
      throw new TelemetryCounterError(`cannot add the telemetry ingest counts of ${hour}`, { cause });
    }
  }

  /** The counts of one key and hour as stored (consistent: what this batch just added included); undefined before any. */
  async read(key: CounterKey, hour: string): Promise<TelemetryCounts | undefined> {
    const { ddb, table } = this.options;
    let item: Record<string, unknown> | undefined;
    try {
      item = (await ddb.send(new GetCommand({ TableName: table, Key: { pk: counterPartitionKey(key), sk: hour }, ConsistentRead: true })))
        .Item;
    } catch (cause) {
      throw new TelemetryCounterError(`cannot read the telemetry ingest counts of ${hour}`, { cause });
    }
    return item && countsOf(item);
  }

  /** Every counter item summed (a local replay's table; a stage reads by key and hour instead). */
  async totals(): Promise<TelemetryCounts> {
    const { ddb, table } = this.options;
    const total = emptyCounts();
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await ddb.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: 'begins_with(pk, :prefix)',
          ExpressionAttributeValues: { ':prefix': COUNTER_PK_PREFIX },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const counts = countsOf(item);
        total.batches += counts.batches;
        total.batchesQuarantined += counts.batchesQuarantined;
        total.accepted += counts.accepted;
        total.quarantined += counts.quarantined;
        total.unexpected += counts.unexpected;
        for (const cls of VIOLATION_CLASSES) total.violations[cls] += counts.violations[cls];
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return total;
  }
}

/** The counts a counter item holds (absent attributes are 0). */
function countsOf(item: Record<string, unknown>): TelemetryCounts {
  const n = (name: string) => (typeof item[name] === 'number' ? (item[name] as number) : 0);
  const counts = emptyCounts();
  counts.batches = n('batches');
  counts.batchesQuarantined = n('batchesQuarantined');
  counts.accepted = n('accepted');
  counts.quarantined = n('quarantined');
  counts.unexpected = n('unexpected');
  for (const cls of VIOLATION_CLASSES) counts.violations[cls] = n(`violation_${cls}`);
  return counts;
}

/** `after - before`, key by key (what one replay added to a --data-dir's counts). */
export function countsAdded(after: TelemetryCounts, before: TelemetryCounts): TelemetryCounts {
  const out = emptyCounts();
  out.batches = after.batches - before.batches;
  out.batchesQuarantined = after.batchesQuarantined - before.batchesQuarantined;
  out.accepted = after.accepted - before.accepted;
  out.quarantined = after.quarantined - before.quarantined;
  out.unexpected = after.unexpected - before.unexpected;
  for (const cls of VIOLATION_CLASSES) out.violations[cls] = after.violations[cls] - before.violations[cls];
  return out;
}
