import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { MetricStreamRecordEventSchema } from '../../../../events/schemas';
import { localClientConfig, startEventBridge, type EmbeddedEventBridge, type PutEventsEntryAccepted } from '../../../../infra/local';
import { MetricStreamForwarder } from '../../../../shared/slo/modelLatency';
import { latencyRecord } from '../../../shared/slo/latencyRecords';

/*
 * The metric stream's Firehose transformation against the embedded EventBridge: newline-delimited metric-stream
 * JSON in, one bus event per metric record out, in the shape endpoint-latency's schema accepts.
 */
const BUS = 'vigil-test';
let bus: EmbeddedEventBridge;
let client: EventBridgeClient;
const received: PutEventsEntryAccepted[] = [];
/** Entries whose detail contains this text are refused: retryable ones `throttle` times, the others for good. */
let refuse: { text: string; code: string; times: number } | undefined;
let requests = 0;

beforeAll(async () => {
  bus = await startEventBridge({
    buses: [BUS],
    onEvents: (entries) => {
      requests += 1;
      received.push(...entries);
    },
    failNext: (entry) => {
      if (!refuse || !entry.Detail?.includes(refuse.text) || refuse.times <= 0) return undefined;
      refuse.times -= 1;
      return { ErrorCode: refuse.code, ErrorMessage: 'refused by the test' };
    },
  });
  client = new EventBridgeClient(localClientConfig(bus.endpoint));
});

afterAll(async () => {
  client.destroy();
  await bus.close();
});

beforeEach(() => {
  received.length = 0;
  refuse = undefined;
  requests = 0;
});

const forwarder = () => new MetricStreamForwarder({ eventBridge: client, busName: BUS, sleep: async () => {} });
const minute = (i: number) => Date.parse('2026-11-30T05:00:00Z') + i * 60_000;
/** A Firehose record as a JSON metric stream fills it: several metric records, one per line, a newline after each. */
const firehoseRecord = (recordId: string, endpoint: string, minutes: number[]) => ({
  recordId,
  data: minutes
    .map(
      (i) =>
        `${JSON.stringify(latencyRecord({ timestamp: minute(i), dimensions: { EndpointName: endpoint, VariantName: 'AllTraffic' } }))}\n`,
    )
    .join(''),
});

test('every metric record becomes one bus event endpoint-latency accepts, batched within PutEvents limits', async () => {
  const records = [firehoseRecord('r1', 'churn-scorer', [0, 1, 2, 3, 4, 5, 6]), firehoseRecord('r2', 'fraud-scorer', [0, 1, 2, 3, 4, 5])];
  const outcome = await forwarder().forward(records);
  expect(outcome.forwarded).toBe(13);
  expect(outcome.rejected).toEqual([]);
  expect(requests).toBe(2);
  expect(outcome.records).toEqual(
    records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: Buffer.from(r.data).toString('base64') })),
  );
  expect(received).toHaveLength(13);
  for (const entry of received) {
    const { eventBusName, ...event } = entry;
    expect(eventBusName).toBe(BUS);
    const parsed = MetricStreamRecordEventSchema.parse(event);
    // Event time is the record's minute; the detail is the record unchanged.
    expect(Date.parse(parsed.time)).toBe(parsed.detail.timestamp);
  }
  expect(
    received.find((e) => e.detail.timestamp === minute(3) && (e.detail.dimensions as any).EndpointName === 'fraud-scorer')?.detail,
  ).toEqual(latencyRecord({ timestamp: minute(3), dimensions: { EndpointName: 'fraud-scorer', VariantName: 'AllTraffic' } }));
});

test('a line that is not a metric-stream record is rejected with its reason; the rest of its record is forwarded', async () => {
  const good = firehoseRecord('r1', 'churn-scorer', [0]).data;
  const outcome = await forwarder().forward([{ recordId: 'r1', data: `${good}{"metric_name": "ModelLatency"}\nnot json\n` }]);
  expect(outcome.forwarded).toBe(1);
  expect(outcome.records[0]!.result).toBe('Ok');
  expect(outcome.rejected.map((r) => [r.recordId, r.line, r.reason.split(':')[0]])).toEqual([
    ['r1', 2, 'not a CloudWatch metric-stream record'],
    ['r1', 3, 'not JSON (a metric stream in the json output format writes one JSON record per line)'],
  ]);
  expect(outcome.rejected[0]!.reason).toMatch(/metric_stream_name/);
});

test('entries refused with a retryable code are sent again; the records all come back Ok', async () => {
  refuse = { text: 'fraud-scorer', code: 'ThrottlingException', times: 3 };
  const outcome = await forwarder().forward([
    firehoseRecord('r1', 'churn-scorer', [0, 1]),
    firehoseRecord('r2', 'fraud-scorer', [0, 1, 2]),
  ]);
  expect(outcome.failed).toEqual([]);
  expect(outcome.records.map((r) => r.result)).toEqual(['Ok', 'Ok']);
  expect(received).toHaveLength(5);
});

test('a record with a line PutEvents refuses for good comes back ProcessingFailed, the others Ok', async () => {
  refuse = { text: 'fraud-scorer', code: 'AccessDeniedException', times: 1 };
  const outcome = await forwarder().forward([
    firehoseRecord('r1', 'churn-scorer', [0, 1]),
    firehoseRecord('r2', 'fraud-scorer', [0, 1, 2]),
  ]);
  expect(outcome.records.map((r) => [r.recordId, r.result])).toEqual([
    ['r1', 'Ok'],
    ['r2', 'ProcessingFailed'],
  ]);
  expect(outcome.failed.map((f) => f.errorCode)).toEqual(['AccessDeniedException']);
  expect(outcome.forwarded).toBe(4);
});
