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
    .default(30)
    .describe('Sliding window of event time, in minutes'),
  threshold: z
    .number()
    .int()
    .min(2)
    .max(MAX_MEMBERS_PER_BUCKET)
    .default(3)
    .describe("Distinct target instances of one caller's StartSession calls within the window that fire (distinct >= threshold)"),
  ignoredPrincipals: z
    .array(z.string().min(1))
    .default([])
    .describe('Caller ARNs whose sessions are not counted (e.g. a patching or bastion automation role)'),
});

export type SsmSessionBurstParameters = z.output<typeof Parameters>;

/**
 * ssm-session-burst: SSM StartSession per caller ARN, counting distinct targets
 * (requestParameters.target), W(30 min, 3 distinct), attempts failed or not. An operator opens a
 * shell on the instance they are fixing; one caller opening sessions on instance after instance is
 * lateral movement over Session Manager. Reconnecting to the same instance counts once. A call
 * without a target names no instance and cannot add a distinct one, so it is not observed.
 */
export const ssmSessionBurst: WindowDetection<SsmSessionBurstParameters> = {
  kind: 'distinct-count',
  definition: {
    id: 'ssm-session-burst',
    title: 'SSM sessions to many instances by one caller',
    severity: 'medium',
    mitre: ['T1021.007'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: { source: ['aws.ssm'], detail: { eventSource: ['ssm.amazonaws.com'], eventName: ['StartSession'] } },
  observe(event, params) {
    const target = stringParam(event.detail.requestParameters?.target);
    const caller = actorOf(event.detail);
    if (!target || params.ignoredPrincipals.includes(caller)) return [];
    return [observe(event, `caller:${caller}`, target)];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const groups = thresholdGroups(state.members, { ...params, distinct: true });
    if (groups.length === 0) return [];
    const members = membersOf(groups);
    const caller = state.key.slice('caller:'.length);
    const targets = [...new Set(members.map((m) => m.value))].sort();
    return [
      {
        subject: caller,
        source: 'aws.ssm',
        account: caller.startsWith('arn:') ? (caller.split(':')[4] ?? '') : '',
        dedupKey: state.key,
        description:
          `${caller} started Session Manager sessions on ${params.threshold} or more distinct instances within ` +
          `${params.windowMinutes} minutes: someone may be moving from instance to instance.`,
        resources: caller.startsWith('arn:') ? [caller] : [],
        evidence: {
          caller,
          distinctTargets: targets.length,
          sampleTargets: targets.slice(0, 10).join(', '),
          threshold: params.threshold,
          windowMinutes: params.windowMinutes,
        },
        members,
        groups,
      },
    ];
  },
};
