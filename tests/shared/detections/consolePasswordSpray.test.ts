import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'console-password-spray';
const IP = '198.51.100.23';
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/**
 * A failed console sign-in for `userName` from `ip`, `seconds` after 10:00. A user that does not
 * exist is written as CloudTrail writes it: no ARN, the name hidden.
 */
function failure(seconds: number, id: string, userName: string, ip = IP) {
  const identity =
    userName === HIDDEN
      ? { type: 'IAMUser', accountId: '111122223333', accessKeyId: '', userName }
      : { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${userName}`, accountId: '111122223333', userName };
  return cloudTrailEvent(
    {
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      eventTime: at(seconds),
      eventType: 'AwsConsoleSignIn',
      awsRegion: 'eu-west-1',
      sourceIPAddress: ip,
      userIdentity: identity,
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Failure' },
      additionalEventData: { MFAUsed: 'No', MobileVersion: 'No' },
      errorMessage: 'Failed authentication',
    },
    { id },
  ) as CloudTrailEnvelope;
}

/** Failures for `n` users (user0..), `spacingSeconds` apart, from `ip` (or from a function of the index). */
const spray = (n: number, spacingSeconds = 60, ip: (i: number) => string = () => IP, name = (i: number) => `user${i}`) =>
  Array.from({ length: n }, (_, i) => failure(i * spacingSeconds, `f${i}`, name(i), ip(i)));
const run = (batches: CloudTrailEnvelope[][], parameters = {}) => occurrencesOf(ID, batches, parameters);
const keys = (occurrences: { dedupKey: string }[]) => [...new Set(occurrences.map((o) => o.dedupKey))].sort();

test('failures for 10 distinct users from one IP within 60 minutes fire once, per IP; 9 users do not', async () => {
  const fired = await run([spray(10)]);
  expect(eventIds(fired)).toEqual(idsOf(spray(10)));
  expect(keys(fired)).toEqual([`ip:${IP}`]);
  expect(fired[0]).toMatchObject({ severity: 'high', subject: IP, mitre: ['T1110.003'], account: '111122223333' });
  expect(fired[0]!.evidence).toMatchObject({ distinctUsers: 10, hiddenUsers: 0, sourceIPAddress: IP, threshold: 10 });
  expect(await run([spray(9)])).toEqual([]);
});

test('one user failing again and again is not a spray', async () => {
  expect(
    await run([
      spray(
        15,
        60,
        () => IP,
        () => 'k.tanaka',
      ),
    ]),
  ).toEqual([]);
  expect(await run([[...spray(9), failure(700, 'again', 'user0')]])).toEqual([]);
});

test('each failure for a user name that does not exist counts as its own user', async () => {
  const hidden = spray(
    10,
    60,
    () => IP,
    () => HIDDEN,
  );
  expect(await run([hidden])).toHaveLength(10);
  const mixed = spray(
    10,
    60,
    () => IP,
    (i) => (i % 2 === 0 ? HIDDEN : `user${i}`),
  );
  const fired = await run([mixed]);
  expect(fired[0]!.evidence).toMatchObject({ distinctUsers: 10, hiddenUsers: 5 });
  // A redelivered hidden failure is the same envelope: it does not become a new user.
  expect(
    await run([
      [
        ...spray(
          9,
          60,
          () => IP,
          () => HIDDEN,
        ),
        ...spray(
          9,
          60,
          () => IP,
          () => HIDDEN,
        ),
      ],
    ]),
  ).toEqual([]);
});

test('10 users spread over more than 60 minutes do not fire', async () => {
  expect(await run([spray(10, 401)])).toEqual([]);
});

test('a spray rotating source IPs fires per account and region, not per IP', async () => {
  const rotating = spray(10, 60, (i) => `203.0.113.${i + 1}`);
  const fired = await run([rotating]);
  expect(eventIds(fired)).toEqual(idsOf(rotating));
  expect(keys(fired)).toEqual(['acct:111122223333:eu-west-1']);
  expect(fired[0]).toMatchObject({ subject: '111122223333 eu-west-1', account: '111122223333', region: 'eu-west-1' });
  expect(fired[0]!.evidence).toMatchObject({ distinctUsers: 10, distinctSourceIps: 10 });
});

test('accountMinSourceIps: at 1 a one-address spray also raises the account-wide finding; above the count it does not', async () => {
  expect(keys(await run([spray(10)], { accountMinSourceIps: 1 }))).toEqual(['acct:111122223333:eu-west-1', `ip:${IP}`]);
  expect(await run([spray(10, 60, (i) => `203.0.113.${i % 3}`)], { accountMinSourceIps: 4 })).toEqual([]);
});

test('redelivered, out-of-order failures in several batches give the same events', async () => {
  for (const events of [spray(14), spray(12, 60, (i) => `203.0.113.${i % 4}`)]) {
    expect(eventIds(await run(redelivered(events, 9)))).toEqual(eventIds(await run([events])));
    expect(eventIds(await run([events]))).toEqual(idsOf(events));
  }
});

test('a stage can ignore an address, raise the threshold or shorten the window', async () => {
  expect(await run([spray(12)], { ignoredSourceIps: [IP] })).toEqual([]);
  expect(await run([spray(12)], { threshold: 13 })).toEqual([]);
  expect(await run([spray(12)], { threshold: 12 })).toHaveLength(12);
  expect(await run([spray(10)], { windowMinutes: 9 })).toEqual([]);
});
