import type { AppTelemetryEnvelope } from '../../../../events/schemas';
import type { QuarantineEntry, QuarantineStore } from '../../../../shared/quarantine';
import { TelemetryIngest, type ViolationAction } from '../../../../shared/telemetry';
import { loadCaptured } from '../../../helpers/capturedEvent';

/**
 * Session-recording metadata is accepted only with the user's consent and all text and inputs masked,
 * in every stage (the catalogue's `enforce: always`); and the event carries a pointer to the recording,
 * never its content.
 */
type Json = Record<string, any>;

function ingest(action: ViolationAction) {
  const quarantined: QuarantineEntry[] = [];
  const quarantine = { put: async (e: QuarantineEntry) => `q-${quarantined.push(e)}` } as unknown as QuarantineStore;
  const telemetry = new TelemetryIngest({ ingest: { component: 'app-telemetry', quarantine, counter: { count: () => {} } }, action });
  return { handle: (e: Json) => telemetry.handle(e as AppTelemetryEnvelope, JSON.stringify(e)), quarantined };
}

function recording(properties: Json): Json {
  const envelope = loadCaptured('app-telemetry', 'batch-ios') as Json;
  envelope.detail.schemaVersion = 2;
  const [first] = envelope.detail.events;
  envelope.detail.events = [
    {
      ...first,
      name: 'session_recording',
      kind: 'session_recording',
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
        ...properties,
      },
    },
  ];
  return envelope;
}

test('with consent and masking, the metadata is accepted: a pointer, no content', async () => {
  const { handle } = ingest('reject');
  const outcome = await handle(recording({}));
  expect(outcome.accepted).toHaveLength(1);
  expect(outcome.accepted[0]!.event.properties).toMatchObject({ recordingRef: expect.stringMatching(/^s3:\/\//) });
});

test.each([
  ['no consent', { consentGiven: false }, 'properties.consentGiven'],
  ['consent missing', { consentGiven: undefined }, 'properties.consentGiven'],
  ['text not masked', { maskAllText: false }, 'properties.maskAllText'],
  ['inputs not masked', { maskAllInputs: false }, 'properties.maskAllInputs'],
  ['masking settings missing', { maskAllInputs: undefined }, 'properties.maskAllInputs'],
] as const)('%s: refused with the reason, in a rejecting and in a marking stage', async (_what, change, path) => {
  for (const action of ['reject', 'mark'] as const) {
    const { handle, quarantined } = ingest(action);
    const outcome = await handle(recording(change));
    expect(outcome.accepted).toHaveLength(0);
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]!.reason).toContain(`detail.events.0.${path}`);
  }
});

test('the recording itself in the event (content, not a pointer) is refused', async () => {
  const { handle, quarantined } = ingest('reject');
  const inline = await handle(recording({ recordingRef: 'data:application/json;base64,eyJldmVudHMiOltdfQ==' }));
  expect(inline.accepted).toHaveLength(0);
  const extra = await handle(recording({ rrwebEvents: '[{"type":2,"data":{"node":{}}}]' }));
  expect(extra.accepted).toHaveLength(0);
  expect(quarantined.map((q) => q.reason)).toEqual([
    expect.stringContaining('properties.recordingRef'),
    expect.stringContaining('detail.events.0.properties.rrwebEvents'),
  ]);
});
