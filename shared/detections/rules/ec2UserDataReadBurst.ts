import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { WindowDetection } from '../detection';
import { observe } from '../observation';
import { MAX_MEMBERS_PER_BUCKET } from '../state/DetectionStateStore';
import { membersOf, thresholdGroups } from '../windows';
import { stringParam } from './requestValues';

const Parameters = z.strictObject({
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10)
    .describe('Sliding window of event time, in minutes'),
  threshold: z
    .number()
    .int()
    .min(2)
    .max(MAX_MEMBERS_PER_BUCKET)
    .default(5)
    .describe('userData reads by one caller within the window that fire (count >= threshold)'),
  ignoredPrincipals: z
    .array(z.string().min(1))
    .default([])
    .describe('Caller ARNs whose reads are not counted (e.g. an inventory or configuration-drift scanner)'),
});

export type Ec2UserDataReadBurstParameters = z.output<typeof Parameters>;

/**
 * ec2-user-data-read-burst: DescribeInstanceAttribute with attribute userData per caller ARN,
 * W(10 min, 5), failed or not. User data is the startup script and often carries passwords,
 * tokens or keys; reading it across instances is credential hunting. The attribute is compared
 * without regard to case (CloudTrail copies it as the caller spelled it), so the trigger stops at
 * the event name and observe checks the attribute. Member value: the instance id.
 */
export const ec2UserDataReadBurst: WindowDetection<Ec2UserDataReadBurstParameters> = {
  kind: 'window',
  definition: {
    id: 'ec2-user-data-read-burst',
    title: 'Burst of EC2 user-data reads by one caller',
    severity: 'medium',
    mitre: ['T1552.005'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: { source: ['aws.ec2'], detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['DescribeInstanceAttribute'] } },
  observe(event, params) {
    const attribute = stringParam(event.detail.requestParameters?.attribute);
    if (attribute?.toLowerCase() !== 'userdata') return [];
    const caller = actorOf(event.detail);
    if (params.ignoredPrincipals.includes(caller)) return [];
    return [observe(event, `caller:${caller}`, stringParam(event.detail.requestParameters?.instanceId) ?? '')];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const groups = thresholdGroups(state.members, params);
    if (groups.length === 0) return [];
    const members = membersOf(groups);
    const caller = state.key.slice('caller:'.length);
    const instances = [...new Set(members.map((m) => m.value).filter(Boolean))].sort();
    return [
      {
        subject: caller,
        source: 'aws.ec2',
        account: caller.startsWith('arn:') ? (caller.split(':')[4] ?? '') : '',
        dedupKey: state.key,
        description:
          `${caller} read the user data of EC2 instances ${params.threshold} or more times within ${params.windowMinutes} minutes ` +
          `(${instances.length} distinct instances): someone may be looking for secrets in startup scripts.`,
        resources: caller.startsWith('arn:') ? [caller] : [],
        evidence: {
          caller,
          distinctInstances: instances.length,
          sampleInstances: instances.slice(0, 10).join(', '),
          threshold: params.threshold,
          windowMinutes: params.windowMinutes,
        },
        members,
        groups,
      },
    ];
  },
};
