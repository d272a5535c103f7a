import { DETECTIONS } from '../catalogue';
import type { CloudTrailDetection } from '../detection';

/** root-console-login: ConsoleLogin by Root whose responseElements.ConsoleLogin is Success. */
export const rootConsoleLogin: CloudTrailDetection = {
  definition: DETECTIONS['root-console-login'],
  triggers: [{ eventSource: 'signin.amazonaws.com', eventNames: ['ConsoleLogin'] }],
  evaluate(event) {
    const record = event.detail;
    if (record.userIdentity.type !== 'Root') return undefined;
    if (record.responseElements?.ConsoleLogin !== 'Success') return undefined;
    const account = record.userIdentity.accountId ?? record.recipientAccountId ?? event.account;
    const ip = record.sourceIPAddress ?? 'unknown-ip';
    const mfa = record.additionalEventData?.MFAUsed;
    return {
      subject: record.userIdentity.arn ?? `arn:aws:iam::${account}:root`,
      dedupKey: `${account}:${ip}`,
      description: `The root user of account ${account} signed in to the console from ${ip}${mfa === 'Yes' ? ' with MFA' : ' without MFA'}. Root should be used only for the few tasks that require it.`,
      resources: [],
      evidence: {
        account,
        sourceIPAddress: ip,
        mfaUsed: typeof mfa === 'string' ? mfa : null,
        userAgent: record.userAgent ?? null,
      },
    };
  },
};
