import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AUDIT_RECORDS_DETAIL_TYPE, AuditRecordsEventSchema } from '../../../events/schemas/auditRecords';
import { AuditClassifier, AuditPublisher, AuditRecorder, InMemoryAuditStore } from '../../../shared/audit';
import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';
import { testContext } from './entries';
import { consoleLogin, initiateAuth, stopLogging, SUB } from './events';

interface SentEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
}

/** An EventBridge client that takes PutEvents and fails the entries `fail` picks. */
function fakeBus(fail: (entry: SentEntry) => boolean = () => false) {
  const sent: SentEntry[] = [];
  const client = {
    send: async (command: { input: { Entries: SentEntry[] } }) => {
      const results = command.input.Entries.map((entry) => {
        if (fail(entry)) return { ErrorCode: 'AccessDeniedException', ErrorMessage: 'not allowed' };
        sent.push(entry);
        return { EventId: `e-${sent.length}` };
      });
      return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
    },
  } as unknown as EventBridgeClient;
  return { client, sent, records: () => sent.flatMap((e) => (JSON.parse(e.Detail!) as { records: unknown[] }).records) };
}

function recorder(store: InMemoryAuditStore, bus: ReturnType<typeof fakeBus>, maxRecordsPerEvent?: number) {
  return new AuditRecorder({
    classifier: new AuditClassifier(),
    store,
    publisher: new AuditPublisher({ eventBridge: bus.client, busName: 'vigil-test', sleep: async () => undefined, maxRecordsPerEvent }),
    entries: testContext(),
    shards: 2,
    stage: 'test',
    productVersion: '0.1.0',
  });
}

const inputs = (events: CloudTrailEnvelope[]) => events.map((event, i) => ({ id: `msg-${i}`, event }));

describe('AuditRecorder', () => {
  it('records the audit events of a batch, skips the rest, and hands the records on as "Vigil Audit Records"', async () => {
    const store = new InMemoryAuditStore();
    const bus = fakeBus();
    const events = [
      consoleLogin(),
      cloudTrailCaptured('get-caller-identity'),
      stopLogging(),
      initiateAuth(),
      cloudTrailCaptured('s3-get-object'),
    ];
    const outcome = await recorder(store, bus).record(inputs(events as CloudTrailEnvelope[]));
    expect(outcome).toMatchObject({ recorded: { authentication: 2, operation: 1 }, duplicates: 0, published: 3, skipped: 2 });
    expect(outcome.failed.size).toBe(0);
    expect(bus.sent).toHaveLength(1);
    const published = AuditRecordsEventSchema.parse({
      version: '0',
      id: 'x',
      'detail-type': bus.sent[0]!.DetailType,
      source: bus.sent[0]!.Source,
      account: '111122223333',
      time: '2026-11-20T10:00:00Z',
      region: 'eu-west-1',
      resources: [],
      detail: JSON.parse(bus.sent[0]!.Detail!),
    });
    expect(published['detail-type']).toBe(AUDIT_RECORDS_DETAIL_TYPE);
    expect(published.detail.records.map((r) => r.class_uid).sort()).toEqual([3002, 3002, 6003]);
    expect(bus.sent[0]!.Detail).not.toContain(SUB);
    expect((await store.verifyAll()).records).toBe(3);
  });

  it('packs many records into few bus events', async () => {
    const bus = fakeBus();
    const events = Array.from({ length: 7 }, (_, i) => stopLogging({ eventID: `ct-${i}`, requestParameters: { name: `t${i}` } }));
    const outcome = await recorder(new InMemoryAuditStore(), bus, 3).record(inputs(events.map((e, i) => ({ ...e, id: `ev-${i}` }))));
    expect(outcome.published).toBe(7);
    expect(bus.sent.map((e) => (JSON.parse(e.Detail!) as { records: unknown[] }).records.length)).toEqual([3, 3, 1]);
  });

  it('a redelivered event is not recorded again, and not handed on again once it was', async () => {
    const store = new InMemoryAuditStore();
    const bus = fakeBus();
    const event = stopLogging();
    await recorder(store, bus).record(inputs([event]));
    const again = await recorder(store, bus).record([{ id: 'msg-redelivered', event }]);
    expect(again).toMatchObject({ recorded: { authentication: 0, operation: 0 }, duplicates: 1, published: 0 });
    expect(again.failed.size).toBe(0);
    expect(bus.records()).toHaveLength(1);
    expect((await store.verifyAll()).records).toBe(1);
  });

  it('the same event twice in one batch is one record, both messages acknowledged', async () => {
    const store = new InMemoryAuditStore();
    const event = stopLogging();
    const outcome = await recorder(store, fakeBus()).record([
      { id: 'first', event },
      { id: 'second', event },
    ]);
    expect(outcome).toMatchObject({ recorded: { operation: 1 }, failed: new Map() });
    expect((await store.verifyAll()).records).toBe(1);
  });

  it('a record the bus refused fails its message; its redelivery publishes it without recording it twice', async () => {
    const store = new InMemoryAuditStore();
    let refuse = true;
    const bus = fakeBus(() => refuse);
    const event = consoleLogin();
    const first = await recorder(store, bus).record([{ id: 'm1', event }]);
    expect([...first.failed.keys()]).toEqual(['m1']);
    expect(first.failed.get('m1')?.message).toMatch(/not published: AccessDeniedException/);
    refuse = false;
    const retry = await recorder(store, bus).record([{ id: 'm1-again', event }]);
    expect(retry).toMatchObject({ duplicates: 1, published: 1 });
    expect(retry.failed.size).toBe(0);
    expect(bus.records()).toHaveLength(1);
    expect((await store.verifyAll()).records).toBe(1);
  });
});
