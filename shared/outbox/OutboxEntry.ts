import type { OcsfRecord } from '../alerts/sinks/types';
import type { OpsGenieRequest } from '../alerts/opsgenie/types';

export type OutboxSink = 'opsgenie' | 'siem';

/**
 * A delivery not yet known to be delivered: what to send, why it is not done, how often it was tried.
 * - `waiting`: it failed past its sink's retry budget; the drain retries it.
 * - `checking`: OpsGenie accepted it (202) but processes it later, and only its request-status API tells
 *   whether that worked ("Alert does not exist" for a note on a closed alias); the drain asks, by `requestId`.
 * - `failed`: refused for good (a bad key, a body the receiver rejects, a request OpsGenie accepted and then
 *   failed); it waits for a person.
 * A delivered entry loses its status (it leaves the index).
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
  status: 'waiting' | 'checking' | 'failed';
  /** OpsGenie's id of the accepted request whose outcome a `checking` entry waits for. */
  requestId?: string;
  /** Event time (epoch ms) it entered the outbox, and of its last attempt (for `checking`: when it was accepted). */
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
