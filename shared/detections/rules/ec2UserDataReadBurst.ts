import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { WindowDetection } from '../detection';
import { observe } from '../observation';
import { membersOf, thresholdGroups } from '../windows';
import { stringParam } from './requestValues';
import { accountOfArn, arnResources, callerKey, callerOfKey } from './callerKey';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(10),
  threshold: threshold(5, 'userData reads by one caller within the window that fire (count >= threshold)'),
  ignoredPrincipals: ignoredValues('Caller ARNs whose reads are not counted (e.g. an inventory or configuration-drift scanner)'),
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
    return [observe(event, callerKey(caller), stringParam(event.detail.requestParameters?.instanceId) ?? '')];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const groups = thresholdGroups(state.members, params);
    if (groups.length === 0) return [];
    const members = membersOf(groups);
    const caller = callerOfKey(state.key);
    const instances = [...new Set(members.map((m) => m.value).filter(Boolean))].sort();
    return [
      {
        subject: caller,
        source: 'aws.ec2',
        account: accountOfArn(caller),
        dedupKey: state.key,
        description:
          `${caller} read the user data of EC2 instances ${params.threshold} or more times within ${params.windowMinutes} minutes ` +
          `(${instances.length} distinct instances): someone may be looking for secrets in startup scripts.`,
        resources: arnResources(caller),
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
