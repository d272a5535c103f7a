import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { WindowDetection } from '../detection';
import { observe } from '../observation';
import { membersOf, thresholdGroups } from '../windows';
import { stringParam } from './requestValues';
import { accountOfArn, arnResources, callerKey, callerOfKey } from './callerKey';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(30),
  threshold: threshold(
    3,
    "Distinct target instances of one caller's StartSession calls within the window that fire (distinct >= threshold)",
  ),
  ignoredPrincipals: ignoredValues('Caller ARNs whose sessions are not counted (e.g. a patching or bastion automation role)'),
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
    return [observe(event, callerKey(caller), target)];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const groups = thresholdGroups(state.members, { ...params, distinct: true });
    if (groups.length === 0) return [];
    const members = membersOf(groups);
    const caller = callerOfKey(state.key);
    const targets = [...new Set(members.map((m) => m.value))].sort();
    return [
      {
        subject: caller,
        source: 'aws.ssm',
        account: accountOfArn(caller),
        dedupKey: state.key,
        description:
          `${caller} started Session Manager sessions on ${params.threshold} or more distinct instances within ` +
          `${params.windowMinutes} minutes: someone may be moving from instance to instance.`,
        resources: arnResources(caller),
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
