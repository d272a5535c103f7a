import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'ssm-session-burst';
const CALLER = 'arn:aws:iam::111122223333:user/alice';

/** StartSession on `target` by `arn`, `seconds` after 10:00. */
function session(seconds: number, id: string, target: string | undefined, { arn = CALLER, denied = false } = {}) {
  return cloudTrailEvent(
    {
      eventSource: 'ssm.amazonaws.com',
      eventName: 'StartSession',
      eventTime: at(seconds),
      userIdentity: { type: 'IAMUser', arn, accountId: '111122223333', userName: arn.split('/').pop() },
      requestParameters: target ? { target } : {},
      ...(denied ? { errorCode: 'AccessDeniedException', errorMessage: 'User is not authorized to perform: ssm:StartSession' } : {}),
    },
    { id },
  ) as CloudTrailEnvelope;
}

const instance = (n: number) => `i-0${String(n).padStart(16, '0')}`;
/** Sessions on `n` distinct instances, `spacingSeconds` apart. */
const sweep = (n: number, spacingSeconds = 300, options = {}) =>
  Array.from({ length: n }, (_, i) => session(i * spacingSeconds, `s${i}`, instance(i), options));
const run = (batches: CloudTrailEnvelope[][], parameters = {}) => occurrencesOf(ID, batches, parameters);

test('sessions on 3 distinct instances within 30 minutes fire, listing all of them; 2 do not', async () => {
  const fired = await run([sweep(3)]);
  expect(eventIds(fired)).toEqual(idsOf(sweep(3)));
  expect(fired[0]).toMatchObject({ severity: 'medium', subject: CALLER, mitre: ['T1021.007'], dedupKey: `caller:${CALLER}` });
  expect(fired[0]!.evidence).toMatchObject({ distinctTargets: 3, threshold: 3, windowMinutes: 30 });
  expect(await run([sweep(2)])).toEqual([]);
});

test('reconnecting to the same instances does not add to the count', async () => {
  const again = Array.from({ length: 6 }, (_, i) => session(i * 60, `r${i}`, instance(i % 2)));
  expect(await run([again])).toEqual([]);
  // A third instance makes it 3 distinct: the finding lists every session of the window, reconnects too.
  expect(await run([[...again, session(400, 'r-new', instance(7))]])).toHaveLength(7);
});

test('3 instances spread over more than 30 minutes do not fire', async () => {
  expect(await run([sweep(3, 901)])).toEqual([]);
});

test('denied sessions count; a call naming no target is not observed', async () => {
  expect(await run([sweep(3, 300, { denied: true })])).toHaveLength(3);
  expect(await run([[...sweep(2), session(700, 'none', undefined)]])).toEqual([]);
});

test('redelivered, out-of-order sessions in several batches give the same events', async () => {
  const events = sweep(5, 200);
  expect(eventIds(await run(redelivered(events, 3)))).toEqual(eventIds(await run([events])));
  expect(eventIds(await run([events]))).toEqual(idsOf(events));
});

test('callers are counted apart; a stage can ignore a caller, raise the threshold or shorten the window', async () => {
  const bob = [session(10, 'b1', instance(8), { arn: 'arn:aws:iam::111122223333:user/bob' })];
  expect(await run([[...sweep(2), ...bob]])).toEqual([]);
  expect(await run([sweep(5)], { ignoredPrincipals: [CALLER] })).toEqual([]);
  expect(await run([sweep(5)], { threshold: 6 })).toEqual([]);
  expect(await run([sweep(3)], { windowMinutes: 10 })).toEqual([]);
});
