import type { HourlyRollup } from '../baseline';

/**
 * The members one batch adds to one bucket of one stream: a detection id (`stream`), a group key
 * and an event-time minute. One update per (stream, key, bucket) per batch.
 */
export interface StateUpdate {
  readonly stream: string;
  readonly key: string;
  readonly bucket: string;
  /** Encoded members (observation.ts encodeMember): adding one twice is a no-op. */
  readonly members: readonly string[];
  /** TTL, epoch seconds. */
  readonly expiresAt: number;
}

/** One hour's rollup of a baseline stream's key, to store (shared/detections/baseline.ts). */
export interface RollupUpdate {
  readonly stream: string;
  readonly key: string;
  readonly rollup: HourlyRollup;
  /** TTL, epoch seconds. */
  readonly expiresAt: number;
}

/**
 * A bucket holds at most this many members (about 70 bytes each, far below DynamoDB's 400 KB item
 * limit). A full bucket takes no more: counts saturate there, which is far above any threshold
 * (thresholds are capped at this value), so a flood for one key in one minute cannot grow an item
 * without bound. One update adds at most this many too.
 */
export const MAX_MEMBERS_PER_BUCKET = 500;

/**
 * Window state of the stateful detections, shaped like Powertools' persistence layers: this
 * contract, a DynamoDB implementation for Lambda and an in-memory one for unit tests. Writes are
 * set unions (idempotent, commutative), so no read-modify-write and no race between Lambdas.
 */
export interface DetectionStateStore {
  /** Adds the members to the bucket; false when the bucket was already full and took none. */
  add(update: StateUpdate): Promise<boolean>;
  /** The encoded members of the buckets fromBucket..toBucket (inclusive) of one stream and key. */
  read(stream: string, key: string, fromBucket: string, toBucket: string): Promise<string[]>;
  /**
   * Stores the hour's rollup unless the stored one holds as many events or more (a conditional put):
   * rollups are recomputed from the hour's buckets, which only grow, so the largest is the latest.
   */
  putRollup(update: RollupUpdate): Promise<void>;
  /** The rollups of hours fromHour..toHour (inclusive, `YYYY-MM-DDTHH`) of one stream and key. */
  readRollups(stream: string, key: string, fromHour: string, toHour: string): Promise<HourlyRollup[]>;
}
