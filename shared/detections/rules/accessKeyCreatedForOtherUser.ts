import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { StatelessDetection } from '../detection';
import { accountOf, callerEvidence, callerIamUserName, iamArn, stringAt } from './identityHelpers';

/**
 * access-key-created-for-other-user: a successful CreateAccessKey whose key belongs to a user other than the
 * caller: a persistent credential for someone else's identity, the classic IAM backdoor.
 */
export const accessKeyCreatedForOtherUser: StatelessDetection<{ allowedCallers: string[] }> = {
  kind: 'stateless',
  definition: {
    id: 'access-key-created-for-other-user',
    title: 'Access key created for another IAM user',
    severity: 'high',
    mitre: ['T1098.001'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({
    allowedCallers: z
      .array(z.string().min(1))
      .default([])
      .describe('Caller ARNs (role ARNs match their sessions) that provision access keys for others, e.g. an onboarding pipeline'),
  }),
  trigger: { source: ['aws.iam'], detail: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateAccessKey'] } },
  evaluate(event, params) {
    const record = event.detail;
    if (!succeeded(record)) return undefined;
    const key = record.responseElements?.accessKey as Record<string, unknown> | undefined;
    // Without a user name the key is the caller's own (IAM defaults UserName to the caller).
    const owner = stringAt(key, 'userName') ?? stringAt(record.requestParameters, 'userName');
    if (!owner) return undefined;
    if (owner === callerIamUserName(record)) return undefined;
    const actor = actorOf(record);
    const issuer = record.userIdentity.sessionContext?.sessionIssuer?.arn;
    if (params.allowedCallers.some((c) => c === actor || c === issuer)) return undefined;
    const account = accountOf(event);
    const user = iamArn(record, account, 'user', owner);
    return {
      subject: user,
      dedupKey: `${account}:${actor}:${owner}`,
      description:
        `${actor} created an access key for the IAM user ${owner} in account ${account} (${record.awsRegion}, from ` +
        `${record.sourceIPAddress ?? 'an unknown IP'}). A key made for someone else lets its holder act as that user.`,
      resources: [user],
      evidence: { ...callerEvidence(record), account, keyUser: owner, newAccessKeyId: stringAt(key, 'accessKeyId') ?? null },
    };
  },
};
