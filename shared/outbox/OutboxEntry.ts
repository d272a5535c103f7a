import type { OcsfRecord } from '../alerts/sinks/types';
import type { OpsGenieRequest } from '../alerts/opsgenie/types';

export type OutboxSink = 'opsgenie' | 'siem';

/**
 * A delivery that failed past its sink's retry budget: what to send, why it failed, how often it was tried.
 * `waiting` entries are retried by the drain; `failed` ones were refused for good (a bad key, a body the
 * receiver rejects) and wait for a person. A delivered entry loses its status (it leaves the index).
 */
export interface OutboxEntry {
  /** The delivery's id, derived from what it delivers (deliveryId below): the same delivery is one entry. */
  id: string;
  sink: OutboxSink;
  findingId: string;
  /** create, addNote (OpsGenie) or record (SIEM). */
  operation: string;
  /** The exact request: resent as it was, so a resend repeats the alias or the OCSF metadata.uid. */
  payload: OpsGenieRequest | readonly OcsfRecord[];
  reason: string;
  attempts: number;
  status: 'waiting' | 'failed';
  /** Event time (epoch ms) it entered the outbox, and of its last attempt. */
  enqueuedAt: number;
  lastAttemptAt: number;
}

/** What the replay and the operators see of an entry: no payload. */
export interface OutboxLine {
  sink: OutboxSink;
  findingId: string;
  reason: string;
  attempts: number;
}

export function outboxLine(entry: OutboxEntry): OutboxLine {
  return { sink: entry.sink, findingId: entry.findingId, reason: entry.reason, attempts: entry.attempts };
}

/** One id per delivery: a redelivered event that fails again updates its entry instead of adding one. */
export function deliveryId(sink: OutboxSink, findingId: string, operation: string, discriminator: string | number = ''): string {
  return `outbox#${sink}#${findingId}#${operation}${discriminator === '' ? '' : `#${discriminator}`}`;
}
