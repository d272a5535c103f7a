import type { OutboxEntry } from './OutboxEntry';

/**
 * Deliveries not yet known delivered: waiting to be retried, accepted and checking their outcome, or failed.
 * Shaped like Powertools' persistence layers: this contract, a DynamoDB implementation (the Outbox table
 * and its status-index) and an in-memory one for tests.
 */
export interface OutboxStore {
  /**
   * Adds the entry; when the same delivery is already there, adds the attempts and takes the newest reason,
   * status and requestId (its enqueuedAt stays, so its age, and its place in the order, are the first failure's).
   * An entry already delivered is left as it is.
   */
  enqueue(entry: OutboxEntry): Promise<void>;
  /** Entries of one status, oldest first (enqueuedAt, then id). */
  list(status: OutboxEntry['status'], limit?: number): Promise<OutboxEntry[]>;
  /** Another failed attempt; `status: 'failed'` when the receiver refused it for good. */
  recordFailure(id: string, update: { reason: string; attempts: number; at: number; status?: OutboxEntry['status'] }): Promise<void>;
  /** Delivered: the entry leaves the waiting list (kept, with deliveredAt, until its TTL). */
  markDelivered(id: string, at: number): Promise<void>;
}
