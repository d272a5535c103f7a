import type { CrashEventInput } from '../types';

/** Events sorted by event time (ties by id), cut into time ranges by binary search. */
export class TimeOrderedEvents {
  private readonly times: number[];
  private readonly events: CrashEventInput[];

  constructor(events: Iterable<CrashEventInput>) {
    const timed = [...events]
      .map((event) => ({ event, time: Date.parse(event.timestamp) }))
      .filter((e) => Number.isFinite(e.time))
      .sort((a, b) => a.time - b.time || a.event.eventId.localeCompare(b.event.eventId));
    this.times = timed.map((e) => e.time);
    this.events = timed.map((e) => e.event);
  }

  get size(): number {
    return this.events.length;
  }

  /** Events with from <= time < to. */
  between(from: Date, to: Date): CrashEventInput[] {
    return this.events.slice(this.firstAtOrAfter(from.getTime()), this.firstAtOrAfter(to.getTime()));
  }

  private firstAtOrAfter(time: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
