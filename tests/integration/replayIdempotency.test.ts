import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import { DETECTIONS } from '../../shared/detections';

/** The capture is about the first slice's two detections; the others that read the same events are off. */
const FIRST_SLICE = new Set(['cloudtrail-stopped-or-deleted', 'root-console-login']);
const FIRST_SLICE_ONLY = Object.fromEntries(
  DETECTIONS.filter((d) => !FIRST_SLICE.has(d.definition.id)).map((d) => [d.definition.id, { enabled: false }]),
);
import { cloudTrailEvent } from '../helpers/cloudTrailEvent';
import { withoutHeartbeatPings } from '../helpers/alertRequests';

/** At-least-once in, exactly-once out: duplicates, replays and malformed records on the embedded runtime. */
const dir = mkdtempSync(join(tmpdir(), 'vigil-idem-'));
const capture = join(dir, 'capture.jsonl');
const trail = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail';
const stop = cloudTrailEvent(
  {
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    eventTime: '2026-11-20T10:05:00Z',
    requestParameters: { name: trail },
  },
  { id: 'stop-1' },
);
const stopAgain = cloudTrailEvent(
  {
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    eventTime: '2026-11-20T10:25:00Z',
    requestParameters: { name: trail },
  },
  { id: 'stop-2' },
);
const rootLogin = cloudTrailEvent(
  {
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
    responseElements: { ConsoleLogin: 'Success' },
  },
  { id: 'root-1' },
);
const noEventName = { ...stop, id: 'broken-1', detail: { ...stop.detail, eventName: undefined } };

writeFileSync(
  capture,
  [
    JSON.stringify(stop),
    JSON.stringify(stop),
    JSON.stringify(stopAgain),
    '{"this is": not json',
    JSON.stringify(rootLogin),
    JSON.stringify(noEventName),
  ].join('\n'),
);

const readLines = (out: string, file: string) =>
  readFileSync(join(out, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function replay(out: string) {
  // Each run is a fresh process in production: fresh modules, so handlers read the new runtime's environment.
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  return runReplay({
    inputs: [capture],
    outDir: out,
    config: parseLocalConfig({ detectionOverrides: FIRST_SLICE_ONLY }),
    dataDir: join(dir, 'data'),
  });
}

test('a duplicate event makes no second occurrence; two events on one trail in one window are one finding', async () => {
  const out = join(dir, 'run1');
  const summary = await replay(out);
  const findings = readLines(out, 'findings.jsonl');
  const stopped = findings.filter((f) => f.detection === 'cloudtrail-stopped-or-deleted');
  expect(stopped).toHaveLength(1);
  expect(stopped[0]).toMatchObject({
    count: 2,
    eventIds: ['stop-1', 'stop-2'],
    firstSeen: '2026-11-20T10:05:00.000Z',
    lastSeen: '2026-11-20T10:25:00.000Z',
  });
  expect(findings.filter((f) => f.detection === 'root-console-login')).toHaveLength(1);
  // Two pages (the trail, root), and one add-note when stop-2 grew the trail's finding 20 minutes later (past the
  // 15-minute update interval); the duplicate of stop-1 grows nothing, so it tells nobody.
  const requests = withoutHeartbeatPings(readLines(out, 'opsgenie.jsonl')) as Array<{ url: string; body: { note?: string } }>;
  expect(requests.filter((r) => r.url === 'https://api.opsgenie.com/v2/alerts')).toHaveLength(2);
  const notes = requests.filter((r) => r.url.endsWith('/notes?identifierType=alias'));
  expect(notes.map((r) => r.body.note)).toEqual(['seen again: 2 occurrences, last at 2026-11-20T10:25:00.000Z']);
  expect(requests).toHaveLength(3);
  const siem = readLines(out, 'siem.jsonl');
  const findingRecords = siem.filter((r) => r.class_uid === 2004);
  expect(findingRecords.map((r) => r.activity_name).sort()).toEqual(['Create', 'Create', 'Update']);
  // The audit trail's records of stop-1, stop-2 and root-1: the duplicate of stop-1 is recorded once.
  expect(siem.filter((r) => r.class_uid !== 2004).map((r) => (r.unmapped as { event_id: string }).event_id)).toEqual(
    expect.arrayContaining(['stop-1', 'stop-2', 'root-1']),
  );
  expect(siem).toHaveLength(6);
  expect(summary.audit).toEqual({ authentication: 1, operation: 2 });
  expect(summary.events).toMatchObject({ read: 6, quarantined: 2, unmatched: 0, failed: 0, processed: 4 });
}, 60_000);

test('the malformed line and the event failing its schema are quarantined with their reasons', () => {
  const quarantine = readLines(join(dir, 'run1'), 'quarantine.jsonl');
  const input = quarantine.find((q) => q.stage === 'input');
  expect(input).toMatchObject({ origin: { file: capture, line: 4 } });
  expect(String(input?.reason)).toMatch(/JSON/i);
  const fn = quarantine.find((q) => q.stage === 'function');
  expect(fn).toMatchObject({ component: 'security-detector', eventId: 'broken-1' });
  expect(String(fn?.reason)).toContain('detail.eventName');
});

test('replaying the same capture on the same state raises nothing new and pages nobody', async () => {
  const first = readLines(join(dir, 'run1'), 'findings.jsonl');
  const out = join(dir, 'run2');
  await replay(out);
  expect(readLines(out, 'findings.jsonl')).toEqual(first);
  expect(withoutHeartbeatPings(readLines(out, 'opsgenie.jsonl'))).toEqual([]);
  // Neither findings nor audit records go out again: each audit event's claim says it was handed on.
  expect(readLines(out, 'siem.jsonl')).toEqual([]);
}, 60_000);
