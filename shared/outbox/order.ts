import type { OutboxEntry } from './OutboxEntry';

/** The drain's order: oldest first; the id breaks ties, so the order is the same on every read. */
export function byAge(a: OutboxEntry, b: OutboxEntry): number {
  return a.enqueuedAt - b.enqueuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
