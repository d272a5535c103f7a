import type { Severity } from '../findings/types';

/** What the catalogue (DETECTIONS.md) fixes for a detection: its id is a contract, never renamed. */
export interface DetectionDefinition {
  id: string;
  title: string;
  severity: Severity;
  mitre: string[];
  /** Findings of this detection with the same dedup key within this event-time window are one finding. */
  dedupWindowMinutes: number;
}

export const DETECTIONS = {
  'cloudtrail-stopped-or-deleted': {
    id: 'cloudtrail-stopped-or-deleted',
    title: 'CloudTrail logging stopped, deleted or weakened',
    severity: 'critical',
    mitre: ['T1562.008'],
    dedupWindowMinutes: 60,
  },
  'root-console-login': {
    id: 'root-console-login',
    title: 'Root user signed in to the console',
    severity: 'high',
    mitre: ['T1078.004'],
    dedupWindowMinutes: 60,
  },
  'guardduty-finding': {
    id: 'guardduty-finding',
    title: 'GuardDuty finding',
    severity: 'medium',
    mitre: [],
    dedupWindowMinutes: 24 * 60,
  },
} as const satisfies Record<string, DetectionDefinition>;

export type DetectionId = keyof typeof DETECTIONS;

export function runbookFor(id: string): string {
  return `docs/runbooks/${id}.md`;
}
