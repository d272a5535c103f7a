import { createHash } from 'node:crypto';

/** Start of the event-time window an instant falls in (windows are aligned to the epoch). */
export function windowStart(eventTime: Date, windowMinutes: number): Date {
  const size = windowMinutes * 60_000;
  return new Date(Math.floor(eventTime.getTime() / size) * size);
}

/**
 * A finding's id: the same detection, dedup key and window always give the same id, so a replay or
 * a redelivered event lands on the finding it made the first time.
 */
export function findingId(detection: string, dedupKey: string, window: Date): string {
  return createHash('sha256').update(`${detection}\n${dedupKey}\n${window.toISOString()}`).digest('hex').slice(0, 32);
}
