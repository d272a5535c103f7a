import type { AppTelemetryEnvelope } from '../../../../../events/schemas';
import { FindingSchema } from '../../../../../events/schemas/finding';
import { type Finding, type FindingPublisher, FindingRecorder, FindingStore } from '../../../../../shared/findings';
import type { QuarantineStore } from '../../../../../shared/quarantine';
import { TelemetryIngest } from '../../../../../shared/telemetry';
import { piiOccurrences } from '../../../../../shared/telemetry/findings';
import { loadCaptured } from '../../../../helpers/capturedEvent';
import { startFindingsTable } from '../../../../helpers/findingsTable';

/**
 * telemetry-pii-in-unrestricted-field through the real finding store (dynalite): one finding per app,
 * event and field, growing with each batch, the same under redelivery and disorder, never a value.
 */
type Json = Record<string, any>;
const EMAIL = 'jane.doe@example.com';

let table: Awaited<ReturnType<typeof startFindingsTable>>;
beforeAll(async () => {
  table = await startFindingsTable('telemetry-findings-test');
});
afterAll(() => table.close());

const telemetry = new TelemetryIngest({
  ingest: { component: 'app-telemetry', quarantine: { put: async () => 'q' } as unknown as QuarantineStore, counter: { count: () => {} } },
  action: 'reject',
});

/** The web batch (a validation message quoting an e-mail address), under a new envelope id and time. */
function webBatch(id: string, time: string, extra?: (detail: Json) => void): Json {
  const envelope = loadCaptured('app-telemetry', 'batch-web') as Json;
  envelope.id = id;
  envelope.time = time;
  extra?.(envelope.detail);
  return envelope;
}

async function occurrencesOf(envelope: Json) {
  const outcome = await telemetry.handle(envelope as AppTelemetryEnvelope, JSON.stringify(envelope));
  return piiOccurrences(envelope as AppTelemetryEnvelope, outcome);
}

function recorder(dedicatedTable: string) {
  const announced: Finding[] = [];
  const publisher = { publish: async (findings: Finding[]) => void announced.push(...findings) } as unknown as FindingPublisher;
  return { recorder: new FindingRecorder(new FindingStore(table.ddb, dedicatedTable), publisher), announced };
}

test('one occurrence per field per batch, naming app, event and field and kinds, never the value', async () => {
  const occurrences = await occurrencesOf(
    webBatch('b-1', '2026-11-20T10:00:00Z', (d) => {
      d.events.push({ ...d.events.find((e: Json) => e.name === 'form_validation_error'), eventId: '0f0e0d0c-0b0a-4098-8765-43210fedcba9' });
    }),
  );
  expect(occurrences).toHaveLength(1);
  expect(occurrences[0]).toMatchObject({
    detection: 'telemetry-pii-in-unrestricted-field',
    subject: 'app.example.com',
    dedupKey: 'app.example.com|form_validation_error|properties.message',
    eventId: 'b-1',
    evidence: { event: 'form_validation_error', field: 'properties.message', kinds: 'email', location: 'event' },
    runbook: 'docs/runbooks/telemetry-pii-in-unrestricted-field.md',
  });
  expect(JSON.stringify(occurrences)).not.toMatch(/@example\.com/);
});

test('batches redelivered and out of order make one finding whose count and lastSeen grow; announced once', async () => {
  const { recorder: findings, announced } = recorder('telemetry-findings-test');
  const first = await occurrencesOf(webBatch('b-1', '2026-11-20T10:00:00Z'));
  const second = await occurrencesOf(webBatch('b-2', '2026-11-22T08:00:00Z'));
  const third = await occurrencesOf(webBatch('b-3', '2026-11-21T12:00:00Z'));
  for (const batch of [second, first, second, third, first]) await findings.record(batch);
  expect(announced).toHaveLength(1);
  const store = new FindingStore(table.ddb, 'telemetry-findings-test');
  const all: Finding[] = [];
  for await (const f of store.scan()) all.push(f);
  expect(all).toHaveLength(1);
  const [finding] = all;
  expect(FindingSchema.parse(finding)).toBeTruthy();
  expect(finding).toMatchObject({
    id: announced[0]!.id,
    count: 3,
    firstSeen: '2026-11-20T10:00:00.000Z',
    lastSeen: '2026-11-22T08:00:00.000Z',
    severity: 'medium',
  });
  expect([...finding!.eventIds].sort()).toEqual(['b-1', 'b-2', 'b-3']);
  expect(JSON.stringify(finding)).not.toContain(EMAIL);
  expect(JSON.stringify(finding)).not.toContain('anna.k@example.com');
});

test('a batch field is a finding of its own, named batch in place of an event', async () => {
  const { recorder: findings, announced } = recorder('telemetry-findings-test');
  const occurrences = await occurrencesOf(
    webBatch('b-4', '2026-11-23T10:00:00Z', (d) => {
      d.device.model = `owner ${EMAIL}`;
      d.events = d.events.filter((e: Json) => e.name !== 'form_validation_error');
    }),
  );
  await findings.record(occurrences);
  expect(announced.map((f) => f.dedupKey).sort()).toEqual(['app.example.com|batch|device.model']);
});
