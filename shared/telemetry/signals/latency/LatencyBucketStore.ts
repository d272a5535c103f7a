import type { MinuteCount } from '../../../slo/minuteCounts';

/** Buckets of 5 minutes: every window of the burn-rate rules (5 min to 3 days) is a whole number of them. */
export const LATENCY_BUCKET_MINUTES = 5;

/**
 * Good and bad requests per series (an app and environment) and 5-minute bucket of event time, shaped like
 * Powertools' persistence layers (this contract, DynamoLatencyBucketStore, InMemoryLatencyBucketStore). Unlike
 * shared/slo's SloBucketStore, where one record makes a minute, many telemetry batches add to one bucket: each adds
 * its counts once, keyed by the batch (`contributor`: its EventBridge id), so a redelivered batch adds nothing.
 */
export interface LatencyBucketStore {
  /** Adds the counts to the bucket (`count.minute`: its first minute) unless this contributor already did; true when added. */
  add(series: string, count: MinuteCount, contributor: string, expiresAt: number): Promise<boolean>;
  /** The buckets whose first minute is in fromMinute..toMinute, as MinuteCounts labelled by their first minute. */
  read(series: string, fromMinute: number, toMinute: number): Promise<MinuteCount[]>;
}
