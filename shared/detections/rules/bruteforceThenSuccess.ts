import { z } from 'zod';
import type { SequenceDetection } from '../detection';
import { observe } from '../observation';
import { membersOf } from '../windows';
import { consoleLoginPattern, consoleUserKey, principalOfKey, accountOfKey } from './consoleLogin';
import { windowMinutes } from './windowParameters';

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(
    30,
    'A successful sign-in counts when it comes at most this many minutes after the burst reached its threshold',
  ),
});

export type BruteforceThenSuccessParameters = z.output<typeof Parameters>;

/**
 * bruteforce-then-success: a console-bruteforce-per-user group for a user, then a ConsoleLogin
 * Success for that user within 30 minutes (event time). The first step is the bruteforce
 * detection's own window state (same `user:` key); this detection records only the successes,
 * with the source IP as member value. console-password-spray joins `precededBy` when it lands:
 * the success is then also observed under `ip:<sourceIPAddress>`, the spray's key.
 */
export const bruteforceThenSuccess: SequenceDetection<BruteforceThenSuccessParameters> = {
  kind: 'sequence',
  definition: {
    id: 'bruteforce-then-success',
    title: 'Console sign-in succeeded after a burst of failures',
    severity: 'high',
    mitre: ['T1110'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: consoleLoginPattern('Success'),
  precededBy: ['console-bruteforce-per-user'],
  observe(event) {
    const key = consoleUserKey(event.detail);
    return key ? [observe(event, key, event.detail.sourceIPAddress ?? '')] : [];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const span = params.windowMinutes * 60_000;
    const groups = state.preceding.flatMap((hit) => hit.groups ?? []);
    const principal = principalOfKey(state.key);
    return state.members.flatMap((success) => {
      const matched = groups.filter((g) => g.reachedAt <= success.time && success.time - g.reachedAt <= span);
      if (matched.length === 0) return [];
      return [
        {
          subject: principal,
          source: 'aws.signin',
          account: accountOfKey(state.key),
          dedupKey: state.key,
          description:
            `A console sign-in for ${principal} succeeded less than ${params.windowMinutes} minutes after a burst of failed ` +
            'sign-ins for the same user: the password may have been guessed. Treat the session as compromised until proven otherwise.',
          resources: principal.startsWith('arn:') ? [principal] : [],
          evidence: { principal, sourceIPAddress: success.value || null },
          // The failures and the success, all placed at the success: the whole sequence is one finding.
          members: [...membersOf(matched), success],
          anchor: success.time,
        },
      ];
    });
  },
};
