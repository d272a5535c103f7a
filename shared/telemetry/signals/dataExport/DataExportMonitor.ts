import {
  baselineValue,
  hourOf,
  hourStart,
  parseBaselineValue,
  type Reference,
  referenceFor,
  rollupOf,
  type VolumeGroup,
  volumeGroups,
} from '../../../detections/baseline';
import { runbookFor } from '../../../detections/definition';
import { bucketOf, byTimeThenId, decodeMember, encodeMember, type StateMember } from '../../../detections/observation';
import type { ConfiguredRelay } from '../../../detections/relayed';
import type { DetectionStateStore, StateUpdate } from '../../../detections/state/DetectionStateStore';
import { membersOf } from '../../../detections/windows';
import { windowStart } from '../../../findings/findingId';
import type { Occurrence } from '../../../findings/occurrence';
import { AppSignalStoreError } from '../errors';
import type { DataExportAnomalyParams } from './appDataExportAnomaly';
import type { ExportObservation } from './exportObservations';

const HOUR = 3_600_000;
/** Buckets of 5 minutes: a user exports a few times an hour at most, so one state item covers several exports. */
const BUCKET_MINUTES = 5;
/** How long the buckets outlive their window: an export up to a day late still finds its window and its hour. */
const LATE_TOLERANCE_SECONDS = 24 * 3600;

/** A batch's conclusions: the occurrences to record, then the marks to commit once they are recorded. */
export interface DataExportOutcome {
  readonly occurrences: Occurrence[];
  commit(): Promise<void>;
}

/** `<origin source>|<account>|<region>|<app>`: what a member keeps beside its amount and dataset. */
const detailOf = (o: ExportObservation) => [o.origin.source, o.origin.account, o.origin.region, o.app].join('|');

/**
 * app-data-export-anomaly over the exports of one SQS batch, with the security detector's baseline machinery
 * (shared/detections/baseline.ts and the DetectionState store) rather than a copy of it:
 *   1. every export is a member `<records>|<dataset>|<origin>` of its user's 5-minute bucket: one set ADD per user
 *      and bucket per batch, so a redelivered export adds nothing and concurrent Lambdas never race;
 *   2. the hours the batch touched are rolled up again from their buckets (rollupOf; a rollup only grows);
 *   3. per user touched: the sliding windows of `windowMinutes` over the floor (volumeGroups), and only if there are
 *      some, the user's hourly history, compared window by window with referenceFor at the window's last export;
 *   4. each export of a firing window becomes one occurrence, once per finding window (the `emitted:` marks, as the
 *      StatefulEngine keeps them), so a finding's count is the exports behind it whatever the batches and order.
 * Not the StatefulEngine itself: it observes CloudTrail envelopes through the detection engine's triggers, and an
 * app event is neither; the steps and the store are the same ones.
 */
export class DataExportMonitor {
  private readonly stream: string;
  private readonly emittedStream: string;

  constructor(
    private readonly configured: ConfiguredRelay<DataExportAnomalyParams>,
    private readonly store: DetectionStateStore,
    private readonly now: () => number = Date.now,
  ) {
    this.stream = configured.detection.definition.id;
    this.emittedStream = `emitted:${this.stream}`;
  }

  async observe(observations: readonly ExportObservation[]): Promise<DataExportOutcome> {
    const none: DataExportOutcome = { occurrences: [], commit: async () => {} };
    if (!this.configured.enabled || observations.length === 0) return none;
    const params = this.configured.params;
    const byUser = new Map<string, ExportObservation[]>();
    for (const o of observations) byUser.set(o.userPseudonym, [...(byUser.get(o.userPseudonym) ?? []), o]);
    const members = observations.map((o) => ({
      key: o.userPseudonym,
      member: { time: o.time, eventId: o.eventId, value: baselineValue(o.records, o.dataset, detailOf(o)) },
    }));
    const windowSeconds = params.windowMinutes * 60;
    await this.write(this.stream, members, windowSeconds + HOUR / 1000);
    await this.rollUp(members.map((m) => ({ key: m.key, hour: hourOf(m.member.time) })));

    const occurrences: Occurrence[] = [];
    const marks: { key: string; member: StateMember }[] = [];
    const horizon = params.windowMinutes * 60_000;
    for (const [user, list] of byUser) {
      const from = Math.min(...list.map((o) => o.time)) - horizon;
      const to = Math.max(...list.map((o) => o.time)) + horizon;
      const state = await this.read(this.stream, user, from, to);
      const candidates = volumeGroups(state, { windowMinutes: params.windowMinutes, floor: params.floorRecords });
      if (candidates.length === 0) continue;
      const first = Math.min(...candidates.map((c) => c.reachedAt));
      const last = Math.max(...candidates.map((c) => c.reachedAt));
      const history = await this.rollups(user, hourOf(first - (params.lookbackDays * 24 + 1) * HOUR), hourOf(last));
      const spikes = candidates
        .map((group) => ({ group, reference: referenceFor(history, group.reachedAt, params) }))
        .filter((s) => s.group.total > params.factor * s.reference.value);
      if (spikes.length === 0) continue;
      const emitted = new Set((await this.read(this.emittedStream, user, from, to)).map((m) => `${m.eventId}|${m.value}`));
      for (const member of membersOf(spikes.map((s) => s.group))) {
        const occurrence = this.occurrenceOf(user, member, spikes);
        const findingWindow = windowStart(occurrence.eventTime, occurrence.windowMinutes).toISOString();
        if (emitted.has(`${member.eventId}|${findingWindow}`)) continue;
        emitted.add(`${member.eventId}|${findingWindow}`);
        occurrences.push(occurrence);
        marks.push({ key: user, member: { time: member.time, eventId: member.eventId, value: findingWindow } });
      }
    }
    return { occurrences, commit: () => this.write(this.emittedStream, marks, horizon / 1000) };
  }

  private occurrenceOf(user: string, member: StateMember, spikes: readonly { group: VolumeGroup; reference: Reference }[]): Occurrence {
    const { detection, severity, dedupWindowMinutes, params } = this.configured;
    const largest = spikes.reduce((a, b) => (b.group.total > a.group.total ? b : a));
    const values = largest.group.members.map((m) => parseBaselineValue(m.value));
    const [source = 'vigil.app', account = '', region = ''] = parseBaselineValue(member.value).detail.split('|');
    const datasets = [...new Set(values.map((v) => v.attribute).filter(Boolean))].sort();
    const apps = [...new Set(values.map((v) => v.detail.split('|')[3] ?? '').filter(Boolean))].sort();
    return {
      detection: detection.definition.id,
      severity,
      title: detection.definition.title,
      // Set when the finding opens; names nothing that grows with the burst (the evidence does).
      description:
        `App user ${user} exported more than ${params.floorRecords} records within ${params.windowMinutes} minutes, over ` +
        `${params.factor} times their own reference (their peak hourly exports of the last ${params.lookbackDays} days; the floor ` +
        'alone without history): account data may be leaving through the app. evidence.windowRecords says how much.',
      subject: user,
      dedupKey: user,
      windowMinutes: dedupWindowMinutes,
      mitre: [...detection.definition.mitre],
      runbook: runbookFor(detection.definition.id),
      source,
      account,
      region,
      resources: [],
      evidence: {
        userPseudonym: user,
        apps: apps.join(', '),
        datasets: datasets.join(', '),
        windowRecords: largest.group.total,
        windowExports: largest.group.members.length,
        windowMinutes: params.windowMinutes,
        referenceRecords: largest.reference.value,
        referenceBasis: largest.reference.basis,
        historyDays: largest.reference.historyDays,
        floorRecords: params.floorRecords,
        factor: params.factor,
      },
      eventId: member.eventId,
      eventTime: new Date(member.time),
    };
  }

  /** One set ADD per (stream, user, bucket): the union of the members there. */
  private async write(stream: string, members: readonly { key: string; member: StateMember }[], keepSeconds: number): Promise<void> {
    const updates = new Map<string, { key: string; bucket: string; members: Set<string> }>();
    for (const { key, member } of members) {
      const bucket = bucketOf(member.time, BUCKET_MINUTES);
      const id = `${key}\n${bucket}`;
      const entry = updates.get(id) ?? { key, bucket, members: new Set<string>() };
      entry.members.add(encodeMember(member));
      updates.set(id, entry);
    }
    const nowSeconds = Math.floor(this.now() / 1000);
    for (const { key, bucket, members: set } of updates.values()) {
      const update: StateUpdate = {
        stream,
        key,
        bucket,
        members: [...set].sort(),
        expiresAt: Math.max(nowSeconds, Math.floor(Date.parse(`${bucket}Z`) / 1000)) + keepSeconds + LATE_TOLERANCE_SECONDS,
      };
      await this.guard(`cannot add to the ${stream} state`, () => this.store.add(update));
    }
  }

  /** Each touched (user, hour) rolled up from its buckets as stored (what other batches added included). */
  private async rollUp(touched: readonly { key: string; hour: string }[]): Promise<void> {
    const unique = new Map(touched.map((t) => [`${t.key}\n${t.hour}`, t]));
    const nowSeconds = Math.floor(this.now() / 1000);
    for (const { key, hour } of unique.values()) {
      const start = hourStart(hour);
      const members = await this.read(this.stream, key, start, start + HOUR - 1);
      const expiresAt =
        Math.max(nowSeconds, Math.floor(start / 1000)) + this.configured.params.lookbackDays * 86_400 + LATE_TOLERANCE_SECONDS;
      await this.guard('cannot store an hourly export rollup', () =>
        this.store.putRollup({ stream: this.stream, key, rollup: rollupOf(hour, members), expiresAt }),
      );
    }
  }

  private async read(stream: string, key: string, from: number, to: number): Promise<StateMember[]> {
    const encoded = await this.guard(`cannot read the ${stream} state`, () =>
      this.store.read(stream, key, bucketOf(from, BUCKET_MINUTES), bucketOf(to, BUCKET_MINUTES)),
    );
    return encoded
      .map(decodeMember)
      .filter((m) => m.time >= from && m.time <= to)
      .sort(byTimeThenId);
  }

  private rollups(key: string, fromHour: string, toHour: string) {
    return this.guard('cannot read the hourly export history', () => this.store.readRollups(this.stream, key, fromHour, toHour));
  }

  private async guard<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      throw new AppSignalStoreError(what, { cause });
    }
  }
}
