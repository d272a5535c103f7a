import { EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { localClientConfig, startEventBridge, type EmbeddedEventBridge, type PutEventsEntryAccepted } from '../../../../infra/local';
import { RetryDeadlineError } from '../../../../shared/retry';
import {
  chunkPutEventsEntries,
  putEventsBatched,
  putEventsEntrySize,
  PUT_EVENTS_MAX_BYTES,
} from '../../../../shared/events/putEventsBatched';

const entry = (i: number, detailBytes = 20): PutEventsRequestEntry => ({
  Source: 'vigil.test',
  DetailType: 'Test Event',
  Detail: JSON.stringify({ i, pad: 'x'.repeat(Math.max(0, detailBytes - 20)) }),
  EventBusName: 'vigil-test',
});

describe('chunkPutEventsEntries', () => {
  test('at most 10 entries per request', () => {
    const chunks = chunkPutEventsEntries(Array.from({ length: 25 }, (_, i) => entry(i)));
    expect(chunks.map((c) => c.length)).toEqual([10, 10, 5]);
  });

  test('at most 256 KB per request, by the entry size EventBridge computes', () => {
    const big = Array.from({ length: 6 }, (_, i) => entry(i, 100 * 1024));
    const chunks = chunkPutEventsEntries(big);
    for (const chunk of chunks) expect(chunk.reduce((n, e) => n + putEventsEntrySize(e), 0)).toBeLessThanOrEqual(PUT_EVENTS_MAX_BYTES);
    expect(chunks.flat()).toHaveLength(6);
  });
});

describe('putEventsBatched against the embedded EventBridge', () => {
  let bus: EmbeddedEventBridge;
  let client: EventBridgeClient;
  const received: PutEventsEntryAccepted[] = [];
  let throttle = 0;

  beforeAll(async () => {
    bus = await startEventBridge({
      buses: ['vigil-test'],
      onEvents: (entries) => {
        received.push(...entries);
      },
      failNext: () => (throttle-- > 0 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : undefined),
    });
    client = new EventBridgeClient(localClientConfig(bus.endpoint));
  });

  afterAll(async () => {
    client.destroy();
    await bus.close();
  });

  beforeEach(() => {
    received.length = 0;
  });

  test('publishes every entry, in requests within the limits', async () => {
    const outcome = await putEventsBatched(
      client,
      Array.from({ length: 23 }, (_, i) => entry(i)),
    );
    expect(outcome).toMatchObject({ published: 23, failed: [], requests: 3 });
    expect(received.map((e) => (e.detail as { i: number }).i)).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  test('entries failing transiently are retried alone until they pass', async () => {
    throttle = 3;
    const outcome = await putEventsBatched(
      client,
      Array.from({ length: 5 }, (_, i) => entry(i)),
      { sleep: async () => undefined },
    );
    expect(outcome.published).toBe(5);
    expect(outcome.failed).toEqual([]);
    expect(received).toHaveLength(5);
  });

  test('entries failing for good are reported with their code, the others still published', async () => {
    const bad = { ...entry(99), Detail: 'not json' };
    const outcome = await putEventsBatched(client, [entry(1), bad, entry(2)], { sleep: async () => undefined });
    expect(outcome.published).toBe(2);
    expect(outcome.failed).toHaveLength(1);
    expect(outcome.failed[0].errorCode).toBe('MalformedDetail');
  });

  test('a retry that would outlast the deadline is not waited for: RetryDeadlineError, what was published stays', async () => {
    throttle = 2;
    const sleeps: number[] = [];
    const error = await putEventsBatched(
      client,
      Array.from({ length: 5 }, (_, i) => entry(i)),
      {
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0.999999,
        deadline: Date.now() + 150,
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryDeadlineError);
    expect(error).toMatchObject({ reason: 'deadline', attempts: 1 });
    expect(sleeps).toEqual([]);
    expect(received).toHaveLength(3);
    throttle = 0;
  });

  test('an aborted signal sends nothing', async () => {
    const aborted = putEventsBatched(client, [entry(1)], { signal: AbortSignal.abort() });
    await expect(aborted).rejects.toMatchObject({ reason: 'aborted', attempts: 0 });
    expect(received).toHaveLength(0);
  });
});
