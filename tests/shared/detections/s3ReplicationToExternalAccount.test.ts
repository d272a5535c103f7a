import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 's3-replication-to-external-account';
const fired = (event: ReturnType<typeof cloudTrailEvent>, e = engine) => e.evaluate(event).find((o) => o.detection === ID);
const tuned = (parameters: Record<string, unknown>) => new DetectionEngine(DETECTIONS, { [ID]: { parameters } });

const rule = (destination: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ID: 'replicate-all',
  Priority: '1',
  Status: 'Enabled',
  Filter: { Prefix: '' },
  DeleteMarkerReplication: { Status: 'Disabled' },
  Destination: destination,
  ...extra,
});
/** PutBucketReplication as CloudTrail copies it from the XML body: Rule is one object, or a list of several. */
const put = (rules: unknown, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketReplication',
    requestParameters: {
      bucketName: 'customer-exports',
      Host: 'customer-exports.s3.eu-west-1.amazonaws.com',
      replication: '',
      ReplicationConfiguration: {
        xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
        Role: 'arn:aws:iam::111122223333:role/s3-replication',
        Rule: rules,
      },
    },
    resources: [{ accountId: '111122223333', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::customer-exports' }],
    ...extra,
  });
const external = { Bucket: 'arn:aws:s3:::drop-zone-7731', Account: '444455556666', AccessControlTranslation: { Owner: 'Destination' } };

describe(ID, () => {
  test('an enabled rule replicating to another account fires on the source bucket, naming account and destination', () => {
    const hit = fired(put(rule(external)));
    expect(hit).toMatchObject({
      severity: 'high',
      mitre: ['T1537'],
      subject: 'arn:aws:s3:::customer-exports',
      dedupKey: '111122223333:customer-exports:444455556666',
      resources: ['arn:aws:s3:::customer-exports', 'arn:aws:s3:::drop-zone-7731'],
      evidence: { destinationAccounts: '444455556666', destinationBuckets: 'drop-zone-7731', sourceBucket: 'customer-exports' },
    });
    expect(hit?.evidence.replicationRole).toBe('arn:aws:iam::111122223333:role/s3-replication');
  });

  test('replication within the account, to an allow-listed account or bucket, and disabled rules raise nothing', () => {
    expect(fired(put(rule({ Bucket: 'arn:aws:s3:::customer-exports-dr', Account: '111122223333' })))).toBeUndefined();
    expect(fired(put(rule(external)), tuned({ allowedAccounts: ['444455556666'] }))).toBeUndefined();
    expect(fired(put(rule(external)), tuned({ allowedDestinationBuckets: ['arn:aws:s3:::drop-zone-7731'] }))).toBeUndefined();
    expect(fired(put(rule(external, { Status: 'Disabled' })))).toBeUndefined();
  });

  test('one external rule among several fires; the account may come from the resources list', () => {
    const rules = [rule({ Bucket: 'arn:aws:s3:::customer-exports-dr' }), rule(external, { ID: 'second', Priority: '2' })];
    expect(fired(put(rules))?.evidence.destinationAccounts).toBe('444455556666');
    const listed = put(rule({ Bucket: 'arn:aws:s3:::drop-zone-7731' }), {
      resources: [
        { accountId: '111122223333', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::customer-exports' },
        { accountId: '444455556666', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::drop-zone-7731' },
      ],
    });
    expect(fired(listed)?.evidence.destinationAccounts).toBe('444455556666');
  });

  test('a destination with no stated account fires only when the stage lists its destination buckets', () => {
    const unstated = put(rule({ Bucket: 'arn:aws:s3:::drop-zone-7731' }));
    expect(fired(unstated)).toBeUndefined();
    const hit = fired(unstated, tuned({ allowedDestinationBuckets: ['customer-exports-dr'] }));
    expect(hit?.evidence.destinationAccounts).toBe('unknown');
    expect(hit?.description).toContain('account not stated, bucket not listed');
  });

  test('a denied attempt fires and says it failed', () => {
    expect(fired(put(rule(external), { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }))?.description).toContain(
      '(failed: AccessDenied)',
    );
  });
});
