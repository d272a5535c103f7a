import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'cognito-spray-per-ip';
const IP = '198.51.100.91';
const CLIENT = '6f1q2r8d3kvb0hj5s7tmn4pwla';
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

interface Failure {
  ip?: string;
  /** The user's sub; undefined for a user that does not exist (CloudTrail then carries no sub). */
  sub?: string;
  eventName?: string;
  errorCode?: string;
}

/** A failed user-pool sign-in, as CloudTrail records InitiateAuth from a public client (user-pool-calls.json). */
function failure(seconds: number, id: string, { ip = IP, sub, eventName = 'InitiateAuth', errorCode = 'NotAuthorizedException' }: Failure) {
  return cloudTrailEvent(
    {
      eventSource: 'cognito-idp.amazonaws.com',
      eventName,
      eventTime: at(seconds),
      sourceIPAddress: ip,
      userAgent: 'python-requests/2.32.3',
      userIdentity: { type: 'Unknown', principalId: 'Anonymous' },
      recipientAccountId: '111122223333',
      requestParameters: { authFlow: 'USER_PASSWORD_AUTH', authParameters: HIDDEN, clientId: CLIENT },
      additionalEventData: sub ? { sub } : null,
      errorCode,
      errorMessage: errorCode === 'UserNotFoundException' ? 'User does not exist.' : 'Incorrect username or password.',
    },
    { id },
  ) as CloudTrailEnvelope;
}

const sub = (i: number) => `f838a16f-0743-4a83-900d-${String(i).padStart(12, '0')}`;
/** Failures for `n` distinct users, `spacingSeconds` apart. */
const spray = (n: number, spacingSeconds = 60, options: (i: number) => Failure = (i) => ({ sub: sub(i) })) =>
  Array.from({ length: n }, (_, i) => failure(i * spacingSeconds, `s${i}`, options(i)));
const run = (batches: CloudTrailEnvelope[][], parameters = {}) => occurrencesOf(ID, batches, parameters);

test('failures for 10 distinct users from one IP within 15 minutes fire, listing all 10; 9 users do not', async () => {
  const fired = await run([spray(10, 90)]);
  expect(eventIds(fired)).toEqual(idsOf(spray(10, 90)));
  expect(fired[0]).toMatchObject({ severity: 'high', subject: IP, mitre: ['T1110.003'], dedupKey: `ip:${IP}`, account: '111122223333' });
  expect(fired[0]!.evidence).toMatchObject({ distinctUsers: 10, unknownUsers: 0, userPoolsOrAppClients: CLIENT, threshold: 10 });
  expect(await run([spray(9, 90)])).toEqual([]);
});

test('one user failing again and again (a brute force, not a spray) does not fire', async () => {
  expect(await run([spray(20, 20, () => ({ sub: sub(1) }))])).toEqual([]);
});

test('failures for users that do not exist each count as a user: enumeration fires', async () => {
  const unknown = spray(10, 30, (i) => (i % 2 === 0 ? { errorCode: 'UserNotFoundException' } : { sub: sub(i) }));
  const fired = await run([unknown]);
  expect(fired).toHaveLength(10);
  expect(fired[0]!.evidence).toMatchObject({ distinctUsers: 10, unknownUsers: 5 });
});

test('MFA code failures (CodeMismatchException) on RespondToAuthChallenge and AdminInitiateAuth failures count', async () => {
  const mixed = spray(10, 30, (i) => ({
    sub: sub(i),
    eventName: ['InitiateAuth', 'RespondToAuthChallenge', 'AdminInitiateAuth'][i % 3],
    errorCode: i % 3 === 1 ? 'CodeMismatchException' : 'NotAuthorizedException',
  }));
  expect(await run([mixed])).toHaveLength(10);
});

test('other errors (throttling) are not failed credentials: they do not count', async () => {
  const throttled = spray(10, 30, (i) => ({ sub: sub(i), errorCode: 'TooManyRequestsException' }));
  expect(await run([throttled])).toEqual([]);
  expect(await run([[...spray(9, 30), ...throttled.slice(9)]])).toEqual([]);
});

test('10 users spread over more than 15 minutes do not fire; IPs are counted apart', async () => {
  expect(await run([spray(10, 101)])).toEqual([]);
  const twoIps = spray(12, 30, (i) => ({ sub: sub(i), ip: i % 2 === 0 ? IP : '203.0.113.50' }));
  expect(await run([twoIps])).toEqual([]);
});

test('redelivered, out-of-order failures in several batches give the same events', async () => {
  const events = spray(14, 45, (i) => (i % 3 === 0 ? {} : { sub: sub(i) }));
  expect(eventIds(await run(redelivered(events, 9)))).toEqual(eventIds(await run([events])));
  expect(eventIds(await run([events]))).toEqual(idsOf(events));
  // A redelivered failure for a user that does not exist is the same envelope: not one more user.
  const nine = spray(9, 30, () => ({}));
  expect(await run([[...nine, ...nine]])).toEqual([]);
});

test('an IPv6 address written two ways is one source', async () => {
  const v6 = spray(10, 30, (i) => ({ sub: sub(i), ip: i % 2 === 0 ? '2001:db8::5' : '2001:DB8:0:0:0:0:0:5' }));
  const fired = await run([v6]);
  expect(fired).toHaveLength(10);
  expect(fired[0]!.dedupKey).toBe('ip:2001:db8::5');
  expect(await run([v6], { ignoredSourceIps: ['2001:0db8::0005'] })).toEqual([]);
});

test('a stage can ignore an address, raise the threshold or shorten the window', async () => {
  expect(await run([spray(12, 30)], { ignoredSourceIps: [IP] })).toEqual([]);
  expect(await run([spray(12, 30)], { threshold: 13 })).toEqual([]);
  expect(await run([spray(12, 30)], { threshold: 12 })).toHaveLength(12);
  expect(await run([spray(10, 60)], { windowMinutes: 9 })).toEqual([]);
});
