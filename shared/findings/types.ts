export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Scalar evidence only: allow-listed, never a Restricted value (pseudonymise those first). */
export type EvidenceValue = string | number | boolean | null;

/**
 * A finding: what a detector concluded from one or more events. Its id is derived from
 * detection + dedup key + window (see findingId), so the same conclusion reached twice is one finding.
 */
export interface Finding {
  id: string;
  detection: string;
  severity: Severity;
  title: string;
  description: string;
  /** Who or what the finding is about (an ARN, a user name, an IP); pseudonymised where Restricted. */
  subject: string;
  dedupKey: string;
  window: { start: string; end: string };
  firstSeen: string;
  lastSeen: string;
  count: number;
  /** EventBridge event ids (envelope `id`) behind the finding, the first 100 at most. */
  eventIds: string[];
  mitre: string[];
  /** Path of the runbook in this repository: docs/runbooks/<detection>.md */
  runbook: string;
  /** Where the evidence came from: the envelope source of the triggering event (e.g. aws.cloudtrail). */
  source: string;
  account: string;
  region: string;
  resources: string[];
  evidence: Record<string, EvidenceValue>;
}

/** The finding as it travels on the Vigil bus. */
export const FINDING_SOURCE = 'vigil.findings';
export const FINDING_DETAIL_TYPE = 'Vigil Finding';
export const MAX_EVENT_IDS = 100;
