import { join } from 'node:path';
import { EmbeddedRuntime } from '../../../../../infra/local/runtime/EmbeddedRuntime';
import { loadFunctionCatalogue } from '../../../../../infra/manifest/loadFunctionManifests';

/** The schedule and log-subscription adapters, and each function's own environment, on two fixture functions. */
const registry = globalThis as Record<string, unknown>;
let runtime: EmbeddedRuntime;

beforeAll(async () => {
  const catalogue = loadFunctionCatalogue(join(__dirname, 'fixtures', 'functions'), []);
  runtime = await EmbeddedRuntime.start({ catalogue });
}, 60_000);

afterAll(() => runtime.close());
beforeEach(() => {
  registry.__sweeperRuns = [];
  registry.__logBatches = [];
});

test('tick runs a scheduled function at every time its schedule fires in event time, with the Scheduled Event', async () => {
  await runtime.tick(new Date('2026-11-20T10:03:00Z'));
  expect(registry.__sweeperRuns).toEqual([]);
  await runtime.tick(new Date('2026-11-20T10:31:10Z'));
  // A late event (10:05) does not take event time back: nothing runs again.
  await runtime.tick(new Date('2026-11-20T10:05:00Z'));
  const runs = registry.__sweeperRuns as Array<Record<string, unknown>>;
  expect(runs.map((r) => r.time)).toEqual(['2026-11-20T10:10:00Z', '2026-11-20T10:20:00Z', '2026-11-20T10:30:00Z']);
  expect(runs[0]).toMatchObject({
    detailType: 'Scheduled Event',
    source: 'aws.events',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/vigil-local-sweeper-drain'],
    functionName: 'vigil-local-sweeper',
  });
  expect(runtime.stats.scheduledRuns).toEqual({ sweeper: 3 });
  expect(runtime.eventTime?.toISOString()).toBe('2026-11-20T10:31:10.000Z');
});

test('each function sees its own environment only, as in Lambda', async () => {
  await runtime.tick(new Date('2026-11-20T10:40:00Z'));
  runtime.putLogEvents('/aws/lambda/probe', [{ timestamp: 1, message: 'ERROR request timed out after 30 s' }]);
  await runtime.drain();
  expect(registry.__sweeperRuns).toEqual([expect.objectContaining({ outbox: 'vigil-local-outbox', findings: undefined })]);
  expect(registry.__logBatches).toEqual([expect.objectContaining({ findings: 'vigil-local-findings', outbox: undefined })]);
  expect(process.env.OUTBOX_TABLE).toBeUndefined();
  expect(process.env.FINDINGS_TABLE).toBeUndefined();
});

test('putLogEvents hands the subscribed function the events its filter passes, gzipped as CloudWatch Logs does', async () => {
  const targets = runtime.putLogEvents('/aws/lambda/probe', [
    { timestamp: 1_763_632_800_000, message: 'INFO all good' },
    { timestamp: 1_763_632_801_000, message: 'ERROR upstream timed out' },
    { timestamp: 1_763_632_802_000, message: 'ERROR bad input' },
  ]);
  expect(targets).toBe(1);
  expect(runtime.putLogEvents('/aws/lambda/other', [{ timestamp: 1, message: 'ERROR timed out' }])).toBe(0);
  await runtime.drain();
  const [batch] = registry.__logBatches as Array<{ payload: Record<string, unknown> }>;
  expect(batch!.payload).toMatchObject({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/lambda/probe',
    subscriptionFilters: ['vigil-local-log-reader'],
    logEvents: [{ id: expect.any(String), timestamp: 1_763_632_801_000, message: 'ERROR upstream timed out' }],
  });
});

test('a replayed payload keeps its owner and stream; putControlMessage sends each subscription the CONTROL_MESSAGE', async () => {
  runtime.putLogEvents(
    '/aws/lambda/probe',
    [{ timestamp: 1_763_632_900_000, message: 'ERROR it timed out' }],
    'captured-stream',
    '111122223333',
  );
  expect(runtime.putControlMessage()).toBe(1);
  await runtime.drain();
  const [data, control] = (registry.__logBatches as Array<{ payload: Record<string, unknown> }>).map((b) => b.payload);
  expect(data).toMatchObject({ messageType: 'DATA_MESSAGE', owner: '111122223333', logStream: 'captured-stream' });
  expect(control).toMatchObject({ messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logEvents: [expect.any(Object)] });
  expect(runtime.subscribedLogGroups).toEqual(['/aws/lambda/probe']);
});
