import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 's3-copy-to-external-account';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const copy = (destinationAccount: string, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 's3.amazonaws.com',
    eventName: 'CopyObject',
    requestParameters: { bucketName: 'drop-zone', key: 'customers.csv', 'x-amz-copy-source': 'crm-exports/customers.csv' },
    resources: [
      { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::crm-exports/customers.csv' },
      { accountId: '111122223333', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::crm-exports' },
      { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::drop-zone/customers.csv' },
      { accountId: destinationAccount, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::drop-zone' },
    ],
    ...extra,
  });

describe(ID, () => {
  test('a copy whose buckets belong to two accounts raises a high finding on the destination bucket', () => {
    const occurrence = fired(copy('999988887777'));
    expect(occurrence).toMatchObject({
      severity: 'high',
      subject: 'arn:aws:s3:::drop-zone',
      dedupKey: '111122223333:drop-zone:111122223333,999988887777',
    });
    expect(occurrence?.evidence).toMatchObject({ copySource: 'crm-exports/customers.csv', accounts: '111122223333,999988887777' });
    expect(occurrence?.resources).toContain('arn:aws:s3:::drop-zone/customers.csv');
  });

  test('a copy within one account, or one that failed, raises nothing', () => {
    expect(fired(copy('111122223333'))).toBeUndefined();
    expect(fired(copy('999988887777', { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }))).toBeUndefined();
  });
});
