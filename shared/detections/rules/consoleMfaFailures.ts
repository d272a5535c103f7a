import { z } from 'zod';
import type { WindowDetection } from '../detection';
import { observe } from '../observation';
import { membersOf, thresholdGroups } from '../windows';
import { accountOfKey, consoleLoginPattern, consoleUserKey, isIgnored, principalOfKey } from './consoleLogin';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(15),
  threshold: threshold(2, 'Failed sign-ins with MFA of one user within the window that fire (count >= threshold)'),
  ignoredPrincipals: ignoredValues('User names or ARNs whose failures are not counted (e.g. a synthetic sign-in probe)'),
});

export type ConsoleMfaFailuresParameters = z.output<typeof Parameters>;

const failure = consoleLoginPattern('Failure');

/**
 * console-mfa-failures: failed console sign-ins that reached the MFA step (additionalEventData
 * MFAUsed "Yes"), per user (the `user:` key of the other console detections), W(15 min, 2). A
 * failure at that step means the password was accepted: someone who holds it is trying codes or
 * pushing prompts at the owner. Member value: the source IP, for the finding's evidence.
 */
export const consoleMfaFailures: WindowDetection<ConsoleMfaFailuresParameters> = {
  kind: 'window',
  definition: {
    id: 'console-mfa-failures',
    title: 'Repeated console sign-in failures at the MFA step for one user',
    severity: 'high',
    mitre: ['T1621'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: { ...failure, detail: { ...failure.detail, additionalEventData: { MFAUsed: ['Yes'] } } },
  observe(event, params) {
    const key = consoleUserKey(event.detail);
    if (!key || isIgnored(event.detail, params.ignoredPrincipals)) return [];
    return [observe(event, key, event.detail.sourceIPAddress ?? '')];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const groups = thresholdGroups(state.members, params);
    if (groups.length === 0) return [];
    const members = membersOf(groups);
    const principal = principalOfKey(state.key);
    const ips = [...new Set(members.map((m) => m.value).filter(Boolean))].sort();
    return [
      {
        subject: principal,
        source: 'aws.signin',
        account: accountOfKey(state.key),
        dedupKey: state.key,
        description:
          `${params.threshold} or more console sign-ins for ${principal} failed at the MFA step within ${params.windowMinutes} ` +
          'minutes: a failure with MFA used usually means the password was right, so someone may hold it and be trying codes or prompts.',
        resources: principal.startsWith('arn:') ? [principal] : [],
        evidence: { principal, sourceIps: ips.join(', '), threshold: params.threshold, windowMinutes: params.windowMinutes },
        members,
        groups,
      },
    ];
  },
};
