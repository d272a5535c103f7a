import { canonicalJson, genesisHash, recordHash } from './canonical';
import { AuditCorruptRecordError } from './errors';
import { type AuditEntry, type AuditRecord, AuditRecordSchema, type StoredAuditRecord } from './record';

/**
 * The hash chain of one partition: record n holds seq n, the hash of record n-1 (the partition's
 * genesis hash for n = 1) and its own hash, SHA-256 over its canonical body, which includes the
 * partition, seq and prevHash. Changing a field changes the record's hash; recomputing that hash
 * breaks the next record's link; deleting or reordering records breaks the sequence. Writers place a
 * record at (partition, seq) only if that position is free (shared/audit/store), so two writers never
 * both extend one record: the chain cannot fork.
 */

/** The end of a chain as a writer sees it: the last record's seq and hash (seq 0 and the genesis hash when empty). */
export interface ChainTail {
  seq: number;
  hash: string;
}

export function emptyTail(partition: string): ChainTail {
  return { seq: 0, hash: genesisHash(partition) };
}

/** The record that extends `tail` with `entry`, its canonical body and hash. */
export function linkRecord(entry: AuditEntry, partition: string, tail: ChainTail): StoredAuditRecord {
  const record: AuditRecord = { ...entry, partition, seq: tail.seq + 1, prevHash: tail.hash };
  const body = canonicalJson(record);
  return { record, body, hash: recordHash(body) };
}

/** The attributes stored beside the body for the indexes and the TTL: copies, which verification checks against the body. */
export interface IndexAttributes {
  eventId: string;
  eventTime: string;
  expiresAt: number;
  principal?: string;
  issuer?: string;
}

export function indexAttributesOf(record: AuditRecord): IndexAttributes {
  const attributes: IndexAttributes = { eventId: record.eventId, eventTime: record.time, expiresAt: record.expiresAt };
  if (record.actor.principal !== undefined) attributes.principal = record.actor.principal;
  if (record.actor.issuer !== undefined) attributes.issuer = record.actor.issuer;
  return attributes;
}

/** One stored chain item as read back, before anything in it is trusted. */
export interface RawChainItem {
  /** The position the item is stored at (its sort key). */
  seq: number;
  body: string;
  hash: string;
  /** The index attributes as stored (they may have been tampered with independently of the body). */
  index: Partial<IndexAttributes>;
}

/** Parses a stored body back into a record, refusing anything that is not a canonical record of this schema. */
export function parseStoredBody(body: string, where: string): AuditRecord {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new AuditCorruptRecordError(`${where}: the stored body is not JSON`, { cause });
  }
  const parsed = AuditRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AuditCorruptRecordError(`${where}: not an audit record (${issue?.path.join('.') || '(root)'}: ${issue?.message})`);
  }
  if (canonicalJson(parsed.data) !== body) throw new AuditCorruptRecordError(`${where}: the stored body is not in canonical form`);
  return parsed.data;
}

export type BreakReason =
  /** The body's hash is not the stored hash: a field was changed. */
  | 'altered'
  /** prevHash does not name the previous record's hash: a record was changed and rehashed, or replaced. */
  | 'link'
  /** A record is missing before this one (deleted). */
  | 'gap'
  /** The body says another seq or partition than where it is stored (records moved or swapped). */
  | 'position'
  /** The stored body is not a canonical audit record. */
  | 'corrupt'
  /** An index attribute (principal, issuer, event time, event id, TTL) differs from the hashed body. */
  | 'index'
  /** The chain ends before the head says it does (records deleted at the end). */
  | 'truncated'
  /** The head names a hash that is not the hash of the record at its seq. */
  | 'head';

/** The first broken link of a chain: where, why, and the hash (or seq) expected against the one found. */
export interface BrokenLink {
  partition: string;
  seq: number;
  reason: BreakReason;
  expected: string;
  found: string;
  message: string;
}

export interface PartitionVerification {
  partition: string;
  /** Records read. */
  records: number;
  intact: boolean;
  brokenLink?: BrokenLink;
  /** The last record read: seq and hash (what an external witness, the SIEM, can be compared with). */
  last?: ChainTail;
  /** The head as stored (a hint that may lag the chain; never ahead of it). */
  head?: ChainTail;
  /** Past its TTL: records missing from it were removed by DynamoDB's TTL sweep, not by tampering. */
  expired: boolean;
  /** Things worth knowing that do not break the chain. */
  notes: string[];
}

interface VerifyOptions {
  /** Epoch seconds; default now. */
  nowSeconds?: number;
}

function indexMismatch(item: RawChainItem, record: AuditRecord): { field: string; expected: string; found: string } | undefined {
  const expected = indexAttributesOf(record);
  for (const field of ['eventId', 'eventTime', 'expiresAt', 'principal', 'issuer'] as const) {
    const want = expected[field];
    const have = item.index[field];
    if (want !== have) return { field, expected: String(want ?? '(none)'), found: String(have ?? '(none)') };
  }
  return undefined;
}

/**
 * Verifies one partition's chain from its items in ascending seq order, and its head. Stops at the
 * first broken link. An expired partition (TTL) may have lost records to the TTL sweep: a gap there is
 * a note, and verification resumes from the next record; altered or relinked records are still breaks.
 */
export async function verifyChain(
  partition: string,
  items: AsyncIterable<RawChainItem> | Iterable<RawChainItem>,
  head: ChainTail | undefined,
  options: VerifyOptions = {},
): Promise<PartitionVerification> {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const result: PartitionVerification = { partition, records: 0, intact: true, expired: false, notes: [] };
  if (head) result.head = head;
  const broken = (link: Omit<BrokenLink, 'partition'>): PartitionVerification => {
    result.intact = false;
    result.brokenLink = { partition, ...link };
    return result;
  };

  let previous = emptyTail(partition);
  let hashAtHead: string | undefined;
  for await (const item of items) {
    result.records += 1;
    const where = `${partition} seq ${item.seq}`;
    let record: AuditRecord;
    try {
      record = parseStoredBody(item.body, where);
    } catch (error) {
      return broken({
        seq: item.seq,
        reason: 'corrupt',
        expected: 'a canonical audit record',
        found: 'unreadable body',
        message: (error as Error).message,
      });
    }
    if (record.expiresAt <= now) result.expired = true;
    const computed = recordHash(item.body);
    if (computed !== item.hash) {
      return broken({
        seq: item.seq,
        reason: 'altered',
        expected: computed,
        found: item.hash,
        message: `${where}: its content does not hash to the stored hash`,
      });
    }
    if (record.seq !== item.seq || record.partition !== partition) {
      return broken({
        seq: item.seq,
        reason: 'position',
        expected: `${partition} seq ${item.seq}`,
        found: `${record.partition} seq ${record.seq}`,
        message: `${where}: the record names another position (moved or swapped)`,
      });
    }
    if (item.seq !== previous.seq + 1) {
      const missing = item.seq - previous.seq - 1;
      if (!result.expired || item.seq <= previous.seq) {
        return broken({
          seq: previous.seq + 1,
          reason: 'gap',
          expected: previous.hash,
          found: record.prevHash,
          message: `${partition}: seq ${previous.seq + 1}${missing > 1 ? `-${item.seq - 1}` : ''} missing (next: seq ${item.seq})`,
        });
      }
      result.notes.push(`seq ${previous.seq + 1}-${item.seq - 1} removed by TTL (the partition expired)`);
    } else if (record.prevHash !== previous.hash) {
      return broken({
        seq: item.seq,
        reason: 'link',
        expected: previous.hash,
        found: record.prevHash,
        message: `${where}: prevHash is not the previous record's hash`,
      });
    }
    const mismatch = indexMismatch(item, record);
    if (mismatch) {
      return broken({
        seq: item.seq,
        reason: 'index',
        expected: mismatch.expected,
        found: mismatch.found,
        message: `${where}: the stored ${mismatch.field} attribute differs from the hashed record`,
      });
    }
    if (head && item.seq === head.seq) hashAtHead = item.hash;
    previous = { seq: item.seq, hash: item.hash };
  }
  if (result.records > 0) result.last = previous;

  if (!head) {
    if (result.records > 0) result.notes.push('no head item (a writer stopped before updating it; the chain itself is checked)');
    return result;
  }
  if (head.seq > previous.seq) {
    if (result.expired) {
      result.notes.push(`records after seq ${previous.seq} removed by TTL (the head names seq ${head.seq})`);
      return result;
    }
    return broken({
      seq: previous.seq + 1,
      reason: 'truncated',
      expected: `seq ${head.seq} (${head.hash})`,
      found: previous.seq === 0 ? 'no record' : `seq ${previous.seq} (${previous.hash})`,
      message: `${partition}: the chain ends at seq ${previous.seq} but its head names seq ${head.seq}`,
    });
  }
  const atHead = head.seq === 0 ? emptyTail(partition).hash : hashAtHead;
  if (atHead !== undefined && atHead !== head.hash) {
    return broken({
      seq: head.seq,
      reason: 'head',
      expected: atHead,
      found: head.hash,
      message: `${partition}: the head's hash is not seq ${head.seq}'s`,
    });
  }
  if (head.seq < previous.seq) result.notes.push(`head at seq ${head.seq} lags the chain (seq ${previous.seq}): a writer will move it`);
  return result;
}
