import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

/** Console sign-in events for the stateful detection tests (not a test file: jest's testMatch is *.test.ts). */
export function consoleLogin(
  outcome: 'Success' | 'Failure',
  at: string,
  id: string,
  user: { type?: string; arn?: string; userName?: string } = {},
  sourceIPAddress = '198.51.100.23',
): CloudTrailEnvelope {
  const userName = user.userName ?? 'k.tanaka';
  const failure = outcome === 'Failure' ? { errorMessage: 'Failed authentication' } : {};
  return cloudTrailEvent(
    {
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      eventTime: at,
      eventType: 'AwsConsoleSignIn',
      sourceIPAddress,
      userIdentity: {
        type: user.type ?? 'IAMUser',
        arn: user.arn ?? `arn:aws:iam::111122223333:user/${userName}`,
        accountId: '111122223333',
        userName,
      },
      requestParameters: null,
      responseElements: { ConsoleLogin: outcome },
      additionalEventData: { MFAUsed: 'No', MobileVersion: 'No' },
      ...failure,
    },
    { id },
  );
}

/** Failures at the given minutes:seconds after 10:00 (2026-11-20), ids f<n>. */
export function failuresAt(offsets: readonly string[], user?: { type?: string; arn?: string; userName?: string }): CloudTrailEnvelope[] {
  return offsets.map((mmss, i) => consoleLogin('Failure', `2026-11-20T10:${mmss}Z`, `f${i + 1}`, user));
}
