import { z } from 'zod';
import { succeeded } from '../cloudTrailRecord';
import type { StatelessDetection } from '../detection';
import { accountOf, callerEvidence } from './identityHelpers';

/**
 * console-login-without-mfa: a successful ConsoleLogin where neither the sign-in (MFAUsed) nor the session
 * (mfaAuthenticated) used MFA. SAML and IAM Identity Center (AWSReservedSSO_) sign-ins are left out: their
 * MFA happens at the identity provider, which CloudTrail does not see.
 */
export const consoleLoginWithoutMfa: StatelessDetection<{ ignoredPrincipals: string[] }> = {
  kind: 'stateless',
  definition: {
    id: 'console-login-without-mfa',
    title: 'Console sign-in without MFA',
    severity: 'high',
    mitre: ['T1078.004'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({
    ignoredPrincipals: z
      .array(z.string().min(1))
      .default([])
      .describe('User names or principal ARNs allowed to sign in without MFA (e.g. a break-glass user with a hardware-only MFA)'),
  }),
  trigger: {
    source: ['aws.signin'],
    detail: { eventSource: ['signin.amazonaws.com'], eventName: ['ConsoleLogin'], responseElements: { ConsoleLogin: ['Success'] } },
  },
  evaluate(event, params) {
    const record = event.detail;
    const id = record.userIdentity;
    if (record.responseElements?.ConsoleLogin !== 'Success' || !succeeded(record)) return undefined;
    if (record.additionalEventData?.MFAUsed === 'Yes') return undefined;
    if (id.sessionContext?.attributes?.mfaAuthenticated === 'true') return undefined;
    if (record.additionalEventData?.SamlProviderArn) return undefined;
    const issuer = id.sessionContext?.sessionIssuer;
    if ([id.arn, issuer?.arn, issuer?.userName].some((v) => v?.includes('AWSReservedSSO_'))) return undefined;
    const account = accountOf(event);
    const principal = id.arn ?? issuer?.arn ?? id.userName ?? id.principalId ?? 'unknown';
    if (params.ignoredPrincipals.some((p) => p === principal || (id.userName !== undefined && p === id.userName))) return undefined;
    const ip = record.sourceIPAddress ?? 'unknown-ip';
    return {
      subject: principal,
      dedupKey: `${account}:${principal}`,
      description:
        `${principal} (${id.type ?? 'unknown type'}) signed in to the console of account ${account} from ${ip} without MFA ` +
        `(sign-in recorded in ${record.awsRegion}). Without MFA a guessed or leaked password is enough to get in.`,
      resources: principal.startsWith('arn:') ? [principal] : [],
      evidence: {
        ...callerEvidence(record),
        account,
        mfaUsed: typeof record.additionalEventData?.MFAUsed === 'string' ? record.additionalEventData.MFAUsed : null,
      },
    };
  },
};
