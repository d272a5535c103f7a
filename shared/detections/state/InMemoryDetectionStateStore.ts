import type { HourlyRollup } from '../baseline';
import { MAX_MEMBERS_PER_BUCKET, type DetectionStateStore, type RollupUpdate, type StateUpdate } from './DetectionStateStore';

/** The state store in a Map, for unit tests: the same set semantics and bucket bound as DynamoDB's. */
export class InMemoryDetectionStateStore implements DetectionStateStore {
  /** stream\nkey → bucket → members */
  private readonly items = new Map<string, Map<string, Set<string>>>();
  /** Every add call, for tests that assert one write per key and bucket. */
  readonly writes: StateUpdate[] = [];
  /** stream\nkey → hour → rollup */
  private readonly rollups = new Map<string, Map<string, HourlyRollup>>();
  /** Every putRollup call. */
  readonly rollupWrites: RollupUpdate[] = [];

  async add(update: StateUpdate): Promise<boolean> {
    this.writes.push(update);
    const partition = `${update.stream}\n${update.key}`;
    let buckets = this.items.get(partition);
    if (!buckets) this.items.set(partition, (buckets = new Map()));
    let members = buckets.get(update.bucket);
    if (!members) buckets.set(update.bucket, (members = new Set()));
    if (members.size >= MAX_MEMBERS_PER_BUCKET) return false;
    for (const member of update.members) members.add(member);
    return true;
  }

  async read(stream: string, key: string, fromBucket: string, toBucket: string): Promise<string[]> {
    const buckets = this.items.get(`${stream}\n${key}`) ?? new Map<string, Set<string>>();
    return [...buckets].filter(([bucket]) => bucket >= fromBucket && bucket <= toBucket).flatMap(([, members]) => [...members]);
  }

  async putRollup(update: RollupUpdate): Promise<void> {
    this.rollupWrites.push(update);
    const partition = `${update.stream}\n${update.key}`;
    let hours = this.rollups.get(partition);
    if (!hours) this.rollups.set(partition, (hours = new Map()));
    const stored = hours.get(update.rollup.hour);
    if (!stored || stored.count < update.rollup.count) hours.set(update.rollup.hour, update.rollup);
  }

  async readRollups(stream: string, key: string, fromHour: string, toHour: string): Promise<HourlyRollup[]> {
    const hours = this.rollups.get(`${stream}\n${key}`) ?? new Map<string, HourlyRollup>();
    return [...hours.values()].filter((r) => r.hour >= fromHour && r.hour <= toHour).sort((a, b) => (a.hour < b.hour ? -1 : 1));
  }
}
