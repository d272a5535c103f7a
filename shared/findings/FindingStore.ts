import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RetryPolicy, type RetryDeadline, type RetryOptions } from '../retry';
import { FindingConflictError } from './errors';
import { findingId, windowStart } from './findingId';
import type { Occurrence } from './occurrence';
import { moreSevere } from './severity';
import { MAX_EVENT_IDS, type Finding } from './types';

export interface RecordResult {
  finding: Finding;
  /** True when this occurrence opened the finding (it did not exist before). */
  created: boolean;
  /**
   * True while the finding has not been announced on the bus: just opened, or opened by an earlier
   * attempt whose publication failed. The caller publishes it, then calls markAnnounced.
   */
  unannounced: boolean;
  /**
   * True when the finding was announced but has grown since (a higher count, and at least
   * {@link REANNOUNCE_AFTER_MS} of event time later): the caller publishes it again, then calls
   * markAnnounced, so the router can update its alert (a note with the new count, an OCSF Update).
   * Derived from the stored item, so an invocation whose publication failed publishes it on its retry.
   */
  grown: boolean;
}

interface StoredFinding extends Finding {
  version: number;
  expiresAt: number;
  /**
   * False from the moment the finding opens until its "Vigil Finding" event is on the bus. Items
   * written before this attribute existed lack it and count as announced.
   */
  announced?: boolean;
  /** The count and lastSeen of the last announcement (absent on items from before re-announcements). */
  announcedCount?: number;
  announcedAt?: string;
}

/**
 * A grown finding is announced again at most once per minute of event time: the router's shortest update
 * interval (routing `updateIntervalMinutes` ≥ 1), so the bus carries no announcement the router could use
 * no sooner, and a finding hit by every batch is not re-published by every batch.
 */
const REANNOUNCE_AFTER_MS = 60_000;

/** Announced, and grown since its last announcement by a higher count and enough event time. */
function grownSinceAnnounced(item: StoredFinding): boolean {
  if (item.announced === false) return false;
  const since = Date.parse(item.announcedAt ?? item.firstSeen);
  return item.count > (item.announcedCount ?? 1) && Date.parse(item.lastSeen) - since >= REANNOUNCE_AFTER_MS;
}

/**
 * Optimistic concurrency: a conflicting writer makes us re-read and retry, after a short pause with
 * full jitter (writers racing for one item spread out best that way): 5, 10, 20 … at most 100 ms.
 */
const MAX_ATTEMPTS = 12;
const CONFLICT_RETRY: RetryOptions = { retries: MAX_ATTEMPTS - 1, baseDelayMs: 5, maxDelayMs: 100, jitter: 'full' };

/**
 * Findings in DynamoDB, one item per finding id. Every write is conditional on the version read, so
 * concurrent detector invocations merge their occurrences instead of overwriting each other, and an
 * occurrence whose event id is already recorded changes nothing.
 */
export class FindingStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays = 400,
    private readonly retry: RetryPolicy = new RetryPolicy(CONFLICT_RETRY),
  ) {}

  /** `deadline`: stop retrying conflicts (RetryDeadlineError) rather than outlast the invocation. */
  async record(occurrence: Occurrence, deadline: RetryDeadline = {}): Promise<RecordResult> {
    const [result] = await this.recordAll([occurrence], deadline);
    return result!;
  }

  /**
   * Several occurrences, with one read and one conditional write per finding: the occurrences of one finding
   * are folded into it in their order, which stores what recording them one after the other would. One
   * result per finding, in the order of each finding's first occurrence. Measured reason: a burst fires on
   * every event after its threshold, and a read and a write per occurrence were 1,162 of the 1,850 DynamoDB
   * requests of a 5,000-event replay (bench/replayThroughput.ts); on a deployed stage they all go to one hot item.
   */
  async recordAll(occurrences: readonly Occurrence[], deadline: RetryDeadline = {}): Promise<RecordResult[]> {
    const groups = new Map<string, { start: Date; occurrences: Occurrence[] }>();
    for (const occurrence of occurrences) {
      const start = windowStart(occurrence.windowAnchor ?? occurrence.eventTime, occurrence.windowMinutes);
      const id = findingId(occurrence.detection, occurrence.dedupKey, start);
      const group = groups.get(id);
      if (group) group.occurrences.push(occurrence);
      else groups.set(id, { start, occurrences: [occurrence] });
    }
    const results: RecordResult[] = [];
    // One finding after the other: the same retries and deadline for each.
    for (const [id, group] of groups) results.push(await this.recordGroup(id, group.start, group.occurrences, deadline));
    return results;
  }

  private async recordGroup(id: string, start: Date, occurrences: readonly Occurrence[], deadline: RetryDeadline): Promise<RecordResult> {
    const run = this.retry.start(deadline);
    for (;;) {
      run.begin();
      const current = await this.get(id);
      let next = current;
      for (const occurrence of occurrences)
        next = (next ? merge(next, occurrence) : open(id, start, occurrence, this.retentionDays)) ?? next;
      if (next === current) {
        return {
          finding: strip(current!),
          created: false,
          unannounced: current!.announced === false,
          grown: grownSinceAnnounced(current!),
        };
      }
      const written = next!;
      try {
        await this.ddb.send(
          new PutCommand({
            TableName: this.table,
            Item: written,
            ConditionExpression: current ? '#v = :v' : 'attribute_not_exists(id)',
            ExpressionAttributeNames: current ? { '#v': 'version' } : undefined,
            ExpressionAttributeValues: current ? { ':v': current.version } : undefined,
          }),
        );
        return {
          finding: strip(written),
          created: !current,
          unannounced: written.announced === false,
          grown: grownSinceAnnounced(written),
        };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (!(await run.next('conditional write lost to a concurrent writer'))) {
          throw new FindingConflictError(`finding ${id} kept changing under us; gave up after ${run.attempts} attempts`);
        }
      }
    }
  }

  /**
   * Records that these findings are on the bus, with the count and lastSeen they now have (what a later
   * re-announcement is measured from). Bumps the version, so a merge that read the finding before this
   * write retries instead of putting `announced: false` back. An occurrence merged between the publication
   * and this write counts as announced: it is announced with the next growth.
   */
  async markAnnounced(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id },
          UpdateExpression: 'SET announced = :yes, announcedCount = #count, announcedAt = lastSeen, #v = #v + :one',
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeNames: { '#v': 'version', '#count': 'count' },
          ExpressionAttributeValues: { ':yes': true, ':one': 1 },
        }),
      );
    }
  }

  async get(id: string): Promise<StoredFinding | undefined> {
    const result = await this.ddb.send(new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }));
    return result.Item as StoredFinding | undefined;
  }

  /** Every finding, for reports and the local runtime's findings.jsonl. */
  async *scan(): AsyncGenerator<Finding> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(new ScanCommand({ TableName: this.table, ExclusiveStartKey }));
      for (const item of page.Items ?? []) yield strip(item as StoredFinding);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}

function open(id: string, start: Date, o: Occurrence, retentionDays: number): StoredFinding {
  const seen = o.eventTime.toISOString();
  const began = firstSeenOf(o);
  return {
    id,
    detection: o.detection,
    severity: o.severity,
    title: o.title,
    description: o.description,
    subject: o.subject,
    dedupKey: o.dedupKey,
    window: { start: start.toISOString(), end: new Date(start.getTime() + o.windowMinutes * 60_000).toISOString() },
    firstSeen: began,
    lastSeen: seen,
    count: 1,
    eventIds: [o.eventId],
    mitre: o.mitre,
    runbook: o.runbook,
    source: o.source,
    account: o.account,
    region: o.region,
    resources: o.resources,
    evidence: o.evidence,
    version: 1,
    announced: false,
    expiresAt: Math.floor(o.eventTime.getTime() / 1000) + retentionDays * 86_400,
  };
}

/**
 * The finding with this occurrence folded in, or undefined when the event is already part of it.
 * What the finding says does not depend on the order its events arrive in: the description is the
 * earliest occurrence's, the evidence the latest's (equal times broken by content), so a shuffled,
 * duplicated or split delivery gives the same finding.
 */
function merge(current: StoredFinding, o: Occurrence): StoredFinding | undefined {
  if (current.eventIds.includes(o.eventId)) return undefined;
  const seen = o.eventTime.toISOString();
  const began = firstSeenOf(o);
  const earliest = began < current.firstSeen || (began === current.firstSeen && o.description < current.description);
  const later = seen > current.lastSeen;
  const latest = later || (seen === current.lastSeen && JSON.stringify(o.evidence) > JSON.stringify(current.evidence));
  return {
    ...current,
    severity: moreSevere(current.severity, o.severity),
    description: earliest ? o.description : current.description,
    // The earliest occurrence's region (a stateful group's events may span regions); equal times and descriptions: the smaller name.
    region:
      earliest || (began === current.firstSeen && o.description === current.description && o.region < current.region)
        ? o.region
        : current.region,
    firstSeen: began < current.firstSeen ? began : current.firstSeen,
    lastSeen: later ? seen : current.lastSeen,
    count: current.count + 1,
    eventIds: current.eventIds.length < MAX_EVENT_IDS ? [...current.eventIds, o.eventId] : current.eventIds,
    resources: [...new Set([...current.resources, ...o.resources])].slice(0, 50),
    evidence: latest ? o.evidence : current.evidence,
    version: current.version + 1,
  };
}

/** When the occurrence's activity began: its own firstSeen when it reports a span, else its event time. */
function firstSeenOf(o: Occurrence): string {
  const began = o.firstSeen && o.firstSeen < o.eventTime ? o.firstSeen : o.eventTime;
  return began.toISOString();
}

function strip(stored: StoredFinding): Finding {
  const { version: _version, expiresAt: _expiresAt, announced: _announced, announcedCount: _c, announcedAt: _at, ...finding } = stored;
  return finding;
}
