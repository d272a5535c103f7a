import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import {
  ABORT_BEFORE_DEADLINE_MS,
  GIVE_UP_BEFORE_DEADLINE_MS,
  MetricTally,
  eventHandler,
  sqsBatchHandler,
  type StackDependencies,
} from '../../../functions/wiring';
import type { QuarantineStore } from '../../../shared/quarantine';

/** The one middleware stack: time budget, quarantine as middleware, per-record and per-batch failures. */
function dependencies() {
  const quarantined: Array<{ component: string; reason: string; payload: string }> = [];
  const quarantine = {
    put: async (entry: { component: string; reason: string; payload: string }) => {
      quarantined.push(entry);
      return `q${quarantined.length}`;
    },
  };
  const tally = new MetricTally();
  const deps: StackDependencies = {
    logger: new Logger({ serviceName: 'wiring-test', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'VigilTest', serviceName: 'wiring-test' }),
    tally,
    ingest: { component: 'wiring-test', quarantine: quarantine as unknown as QuarantineStore, counter: tally },
  };
  return { deps, quarantined };
}

const context = (remainingMs: number): Context =>
  ({ functionName: 'vigil-test', awsRequestId: 'r1', getRemainingTimeInMillis: () => remainingMs }) as unknown as Context;

const Ping = z.object({ id: z.string(), n: z.number() });

test("a handler gets a deadline GIVE_UP_BEFORE_DEADLINE_MS before Lambda's, and a signal middy aborts after it", async () => {
  expect(GIVE_UP_BEFORE_DEADLINE_MS).toBeGreaterThan(ABORT_BEFORE_DEADLINE_MS);
  const { deps } = dependencies();
  let seen: { deadline: number; aborted: boolean } | undefined;
  const handler = eventHandler(deps, Ping, async (_event, _context, budget) => {
    seen = { deadline: budget.deadline, aborted: budget.signal.aborted };
    return 'done';
  });
  const before = Date.now();
  await expect(handler({ id: 'a', n: 1 }, context(30_000))).resolves.toBe('done');
  expect(seen!.aborted).toBe(false);
  expect(seen!.deadline).toBeGreaterThanOrEqual(before + 30_000 - GIVE_UP_BEFORE_DEADLINE_MS);
  expect(seen!.deadline).toBeLessThanOrEqual(Date.now() + 30_000 - GIVE_UP_BEFORE_DEADLINE_MS);
});

test('middy aborts the signal and fails the invocation ABORT_BEFORE_DEADLINE_MS before the Lambda deadline', async () => {
  const { deps } = dependencies();
  let signal: AbortSignal | undefined;
  const handler = eventHandler(deps, Ping, (_event, _context, budget) => {
    signal = budget.signal;
    return new Promise<string>(() => undefined); // never settles: Lambda would kill it
  });
  await expect(handler({ id: 'a', n: 1 }, context(ABORT_BEFORE_DEADLINE_MS + 50))).rejects.toMatchObject({ name: 'TimeoutError' });
  expect(signal!.aborted).toBe(true);
});

test('an event that fails its contract is quarantined and the handler is not called', async () => {
  const { deps, quarantined } = dependencies();
  const handler = eventHandler(deps, Ping, async () => 'handled');
  await expect(handler({ id: 'a', n: 'one' } as never, context(10_000))).resolves.toEqual({ quarantined: true, quarantineId: 'q1' });
  expect(quarantined.map((q) => [q.component, q.reason])).toEqual([['wiring-test', 'n: Invalid input: expected number, received string']]);
});

const sqs = (...bodies: string[]): SQSEvent =>
  ({ Records: bodies.map((body, i) => ({ messageId: `m${i}`, body, attributes: {}, eventSource: 'aws:sqs' })) }) as unknown as SQSEvent;

test('a batch: invalid records quarantined, a failing record reported alone, the batch step sees the rest', async () => {
  const { deps, quarantined } = dependencies();
  const batches: number[][] = [];
  const handler = sqsBatchHandler(deps, Ping, {
    inOrder: true,
    record: async (event) => {
      if (event.n === 3) throw new Error('record 3 fails');
    },
    batch: async (accepted) => void batches.push(accepted.map((r) => r.event.n)),
  });
  const response = await handler(sqs('{"id":"a","n":1}', 'not json', '{"id":"c","n":3}', '{"id":"d","n":4}'), context(10_000));
  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
  expect(batches).toEqual([[1, 4]]);
  expect(quarantined).toHaveLength(1);
});

test('a failing batch step reports every record that fed it, and keeps the record failures', async () => {
  const { deps } = dependencies();
  const handler = sqsBatchHandler(deps, Ping, {
    record: async (event) => {
      if (event.n === 2) throw new Error('record 2 fails');
    },
    batch: async () => {
      throw new Error('state write failed');
    },
  });
  const response = await handler(sqs('{"id":"a","n":1}', '{"id":"b","n":2}', '{"id":"c","n":3}'), context(10_000));
  expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m0', 'm1', 'm2']);
});

test('a batch step that names the records it failed reports those alone (the audit recorder does)', async () => {
  const { deps } = dependencies();
  const handler = sqsBatchHandler(deps, Ping, {
    // m9 is not in the batch: a step cannot fail a record it was not given.
    batch: async (accepted) => ({ failedMessageIds: [...accepted.filter((r) => r.event.n % 2 === 0).map((r) => r.messageId), 'm9'] }),
  });
  const response = await handler(sqs('{"id":"a","n":1}', '{"id":"b","n":2}', '{"id":"c","n":3}', '{"id":"d","n":4}'), context(10_000));
  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm3' }] });
});
