import type { EvidenceValue, Severity } from './types';

/** One event's contribution to a finding, as a detection reports it. */
export interface Occurrence {
  detection: string;
  severity: Severity;
  title: string;
  description: string;
  subject: string;
  dedupKey: string;
  /** Dedup window in minutes (event time). */
  windowMinutes: number;
  mitre: string[];
  runbook: string;
  eventId: string;
  eventTime: Date;
  source: string;
  account: string;
  region: string;
  resources: string[];
  evidence: Record<string, EvidenceValue>;
}
