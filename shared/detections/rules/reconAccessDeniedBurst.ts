import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { WindowDetection } from '../detection';
import { observe } from '../observation';
import { membersOf, thresholdGroups } from '../windows';
import { accountOfArn, arnResources, callerKey, callerOfKey } from './callerKey';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

/**
 * The error codes CloudTrail writes for a call refused for lack of permission: AccessDenied and EC2's
 * UnauthorizedOperation, and AccessDeniedException, which the JSON-protocol services (KMS, Lambda, ...)
 * write for the same refusal.
 */
const DENIED = ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation'];

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(10),
  threshold: threshold(15, 'Denied calls by one caller within the window that fire (count >= threshold)'),
  ignoredPrincipals: ignoredValues('Caller ARNs whose denials are not counted (e.g. a scanner that probes permissions on purpose)'),
});

export type ReconAccessDeniedBurstParameters = z.output<typeof Parameters>;

/**
 * recon-access-denied-burst: calls refused for lack of permission, per caller ARN, W(10 min, 15).
 * Someone holding credentials is finding out what they may do (enumeration after a key leak), or an
 * automation lost a permission. Any service: the trigger matches on the error code alone. Each
 * denial's member value is `<eventSource> <eventName>`, so the finding can say which APIs were tried.
 */
export const reconAccessDeniedBurst: WindowDetection<ReconAccessDeniedBurstParameters> = {
  kind: 'window',
  definition: {
    id: 'recon-access-denied-burst',
    title: 'Burst of access-denied calls by one caller',
    severity: 'medium',
    mitre: ['T1580'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: { source: [{ prefix: 'aws.' }], detail: { errorCode: DENIED } },
  observe(event, params) {
    const caller = actorOf(event.detail);
    if (params.ignoredPrincipals.includes(caller)) return [];
    return [observe(event, callerKey(caller), `${event.detail.eventSource} ${event.detail.eventName}`)];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const groups = thresholdGroups(state.members, params);
    if (groups.length === 0) return [];
    const members = membersOf(groups);
    const caller = callerOfKey(state.key);
    const apis = [...new Set(members.map((m) => m.value))].sort();
    return [
      {
        subject: caller,
        source: 'aws.cloudtrail',
        account: accountOfArn(caller),
        dedupKey: state.key,
        description:
          `${caller} was refused ${params.threshold} or more calls within ${params.windowMinutes} minutes ` +
          `(${apis.length} distinct APIs): someone may be enumerating what these credentials allow.`,
        resources: arnResources(caller),
        evidence: { caller, distinctApis: apis.length, sampleApis: apis.slice(0, 10).join(', '), threshold: params.threshold },
        members,
        groups,
      },
    ];
  },
};
