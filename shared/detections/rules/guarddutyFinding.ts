import type { DetectionDefinition } from '../definition';

/**
 * guardduty-finding: GuardDuty findings relayed by functions/guardduty-relay, not a CloudTrail
 * detection, so it is not in the security detector's registry (rules/index.ts). Its relay logic,
 * runbook and entry in docs/detections.md land with the GuardDuty detection issue.
 */
export const GUARDDUTY_FINDING: DetectionDefinition = {
  id: 'guardduty-finding',
  title: 'GuardDuty finding',
  severity: 'medium',
  mitre: [],
  dedupWindowMinutes: 24 * 60,
};
