import {
  DETECTIONS,
  DetectionEngine,
  InMemoryDetectionStateStore,
  StatefulEngine,
  parseDetectionOverrides,
  type CloudTrailEnvelope,
} from '../../../shared/detections';
import type { Occurrence } from '../../../shared/findings/occurrence';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const ATTACKER = 'arn:aws:iam::111122223333:user/build-bot';

/** A call by `arn`, `seconds` after 10:00 on 2026-11-20, refused with `errorCode` (allowed when null). */
function call(seconds: number, id: string, errorCode: string | null = 'AccessDenied', arn = ATTACKER, api = 'ListBuckets') {
  const time = new Date(Date.parse('2026-11-20T10:00:00Z') + seconds * 1000).toISOString().replace('.000Z', 'Z');
  const [eventSource, eventName] = api === 'ListBuckets' ? ['s3.amazonaws.com', api] : ['ec2.amazonaws.com', api];
  return cloudTrailEvent(
    {
      eventSource,
      eventName,
      eventTime: time,
      userIdentity: { type: 'IAMUser', arn, accountId: '111122223333', userName: arn.split('/').pop() },
      ...(errorCode ? { errorCode, errorMessage: 'User is not authorized to perform this operation' } : {}),
    },
    { id },
  ) as CloudTrailEnvelope;
}

async function evaluate(batches: CloudTrailEnvelope[][], overrides: Record<string, unknown> = {}): Promise<Occurrence[]> {
  const engine = new DetectionEngine(DETECTIONS, parseDetectionOverrides(overrides, DETECTIONS));
  const stateful = new StatefulEngine(engine, new InMemoryDetectionStateStore(), { now: () => Date.parse('2026-11-20T00:00:00Z') });
  const out: Occurrence[] = [];
  for (const batch of batches) out.push(...(await stateful.evaluate(batch)).occurrences);
  return out.filter((o) => o.detection === 'recon-access-denied-burst');
}

const burst = (n: number, spacingSeconds = 30, from = 0) => Array.from({ length: n }, (_, i) => call(from + i * spacingSeconds, `d${i}`));

test('15 denied calls by one caller within 10 minutes fire once, listing all 15; 14 do not', async () => {
  const fired = await evaluate([burst(15)]);
  expect(new Set(fired.map((o) => o.eventId)).size).toBe(15);
  expect(fired[0]).toMatchObject({ severity: 'medium', subject: ATTACKER, mitre: ['T1580'], dedupKey: `caller:${ATTACKER}` });
  expect(await evaluate([burst(14)])).toEqual([]);
});

test('the window slides over event time: 15 denials spread over more than 10 minutes do not fire', async () => {
  expect(await evaluate([burst(15, 45)])).toEqual([]);
});

test('any service and any denial spelling counts; throttling and successes do not', async () => {
  const mixed = [
    ...burst(10),
    call(320, 'u1', 'UnauthorizedOperation', ATTACKER, 'DescribeInstances'),
    call(330, 'u2', 'Client.UnauthorizedOperation', ATTACKER, 'DescribeInstances'),
    call(340, 'u3', 'AccessDeniedException', ATTACKER, 'DescribeInstances'),
    call(350, 't1', 'ThrottlingException'),
    call(360, 'ok', null),
  ];
  expect(await evaluate([mixed])).toEqual([]);
  const fired = await evaluate([[...mixed, call(370, 'u4', 'AccessDenied', ATTACKER, 'DescribeInstances'), call(380, 'u5')]]);
  expect(new Set(fired.map((o) => o.eventId))).toEqual(new Set([...burst(10).map((e) => e.id), 'u1', 'u2', 'u3', 'u4', 'u5']));
  expect(fired[0]!.evidence).toMatchObject({
    distinctApis: 2,
    sampleApis: 'ec2.amazonaws.com DescribeInstances, s3.amazonaws.com ListBuckets',
  });
});

test('redelivered and out-of-order denials count once, in whatever batches they come', async () => {
  const events = burst(15);
  const inOrder = await evaluate([events]);
  const shuffled = [...events, ...events].reverse();
  const redelivered = await evaluate([shuffled.slice(0, 11), shuffled.slice(11)]);
  expect(new Set(redelivered.map((o) => o.eventId))).toEqual(new Set(inOrder.map((o) => o.eventId)));
});

test('callers are counted apart, and a stage can ignore a scanner or raise the threshold', async () => {
  const other = Array.from({ length: 7 }, (_, i) => call(i * 10, `o${i}`, 'AccessDenied', 'arn:aws:iam::111122223333:user/other'));
  expect(await evaluate([[...burst(8), ...other]])).toEqual([]);
  const ignore = { 'recon-access-denied-burst': { parameters: { ignoredPrincipals: [ATTACKER] } } };
  expect(await evaluate([burst(20)], ignore)).toEqual([]);
  const raised = { 'recon-access-denied-burst': { parameters: { threshold: 25 } } };
  expect(await evaluate([burst(20)], raised)).toEqual([]);
});
