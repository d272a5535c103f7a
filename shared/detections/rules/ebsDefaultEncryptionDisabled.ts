import { z } from 'zod';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, actorName, callEvidence, outcomeOf } from './evasionHelpers';

/** ebs-default-encryption-disabled: any attempt (the row does not say success) at DisableEbsEncryptionByDefault. */
export const ebsDefaultEncryptionDisabled: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'ebs-default-encryption-disabled',
    title: 'EBS encryption by default disabled',
    severity: 'medium',
    mitre: ['T1486'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.ec2'],
    detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['DisableEbsEncryptionByDefault'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'ec2.amazonaws.com' || record.eventName !== 'DisableEbsEncryptionByDefault') return undefined;
    const account = accountOf(event);
    const region = record.awsRegion;
    const actor = actorName(record);
    return {
      // The setting is per account and region: that is the resource.
      subject: `${account}/${region}`,
      dedupKey: `${account}:${region}`,
      description:
        `${actor} turned off EBS encryption by default in ${region} (account ${account}); the call ${outcomeOf(record)}. ` +
        'New volumes and snapshot copies there are created unencrypted unless each request asks otherwise.',
      resources: [],
      evidence: { ...callEvidence(record), region },
    } satisfies DetectionHit;
  },
};
