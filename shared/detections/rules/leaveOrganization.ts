import { z } from 'zod';
import { succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, actorName, callEvidence, outcomeOf, text } from './evasionHelpers';

/**
 * leave-organization: LeaveOrganization or RemoveAccountFromOrganization, critical when it succeeded
 * (the catalogue's default) and medium when it failed (the hit lowers it).
 */
export const leaveOrganization: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'leave-organization',
    title: 'Account left or was removed from the organisation',
    severity: 'critical',
    mitre: ['T1562'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.organizations'],
    detail: { eventSource: ['organizations.amazonaws.com'], eventName: ['LeaveOrganization', 'RemoveAccountFromOrganization'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'organizations.amazonaws.com') return undefined;
    const account = accountOf(event);
    let leaving: string;
    let action: string;
    if (record.eventName === 'LeaveOrganization') {
      // The member account itself makes the call.
      leaving = account;
      action = `made account ${account} leave its organisation`;
    } else if (record.eventName === 'RemoveAccountFromOrganization') {
      leaving = text(record.requestParameters?.accountId) ?? 'unknown-account';
      action = `removed account ${leaving} from the organisation managed by ${account}`;
    } else {
      return undefined;
    }
    const ok = succeeded(record);
    const actor = actorName(record);
    return {
      subject: leaving,
      // A success after failed attempts is a new, critical finding, not one more count on the medium one.
      dedupKey: `${account}:${leaving}:${ok ? 'left' : 'attempt'}`,
      description:
        `${actor} ${action} (${record.eventName} in ${record.awsRegion}); the call ${outcomeOf(record)}. ` +
        (ok
          ? 'Outside the organisation the account escapes its SCPs, the organisation trail and delegated security services.'
          : 'Someone tried to take the account out of reach of the SCPs and the organisation trail.'),
      ...(ok ? {} : { lowerTo: 'medium' as const }),
      resources: [],
      evidence: { ...callEvidence(record), account: leaving },
    } satisfies DetectionHit;
  },
};
