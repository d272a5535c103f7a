import { EventBridgeClient, ListRulesCommand, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { localClientConfig } from '../../../../infra/local/awsClients';
import {
  putEventsEntrySize,
  startEventBridge,
  type EmbeddedEventBridge,
  type PutEventsEntryAccepted,
  type PutEventsEntryFailure,
  type PutEventsRequestEntryWire,
} from '../../../../infra/local/eventBridgeEndpoint';
import { rejection } from '../../../helpers/rejection';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const BUS = 'vigil-test';

let eb: EmbeddedEventBridge;
let client: EventBridgeClient;
let received: PutEventsEntryAccepted[][] = [];
let dropped: PutEventsEntryAccepted[] = [];
let fault: ((entry: PutEventsRequestEntryWire, index: number) => PutEventsEntryFailure | undefined) | undefined;
let deliveryError: Error | undefined;

beforeAll(async () => {
  eb = await startEventBridge({
    account: ACCOUNT,
    region: REGION,
    buses: [BUS],
    onEvents: (entries) => {
      if (deliveryError) throw deliveryError;
      received.push(entries);
    },
    onUnroutable: (entries) => {
      dropped.push(...entries);
    },
    failNext: (entry, index) => fault?.(entry, index),
  });
  client = new EventBridgeClient(localClientConfig(eb.endpoint, { maxAttempts: 1 }));
});

afterAll(async () => {
  client.destroy();
  await eb.close();
});

beforeEach(() => {
  received = [];
  dropped = [];
  fault = undefined;
  deliveryError = undefined;
});

const entry = (n: number, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: 'vigil.test',
  DetailType: 'Test Event',
  Detail: JSON.stringify({ n }),
  EventBusName: BUS,
  ...extra,
});

async function raw(headers: Record<string, string>, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(eb.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', ...headers }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('PutEvents request limits', () => {
  it('accepts 10 entries and rejects 11 with the ValidationException AWS answers', async () => {
    const ok = await client.send(new PutEventsCommand({ Entries: Array.from({ length: 10 }, (_, i) => entry(i)) }));
    expect(ok.FailedEntryCount).toBe(0);
    expect(ok.Entries).toHaveLength(10);

    const err = await rejection(client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, (_, i) => entry(i)) })));
    expect(err.name).toBe('ValidationException');
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(err.message).toMatch(/^1 validation error detected: Value '\[PutEventsRequestEntry\(time=null, source=vigil\.test, /);
    expect(err.message).toMatch(/at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/);
    expect(received).toHaveLength(1); // only the accepted request delivered
  });

  it('rejects an empty request', async () => {
    const err = await rejection(client.send(new PutEventsCommand({ Entries: [] })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toContain('Member must have length greater than or equal to 1');
  });

  it('computes entry size as AWS documents it (Time 14 bytes, UTF-8 lengths, bus name not counted)', () => {
    expect(
      putEventsEntrySize({
        Time: 1,
        Source: 'ab',
        DetailType: 'é',
        Detail: '{"k":"€"}',
        Resources: ['r1', 'r2'],
        EventBusName: 'long-bus-name',
      }),
    ).toBe(14 + 2 + 2 + 11 + 4);
  });

  it('fails the whole request when the entries total 256 KB or more, even with one oversized entry', async () => {
    const big = entry(0, { Detail: JSON.stringify({ blob: 'x'.repeat(256 * 1024) }) });
    const err = await rejection(client.send(new PutEventsCommand({ Entries: [entry(1), big, entry(2)] })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('Total size of the entries in the request is over the limit.');
    expect(received).toHaveLength(0);
  });

  it('puts the limit at the documented boundary: total must be less than 256 KB', async () => {
    const base = { Source: 's', DetailType: 'd', EventBusName: BUS };
    // {"p":"..."} is 8 bytes of overhead; Source + DetailType 2 bytes.
    const detailOfTotal = (total: number): string => JSON.stringify({ p: 'x'.repeat(total - 2 - 8) });
    const under = await client.send(new PutEventsCommand({ Entries: [{ ...base, Detail: detailOfTotal(256 * 1024 - 1) }] }));
    expect(under.FailedEntryCount).toBe(0);
    const err = await rejection(client.send(new PutEventsCommand({ Entries: [{ ...base, Detail: detailOfTotal(256 * 1024) }] })));
    expect(err.message).toBe('Total size of the entries in the request is over the limit.');
  });

  it('refuses a body too large to hold entries under the limit with the same ValidationException', async () => {
    const { status, json } = await raw(
      { 'x-amz-target': 'AWSEvents.PutEvents' },
      JSON.stringify({ Entries: [{ Detail: 'x'.repeat(3 * 1024 * 1024) }] }),
    );
    expect(status).toBe(400);
    expect(json).toEqual({ __type: 'ValidationException', message: 'Total size of the entries in the request is over the limit.' });
  });

  it('rejects an EventBusName outside the model pattern (e.g. an unresolved ${...} variable)', async () => {
    const err = await rejection(
      client.send(new PutEventsCommand({ Entries: [entry(1), entry(2, { EventBusName: 'vigil-${sls:stage}' })] })),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toContain("Value 'vigil-${sls:stage}' at 'entries.2.member.eventBusName' failed to satisfy constraint");
  });
});

describe('PutEvents per-entry results', () => {
  it('reports missing and malformed members per entry, as AWS does, and accepts the others', async () => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          entry(0),
          { DetailType: 'x', Detail: '{}' },
          { Source: 'x', Detail: '{}' },
          { Source: 'x', DetailType: 'x' },
          entry(4, { Detail: '"a string"' }),
          entry(5, { Detail: '[1,2]' }),
          entry(6, { Detail: '{not json' }),
          entry(7),
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(6);
    expect(out.Entries?.[0]?.EventId).toBeDefined();
    expect(out.Entries?.[1]).toEqual({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
    });
    expect(out.Entries?.[2]).toEqual({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
    });
    expect(out.Entries?.[3]).toEqual({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
    });
    for (const i of [4, 5, 6]) expect(out.Entries?.[i]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(out.Entries?.[7]?.EventId).toBeDefined();

    expect(received).toHaveLength(1);
    expect(received[0]?.map((e) => e.detail)).toEqual([{ n: 0 }, { n: 7 }]);
    expect(received[0]?.map((e) => e.id)).toEqual([out.Entries?.[0]?.EventId, out.Entries?.[7]?.EventId]);
  });

  it('passes accepted entries to onEvents as the envelope a target receives, plus the bus name', async () => {
    const time = new Date('2024-05-01T10:00:00.789Z');
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'aws.guardduty',
            DetailType: 'GuardDuty Finding',
            Detail: '{"severity":8}',
            Time: time,
            Resources: ['arn:aws:ec2:eu-west-1:1:instance/i-1'],
          },
          entry(1, { EventBusName: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${BUS}` }),
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    const [first, second] = received[0] ?? [];
    expect(first).toEqual({
      version: '0',
      id: out.Entries?.[0]?.EventId,
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      account: ACCOUNT,
      time: '2024-05-01T10:00:00Z',
      region: REGION,
      resources: ['arn:aws:ec2:eu-west-1:1:instance/i-1'],
      detail: { severity: 8 },
      eventBusName: 'default',
    });
    expect(second?.eventBusName).toBe(BUS);
    expect(second?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(second?.resources).toEqual([]);
  });

  it('accepts entries for a bus that does not exist and drops them, as AWS does', async () => {
    const out = await client.send(new PutEventsCommand({ Entries: [entry(1, { EventBusName: 'no-such-bus' }), entry(2)] }));
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries?.every((e) => e.EventId)).toBe(true);
    expect(received.flat().map((e) => e.detail)).toEqual([{ n: 2 }]);
    expect(dropped.map((e) => e.eventBusName)).toEqual(['no-such-bus']);
  });

  it('injects retryable per-entry failures, and the retry of the failed entries succeeds', async () => {
    fault = (_entry, i) => (i === 1 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : undefined);
    const entries = [entry(0), entry(1), entry(2)];
    const first = await client.send(new PutEventsCommand({ Entries: entries }));
    expect(first.FailedEntryCount).toBe(1);
    expect(first.Entries?.[1]).toEqual({ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' });
    expect(received.flat().map((e) => e.detail)).toEqual([{ n: 0 }, { n: 2 }]);

    fault = undefined;
    const failed = entries.filter((_, i) => first.Entries?.[i]?.ErrorCode);
    const retry = await client.send(new PutEventsCommand({ Entries: failed }));
    expect(retry.FailedEntryCount).toBe(0);
    expect(received.flat().map((e) => e.detail)).toEqual([{ n: 0 }, { n: 2 }, { n: 1 }]);
  });

  it('reports the entries as InternalFailure when the local consumer throws', async () => {
    deliveryError = new Error('consumer broke');
    const out = await client.send(new PutEventsCommand({ Entries: [entry(1), { Source: 'x', DetailType: 'x' }] }));
    expect(out.FailedEntryCount).toBe(2);
    expect(out.Entries?.[0]).toEqual({ ErrorCode: 'InternalFailure', ErrorMessage: 'Local delivery failed: consumer broke' });
    expect(out.Entries?.[1]?.ErrorCode).toBe('InvalidArgument');
  });
});

describe('AWS JSON 1.1 protocol errors', () => {
  it('answers an operation it does not implement with UnknownOperationException, which the SDK throws', async () => {
    const err = await rejection(client.send(new ListRulesCommand({})));
    expect(err.name).toBe('UnknownOperationException');
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });

  it('answers a missing target and bad JSON in AWS error form', async () => {
    const noTarget = await raw({}, '{}');
    expect(noTarget.status).toBe(400);
    expect(noTarget.json.__type).toBe('UnknownOperationException');

    const badJson = await raw({ 'x-amz-target': 'AWSEvents.PutEvents' }, '{"Entries": [');
    expect(badJson.status).toBe(400);
    expect(badJson.json.__type).toBe('SerializationException');
  });
});
