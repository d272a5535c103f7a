import type { Finding } from './types';

/**
 * One event's contribution to a finding, as a detection reports it: the finding's descriptive fields,
 * plus what places the event (its id and time) and the dedup window it is counted in.
 */
export type Occurrence = Pick<
  Finding,
  | 'detection'
  | 'severity'
  | 'title'
  | 'description'
  | 'subject'
  | 'dedupKey'
  | 'mitre'
  | 'runbook'
  | 'source'
  | 'account'
  | 'region'
  | 'resources'
  | 'evidence'
> & {
  /** Dedup window in minutes (event time). */
  windowMinutes: number;
  eventId: string;
  /** When the activity behind the event happened (its end, for an event that reports a span): the finding's lastSeen. */
  eventTime: Date;
  /**
   * When the activity began, for an event that reports a span (a GuardDuty finding's eventFirstSeen):
   * the finding's firstSeen. eventTime when absent.
   */
  firstSeen?: Date;
  /**
   * The instant that places the dedup window, when it is not eventTime: a source that aggregates its
   * own updates (GuardDuty re-publishes one finding id with a growing count) anchors every update at
   * the same instant (the finding's createdAt), so that all of them land in one Vigil finding.
   */
  windowAnchor?: Date;
};
