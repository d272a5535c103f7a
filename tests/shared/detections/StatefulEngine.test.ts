import {
  DETECTIONS,
  DetectionEngine,
  InMemoryDetectionStateStore,
  StatefulEngine,
  type CloudTrailEnvelope,
} from '../../../shared/detections';
import { windowStart } from '../../../shared/findings';
import type { Occurrence } from '../../../shared/findings/occurrence';
import { consoleLogin, failuresAt } from './consoleLoginEvents';

/**
 * The detections these tests are about. The engine's state retention is the longest horizon of the
 * detections it runs, and other console-sign-in detections read the same events and write their own
 * state: with the whole registry, the writes and expiry asserted here would change whenever a
 * stateful detection is added. Each of those has its own tests.
 */
const ABOUT = ['console-bruteforce-per-user', 'bruteforce-then-success'];

function setup(overrides = {}) {
  const engine = new DetectionEngine(
    DETECTIONS.filter((d) => ABOUT.includes(d.definition.id)),
    overrides,
  );
  const store = new InMemoryDetectionStateStore();
  return { store, stateful: new StatefulEngine(engine, store, { now: () => Date.parse('2026-11-20T00:00:00Z') }) };
}

/** What FindingStore would make of the occurrences: per finding (detection, dedup key, window), the set of event ids. */
function findings(occurrences: readonly Occurrence[]): Record<string, string[]> {
  const byFinding: Record<string, Set<string>> = {};
  for (const o of occurrences) {
    const id = `${o.detection} ${o.dedupKey} ${windowStart(o.eventTime, o.windowMinutes).toISOString()}`;
    (byFinding[id] ??= new Set()).add(o.eventId);
  }
  return Object.fromEntries(
    Object.entries(byFinding)
      .map(([id, ids]) => [id, [...ids].sort()])
      .sort(),
  );
}

async function run(batches: readonly (readonly CloudTrailEnvelope[])[], overrides = {}) {
  const { stateful, store } = setup(overrides);
  const occurrences: Occurrence[] = [];
  for (const batch of batches) occurrences.push(...(await stateful.evaluate(batch)).occurrences);
  return { result: findings(occurrences), occurrences, store };
}

const burst = failuresAt(['00:10', '01:20', '03:30', '05:40', '07:50', '08:00']);
const success = consoleLogin('Success', '2026-11-20T10:20:00Z', 's1');
const user = 'user:arn:aws:iam::111122223333:user/k.tanaka';

test('five failures within 15 minutes raise the bruteforce on all of them; the success after it raises the sequence', async () => {
  const { result } = await run([[...burst, success]]);
  expect(result).toEqual({
    [`bruteforce-then-success ${user} 2026-11-20T10:00:00.000Z`]: ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 's1'],
    [`console-bruteforce-per-user ${user} 2026-11-20T10:00:00.000Z`]: ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'],
  });
});

test('four failures raise nothing, and a success after them is no sequence', async () => {
  const { result } = await run([[...burst.slice(0, 4), success]]);
  expect(result).toEqual({});
});

test('five failures spread over more than 15 minutes are no burst', async () => {
  const spread = failuresAt(['00:00', '04:00', '08:00', '12:00', '16:00']);
  expect((await run([spread])).result).toEqual({});
});

test('a success more than 30 minutes after the threshold was reached is no sequence', async () => {
  const late = consoleLogin('Success', '2026-11-20T10:37:51Z', 's-late');
  const { result } = await run([[...burst.slice(0, 5), late]]);
  expect(Object.keys(result)).toEqual([`console-bruteforce-per-user ${user} 2026-11-20T10:00:00.000Z`]);
});

test('a success before the failures is no sequence', async () => {
  const early = consoleLogin('Success', '2026-11-20T09:59:00Z', 's-early');
  const { result } = await run([[early, ...burst]]);
  expect(Object.keys(result)).toEqual([`console-bruteforce-per-user ${user} 2026-11-20T10:00:00.000Z`]);
});

test('the same findings whatever the arrival order, the batch boundaries and the redeliveries', async () => {
  const all = [...burst, success];
  const expected = (await run([all])).result;
  const reversed = [...all].reverse();
  // The success first, in its own batch, then the failures one by one: the sequence must still be found.
  expect((await run([[success], ...burst.map((e) => [e])])).result).toEqual(expected);
  expect((await run(reversed.map((e) => [e]))).result).toEqual(expected);
  expect((await run([[...all, ...all]])).result).toEqual(expected);
  expect((await run([all, reversed, all.slice(2, 5)])).result).toEqual(expected);
  expect((await run([reversed.slice(0, 3), [...reversed.slice(3), ...all.slice(0, 2)]])).result).toEqual(expected);
});

test('one state write per detection, key and minute bucket per batch, whatever the number of events', async () => {
  const sameMinute = failuresAt(['02:00', '02:10', '02:20', '02:30', '02:40', '02:50']);
  const { store } = await run([[...sameMinute, ...sameMinute]]);
  expect(store.writes).toHaveLength(1);
  expect(store.writes[0]).toMatchObject({ stream: 'console-bruteforce-per-user', key: user, bucket: '2026-11-20T10:02' });
  expect(store.writes[0]!.members).toHaveLength(6);
});

test('state expires one day after its horizon (the sequence: 30 + 15 minutes), counted from the bucket', async () => {
  const { store } = await run([burst.slice(0, 1)]);
  expect(store.writes[0]!.expiresAt).toBe(Date.parse('2026-11-20T10:00:00Z') / 1000 + 45 * 60 + 86_400);
});

test('ignored principals are not counted', async () => {
  const overrides = { 'console-bruteforce-per-user': { parameters: { ignoredPrincipals: ['k.tanaka'] } } };
  const { result, store } = await run([[...burst, success]], overrides);
  expect(result).toEqual({});
  expect(store.writes.map((w) => w.stream)).toEqual(['bruteforce-then-success']);
});

test('a redelivered failure does not count twice towards the threshold', async () => {
  const four = burst.slice(0, 4);
  const { result } = await run([four, [four[0]!], [four[1]!, four[2]!]]);
  expect(result).toEqual({});
});

test('Root failures raise it to high; other users stay medium', async () => {
  const root = failuresAt(['00:00', '00:05', '00:10', '00:15', '00:20'], {
    type: 'Root',
    arn: 'arn:aws:iam::111122223333:root',
    userName: 'root',
  });
  const { occurrences } = await run([root, burst]);
  const bySubject = new Map(occurrences.filter((o) => o.detection === 'console-bruteforce-per-user').map((o) => [o.subject, o.severity]));
  expect(bySubject.get('arn:aws:iam::111122223333:root')).toBe('high');
  expect(bySubject.get('arn:aws:iam::111122223333:user/k.tanaka')).toBe('medium');
});

test('failures of different users are counted apart', async () => {
  const alice = failuresAt(['00:00', '00:10', '00:20'], { userName: 'alice' });
  const bob = failuresAt(['00:30', '00:40'], { userName: 'bob' }).map((e) => ({ ...e, id: `bob-${e.id}` }));
  expect((await run([[...alice, ...bob]])).result).toEqual({});
});

test('parameters from the overrides change the decision', async () => {
  const { result } = await run([burst.slice(0, 3)], { 'console-bruteforce-per-user': { parameters: { threshold: 3 } } });
  expect(result[`console-bruteforce-per-user ${user} 2026-11-20T10:00:00.000Z`]).toEqual(['f1', 'f2', 'f3']);
});

test('the sequence still works while the bruteforce detection itself is disabled; a disabled sequence keeps no state', async () => {
  const { result } = await run([[...burst, success]], { 'console-bruteforce-per-user': { enabled: false } });
  expect(Object.keys(result)).toEqual([`bruteforce-then-success ${user} 2026-11-20T10:00:00.000Z`]);
  const both = await run([[...burst, success]], {
    'console-bruteforce-per-user': { enabled: false },
    'bruteforce-then-success': { enabled: false },
  });
  expect(both.result).toEqual({});
  expect(both.store.writes).toEqual([]);
});

test('events no stateful trigger matches write nothing', async () => {
  const { store, result } = await run([
    [consoleLogin('Success', '2026-11-20T10:00:00Z', 'lonely')].map((e) => ({ ...e, source: 'aws.cloudtrail' })),
  ]);
  expect(result).toEqual({});
  expect(store.writes).toEqual([]);
});

/** The event as CloudTrail records it in another region (the envelope's region follows, as EventBridge sets it). */
const inRegion = (event: CloudTrailEnvelope, region: string): CloudTrailEnvelope => ({
  ...event,
  region,
  detail: { ...event.detail, awsRegion: region },
});

test("each occurrence of a stateful finding carries its event's region (a group spanning regions: each its own)", async () => {
  const spanning = burst.map((e, i) => inRegion(e, i < 3 ? 'eu-west-1' : 'us-east-1'));
  const { occurrences } = await run([[...spanning].reverse()]);
  const regions = occurrences.filter((o) => o.detection === 'console-bruteforce-per-user').map((o) => [o.eventId, o.region]);
  expect(regions.sort()).toEqual([
    ['f1', 'eu-west-1'],
    ['f2', 'eu-west-1'],
    ['f3', 'eu-west-1'],
    ['f4', 'us-east-1'],
    ['f5', 'us-east-1'],
    ['f6', 'us-east-1'],
  ]);
});

test('members stored before they recorded their region still count, once each, when their events come again', async () => {
  const { stateful, store } = setup();
  const bucketOf = (e: CloudTrailEnvelope) => e.detail.eventTime!.slice(0, 16);
  // What an earlier version stored for f1..f4: `<time>|<event id>|<value>`, no region.
  for (const e of burst.slice(0, 4)) {
    const time = new Date(e.detail.eventTime!).toISOString();
    await store.add({
      stream: 'console-bruteforce-per-user',
      key: user,
      bucket: bucketOf(e),
      members: [`${time}|${e.id}|`],
      expiresAt: 1e10,
    });
  }
  const { occurrences } = await stateful.evaluate(burst.map((e) => inRegion(e, 'eu-west-1')));
  const bruteforce = occurrences.filter((o) => o.detection === 'console-bruteforce-per-user');
  expect(bruteforce.map((o) => o.eventId).sort()).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
  expect(new Set(bruteforce.map((o) => o.region))).toEqual(new Set(['eu-west-1']));
});

test('old stored members alone (no region) still decide: the finding is raised, with no region to name', async () => {
  const { stateful, store } = setup();
  for (const e of burst.slice(0, 5)) {
    const time = new Date(e.detail.eventTime!).toISOString();
    await store.add({
      stream: 'console-bruteforce-per-user',
      key: user,
      bucket: time.slice(0, 16),
      members: [`${time}|${e.id}|`],
      expiresAt: 1e10,
    });
  }
  const { occurrences } = await stateful.evaluate([burst[5]!]);
  const bruteforce = occurrences.filter((o) => o.detection === 'console-bruteforce-per-user');
  expect(bruteforce.map((o) => [o.eventId, o.region]).sort()).toEqual([
    ['f1', ''],
    ['f2', ''],
    ['f3', ''],
    ['f4', ''],
    ['f5', ''],
    ['f6', burst[5]!.detail.awsRegion],
  ]);
});
