import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 's3-acl-public';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const owner = { Grantee: { 'xsi:type': 'CanonicalUser', ID: 'abc123' }, Permission: 'FULL_CONTROL' };
const allUsers = { Grantee: { 'xsi:type': 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' };
const bucketAcl = (grants: unknown[], extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketAcl',
    requestParameters: {
      bucketName: 'reports',
      acl: [''],
      AccessControlPolicy: { AccessControlList: { Grant: grants }, Owner: { ID: 'abc123' } },
    },
    ...extra,
  });

describe(ID, () => {
  test('a bucket ACL granting AllUsers READ raises a high finding on the bucket', () => {
    const occurrence = fired(bucketAcl([owner, allUsers]));
    expect(occurrence).toMatchObject({ severity: 'high', subject: 'arn:aws:s3:::reports', dedupKey: '111122223333:reports' });
    expect(occurrence?.evidence.publicGrants).toBe('AllUsers READ');
  });

  test('an object ACL with a public canned ACL header raises on the object', () => {
    const occurrence = fired(
      cloudTrailEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'PutObjectAcl',
        requestParameters: { bucketName: 'reports', key: 'q3.pdf', 'x-amz-acl': ['public-read'] },
      }),
    );
    expect(occurrence).toMatchObject({ subject: 'arn:aws:s3:::reports/q3.pdf', dedupKey: '111122223333:reports/q3.pdf' });
    expect(occurrence?.evidence.publicGrants).toBe('canned ACL public-read');
  });

  test('AuthenticatedUsers in a grant header fires too: any AWS account is not yours', () => {
    const event = cloudTrailEvent({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketAcl',
      requestParameters: { bucketName: 'reports', 'x-amz-grant-read': 'uri="http://acs.amazonaws.com/groups/global/AuthenticatedUsers"' },
    });
    expect(fired(event)?.evidence.publicGrants).toBe('AuthenticatedUsers via x-amz-grant-read');
  });

  test('a private ACL, a log-delivery grant and a failed call raise nothing', () => {
    expect(fired(bucketAcl([owner]))).toBeUndefined();
    const logDelivery = { Grantee: { URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, Permission: 'WRITE' };
    expect(fired(bucketAcl([owner, logDelivery]))).toBeUndefined();
    expect(fired(bucketAcl([allUsers], { errorCode: 'AccessDenied' }))).toBeUndefined();
  });
});
