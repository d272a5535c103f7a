import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { StatelessDetection } from '../detection';
import { accountOf, callerEvidence, callerIamUserName, iamArn, stringAt } from './identityHelpers';

/**
 * login-profile-set-for-other-user: a successful CreateLoginProfile or UpdateLoginProfile for a user other than
 * the caller: whoever set the password can now sign in to the console as that user.
 */
export const loginProfileSetForOtherUser: StatelessDetection<{ allowedCallers: string[] }> = {
  kind: 'stateless',
  definition: {
    id: 'login-profile-set-for-other-user',
    title: 'Console password set for another IAM user',
    severity: 'high',
    mitre: ['T1098.001'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({
    allowedCallers: z
      .array(z.string().min(1))
      .default([])
      .describe('Caller ARNs (role ARNs match their sessions) that set passwords for others, e.g. an identity-provisioning role'),
  }),
  trigger: {
    source: ['aws.iam'],
    detail: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateLoginProfile', 'UpdateLoginProfile'] },
  },
  evaluate(event, params) {
    const record = event.detail;
    if (!succeeded(record)) return undefined;
    const profile = record.responseElements?.loginProfile as Record<string, unknown> | undefined;
    const target = stringAt(record.requestParameters, 'userName') ?? stringAt(profile, 'userName');
    if (!target || target === callerIamUserName(record)) return undefined;
    const actor = actorOf(record);
    const issuer = record.userIdentity.sessionContext?.sessionIssuer?.arn;
    if (params.allowedCallers.some((c) => c === actor || c === issuer)) return undefined;
    const account = accountOf(event);
    const user = iamArn(record, account, 'user', target);
    const reset = record.requestParameters?.passwordResetRequired;
    const verb = record.eventName === 'CreateLoginProfile' ? 'created a console password' : 'changed the console password';
    return {
      subject: user,
      dedupKey: `${account}:${actor}:${target}`,
      description:
        `${actor} ${verb} for the IAM user ${target} in account ${account} (${record.eventName}, from ` +
        `${record.sourceIPAddress ?? 'an unknown IP'}). Whoever set it can sign in to the console as ${target}.`,
      resources: [user],
      // Never the password (CloudTrail hides it anyway): only whether the user must change it.
      evidence: {
        ...callerEvidence(record),
        account,
        targetUser: target,
        passwordResetRequired: typeof reset === 'boolean' ? reset : reset === 'true' ? true : reset === 'false' ? false : null,
      },
    };
  },
};
