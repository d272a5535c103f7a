import { findingId, windowStart } from '../../../../shared/findings/findingId';
import type { Occurrence } from '../../../../shared/findings/occurrence';

/** A finding as the finding store folds occurrences into it (one per id, an event id counted once). */
export interface FoldedFinding {
  id: string;
  detection: string;
  subject: string;
  severity: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/**
 * Occurrences folded as FindingStore.record folds them (same id from detection, dedup key and window; an event id
 * already in the finding changes nothing): what the tests compare between a clean and a disordered delivery.
 */
export function foldFindings(occurrences: readonly Occurrence[]): FoldedFinding[] {
  const byId = new Map<string, FoldedFinding & { events: Set<string> }>();
  for (const o of occurrences) {
    const id = findingId(o.detection, o.dedupKey, windowStart(o.windowAnchor ?? o.eventTime, o.windowMinutes));
    const seen = o.eventTime.toISOString();
    const f = byId.get(id) ?? {
      id,
      detection: o.detection,
      subject: o.subject,
      severity: o.severity,
      count: 0,
      firstSeen: seen,
      lastSeen: seen,
      events: new Set<string>(),
    };
    if (f.events.has(o.eventId)) continue;
    f.events.add(o.eventId);
    f.count += 1;
    if (seen < f.firstSeen) f.firstSeen = seen;
    if (seen > f.lastSeen) f.lastSeen = seen;
    byId.set(id, f);
  }
  return [...byId.values()].map(({ events: _events, ...f }) => f).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** A deterministic shuffle (a linear congruential generator): the same disorder on every run. */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every item twice, and shuffled within blocks of `block` items (lateness bounded by the block's span). */
export function duplicatedAndShuffled<T>(items: readonly T[], block: number, seed = 11): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i += block)
    out.push(...shuffled([...items.slice(i, i + block), ...items.slice(i, i + block)], seed + i));
  return out;
}

/** Items in batches of `size`, as an SQS trigger hands them over. */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
