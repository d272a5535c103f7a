import { z } from 'zod';
import type { CloudTrailRecord } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, actorName, callEvidence, isFalse, outcomeOf, sameWord, text } from './evasionHelpers';

const CALLS = [
  'DeleteDetector',
  'UpdateDetector',
  'CreateIPSet',
  'UpdateIPSet',
  'CreateThreatIntelSet',
  'UpdateThreatIntelSet',
  'CreateFilter',
  'UpdateFilter',
  'DisassociateFromAdministratorAccount',
  'DisassociateFromMasterAccount',
  'StopMonitoringMembers',
  'DeleteMembers',
];

/**
 * guardduty-disabled-or-blinded: any attempt (the row does not say success) to delete or disable a
 * detector, add a trusted IP list or threat list, auto-archive findings with a filter, leave the
 * administrator account or stop monitoring members.
 */
export const guarddutyDisabledOrBlinded: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'guardduty-disabled-or-blinded',
    title: 'GuardDuty disabled or blinded',
    severity: 'critical',
    mitre: ['T1562.001'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.guardduty'],
    detail: { eventSource: ['guardduty.amazonaws.com'], eventName: CALLS },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'guardduty.amazonaws.com') return undefined;
    const change = describeChange(record);
    if (!change) return undefined;
    const account = accountOf(event);
    const region = record.awsRegion;
    const detectorId = text(record.requestParameters?.detectorId) ?? 'unknown-detector';
    const actor = actorName(record);
    return {
      subject: detectorId,
      // A detector is regional: its id is unique only within the account and region.
      dedupKey: `${account}:${region}:${detectorId}`,
      description:
        `${actor} ${change} on GuardDuty detector ${detectorId} in ${region} (account ${account}); the call ${outcomeOf(record)}. ` +
        'GuardDuty then raises fewer findings, or none, for this region.',
      resources: detectorId === 'unknown-detector' ? [] : [`arn:aws:guardduty:${region}:${account}:detector/${detectorId}`],
      evidence: { ...callEvidence(record), detectorId, change },
    } satisfies DetectionHit;
  },
};

function describeChange(record: CloudTrailRecord): string | undefined {
  const params = record.requestParameters ?? {};
  const verb = record.eventName.startsWith('Create') ? 'created' : 'updated';
  switch (record.eventName) {
    case 'DeleteDetector':
      return 'deleted the detector';
    case 'UpdateDetector':
      return isFalse(params.enable) ? 'disabled the detector (enable=false)' : undefined;
    case 'CreateIPSet':
    case 'UpdateIPSet':
      // Addresses in a trusted IP set raise no findings at all.
      return `${verb} trusted IP set ${text(params.name) ?? text(params.ipSetId) ?? ''}`.trim();
    case 'CreateThreatIntelSet':
    case 'UpdateThreatIntelSet':
      return `${verb} threat intel set ${text(params.name) ?? text(params.threatIntelSetId) ?? ''}`.trim();
    case 'CreateFilter':
    case 'UpdateFilter':
      return sameWord(params.action, 'ARCHIVE')
        ? `${verb} auto-archive filter ${text(params.name) ?? text(params.filterName) ?? ''}`.trim()
        : undefined;
    case 'DisassociateFromAdministratorAccount':
    case 'DisassociateFromMasterAccount':
      return 'disassociated the account from its GuardDuty administrator';
    case 'StopMonitoringMembers':
      return 'stopped monitoring member accounts';
    case 'DeleteMembers':
      return 'deleted member accounts';
    default:
      return undefined;
  }
}
