const MINUTE_MS = 60_000;

/** The crash check evaluates event time in slots of this length, aligned to the epoch (…:00, :15, :30, :45). */
export const SLOT_MINUTES = 15;

/**
 * How long event time must be past a slot before it is evaluated: batches reach the store after their
 * events (apps send every few seconds to minutes, EventBridge retries), so a slot is judged only once the
 * events that belong to it are in. An event later than this is late (arrivedLate): the windows it falls in are
 * judged again by the run that first sees it (CrashCheck), within LATE_LOOKBACK_MINUTES.
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

/** The end of the slot that holds `time` (epoch ms): a slot is [end − SLOT, end). */
export function slotEndOf(time: number): number {
  return Math.floor(time / slotMs) * slotMs + slotMs;
}

/**
 * Whether an event reached the store after its slot was judged: received more than SETTLE_MINUTES after
 * its slot's end. A function of the event alone (its timestamp and its batch's receipt time, both event
 * time), so a replay finds the same late events in whatever order it delivers them.
 */
export function arrivedLate(event: { timestamp: string; receivedAt?: string | null }): boolean {
  if (event.receivedAt === undefined || event.receivedAt === null) return false;
  const received = Date.parse(event.receivedAt);
  const time = Date.parse(event.timestamp);
  return Number.isFinite(received) && Number.isFinite(time) && received > slotEndOf(time) + SETTLE_MINUTES * MINUTE_MS;
}
