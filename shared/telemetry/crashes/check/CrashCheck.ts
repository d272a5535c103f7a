import { APP_EVENT_KINDS, type AppEventKind } from '../../../../events/telemetry';
import type { ConfiguredRelay } from '../../../detections/relayed';
import type { Occurrence } from '../../../findings/occurrence';
import type { Finding } from '../../../findings/types';
import type { RetryDeadline } from '../../../retry';
import type { TelemetryQuery } from '../../store/TelemetryEventStore';
import { CrashAggregator } from '../CrashAggregator';
import {
  type CrashDetectionHit,
  type CrashRateSpikeParameters,
  type ErrorBurstParameters,
  type KnownGroup,
  type NewOrRegressedParameters,
  appCrashRateSpike,
  appErrorBurst,
  appNewOrRegressedCrash,
} from '../detections';
import type { CrashIssueStore } from '../issues';
import type { CrashSummary } from '../summary';
import { CRASH_KINDS, type CrashEventInput } from '../types';
import type { CheckCursor } from './CheckCursor';
import { type CheckWhere, occurrenceOf } from './occurrences';
import {
  FIRST_RUN_LOOKBACK_MINUTES,
  LATE_LOOKBACK_MINUTES,
  MAX_CATCH_UP_MINUTES,
  SLOT_MINUTES,
  arrivedLate,
  settledHorizon,
  slotEnds,
} from './slots';
import { TimeOrderedEvents } from './TimeOrderedEvents';

const MINUTE_MS = 60_000;

/** The most events one run reads (a bounded read): past it the run evaluates what it read and says it was cut. */
export const MAX_EVENTS_PER_RUN = 200_000;

const GROUPED_KINDS = APP_EVENT_KINDS.filter((k) => CRASH_KINDS.has(k));
const OTHER_KINDS = APP_EVENT_KINDS.filter((k) => !CRASH_KINDS.has(k));

/** The telemetry store's read API (TelemetryEventStore.query), or anything that answers the same query. */
export type CrashEventQuery = (query: TelemetryQuery) => AsyncIterable<CrashEventInput>;

/** Records occurrences as findings and announces the ones that open (FindingRecorder). */
export interface OccurrenceRecorder {
  record(occurrences: readonly Occurrence[], deadline?: RetryDeadline): Promise<Finding[]>;
}

export interface CrashCheckOptions {
  readonly detections: {
    readonly rate: ConfiguredRelay<CrashRateSpikeParameters>;
    readonly newOrRegressed: ConfiguredRelay<NewOrRegressedParameters>;
    readonly burst: ConfiguredRelay<ErrorBurstParameters>;
  };
  readonly events: CrashEventQuery;
  readonly issues: CrashIssueStore;
  readonly cursor: CheckCursor;
  readonly recorder: OccurrenceRecorder;
  readonly maxEvents?: number;
}

export interface CrashCheckOutcome {
  /** The event time evaluated: [from, to). Equal when nothing was due. */
  readonly from: string;
  readonly to: string;
  /** Slots that held a crash or error event, each evaluated once. */
  readonly slots: number;
  /** Slots behind the cursor judged again by the windowed detections, for crash or error events that arrived late. */
  readonly lateSlots: number;
  /** Late crash and error events this run saw first (received since the last run's horizon, for a slot behind it). */
  readonly lateEvents: number;
  readonly eventsRead: number;
  /** True when the read stopped at the bound (MAX_EVENTS_PER_RUN). */
  readonly truncated: boolean;
  /** Event time left unevaluated because the cursor was further behind than a run catches up (minutes). */
  readonly skippedMinutes: number;
  readonly occurrences: number;
  readonly opened: number;
  /** Crash groups seen for the first time, and resolved groups seen again. */
  readonly newGroups: number;
  readonly regressions: number;
}

const receivedAt = (e: CrashEventInput) => (e.receivedAt === undefined || e.receivedAt === null ? undefined : Date.parse(e.receivedAt));
/** Received in [from, to) (event time). */
const receivedIn = (e: CrashEventInput, from: Date, to: Date) => {
  const at = receivedAt(e);
  return at !== undefined && at >= from.getTime() && at < to.getTime();
};
/** Received before `to`, or of unknown receipt (judged as it always was). */
const receivedBefore = (e: CrashEventInput, to: Date) => {
  const at = receivedAt(e);
  return at === undefined || Number.isNaN(at) || at < to.getTime();
};

/** A crash or error group first seen in this slot (its issue's first sight falls in it) is new. */
const firstSeenIn = (firstSeen: string, from: Date, to: Date) => firstSeen >= from.toISOString() && firstSeen < to.toISOString();

function summaryOf(...parts: ReadonlyArray<readonly CrashEventInput[]>): CrashSummary {
  const aggregator = new CrashAggregator();
  for (const part of parts) for (const event of part) aggregator.add(event);
  return aggregator.summary();
}

/**
 * The scheduled crash check (functions/crash-check): at event time `now` it evaluates every settled slot
 * of event time since its cursor (slots.ts), oldest first, with the three crash detections, and records
 * their findings. Only a slot holding a crash or error event is evaluated; for it:
 * - app-new-or-regressed-crash reads the slot's crash and error events: a group the issue state does not
 *   know is recorded (first sight kept) and is new; a resolved one seen after its resolution is regressed,
 *   and unresolved again;
 * - app-error-burst reads the error events of its lookback and window, ending at the slot's end;
 * - app-crash-rate-spike reads every event of its window ending there (sessions come from all kinds).
 * Every occurrence id is a function of the slot's events alone (the events of a new group, a burst's
 * window start, a release and slot end), so evaluating a slot again after a failed run changes nothing,
 * and a capture replayed duplicated and shuffled within the settle time gives the same findings.
 *
 * Crash reports arrive late (a mobile SDK uploads a crash at the app's next launch). A crash or error event
 * received after its slot was judged (slots.ts arrivedLate) is picked up by the first run whose horizon
 * passes its receipt: within the late lookback, that run judges again, with the windowed detections, every
 * slot behind the cursor whose window the event falls in, on the events received by its horizon.
 */
export class CrashCheck {
  private readonly maxEvents: number;

  constructor(private readonly options: CrashCheckOptions) {
    this.maxEvents = options.maxEvents ?? MAX_EVENTS_PER_RUN;
  }

  async run(now: Date, where: CheckWhere, deadline: RetryDeadline = {}): Promise<CrashCheckOutcome> {
    const { cursor, detections } = this.options;
    const horizon = settledHorizon(now);
    const position = await cursor.position();
    const floor = horizon.getTime() - MAX_CATCH_UP_MINUTES * MINUTE_MS;
    const start = position !== undefined ? Date.parse(position) : horizon.getTime() - FIRST_RUN_LOOKBACK_MINUTES * MINUTE_MS;
    const from = new Date(Math.max(start, floor));
    const skippedMinutes = Math.max(0, (floor - start) / MINUTE_MS);
    const outcome = {
      from: from.toISOString(),
      to: from.toISOString(),
      slots: 0,
      lateSlots: 0,
      lateEvents: 0,
      eventsRead: 0,
      truncated: false,
      skippedMinutes,
      occurrences: 0,
      opened: 0,
      newGroups: 0,
      regressions: 0,
    };
    if (from >= horizon) return outcome;
    outcome.to = horizon.toISOString();

    const { rate, burst, newOrRegressed } = detections;
    const burstSpan = burst.enabled ? burst.params.lookbackHours * 60 + burst.params.windowMinutes : 0;
    const rateSpan = rate.enabled ? rate.params.windowMinutes : 0;
    const budget = { left: this.maxEvents, truncated: false };
    // New and regressed groups are looked for over the late lookback too (slots.ts LATE_LOOKBACK_MINUTES); the
    // windowed detections judge only the slots past the cursor.
    const scanFrom = new Date(Math.max(floor, Math.min(from.getTime(), horizon.getTime() - LATE_LOOKBACK_MINUTES * MINUTE_MS)));
    const lookback = Math.max(burstSpan, rateSpan, SLOT_MINUTES) + (from.getTime() - scanFrom.getTime()) / MINUTE_MS;
    const grouped = await this.read(GROUPED_KINDS, from, horizon, lookback, budget);
    // Crash and error events that arrived after their slot was judged, and that this run is the first to see:
    // received in [from, horizon), `from` being the last run's horizon. What a run sees of arrivals is cut at its
    // horizon like event time, so each late event is picked up by one run, whatever order the events came in.
    const late =
      position === undefined ? [] : grouped.between(scanFrom, from).filter((e) => arrivedLate(e) && receivedIn(e, from, horizon));
    outcome.lateEvents = late.length;
    const lateTimes = late.map((e) => Date.parse(e.timestamp));
    const lateWithin = (start: number, end: number) => lateTimes.some((t) => t >= start && t < end);
    const visible = (e: CrashEventInput) => receivedBefore(e, horizon);
    // The rate of a slot behind the cursor needs its sessions too: read back as far as the late events go.
    const othersSpan = rateSpan + (late.length > 0 ? (from.getTime() - scanFrom.getTime()) / MINUTE_MS : 0);
    const others = rate.enabled ? await this.read(OTHER_KINDS, from, horizon, othersSpan, budget) : new TimeOrderedEvents([]);
    outcome.eventsRead = grouped.size + others.size;
    outcome.truncated = budget.truncated;

    for (const end of slotEnds(scanFrom, horizon)) {
      const slotStart = new Date(end.getTime() - SLOT_MINUTES * MINUTE_MS);
      const inSlot = grouped.between(slotStart, end);
      if (inSlot.length === 0) continue;
      // A slot behind the cursor was judged by an earlier run: only late new or regressed groups are looked for.
      const fresh = end.getTime() > from.getTime();
      if (fresh) outcome.slots += 1;
      const occurrences: Occurrence[] = [];
      const regressions: CrashDetectionHit[] = [];
      if (newOrRegressed.enabled) {
        const hits = await this.newOrRegressed(inSlot, slotStart, end, !fresh);
        for (const hit of hits) {
          const first = new Date(String(hit.evidence.firstSeen));
          const last = new Date(String(hit.evidence.lastSeen));
          if (hit.evidence.change === 'regressed') regressions.push(hit);
          else outcome.newGroups += 1;
          // One occurrence per event of the group in this slot (the first 100): the finding lists the crashes.
          for (const eventId of hit.eventIds) {
            occurrences.push(occurrenceOf(hit, newOrRegressed, where, { eventId, eventTime: last, firstSeen: first, windowAnchor: first }));
          }
        }
      }
      // A slot behind the cursor is judged again by a windowed detection when a late event falls in its window,
      // on what was received by this run's horizon; the occurrence ids are the first judgement's, so a window
      // that fired then fires nothing new.
      const lateBurst = burst.enabled && !fresh && lateWithin(end.getTime() - burst.params.windowMinutes * MINUTE_MS, end.getTime());
      const lateRate = rate.enabled && !fresh && lateWithin(end.getTime() - rateSpan * MINUTE_MS, end.getTime());
      if (lateBurst || lateRate) outcome.lateSlots += 1;
      if (burst.enabled && (fresh || lateBurst)) {
        const all = grouped.between(new Date(end.getTime() - burstSpan * MINUTE_MS), end);
        const window = fresh ? all : all.filter(visible);
        for (const hit of appErrorBurst.evaluate(summaryOf(window), burst.params)) {
          const windowStart = String(hit.evidence.windowStart);
          occurrences.push(
            occurrenceOf(hit, burst, where, {
              eventId: `burst:${hit.subject}:${windowStart}`,
              eventTime: new Date(hit.at),
              firstSeen: new Date(windowStart),
            }),
          );
        }
      }
      if (rate.enabled && (fresh || lateRate)) {
        const since = new Date(end.getTime() - rateSpan * MINUTE_MS);
        const [crashes, sessions] = [grouped.between(since, end), others.between(since, end)];
        const summary = fresh ? summaryOf(crashes, sessions) : summaryOf(crashes.filter(visible), sessions.filter(visible));
        for (const hit of appCrashRateSpike.evaluate(summary, rate.params)) {
          occurrences.push(
            occurrenceOf(hit, rate, where, { eventId: `rate:${hit.subject}:${end.toISOString()}`, eventTime: new Date(hit.at) }),
          );
        }
      }
      outcome.occurrences += occurrences.length;
      outcome.opened += (await this.options.recorder.record(occurrences, deadline)).length;
      // Only once its finding is recorded: a run that fails before this finds the group still resolved next time.
      for (const hit of regressions) {
        if (await this.options.issues.regressed(hit.subject, String(hit.evidence.resolvedAt), String(hit.evidence.lastSeen))) {
          outcome.regressions += 1;
        }
      }
    }
    await cursor.advance(position, horizon.toISOString());
    return outcome;
  }

  /**
   * The slot's new and regressed groups, the issue state updated with the groups it first sees. In a slot
   * an earlier run judged (`late`), a group the issue state already knows is never new again: only a group
   * first seen now (its crash arrived late) or a resolved one seen again fires, so nothing is recorded twice.
   */
  private async newOrRegressed(
    inSlot: readonly CrashEventInput[],
    slotStart: Date,
    end: Date,
    late: boolean,
  ): Promise<CrashDetectionHit[]> {
    const { issues, detections } = this.options;
    const params = detections.newOrRegressed.params;
    const summary = summaryOf(inSlot);
    const known: Record<string, KnownGroup> = {};
    for (const g of summary.groups) {
      if (g.crashes === 0 && !params.includeErrors) continue;
      const before = late ? await issues.issue(g.groupId) : undefined;
      if (before !== undefined) {
        known[g.groupId] = { status: before.status, ...(before.resolvedAt !== undefined ? { resolvedAt: before.resolvedAt } : {}) };
        continue;
      }
      const issue =
        g.count >= params.minEvents
          ? await issues.seen({ groupId: g.groupId, firstSeen: g.firstSeen, firstRelease: g.releases.first, title: g.title })
          : await issues.issue(g.groupId);
      if (issue === undefined || firstSeenIn(issue.firstSeen, slotStart, end)) continue;
      known[g.groupId] = { status: issue.status, ...(issue.resolvedAt !== undefined ? { resolvedAt: issue.resolvedAt } : {}) };
    }
    return appNewOrRegressedCrash.evaluate({ summary, known }, params);
  }

  /** The events of these kinds in [from − lookback, horizon), within what is left of the run's read bound. */
  private async read(
    kinds: readonly AppEventKind[],
    from: Date,
    horizon: Date,
    lookbackMinutes: number,
    budget: { left: number; truncated: boolean },
  ): Promise<TimeOrderedEvents> {
    const events: CrashEventInput[] = [];
    const query: TelemetryQuery = {
      kinds,
      from: new Date(from.getTime() - lookbackMinutes * MINUTE_MS),
      // The store's range is inclusive; the horizon is the first instant not yet settled.
      to: new Date(horizon.getTime() - 1),
    };
    for await (const event of this.options.events(query)) {
      if (budget.left === 0) {
        budget.truncated = true;
        break;
      }
      budget.left -= 1;
      events.push(event);
    }
    return new TimeOrderedEvents(events);
  }
}
