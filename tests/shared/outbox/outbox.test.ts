import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { ensureTables, loadTableDefinitions, localClientConfig, startDynamo } from '../../../infra/local';
import {
  PermanentDeliveryError,
  RetryableDeliveryError,
  type OcsfRecord,
  type OpsGenieDeliveryOptions,
  type OpsGenieRequest,
  type OpsGenieRequestStatus,
} from '../../../shared/alerts';
import {
  Deliverer,
  DynamoOutboxStore,
  InMemoryOutboxStore,
  OutboxDrain,
  deliveryFailureFinding,
  deliveryId,
  type OutboxEntry,
  type OutboxStore,
} from '../../../shared/outbox';
import { DynamoRouterStateStore, InMemoryRouterStateStore, type RouterStateStore } from '../../../shared/routing';

const TABLE = 'vigil-test-outbox';
let dynamo: Awaited<ReturnType<typeof startDynamo>>;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startDynamo();
  client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  // The Outbox table as deployed (infra/resources/tables.yml), its status-index included.
  const definitions = loadTableDefinitions(join(__dirname, '../../../infra/resources/tables.yml'), {
    resolveName: (logicalId) => (logicalId === 'Outbox' ? TABLE : `unused-${logicalId}`),
  });
  await ensureTables(
    client,
    definitions.filter((d) => d.logicalId === 'Outbox'),
  );
});

afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

const stores: Array<[string, () => OutboxStore]> = [
  ['in memory', () => new InMemoryOutboxStore()],
  ['DynamoDB', () => new DynamoOutboxStore(DynamoDBDocumentClient.from(client), TABLE)],
];

let seq = 0;
function entry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  seq += 1;
  const findingId = `f${seq}`;
  const payload: OpsGenieRequest = {
    method: 'POST',
    url: 'https://api.opsgenie.com/v2/alerts',
    body: { message: 'm', alias: `a-${findingId}` },
  };
  return {
    id: deliveryId('opsgenie', findingId, 'create'),
    sink: 'opsgenie',
    findingId,
    operation: 'create',
    payload,
    reason: 'RetryableDeliveryError: 503',
    attempts: 5,
    status: 'waiting',
    enqueuedAt: 1_000 * seq,
    lastAttemptAt: 1_000 * seq,
    ...overrides,
  };
}

/** Sinks that answer from a script: 'ok', 'retry' (RetryableDeliveryError) or 'refuse' (PermanentDeliveryError). */
function scriptedSinks(script: Record<string, 'ok' | 'retry' | 'refuse'>) {
  const sent: string[] = [];
  const answer = async (key: string) => {
    sent.push(key);
    const how = script[key] ?? 'ok';
    if (how === 'retry') throw new RetryableDeliveryError('still down', { attempts: 2 });
    if (how === 'refuse') throw new PermanentDeliveryError('bad key', { attempts: 1 });
    return { sink: 'test', delivered: 1, attempts: 1 };
  };
  const resends: boolean[] = [];
  return {
    sent,
    resends,
    opsgenie: {
      name: 'og',
      deliver: (r: OpsGenieRequest, options?: OpsGenieDeliveryOptions) => {
        resends.push(options?.resend === true);
        return answer((r.body as { alias: string }).alias);
      },
    },
    siem: { name: 'siem', deliver: (r: readonly OcsfRecord[]) => answer(r[0]!.metadata.uid) },
  };
}

describe.each(stores)('the outbox (%s)', (_name, makeStore) => {
  test('entries list oldest first; the same delivery failing again adds attempts, keeps its age', async () => {
    const store = makeStore();
    const a = entry({ enqueuedAt: 5_000_000 });
    const b = entry({ enqueuedAt: 4_000_000 });
    await store.enqueue(a);
    await store.enqueue(b);
    await store.enqueue({ ...a, attempts: 3, reason: 'later reason', enqueuedAt: 9_000_000 });
    const mine = (await store.list('waiting')).filter((e) => [a.id, b.id].includes(e.id));
    expect(mine.map((e) => [e.id, e.attempts, e.enqueuedAt])).toEqual([
      [b.id, 5, 4_000_000],
      [a.id, 8, 5_000_000],
    ]);
    expect(mine[1]!.reason).toBe('later reason');
    expect(mine[1]!.payload).toEqual(a.payload);
  });

  test('a delivered entry leaves the list and is never revived by a late failure report', async () => {
    const store = makeStore();
    const a = entry();
    await store.enqueue(a);
    await store.markDelivered(a.id, 2);
    await store.enqueue(a);
    expect((await store.list('waiting')).map((e) => e.id)).not.toContain(a.id);
  });

  test('the drain retries in order, stops a sink at its first failure, keeps refusals as failed, names what is overdue', async () => {
    const store = makeStore();
    const existing = new Set((await store.list('waiting')).map((e) => e.id));
    const first = entry({ enqueuedAt: 10 });
    const refused = entry({ enqueuedAt: 20 });
    const stuck = entry({ enqueuedAt: 30 });
    const behind = entry({ enqueuedAt: 40 });
    const siem = entry({
      id: deliveryId('siem', 'fs', 'create'),
      sink: 'siem',
      findingId: 'fs',
      payload: [{ class_uid: 2004, time: 1, metadata: { uid: 'uid-fs' } }],
      enqueuedAt: 50,
    });
    for (const e of [behind, stuck, siem, refused, first]) await store.enqueue(e);
    const alias = (e: OutboxEntry) => ((e.payload as OpsGenieRequest).body as { alias: string }).alias;
    const sinks = scriptedSinks({ [alias(refused)]: 'refuse', [alias(stuck)]: 'retry' });
    const delivered: string[] = [];
    const drain = new OutboxDrain({
      store,
      deliverer: new Deliverer({ ...sinks, outbox: store }),
      budgetMs: 1_000,
      onDelivered: async (e) => void delivered.push(e.id),
    });
    const result = await drain.run(10_000);
    const ours = (ids: string[]) => ids.filter((id) => !existing.has(id));
    // In order; the stuck create stops OpsGenie's run (the entry behind it waits), the SIEM's run goes on.
    expect(sinks.sent.filter((k) => k === 'uid-fs' || [first, refused, stuck, behind].map(alias).includes(k))).toEqual([
      alias(first),
      alias(refused),
      alias(stuck),
      'uid-fs',
    ]);
    expect(ours(delivered)).toEqual([first.id, siem.id]);
    expect(ours(result.waiting.map((e) => e.id))).toEqual([stuck.id, behind.id]);
    expect(result.waiting.find((e) => e.id === stuck.id)).toMatchObject({ attempts: 7, reason: expect.stringContaining('still down') });
    expect(ours(result.overdue.map((e) => e.id))).toEqual([stuck.id, behind.id]);
    expect((await store.list('failed')).find((e) => e.id === refused.id)).toMatchObject({ reason: expect.stringContaining('bad key') });

    // Every OpsGenie resend went as a resend (a create looks its alias up before creating again).
    expect(sinks.resends.every(Boolean)).toBe(true);
    expect(sinks.resends.length).toBeGreaterThan(0);

    // The next run resends nothing that was delivered.
    sinks.sent.length = 0;
    await drain.run(20_000);
    expect(sinks.sent).not.toContain(alias(first));
    expect(sinks.sent).not.toContain('uid-fs');
  });
});

describe.each(stores)('OpsGenie request outcomes (%s)', (_name, makeStore) => {
  /** OpsGenie's request-status API from a script, by requestId: ok, pending, fail (processed unsuccessfully), down. */
  function statusReader(script: Record<string, 'ok' | 'pending' | 'fail' | 'down'>) {
    const reads: string[] = [];
    return {
      reads,
      getRequestStatus: async (requestId: string): Promise<OpsGenieRequestStatus> => {
        reads.push(requestId);
        const how = script[requestId] ?? 'ok';
        if (how === 'down') throw new RetryableDeliveryError('status read timed out', { attempts: 3 });
        if (how === 'pending') return { state: 'pending', requestId, attempts: 1 };
        return how === 'ok'
          ? { state: 'processed', requestId, success: true, action: 'Create', status: 'Created alert', attempts: 1 }
          : { state: 'processed', requestId, success: false, action: 'Create', status: 'Integration is disabled', attempts: 1 };
      },
    };
  }
  /** An OpsGenie sink that accepts everything, its requestId `req-<alias>`. */
  const accepting = {
    name: 'og',
    deliver: async (r: OpsGenieRequest) => ({
      sink: 'og',
      delivered: 1,
      attempts: 1,
      requestId: `req-${(r.body as { alias: string }).alias}`,
    }),
  };
  const siem = { name: 'siem', deliver: async (r: readonly OcsfRecord[]) => ({ sink: 'siem', delivered: r.length, attempts: 1 }) };
  const alias = (e: OutboxEntry) => ((e.payload as OpsGenieRequest).body as { alias: string }).alias;
  const delivery = (e: OutboxEntry) => ({ id: e.id, sink: e.sink, findingId: e.findingId, operation: e.operation, payload: e.payload });

  test('an accepted request waits as checking; the drain confirms it, keeps a failed one, names one pending too long', async () => {
    const store = makeStore();
    const [ok, failing, pending, down] = [entry(), entry(), entry(), entry()];
    const reader = statusReader({ [`req-${alias(failing)}`]: 'fail', [`req-${alias(pending)}`]: 'pending' });
    const deliverer = new Deliverer({ opsgenie: accepting, siem, outbox: store, requestStatus: reader });
    for (const e of [ok, failing, pending]) {
      expect(await deliverer.send(delivery(e), 1_000, {})).toMatchObject({ outcome: 'sent', requestId: `req-${alias(e)}`, checked: true });
    }
    // A SIEM record has no request to check.
    const record = entry({
      id: deliveryId('siem', 'fx', 'create'),
      sink: 'siem',
      payload: [{ class_uid: 2004, time: 1, metadata: { uid: 'u' } }],
    });
    await deliverer.send(delivery(record), 1_000, {});
    const ours = (list: OutboxEntry[]) => list.filter((e) => [ok, failing, pending, down, record].some((o) => o.id === e.id));
    expect(ours(await store.list('checking')).map((e) => [e.id, e.requestId, e.lastAttemptAt])).toEqual([
      [ok.id, `req-${alias(ok)}`, 1_000],
      [failing.id, `req-${alias(failing)}`, 1_000],
      [pending.id, `req-${alias(pending)}`, 1_000],
    ]);

    const drain = new OutboxDrain({ store, deliverer, budgetMs: 60_000 });
    const first = await drain.run(2_000);
    expect(ours(first.failures).map((e) => e.id)).toEqual([failing.id]);
    expect(ours(first.failures)[0]!.reason).toBe(
      `OpsGenie accepted request req-${alias(failing)} (create) and then failed it: Create: Integration is disabled`,
    );
    expect(ours(first.unconfirmed)).toEqual([]);
    expect(ours(await store.list('checking')).map((e) => e.id)).toEqual([pending.id]);
    expect(ours(await store.list('failed')).map((e) => e.id)).toEqual([failing.id]);
    expect(ours(await store.list('waiting'))).toEqual([]);

    // Still pending past the budget: unconfirmed, with a reason that says so. Asked again, not resent.
    const later = await drain.run(1_000 + 60_001);
    expect(ours(later.unconfirmed).map((e) => e.reason)).toEqual([
      `OpsGenie has not processed request req-${alias(pending)} since ${new Date(1_000).toISOString()}`,
    ]);
    expect(reader.reads.filter((r) => r === `req-${alias(ok)}`)).toHaveLength(1);
    expect(reader.reads.filter((r) => r === `req-${alias(pending)}`)).toHaveLength(2);

    // OpsGenie unreachable: the pass stops, the entry keeps its status, the run does not fail.
    const unreachable = new Deliverer({
      opsgenie: accepting,
      siem,
      outbox: store,
      requestStatus: statusReader({ [`req-${alias(down)}`]: 'down', [`req-${alias(pending)}`]: 'down' }),
    });
    await unreachable.send(delivery(down), 3_000, {});
    const stalledDrain = new OutboxDrain({ store, deliverer: unreachable, budgetMs: 60_000 });
    const stalled = await stalledDrain.run(4_000);
    expect(ours(stalled.failures)).toEqual([]);
    expect(ours(stalled.unconfirmed)).toEqual([]);
    expect(ours(await store.list('checking')).map((e) => e.id)).toEqual([pending.id, down.id]);
    // Unreadable past the budget: named as unconfirmed all the same, with the read's error.
    const stalledLate = await stalledDrain.run(3_000 + 60_001);
    expect(ours(stalledLate.unconfirmed).map((e) => [e.id, e.reason])).toEqual([
      [pending.id, expect.stringMatching(/cannot be read: RetryableDeliveryError: status read timed out$/)],
      [down.id, expect.stringMatching(/^the outcome of OpsGenie request req-\S+ \(accepted 1970-01-01T00:00:03.000Z\) cannot be read/)],
    ]);
  });

  test('a request id OpsGenie does not know (404) fails for good; a refused key (401) says nothing about the request', async () => {
    const store = makeStore();
    const [unknown, refusedKey] = [entry(), entry()];
    let status = 404;
    const reader = {
      getRequestStatus: async (): Promise<OpsGenieRequestStatus> => {
        throw new PermanentDeliveryError(`HTTP ${status}`, { attempts: 1, status });
      },
    };
    const deliverer = new Deliverer({ opsgenie: accepting, siem, outbox: store, requestStatus: reader });
    await deliverer.send(delivery(unknown), 1_000, {});
    const drain = new OutboxDrain({ store, deliverer, budgetMs: 60_000 });
    const mine = (list: OutboxEntry[]) => list.filter((e) => e.id === unknown.id || e.id === refusedKey.id);
    expect(mine((await drain.run(2_000)).failures).map((e) => [e.id, e.reason])).toEqual([
      [unknown.id, `OpsGenie cannot tell the outcome of request req-${alias(unknown)}: HTTP 404`],
    ]);
    status = 401;
    await deliverer.send(delivery(refusedKey), 3_000, {});
    expect(mine((await drain.run(4_000)).failures)).toEqual([]);
    expect((await store.list('checking')).map((e) => e.id)).toContain(refusedKey.id);
  });

  test('a waiting entry the drain resends is accepted, then checked; without a status reader nothing waits for a check', async () => {
    const store = makeStore();
    const waiting = entry();
    await store.enqueue(waiting);
    const reader = statusReader({});
    const deliverer = new Deliverer({ opsgenie: accepting, siem, outbox: store, requestStatus: reader });
    const delivered: string[] = [];
    const drain = new OutboxDrain({ store, deliverer, budgetMs: 60_000, onDelivered: async (e) => void delivered.push(e.id) });
    // One run resends it (accepted, so the router may send its updates) and reads its outcome (confirmed).
    const result = await drain.run(10_000);
    expect(delivered).toContain(waiting.id);
    expect(reader.reads).toContain(`req-${alias(waiting)}`);
    expect(result.checked.confirmed).toBeGreaterThanOrEqual(1);
    const all = [...(await store.list('waiting')), ...(await store.list('checking')), ...(await store.list('failed'))];
    expect(all.map((e) => e.id)).not.toContain(waiting.id);

    const plain = entry();
    await new Deliverer({ opsgenie: accepting, siem, outbox: store }).send(delivery(plain), 1_000, {});
    expect((await store.list('checking')).map((e) => e.id)).not.toContain(plain.id);
  });
});

describe.each<[string, () => RouterStateStore]>([
  ['in memory', () => new InMemoryRouterStateStore()],
  ['DynamoDB', () => new DynamoRouterStateStore(DynamoDBDocumentClient.from(client), TABLE)],
])('the router state (%s)', (_name, makeStore) => {
  test('one claim wins; updates need a higher count and the interval; sets count each member once', async () => {
    const store = makeStore();
    const id = `route-${Math.random()}`;
    const state = {
      findingId: id,
      route: { kind: 'none' as const, reason: 'x' },
      opsgenie: 'none' as const,
      siem: 'pending' as const,
      count: 1,
      routedAt: 0,
      lastUpdateAt: 0,
    };
    expect(await store.claim(state)).toBe(true);
    expect(await store.claim({ ...state, count: 9 })).toBe(false);
    await store.setProgress(id, { siem: 'sent' });
    expect(await store.get(id)).toMatchObject({ count: 1, siem: 'sent', opsgenie: 'none' });
    expect(await store.claimUpdate(id, 2, 100, -1)).toBe(false); // inside the interval
    expect(await store.claimUpdate(id, 2, 100, 0)).toBe(true);
    expect(await store.claimUpdate(id, 2, 500, 400)).toBe(false); // not a higher count
    expect(await store.claimUpdate(id, 3, 500, 50)).toBe(false); // the last update is newer than the interval allows
    const key = `set-${Math.random()}`;
    expect(await store.addMember(key, 'a', 1)).toBe(1);
    expect(await store.addMember(key, 'a', 1)).toBe(1);
    expect(await store.addMember(key, 'b', 1)).toBe(2);
  });
});

test('pipeline-delivery-failures names sinks, findings and reasons, one finding per hour', () => {
  const overdue = [entry({ reason: 'RetryableDeliveryError: 503' }), entry({ sink: 'siem', reason: 'timeout' })];
  const a = deliveryFailureFinding(overdue, Date.parse('2026-10-09T08:10:00Z'), { account: '123456789012', region: 'eu-west-1' });
  const b = deliveryFailureFinding(overdue.slice(0, 1), Date.parse('2026-10-09T08:50:00Z'), {
    account: '123456789012',
    region: 'eu-west-1',
  });
  expect(a).toMatchObject({ detection: 'pipeline-delivery-failures', severity: 'critical', count: 2, subject: 'outbox:opsgenie+siem' });
  expect(a.description).toContain('503');
  expect(b.id).toBe(a.id);
  expect(JSON.stringify(a)).not.toContain('"payload"');
});
