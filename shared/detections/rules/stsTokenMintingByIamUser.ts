import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { StatelessDetection } from '../detection';
import { accountOf, callerEvidence, outcomeOf, stringAt } from './identityHelpers';

/**
 * sts-token-minting-by-iam-user: GetFederationToken or GetSessionToken called with an IAM user's long-lived key,
 * attempts included: temporary credentials outlive a key's deactivation, a known persistence step.
 */
export const stsTokenMintingByIamUser: StatelessDetection<{ allowedUsers: string[] }> = {
  kind: 'stateless',
  definition: {
    id: 'sts-token-minting-by-iam-user',
    title: 'IAM user minted temporary credentials',
    severity: 'low',
    mitre: ['T1550.001'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({
    allowedUsers: z
      .array(z.string().min(1))
      .default([])
      .describe('IAM user names or ARNs expected to mint tokens (e.g. humans whose CLI uses GetSessionToken with MFA)'),
  }),
  trigger: {
    source: ['aws.sts'],
    detail: {
      eventSource: ['sts.amazonaws.com'],
      eventName: ['GetFederationToken', 'GetSessionToken'],
      userIdentity: { type: ['IAMUser'] },
    },
  },
  evaluate(event, params) {
    const record = event.detail;
    const id = record.userIdentity;
    if (id.type !== 'IAMUser') return undefined;
    const actor = actorOf(record);
    if (params.allowedUsers.some((u) => u === actor || u === id.userName)) return undefined;
    const account = accountOf(event);
    // GetSessionToken with an MFA serial is the documented MFA-for-CLI flow: say so, the on-call weighs it.
    const withMfa = stringAt(record.requestParameters, 'serialNumber') !== undefined;
    const federatedName = stringAt(record.requestParameters, 'name') ?? null;
    return {
      subject: actor,
      dedupKey: `${account}:${actor}`,
      description:
        `The IAM user ${actor} called ${record.eventName}${outcomeOf(record)} in account ${account} from ` +
        `${record.sourceIPAddress ?? 'an unknown IP'}${withMfa ? ' with an MFA code' : ''}` +
        `${federatedName ? ` for the federated name ${federatedName}` : ''}. ` +
        'Temporary credentials minted this way keep working after the user\u2019s key is deactivated.',
      resources: actor.startsWith('arn:') ? [actor] : [],
      evidence: {
        ...callerEvidence(record),
        account,
        withMfa,
        federatedName,
        durationSeconds: typeof record.requestParameters?.durationSeconds === 'number' ? record.requestParameters.durationSeconds : null,
      },
    };
  },
};
