import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'ec2-user-data-read-burst';
const CALLER = 'arn:aws:sts::111122223333:assumed-role/ci-deploy/session-1';

/** DescribeInstanceAttribute of `attribute` on instance i-<n> by `arn`, `seconds` after 10:00. */
function read(seconds: number, id: string, { arn = CALLER, attribute = 'userData', denied = false } = {}) {
  return cloudTrailEvent(
    {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstanceAttribute',
      eventTime: at(seconds),
      userIdentity: { type: 'AssumedRole', arn, accountId: '111122223333' },
      requestParameters: { instanceId: `i-0${id.replace(/\D/g, '').padStart(16, '0')}`, attribute },
      ...(denied ? { errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.' } : {}),
    },
    { id },
  ) as CloudTrailEnvelope;
}

const burst = (n: number, spacingSeconds = 60, options = {}) =>
  Array.from({ length: n }, (_, i) => read(i * spacingSeconds, `u${i}`, options));
const run = (batches: CloudTrailEnvelope[][], parameters = {}) => occurrencesOf(ID, batches, parameters);

test('5 userData reads by one caller within 10 minutes fire, listing all 5; 4 do not', async () => {
  const fired = await run([burst(5)]);
  expect(eventIds(fired)).toEqual(idsOf(burst(5)));
  expect(fired[0]).toMatchObject({ severity: 'medium', subject: CALLER, mitre: ['T1552.005'], dedupKey: `caller:${CALLER}` });
  expect(fired[0]!.evidence).toMatchObject({ distinctInstances: 5, threshold: 5, windowMinutes: 10 });
  expect(await run([burst(4)])).toEqual([]);
});

test('5 reads spread over more than 10 minutes do not fire', async () => {
  expect(await run([burst(5, 151)])).toEqual([]);
});

test('denied reads count; other attributes do not; the attribute is matched without regard to case', async () => {
  expect(await run([burst(5, 60, { denied: true })])).toHaveLength(5);
  expect(await run([[...burst(4), read(300, 'k1', { attribute: 'instanceType' })]])).toEqual([]);
  expect(await run([[...burst(4), read(300, 'k2', { attribute: 'USERDATA' })]])).toHaveLength(5);
});

test('redelivered, out-of-order reads in several batches give the same events', async () => {
  const events = burst(7);
  expect(eventIds(await run(redelivered(events, 5)))).toEqual(eventIds(await run([events])));
  expect(eventIds(await run([events]))).toEqual(idsOf(events));
});

test('callers are counted apart; a stage can ignore a caller, raise the threshold or widen the window', async () => {
  const other = Array.from({ length: 3 }, (_, i) => read(i * 30, `o${i}`, { arn: 'arn:aws:iam::111122223333:user/bob' }));
  expect(await run([[...burst(3), ...other]])).toEqual([]);
  expect(await run([burst(8)], { ignoredPrincipals: [CALLER] })).toEqual([]);
  expect(await run([burst(8)], { threshold: 9 })).toEqual([]);
  expect(await run([burst(5, 151)], { windowMinutes: 11 })).toHaveLength(5);
});
