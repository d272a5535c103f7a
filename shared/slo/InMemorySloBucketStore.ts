import type { MinuteCount } from './minuteCounts';
import { validateMinuteCount } from './minuteCounts';
import type { SloBucketStore } from './SloBucketStore';

/** SloBucketStore for unit tests: the same first-record-wins contract, in a map. */
export class InMemorySloBucketStore implements SloBucketStore {
  private readonly series = new Map<string, Map<number, MinuteCount>>();

  async record(series: string, count: MinuteCount): Promise<boolean> {
    validateMinuteCount(count);
    const minutes = this.series.get(series) ?? new Map<number, MinuteCount>();
    this.series.set(series, minutes);
    if (minutes.has(count.minute)) return false;
    minutes.set(count.minute, { ...count });
    return true;
  }

  async read(series: string, fromMinute: number, toMinute: number): Promise<MinuteCount[]> {
    return [...(this.series.get(series)?.values() ?? [])].filter((c) => c.minute >= fromMinute && c.minute <= toMinute);
  }
}
