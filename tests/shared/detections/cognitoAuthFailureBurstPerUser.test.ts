import { DETECTIONS, parseDetectionOverrides, type CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';
import { eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'cognito-auth-failure-burst-per-user';
const START = Date.parse('2026-11-20T10:00:00Z');
const DAY = 86_400_000;
const iso = (time: number) => new Date(time).toISOString().replace('.000Z', 'Z');
const SUB = 'f838a16f-0743-4a83-900d-1d3d7e9b7a99';
const CLIENT = '6f1q2r8d3kvb0hj5s7tmn4pwla';

let serial = 0;
/** The captured failed InitiateAuth (tests/events/cloudtrail/cognito-initiate-auth-not-authorized.json) at `time`. */
function failure(time: number, options: { sub?: string | null; ip?: string; errorCode?: string; eventName?: string } = {}) {
  serial += 1;
  const event = cloudTrailCaptured('cognito-initiate-auth-not-authorized', {
    id: `auth-${serial}`,
    time: iso(time),
    detail: {
      eventTime: iso(time),
      eventID: `ct-auth-${serial}`,
      sourceIPAddress: options.ip ?? '198.51.100.91',
      errorCode: options.errorCode ?? 'NotAuthorizedException',
      eventName: options.eventName ?? 'InitiateAuth',
    },
  } as never) as CloudTrailEnvelope;
  const sub = options.sub === undefined ? SUB : options.sub;
  return { ...event, detail: { ...event.detail, additionalEventData: sub === null ? null : { sub } } } as CloudTrailEnvelope;
}

/** `count` failures `stepMs` apart (20 s by default) from `from`. */
const burst = (count: number, from: number, options = {}, stepMs = 20_000) =>
  Array.from({ length: count }, (_, i) => failure(from + i * stepMs, options));

test('10 failed sign-ins of one user within 5 minutes fire; 9 do not; 10 over more than 5 minutes do not', async () => {
  const ten = burst(10, START);
  const found = await occurrencesOf(ID, [ten]);
  expect(eventIds(found)).toEqual(idsOf(ten));
  expect(found[0]).toMatchObject({ severity: 'medium', evidence: { sub: SUB, failures: 10, appClientId: CLIENT } });
  expect(await occurrencesOf(ID, [burst(9, START)])).toEqual([]);
  const slow = Array.from({ length: 10 }, (_, i) => failure(START + i * 40_000));
  expect(await occurrencesOf(ID, [slow])).toEqual([]);
});

test('wrong MFA codes count, successes and other errors do not', async () => {
  const mfa = burst(10, START, { errorCode: 'CodeMismatchException', eventName: 'RespondToAuthChallenge' });
  expect(await occurrencesOf(ID, [mfa])).toHaveLength(10);
  const other = burst(10, START, { errorCode: 'TooManyRequestsException' });
  expect(await occurrencesOf(ID, [other])).toEqual([]);
});

test('failures of users Cognito could not resolve are grouped by source IP and client', async () => {
  const unresolved = burst(10, START, { sub: null });
  const found = await occurrencesOf(ID, [unresolved]);
  expect(found).toHaveLength(10);
  expect(found[0]!.dedupKey).toBe(`ip|111122223333|client:${CLIENT}|198.51.100.91`);
  // Five each from two IPs: neither group reaches 10.
  const split = [...burst(5, START, { sub: null }), ...burst(5, START, { sub: null, ip: '198.51.100.92' })];
  expect(await occurrencesOf(ID, [split])).toEqual([]);
});

test('the app client map groups by user pool, set once for every Cognito detection under "*"', async () => {
  const pools = { appClientPools: { [CLIENT]: 'eu-west-1_Vq3Lm8TzR' } };
  const found = await occurrencesOf(ID, [burst(10, START)], pools);
  expect(found[0]!.dedupKey).toBe(`user|111122223333|eu-west-1_Vq3Lm8TzR|${SUB}`);
  expect(found[0]!.resources).toEqual(['eu-west-1_Vq3Lm8TzR']);
  const shared = parseDetectionOverrides({ '*': { parameters: pools } }, DETECTIONS);
  for (const id of [ID, 'cognito-spray-per-ip']) {
    expect((shared[id]!.parameters as { appClientPools: unknown }).appClientPools).toEqual(pools.appClientPools);
  }
  // A shared parameter no detection declares is a typo.
  expect(() => parseDetectionOverrides({ '*': { parameters: { appClientPool: {} } } }, DETECTIONS)).toThrow(
    /no detection declares: appClientPool/,
  );
  // A detection's own value wins over the shared one.
  const own = parseDetectionOverrides({ '*': { parameters: pools }, [ID]: { parameters: { appClientPools: {} } } }, DETECTIONS);
  expect((own[ID]!.parameters as { appClientPools: unknown }).appClientPools).toEqual({});
});

test('a user who fails all day every day (a shared test account) is normal for itself; a burst far above that is not', async () => {
  // 12 failures an hour, around the clock, for 5 days.
  const habit: CloudTrailEnvelope[] = [];
  for (let hour = 0; hour < 5 * 24; hour++) habit.push(...burst(12, START - 5 * DAY + hour * 3_600_000, { sub: 'qa-shared' }));
  // A burst of 12 within 5 minutes is no more than its usual hour: quiet. 40 in 5 minutes is not.
  const usual = await occurrencesOf(ID, [habit, burst(12, START, { sub: 'qa-shared' })]);
  expect(usual.filter((o) => Date.parse(o.eventTime.toISOString()) >= START - 3 * DAY)).toEqual([]);
  const loud = burst(40, START, { sub: 'qa-shared' }, 5000);
  const found = await occurrencesOf(ID, [habit, loud]);
  expect([...eventIds(found)].filter((id) => idsOf(loud).has(id))).toHaveLength(40);
});

test('every event twice, in reverse and in two batches: the same events', async () => {
  const ten = burst(10, START);
  expect(eventIds(await occurrencesOf(ID, redelivered(ten)))).toEqual(idsOf(ten));
});

test('a monitor IP on the ignore list is not counted', async () => {
  expect(await occurrencesOf(ID, [burst(10, START)], { ignoredSourceIps: ['198.51.100.91'] })).toEqual([]);
});
