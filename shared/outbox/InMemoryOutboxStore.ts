import type { OutboxEntry } from './OutboxEntry';
import type { OutboxStore } from './OutboxStore';
import { byAge } from './order';

/** The outbox in memory, for tests. */
export class InMemoryOutboxStore implements OutboxStore {
  readonly entries = new Map<string, OutboxEntry & { deliveredAt?: number }>();

  async enqueue(entry: OutboxEntry): Promise<void> {
    const current = this.entries.get(entry.id);
    // An entry already delivered is never revived: that delivery succeeded (as the DynamoDB store's condition).
    if (current?.deliveredAt !== undefined) return;
    if (current) {
      const { requestId: _previous, ...rest } = current;
      this.entries.set(entry.id, {
        ...rest,
        reason: entry.reason,
        status: entry.status,
        attempts: current.attempts + entry.attempts,
        lastAttemptAt: entry.lastAttemptAt,
        ...(entry.requestId === undefined ? {} : { requestId: entry.requestId }),
      });
      return;
    }
    this.entries.set(entry.id, structuredClone(entry));
  }

  async list(status: OutboxEntry['status'], limit = Number.POSITIVE_INFINITY): Promise<OutboxEntry[]> {
    return [...this.entries.values()]
      .filter((e) => e.deliveredAt === undefined && e.status === status)
      .sort(byAge)
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }

  async recordFailure(id: string, update: { reason: string; attempts: number; at: number; status?: OutboxEntry['status'] }): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    Object.assign(entry, {
      reason: update.reason,
      attempts: update.attempts,
      lastAttemptAt: update.at,
      status: update.status ?? entry.status,
    });
  }

  async markDelivered(id: string, at: number): Promise<void> {
    const entry = this.entries.get(id);
    if (entry) entry.deliveredAt = at;
  }
}
