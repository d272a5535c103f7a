import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'console-mfa-failures';
const USER = 'arn:aws:iam::111122223333:user/k.tanaka';

/** A console sign-in for `userName`, `seconds` after 10:00, failed unless `outcome` says otherwise. */
function signIn(seconds: number, id: string, { mfa = 'Yes', userName = 'k.tanaka', outcome = 'Failure', ip = '198.51.100.23' } = {}) {
  return cloudTrailEvent(
    {
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      eventTime: at(seconds),
      eventType: 'AwsConsoleSignIn',
      sourceIPAddress: ip,
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${userName}`, accountId: '111122223333', userName },
      requestParameters: null,
      responseElements: { ConsoleLogin: outcome },
      additionalEventData: { MFAUsed: mfa, MobileVersion: 'No' },
      ...(outcome === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
    },
    { id },
  ) as CloudTrailEnvelope;
}

const run = (batches: CloudTrailEnvelope[][], parameters = {}) => occurrencesOf(ID, batches, parameters);

test('2 failures at the MFA step within 15 minutes fire, listing both; 1 does not', async () => {
  const two = [signIn(0, 'm1'), signIn(300, 'm2', { ip: '203.0.113.7' })];
  const fired = await run([two]);
  expect(eventIds(fired)).toEqual(idsOf(two));
  expect(fired[0]).toMatchObject({ severity: 'high', subject: USER, mitre: ['T1621'], dedupKey: `user:${USER}`, account: '111122223333' });
  expect(fired[0]!.evidence).toMatchObject({ principal: USER, sourceIps: '198.51.100.23, 203.0.113.7', threshold: 2 });
  expect(await run([[two[0]!]])).toEqual([]);
});

test('2 failures more than 15 minutes apart do not fire', async () => {
  expect(await run([[signIn(0, 'm1'), signIn(900, 'm2')]])).toEqual([]);
});

test('failures without MFA and successes with MFA do not count', async () => {
  expect(await run([[signIn(0, 'm1'), signIn(60, 'n1', { mfa: 'No' })]])).toEqual([]);
  expect(await run([[signIn(0, 'm1'), signIn(60, 's1', { outcome: 'Success' })]])).toEqual([]);
});

test('redelivered, out-of-order failures in several batches give the same events', async () => {
  const events = [0, 120, 240, 360].map((s, i) => signIn(s, `m${i}`));
  expect(eventIds(await run(redelivered(events, 3)))).toEqual(eventIds(await run([events])));
  expect(eventIds(await run([events]))).toEqual(idsOf(events));
});

test('users are counted apart; a stage can ignore a user, raise the threshold or widen the window', async () => {
  expect(await run([[signIn(0, 'm1'), signIn(60, 'o1', { userName: 'p.silva' })]])).toEqual([]);
  const three = [0, 60, 120].map((s, i) => signIn(s, `m${i}`));
  expect(await run([three], { ignoredPrincipals: ['k.tanaka'] })).toEqual([]);
  expect(await run([three], { ignoredPrincipals: [USER] })).toEqual([]);
  expect(await run([three], { threshold: 4 })).toEqual([]);
  expect(await run([three], { threshold: 3 })).toHaveLength(3);
  expect(await run([[signIn(0, 'm1'), signIn(900, 'm2')]], { windowMinutes: 16 })).toHaveLength(2);
});
