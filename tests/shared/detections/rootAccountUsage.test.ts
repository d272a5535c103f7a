import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const root = { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', principalId: '111122223333' };
const hits = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).filter((o) => o.detection === 'root-account-usage');

describe('root-account-usage', () => {
  test('a read by root is high, keyed by account and source IP', () => {
    const [hit] = hits(
      cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'ListAccessKeys', userIdentity: root, readOnly: true }),
    );
    expect(hit).toMatchObject({ severity: 'high', subject: 'arn:aws:iam::111122223333:root', dedupKey: '111122223333:203.0.113.10' });
    expect(hit.evidence).toMatchObject({ eventName: 'ListAccessKeys', write: false, actorType: 'Root' });
  });

  test('a write by root is critical; without readOnly the verb decides', () => {
    const write = cloudTrailEvent({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', userIdentity: root, readOnly: false });
    expect(hits(write)[0]).toMatchObject({ severity: 'critical', evidence: expect.objectContaining({ write: true }) });
    expect(hits(cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', userIdentity: root }))[0].severity).toBe(
      'critical',
    );
    expect(hits(cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'GetUser', userIdentity: root }))[0].severity).toBe('high');
  });

  test('a console sign-in by root (even a failed one) stays high', () => {
    const signIn = (response: string) =>
      cloudTrailEvent({
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventType: 'AwsConsoleSignIn',
        userIdentity: root,
        readOnly: false,
        responseElements: { ConsoleLogin: response },
        ...(response === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
      });
    expect(hits(signIn('Success'))[0].severity).toBe('high');
    const [failed] = hits(signIn('Failure'));
    expect(failed.severity).toBe('high');
    expect(failed.description).toContain('failed: Failed authentication');
  });

  test('calls AWS made for root, service events and other identities raise nothing', () => {
    const invoked = { ...root, invokedBy: 'signin.amazonaws.com' };
    expect(hits(cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', userIdentity: invoked }))).toEqual([]);
    expect(
      hits(
        cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', userIdentity: root, eventType: 'AwsServiceEvent' }),
      ),
    ).toEqual([]);
    expect(hits(cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' }))).toEqual([]);
  });

  test('another source IP is another finding', () => {
    const from = (ip: string) =>
      hits(cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', userIdentity: root, sourceIPAddress: ip }))[0];
    expect(from('192.0.2.1').dedupKey).not.toBe(from('192.0.2.2').dedupKey);
  });
});
