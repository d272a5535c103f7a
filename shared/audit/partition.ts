import { createHash } from 'node:crypto';
import { AuditError } from './errors';

/**
 * Where a record's chain is: one hash chain per account, region, UTC day of event time and shard.
 *
 * - Account and region: the boundary an auditor reasons in, and where CloudTrail itself splits.
 * - The day of event time: a chain has a natural end, so it can be verified (and kept, and expire)
 *   whole. Every record of a partition carries the same TTL (the day's end plus the retention), so
 *   DynamoDB removes a chain as a unit, never its beginning while its end is still in use. Event time,
 *   not arrival time, so a replay builds the same partitions production did; a late event joins its
 *   own day's chain (chain order is recording order, not event order).
 * - Shards (a per-stage count, hashed from the event id): appends to one chain are serialised by its
 *   conditional writes (about 2 round trips per append), which caps one chain at a few hundred
 *   records a second under contention. N shards give N independent chains a day, each verified alone.
 *   Changing N is safe: the event's claim, not its partition, is what makes a redelivery idempotent.
 */

export interface PartitionParts {
  account: string;
  region: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  shard: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PARTITION = /^(\d{12}|[^/\s]+)\/([a-z0-9-]+)\/(\d{4}-\d{2}-\d{2})\/(\d{1,3})$/;

export function partitionName(parts: PartitionParts): string {
  if (!DAY.test(parts.day)) throw new AuditError(`partition day "${parts.day}" is not YYYY-MM-DD`);
  return `${parts.account}/${parts.region}/${parts.day}/${parts.shard}`;
}

export function parsePartition(name: string): PartitionParts | undefined {
  const m = PARTITION.exec(name);
  if (!m) return undefined;
  return { account: m[1]!, region: m[2]!, day: m[3]!, shard: Number(m[4]) };
}

/** The shard of an event: stable for an event id and a shard count. */
export function shardOf(eventId: string, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1) throw new AuditError(`shard count must be a positive integer, got ${shards}`);
  return createHash('sha256').update(eventId, 'utf8').digest().readUInt32BE(0) % shards;
}

/** The partition of an event: its account, region, event-time day and shard. */
export function partitionOf(event: { eventId: string; account: string; region: string; time: string }, shards: number): string {
  return partitionName({
    account: event.account,
    region: event.region,
    day: event.time.slice(0, 10),
    shard: shardOf(event.eventId, shards),
  });
}

/** TTL of every record of a partition's day: the end of that UTC day plus `retentionDays`, in epoch seconds. */
export function partitionExpiry(day: string, retentionDays: number): number {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  if (!Number.isFinite(start)) throw new AuditError(`partition day "${day}" is not a date`);
  return Math.floor(start / 1000) + (1 + retentionDays) * 86_400;
}
