import type { AppTelemetryEnvelope } from '../../../../events/schemas';
import type { QuarantineStore } from '../../../../shared/quarantine';
import { type ClassifiedTelemetryEvent, TelemetryIngest } from '../../../../shared/telemetry';
import type { ClassifiedField } from '../../../../shared/telemetry/classify';
import { splitEvent } from '../../../../shared/telemetry/store';
import { loadCaptured } from '../../../helpers/capturedEvent';

/**
 * splitEvent: what the document keeps and what is sealed. The batch's part of the item is worked out once per
 * batch and shared by its events; top-level Restricted values are left out of the event's copy.
 */
type Json = Record<string, any>;

async function accepted(envelope: Json): Promise<readonly ClassifiedTelemetryEvent[]> {
  const quarantine = { put: async () => 'q' } as unknown as QuarantineStore;
  const ingest = new TelemetryIngest({ ingest: { component: 'app-telemetry', quarantine, counter: { count: () => 0 } }, action: 'mark' });
  return (await ingest.handle(envelope as AppTelemetryEnvelope, JSON.stringify(envelope))).accepted;
}

function iosBatch(model: string): Json {
  const batch = loadCaptured('app-telemetry', 'batch-ios') as Json;
  batch.detail.schemaVersion = 2;
  batch.detail.device.model = model;
  return batch;
}

/** The events with the batch's device model classified Restricted and its locale as an IP field (both kept per batch). */
function withBatchFields(events: readonly ClassifiedTelemetryEvent[]): ClassifiedTelemetryEvent[] {
  const first = events[0]!.batch;
  const fields: ClassifiedField[] = [
    ...first.fields.filter((f) => f.path !== 'device.model'),
    { path: 'device.model', location: 'batch', classification: 'Restricted', retentionDays: 30 },
    { path: 'device.ip', location: 'batch', classification: 'Internal', retentionDays: 60 },
  ];
  const batch = { ...first, device: { ...first.device, ip: '203.0.113.77' }, fields };
  return events.map((e) => ({ ...e, batch }));
}

test('every event of a batch gets the batch part: Restricted batch values sealed, batch IP addresses truncated', async () => {
  const events = withBatchFields(await accepted(iosBatch('iPhone15,3')));
  for (const event of events) {
    const { item, restricted } = splitEvent(event, 'user:x');
    const doc = JSON.parse(item.doc!);
    expect(doc.batch.device).toEqual({ os: 'iOS', osVersion: '18.1', locale: 'en-GB', ip: '203.0.113.0' });
    expect(restricted).toEqual({ 'batch.device.model': 'iPhone15,3', userId: event.event.userId });
    expect(item.sealedFields).toEqual(['batch.device.model', 'userId']);
    expect(JSON.parse(item.strips!)).toContainEqual(expect.objectContaining({ paths: expect.arrayContaining(['batch.device.ip']) }));
  }
  // The batch's own objects are left as received.
  expect(events[0]!.batch.device).toEqual({ os: 'iOS', osVersion: '18.1', model: 'iPhone15,3', locale: 'en-GB', ip: '203.0.113.77' });
});

test('another batch with other values gets its own batch part', async () => {
  const a = withBatchFields(await accepted(iosBatch('iPhone15,3')));
  const b = withBatchFields(await accepted(iosBatch('iPhone16,1')));
  expect(splitEvent(a[0]!, undefined).restricted['batch.device.model']).toBe('iPhone15,3');
  expect(splitEvent(b[0]!, undefined).restricted['batch.device.model']).toBe('iPhone16,1');
  expect(splitEvent(a[1]!, undefined).restricted['batch.device.model']).toBe('iPhone15,3');
});

test('a top-level Restricted value is left out of the document; the other keys keep their order', async () => {
  const [event] = await accepted(iosBatch('iPhone15,3'));
  const { item, restricted } = splitEvent(event!, 'user:x');
  const doc = JSON.parse(item.doc!);
  expect(Object.keys(doc.event)).toEqual(Object.keys(event!.event).filter((k) => k !== 'userId'));
  expect(Object.keys(doc)).toEqual(['event', 'batch']);
  expect(restricted.userId).toBe(event!.event.userId);
  expect(event!.event.userId).toBeDefined();
});

test('a key named __proto__ is copied as a key, never as the prototype', async () => {
  const [event] = await accepted(iosBatch('iPhone15,3'));
  const source = JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(event!.event).slice(1)}`) as Record<string, unknown>;
  const fields: ClassifiedField[] = [
    ...event!.fields,
    { path: '__proto__', location: 'event', classification: 'Internal', retentionDays: 30 },
  ];
  const { item } = splitEvent({ ...event!, event: source, fields }, undefined);
  const doc = JSON.parse(item.doc!);
  expect(Object.hasOwn(doc.event, '__proto__')).toBe(true);
  expect(doc.event.userId).toBeUndefined();
  expect(({} as Json).polluted).toBeUndefined();
});

test.each([
  ['2026-11-20T09:11:02.114Z', '2026-11-20T09:11:02.114Z'],
  ['2026-11-20T10:11:02.114+01:00', '2026-11-20T09:11:02.114Z'],
  ['2026-11-20T09:11:02Z', '2026-11-20T09:11:02.000Z'],
  ['2024-02-29T00:00:00.000Z', '2024-02-29T00:00:00.000Z'],
  ['2026-02-29T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
  ['2026-04-31T10:00:00.000Z', '2026-05-01T10:00:00.000Z'],
  ['2026-01-01T24:00:00.000Z', '2026-01-02T00:00:00.000Z'],
  ['2026-13-01T00:00:00.000Z', '2026-13-01T00:00:00.000Z'],
  ['2026-01-01T00:60:00.000Z', '2026-01-01T00:60:00.000Z'],
  ['not a time', 'not a time'],
])('the item time of an event sent at %j is %j (as Date.parse and toISOString give it)', async (sent, stored) => {
  const [event] = await accepted(iosBatch('iPhone15,3'));
  const { item } = splitEvent({ ...event!, event: { ...event!.event, timestamp: sent } }, undefined);
  expect(item.timestamp).toBe(stored);
});

test('events of one batch with other retention steps each get their own strip day', async () => {
  const events = await accepted(iosBatch('iPhone15,3'));
  const short: ClassifiedField[] = events[1]!.fields.map((f) => (f.path === 'sessionId' ? { ...f, retentionDays: 1 } : f));
  const days = [splitEvent(events[0]!, 'user:x'), splitEvent({ ...events[1]!, fields: short }, 'user:x'), splitEvent(events[2]!, 'user:x')];
  const received = Date.parse(events[0]!.batch.receivedAt);
  const dayAfter = (n: number) => new Date(received + n * 86_400_000).toISOString().slice(0, 10);
  expect(days.map((d) => d.item.stripDay)).toEqual([dayAfter(30), dayAfter(1), dayAfter(30)]);
});
