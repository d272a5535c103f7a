import { FindingStore, findingId, windowStart, type Occurrence } from '../../../../shared/findings';
import { startFindingsTable } from '../../../helpers/findingsTable';

let table: Awaited<ReturnType<typeof startFindingsTable>>;
let store: FindingStore;

beforeAll(async () => {
  table = await startFindingsTable('findings-test');
  store = new FindingStore(table.ddb, 'findings-test');
});

afterAll(() => table.close());

function occurrence(eventId: string, eventTime: string, extra: Partial<Occurrence> = {}): Occurrence {
  return {
    detection: 'cloudtrail-stopped-or-deleted',
    severity: 'critical',
    title: 'CloudTrail logging stopped',
    description: 'stopped',
    subject: 'org-trail',
    dedupKey: `111122223333:org-trail:${extra.dedupKey ?? 'a'}`,
    windowMinutes: 60,
    mitre: ['T1562.008'],
    runbook: 'docs/runbooks/cloudtrail-stopped-or-deleted.md',
    eventId,
    eventTime: new Date(eventTime),
    source: 'aws.cloudtrail',
    account: '111122223333',
    region: 'eu-west-1',
    resources: [],
    evidence: { actor: 'alice' },
    ...extra,
  };
}

describe('FindingStore', () => {
  test('the first occurrence opens the finding with a deterministic id', async () => {
    const o = occurrence('e1', '2026-11-20T10:20:00Z', { dedupKey: 'open' });
    const { finding, created } = await store.record(o);
    expect(created).toBe(true);
    expect(finding.id).toBe(findingId(o.detection, o.dedupKey, windowStart(o.eventTime, 60)));
    expect(finding).toMatchObject({
      count: 1,
      eventIds: ['e1'],
      firstSeen: '2026-11-20T10:20:00.000Z',
      window: { start: '2026-11-20T10:00:00.000Z', end: '2026-11-20T11:00:00.000Z' },
    });
  });

  test('later occurrences in the window merge: count, eventIds, first/last seen even out of order', async () => {
    await store.record(occurrence('m1', '2026-11-20T12:30:00Z', { dedupKey: 'merge' }));
    await store.record(occurrence('m2', '2026-11-20T12:50:00Z', { dedupKey: 'merge' }));
    const { finding, created } = await store.record(occurrence('m3', '2026-11-20T12:10:00Z', { dedupKey: 'merge', severity: 'high' }));
    expect(created).toBe(false);
    expect(finding).toMatchObject({
      count: 3,
      eventIds: ['m1', 'm2', 'm3'],
      firstSeen: '2026-11-20T12:10:00.000Z',
      lastSeen: '2026-11-20T12:50:00.000Z',
      severity: 'critical',
    });
  });

  test('an event already recorded changes nothing (a redelivery is not a second occurrence)', async () => {
    await store.record(occurrence('d1', '2026-11-20T14:00:00Z', { dedupKey: 'dup' }));
    const again = await store.record(occurrence('d1', '2026-11-20T14:00:00Z', { dedupKey: 'dup' }));
    expect(again.created).toBe(false);
    expect(again.finding.count).toBe(1);
  });

  test('the next window is another finding', async () => {
    const a = await store.record(occurrence('w1', '2026-11-20T15:59:00Z', { dedupKey: 'window' }));
    const b = await store.record(occurrence('w2', '2026-11-20T16:01:00Z', { dedupKey: 'window' }));
    expect(b.created).toBe(true);
    expect(b.finding.id).not.toBe(a.finding.id);
  });

  test('concurrent occurrences are all counted (conditional writes, no lost update)', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `c${i}`);
    await Promise.all(ids.map((id) => store.record(occurrence(id, '2026-11-20T18:05:00Z', { dedupKey: 'race' }))));
    const o = occurrence('x', '2026-11-20T18:05:00Z', { dedupKey: 'race' });
    const stored = await store.get(findingId(o.detection, o.dedupKey, windowStart(o.eventTime, 60)));
    expect(stored?.count).toBe(8);
    expect([...(stored?.eventIds ?? [])].sort()).toEqual(ids);
  });

  test('takes the caller’s deadline: nothing is written once it has passed', async () => {
    const o = occurrence('late', '2026-11-20T21:00:00Z', { dedupKey: 'late' });
    await expect(store.record(o, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'RetryDeadlineError', reason: 'aborted' });
    await expect(store.record(o, { deadline: Date.now() - 1 })).rejects.toMatchObject({ name: 'RetryDeadlineError', reason: 'deadline' });
    expect(await store.get(findingId(o.detection, o.dedupKey, windowStart(o.eventTime, 60)))).toBeUndefined();
  });

  test('eventIds keep the first 100 while count goes on', async () => {
    for (let i = 0; i < 103; i += 1) await store.record(occurrence(`n${i}`, '2026-11-20T20:00:00Z', { dedupKey: 'many' }));
    const o = occurrence('x', '2026-11-20T20:00:00Z', { dedupKey: 'many' });
    const stored = await store.get(findingId(o.detection, o.dedupKey, windowStart(o.eventTime, 60)));
    expect(stored?.count).toBe(103);
    expect(stored?.eventIds).toHaveLength(100);
  });

  test('a finding stays unannounced until markAnnounced, whatever occurrences come meanwhile', async () => {
    const first = await store.record(occurrence('u1', '2026-11-20T11:10:00Z', { dedupKey: 'announce' }));
    expect(first).toMatchObject({ created: true, unannounced: true });
    // The publication failed and the event is redelivered: the store still says it is unannounced.
    expect(await store.record(occurrence('u1', '2026-11-20T11:10:00Z', { dedupKey: 'announce' }))).toMatchObject({
      created: false,
      unannounced: true,
    });
    expect(await store.record(occurrence('u2', '2026-11-20T11:12:00Z', { dedupKey: 'announce' }))).toMatchObject({ unannounced: true });
    await store.markAnnounced([first.finding.id]);
    const later = await store.record(occurrence('u3', '2026-11-20T11:14:00Z', { dedupKey: 'announce' }));
    expect(later).toMatchObject({ created: false, unannounced: false, finding: { count: 3 } });
    expect(later.finding).not.toHaveProperty('announced');
  });

  test('an announced finding that grows is to be announced again: a higher count and a minute of event time on', async () => {
    const o = (id: string, time: string) => occurrence(id, time, { dedupKey: 'grown' });
    const first = await store.record(o('g1', '2026-11-20T12:10:00Z'));
    expect(first).toMatchObject({ unannounced: true, grown: false });
    await store.markAnnounced([first.finding.id]);
    // Seconds later: grown, but within the minute; a late event (no later lastSeen) neither.
    expect(await store.record(o('g2', '2026-11-20T12:10:30Z'))).toMatchObject({ unannounced: false, grown: false });
    expect(await store.record(o('g0', '2026-11-20T12:09:00Z'))).toMatchObject({ grown: false, finding: { count: 3 } });
    const grown = await store.record(o('g3', '2026-11-20T12:11:00Z'));
    expect(grown).toMatchObject({ unannounced: false, grown: true, finding: { count: 4 } });
    // The publication failed and the event is redelivered: still to be announced; once announced, not.
    expect(await store.record(o('g3', '2026-11-20T12:11:00Z'))).toMatchObject({ grown: true });
    await store.markAnnounced([grown.finding.id]);
    expect(await store.record(o('g3', '2026-11-20T12:11:00Z'))).toMatchObject({ grown: false });
    expect(await store.record(o('g4', '2026-11-20T12:11:40Z'))).toMatchObject({ grown: false, finding: { count: 5 } });
    expect((await store.record(o('g5', '2026-11-20T12:12:00Z'))).finding).not.toHaveProperty('announcedCount');
  });
});

describe('FindingStore: occurrences that report a span, and a window anchor', () => {
  test('firstSeen is the earliest start reported; lastSeen the latest event time', async () => {
    const span = (id: string, from: string, to: string) =>
      occurrence(id, to, { dedupKey: 'span', firstSeen: new Date(from), windowAnchor: new Date('2026-11-22T08:00:00Z') });
    await store.record(span('s2', '2026-11-22T08:20:00Z', '2026-11-22T08:40:00Z'));
    const { finding } = await store.record(span('s1', '2026-11-22T07:55:00Z', '2026-11-22T08:05:00Z'));
    expect(finding).toMatchObject({ count: 2, firstSeen: '2026-11-22T07:55:00.000Z', lastSeen: '2026-11-22T08:40:00.000Z' });
    // A firstSeen after the event time is not a span: the event time stands.
    const odd = await store.record(
      occurrence('s3', '2026-11-22T09:00:00Z', { dedupKey: 'odd', firstSeen: new Date('2026-11-22T10:00:00Z') }),
    );
    expect(odd.finding.firstSeen).toBe('2026-11-22T09:00:00.000Z');
  });

  test('occurrences anchored at one instant share one finding, whatever their event times', async () => {
    const anchored = (id: string, time: string) =>
      occurrence(id, time, { dedupKey: 'anchored', windowAnchor: new Date('2026-11-23T10:59:00Z') });
    const a = await store.record(anchored('a1', '2026-11-23T10:59:30Z'));
    const b = await store.record(anchored('a2', '2026-11-24T18:00:00Z'));
    expect(b.finding.id).toBe(a.finding.id);
    expect(b.finding).toMatchObject({ count: 2, window: { start: '2026-11-23T10:00:00.000Z' }, lastSeen: '2026-11-24T18:00:00.000Z' });
    // Without the anchor, the later event opens a finding of its own window.
    const c = await store.record(occurrence('a3', '2026-11-24T18:00:00Z', { dedupKey: 'anchored' }));
    expect(c.finding.id).not.toBe(a.finding.id);
  });
});

describe('FindingStore: what a finding says does not depend on arrival order', () => {
  const arrivals = [
    occurrence('o1', '2026-11-25T10:10:00Z', { dedupKey: 'order', description: 'first', evidence: { eventName: 'UpdateTrail' } }),
    occurrence('o2', '2026-11-25T10:20:00Z', { dedupKey: 'order', description: 'second', evidence: { eventName: 'StopLogging' } }),
    // The same time as o2: the tie is broken by content, not by who came first.
    occurrence('o3', '2026-11-25T10:20:00Z', { dedupKey: 'order', description: 'third', evidence: { eventName: 'DeleteTrail' } }),
  ];

  test.each([
    ['in order', [0, 1, 2]],
    ['reversed', [2, 1, 0]],
    ['shuffled', [1, 0, 2]],
  ])('%s: the earliest description, the latest evidence', async (_name, order) => {
    const table = await startFindingsTable('findings-order');
    try {
      const ordered = new FindingStore(table.ddb, 'findings-order');
      let last;
      for (const i of order) last = await ordered.record(arrivals[i]!);
      expect(last!.finding).toMatchObject({ count: 3, description: 'first', evidence: { eventName: 'StopLogging' } });
    } finally {
      await table.close();
    }
  });
});

describe('FindingStore: a finding whose occurrences span regions', () => {
  // A stateful group (one principal's sign-in failures, say) may hold events of several regions.
  const arrivals = [
    occurrence('r1', '2026-11-25T10:20:00Z', { dedupKey: 'regions', region: 'us-east-1' }),
    occurrence('r2', '2026-11-25T10:10:00Z', { dedupKey: 'regions', region: 'eu-west-1' }),
    occurrence('r3', '2026-11-25T10:30:00Z', { dedupKey: 'regions', region: 'ap-south-1' }),
    // The same time and description as r2: the tie goes to the smaller region name.
    occurrence('r4', '2026-11-25T10:10:00Z', { dedupKey: 'regions', region: 'ca-central-1' }),
  ];

  test.each([
    ['in order', [0, 1, 2, 3]],
    ['reversed', [3, 2, 1, 0]],
    ['shuffled, one twice', [2, 0, 3, 2, 1]],
  ])("%s: the region is the earliest occurrence's", async (_name, order) => {
    const table = await startFindingsTable('findings-regions');
    try {
      const regions = new FindingStore(table.ddb, 'findings-regions');
      let last;
      for (const i of order) last = (await regions.record(arrivals[i]!)) ?? last;
      const stored = await regions.get(last!.finding.id);
      expect(stored).toMatchObject({ count: 4, region: 'ca-central-1', firstSeen: '2026-11-25T10:10:00.000Z' });
    } finally {
      await table.close();
    }
  });
});

describe('FindingStore.recordAll: one read and one write per finding', () => {
  const burst = (key: string) => [
    occurrence('b1', '2026-11-26T10:20:00Z', { dedupKey: key, description: 'b', region: 'us-east-1' }),
    occurrence('b2', '2026-11-26T10:10:00Z', { dedupKey: key, description: 'a', evidence: { n: 2 } }),
    occurrence('b1', '2026-11-26T10:20:00Z', { dedupKey: key, description: 'b', region: 'us-east-1' }),
    occurrence('b3', '2026-11-26T10:30:00Z', { dedupKey: key, severity: 'high', resources: ['arn:aws:s3:::x'] }),
  ];
  /** The stored finding without what names it (its id and dedup key). */
  const content = async (s: FindingStore, id: string) => {
    const { id: _id, dedupKey: _key, ...rest } = (await s.get(id))!;
    return rest;
  };

  test('stores what recording the occurrences one by one stores, with one conditional write per finding', async () => {
    const sends: string[] = [];
    const counting = new FindingStore(
      {
        send: (command: { constructor: { name: string } }) => {
          sends.push(command.constructor.name);
          return table.ddb.send(command as never);
        },
      } as never,
      'findings-test',
    );
    const other = occurrence('x1', '2026-11-26T10:15:00Z', { dedupKey: 'all-other' });
    const results = await counting.recordAll([...burst('all-folded').slice(0, 2), other, ...burst('all-folded').slice(2)]);
    // One result per finding, in the order of each finding's first occurrence.
    expect(results.map((r) => r.finding.dedupKey)).toEqual(['all-folded', 'all-other']);
    expect(results[0]).toMatchObject({ created: true, unannounced: true, finding: { count: 3 } });
    expect(sends.filter((name) => name === 'PutCommand')).toHaveLength(2);
    expect(sends.filter((name) => name === 'GetCommand')).toHaveLength(2);

    let one;
    for (const o of burst('one-by-one')) one = await store.record(o);
    expect(await content(store, results[0]!.finding.id)).toEqual(await content(store, one!.finding.id));
  });

  test('folds into a stored finding, and a batch of events it already holds changes nothing', async () => {
    const [b1, b2, b1again, b3] = burst('all-stored');
    const first = await store.recordAll([b1!]);
    const [merged] = await store.recordAll([b2!, b1again!, b3!]);
    expect(merged).toMatchObject({ created: false, finding: { id: first[0]!.finding.id, count: 3, severity: 'critical' } });
    const before = await store.get(merged!.finding.id);
    const [again] = await store.recordAll([b3!, b1!]);
    expect(again).toMatchObject({ created: false, finding: { count: 3 } });
    expect((await store.get(merged!.finding.id))?.version).toBe(before?.version);
  });

  test('concurrent batches of one finding are all counted', async () => {
    const batches = Array.from({ length: 4 }, (_, b) =>
      Array.from({ length: 5 }, (_, i) => occurrence(`cb${b}-${i}`, '2026-11-26T18:05:00Z', { dedupKey: 'all-race' })),
    );
    const results = await Promise.all(batches.map((batch) => store.recordAll(batch)));
    expect(await store.get(results[0]![0]!.finding.id)).toMatchObject({ count: 20 });
  });
});
