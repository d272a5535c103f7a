import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { eventIds, idsOf, lateAndTwice, occurrencesOf } from './statefulRun';

const ID = 'bedrock-model-access-enabled';
const START = Date.parse('2026-11-20T10:00:00Z');
const HOUR = 3_600_000;
const iso = (time: number) => new Date(time).toISOString().replace('.000Z', 'Z');

let serial = 0;
/** The captured InvokeModel by the support-assistant role (tests/events/cloudtrail/bedrock-invoke-model.json). */
function invoke(time: number, role = 'support-assistant'): CloudTrailEnvelope {
  serial += 1;
  const event = cloudTrailCaptured('bedrock-invoke-model', {
    id: `inv-${serial}`,
    time: iso(time),
    detail: { eventTime: iso(time), eventID: `ct-inv-${serial}` },
  } as never) as CloudTrailEnvelope;
  const identity = event.detail.userIdentity;
  const sessionContext = {
    ...identity.sessionContext,
    sessionIssuer: { ...identity.sessionContext?.sessionIssuer, arn: `arn:aws:iam::111122223333:role/${role}` },
  };
  return { ...event, detail: { ...event.detail, userIdentity: { ...identity, sessionContext } } } as CloudTrailEnvelope;
}

/** A steady app: one invocation every 10 minutes over `hours` from `from`. */
const steady = (from: number, hours: number, role?: string) =>
  Array.from({ length: hours * 6 }, (_, i) => invoke(from + i * 600_000, role));

test('opening model access fires on the call alone, attempts included', async () => {
  const entitlement = cloudTrailEvent({
    eventSource: 'bedrock.amazonaws.com',
    eventName: 'PutFoundationModelEntitlement',
    eventTime: iso(START),
  });
  expect(eventIds(await occurrencesOf(ID, [[entitlement]]))).toEqual(idsOf([entitlement]));
  const agreement = cloudTrailEvent({
    eventSource: 'bedrock.amazonaws.com',
    eventName: 'CreateFoundationModelAgreement',
    eventTime: iso(START),
    errorCode: 'AccessDeniedException',
  });
  expect(await occurrencesOf(ID, [[agreement]])).toHaveLength(1);
  const listing = cloudTrailEvent({ eventSource: 'bedrock.amazonaws.com', eventName: 'ListFoundationModels', eventTime: iso(START) });
  expect(await occurrencesOf(ID, [[listing]])).toEqual([]);
});

test('a model invoked with IAM user keys fires even for a user who did so before', async () => {
  const byUser = (time: number) =>
    cloudTrailEvent({
      eventSource: 'bedrock.amazonaws.com',
      eventName: 'Converse',
      eventTime: iso(time),
      requestParameters: { modelId: 'm' },
    });
  const calls = [byUser(START - 48 * HOUR), byUser(START)];
  expect(eventIds(await occurrencesOf(ID, [calls]))).toEqual(idsOf(calls));
});

test('a role that invokes models for the first time fires for its first hours only; one with history does not', async () => {
  const history = steady(START - 5 * 24 * HOUR, 24);
  const today = steady(START, 6);
  const known = await occurrencesOf(ID, [history, today]);
  // Only the first day's first hours (no settled history yet) fired; today's calls are the role's habit.
  expect([...eventIds(known)].filter((id) => idsOf(today).has(id))).toEqual([]);
  const fresh = await occurrencesOf(ID, [steady(START, 6, 'new-role')]);
  // 10:00-12:59 (before 10:00 settles two hours on) have no history: 18 calls; from 13:00 on, 10:00 is history.
  expect(fresh).toHaveLength(18);
});

test('a principal on the known-invokers list is not observed', async () => {
  const known = { knownInvokers: ['arn:aws:iam::111122223333:role/new-role'] };
  expect(await occurrencesOf(ID, [steady(START, 1, 'new-role')], known)).toEqual([]);
});

test('every event twice, up to 10 minutes late, in batches of 37: the same events', async () => {
  const calls = [...steady(START - 3 * 24 * HOUR, 2), ...steady(START, 6, 'new-role'), ...steady(START, 6)];
  const clean = eventIds(await occurrencesOf(ID, [calls]));
  expect(clean.size).toBe(18 + 12);
  expect(eventIds(await occurrencesOf(ID, lateAndTwice(calls)))).toEqual(clean);
});
