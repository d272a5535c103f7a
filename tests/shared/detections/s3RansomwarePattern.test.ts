import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 's3-ransomware-pattern';
const BUCKET = 'vigil-exports-111122223333';
const CALLER = 'arn:aws:iam::111122223333:user/j.moreau';
const JOB = 'arn:aws:sts::111122223333:assumed-role/report-export-job/report-export-20261120T0200';

/** An S3 call built on the captured GetObject data event (tests/events/cloudtrail/s3-get-object.json). */
function s3(eventName: string, seconds: number, id: string, request: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return cloudTrailCaptured('s3-get-object', {
    id,
    time: at(seconds),
    detail: {
      eventName,
      eventTime: at(seconds),
      userIdentity: { type: 'IAMUser', arn: CALLER, userName: 'j.moreau', principalId: 'AIDAEXAMPLE', sessionContext: undefined },
      sourceIPAddress: '198.51.100.23',
      requestParameters: { key: `exports/customers/part-${id}.parquet`, ...request },
      additionalEventData: { bytesTransferredOut: undefined },
      ...extra,
    },
  }) as CloudTrailEnvelope;
}

const SSE_C = { 'x-amz-server-side-encryption-customer-algorithm': 'AES256', 'x-amz-copy-source': `${BUCKET}/exports/a.parquet` };
const deletes = (n: number, spacingSeconds = 30, bucket = BUCKET) =>
  Array.from({ length: n }, (_, i) => s3('DeleteObject', i * spacingSeconds, `d${i}`, { bucketName: bucket }));
const copies = (n: number, request: Record<string, unknown> = SSE_C) =>
  Array.from({ length: n }, (_, i) => s3('CopyObject', i * 30, `c${i}`, request));
const run = (batches: CloudTrailEnvelope[][], parameters = {}) => occurrencesOf(ID, batches, parameters);

test('50 DeleteObject by one caller on one bucket within 60 minutes fire (critical), listing all 50; 49 do not', async () => {
  const fired = await run([deletes(50, 70)]);
  expect(eventIds(fired)).toEqual(idsOf(deletes(50, 70)));
  expect(fired[0]).toMatchObject({ severity: 'critical', mitre: ['T1485'], account: '111122223333' });
  expect(fired[0]!.dedupKey).toBe(`bucket:${BUCKET} caller:${CALLER} delete`);
  expect(fired[0]!.resources).toEqual([`arn:aws:s3:::${BUCKET}`, CALLER]);
  expect(fired[0]!.evidence).toMatchObject({ bucket: BUCKET, caller: CALLER, pattern: 'delete', threshold: 50 });
  expect(await run([deletes(49, 70)])).toEqual([]);
});

test('deletes over more than 60 minutes, or spread over two buckets, do not fire', async () => {
  expect(await run([deletes(50, 74)])).toEqual([]);
  expect(await run([[...deletes(30), ...deletes(30, 30, 'other-bucket').map((e) => ({ ...e, id: `o${e.id}` }))]])).toEqual([]);
});

test('50 CopyObject with SSE-C fire; 50 ordinary copies (or with SSE-KMS) do not; 49 with SSE-C do not', async () => {
  const fired = await run([copies(50)]);
  expect(eventIds(fired)).toEqual(idsOf(copies(50)));
  expect(fired[0]!.evidence).toMatchObject({ pattern: 'sse-c' });
  expect(fired[0]!.description).toContain('SSE-C');
  expect(await run([copies(50, { 'x-amz-copy-source': `${BUCKET}/a` })])).toEqual([]);
  expect(await run([copies(50, { 'x-amz-server-side-encryption': 'aws:kms' })])).toEqual([]);
  expect(await run([copies(49)])).toEqual([]);
});

test('one DeleteObjects (a batch delete) is enough', async () => {
  const batch = s3('DeleteObjects', 0, 'batch', { delete: '' });
  const [hit, ...rest] = await run([[batch]]);
  expect(rest).toEqual([]);
  expect(hit).toMatchObject({ severity: 'critical', eventId: 'batch', dedupKey: `bucket:${BUCKET} caller:${CALLER} batch` });
  expect(hit!.description).toContain('in one call');
});

test('PutBucketVersioning Suspended fires on one call; Enabled does not', async () => {
  const versioning = (status: string, id: string) =>
    s3(
      'PutBucketVersioning',
      0,
      id,
      { key: undefined, versioning: '', VersioningConfiguration: { Status: status } },
      { eventCategory: 'Management' },
    );
  expect(await run([[versioning('Suspended', 'v1')]])).toHaveLength(1);
  expect(await run([[versioning('Enabled', 'v2')]])).toEqual([]);
});

test('GetObject and PutObject never count', async () => {
  const reads = Array.from({ length: 60 }, (_, i) => s3(i % 2 ? 'GetObject' : 'PutObject', i * 10, `g${i}`));
  expect(await run([reads])).toEqual([]);
});

test('denied deletes count (attempts): the evidence says how many failed', async () => {
  const denied = deletes(50).map((e) => ({ ...e, detail: { ...e.detail, errorCode: 'AccessDenied', errorMessage: 'Access Denied' } }));
  const fired = await run([denied]);
  expect(fired).toHaveLength(50);
  expect(fired[0]!.evidence).toMatchObject({ failedCalls: 50 });
});

test('redelivered, out-of-order deletes and copies in several batches give the same events', async () => {
  const events = [...deletes(55), ...copies(52), s3('DeleteObjects', 100, 'batch')];
  expect(eventIds(await run(redelivered(events, 61)))).toEqual(eventIds(await run([events])));
  expect(eventIds(await run([events]))).toEqual(idsOf(events));
});

test('a stage can ignore a caller (a role covers its sessions), raise the threshold or shorten the window', async () => {
  const job = deletes(50).map((e) => ({
    ...e,
    detail: { ...e.detail, userIdentity: cloudTrailCaptured('s3-get-object').detail.userIdentity },
  }));
  expect(await run([job])).toHaveLength(50);
  expect(job[0]!.detail.userIdentity.arn).toBe(JOB);
  expect(await run([job], { ignoredPrincipals: ['arn:aws:iam::111122223333:role/report-export-job'] })).toEqual([]);
  expect(await run([deletes(55)], { threshold: 56 })).toEqual([]);
  expect(await run([deletes(50, 60)], { windowMinutes: 30 })).toEqual([]);
});
