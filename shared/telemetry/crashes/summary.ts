import type { GroupingBasis } from './group';

/** One crash or error group over the events summarised. */
export interface CrashGroupSummary {
  readonly groupId: string;
  readonly title: string;
  readonly basis: GroupingBasis;
  /** Events of the group (each event id once). */
  readonly count: number;
  /** Of which unhandled (crashes); the rest are handled errors. */
  readonly crashes: number;
  readonly errors: number;
  /** Distinct user pseudonyms (events without one are not counted). */
  readonly users: number;
  /** The releases the group was seen in first and last, by event time. */
  readonly releases: { readonly first: string; readonly last: string };
  /** ISO times of the first and last event. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Per release: events and their time span, in order of first sight. */
  readonly byRelease: readonly ReleaseCount[];
  /** Per event-time minute: events, errors and users, in time order (what a burst is read from). */
  readonly minutes: readonly MinuteCount[];
  /** The first 100 event ids, by event time. */
  readonly eventIds: readonly string[];
}

export interface ReleaseCount {
  readonly release: string;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

export interface MinuteCount {
  /** Epoch milliseconds of the minute's start. */
  readonly minute: number;
  readonly count: number;
  /** Of which handled errors. */
  readonly errors: number;
  /** The distinct user pseudonyms of the minute (keyed pseudonyms, never user ids), for distinct users over a window. */
  readonly pseudonyms: readonly string[];
  /** Those of its handled errors. */
  readonly errorPseudonyms: readonly string[];
}

/** Release health: crash-free sessions and users of one release, as Sentry defines them. */
export interface ReleaseHealth {
  readonly release: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly sessions: number;
  readonly crashedSessions: number;
  /** 1 − crashed sessions / sessions; null without sessions. */
  readonly crashFreeSessions: number | null;
  readonly users: number;
  readonly crashedUsers: number;
  /** 1 − users with a crash / users; null without users. */
  readonly crashFreeUsers: number | null;
  /** Crash and error events of the release. */
  readonly crashes: number;
  readonly errors: number;
}

export interface CrashSummary {
  /** Most events first (ties by group id). */
  readonly groups: readonly CrashGroupSummary[];
  /** In order of first sight (event time): a release's predecessor is the one before it. */
  readonly releases: readonly ReleaseHealth[];
  /** Events read, and those left out: repeated event ids (at-least-once delivery), unreadable times. */
  readonly events: { readonly read: number; readonly duplicates: number; readonly invalid: number };
}

/** How many event ids a group lists. */
export const MAX_GROUP_EVENT_IDS = 100;
