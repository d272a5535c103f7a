import {
  type ChainTail,
  emptyTail,
  linkRecord,
  parseStoredBody,
  type PartitionVerification,
  type RawChainItem,
  verifyChain,
} from '../chain';
import type { BrokenLink } from '../chain';
import { recordHash } from '../canonical';
import { AuditConflictError, AuditCorruptRecordError, AuditInProgressError, AuditQueryError } from '../errors';
import type { AuditEntry, AuditRecord, StoredAuditRecord } from '../record';

/**
 * The audit trail's store, shaped like Powertools' idempotency persistence layer: this base class
 * holds the whole algorithm (claim, extend the chain, verify, query) on top of a few primitives that
 * each backend implements with its own conditional writes (DynamoAuditStore for DynamoDB,
 * InMemoryAuditStore for tests). No transactions: dynalite, the embedded DynamoDB, does not implement
 * TransactWriteItems (UnknownOperationException, checked), and none is needed:
 *
 * 1. Claim the event id (a conditional put of `event#<id>`): a redelivered or concurrently delivered
 *    event finds the claim and becomes a duplicate, never a second record.
 * 2. Place the record at (partition, tail seq + 1) with a conditional put that succeeds only if that
 *    position is free. Two writers that read the same tail race for the same position: one wins, the
 *    other re-reads the tail (now the winner's record) and links after it. The chain cannot fork.
 * 3. Mark the claim recorded (its partition and seq), then move the partition's head forward. The head
 *    is a hint (the latest seq and hash known), updated only forward; the truth is the records, and a
 *    writer reads past the head to find the real tail. A crash between any two steps leaves a state
 *    the next writer handles: a record without a head update, or a claim without a record (its lease
 *    expires, the next delivery looks for the record after the claim's `fromSeq`, then takes over).
 */

/** The claim of an event id by a writer. */
export interface EventClaim {
  eventId: string;
  partition: string;
  /** The chain's tail seq when the claim was made: the record, if written, is after it. */
  fromSeq: number;
  /** Epoch ms; 0 marks a claim its writer gave up. */
  claimedAt: number;
  state: 'pending' | 'recorded';
  seq?: number;
  /** The record was handed on for the SIEM (the bus took it): a redelivery need not hand it on again. */
  published?: boolean;
  expiresAt: number;
}

export interface AppendResult {
  record: StoredAuditRecord;
  /** The event was recorded before (a redelivery): this is that record. */
  duplicate: boolean;
  /** A duplicate whose record was already handed on for the SIEM (markPublished). */
  published: boolean;
}

/** An entry and the partition whose chain it goes into. */
export interface PlacedEntry {
  entry: AuditEntry;
  partition: string;
}

export interface AuditStoreOptions {
  /**
   * A pending claim younger than this belongs to a writer still at work. Must exceed the recorder's
   * Lambda timeout, so a writer whose invocation was cut off never writes after its claim is taken over.
   */
  leaseMs?: number;
  /** Positions lost to other writers, in a row, before giving up on an entry (AuditConflictError). */
  maxAttempts?: number;
  now?: () => number;
}

export interface AppendOptions {
  /** Epoch ms after which no record is placed (the invocation's budget): the entry fails, to be retried. */
  deadline?: number;
}

export type AuditIndex = 'principal' | 'issuer';

export interface AuditQuery {
  /** An identity ARN, an IAM role ARN (every session of the role, through the issuer index), or a pseudonym. */
  principal: string;
  since: Date;
  until: Date;
  limit?: number;
}

/** A record as a query returns it, with whether its body still hashes to its stored hash. */
export interface QueriedRecord extends StoredAuditRecord {
  intact: boolean;
}

export interface VerificationReport {
  partitions: PartitionVerification[];
  records: number;
  intact: boolean;
  /** The first broken link over all partitions (in partition name order). */
  brokenLink?: BrokenLink;
}

const DEFAULT_LEASE_MS = 120_000;
const DEFAULT_MAX_ATTEMPTS = 25;

/** IAM role ARNs (arn:aws:iam::<account>:role/<path/name>): queried as the issuer of assumed-role sessions. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\//;

export abstract class AuditStore {
  protected readonly leaseMs: number;
  protected readonly maxAttempts: number;
  protected readonly now: () => number;

  protected constructor(options: AuditStoreOptions = {}) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.now = options.now ?? Date.now;
  }

  /* ---------- primitives ---------- */

  /** The head of a partition, if one was written. */
  protected abstract getHead(partition: string): Promise<ChainTail | undefined>;
  /** Moves the head to `head` if it is behind it (never backwards); a head already further is left as it is. */
  protected abstract advanceHead(partition: string, head: ChainTail, expiresAt: number): Promise<void>;
  /** The records of a partition after `afterSeq`, in ascending seq order, read consistently. */
  protected abstract readChain(partition: string, afterSeq: number): AsyncIterable<RawChainItem>;
  protected abstract getRecord(partition: string, seq: number): Promise<RawChainItem | undefined>;
  /** Places the record at (partition, seq) if that position is free; false when another record holds it. */
  protected abstract putRecord(stored: StoredAuditRecord): Promise<boolean>;
  /** Creates the claim if the event has none; otherwise returns the existing claim (read consistently). */
  protected abstract putClaim(claim: EventClaim): Promise<EventClaim | undefined>;
  /** Replaces a claim whose `claimedAt` is still `expectedClaimedAt`; false when another writer changed it first. */
  protected abstract replaceClaim(claim: EventClaim, expectedClaimedAt: number): Promise<boolean>;
  protected abstract markRecorded(eventId: string, seq: number): Promise<void>;
  /** Notes on the claim that the record was handed on for the SIEM. */
  protected abstract markClaimPublished(eventId: string): Promise<void>;
  /** Every partition that holds records or a head. */
  protected abstract listPartitions(): Promise<string[]>;
  /** Records by an index attribute within [since, until] of event time (ISO strings), ascending. */
  protected abstract queryIndex(index: AuditIndex, value: string, since: string, until: string): AsyncIterable<RawChainItem>;

  /* ---------- the algorithm ---------- */

  /**
   * Appends entries, each to its partition's chain: partitions in parallel, the entries of one
   * partition one after the other (one tail read per partition and batch). Returns each event id's
   * outcome: its record (new, or the one recorded before for a redelivery), or the error that kept it
   * out (that event is retried; the others are not affected).
   */
  async append(entries: readonly PlacedEntry[], options: AppendOptions = {}): Promise<Map<string, AppendResult | Error>> {
    const byPartition = new Map<string, AuditEntry[]>();
    const outcomes = new Map<string, AppendResult | Error>();
    // One entry per event id, whatever partitions it is given for (a shard count changed between deliveries).
    const seen = new Set<string>();
    for (const { entry, partition } of entries) {
      if (seen.has(entry.eventId)) continue;
      seen.add(entry.eventId);
      (byPartition.get(partition) ?? byPartition.set(partition, []).get(partition)!).push(entry);
    }
    await Promise.all(
      [...byPartition].map(async ([partition, run]) => {
        for (const [eventId, outcome] of await this.appendRun(partition, run, options)) outcomes.set(eventId, outcome);
      }),
    );
    return outcomes;
  }

  /** The tail of a partition: the head, then whatever records were placed after it. */
  async tail(partition: string): Promise<ChainTail> {
    let tail = (await this.getHead(partition)) ?? emptyTail(partition);
    for await (const item of this.readChain(partition, tail.seq)) tail = { seq: item.seq, hash: item.hash };
    return tail;
  }

  private async appendRun(
    partition: string,
    entries: readonly AuditEntry[],
    options: AppendOptions,
  ): Promise<Map<string, AppendResult | Error>> {
    const outcomes = new Map<string, AppendResult | Error>();
    let tail: ChainTail;
    try {
      tail = await this.tail(partition);
    } catch (error) {
      for (const entry of entries) outcomes.set(entry.eventId, error as Error);
      return outcomes;
    }
    let advanced = false;
    let expiresAt = 0;
    for (const entry of entries) {
      try {
        const placed = await this.appendOne(partition, entry, tail, options);
        outcomes.set(entry.eventId, placed.result);
        tail = placed.tail;
        if (!placed.result.duplicate) {
          advanced = true;
          expiresAt = Math.max(expiresAt, entry.expiresAt);
        }
      } catch (error) {
        outcomes.set(entry.eventId, error as Error);
      }
    }
    // A hint only: a failure here costs the next writer a longer read past the head, nothing else.
    if (advanced) await this.advanceHead(partition, tail, expiresAt).catch(() => undefined);
    return outcomes;
  }

  private async appendOne(
    partition: string,
    entry: AuditEntry,
    knownTail: ChainTail,
    options: AppendOptions,
  ): Promise<{ result: AppendResult; tail: ChainTail }> {
    const claim: EventClaim = {
      eventId: entry.eventId,
      partition,
      fromSeq: knownTail.seq,
      claimedAt: this.now(),
      state: 'pending',
      expiresAt: entry.expiresAt,
    };
    const earlier = await this.claim(claim);
    if (earlier) return { result: { record: earlier.record, duplicate: true, published: earlier.published }, tail: knownTail };

    let tail = knownTail;
    for (let attempt = 1; ; attempt++) {
      if (options.deadline !== undefined && this.now() >= options.deadline) {
        await this.abandon(claim);
        throw new AuditConflictError(`${partition}: out of time before event ${entry.eventId} could be placed; it is retried`);
      }
      const stored = linkRecord(entry, partition, tail);
      if (await this.putRecordOrFindOwn(stored)) {
        await this.markRecorded(entry.eventId, stored.record.seq);
        return { result: { record: stored, duplicate: false, published: false }, tail: { seq: stored.record.seq, hash: stored.hash } };
      }
      if (attempt >= this.maxAttempts) {
        await this.abandon(claim);
        throw new AuditConflictError(
          `${partition}: lost seq ${stored.record.seq} to other writers ${attempt} times in a row; event ${entry.eventId} is retried`,
        );
      }
      tail = await this.tail(partition);
    }
  }

  /**
   * A conditional put whose answer may be ambiguous: a request that timed out after DynamoDB applied
   * it is retried by the SDK and then fails its own condition. So a lost position is read back, and
   * if it holds this very record, the put succeeded.
   */
  private async putRecordOrFindOwn(stored: StoredAuditRecord): Promise<boolean> {
    if (await this.putRecord(stored)) return true;
    const holder = await this.getRecord(stored.record.partition, stored.record.seq);
    return holder !== undefined && holder.body === stored.body;
  }

  /**
   * Claims the event; returns the record already written for it when it has one. A claim younger
   * than the lease is a writer at work (AuditInProgressError: retried later). An older pending claim
   * was abandoned: if its writer did place the record, that record is the answer; if not, the claim
   * is taken over.
   */
  private async claim(claim: EventClaim): Promise<{ record: StoredAuditRecord; published: boolean } | undefined> {
    const existing = await this.putClaim(claim);
    if (!existing) return undefined;
    if (existing.state === 'recorded' && existing.seq !== undefined) {
      const item = await this.getRecord(existing.partition, existing.seq);
      if (!item)
        throw new AuditCorruptRecordError(
          `${existing.partition} seq ${existing.seq}: event ${claim.eventId} is claimed there, but no record is`,
        );
      return { record: this.storedFrom(existing.partition, item), published: existing.published === true };
    }
    if (claim.claimedAt - existing.claimedAt < this.leaseMs) {
      throw new AuditInProgressError(
        `event ${claim.eventId} is being recorded by another writer (claimed ${claim.claimedAt - existing.claimedAt} ms ago)`,
      );
    }
    for await (const item of this.readChain(existing.partition, existing.fromSeq)) {
      const stored = this.storedFrom(existing.partition, item);
      if (stored.record.eventId !== claim.eventId) continue;
      await this.markRecorded(claim.eventId, stored.record.seq);
      return { record: stored, published: false };
    }
    if (!(await this.replaceClaim(claim, existing.claimedAt))) {
      throw new AuditInProgressError(`event ${claim.eventId}: another writer took over its abandoned claim first`);
    }
    return undefined;
  }

  /**
   * Notes that these events' records were handed on for the SIEM, so that a later redelivery (a
   * duplicate from EventBridge, a replay of the same capture) does not send them again. Best effort:
   * a note that fails to be written costs one duplicate SIEM event, which the SIEM dedups on its uid.
   */
  async markPublished(eventIds: readonly string[]): Promise<void> {
    await Promise.all(eventIds.map((id) => this.markClaimPublished(id).catch(() => undefined)));
  }

  /** Gives a claim up at once (claimedAt 0), so the next delivery need not wait out the lease. */
  private async abandon(claim: EventClaim): Promise<void> {
    await this.replaceClaim({ ...claim, claimedAt: 0 }, claim.claimedAt).catch(() => false);
  }

  private storedFrom(partition: string, item: RawChainItem): StoredAuditRecord {
    return { record: parseStoredBody(item.body, `${partition} seq ${item.seq}`), body: item.body, hash: item.hash };
  }

  /* ---------- reading ---------- */

  /** Every record of a partition, in order (parsed; a corrupt one throws AuditCorruptRecordError). */
  async *records(partition: string): AsyncGenerator<StoredAuditRecord> {
    for await (const item of this.readChain(partition, 0)) yield this.storedFrom(partition, item);
  }

  async partitions(): Promise<string[]> {
    return (await this.listPartitions()).sort();
  }

  /** Verifies one partition's chain: intact, or its first broken link. */
  async verify(partition: string, options: { nowSeconds?: number } = {}): Promise<PartitionVerification> {
    const head = await this.getHead(partition);
    return verifyChain(partition, this.readChain(partition, 0), head, { nowSeconds: options.nowSeconds ?? Math.floor(this.now() / 1000) });
  }

  /** Verifies every partition (or those given), in name order. */
  async verifyAll(options: { partitions?: readonly string[]; nowSeconds?: number } = {}): Promise<VerificationReport> {
    const names = options.partitions ? [...options.partitions].sort() : await this.partitions();
    const report: VerificationReport = { partitions: [], records: 0, intact: true };
    for (const name of names) {
      const result = await this.verify(name, options);
      report.partitions.push(result);
      report.records += result.records;
      if (!result.intact) {
        report.intact = false;
        report.brokenLink ??= result.brokenLink;
      }
    }
    return report;
  }

  /**
   * A principal's records between two instants of event time, oldest first, through the principal
   * index (or the issuer index for a role ARN: every session of the role). Indexes are eventually
   * consistent: a record written in the last second may be missing.
   */
  async query(query: AuditQuery): Promise<QueriedRecord[]> {
    const since = query.since.getTime();
    const until = query.until.getTime();
    if (!Number.isFinite(since) || !Number.isFinite(until)) throw new AuditQueryError('since and until must be valid times');
    if (since > until) throw new AuditQueryError(`since (${query.since.toISOString()}) is after until (${query.until.toISOString()})`);
    if (query.principal.trim() === '') throw new AuditQueryError('the principal is empty');
    const index: AuditIndex = ROLE_ARN.test(query.principal) ? 'issuer' : 'principal';
    const out: QueriedRecord[] = [];
    for await (const item of this.queryIndex(index, query.principal, query.since.toISOString(), query.until.toISOString())) {
      let record: AuditRecord;
      try {
        record = JSON.parse(item.body) as AuditRecord;
      } catch {
        continue;
      }
      const intact = recordHash(item.body) === item.hash && this.isCanonicalRecord(item);
      out.push({ record, body: item.body, hash: item.hash, intact });
      if (query.limit !== undefined && out.length >= query.limit) break;
    }
    return out;
  }

  private isCanonicalRecord(item: RawChainItem): boolean {
    try {
      parseStoredBody(item.body, 'query');
      return true;
    } catch {
      return false;
    }
  }
}
