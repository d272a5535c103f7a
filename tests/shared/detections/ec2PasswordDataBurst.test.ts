import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'ec2-password-data-burst';
const CALLER = 'arn:aws:iam::111122223333:user/alice';

/** GetPasswordData for instance i-<n> by `arn`, `seconds` after 10:00; denied when `denied`. */
function call(seconds: number, id: string, { arn = CALLER, denied = false, eventName = 'GetPasswordData' } = {}) {
  return cloudTrailEvent(
    {
      eventSource: 'ec2.amazonaws.com',
      eventName,
      eventTime: at(seconds),
      userIdentity: { type: 'IAMUser', arn, accountId: '111122223333', userName: arn.split('/').pop() },
      requestParameters: { instanceId: `i-0${id.replace(/\D/g, '').padStart(16, '0')}` },
      ...(denied ? { errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.' } : {}),
    },
    { id },
  ) as CloudTrailEnvelope;
}

const burst = (n: number, spacingSeconds = 60, options = {}) =>
  Array.from({ length: n }, (_, i) => call(i * spacingSeconds, `p${i}`, options));
const run = (batches: CloudTrailEnvelope[][], parameters = {}) => occurrencesOf(ID, batches, parameters);

test('20 GetPasswordData calls by one caller within 60 minutes fire, listing all 20; 19 do not', async () => {
  const fired = await run([burst(20)]);
  expect(eventIds(fired)).toEqual(idsOf(burst(20)));
  expect(fired[0]).toMatchObject({ severity: 'medium', subject: CALLER, mitre: ['T1552'], dedupKey: `caller:${CALLER}` });
  expect(fired[0]!.evidence).toMatchObject({ caller: CALLER, distinctInstances: 20, threshold: 20, windowMinutes: 60 });
  expect(await run([burst(19)])).toEqual([]);
});

test('20 calls spread over more than 60 minutes do not fire', async () => {
  // 20 calls 3m10s apart span 60m10s: no 60-minute window holds all of them.
  expect(await run([burst(20, 190)])).toEqual([]);
});

test('denied calls count as attempts; other EC2 calls do not', async () => {
  expect(await run([burst(20, 60, { denied: true })])).toHaveLength(20);
  const mixed = [...burst(19), call(1200, 'x1', { eventName: 'DescribeInstances' })];
  expect(await run([mixed])).toEqual([]);
});

test('redelivered, out-of-order calls in several batches give the same events', async () => {
  const events = burst(20);
  expect(eventIds(await run(redelivered(events, 13)))).toEqual(eventIds(await run([events])));
});

test('callers are counted apart; a stage can ignore a caller, raise the threshold or shorten the window', async () => {
  const other = Array.from({ length: 10 }, (_, i) => call(i * 30, `o${i}`, { arn: 'arn:aws:iam::111122223333:user/bob' }));
  expect(await run([[...burst(10), ...other]])).toEqual([]);
  expect(await run([burst(25)], { ignoredPrincipals: [CALLER] })).toEqual([]);
  expect(await run([burst(25)], { threshold: 26 })).toEqual([]);
  expect(await run([burst(25)], { threshold: 25 })).toHaveLength(25);
  expect(await run([burst(20)], { windowMinutes: 15 })).toEqual([]);
  expect(await run([burst(20, 30)], { windowMinutes: 15 })).toHaveLength(20);
});
