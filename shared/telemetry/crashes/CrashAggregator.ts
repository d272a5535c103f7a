import { EarliestItems } from './earliest';
import { type CrashGrouping, groupCrash } from './group';
import { isCrash } from './handled';
import {
  type CrashGroupSummary,
  type CrashSummary,
  MAX_GROUP_EVENT_IDS,
  type MinuteCount,
  type ReleaseCount,
  type ReleaseHealth,
} from './summary';
import { CRASH_KINDS, type CrashEventInput } from './types';

const MINUTE_MS = 60_000;

class Span {
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  firstLabel = '';
  lastLabel = '';

  add(time: number, label: string): void {
    if (time < this.first || (time === this.first && label < this.firstLabel)) [this.first, this.firstLabel] = [time, label];
    if (time > this.last || (time === this.last && label > this.lastLabel)) [this.last, this.lastLabel] = [time, label];
  }
}

interface GroupState {
  readonly grouping: CrashGrouping;
  /** The title of the group's earliest event (stable whatever the arrival order). */
  title: { time: number; id: string; text: string };
  count: number;
  crashes: number;
  readonly users: Set<string>;
  readonly span: Span;
  readonly releases: Span;
  readonly byRelease: Map<string, { count: number; span: Span }>;
  readonly minutes: Map<number, { count: number; errors: number; users: Set<string>; errorUsers: Set<string> }>;
  readonly eventIds: EarliestItems;
}

interface ReleaseState {
  readonly span: Span;
  readonly sessions: Set<string>;
  readonly crashedSessions: Set<string>;
  readonly users: Set<string>;
  readonly crashedUsers: Set<string>;
  crashes: number;
  errors: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const rate = (bad: number, all: number) => (all === 0 ? null : 1 - bad / all);

/**
 * Crash groups and release health over telemetry events, in any order and with repeats (EventBridge
 * delivers at least once, out of order): an event id counts once, first/last are by event time, and
 * the result does not depend on arrival order. Every event counts towards its release's sessions and
 * users; crash and error events (kinds crash and error) are grouped. `release` keeps one release only.
 */
export class CrashAggregator {
  private readonly seen = new Set<string>();
  private readonly groups = new Map<string, GroupState>();
  private readonly releases = new Map<string, ReleaseState>();
  private duplicates = 0;
  private invalid = 0;

  constructor(private readonly options: { readonly release?: string } = {}) {}

  add(event: CrashEventInput): void {
    if (this.options.release !== undefined && event.release !== this.options.release) return;
    const time = Date.parse(event.timestamp);
    if (!Number.isFinite(time)) {
      this.invalid += 1;
      return;
    }
    if (this.seen.has(event.eventId)) {
      this.duplicates += 1;
      return;
    }
    this.seen.add(event.eventId);
    const crashOrError = CRASH_KINDS.has(event.kind);
    const crashed = crashOrError && isCrash(event);
    this.addToRelease(event, time, crashOrError, crashed);
    if (crashOrError) this.addToGroup(event, time, crashed);
  }

  summary(): CrashSummary {
    const groups = [...this.groups.values()].map(groupSummary).sort((a, b) => b.count - a.count || a.groupId.localeCompare(b.groupId));
    const releases = [...this.releases.entries()]
      .map(([release, r]) => releaseHealth(release, r))
      .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.release.localeCompare(b.release));
    return { groups, releases, events: { read: this.seen.size, duplicates: this.duplicates, invalid: this.invalid } };
  }

  private addToRelease(event: CrashEventInput, time: number, crashOrError: boolean, crashed: boolean): void {
    let r = this.releases.get(event.release);
    if (!r) {
      r = {
        span: new Span(),
        sessions: new Set(),
        crashedSessions: new Set(),
        users: new Set(),
        crashedUsers: new Set(),
        crashes: 0,
        errors: 0,
      };
      this.releases.set(event.release, r);
    }
    r.span.add(time, event.eventId);
    if (event.sessionId) {
      r.sessions.add(event.sessionId);
      if (crashed) r.crashedSessions.add(event.sessionId);
    }
    if (event.userPseudonym) {
      r.users.add(event.userPseudonym);
      if (crashed) r.crashedUsers.add(event.userPseudonym);
    }
    if (crashed) r.crashes += 1;
    else if (crashOrError) r.errors += 1;
  }

  private addToGroup(event: CrashEventInput, time: number, crashed: boolean): void {
    const grouping = groupCrash(event);
    let g = this.groups.get(grouping.groupId);
    if (!g) {
      g = {
        grouping,
        title: { time, id: event.eventId, text: grouping.title },
        count: 0,
        crashes: 0,
        users: new Set(),
        span: new Span(),
        releases: new Span(),
        byRelease: new Map(),
        minutes: new Map(),
        eventIds: new EarliestItems(MAX_GROUP_EVENT_IDS),
      };
      this.groups.set(grouping.groupId, g);
    } else if (time < g.title.time || (time === g.title.time && event.eventId < g.title.id)) {
      g.title = { time, id: event.eventId, text: grouping.title };
    }
    g.count += 1;
    if (crashed) g.crashes += 1;
    if (event.userPseudonym) g.users.add(event.userPseudonym);
    g.span.add(time, event.eventId);
    g.releases.add(time, event.release);
    const perRelease = g.byRelease.get(event.release) ?? { count: 0, span: new Span() };
    perRelease.count += 1;
    perRelease.span.add(time, event.eventId);
    g.byRelease.set(event.release, perRelease);
    const minute = Math.floor(time / MINUTE_MS) * MINUTE_MS;
    const bucket = g.minutes.get(minute) ?? { count: 0, errors: 0, users: new Set<string>(), errorUsers: new Set<string>() };
    bucket.count += 1;
    if (!crashed) bucket.errors += 1;
    if (event.userPseudonym) bucket.users.add(event.userPseudonym);
    if (event.userPseudonym && !crashed) bucket.errorUsers.add(event.userPseudonym);
    g.minutes.set(minute, bucket);
    g.eventIds.add(time, event.eventId);
  }
}

function groupSummary(g: GroupState): CrashGroupSummary {
  const byRelease: ReleaseCount[] = [...g.byRelease.entries()]
    .map(([release, r]) => ({ release, count: r.count, firstSeen: iso(r.span.first), lastSeen: iso(r.span.last) }))
    .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.release.localeCompare(b.release));
  const minutes: MinuteCount[] = [...g.minutes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([minute, m]) => ({
      minute,
      count: m.count,
      errors: m.errors,
      pseudonyms: [...m.users].sort(),
      errorPseudonyms: [...m.errorUsers].sort(),
    }));
  return {
    groupId: g.grouping.groupId,
    title: g.title.text,
    basis: g.grouping.basis,
    count: g.count,
    crashes: g.crashes,
    errors: g.count - g.crashes,
    users: g.users.size,
    releases: { first: g.releases.firstLabel, last: g.releases.lastLabel },
    firstSeen: iso(g.span.first),
    lastSeen: iso(g.span.last),
    byRelease,
    minutes,
    eventIds: g.eventIds.ids(),
  };
}

function releaseHealth(release: string, r: ReleaseState): ReleaseHealth {
  return {
    release,
    firstSeen: iso(r.span.first),
    lastSeen: iso(r.span.last),
    sessions: r.sessions.size,
    crashedSessions: r.crashedSessions.size,
    crashFreeSessions: rate(r.crashedSessions.size, r.sessions.size),
    users: r.users.size,
    crashedUsers: r.crashedUsers.size,
    crashFreeUsers: rate(r.crashedUsers.size, r.users.size),
    crashes: r.crashes,
    errors: r.errors,
  };
}
