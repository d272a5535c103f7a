import type { AppTelemetryEnvelope } from '../../../../events/schemas';
import type { QuarantineStore } from '../../../../shared/quarantine';
import { type ClassifiedTelemetryEvent, redactPersonalData, TelemetryIngest } from '../../../../shared/telemetry';
import type { ClassifiedField } from '../../../../shared/telemetry/classify';
import { capturedVariants, loadCaptured } from '../../../helpers/capturedEvent';

/** The PII guard as ingest runs it: on the accepted, classified events of a batch. */
type Json = Record<string, any>;
const EMAIL = 'jane.doe@example.com';
const PHONE = '+44 20 7946 0958';
const CARD = '4111 1111 1111 1111';

function ingest() {
  const quarantine = { put: async () => 'q-1' } as unknown as QuarantineStore;
  const counter = { count: () => undefined };
  const telemetry = new TelemetryIngest({ ingest: { component: 'app-telemetry', quarantine, counter }, action: 'reject' });
  return (envelope: Json) => telemetry.handle(envelope as AppTelemetryEnvelope, JSON.stringify(envelope));
}

// batch-web carries the one personal datum of the captures: a validation message quoting an e-mail address.
const CLEAN = capturedVariants('app-telemetry').filter((v) => v !== 'batch-web');

test.each(CLEAN.map((v) => [v]))('no false alarm on the captured %s (stacks, releases, devices)', async (variant) => {
  const envelope = loadCaptured('app-telemetry', variant) as Json;
  const outcome = await ingest()(envelope);
  expect(outcome.accepted.length).toBeGreaterThan(0);
  expect(outcome.accepted.flatMap((e) => e.redactions)).toEqual([]);
  // Untouched: the very objects that came in.
  expect(outcome.accepted.map((e) => e.event)).toEqual(envelope.detail.events);
});

test('the captured web batch: the e-mail address quoted by a validation message is redacted', async () => {
  const outcome = await ingest()(loadCaptured('app-telemetry', 'batch-web') as Json);
  const flagged = outcome.accepted.filter((e) => e.redactions.length > 0);
  expect(flagged.map((e) => [e.name, e.redactions])).toEqual([
    ['form_validation_error', [{ location: 'event', field: 'properties.message', kinds: ['email'] }]],
  ]);
  expect((flagged[0]!.event.properties as Json).message).toBe('Payee name must not contain an e-mail address: [redacted:email]');
});

test('personal data in unrestricted fields is redacted, named by field and kind; Restricted fields are left to encryption', async () => {
  const envelope = loadCaptured('app-telemetry', 'crash-ios-mach') as Json;
  const event = envelope.detail.events[0];
  const exception = event.exception.values[0];
  exception.value = `payee ${EMAIL} rejected, call ${PHONE}`;
  exception.mechanism.data.relevant_address = CARD;
  event.threads.values[0].stacktrace.frames[1].function = `PayeeStore.lookup(${EMAIL})`;
  event.userId = EMAIL;
  envelope.detail.device.model = 'host 10.20.30.40';
  const received = JSON.parse(JSON.stringify(envelope));

  const outcome = await ingest()(envelope);
  expect(outcome.quarantined).toBe(0);
  const [guarded] = outcome.accepted;
  expect(guarded!.redactions).toEqual([
    { location: 'batch', field: 'device.model', kinds: ['ipv4'] },
    { location: 'event', field: 'exception.values[].value', kinds: ['email', 'phone'] },
    { location: 'event', field: 'exception.values[].mechanism.data.relevant_address', kinds: ['card'] },
    { location: 'event', field: 'threads.values[].stacktrace.frames[].function', kinds: ['email'] },
  ]);
  const stored = guarded!.event as Json;
  expect(stored.exception.values[0].value).toBe('payee [redacted:email] rejected, call [redacted:phone]');
  expect(stored.exception.values[0].mechanism.data.relevant_address).toBe('[redacted:card]');
  expect(stored.threads.values[0].stacktrace.frames[1].function).toBe('PayeeStore.lookup([redacted:email])');
  expect(stored.threads.values[0].stacktrace.frames[0]).toEqual(event.threads.values[0].stacktrace.frames[0]);
  expect(stored.userId).toBe(EMAIL);
  expect(guarded!.batch.device).toMatchObject({ model: 'host [redacted:ipv4]', os: 'iOS' });
  const handedOn = JSON.stringify({ event: stored, batch: guarded!.batch, redactions: guarded!.redactions });
  for (const value of [PHONE, CARD, '10.20.30.40', 'jane.doe@example.com)']) expect(handedOn).not.toContain(value);
  // The input is not changed in place (the quarantine and the idempotency record may hold it).
  expect(envelope).toEqual(received);
});

test('a batch field is redacted once for all the events of its batch; a key that is not a field name shows as <key>', async () => {
  const envelope = loadCaptured('app-telemetry', 'batch-ios') as Json;
  envelope.detail.schemaVersion = 2;
  envelope.detail.device.model = `owner ${EMAIL}`;
  const crash = (loadCaptured('app-telemetry', 'crash-ios-mach') as Json).detail.events[0];
  crash.exception.values[0].mechanism.data[EMAIL] = 'x';
  crash.exception.values[0].mechanism.data.note = `see ${EMAIL}`;
  envelope.detail.events.push(crash);
  const outcome = await ingest()(envelope);
  const batches = new Set(outcome.accepted.map((e) => e.batch));
  expect(batches.size).toBe(1);
  for (const e of outcome.accepted) expect(e.redactions[0]).toEqual({ location: 'batch', field: 'device.model', kinds: ['email'] });
  expect(outcome.accepted.at(-1)!.redactions.slice(1)).toEqual([
    { location: 'event', field: 'exception.values[].mechanism.data.note', kinds: ['email'] },
  ]);
  expect(JSON.stringify(outcome.accepted.at(-1)!.redactions)).not.toContain(EMAIL);
});

test.each([
  ['Restricted first', ['userId', 'exception.values.0.value', 'exception.values.0.mechanism.data']],
  ['unrestricted first', ['exception.values.0.value', 'userId', 'exception.values.0.mechanism.data']],
])('each value found is judged by its own nearest classified path, however many an event has (%s)', (_order, order) => {
  // A hand-classified event: the first value found is looked up one way, the later ones through an index (redactEvents.ts).
  const values: Record<string, unknown> = {
    userId: EMAIL,
    'exception.values.0.value': `call ${PHONE}`,
    'exception.values.0.mechanism.data': { note: `see ${EMAIL}`, [EMAIL]: 'x' },
  };
  const classes: Record<string, ClassifiedField['classification']> = {
    userId: 'Restricted',
    'exception.values.0.value': 'Confidential',
    'exception.values.0.mechanism.data': 'Internal',
  };
  const event: Json = {};
  for (const path of order) {
    const parts = path.split('.');
    let at: Json = event;
    for (const [i, part] of parts.slice(0, -1).entries()) at = at[part] ??= /^\d+$/.test(parts[i + 1]!) ? [] : {};
    at[parts.at(-1)!] = values[path];
  }
  const fields: ClassifiedField[] = [
    ...order.map((path) => ({ path, location: 'event' as const, classification: classes[path]!, retentionDays: 30 })),
    // The last of a path decides, as it always has: a second, stricter entry for the message does not count.
    { path: 'exception.values.0.value', location: 'event', classification: 'Confidential', retentionDays: 30 },
  ];
  const batch = { fields: [] } as unknown as ClassifiedTelemetryEvent['batch'];
  const [guarded] = redactPersonalData([
    { batch, eventId: 'e', name: 'crash', kind: 'crash', event, fields, unexpected: [] } as ClassifiedTelemetryEvent,
  ]);
  const stored = guarded!.event as Json;
  expect(stored.userId).toBe(EMAIL);
  expect(stored.exception.values[0].value).toBe('call [redacted:phone]');
  expect(stored.exception.values[0].mechanism.data.note).toBe('see [redacted:email]');
  expect(guarded!.redactions.map((r) => r.field).sort()).toEqual(['exception.values[].mechanism.data.note', 'exception.values[].value']);
});
