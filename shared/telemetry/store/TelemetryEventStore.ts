import type { AppEventKind } from '../../../events/telemetry';
import type { RetentionStrip } from '../privacy';
import { parseDoc, setValueAt, type TelemetryItem } from './item';
import { type StoredTelemetryEvent, storedEvent } from './StoredTelemetryEvent';
import { stripDayOf } from './toItem';

/** What the aggregates ask for: by kind or name (else everything), event time between from and to, one release. */
export interface TelemetryQuery {
  kinds?: readonly AppEventKind[];
  names?: readonly string[];
  /** Event time, inclusive. */
  from?: Date;
  /** Event time, inclusive. */
  to?: Date;
  release?: string;
}

/** What one primitive lookup reads: an index's key and an event-time range. */
export type ItemLookup =
  | { index: 'kind' | 'name' | 'user'; value: string; from?: string; to?: string }
  | { index: 'all'; from?: string; to?: string };

export interface SaveResult {
  stored: number;
  /** Already stored (a redelivered batch): nothing written. */
  duplicates: number;
}

export interface RetentionResult {
  /** Items whose sealed values and pseudonym were removed. */
  restrictedRemoved: number;
  /** Items that lost plaintext values past their retention. */
  stripped: number;
}

/** How far back the retention job looks for steps that came due (days of the strip index); it runs hourly. */
const RETENTION_LOOKBACK_DAYS = 7;
/** A rewrite that lost to another writer is re-read and tried again this many times. */
const MAX_REWRITES = 3;

/**
 * The telemetry event store, shaped like Powertools' idempotency persistence layer: this base class
 * holds the algorithm (idempotent saves, the read API, retention steps, erasure) on a few primitives
 * each backend implements with its own conditional writes (DynamoTelemetryEventStore for DynamoDB,
 * InMemoryTelemetryEventStore for tests). Items are built and sealed by TelemetryArchive.
 */
export abstract class TelemetryEventStore {
  /** Writes the item unless one with its event id exists; true when written. */
  protected abstract putIfAbsent(item: TelemetryItem): Promise<boolean>;
  protected abstract getItem(eventId: string): Promise<TelemetryItem | undefined>;
  /** Items of one index key (or all), event time within the range, any order. Erased items are never returned. */
  protected abstract findItems(lookup: ItemLookup): AsyncIterable<TelemetryItem>;
  /** Items whose next retention step falls on that day (strip index), at or before `until` (epoch seconds). */
  protected abstract dueItems(day: string, until: number): AsyncIterable<TelemetryItem>;
  /** Replaces the item if its `rev` is still `expectedRev`; false when another writer changed it first. */
  protected abstract replaceItem(item: TelemetryItem, expectedRev: number): Promise<boolean>;

  /** Saves each item once: a redelivered event (same id) writes nothing. */
  async save(items: readonly TelemetryItem[]): Promise<SaveResult> {
    const written = await Promise.all(items.map((item) => this.putIfAbsent(item)));
    const stored = written.filter(Boolean).length;
    return { stored, duplicates: items.length - stored };
  }

  /** The raw item (sealed values still sealed); undefined when absent or erased. */
  async item(eventId: string): Promise<TelemetryItem | undefined> {
    const item = await this.getItem(eventId);
    return item && !item.erased ? item : undefined;
  }

  /** The read API of the aggregates: stored events (never Restricted values), oldest first within each index key. */
  async *query(query: TelemetryQuery = {}): AsyncIterable<StoredTelemetryEvent> {
    const from = query.from?.toISOString();
    const to = query.to?.toISOString();
    const lookups: ItemLookup[] = query.names?.length
      ? query.names.map((value) => ({ index: 'name', value, from, to }))
      : query.kinds?.length
        ? query.kinds.map((value) => ({ index: 'kind', value, from, to }))
        : [{ index: 'all', from, to }];
    for (const lookup of lookups) {
      for await (const item of this.findItems(lookup)) {
        if (query.release !== undefined && item.release !== query.release) continue;
        if (query.kinds?.length && !query.kinds.includes(item.kind as AppEventKind)) continue;
        yield storedEvent(item);
      }
    }
  }

  /** Every stored item of one user (by pseudonym): what erasure works on. */
  async *itemsOfUser(userPseudonym: string): AsyncIterable<TelemetryItem> {
    yield* this.findItems({ index: 'user', value: userPseudonym });
  }

  /**
   * Erases one event: the item becomes a tombstone holding its key and TTL only (no values, no
   * ciphertext, no pseudonym, out of every index), so a redelivery of its batch stays erased. True when
   * something was erased.
   */
  async erase(eventId: string): Promise<boolean> {
    return this.rewrite(eventId, (item) => ({
      eventId: item.eventId,
      v: item.v,
      erased: true,
      expiresAt: item.expiresAt,
      rev: item.rev + 1,
    }));
  }

  /**
   * The retention steps due at `now` (the anonymisation job): sealed values and pseudonyms past the
   * Restricted retention removed, plaintext values past their class's retention stripped. What is left
   * waits for the next step or for its TTL.
   */
  async applyRetention(now: Date): Promise<RetentionResult> {
    const until = Math.floor(now.getTime() / 1000);
    const result: RetentionResult = { restrictedRemoved: 0, stripped: 0 };
    for (let back = RETENTION_LOOKBACK_DAYS; back >= 0; back--) {
      const day = stripDayOf(until - back * 86_400);
      const due: string[] = [];
      for await (const item of this.dueItems(day, until)) due.push(item.eventId);
      for (const eventId of due) {
        let restricted = false;
        let stripped = false;
        await this.rewrite(eventId, (item) => {
          const step = retentionStep(item, until);
          restricted = step.restricted;
          stripped = step.stripped;
          return step.item;
        });
        if (restricted) result.restrictedRemoved += 1;
        if (stripped) result.stripped += 1;
      }
    }
    return result;
  }

  /** Read, change, write back conditionally; re-read when another writer won. */
  private async rewrite(eventId: string, change: (item: TelemetryItem) => TelemetryItem | undefined): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_REWRITES; attempt++) {
      const item = await this.getItem(eventId);
      if (!item || item.erased) return false;
      const next = change(item);
      if (!next) return false;
      if (await this.replaceItem(next, item.rev)) return true;
    }
    return false;
  }
}

/** One item with the retention steps due by `until` applied (undefined: nothing due). */
export function retentionStep(
  item: TelemetryItem,
  until: number,
): { item: TelemetryItem | undefined; restricted: boolean; stripped: boolean } {
  const restricted = item.restrictedUntil !== undefined && item.restrictedUntil <= until;
  const strips: RetentionStrip[] = item.strips ? (JSON.parse(item.strips) as RetentionStrip[]) : [];
  const due = strips.filter((s) => s.at <= until);
  if (!restricted && due.length === 0) return { item: undefined, restricted: false, stripped: false };
  const next: TelemetryItem = { ...item, rev: item.rev + 1 };
  if (restricted) {
    delete next.sealed;
    delete next.sealedFields;
    delete next.userPseudonym;
    delete next.restrictedUntil;
  }
  if (due.length > 0) {
    const doc = parseDoc(item);
    for (const strip of due) {
      for (const path of strip.paths) {
        setValueAt(doc, path, undefined);
        if (path === 'sessionId') delete next.sessionId;
      }
    }
    next.doc = JSON.stringify(doc);
    const left = strips.filter((s) => s.at > until);
    if (left.length > 0) next.strips = JSON.stringify(left);
    else delete next.strips;
  }
  const nextAt = Math.min(
    next.restrictedUntil ?? Number.POSITIVE_INFINITY,
    ...(next.strips ? (JSON.parse(next.strips) as RetentionStrip[]).map((s) => s.at) : []),
  );
  if (Number.isFinite(nextAt)) {
    next.nextStripAt = nextAt;
    next.stripDay = stripDayOf(nextAt);
  } else {
    delete next.nextStripAt;
    delete next.stripDay;
  }
  return { item: next, restricted, stripped: due.length > 0 };
}
