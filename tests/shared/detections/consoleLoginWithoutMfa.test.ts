import { DETECTIONS, DetectionEngine, type CloudTrailRecord } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const id = 'console-login-without-mfa';
const hits = (event: ReturnType<typeof cloudTrailEvent>, engine = new DetectionEngine(DETECTIONS)) =>
  engine.evaluate(event).filter((o) => o.detection === id);
const marco = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/marco.b', accountId: '111122223333', userName: 'marco.b' };
const login = (overrides: Partial<CloudTrailRecord> = {}) =>
  cloudTrailEvent({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    userIdentity: marco,
    sourceIPAddress: '192.0.2.140',
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
    ...overrides,
  });

describe(id, () => {
  test('an IAM user signing in without MFA raises a high finding on the user', () => {
    const [hit] = hits(login());
    expect(hit).toMatchObject({
      severity: 'high',
      subject: marco.arn,
      dedupKey: `111122223333:${marco.arn}`,
      resources: [marco.arn],
      runbook: 'docs/runbooks/console-login-without-mfa.md',
    });
    expect(hit.evidence).toMatchObject({ mfaUsed: 'No', sourceIPAddress: '192.0.2.140' });
  });

  test.each<[string, Partial<CloudTrailRecord>]>([
    ['MFA used', { additionalEventData: { MFAUsed: 'Yes' } }],
    ['a failed sign-in', { responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication' }],
    ['a SAML sign-in', { additionalEventData: { MFAUsed: 'No', SamlProviderArn: 'arn:aws:iam::111122223333:saml-provider/Okta' } }],
    [
      'an IAM Identity Center role',
      {
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_SecurityAudit_5f3c2b1a9d8e7f60/alex.k@example.com',
          sessionContext: { attributes: { mfaAuthenticated: 'false' } },
        },
      },
    ],
    [
      'a role session that was MFA-authenticated',
      {
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111122223333:assumed-role/ops-admin/dana.ops',
          sessionContext: { attributes: { mfaAuthenticated: 'true' } },
        },
      },
    ],
  ])('%s raises nothing', (_label, overrides) => {
    expect(hits(login(overrides))).toEqual([]);
  });

  test('ignoredPrincipals skips a listed user by name or ARN', () => {
    for (const principal of ['marco.b', marco.arn]) {
      const engine = new DetectionEngine(DETECTIONS, { [id]: { parameters: { ignoredPrincipals: [principal] } } });
      expect(hits(login(), engine)).toEqual([]);
    }
  });
});
