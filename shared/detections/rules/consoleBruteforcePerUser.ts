import { z } from 'zod';
import type { WindowDetection } from '../detection';
import { observe } from '../observation';
import { membersOf, thresholdGroups } from '../windows';
import { consoleLoginPattern, consoleUserKey, isIgnored, principalOfKey, accountOfKey } from './consoleLogin';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(15),
  threshold: threshold(5, 'Failed sign-ins of one user within the window that fire (count >= threshold)'),
  ignoredPrincipals: ignoredValues('User names or ARNs whose failures are not counted (e.g. a synthetic sign-in probe)'),
});

export type ConsoleBruteforceParameters = z.output<typeof Parameters>;

/**
 * console-bruteforce-per-user: failed console sign-ins of one user (ARN, else account and user
 * name), W(15 min, 5). Medium; high when the user is Root. Each failure's member value is the
 * identity type, so the decision knows Root without another read.
 */
export const consoleBruteforcePerUser: WindowDetection<ConsoleBruteforceParameters> = {
  kind: 'window',
  definition: {
    id: 'console-bruteforce-per-user',
    title: 'Repeated failed console sign-ins for one user',
    severity: 'medium',
    mitre: ['T1110.001'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: consoleLoginPattern('Failure'),
  observe(event, params) {
    const key = consoleUserKey(event.detail);
    if (!key || isIgnored(event.detail, params.ignoredPrincipals)) return [];
    return [observe(event, key, event.detail.userIdentity.type ?? '')];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const groups = thresholdGroups(state.members, params);
    if (groups.length === 0) return [];
    const members = membersOf(groups);
    const principal = principalOfKey(state.key);
    const root = members.some((m) => m.value === 'Root');
    return [
      {
        subject: principal,
        source: 'aws.signin',
        account: accountOfKey(state.key),
        dedupKey: state.key,
        description:
          `${params.threshold} or more failed console sign-ins for ${principal} within ${params.windowMinutes} minutes: ` +
          'someone may be guessing the password. The events behind this finding are the failures in those windows.',
        severity: root ? 'high' : undefined,
        resources: principal.startsWith('arn:') ? [principal] : [],
        evidence: { principal, root, threshold: params.threshold, windowMinutes: params.windowMinutes },
        members,
        groups,
      },
    ];
  },
};
