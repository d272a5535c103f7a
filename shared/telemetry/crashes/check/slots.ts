const MINUTE_MS = 60_000;

/** The crash check evaluates event time in slots of this length, aligned to the epoch (…:00, :15, :30, :45). */
export const SLOT_MINUTES = 15;

/**
 * How long event time must be past a slot before it is evaluated: batches reach the store after their
 * events (apps send every few seconds to minutes, EventBridge retries), so a slot is judged only once the
 * events that belong to it are in. Events later than this are evaluated only if their slot is still ahead
 * of the check's cursor (docs/crashes.md, "Known limits").
 */
export const SETTLE_MINUTES = 15;

/** The first run looks back this far (a day: the longest window a crash detection reads by default). */
export const FIRST_RUN_LOOKBACK_MINUTES = 24 * 60;

/**
 * Crash reports arrive late: mobile SDKs upload a crash at the app's next launch, hours or days after it.
 * Every run looks again this far back for crash groups the issue state does not know yet (and for
 * resolved groups seen again), whatever its cursor says, so a late first crash still opens its finding.
 */
export const LATE_LOOKBACK_MINUTES = 24 * 60;

/** A run catches up at most this much event time (a week); older slots are left, and the skip is counted. */
export const MAX_CATCH_UP_MINUTES = 7 * 24 * 60;

const slotMs = SLOT_MINUTES * MINUTE_MS;

/** The end of the latest settled slot at `now`: event time before it is evaluated, after it waits. */
export function settledHorizon(now: Date): Date {
  return new Date(Math.floor((now.getTime() - SETTLE_MINUTES * MINUTE_MS) / slotMs) * slotMs);
}

/** The ends of the slots in (from, to], oldest first; `from` is aligned down to a slot first. */
export function slotEnds(from: Date, to: Date): Date[] {
  const out: Date[] = [];
  for (let end = Math.floor(from.getTime() / slotMs) * slotMs + slotMs; end <= to.getTime(); end += slotMs) out.push(new Date(end));
  return out;
}
