import type { AppTelemetryEnvelope } from '../../../events/schemas';
import type { QuarantineEntry, QuarantineStore } from '../../../shared/quarantine';
import { TelemetryIngest, type ViolationAction } from '../../../shared/telemetry';
import { loadCaptured } from '../../helpers/capturedEvent';

/** Ingest's decisions, with the quarantine and the counter replaced by recorders. */
type Json = Record<string, any>;
const RESTRICTED_USER = 'u_MARKER_RESTRICTED_USER_7Q';
const MARKER_EMAIL = 'marker.person@example.com';

function harness(action: ViolationAction = 'reject') {
  const quarantined: QuarantineEntry[] = [];
  const counts: Record<string, number> = {};
  const quarantine = {
    put: async (entry: QuarantineEntry) => {
      quarantined.push(entry);
      return `q-${quarantined.length}`;
    },
  } as unknown as QuarantineStore;
  const ingest = new TelemetryIngest({
    ingest: { component: 'app-telemetry', quarantine, counter: { count: (name, n = 1) => (counts[name] = (counts[name] ?? 0) + n) } },
    action,
  });
  const handle = (envelope: Json) => ingest.handle(envelope as AppTelemetryEnvelope, JSON.stringify(envelope));
  return { handle, quarantined, counts };
}

/** The iOS sample batch (version 2, six valid events), its user id replaced by a marker. */
function iosBatch(): Json {
  const batch = loadCaptured('app-telemetry', 'batch-ios') as Json;
  batch.detail.schemaVersion = 2;
  for (const e of batch.detail.events) e.userId = RESTRICTED_USER;
  return batch;
}

/** Faults in three events: an unplanned event; an unplanned property (an e-mail address) and a disallowed value; a wrong type. */
function faultyBatch(): Json {
  const batch = iosBatch();
  const [screen, start, , action] = batch.detail.events;
  screen.name = 'screen_viewed';
  start.properties.referrerEmail = MARKER_EMAIL;
  start.properties.startType = RESTRICTED_USER;
  action.properties.payeeSaved = 'yes';
  return batch;
}

test('a valid batch: every event accepted and classified, release and environment resolved', async () => {
  const { handle, quarantined, counts } = harness();
  const outcome = await handle(iosBatch());
  expect(quarantined).toEqual([]);
  expect(outcome).toMatchObject({ batchQuarantined: false, events: 6, quarantined: 0, unexpected: 0 });
  expect(outcome.key).toEqual({ app: 'com.example.vigilbank', platform: 'ios', release: 'com.example.vigilbank@4.12.0+4120031' });
  const [screen] = outcome.accepted;
  expect(screen).toMatchObject({
    name: 'screen_view',
    kind: 'screen_view',
    definition: { name: 'screen_view', version: 1 },
    unexpected: [],
  });
  expect(screen!.batch).toMatchObject({ schemaVersion: 2, release: 'com.example.vigilbank@4.12.0+4120031', environment: 'production' });
  const byPath = Object.fromEntries(screen!.fields.map((f) => [f.path, f.classification]));
  expect(byPath).toEqual({
    eventId: 'Internal',
    name: 'Internal',
    kind: 'Internal',
    timestamp: 'Internal',
    sessionId: 'Confidential',
    userId: 'Restricted',
    'properties.screen': 'Internal',
    'properties.previousScreen': 'Internal',
  });
  expect(screen!.batch.fields.map((f) => f.path)).toEqual(expect.arrayContaining(['app.version', 'device.model', 'sentAt', 'batchId']));
  expect(counts).toMatchObject({ TelemetryBatches: 1, TelemetryEventsAccepted: 6, TelemetryEventsQuarantined: 0 });
});

test('a crash is classified down to its frames: messages and source Confidential, local variables Restricted', async () => {
  const { handle } = harness();
  const outcome = await handle(loadCaptured('app-telemetry', 'crash-python-traceback'));
  const fields = Object.fromEntries(outcome.accepted[0]!.fields.map((f) => [f.path, f]));
  expect(fields['exception.values.1.value']).toMatchObject({ classification: 'Confidential', retentionDays: 90 });
  expect(fields['exception.values.1.stacktrace.frames.2.context_line']!.classification).toBe('Confidential');
  expect(fields['exception.values.1.stacktrace.frames.2.pre_context']!.classification).toBe('Confidential');
  expect(fields['exception.values.1.stacktrace.frames.2.vars']).toMatchObject({ classification: 'Restricted', retentionDays: 30 });
  expect(fields['exception.values.1.stacktrace.frames.2.function']!.classification).toBe('Internal');
  expect(fields['exception.values.0.mechanism.handled']!.classification).toBe('Internal');
  // null (a builtin's module) is no value at all.
  expect(fields['exception.values.0.module']).toBeUndefined();
  expect(outcome.accepted[0]!.batch.release).toBe('exports@1.14.2');
});

test('rejecting stage: each faulty event quarantined with its reason (paths and rules, never values); the rest accepted', async () => {
  const { handle, quarantined, counts } = harness('reject');
  const batch = faultyBatch();
  const outcome = await handle(batch);
  expect(outcome).toMatchObject({ batchQuarantined: false, quarantined: 3, unexpected: 0 });
  expect(outcome.accepted.map((e) => e.name)).toEqual(['experiment_exposure', 'api_request', 'screen_view']);
  expect(quarantined.map((q) => q.reason)).toEqual([
    'detail.events.0.name: unplanned_event: no such event in the telemetry spec',
    'detail.events.1.properties.startType: value_not_allowed: not one of the allowed values; ' +
      'detail.events.1.properties.referrerEmail: unplanned_property: not in the telemetry spec',
    'detail.events.3.properties.payeeSaved: type_mismatch: expected boolean',
  ]);
  for (const q of quarantined) {
    expect(q).toMatchObject({ component: 'app-telemetry', detailType: 'App Telemetry Event', eventId: batch.id, source: 'vigil.app' });
    expect(q.reason).not.toContain(RESTRICTED_USER);
    expect(q.reason).not.toContain('marker.person');
  }
  expect(quarantined.map((q) => q.item)).toEqual([0, 1, 3].map((i) => batch.detail.events[i].eventId));
  // The sealed payload keeps what is needed to read the event again: its batch's fields and the event.
  const payload = JSON.parse(quarantined[2]!.payload);
  expect(payload).toMatchObject({ envelopeId: batch.id, index: 3, batch: { batchId: batch.detail.batchId, app: batch.detail.app } });
  expect(payload.event.eventId).toBe(batch.detail.events[3].eventId);
  expect(outcome.violations).toMatchObject({ unplanned_event: 1, unplanned_property: 1, value_not_allowed: 1, type_mismatch: 1 });
  expect(counts).toMatchObject({ TelemetryEventsAccepted: 3, TelemetryEventsQuarantined: 3, TelemetryEventsUnexpected: 0 });
});

test('marking stage: the same events accepted, marked, and what the spec does not know classified Restricted', async () => {
  const { handle, quarantined, counts } = harness('mark');
  const outcome = await handle(faultyBatch());
  expect(quarantined).toEqual([]);
  expect(outcome).toMatchObject({ quarantined: 0, unexpected: 3 });
  const [unplanned, start, , action] = outcome.accepted;
  expect(unplanned!.definition).toBeUndefined();
  expect(unplanned!.unexpected.map((v) => v.class)).toEqual(['unplanned_event']);
  expect(unplanned!.fields.filter((f) => f.location === 'properties').map((f) => [f.path, f.classification, f.unplanned])).toEqual([
    ['properties.screen', 'Restricted', true],
    ['properties.previousScreen', 'Restricted', true],
  ]);
  expect(unplanned!.fields.find((f) => f.path === 'userId')!.classification).toBe('Restricted');
  const unknownKey = start!.fields.find((f) => f.path === 'properties.referrerEmail');
  expect(unknownKey).toMatchObject({ classification: 'Restricted', unplanned: true, retentionDays: 30 });
  expect(action!.unexpected.map((v) => [v.path.join('.'), v.class])).toEqual([['events.3.properties.payeeSaved', 'type_mismatch']]);
  expect(counts).toMatchObject({ TelemetryEventsAccepted: 6, TelemetryEventsUnexpected: 3 });
});

test('the envelope is enforced in every stage: an event without its name is quarantined, alone', async () => {
  for (const action of ['reject', 'mark'] as const) {
    const { handle, quarantined } = harness(action);
    const batch = iosBatch();
    delete batch.detail.events[2].name;
    batch.detail.events[4].properties.route = { nested: true };
    // A key taken from the input that is no field name (an e-mail address) is masked in the reason.
    batch.detail.events[5].properties[MARKER_EMAIL] = 'x';
    const outcome = await handle(batch);
    expect([action, outcome.accepted.length, outcome.quarantined]).toEqual([action, 3, 3]);
    expect(quarantined.map((q) => q.reason)).toEqual([
      'detail.events.2.name: envelope: required',
      'detail.events.4.properties.route: envelope: expected string, number or boolean',
      'detail.events.5.properties.<key>: envelope: the key does not match the key pattern',
    ]);
  }
});

test('privacy controls are enforced in every stage: a recording without consent or masking is refused, with the reason', async () => {
  const batch = iosBatch();
  const recording = {
    eventId: '5b0c9e7a-3d1f-4a2b-9c8d-7e6f5a4b3c2d',
    name: 'session_recording',
    kind: 'session_recording',
    timestamp: '2026-11-20T09:11:05.000Z',
    sessionId: '9aa75f75-039a-4d10-b7fb-3ddb198fd356',
    userId: RESTRICTED_USER,
    properties: {
      replayId: '4f2a9c1e8d7b4a6f9e3c2b1a0d9e8f7a',
      replayType: 'session',
      segmentId: 0,
      durationMs: 5000,
      recordingRef: 's3://vigil-prod-recordings/replays/2026/11/20/4f2a9c1e8d7b4a6f9e3c2b1a0d9e8f7a/0',
      consentGiven: true,
      maskAllText: true,
      maskAllInputs: true,
      blockAllMedia: true,
    },
  };
  batch.detail.events = [
    recording,
    { ...recording, eventId: '6c1d0f8b-4e2a-4b3c-8d9e-8f7a6b5c4d3e', properties: { ...recording.properties, maskAllText: false } },
  ];
  const { handle, quarantined } = harness('mark');
  const outcome = await handle(batch);
  expect(outcome.accepted.map((e) => e.eventId)).toEqual([recording.eventId]);
  expect(quarantined.map((q) => q.reason)).toEqual([
    'detail.events.1.properties.maskAllText: value_not_allowed: not one of the allowed values',
  ]);
});

test('a batch whose own fields break the envelope is quarantined whole, its events counted as quarantined', async () => {
  const { handle, quarantined, counts } = harness('mark');
  const batch = iosBatch();
  delete batch.detail.app.version;
  const raw = JSON.stringify(batch);
  const outcome = await handle(batch);
  expect(outcome).toMatchObject({ batchQuarantined: true, accepted: [], quarantined: 6 });
  expect(outcome.key).toEqual({ app: 'com.example.vigilbank', platform: 'ios', release: 'unknown' });
  expect(quarantined).toEqual([
    expect.objectContaining({
      reason: 'detail.app.version: envelope: required',
      payload: raw,
      detailType: 'App Telemetry Batch',
      eventId: batch.id,
    }),
  ]);
  expect(quarantined[0]).not.toHaveProperty('item');
  expect(counts).toMatchObject({ TelemetryBatchesQuarantined: 1, TelemetryEventsQuarantined: 6 });
});

test('a version 1 batch is accepted, its crash following version 1 of app_crash', async () => {
  const { handle, quarantined } = harness();
  const v1 = loadCaptured('app-telemetry', 'batch-ios') as Json;
  v1.detail.events.push({
    eventId: '0f1e2d3c-4b5a-4968-8776-655443322110',
    name: 'app_crash',
    kind: 'crash',
    timestamp: '2026-11-20T09:12:00.000Z',
    sessionId: '9aa75f75-039a-4d10-b7fb-3ddb198fd356',
    properties: {
      exceptionType: 'EXC_BAD_ACCESS',
      signal: 'SIGSEGV',
      fingerprint: 'b21ee92b10bf5513ab14d7b35505d5007d8fa66e',
      handled: false,
    },
  });
  const outcome = await handle(v1);
  expect(quarantined).toEqual([]);
  expect(outcome.accepted.at(-1)).toMatchObject({ definition: { name: 'app_crash', version: 1 }, batch: { schemaVersion: 1 } });
});

test('reasons are cut at ten violations, the rest counted', async () => {
  const { handle, quarantined } = harness();
  const batch = iosBatch();
  batch.detail.events[0].properties = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`extra${i}`, i]));
  await handle(batch);
  expect(quarantined[0]!.reason.split('; ')).toHaveLength(11);
  expect(quarantined[0]!.reason).toMatch(/; and 5 more$/);
});

test('free-text feedback up to 4096 characters is accepted, its message Restricted', async () => {
  const { handle, quarantined } = harness();
  const batch = iosBatch();
  batch.detail.events = [
    {
      eventId: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      name: 'feedback_submitted',
      kind: 'feedback',
      timestamp: '2026-11-20T09:15:00.000Z',
      sessionId: '9aa75f75-039a-4d10-b7fb-3ddb198fd356',
      userId: RESTRICTED_USER,
      properties: { message: 'The transfer screen froze. '.repeat(160).slice(0, 4096), category: 'bug', rating: 2 },
    },
  ];
  const outcome = await handle(batch);
  expect(quarantined).toEqual([]);
  expect(outcome.accepted[0]!.fields.find((f) => f.path === 'properties.message')!.classification).toBe('Restricted');
});
