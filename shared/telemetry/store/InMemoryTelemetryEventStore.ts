import type { TelemetryItem } from './item';
import { type ItemLookup, TelemetryEventStore } from './TelemetryEventStore';

/** The telemetry event store in memory, for tests: the same algorithm, items copied in and out as DynamoDB would. */
export class InMemoryTelemetryEventStore extends TelemetryEventStore {
  private readonly items = new Map<string, TelemetryItem>();

  /** How an item goes in and comes out: a deep copy, so that nobody holds the stored item. */
  protected copy(item: TelemetryItem): TelemetryItem {
    return structuredClone(item);
  }

  /** Every item as stored (tombstones included): what a test scans. */
  rawItems(): TelemetryItem[] {
    return [...this.items.values()].map((i) => this.copy(i));
  }

  protected async putIfAbsent(item: TelemetryItem): Promise<boolean> {
    if (this.items.has(item.eventId)) return false;
    this.items.set(item.eventId, this.copy(item));
    return true;
  }

  protected async getItem(eventId: string): Promise<TelemetryItem | undefined> {
    const item = this.items.get(eventId);
    return item && this.copy(item);
  }

  protected async *findItems(lookup: ItemLookup): AsyncIterable<TelemetryItem> {
    const key = lookup.index === 'all' ? undefined : ({ kind: 'kind', name: 'name', user: 'userPseudonym' } as const)[lookup.index];
    const matches = [...this.items.values()]
      .filter((item) => !item.erased)
      .filter((item) => key === undefined || (lookup.index !== 'all' && item[key] === lookup.value))
      .filter(
        (item) =>
          (lookup.from === undefined || item.timestamp! >= lookup.from) && (lookup.to === undefined || item.timestamp! <= lookup.to),
      )
      .sort((a, b) => (a.timestamp! < b.timestamp! ? -1 : a.timestamp! > b.timestamp! ? 1 : 0));
    for (const item of matches) yield this.copy(item);
  }

  protected async *dueItems(day: string, until: number): AsyncIterable<TelemetryItem> {
    for (const item of this.items.values()) {
      if (item.stripDay === day && item.nextStripAt !== undefined && item.nextStripAt <= until) yield this.copy(item);
    }
  }

  protected async replaceItem(item: TelemetryItem, expectedRev: number): Promise<boolean> {
    const current = this.items.get(item.eventId);
    if (!current || current.rev !== expectedRev) return false;
    this.items.set(item.eventId, this.copy(item));
    return true;
  }
}
