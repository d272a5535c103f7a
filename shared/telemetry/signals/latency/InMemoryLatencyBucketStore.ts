import type { MinuteCount } from '../../../slo/minuteCounts';
import type { LatencyBucketStore } from './LatencyBucketStore';

/** LatencyBucketStore in maps, for unit tests: the same once-per-contributor contract. */
export class InMemoryLatencyBucketStore implements LatencyBucketStore {
  private readonly buckets = new Map<string, { total: number; bad: number; contributors: Set<string> }>();

  async add(series: string, count: MinuteCount, contributor: string): Promise<boolean> {
    const id = `${series}\n${count.minute}`;
    const bucket = this.buckets.get(id) ?? { total: 0, bad: 0, contributors: new Set<string>() };
    this.buckets.set(id, bucket);
    if (bucket.contributors.has(contributor)) return false;
    bucket.contributors.add(contributor);
    bucket.total += count.total;
    bucket.bad += count.bad;
    return true;
  }

  async read(series: string, fromMinute: number, toMinute: number): Promise<MinuteCount[]> {
    const out: MinuteCount[] = [];
    for (const [id, { total, bad }] of this.buckets) {
      const [name, minute] = id.split('\n') as [string, string];
      if (name === series && Number(minute) >= fromMinute && Number(minute) <= toMinute) out.push({ minute: Number(minute), total, bad });
    }
    return out;
  }
}
