import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
// Other detections (root-account-usage, console-login-without-mfa) read the same events: look at this one only.
const thisDetection = (event: ReturnType<typeof cloudTrailEvent>) =>
  engine.evaluate(event).filter((o) => o.detection === 'root-console-login');
const root = { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', principalId: '111122223333' };

describe('root-console-login', () => {
  test('a successful root console sign-in raises a high finding keyed by account and source IP', () => {
    const [occurrence] = engine.evaluate(
      cloudTrailEvent({
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventType: 'AwsConsoleSignIn',
        userIdentity: root,
        sourceIPAddress: '192.0.2.44',
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: { MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/console/home' },
      }),
    );
    expect(occurrence).toMatchObject({
      detection: 'root-console-login',
      severity: 'high',
      subject: 'arn:aws:iam::111122223333:root',
      dedupKey: '111122223333:192.0.2.44',
      mitre: ['T1078.004'],
    });
    expect(occurrence.evidence).toMatchObject({ mfaUsed: 'No', sourceIPAddress: '192.0.2.44' });
    expect(occurrence.description).toContain('without MFA');
  });

  test.each([
    ['a failed root sign-in', { userIdentity: root, responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication' }],
    ['an IAM user sign-in', { responseElements: { ConsoleLogin: 'Success' } }],
    ['a root sign-in with no response elements', { userIdentity: root, responseElements: null }],
  ])('%s raises nothing', (_label, record) => {
    expect(thisDetection(cloudTrailEvent({ eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', ...record }))).toEqual([]);
  });

  test('root activity other than ConsoleLogin is not this detection', () => {
    expect(thisDetection(cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', userIdentity: root }))).toEqual([]);
  });
});
