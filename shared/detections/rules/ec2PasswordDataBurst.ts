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
    .default(60)
    .describe('Sliding window of event time, in minutes'),
  threshold: z
    .number()
    .int()
    .min(2)
    .max(MAX_MEMBERS_PER_BUCKET)
    .default(20)
    .describe('GetPasswordData calls by one caller within the window that fire (count >= threshold)'),
  ignoredPrincipals: z
    .array(z.string().min(1))
    .default([])
    .describe('Caller ARNs whose calls are not counted (e.g. a fleet tool that rotates Windows admin passwords)'),
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
          `${caller} called GetPasswordData ${params.threshold} or more times within ${params.windowMinutes} minutes ` +
          `(${instances.length} distinct instances): someone may be collecting Windows administrator passwords.`,
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
