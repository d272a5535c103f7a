import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 's3-bucket-policy-public';
const statement = { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' };
const put = (bucketPolicy: unknown, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketPolicy',
    requestParameters: { bucketName: 'reports', bucketPolicy, host: ['reports.s3.eu-west-1.amazonaws.com'], policy: [''] },
    ...extra,
  });
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);

describe(ID, () => {
  test('a policy with an unconditioned Allow to "*" raises a critical finding on the bucket', () => {
    const occurrence = fired(put({ Version: '2012-10-17', Statement: [statement] }));
    expect(occurrence).toMatchObject({
      severity: 'critical',
      subject: 'arn:aws:s3:::reports',
      dedupKey: '111122223333:reports',
      resources: ['arn:aws:s3:::reports'],
      mitre: ['T1530'],
    });
    expect(occurrence?.evidence).toMatchObject({ bucket: 'reports', publicStatements: 1, statementSids: 'PublicRead' });
    expect(occurrence?.evidence.actor).toBe('arn:aws:iam::111122223333:user/alice');
    expect(occurrence?.description).toContain('s3://reports');
  });

  test('the policy as a JSON string and Principal {"AWS": "*"} fire as well', () => {
    expect(fired(put(JSON.stringify({ Statement: [{ ...statement, Principal: { AWS: '*' } }] })))).toBeDefined();
  });

  test.each([
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
    ['aws:SourceVpce', { StringEquals: { 'aws:SourceVpce': 'vpce-0abc' } }],
    ['aws:SourceIp', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
  ])('a statement limited by %s raises nothing', (_label, Condition) => {
    expect(fired(put({ Statement: [{ ...statement, Condition }] }))).toBeUndefined();
  });

  test('a SourceIp of 198.51.100.7/0 limits nothing: it fires', () => {
    expect(fired(put({ Statement: [{ ...statement, Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.7/0' } } }] }))).toBeDefined();
  });

  test('a failed call, a service principal and a malformed policy string raise nothing', () => {
    expect(fired(put({ Statement: [statement] }, { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }))).toBeUndefined();
    expect(fired(put({ Statement: [{ ...statement, Principal: { Service: 'cloudtrail.amazonaws.com' } }] }))).toBeUndefined();
    expect(fired(put('{"Statement": [ not json'))).toBeUndefined();
  });
});
