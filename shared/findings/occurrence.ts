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
  eventTime: Date;
};
