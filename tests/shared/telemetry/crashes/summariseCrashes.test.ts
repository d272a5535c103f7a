import { type CrashEventInput, MAX_GROUP_EVENT_IDS, summariseCrashes } from '../../../../shared/telemetry/crashes';
import { crashEvent, loadPayloads } from './conformancePayloads';

const [chrome, , firefox] = loadPayloads('javascript-browsers.json');
const goPanic = loadPayloads('go-panic.json')[0]!;
const R1 = 'com.example.vigilbank@4.12.0+4120031';
const R2 = 'com.example.vigilbank@4.13.0+4130007';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();

/** A session's ordinary event (what counts a session and a user of a release). */
function view(i: number, release: string, minute = 0): CrashEventInput {
  return {
    eventId: `view-${release}-${i}`,
    name: 'screen_view',
    kind: 'screen_view',
    timestamp: at(minute),
    release,
    sessionId: `s-${release}-${i}`,
    userPseudonym: `p-${i % 7}`,
    properties: { screen: 'home' },
  };
}

function fixture(): CrashEventInput[] {
  const events: CrashEventInput[] = [];
  for (let i = 0; i < 20; i++) events.push(view(i, R1), view(i, R2, 30));
  // R1: two sessions crash on the browser TypeError (one from Chrome, one from Firefox), one handled Go error.
  events.push(crashEvent(chrome!, { eventId: 'c1', release: R1, sessionId: `s-${R1}-1`, userPseudonym: 'p-1', timestamp: at(5) }));
  events.push(crashEvent(firefox!, { eventId: 'c2', release: R1, sessionId: `s-${R1}-2`, userPseudonym: 'p-2', timestamp: at(3) }));
  // R2: the same TypeError again (one session), and the Go panic in two sessions of one user.
  events.push(crashEvent(chrome!, { eventId: 'c3', release: R2, sessionId: `s-${R2}-3`, userPseudonym: 'p-3', timestamp: at(40) }));
  events.push(crashEvent(goPanic, { eventId: 'g1', release: R2, sessionId: `s-${R2}-4`, userPseudonym: 'p-4', timestamp: at(41) }));
  events.push(crashEvent(goPanic, { eventId: 'g2', release: R2, sessionId: `s-${R2}-5`, userPseudonym: 'p-4', timestamp: at(42) }));
  return events;
}

test('groups with counts, users, first and last release, event ids by event time; crash-free sessions and users per release', async () => {
  const summary = await summariseCrashes(fixture());
  expect(summary.groups.map((g) => [g.title.split(':')[0], g.count, g.crashes, g.users, g.releases, g.eventIds])).toEqual([
    ['TypeError', 3, 3, 3, { first: R1, last: R2 }, ['c2', 'c1', 'c3']],
    ['runtime.boundsError', 2, 2, 1, { first: R2, last: R2 }, ['g1', 'g2']],
  ]);
  const typeError = summary.groups[0]!;
  expect(typeError.title).toBe('TypeError: can\'t access property "expiry", card is undefined');
  expect(typeError.byRelease.map((b) => [b.release, b.count])).toEqual([
    [R1, 2],
    [R2, 1],
  ]);
  expect(summary.releases.map((r) => [r.release, r.sessions, r.crashedSessions, r.crashFreeSessions, r.users, r.crashedUsers])).toEqual([
    [R1, 20, 2, 0.9, 7, 2],
    [R2, 20, 3, 0.85, 7, 2],
  ]);
  expect(summary.releases[0]!.crashFreeUsers).toBeCloseTo(5 / 7);
});

test('duplicates (at-least-once delivery) count once and the order of arrival changes nothing', async () => {
  const events = fixture();
  const shuffled = [...events, ...events.slice(0, 10), ...events.slice(-3)].reverse();
  const once = await summariseCrashes(events);
  const again = await summariseCrashes(shuffled);
  expect(again.groups).toEqual(once.groups);
  expect(again.releases).toEqual(once.releases);
  expect(again.events).toEqual({ read: events.length, duplicates: 13, invalid: 0 });
});

test('an AsyncIterable source and the release filter', async () => {
  async function* source() {
    yield* fixture();
  }
  const summary = await summariseCrashes(source(), { release: R2 });
  expect(summary.releases.map((r) => r.release)).toEqual([R2]);
  expect(summary.groups.map((g) => [g.count, g.releases.first])).toEqual([
    [2, R2],
    [1, R2],
  ]);
});

test('a handled error is an error, not a crash: crash-free rates stay; events with bad times are counted, not used', async () => {
  const nsError = loadPayloads('ios-nserror.json')[0]!;
  const summary = await summariseCrashes([
    view(1, R1),
    crashEvent(nsError, { eventId: 'e1', release: R1, sessionId: `s-${R1}-1`, userPseudonym: 'p-1' }),
    { ...view(2, R1), timestamp: 'not a time' },
  ]);
  expect(summary.groups.map((g) => [g.crashes, g.errors])).toEqual([[0, 1]]);
  expect(summary.releases.map((r) => [r.crashedSessions, r.crashFreeSessions, r.errors])).toEqual([[0, 1, 1]]);
  expect(summary.events.invalid).toBe(1);
});

test('a group lists its first 100 event ids by event time, whatever the arrival order', async () => {
  const events = Array.from({ length: 250 }, (_, i) =>
    crashEvent(goPanic, { eventId: `g-${String(i).padStart(3, '0')}`, timestamp: new Date(Date.UTC(2026, 10, 20, 0, 0, i)).toISOString() }),
  );
  const summary = await summariseCrashes([...events].reverse());
  const ids = summary.groups[0]!.eventIds;
  expect(ids).toHaveLength(MAX_GROUP_EVENT_IDS);
  expect(ids[0]).toBe('g-000');
  expect(ids[99]).toBe('g-099');
  expect(summary.groups[0]!.count).toBe(250);
});

test('schemaVersion 1 crashes group on the client fingerprint; other error events on their name and properties', async () => {
  const v1 = (id: string, fingerprint: string): CrashEventInput => ({
    eventId: id,
    name: 'app_crash',
    kind: 'crash',
    timestamp: at(1),
    release: R1,
    properties: { exceptionType: 'EXC_BAD_ACCESS', signal: 'SIGSEGV', fingerprint, handled: false },
  });
  const network = (id: string, errorCode: string): CrashEventInput => ({
    eventId: id,
    name: 'network_error',
    kind: 'error',
    timestamp: at(2),
    release: R1,
    properties: { route: '/v2/cards/freeze', errorCode, handled: true },
  });
  const summary = await summariseCrashes([
    v1('a', 'f'.repeat(40)),
    v1('b', 'f'.repeat(40)),
    v1('c', 'e'.repeat(40)),
    network('n1', 'ETIMEDOUT'),
  ]);
  const rows = summary.groups.map((g) => [g.count, g.crashes, g.basis, g.title]);
  expect(rows[0]).toEqual([2, 2, 'event', 'EXC_BAD_ACCESS']);
  expect(rows.slice(1)).toEqual(
    expect.arrayContaining([
      [1, 1, 'event', 'EXC_BAD_ACCESS'],
      [1, 0, 'event', 'network_error: ETIMEDOUT /v2/cards/freeze'],
    ]),
  );
  expect(rows).toHaveLength(3);
});
