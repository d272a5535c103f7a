import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import type { Finding } from '../../shared/findings';

/**
 * The crash detections end to end through `vigil replay` (the crash check on event time, over the
 * telemetry store): a capture raises a new crash group, a crash-free-rate drop and an error burst, and the
 * same capture with every batch delivered twice and shuffled within 5 minutes (bounded lateness, under the
 * check's 15-minute settle time) gives the same findings: ids, counts, firstSeen, lastSeen.
 */
const dir = mkdtempSync(join(tmpdir(), 'vigil-crashes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MINUTE = 60_000;
const START = Date.parse('2026-11-20T10:00:00.000Z');
let counter = 0;
const uuid = () => `3f9b2c7e-5a1d-4e8c-9b06-${(++counter).toString(16).padStart(12, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();

const frames = (fn: string) => ({
  frames: [
    { function: 'dispatchMessage', module: 'android.os.Handler', filename: 'Handler.java', lineno: 99, in_app: false },
    {
      function: fn,
      module: 'com.example.vigilbank.cards.CardDetailsFragment',
      filename: 'CardDetailsFragment.kt',
      lineno: 88,
      in_app: true,
    },
  ],
});

function crashEvent(time: number, session: string, user: string, type: string, fn: string) {
  return {
    eventId: uuid(),
    name: 'app_crash',
    kind: 'crash',
    version: 2,
    timestamp: iso(time),
    sessionId: session,
    userId: user,
    platform: 'java',
    exception: {
      values: [{ type, value: 'boom', mechanism: { type: 'UncaughtExceptionHandler', handled: false }, stacktrace: frames(fn) }],
    },
  };
}

function errorEvent(time: number, session: string, user: string) {
  return {
    eventId: uuid(),
    name: 'app_error',
    kind: 'error',
    timestamp: iso(time),
    sessionId: session,
    userId: user,
    platform: 'java',
    exception: {
      values: [
        {
          type: 'SocketTimeoutException',
          value: 'timeout',
          mechanism: { type: 'generic', handled: true },
          stacktrace: frames('loadLimits'),
        },
      ],
    },
  };
}

const screenView = (time: number, session: string, user: string) => ({
  eventId: uuid(),
  name: 'screen_view',
  kind: 'screen_view',
  timestamp: iso(time),
  sessionId: session,
  userId: user,
  properties: { screen: 'CardDetails' },
});

/** One batch per session step: sent 30 s after its event, as an app flushes. */
function batch(event: { timestamp: string }) {
  const sent = Date.parse(event.timestamp) + 30_000;
  return {
    version: '0',
    id: uuid(),
    'detail-type': 'App Telemetry Batch',
    source: 'vigil.app',
    account: '111122223333',
    time: new Date(sent).toISOString().replace('.000Z', 'Z'),
    region: 'eu-west-1',
    resources: [],
    detail: {
      schemaVersion: 2,
      batchId: uuid(),
      app: { id: 'com.example.vigilbank', platform: 'android', version: '4.13.0', build: '41300002' },
      device: { os: 'Android', osVersion: '15', model: 'Pixel 8', locale: 'en-GB' },
      sentAt: iso(sent),
      events: [event],
    },
  };
}

type Batch = ReturnType<typeof batch>;

// 80 sessions over 10:00-11:20, a screen view each; 16 of them crash (three crash groups, the last first seen at
// 10:47): crash-free sessions about 84 % in every hour. 60 handled timeouts from 12 users at 10:30-10:44: a burst.
const events: Array<{ timestamp: string }> = [];
for (let i = 0; i < 80; i++) {
  const t = START + i * MINUTE + 5_000;
  const session = `0b7d4e2a-6c3f-4a58-9e17-${String(i).padStart(12, '0')}`;
  const user = `u_${String(i).padStart(26, 'A')}`;
  events.push(screenView(t, session, user));
  if (i % 10 === 3) events.push(crashEvent(t + 20_000, session, user, 'IllegalStateException', 'onAttach'));
  if (i % 10 === 7) events.push(crashEvent(t + 20_000, session, user, i < 40 ? 'IllegalStateException' : 'NullPointerException', 'bind'));
}
for (let i = 0; i < 60; i++)
  events.push(errorEvent(START + 30 * MINUTE + i * 14_000, `s-burst-${i % 12}`, `u_${String(i % 12).padStart(26, 'B')}`));
// Later telemetry, so the last slots settle before the capture ends.
events.push(screenView(START + 150 * MINUTE, 'c1a2b3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', `u_${'C'.repeat(26)}`));
const inOrder: Batch[] = events.map(batch).sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));

/** Every batch twice, each displaced by less than 5 minutes of event time (a fixed LCG, so a failure is reproducible). */
function duplicatedShuffled(batches: readonly Batch[], seed: number): Batch[] {
  let state = seed;
  const jitter = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return (state % 300) * 1000;
  };
  return [...batches, ...batches]
    .map((b) => ({ b, key: Date.parse(b.time) + jitter() }))
    .sort((x, y) => x.key - y.key)
    .map((x) => x.b);
}

async function replay(name: string, batches: readonly Batch[]) {
  const capture = join(dir, `${name}.jsonl`);
  writeFileSync(capture, batches.map((b) => JSON.stringify(b)).join('\n'));
  const out = join(dir, name);
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  const summary = await runReplay({ inputs: [capture], outDir: out, config: parseLocalConfig({ batchSize: 7 }) });
  const findings = readFileSync(join(out, 'findings.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Finding)
    .filter((f) => f.detection.startsWith('app-'));
  return { summary, findings };
}

const brief = (findings: readonly Finding[]) =>
  findings
    .map((f) => ({
      id: f.id,
      detection: f.detection,
      subject: f.subject,
      severity: f.severity,
      count: f.count,
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
      eventIds: [...f.eventIds].sort(),
      evidence: f.evidence,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

let expected: ReturnType<typeof brief>;

test('a capture raises the new crash groups, the crash-free-rate drop and the error burst', async () => {
  const { summary, findings } = await replay('in-order', inOrder);
  expect(summary.telemetry.events).toEqual({ accepted: events.length, quarantined: 0 });
  expect(summary.invocations.crashCheck).toBeGreaterThan(0);
  const got = brief(findings);
  const byDetection = (id: string) => got.filter((f) => f.detection === id);
  const created = byDetection('app-new-or-regressed-crash');
  // Three groups (the in-app function is part of the group): each raised with its events in the slot it was first seen in.
  expect(created.map((f) => [f.evidence.title, f.count, f.firstSeen, f.lastSeen]).sort()).toEqual([
    ['IllegalStateException: boom', 1, '2026-11-20T10:07:25.000Z', '2026-11-20T10:07:25.000Z'],
    ['IllegalStateException: boom', 2, '2026-11-20T10:03:25.000Z', '2026-11-20T10:13:25.000Z'],
    ['NullPointerException: boom', 2, '2026-11-20T10:47:25.000Z', '2026-11-20T10:57:25.000Z'],
  ]);
  const burst = byDetection('app-error-burst');
  expect(burst.map((f) => [f.evidence.title, f.evidence.windowStart, f.evidence.events, f.evidence.users])).toEqual([
    ['SocketTimeoutException: timeout', '2026-11-20T10:30:00.000Z', 60, 12],
  ]);
  const rate = byDetection('app-crash-rate-spike');
  // One occurrence per settled slot holding a crash once the hour holds minSessions (50): 10:45, 11:00, 11:15, 11:30.
  expect(rate.map((f) => [f.subject, f.severity, f.count])).toEqual([['com.example.vigilbank@4.13.0+41300002', 'critical', 4]]);
  expected = got;
}, 120_000);

test('every batch delivered twice and shuffled within 5 minutes: the same findings', async () => {
  const { findings } = await replay('twice-shuffled', duplicatedShuffled(inOrder, 11));
  expect(brief(findings)).toEqual(expected);
}, 120_000);
