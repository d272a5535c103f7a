import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'cognito-signup-or-reset-burst';
const IP = '192.0.2.57';
const CLIENT = '6f1q2r8d3kvb0hj5s7tmn4pwla';
const CALLS = ['SignUp', 'ForgotPassword', 'ConfirmForgotPassword', 'ResendConfirmationCode'];

/** An unauthenticated user-pool call from `ip`, `seconds` after 10:00, shaped as CloudTrail records SignUp. */
function call(seconds: number, id: string, { eventName = 'SignUp', ip = IP, failed = false } = {}) {
  return cloudTrailEvent(
    {
      eventSource: 'cognito-idp.amazonaws.com',
      eventName,
      eventTime: at(seconds),
      sourceIPAddress: ip,
      userIdentity: { type: 'Unknown', principalId: 'Anonymous' },
      recipientAccountId: '111122223333',
      requestParameters: { clientId: CLIENT, username: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      ...(failed ? { errorCode: 'LimitExceededException', errorMessage: 'Attempt limit exceeded, please try after some time.' } : {}),
    },
    { id },
  ) as CloudTrailEnvelope;
}

/** `n` calls cycling through the four call names, `spacingSeconds` apart. */
const burst = (n: number, spacingSeconds = 20, options = {}) =>
  Array.from({ length: n }, (_, i) => call(i * spacingSeconds, `c${i}`, { eventName: CALLS[i % 4], ...options }));
const run = (batches: CloudTrailEnvelope[][], parameters = {}) => occurrencesOf(ID, batches, parameters);

test('20 sign-up and reset calls from one IP within 10 minutes fire, listing all 20; 19 do not', async () => {
  const fired = await run([burst(20)]);
  expect(eventIds(fired)).toEqual(idsOf(burst(20)));
  expect(fired[0]).toMatchObject({ severity: 'medium', subject: IP, mitre: ['T1136'], dedupKey: `ip:${IP}`, account: '111122223333' });
  expect(fired[0]!.evidence).toMatchObject({
    sourceIPAddress: IP,
    calls: 'ConfirmForgotPassword, ForgotPassword, ResendConfirmationCode, SignUp',
    appClients: CLIENT,
    threshold: 20,
  });
  expect(await run([burst(19)])).toEqual([]);
});

test('20 calls spread over more than 10 minutes do not fire', async () => {
  expect(await run([burst(20, 32)])).toEqual([]);
});

test('failed calls count; sign-ins from the same IP do not', async () => {
  expect(await run([burst(20, 20, { failed: true })])).toHaveLength(20);
  expect(await run([[...burst(19), call(390, 'auth', { eventName: 'InitiateAuth' })]])).toEqual([]);
});

test('redelivered, out-of-order calls in several batches give the same events', async () => {
  const events = burst(24);
  expect(eventIds(await run(redelivered(events, 17)))).toEqual(eventIds(await run([events])));
  expect(eventIds(await run([events]))).toEqual(idsOf(events));
});

test('IPs are counted apart; a stage can ignore an IP, raise the threshold or shorten the window', async () => {
  const other = Array.from({ length: 10 }, (_, i) => call(i * 5, `o${i}`, { ip: '203.0.113.9' }));
  expect(await run([[...burst(10), ...other]])).toEqual([]);
  expect(await run([burst(25)], { ignoredSourceIps: [IP] })).toEqual([]);
  expect(await run([burst(25)], { threshold: 26 })).toEqual([]);
  expect(await run([burst(20)], { windowMinutes: 5 })).toEqual([]);
  expect(await run([burst(20, 10)], { windowMinutes: 5 })).toHaveLength(20);
});
