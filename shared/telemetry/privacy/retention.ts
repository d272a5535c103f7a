import type { ClassifiedField } from '../classify';

/*
 * Retention by data class, for one stored event. Decision: one item per event whose TTL is the
 * longest retention among the values it keeps, and a schedule of strips for the values whose
 * retention ends earlier (the anonymisation job, functions/telemetry-retention, applies them; TTL
 * cannot remove part of an item). So a screen view's Internal fields live their 395 days while its
 * Restricted user id (sealed) and the user's pseudonym go at 30 and its Confidential session id at 90.
 *
 * The sealed Restricted values are one ciphertext: it goes at the shortest retention among them (never
 * later than any of them allows), and the user's pseudonym with it. Retention runs from when the bus
 * received the batch (the envelope's time), not from the client's clock, which a device can set anywhere.
 */

const DAY_SECONDS = 86_400;

/** Values to remove at a time (epoch seconds): dotted paths of the stored event (`properties.x`, `sessionId`). */
export interface RetentionStrip {
  readonly at: number;
  readonly paths: readonly string[];
}

export interface RetentionPlan {
  /** The item's TTL: the longest retention of what it keeps. */
  readonly expiresAt: number;
  /** When the sealed Restricted values and the user pseudonym go (undefined: the event has none). */
  readonly restrictedUntil?: number;
  /** Earlier removals of plaintext values, oldest first; each before expiresAt. */
  readonly strips: readonly RetentionStrip[];
}

/**
 * @param kept the plaintext values stored (not Restricted), with their retention
 * @param sealed the Restricted values sealed into the item
 * @param from epoch seconds retention counts from
 */
export function retentionPlan(kept: readonly ClassifiedField[], sealed: readonly ClassifiedField[], from: number): RetentionPlan {
  // Folds of Math.min and Math.max (the same results, NaN included, as spreading the lists into one call).
  let shortestSealed = Number.POSITIVE_INFINITY;
  let longest = 0;
  for (const field of sealed) {
    shortestSealed = Math.min(shortestSealed, field.retentionDays);
    longest = Math.max(longest, field.retentionDays);
  }
  for (const field of kept) longest = Math.max(longest, field.retentionDays);
  const restrictedUntil = sealed.length > 0 ? from + shortestSealed * DAY_SECONDS : undefined;
  // An event with nothing classified still carries its identity: kept for the shortest class's time.
  const expiresAt = longest > 0 ? from + longest * DAY_SECONDS : (restrictedUntil ?? from);
  const byTime = new Map<number, string[]>();
  for (const field of kept) {
    const at = from + field.retentionDays * DAY_SECONDS;
    if (at >= expiresAt) continue;
    const paths = byTime.get(at) ?? [];
    paths.push(field.path);
    byTime.set(at, paths);
  }
  const strips = [...byTime.entries()].sort(([a], [b]) => a - b).map(([at, paths]) => ({ at, paths: paths.sort() }));
  return { expiresAt, ...(restrictedUntil === undefined ? {} : { restrictedUntil }), strips };
}
