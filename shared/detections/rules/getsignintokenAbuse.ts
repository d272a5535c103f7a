import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { StatelessDetection } from '../detection';
import { accountOf, callerEvidence, outcomeOf } from './identityHelpers';

/** The user agent CloudTrail records when the AWS access portal and console federation call GetSigninToken. */
const CONSOLE_FEDERATION_USER_AGENT = 'Jersey/${project.version}';

/**
 * getsignintoken-abuse: GetSigninToken (turning API credentials into a console session) from anything but the
 * AWS console federation endpoint: the way stolen keys are upgraded to console access.
 */
export const getsignintokenAbuse: StatelessDetection<{ allowedUserAgents: string[] }> = {
  kind: 'stateless',
  definition: {
    id: 'getsignintoken-abuse',
    title: 'Console sign-in token requested outside the AWS console federation',
    severity: 'medium',
    mitre: ['T1550.001'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({
    allowedUserAgents: z
      .array(z.string().min(1))
      .default([])
      .describe('Further user-agent substrings of an in-house federation broker allowed to call GetSigninToken'),
  }),
  trigger: { source: ['aws.signin'], detail: { eventSource: ['signin.amazonaws.com'], eventName: ['GetSigninToken'] } },
  evaluate(event, params) {
    const record = event.detail;
    const agent = record.userAgent ?? '';
    if ([CONSOLE_FEDERATION_USER_AGENT, ...params.allowedUserAgents].some((a) => agent.includes(a))) return undefined;
    const account = accountOf(event);
    const actor = actorOf(record);
    return {
      subject: actor,
      dedupKey: `${account}:${actor}`,
      description:
        `${actor} requested a console sign-in token${outcomeOf(record)} in account ${account} from ` +
        `${record.sourceIPAddress ?? 'an unknown IP'} with user agent "${agent || 'none'}", not the AWS console federation. ` +
        'Tools that turn stolen API keys into a console session call GetSigninToken directly.',
      resources: actor.startsWith('arn:') ? [actor] : [],
      evidence: { ...callerEvidence(record), account },
    };
  },
};
