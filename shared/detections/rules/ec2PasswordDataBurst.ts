import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { WindowDetection } from '../detection';
import { observe } from '../observation';
import { membersOf, thresholdGroups } from '../windows';
import { stringParam } from './requestValues';
import { accountOfArn, arnResources, callerKey, callerOfKey } from './callerKey';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(60),
  threshold: threshold(20, 'GetPasswordData calls by one caller within the window that fire (count >= threshold)'),
  ignoredPrincipals: ignoredValues('Caller ARNs whose calls are not counted (e.g. a fleet tool that rotates Windows admin passwords)'),
});

export type Ec2PasswordDataBurstParameters = z.output<typeof Parameters>;

/**
 * ec2-password-data-burst: GetPasswordData calls per caller ARN, W(60 min, 20), failed or not: a
 * denied call is still someone trying to collect the Windows administrator passwords of many
 * instances. Each call's member value is the instance id, so the finding can say how many
 * instances were targeted (one instance polled in a loop reads differently from a sweep).
 */
export const ec2PasswordDataBurst: WindowDetection<Ec2PasswordDataBurstParameters> = {
  kind: 'window',
  definition: {
    id: 'ec2-password-data-burst',
    title: 'Burst of EC2 GetPasswordData calls by one caller',
    severity: 'medium',
    mitre: ['T1552'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: { source: ['aws.ec2'], detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['GetPasswordData'] } },
  observe(event, params) {
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
          `${caller} called GetPasswordData ${params.threshold} or more times within ${params.windowMinutes} minutes ` +
          `(${instances.length} distinct instances): someone may be collecting Windows administrator passwords.`,
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
