import { configureRelay } from '../../../../shared/detections';
import type { DetectionOverrides } from '../../../../shared/detections';
import type { Occurrence } from '../../../../shared/findings';
import {
  CrashCheck,
  type CrashEventInput,
  InMemoryCheckCursor,
  InMemoryCrashIssueStore,
  appCrashRateSpike,
  appErrorBurst,
  appNewOrRegressedCrash,
  groupCrash,
} from '../../../../shared/telemetry/crashes';
import type { TelemetryQuery } from '../../../../shared/telemetry/store';

/** The crash check over in-memory state: settled slots only, each once, issue state kept, idempotent occurrence ids. */

const where = { account: '111122223333', region: 'eu-west-1' };
const at = (hhmmss: string) => `2026-11-20T${hhmmss}.000Z`;

function crash(
  id: string,
  time: string,
  opts: { type?: string; handled?: boolean; release?: string; user?: string; session?: string } = {},
) {
  return {
    eventId: id,
    name: opts.handled ? 'app_error' : 'app_crash',
    kind: opts.handled ? 'error' : 'crash',
    timestamp: at(time),
    release: opts.release ?? 'app@1.0.0',
    platform: 'java',
    userPseudonym: opts.user ?? `user:${id}`,
    sessionId: opts.session ?? `s-${id}`,
    exception: {
      values: [
        {
          type: opts.type ?? 'IllegalStateException',
          value: 'not attached',
          mechanism: { type: 'generic', handled: opts.handled ?? false },
          stacktrace: { frames: [{ function: 'onClick', module: 'com.example.app.CardView', in_app: true }] },
        },
      ],
    },
  } satisfies CrashEventInput;
}

const view = (id: string, time: string, session: string, release = 'app@1.0.0'): CrashEventInput => ({
  eventId: id,
  name: 'screen_view',
  kind: 'screen_view',
  timestamp: at(time),
  release,
  platform: 'android',
  userPseudonym: `user:${session}`,
  sessionId: session,
});

/** The store's query, answered from a list: kinds and the inclusive event-time range. */
function source(events: CrashEventInput[]) {
  const reads: TelemetryQuery[] = [];
  const query = (q: TelemetryQuery) => {
    reads.push(q);
    return (async function* () {
      for (const e of events) {
        const t = Date.parse(e.timestamp);
        if (q.kinds && !q.kinds.includes(e.kind as never)) continue;
        if (q.from && t < q.from.getTime()) continue;
        if (q.to && t > q.to.getTime()) continue;
        yield e;
      }
    })();
  };
  return { query, reads };
}

function setup(events: CrashEventInput[], overrides: DetectionOverrides = {}) {
  const recorded: Occurrence[] = [];
  const issues = new InMemoryCrashIssueStore();
  const cursor = new InMemoryCheckCursor();
  const { query, reads } = source(events);
  const check = new CrashCheck({
    detections: {
      rate: configureRelay(appCrashRateSpike, overrides),
      newOrRegressed: configureRelay(appNewOrRegressedCrash, overrides),
      burst: configureRelay(appErrorBurst, overrides),
    },
    events: query,
    issues,
    cursor,
    recorder: {
      async record(occurrences) {
        recorded.push(...occurrences);
        return [];
      },
    },
  });
  return { check, recorded, issues, cursor, reads };
}

const run = (check: CrashCheck, hhmmss: string) => check.run(new Date(at(hhmmss)), where);

test('a new crash group is raised once its slot has settled, with its events, and never again', async () => {
  const events = [crash('c1', '10:02:00'), crash('c2', '10:07:30', { user: 'user:c1' })];
  const { check, recorded, issues } = setup(events);
  // 10:20: the 10:00-10:15 slot is not settled yet (15 minutes after its end).
  expect((await run(check, '10:20:00')).slots).toBe(0);
  expect(recorded).toEqual([]);
  const outcome = await run(check, '10:30:00');
  expect(outcome).toMatchObject({ from: at('10:00:00'), to: at('10:15:00'), slots: 1, newGroups: 1 });
  expect(recorded.map((o) => [o.detection, o.eventId, o.severity, o.eventTime.toISOString(), o.firstSeen?.toISOString()])).toEqual([
    ['app-new-or-regressed-crash', 'c1', 'medium', at('10:07:30'), at('10:02:00')],
    ['app-new-or-regressed-crash', 'c2', 'medium', at('10:07:30'), at('10:02:00')],
  ]);
  expect(recorded[0]!.evidence).toMatchObject({ change: 'new', count: 2, users: 1, firstRelease: 'app@1.0.0' });
  expect(recorded[0]!.dedupKey).toBe(`new:${groupCrash(events[0]!).groupId}`);
  const issue = await issues.issue(groupCrash(events[0]!).groupId);
  expect(issue).toMatchObject({ status: 'unresolved', firstSeen: at('10:02:00'), firstRelease: 'app@1.0.0' });
  // Later runs start at the cursor: the slot is not evaluated again; a later event of the known group is not new.
  events.push(crash('c3', '10:40:00'));
  await run(check, '11:00:00');
  expect(recorded).toHaveLength(2);
});

test('a crash arriving after its slot was judged still opens its new group, once; a late one of a known group opens nothing', async () => {
  const events: CrashEventInput[] = [view('v1', '09:50:00', 's1')];
  const { check, recorded } = setup(events);
  await run(check, '10:30:00');
  expect(recorded).toEqual([]);
  // Sent at the next launch, an hour later: its 10:00-10:15 slot is behind the cursor.
  events.push(crash('late1', '10:05:00'));
  const outcome = await run(check, '11:30:00');
  expect(outcome.newGroups).toBe(1);
  expect(recorded.map((o) => [o.detection, o.eventId, o.firstSeen?.toISOString()])).toEqual([
    ['app-new-or-regressed-crash', 'late1', at('10:05:00')],
  ]);
  // Later runs look over the same late lookback again: the group is known now, nothing is recorded twice,
  // and another late crash of it (in an old slot) is not new either.
  events.push(crash('late2', '10:20:00'));
  await run(check, '11:45:00');
  await run(check, '12:00:00');
  expect(recorded).toHaveLength(1);
});

test('the first run looks back a day; the cursor then moves slot by slot', async () => {
  const { check } = setup([crash('c1', '09:50:00')]);
  const first = await run(check, '10:31:00');
  expect(first).toMatchObject({ from: '2026-11-19T10:15:00.000Z', to: at('10:15:00'), slots: 1, newGroups: 1 });
  expect(await run(check, '10:44:59')).toMatchObject({ from: at('10:15:00'), to: at('10:15:00'), slots: 0 });
  expect(await run(check, '10:45:00')).toMatchObject({ from: at('10:15:00'), to: at('10:30:00') });
});

test('a run that failed before moving its cursor is redone with the same occurrence ids', async () => {
  const events = [crash('c1', '10:02:00')];
  const a = setup(events);
  await run(a.check, '10:30:00');
  // Same issue state (the group was recorded), cursor not moved: what a run that died after its writes leaves.
  const b = setup(events);
  await b.issues.seen({ groupId: groupCrash(events[0]!).groupId, firstSeen: at('10:02:00'), firstRelease: 'app@1.0.0', title: 't' });
  await run(b.check, '10:30:00');
  expect(b.recorded.map((o) => [o.eventId, o.dedupKey])).toEqual(a.recorded.map((o) => [o.eventId, o.dedupKey]));
});

test('a resolved group seen again is regressed (high) and unresolved again; an ignored one never fires', async () => {
  const events = [crash('c1', '10:02:00'), crash('e1', '10:03:00', { type: 'TimeoutException' })];
  const { check, recorded, issues } = setup(events);
  await run(check, '10:30:00');
  const crashGroup = groupCrash(events[0]!).groupId;
  const otherGroup = groupCrash(events[1]!).groupId;
  await issues.resolve(crashGroup, new Date(at('10:20:00')));
  await issues.ignore(otherGroup);
  events.push(crash('c2', '10:31:00'), crash('e2', '10:32:00', { type: 'TimeoutException' }));
  const outcome = await run(check, '11:00:00');
  expect(outcome.regressions).toBe(1);
  const regressed = recorded.filter((o) => o.evidence.change === 'regressed');
  expect(regressed.map((o) => [o.subject, o.severity, o.dedupKey, o.eventId])).toEqual([
    [crashGroup, 'high', `regressed:${crashGroup}:${at('10:20:00')}`, 'c2'],
  ]);
  expect(await issues.issue(crashGroup)).toMatchObject({ status: 'unresolved', regressedAt: at('10:31:00') });
  expect((await issues.issue(crashGroup))?.resolvedAt).toBeUndefined();
  // Unresolved again: a later event raises nothing more.
  events.push(crash('c3', '11:01:00'));
  await run(check, '11:30:00');
  expect(recorded.filter((o) => o.evidence.change === 'regressed')).toHaveLength(1);
});

test('resolve and ignore refuse a group the check never saw', async () => {
  const { issues } = setup([]);
  await expect(issues.resolve('0'.repeat(32), new Date())).rejects.toThrow(/no known crash group/);
  await expect(issues.ignore('0'.repeat(32))).rejects.toThrow(/no known crash group/);
});

test('an error burst is raised by its window start; a crash-rate drop per release and slot', async () => {
  const errors = Array.from({ length: 12 }, (_, i) =>
    crash(`e${i}`, `10:${String(1 + i).padStart(2, '0')}:00`, { handled: true, user: `user:${i}`, type: 'TimeoutException' }),
  );
  const sessions = Array.from({ length: 10 }, (_, i) => view(`v${i}`, `10:0${i}:30`, `s-${i}`));
  const crashes = [crash('c1', '10:05:00', { session: 's-1' }), crash('c2', '10:06:00', { session: 's-2' })];
  const overrides: DetectionOverrides = {
    'app-error-burst': { parameters: { minEvents: 10, minUsers: 5 } },
    'app-crash-rate-spike': { parameters: { minSessions: 5 } },
    'app-new-or-regressed-crash': { enabled: false },
  };
  const { check, recorded } = setup([...errors, ...sessions, ...crashes], overrides);
  await run(check, '10:45:00');
  const burst = recorded.filter((o) => o.detection === 'app-error-burst');
  const group = groupCrash(errors[0]!).groupId;
  expect(burst.map((o) => [o.eventId, o.firstSeen?.toISOString()])).toEqual([[`burst:${group}:${at('10:01:00')}`, at('10:01:00')]]);
  const rate = recorded.filter((o) => o.detection === 'app-crash-rate-spike');
  // The 10:00-10:15 slot: 2 of 12 sessions crashed (83.33 %), below 99 % and over 95 %'s critical line.
  expect(rate.map((o) => [o.eventId, o.subject, o.severity])).toEqual([[`rate:app@1.0.0:${at('10:15:00')}`, 'app@1.0.0', 'critical']]);
  expect(recorded.some((o) => o.detection === 'app-new-or-regressed-crash')).toBe(false);
});

/** The same event as received by the bus at `hhmmss` (its batch's envelope time). */
const receivedAt = <E extends CrashEventInput>(event: E, hhmmss: string): E => ({ ...event, receivedAt: at(hhmmss) });

test('errors sent late (after their slot was judged) still raise app-error-burst, once, on the run that first sees them', async () => {
  // A burst at 10:01-10:12 whose errors the app uploads at its next launch, at 11:40.
  const errors = Array.from({ length: 12 }, (_, i) =>
    receivedAt(
      crash(`e${i}`, `10:${String(1 + i).padStart(2, '0')}:00`, { handled: true, user: `user:${i}`, type: 'TimeoutException' }),
      '11:40:00',
    ),
  );
  const overrides: DetectionOverrides = {
    'app-error-burst': { parameters: { minEvents: 10, minUsers: 5 } },
    'app-new-or-regressed-crash': { enabled: false },
  };
  const events: CrashEventInput[] = [receivedAt(view('v0', '09:50:00', 's-0'), '09:50:05')];
  const { check, recorded } = setup(events, overrides);
  await run(check, '10:30:00');
  await run(check, '11:30:00');
  expect(recorded).toEqual([]);
  events.push(...errors);
  // 11:45: the horizon is 11:30, before their receipt: this run does not see them yet; 12:00 (horizon 11:45) does.
  expect(await run(check, '11:45:00')).toMatchObject({ lateEvents: 0, lateSlots: 0 });
  expect(recorded).toEqual([]);
  const outcome = await run(check, '12:00:00');
  expect(outcome).toMatchObject({ lateEvents: 12, lateSlots: 1 });
  const group = groupCrash(errors[0]!).groupId;
  expect(recorded.map((o) => [o.detection, o.eventId])).toEqual([['app-error-burst', `burst:${group}:${at('10:01:00')}`]]);
  // Later runs do not judge those slots again: the late events were first seen by the 12:00 run.
  expect(await run(check, '12:15:00')).toMatchObject({ lateEvents: 0, lateSlots: 0 });
  expect(recorded).toHaveLength(1);
});

test('crashes sent late lower the crash-free rate of their slot: app-crash-rate-spike fires late, the same occurrence', async () => {
  const overrides: DetectionOverrides = {
    'app-crash-rate-spike': { parameters: { minSessions: 5 } },
    'app-new-or-regressed-crash': { enabled: false },
    'app-error-burst': { enabled: false },
  };
  const sessions = Array.from({ length: 10 }, (_, i) => receivedAt(view(`v${i}`, `10:0${i}:30`, `s-${i}`), `10:0${i}:40`));
  const crashes = [crash('c1', '10:05:00', { session: 's-1' }), crash('c2', '10:06:00', { session: 's-2' })];
  // On time, the rate drop fires at 10:45 (the first test above); sent an hour late, the run that first sees them.
  const onTime = setup([...sessions, ...crashes.map((c) => receivedAt(c, '10:06:10'))], overrides);
  await run(onTime.check, '10:45:00');
  const events: CrashEventInput[] = [...sessions];
  const late = setup(events, overrides);
  await run(late.check, '10:45:00');
  expect(late.recorded).toEqual([]);
  events.push(...crashes.map((c) => receivedAt(c, '11:05:00')));
  await run(late.check, '11:45:00');
  const rate = (o: Occurrence[]) => o.filter((x) => x.detection === 'app-crash-rate-spike').map((x) => [x.eventId, x.severity]);
  expect(rate(late.recorded)).toEqual(rate(onTime.recorded));
  expect(rate(late.recorded)).toEqual([[`rate:app@1.0.0:${at('10:15:00')}`, 'critical']]);
});

test('late events give the same occurrences whatever order they reach the store in, duplicated or not', async () => {
  const overrides: DetectionOverrides = { 'app-error-burst': { parameters: { minEvents: 10, minUsers: 5 } } };
  const errors = Array.from({ length: 12 }, (_, i) =>
    receivedAt(
      crash(`e${i}`, `10:${String(1 + i).padStart(2, '0')}:00`, { handled: true, user: `user:${i}`, type: 'TimeoutException' }),
      `11:${String(31 + i)}:00`,
    ),
  );
  const runAll = async (arriving: CrashEventInput[]) => {
    const events: CrashEventInput[] = [];
    const { check, recorded } = setup(events, overrides);
    await run(check, '10:30:00');
    // Each arrives by its receipt; the runs every 15 minutes see what has arrived.
    for (const time of ['11:45:00', '12:00:00', '12:15:00', '12:30:00']) {
      events.push(...arriving.filter((e) => e.receivedAt! <= at(time) && !events.includes(e)));
      await run(check, time);
    }
    return recorded.map((o) => `${o.detection}|${o.eventId}`).sort();
  };
  const clean = await runAll(errors);
  const shuffled = await runAll([...errors, ...errors].reverse());
  expect(clean.some((k) => k.startsWith('app-error-burst|'))).toBe(true);
  expect(shuffled).toEqual(clean);
});

test('reads are bounded: crash and error kinds over the lookback, other kinds only over the rate window', async () => {
  const { check, reads } = setup([crash('c1', '10:02:00')]);
  await run(check, '10:30:00');
  const [grouped, others] = reads;
  expect(grouped!.kinds).toEqual(['error', 'crash']);
  expect(grouped!.to?.toISOString()).toBe('2026-11-20T10:14:59.999Z');
  expect(others!.kinds).not.toContain('crash');
  // The rate window (60 minutes) before the first slot evaluated.
  expect(others!.from?.toISOString()).toBe('2026-11-19T09:15:00.000Z');
});
