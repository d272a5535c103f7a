import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 's3-public-access-block-removed';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const allOn = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const s3 = (eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 's3.amazonaws.com', eventName, requestParameters, ...extra });

describe(ID, () => {
  test('DeleteBucketPublicAccessBlock raises a high finding on the bucket', () => {
    const occurrence = fired(s3('DeleteBucketPublicAccessBlock', { bucketName: 'reports', publicAccessBlock: '' }));
    expect(occurrence).toMatchObject({ severity: 'high', subject: 'arn:aws:s3:::reports', dedupKey: '111122223333:reports' });
    expect(occurrence?.evidence).toMatchObject({ scope: 'bucket', bucket: 'reports' });
  });

  test('PutBucketPublicAccessBlock with a flag false (boolean or string) names the flag', () => {
    const config = { ...allOn, BlockPublicPolicy: 'false' };
    const occurrence = fired(s3('PutBucketPublicAccessBlock', { bucketName: 'reports', PublicAccessBlockConfiguration: config }));
    expect(occurrence?.evidence.change).toBe('turned off Block Public Access BlockPublicPolicy');
  });

  test('a configuration leaving a flag out turns it off, as S3 does', () => {
    const { RestrictPublicBuckets: _, ...three } = allOn;
    expect(fired(s3('PutBucketPublicAccessBlock', { bucketName: 'reports', PublicAccessBlockConfiguration: three }))).toBeDefined();
  });

  test('the account-level calls raise on the account', () => {
    const occurrence = fired(s3('PutAccountPublicAccessBlock', { PublicAccessBlockConfiguration: { ...allOn, BlockPublicAcls: false } }));
    expect(occurrence).toMatchObject({ subject: '111122223333', dedupKey: '111122223333:account', resources: [] });
    expect(occurrence?.evidence.scope).toBe('account');
    expect(fired(s3('DeleteAccountPublicAccessBlock', {}))?.evidence.scope).toBe('account');
  });

  test('all four flags on, no configuration at all, or a failed delete raise nothing', () => {
    expect(fired(s3('PutBucketPublicAccessBlock', { bucketName: 'reports', PublicAccessBlockConfiguration: allOn }))).toBeUndefined();
    expect(fired(s3('PutBucketPublicAccessBlock', { bucketName: 'reports' }))).toBeUndefined();
    expect(fired(s3('DeleteBucketPublicAccessBlock', { bucketName: 'reports' }, { errorCode: 'AccessDenied' }))).toBeUndefined();
  });
});
