import { parseScheduleExpression, type ScheduleExpression } from '../../manifest/scheduleExpression';

export interface Schedule<T> {
  expression: string;
  /** What to run when it fires (the runtime's function and trigger). */
  target: T;
  /** Of the firings one advance yields (no event in between), only the last (ScheduleTrigger.replayCatchUp). */
  latestOnly?: boolean;
}

export interface Firing<T> {
  time: Date;
  target: T;
}

/** A replay of a year of events under rate(1 minute) is 525,600 firings: allowed, but a bigger gap is a mistake. */
const MAX_FIRINGS_PER_ADVANCE = 1_000_000;

/**
 * Event time for scheduled functions. The clock starts at the first event time it is shown and only
 * moves forward: a late (out-of-order) event does not take it back, as wall time would not go back
 * in production. Moving it forward yields every firing in (previous, now], oldest first, so a replay
 * runs each schedule at the times it would have run while the captured events arrived (a `latestOnly`
 * schedule: only the last of the times one advance spans).
 */
export class EventClock<T> {
  private now: Date | undefined;
  private readonly schedules: Array<{ parsed: ScheduleExpression; target: T; latestOnly: boolean }>;

  constructor(schedules: Array<Schedule<T>>) {
    this.schedules = schedules.map((s) => ({
      parsed: parseScheduleExpression(s.expression),
      target: s.target,
      latestOnly: s.latestOnly === true,
    }));
  }

  get time(): Date | undefined {
    return this.now;
  }

  advance(to: Date): Array<Firing<T>> {
    if (Number.isNaN(to.getTime())) return [];
    const from = this.now;
    if (from === undefined) {
      this.now = to;
      return [];
    }
    if (to <= from) return [];
    const due: Array<Firing<T>> = [];
    for (const { parsed, target, latestOnly } of this.schedules) {
      let last: Date | undefined;
      for (let t = parsed.next(from); t <= to; t = parsed.next(t)) {
        if (latestOnly) {
          last = t;
          continue;
        }
        due.push({ time: t, target });
        if (due.length > MAX_FIRINGS_PER_ADVANCE) {
          throw new RangeError(
            `event time jumped from ${from.toISOString()} to ${to.toISOString()}: over ${MAX_FIRINGS_PER_ADVANCE} scheduled runs`,
          );
        }
      }
      if (last !== undefined) due.push({ time: last, target });
    }
    this.now = to;
    return due.sort((a, b) => a.time.getTime() - b.time.getTime());
  }
}
