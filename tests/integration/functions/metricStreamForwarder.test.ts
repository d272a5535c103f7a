import { EmbeddedRuntime } from '../../../infra/local/runtime/EmbeddedRuntime';
import { latencyRecord } from '../../shared/slo/latencyRecords';

/**
 * functions/metric-stream-forwarder on the embedded runtime, invoked with the event Firehose's data transformation
 * sends: its records reach endpoint-latency through the Vigil bus and the endpoint-latency rule; a bad line is
 * quarantined by the forwarder with its reason, and the batch goes on.
 */
let runtime: EmbeddedRuntime;

beforeAll(async () => {
  runtime = await EmbeddedRuntime.start();
}, 60_000);

afterAll(() => runtime.close());

const lines = (minutes: number[]) =>
  minutes.map((i) => `${JSON.stringify(latencyRecord({ timestamp: Date.parse('2026-11-30T05:00:00Z') + i * 60_000 }))}\n`).join('');
const firehoseEvent = (records: Array<{ recordId: string; data: string }>) => ({
  invocationId: '2b4d1ad9-2f48-94bd-a088-767c317e994a',
  deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/vigil-local-metric-stream',
  region: 'eu-west-1',
  records: records.map((r) => ({ ...r, approximateArrivalTimestamp: 1_764_478_800_000, data: Buffer.from(r.data).toString('base64') })),
});

test('a Firehose batch reaches endpoint-latency one record at a time; a bad line is quarantined with its reason', async () => {
  runtime.invokeAsync(
    'metricStreamForwarder',
    firehoseEvent([
      { recordId: 'r1', data: lines([0, 1]) },
      { recordId: 'r2', data: `${lines([2])}{"namespace": "AWS/SageMaker"}\n` },
    ]),
  );
  await runtime.drain();
  expect(runtime.stats.failedInvocations).toEqual([]);
  expect(runtime.stats.invocations.metricStreamForwarder).toBe(1);
  expect(runtime.stats.invocations.endpointLatency).toBe(3);
  const rows = (await runtime.quarantined()).filter((r) => r.component === 'metric-stream-forwarder');
  expect(rows.map((r) => r.reason)).toEqual([
    expect.stringMatching(/^firehose record r2, line 2: not a CloudWatch metric-stream record: /),
  ]);
}, 60_000);
