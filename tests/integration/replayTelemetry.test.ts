import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import type { ReplaySummary } from '../../infra/local/runtime/replayRun';
import { capturedVariants, loadCaptured } from '../helpers/capturedEvent';

/*
 * Telemetry through the embedded runtime as `vigil replay` runs it: the SDK-shaped crash captures,
 * a batch with one event of each fault, a recording without masking, and a batch whose own fields
 * are broken. Restricted markers ride in the user ids, in the wrongly typed value and in the
 * unplanned property; none may reach a log line (at DEBUG), a quarantine reason or the summary.
 */
type Json = Record<string, any>;
const USER_MARKER = 'u_MARKER_USER_4F9Q';
const VALUE_MARKER = 'MARKER_VALUE_7Z2K';
const EMAIL_MARKER = 'marker.person@example.com';
const dir = mkdtempSync(join(tmpdir(), 'vigil-telemetry-'));
const capture = join(dir, 'telemetry.jsonl');

const sdkCaptures = capturedVariants('app-telemetry').filter((v) => v.startsWith('crash-') || v.startsWith('error-'));
const faulty = loadCaptured('app-telemetry', 'batch-ios') as Json;
faulty.id = 'aa0f2c1e-5d3b-4a7c-9e8f-1b2c3d4e5f60';
faulty.detail.schemaVersion = 2;
for (const e of faulty.detail.events) e.userId = USER_MARKER;
faulty.detail.events[0].name = 'screen_viewed'; // unplanned event
faulty.detail.events[1].properties.referrerEmail = EMAIL_MARKER; // unplanned property
faulty.detail.events[3].properties.payeeSaved = VALUE_MARKER; // wrong type
faulty.detail.events.push({
  eventId: '5b0c9e7a-3d1f-4a2b-9c8d-7e6f5a4b3c2d',
  name: 'session_recording',
  kind: 'session_recording',
  timestamp: '2026-11-20T09:11:05.000Z',
  sessionId: '9aa75f75-039a-4d10-b7fb-3ddb198fd356',
  userId: USER_MARKER,
  properties: {
    replayId: '4f2a9c1e8d7b4a6f9e3c2b1a0d9e8f7a',
    replayType: 'session',
    segmentId: 0,
    durationMs: 5000,
    recordingRef: 's3://vigil-prod-recordings/replays/2026/11/20/4f2a9c1e8d7b4a6f9e3c2b1a0d9e8f7a/0',
    consentGiven: true,
    maskAllText: true,
    maskAllInputs: false, // refused in every stage
    blockAllMedia: true,
  },
});
const broken = loadCaptured('app-telemetry', 'batch-web') as Json;
broken.id = 'bb1f3d2e-6e4c-4b8d-8f9a-2c3d4e5f6a71';
broken.detail.app.version = VALUE_MARKER;
for (const e of broken.detail.events) e.userId = USER_MARKER;
writeFileSync(
  capture,
  [...sdkCaptures.map((v) => loadCaptured('app-telemetry', v)), faulty, broken].map((e) => JSON.stringify(e)).join('\n'),
);
const brokenEvents = broken.detail.events.length;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function replay(name: string, telemetrySchemaViolations: 'reject' | 'mark') {
  const out = join(dir, name);
  let logs = '';
  const spies = (['log', 'info', 'debug', 'warn', 'error'] as const).map((m) =>
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      logs += `${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`;
    }),
  );
  let summary: ReplaySummary;
  // Each run is a fresh process in production: fresh modules, so handlers read the new runtime's environment.
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  try {
    summary = await runReplay({
      inputs: [capture],
      outDir: out,
      config: parseLocalConfig({ logLevel: 'DEBUG', telemetrySchemaViolations }),
    });
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  const files = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  const quarantine = files['quarantine.jsonl']!.split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Json);
  return { summary, logs, files, quarantine };
}

test('a rejecting stage: each faulty event quarantined alone, the broken batch whole, the crashes accepted', async () => {
  const { summary, logs, files, quarantine } = await replay('reject', 'reject');
  expect(logs).toContain('telemetry batch checked');
  expect(summary.telemetry).toEqual({
    batches: sdkCaptures.length + 2,
    // The 8 crash and error events, and 3 of the faulty batch's 7 (the unplanned event, the unplanned property, the
    // wrong type and the unmasked recording are quarantined).
    events: { accepted: sdkCaptures.length + 3, quarantined: 4 + brokenEvents },
    unexpected: 0,
    violations: { envelope: 1, unplanned_event: 1, unplanned_property: 1, type_mismatch: 1, value_not_allowed: 1 },
  });
  // The broken batch is the only input quarantined; the faulty batch was processed, four of its events refused.
  expect(summary.events).toMatchObject({ read: sdkCaptures.length + 2, processed: sdkCaptures.length + 1, quarantined: 1, failed: 0 });
  const items = quarantine.filter((q) => q.item !== undefined);
  expect(items.map((q) => q.reason).sort()).toEqual([
    'detail.events.0.name: unplanned_event: no such event in the telemetry spec',
    'detail.events.1.properties.referrerEmail: unplanned_property: not in the telemetry spec',
    'detail.events.3.properties.payeeSaved: type_mismatch: expected boolean',
    'detail.events.6.properties.maskAllInputs: value_not_allowed: not one of the allowed values',
  ]);
  expect(items.every((q) => q.eventId === faulty.id && q.detailType === 'App Telemetry Event')).toBe(true);
  expect(quarantine.filter((q) => q.item === undefined).map((q) => [q.eventId, q.reason])).toEqual([
    [broken.id, 'detail.app.version: envelope: does not match its pattern'],
  ]);
  for (const marker of [USER_MARKER, VALUE_MARKER, EMAIL_MARKER]) {
    expect([marker, logs.includes(marker)]).toEqual([marker, false]);
    for (const [file, text] of Object.entries(files)) expect([marker, file, text.includes(marker)]).toEqual([marker, file, false]);
  }
}, 120_000);

test('a marking stage: unplanned and mistyped events accepted, marked; the envelope and the masking rule still refused', async () => {
  const { summary, logs, files } = await replay('mark', 'mark');
  expect(summary.telemetry.events).toEqual({ accepted: sdkCaptures.length + 6, quarantined: 1 + brokenEvents });
  expect(summary.telemetry.unexpected).toBe(3);
  expect(summary.events.quarantined).toBe(1);
  for (const marker of [USER_MARKER, VALUE_MARKER, EMAIL_MARKER]) {
    expect([marker, logs.includes(marker)]).toEqual([marker, false]);
    for (const [file, text] of Object.entries(files)) expect([marker, file, text.includes(marker)]).toEqual([marker, file, false]);
  }
}, 120_000);
