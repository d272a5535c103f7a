import { z } from 'zod';
import type { StatelessDetection } from '../detection';

/** root-console-login: ConsoleLogin by Root whose responseElements.ConsoleLogin is Success. */
export const rootConsoleLogin: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'root-console-login',
    title: 'Root user signed in to the console',
    severity: 'high',
    mitre: ['T1078.004'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  // The pattern already demands Root and Success; evaluate checks again, as the pattern is only an index.
  trigger: {
    source: ['aws.signin'],
    detail: {
      eventSource: ['signin.amazonaws.com'],
      eventName: ['ConsoleLogin'],
      userIdentity: { type: ['Root'] },
      responseElements: { ConsoleLogin: ['Success'] },
    },
  },
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
      description:
        `The root user of account ${account} signed in to the console from ${ip}${mfa === 'Yes' ? ' with MFA' : ' without MFA'}. ` +
        'Root should be used only for the few tasks that require it.',
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
