import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { fieldOf } from './personHelpers';
import { accountOf, callEvidence, stringParam } from './requestValues';

/**
 * ec2-user-data-modified: ModifyInstanceAttribute (success) that sets the instance's user data. The
 * request records it either as a userData key (the value redacted) or as attribute "userData" with a value.
 */
export const ec2UserDataModified: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'ec2-user-data-modified',
    title: 'EC2 instance user data (startup script) replaced',
    severity: 'high',
    mitre: ['T1059.009'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.ec2'],
    detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['ModifyInstanceAttribute'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'ec2.amazonaws.com' || record.eventName !== 'ModifyInstanceAttribute' || !succeeded(record)) {
      return undefined;
    }
    const request = record.requestParameters ?? {};
    const attribute = stringParam(fieldOf(request, 'attribute'));
    const setsUserData = fieldOf(request, 'userData') !== undefined || attribute?.toLowerCase() === 'userdata';
    if (!setsUserData) return undefined;
    const account = accountOf(event);
    const instance = stringParam(fieldOf(request, 'instanceId')) ?? 'unknown-instance';
    const arn = `arn:aws:ec2:${record.awsRegion}:${account}:instance/${instance}`;
    return {
      subject: arn,
      dedupKey: `${account}:${instance}`,
      description:
        `${actorOf(record)} replaced the user data of EC2 instance ${instance} (account ${account}, ${record.awsRegion}). ` +
        'User data is a script the instance runs as root at boot: the change takes effect at the next start.',
      resources: [arn],
      evidence: { ...callEvidence(record), account, instanceId: instance },
    } satisfies DetectionHit;
  },
};
