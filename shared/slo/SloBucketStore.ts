import type { MinuteCount } from './minuteCounts';

/**
 * Per-minute SLI counts of one series (an SLO's key: an endpoint and variant, an app route, ...), shaped like
 * Powertools' persistence layers: this contract, a DynamoDB implementation (DynamoSloBucketStore) and an in-memory
 * one for tests. A minute is written once: the first record of a (series, minute) wins and a redelivered or
 * repeated one is a no-op, so an at-least-once source never counts a minute twice.
 */
export interface SloBucketStore {
  /** Records the minute's counts unless that minute of that series is recorded already; true when recorded. */
  record(series: string, count: MinuteCount, expiresAt: number): Promise<boolean>;
  /** The recorded minutes fromMinute..toMinute (inclusive) of the series, in any order. */
  read(series: string, fromMinute: number, toMinute: number): Promise<MinuteCount[]>;
}
