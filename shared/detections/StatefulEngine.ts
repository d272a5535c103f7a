import { windowStart } from '../findings/findingId';
import type { Occurrence } from '../findings/occurrence';
import type { CloudTrailEnvelope } from './cloudTrailRecord';
import { hourOf, hourStart, rollupOf } from './baseline';
import { DetectionRegistryError } from './errors';
import type { BaselineDetection, StatefulDetection, StatefulHit } from './detection';
import { occurrenceOf, type ConfiguredDetection, type DetectionEngine, type StreamObservation } from './DetectionEngine';
import { bucketOf, byTimeThenId, decodeMember, distinctMembers, encodeMember, type StateMember } from './observation';
import type { DetectionStateStore, StateUpdate } from './state/DetectionStateStore';

export interface StatefulEngineOptions {
  /** Wall clock, for the TTL only (never for a decision). */
  now?: () => number;
  /** State store calls in flight at once. */
  concurrency?: number;
}

/** How long state outlives its horizon: an event up to a day late still finds its window. */
const LATE_TOLERANCE_SECONDS = 24 * 3600;
const HOUR = 3_600_000;

interface TimeRange {
  from: number;
  to: number;
}

/**
 * What a batch's decisions concluded: the occurrences to record, and the marks that say they were
 * recorded. Record the occurrences first (FindingStore), then commit the marks: a batch that fails in
 * between is retried and emits them again, and the store's own dedup on event ids catches that.
 */
export interface StatefulOutcome {
  occurrences: Occurrence[];
  marks: StreamObservation[];
}

/** The stream holding which (event, finding window) pairs a detection has already emitted. */
const emittedStream = (detectionId: string) => `emitted:${detectionId}`;

/**
 * The stateful half of the detector, per batch: every event's observations (pure), aggregated into
 * one set ADD per (detection, key, minute bucket), then one decision per key the batch touched,
 * read back from the store (so the decision sees what other batches and Lambdas added too).
 * Writes are idempotent and every decision is monotone in the state, so redelivery, arrival order
 * and batch boundaries do not change the findings (docs/detections.md, "Stateful detections").
 */
export class StatefulEngine {
  private readonly now: () => number;
  private readonly concurrency: number;
  /** Per stream (detection id, and its emitted marks), how long its buckets outlive their minute. */
  private readonly retentionSeconds = new Map<string, number>();
  /** Per stream, the minutes one bucket covers (the detection's bucketMinutes; 1 by default). */
  private readonly bucketMinutes = new Map<string, number>();

  constructor(
    private readonly engine: DetectionEngine,
    private readonly store: DetectionStateStore,
    options: StatefulEngineOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.concurrency = options.concurrency ?? 8;
    // Each stream lives as long as the longest decision that reads it: its own, and that of any
    // sequence it is the first step of. A baseline's buckets live at least an hour more, for the
    // rollup of a late event's hour.
    const keep = (stream: string, minutes: number) =>
      this.retentionSeconds.set(stream, Math.max(this.retentionSeconds.get(stream) ?? 0, minutes * 60 + LATE_TOLERANCE_SECONDS));
    for (const configured of engine.stateful) {
      const detection = configured.detection;
      const minutes = detection.bucketMinutes ?? 1;
      if (!Number.isInteger(minutes) || minutes < 1 || 60 % minutes !== 0) {
        throw new DetectionRegistryError(`${detection.definition.id}: bucketMinutes must divide 60, got ${minutes}`);
      }
      this.bucketMinutes.set(detection.definition.id, minutes);
      this.bucketMinutes.set(emittedStream(detection.definition.id), minutes);
      const horizon = this.horizonMinutes(configured);
      keep(detection.definition.id, detection.kind === 'baseline' ? Math.max(horizon, 60) : horizon);
      keep(emittedStream(detection.definition.id), horizon);
      if (detection.kind === 'sequence') for (const first of detection.precededBy) keep(first, horizon);
    }
  }

  /**
   * Decisions re-read a key's whole horizon, so every batch that touches a firing window sees all of
   * its events again. Each event is emitted once per finding window only, whatever the batches and
   * redeliveries: a finding's count stays its number of distinct events, also past the 100 event ids
   * a finding keeps (which are all the store could dedup on).
   */
  async evaluate(events: readonly CloudTrailEnvelope[]): Promise<StatefulOutcome> {
    const observations = events.flatMap((event) => this.engine.observe(event)).map((o) => this.rebucket(o));
    const occurrences: Occurrence[] = [];
    const marks: StreamObservation[] = [];
    if (observations.length === 0) return { occurrences, marks };
    await this.inParallel(this.aggregate(observations), (update) => this.store.add(update));

    const touched = touchedRanges(observations);
    await this.rollUp(observations);
    for (const configured of this.engine.stateful) {
      if (!configured.enabled) continue;
      const detection = configured.detection;
      const keys = new Map<string, TimeRange>();
      const streams = detection.kind === 'sequence' ? [detection.definition.id, ...detection.precededBy] : [detection.definition.id];
      for (const stream of streams) {
        for (const [key, range] of touched.get(stream) ?? []) keys.set(key, widen(keys.get(key), range));
      }
      const horizon = this.horizonMinutes(configured) * 60_000;
      const decisions = await this.inParallel([...keys], async ([key, range]) => {
        const read = { from: range.from - horizon, to: range.to + horizon };
        const hits = await this.decide(configured, key, read);
        return { key, hits, emitted: hits.length > 0 ? await this.emitted(configured, key, read) : new Set<string>() };
      });
      const stream = emittedStream(configured.detection.definition.id);
      for (const { key, hits, emitted } of decisions) {
        for (const hit of hits) {
          for (const member of hit.members) {
            const occurrence = occurrenceOf(configured, hit, {
              eventId: member.eventId,
              eventTime: new Date(hit.anchor ?? member.time),
              source: hit.source,
              account: hit.account,
              // The group's region when its key names one (an account and region), else the member's own: a finding
              // spanning regions takes its earliest occurrence's (FindingStore), whatever the delivery order.
              region: hit.region ?? member.region ?? '',
            });
            const findingWindow = windowStart(occurrence.eventTime, occurrence.windowMinutes).toISOString();
            const mark = `${member.eventId}|${findingWindow}`;
            if (emitted.has(mark)) continue;
            emitted.add(mark);
            occurrences.push(occurrence);
            const markMember = { time: member.time, eventId: member.eventId, value: findingWindow };
            marks.push({ stream, observation: { key, bucket: bucketOf(member.time, this.bucketMinutes.get(stream)), member: markMember } });
          }
        }
      }
    }
    return { occurrences, marks };
  }

  /** The observation in its stream's bucket (detections observe per minute; a stream may group wider). */
  private rebucket(observation: StreamObservation): StreamObservation {
    const minutes = this.bucketMinutes.get(observation.stream) ?? 1;
    if (minutes === 1) return observation;
    return { ...observation, observation: { ...observation.observation, bucket: bucketOf(observation.observation.member.time, minutes) } };
  }

  /** Records that the outcome's occurrences are in the finding store (one set ADD per detection, key and minute). */
  async commit(marks: readonly StreamObservation[]): Promise<void> {
    if (marks.length === 0) return;
    await this.inParallel(this.aggregate(marks), (update) => this.store.add(update));
  }

  /**
   * Recomputes the rollup of every (baseline stream, key, hour) the batch added to, from that hour's
   * buckets as stored (so with what other batches added too), and stores it if it is fuller.
   */
  private async rollUp(observations: readonly StreamObservation[]): Promise<void> {
    const baselines = new Map<string, ConfiguredDetection<BaselineDetection>>();
    for (const configured of this.engine.stateful) {
      if (configured.detection.kind === 'baseline')
        baselines.set(configured.detection.definition.id, configured as ConfiguredDetection<BaselineDetection>);
    }
    if (baselines.size === 0) return;
    const hours = new Map<string, { stream: string; key: string; hour: string }>();
    for (const { stream, observation } of observations) {
      if (!baselines.has(stream)) continue;
      const hour = hourOf(observation.member.time);
      hours.set(`${stream}\n${observation.key}\n${hour}`, { stream, key: observation.key, hour });
    }
    const nowSeconds = Math.floor(this.now() / 1000);
    await this.inParallel([...hours.values()], async ({ stream, key, hour }) => {
      const start = hourStart(hour);
      const members = await this.read(stream, key, { from: start, to: start + HOUR - 1 });
      const lookbackDays = baselines.get(stream)!.detection.lookbackDays(baselines.get(stream)!.params);
      const expiresAt = Math.max(nowSeconds, Math.floor(start / 1000)) + lookbackDays * 86_400 + LATE_TOLERANCE_SECONDS;
      await this.store.putRollup({ stream, key, rollup: rollupOf(hour, members), expiresAt });
    });
  }

  /** `<event id>|<finding window>` of what this detection already emitted for the key in the range. */
  private async emitted(configured: ConfiguredDetection<StatefulDetection>, key: string, range: TimeRange): Promise<Set<string>> {
    const marks = await this.read(emittedStream(configured.detection.definition.id), key, range);
    return new Set(marks.map((m) => `${m.eventId}|${m.value}`));
  }

  /** One update per (stream, key, bucket): the union of the batch's members there. */
  private aggregate(observations: readonly StreamObservation[]): StateUpdate[] {
    const byBucket = new Map<string, { stream: string; key: string; bucket: string; members: Set<string> }>();
    for (const { stream, observation } of observations) {
      const id = `${stream}\n${observation.key}\n${observation.bucket}`;
      let entry = byBucket.get(id);
      if (!entry) byBucket.set(id, (entry = { stream, key: observation.key, bucket: observation.bucket, members: new Set() }));
      entry.members.add(encodeMember(observation.member));
    }
    const nowSeconds = Math.floor(this.now() / 1000);
    return [...byBucket.values()].map(({ members, ...where }) => ({
      ...where,
      // Sorted, so that a bucket at its bound keeps the same (earliest) members whatever the delivery.
      members: [...members].sort(),
      expiresAt:
        Math.max(nowSeconds, Math.floor(Date.parse(`${where.bucket}Z`) / 1000)) +
        (this.retentionSeconds.get(where.stream) ?? LATE_TOLERANCE_SECONDS),
    }));
  }

  /** The detection's decision on the key's state in `read` (the touched range widened by its horizon). */
  private async decide(configured: ConfiguredDetection<StatefulDetection>, key: string, read: TimeRange): Promise<StatefulHit[]> {
    const detection = configured.detection;
    const members = await this.read(detection.definition.id, key, read);
    if (detection.kind === 'baseline') return this.decideBaseline(configured as ConfiguredDetection<BaselineDetection>, key, members);
    if (detection.kind !== 'sequence') return detection.decide({ key, members }, configured.params);
    const preceding: StatefulHit[] = [];
    for (const id of detection.precededBy) {
      const first = this.engine.configured(id)! as ConfiguredDetection<StatefulDetection>;
      if (first.detection.kind !== 'window' && first.detection.kind !== 'distinct-count') continue;
      preceding.push(...first.detection.decide({ key, members: await this.read(id, key, read) }, first.params));
    }
    return detection.decide({ key, members, preceding }, configured.params);
  }

  /** Candidates from the recent members alone; the hourly history is read only when there are some. */
  private async decideBaseline(
    configured: ConfiguredDetection<BaselineDetection>,
    key: string,
    members: readonly StateMember[],
  ): Promise<StatefulHit[]> {
    const { detection, params } = configured;
    const candidates = detection.candidates({ key, members }, params);
    if (candidates.length === 0) return [];
    const first = Math.min(...candidates.map((c) => c.reachedAt));
    const last = Math.max(...candidates.map((c) => c.reachedAt));
    const from = hourOf(first - (detection.lookbackDays(params) * 24 + 1) * HOUR);
    const history = await this.store.readRollups(detection.definition.id, key, from, hourOf(last));
    return detection.decide({ key, members, candidates, history }, params);
  }

  private async read(stream: string, key: string, range: TimeRange): Promise<StateMember[]> {
    const minutes = this.bucketMinutes.get(stream);
    const encoded = await this.store.read(stream, key, bucketOf(range.from, minutes), bucketOf(range.to, minutes));
    return distinctMembers(encoded.map(decodeMember).filter((m) => m.time >= range.from && m.time <= range.to)).sort(byTimeThenId);
  }

  /** Event time on either side of a new observation that the decision depends on. */
  private horizonMinutes(configured: ConfiguredDetection<StatefulDetection>): number {
    const detection = configured.detection;
    const own = detection.horizonMinutes(configured.params);
    if (detection.kind !== 'sequence') return own;
    const first = detection.precededBy.map((id) => {
      const c = this.engine.configured(id)! as ConfiguredDetection<StatefulDetection>;
      return c.detection.horizonMinutes(c.params);
    });
    return own + Math.max(0, ...first);
  }

  private async inParallel<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, items.length) }, worker));
    return results;
  }
}

/** Per stream and key, the event-time range of the batch's observations. */
function touchedRanges(observations: readonly StreamObservation[]): Map<string, Map<string, TimeRange>> {
  const touched = new Map<string, Map<string, TimeRange>>();
  for (const { stream, observation } of observations) {
    let keys = touched.get(stream);
    if (!keys) touched.set(stream, (keys = new Map()));
    const time = observation.member.time;
    keys.set(observation.key, widen(keys.get(observation.key), { from: time, to: time }));
  }
  return touched;
}

function widen(range: TimeRange | undefined, more: TimeRange): TimeRange {
  return range ? { from: Math.min(range.from, more.from), to: Math.max(range.to, more.to) } : more;
}
