import {
  DETECTIONS,
  DetectionEngine,
  InMemoryDetectionStateStore,
  StatefulEngine,
  parseDetectionOverrides,
  type CloudTrailEnvelope,
} from '../../../shared/detections';
import type { Occurrence } from '../../../shared/findings/occurrence';

/**
 * Runs the registry's stateful engine over `batches` in order, on one in-memory state store, and
 * returns `detection`'s occurrences (not a test file: jest's testMatch is *.test.ts). `overrides` is
 * the stage's detectionOverrides, parameters under the detection id.
 */
export async function occurrencesOf(
  detection: string,
  batches: readonly CloudTrailEnvelope[][],
  parameters: Record<string, unknown> = {},
): Promise<Occurrence[]> {
  const overrides = Object.keys(parameters).length > 0 ? { [detection]: { parameters } } : {};
  const engine = new DetectionEngine(DETECTIONS, parseDetectionOverrides(overrides, DETECTIONS));
  const stateful = new StatefulEngine(engine, new InMemoryDetectionStateStore(), { now: () => Date.parse('2026-11-20T00:00:00Z') });
  const out: Occurrence[] = [];
  for (const batch of batches) out.push(...(await stateful.evaluate(batch)).occurrences);
  return out.filter((o) => o.detection === detection);
}

/** The event ids behind the occurrences, as a set: what a finding lists, whatever the batches. */
export const eventIds = (occurrences: readonly Occurrence[]) => new Set(occurrences.map((o) => o.eventId));

/** `seconds` after 10:00 on 2026-11-20, as CloudTrail writes event times. */
export const at = (seconds: number) => new Date(Date.parse('2026-11-20T10:00:00Z') + seconds * 1000).toISOString().replace('.000Z', 'Z');

/**
 * The same events redelivered (each twice), reversed and cut into two batches: a window detection
 * must find the same event set as from one in-order batch.
 */
export function redelivered(events: readonly CloudTrailEnvelope[], cut = Math.ceil(events.length / 2)): CloudTrailEnvelope[][] {
  const shuffled = [...events, ...events].reverse();
  return [shuffled.slice(0, cut), shuffled.slice(cut)];
}

/** The envelope ids of events, as a set: what eventIds of their occurrences should be. */
export const idsOf = (events: readonly CloudTrailEnvelope[]) => new Set(events.map((e) => e.id));

/**
 * Every event twice, in an order where each event may arrive up to `lateMinutes` late (a
 * deterministic shuffle within bounded lateness, as EventBridge delivers), cut into batches of
 * `batchSize`: what a detection whose history matters (baselines) must give the same findings on.
 */
export function lateAndTwice(events: readonly CloudTrailEnvelope[], lateMinutes = 10, batchSize = 37, seed = 7): CloudTrailEnvelope[][] {
  const shuffled = shuffledWithin([...events, ...events], lateMinutes, seed);
  const batches: CloudTrailEnvelope[][] = [];
  for (let i = 0; i < shuffled.length; i += batchSize) batches.push(shuffled.slice(i, i + batchSize));
  return batches;
}

/** Deterministic shuffle within bounded lateness: each event moves later by up to `lateMinutes`. */
export function shuffledWithin(events: readonly CloudTrailEnvelope[], lateMinutes: number, seed = 7): CloudTrailEnvelope[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return events
    .map((event) => ({ event, at: Date.parse(event.detail.eventTime ?? event.time) + random() * lateMinutes * 60_000 }))
    .sort((a, b) => a.at - b.at)
    .map((e) => e.event);
}
