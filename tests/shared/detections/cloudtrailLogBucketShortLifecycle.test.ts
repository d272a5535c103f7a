import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'cloudtrail-log-bucket-short-lifecycle';
const BUCKET = 'org-trail-logs-111122223333';
const DAY = 86_400;

const run = (batches: CloudTrailEnvelope[][], parameters: Record<string, unknown> = {}) => occurrencesOf(ID, batches, parameters);

/** PutBucketLifecycle as CloudTrail copies it from the XML body (numbers as strings), `seconds` after 10:00. */
function lifecycle(id: string, seconds: number, rule: Record<string, unknown>, { bucket = BUCKET, extra = {} } = {}) {
  return cloudTrailEvent(
    {
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketLifecycle',
      eventTime: at(seconds),
      requestParameters: {
        bucketName: bucket,
        Host: `${bucket}.s3.eu-west-1.amazonaws.com`,
        lifecycle: '',
        LifecycleConfiguration: {
          xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
          Rule: { ID: 'expire-logs', Status: 'Enabled', Filter: { Prefix: 'AWSLogs/' }, ...rule },
        },
      },
      resources: [{ accountId: '111122223333', type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }],
      ...extra,
    },
    { id },
  ) as CloudTrailEnvelope;
}
const expireAfter = (days: number | string) => ({ Expiration: { Days: String(days) } });

function trail(id: string, seconds: number, { bucket = BUCKET, eventName = 'CreateTrail', extra = {} } = {}) {
  return cloudTrailEvent(
    {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName,
      eventTime: at(seconds),
      requestParameters: { name: 'org-trail', s3BucketName: bucket, isMultiRegionTrail: true, enableLogFileValidation: true },
      responseElements: { name: 'org-trail', s3BucketName: bucket, trailARN: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail' },
      ...extra,
    },
    { id },
  ) as CloudTrailEnvelope;
}

function s3Call(id: string, seconds: number, eventName: string, extra: Record<string, unknown> = {}) {
  return cloudTrailEvent(
    {
      eventSource: 's3.amazonaws.com',
      eventName,
      eventTime: at(seconds),
      requestParameters: { bucketName: BUCKET, Host: 's3.amazonaws.com' },
      ...extra,
    },
    { id },
  ) as CloudTrailEnvelope;
}

describe(ID, () => {
  test('a configured trail bucket fires on a 1-day expiration with no trail event seen', async () => {
    const change = lifecycle('l1', 0, expireAfter(1));
    const fired = await run([[change]], { trailBuckets: [`arn:aws:s3:::${BUCKET}`] });
    expect(eventIds(fired)).toEqual(idsOf([change]));
    expect(fired[0]).toMatchObject({
      severity: 'high',
      mitre: ['T1562.008'],
      subject: `arn:aws:s3:::${BUCKET}`,
      dedupKey: `111122223333:${BUCKET}:PutBucketLifecycle`,
      account: '111122223333',
      region: 'eu-west-1',
    });
    expect(fired[0]!.evidence).toMatchObject({
      change: 'rule expire-logs: objects expire after 1 day(s)',
      trailBucket: 'a configured trail bucket',
    });
    expect(fired[0]!.evidence.actor).toBe('arn:aws:iam::111122223333:user/alice');
  });

  test('a bucket learnt from CreateTrail fires, also when the CreateTrail is delivered after the change', async () => {
    const change = lifecycle('l1', 0, expireAfter(1));
    const created = trail('t1', -30 * DAY);
    expect(eventIds(await run([[created], [change]]))).toEqual(idsOf([change]));
    expect(eventIds(await run([[change], [created]]))).toEqual(idsOf([change]));
    expect(eventIds(await run(redelivered([created, change], 1)))).toEqual(idsOf([change]));
    expect(await run([[change]])).toEqual([]);
  });

  test('an UpdateTrail moving a trail to the bucket teaches it too; a failed CreateTrail does not', async () => {
    const change = lifecycle('l1', 0, expireAfter(2));
    expect(eventIds(await run([[trail('u1', -DAY, { eventName: 'UpdateTrail' }), change]]))).toEqual(idsOf([change]));
    const denied = trail('t1', -DAY, { extra: { errorCode: 'AccessDeniedException', errorMessage: 'denied' } });
    expect(await run([[denied, change]])).toEqual([]);
  });

  test('a 30-day rule, a 7-day rule and a disabled 1-day rule do not fire; 6 days does (minimumRetentionDays edge)', async () => {
    const created = trail('t1', -DAY);
    expect(await run([[created, lifecycle('l1', 0, expireAfter(30))]])).toEqual([]);
    expect(await run([[created, lifecycle('l1', 0, expireAfter(7))]])).toEqual([]);
    expect(await run([[created, lifecycle('l1', 0, { ...expireAfter(1), Status: 'Disabled' })]])).toEqual([]);
    expect(await run([[created, lifecycle('l1', 0, expireAfter(6))]])).toHaveLength(1);
    expect(await run([[created, lifecycle('l1', 0, expireAfter(20))]], { minimumRetentionDays: 30 })).toHaveLength(1);
  });

  test('an unrelated bucket with the same short rule does not fire', async () => {
    const other = lifecycle('l1', 0, expireAfter(1), { bucket: 'ci-scratch-artifacts' });
    expect(await run([[trail('t1', -DAY), other]])).toEqual([]);
  });

  test('a trail is remembered rememberDays (default 400) either side of the change, and no longer', async () => {
    const change = lifecycle('l1', 0, expireAfter(1));
    expect(await run([[trail('t1', -400 * DAY)], [change]])).toHaveLength(1);
    expect(await run([[trail('t1', -401 * DAY)], [change]])).toEqual([]);
    // In one batch the range read spans both events: the decision still measures the distance itself.
    expect(await run([[trail('t1', -401 * DAY), change]])).toEqual([]);
    expect(await run([[trail('t1', -401 * DAY), change]], { rememberDays: 402 })).toHaveLength(1);
  });

  test('noncurrent versions expiring within days, and an expiration date already near, fire', async () => {
    const created = trail('t1', -DAY);
    const noncurrent = lifecycle('l1', 0, { NoncurrentVersionExpiration: { NoncurrentDays: '1' }, Expiration: { Days: '365' } });
    const fired = await run([[created, noncurrent]]);
    expect(fired[0]!.evidence.change).toBe('rule expire-logs: noncurrent versions expire after 1 day(s)');
    const dated = lifecycle('l2', 0, { Expiration: { Date: '2026-11-22T00:00:00.000Z' } });
    expect((await run([[created, dated]]))[0]!.evidence.change).toContain('objects expire on 2026-11-22');
    expect(await run([[created, lifecycle('l3', 0, { Expiration: { Date: '2027-06-01T00:00:00.000Z' } })]])).toEqual([]);
  });

  test('DeleteBucketPolicy and DeleteBucket that succeeded fire, one finding per kind; failed ones do not', async () => {
    const created = trail('t1', -DAY);
    const policy = s3Call('p1', 0, 'DeleteBucketPolicy');
    const bucket = s3Call('b1', 60, 'DeleteBucket');
    const fired = await run([[created, policy, bucket]]);
    expect(eventIds(fired)).toEqual(idsOf([policy, bucket]));
    expect(new Set(fired.map((o) => o.dedupKey))).toEqual(
      new Set([`111122223333:${BUCKET}:DeleteBucketPolicy`, `111122223333:${BUCKET}:DeleteBucket`]),
    );
    const failed = s3Call('b2', 0, 'DeleteBucket', { errorCode: 'BucketNotEmpty', errorMessage: 'not empty' });
    expect(await run([[created, failed]])).toEqual([]);
  });

  test('a failed short lifecycle attempt still counts, and says so; redelivery gives the same events', async () => {
    const denied = lifecycle('l1', 0, expireAfter(1), { extra: { errorCode: 'AccessDenied', errorMessage: 'Access Denied' } });
    const changes = [denied, lifecycle('l2', 600, expireAfter(3)), s3Call('p1', 900, 'DeleteBucketPolicy')];
    const all = [trail('t1', 3 * DAY), ...changes];
    const inOrder = await run([all]);
    expect(eventIds(inOrder)).toEqual(idsOf(changes));
    expect(eventIds(await run(redelivered(all, 3)))).toEqual(eventIds(inOrder));
    expect(inOrder.find((o) => o.eventId === denied.id)!.evidence.change).toContain('(failed: AccessDenied)');
  });
});
