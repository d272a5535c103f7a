import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from '../../infra/local/awsClients';
import { EmbeddedRuntime } from '../../infra/local/runtime/EmbeddedRuntime';
import type { EventBridgeEvent } from '../../shared/events/envelope';
import { capturedVariants, loadCaptured } from '../helpers/capturedEvent';

/*
 * Telemetry storage through the embedded runtime (the real app-telemetry and telemetry-retention
 * handlers): accepted events stored once each, Restricted markers never in a raw item, a redelivered
 * batch writing nothing new; the retention job on event time removing sealed values and pseudonyms
 * after 30 days; the TTL sweeper deleting items past their TTL within 6 hours of event time.
 */
type Json = Record<string, any>;
const USER_MARKER = 'u_MARKER_STORED_USER_3J8W';
const EMAIL_MARKER = 'marker.stored@example.com';

let runtime: EmbeddedRuntime;
let ddb: DynamoDBClient;

beforeAll(async () => {
  runtime = await EmbeddedRuntime.start({});
  ddb = new DynamoDBClient(localClientConfig(runtime.localAws.endpoints.dynamodb));
}, 60_000);

afterAll(async () => {
  ddb.destroy();
  await runtime.close();
});

const table = () => runtime.localAws.tables.TelemetryEvents;

async function rawItems(): Promise<Array<Record<string, any>>> {
  const out: Array<Record<string, any>> = [];
  let ExclusiveStartKey: Record<string, any> | undefined;
  do {
    const page = await ddb.send(new ScanCommand({ TableName: table(), ExclusiveStartKey }));
    out.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

const text = (items: Array<Record<string, any>>) =>
  JSON.stringify(items, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));

function batches(): Json[] {
  const ios = loadCaptured('app-telemetry', 'batch-ios') as Json;
  ios.detail.schemaVersion = 2;
  for (const e of ios.detail.events) e.userId = USER_MARKER;
  const crashes = capturedVariants('app-telemetry')
    .filter((v) => v.startsWith('crash-'))
    .map((v) => loadCaptured('app-telemetry', v) as Json);
  for (const c of crashes) for (const e of c.detail.events) e.userId = USER_MARKER;
  return [ios, ...crashes];
}

async function deliver(events: Json[]): Promise<void> {
  for (const e of events) {
    await runtime.tick(new Date(e.time));
    runtime.deliver(e as EventBridgeEvent, 'vigil');
  }
  await runtime.drain();
}

test('accepted events are stored once each; no Restricted marker in any raw item; a redelivery adds nothing', async () => {
  const captures = batches();
  await deliver(captures);
  const counts = await runtime.telemetryCounts();
  const items = await rawItems();
  expect(counts.accepted).toBeGreaterThan(0);
  expect(items).toHaveLength(counts.accepted);
  expect(text(items)).not.toContain(USER_MARKER);
  const sealed = items.filter((i) => i.sealed?.B);
  expect(sealed.length).toBe(items.length);
  for (const item of items) expect(item.userPseudonym?.S).toMatch(/^user:[0-9a-f]{32}$/);
  expect(new Set(items.map((i) => i.userPseudonym.S)).size).toBe(1);

  await deliver(captures.map((c) => ({ ...c })));
  expect(await rawItems()).toHaveLength(items.length);
  expect(runtime.stats.deadLetters).toEqual([]);
}, 60_000);

/** A feedback batch whose free text (Restricted) carries an e-mail address; its envelope time `at` (a late delivery when in the past). */
function feedbackBatch(at: Date): Json {
  const batch = loadCaptured('app-telemetry', 'batch-web') as Json;
  batch.id = randomUUID();
  batch.time = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  batch.detail.schemaVersion = 2;
  const [first] = batch.detail.events;
  batch.detail.events = [
    {
      eventId: randomUUID(),
      name: 'feedback_submitted',
      kind: 'feedback',
      timestamp: first.timestamp,
      sessionId: first.sessionId,
      userId: USER_MARKER,
      properties: { message: `please call me back: ${EMAIL_MARKER}`, category: 'bug', rating: 2 },
    },
  ];
  return batch;
}

test('free text (Restricted) holding an e-mail address is stored sealed, never in plaintext', async () => {
  const batch = feedbackBatch(runtime.eventTime!);
  await deliver([batch]);
  const items = await rawItems();
  const stored = items.find((i) => i.eventId.S === batch.detail.events[0].eventId);
  expect(stored?.sealedFields?.L?.map((f: { S: string }) => f.S)).toEqual(['properties.message', 'userId']);
  expect(text(items)).not.toContain(EMAIL_MARKER);
  expect(text(items)).not.toContain(USER_MARKER);
}, 60_000);

test('the retention job, on event time: a batch received 30 days ago loses its sealed values and pseudonym at the next run', async () => {
  const now = runtime.eventTime!.getTime();
  const late = feedbackBatch(new Date(now - 30 * 86_400_000 + 1000));
  await deliver([late]);
  const id = late.detail.events[0].eventId;
  const before = (await rawItems()).find((i) => i.eventId.S === id)!;
  expect(before.sealed).toBeDefined();
  expect(before.userPseudonym).toBeDefined();
  const runs = runtime.stats.scheduledRuns.telemetryRetention ?? 0;
  await runtime.tick(new Date(now + 2 * 3600_000));
  expect(runtime.stats.scheduledRuns.telemetryRetention).toBeGreaterThan(runs);
  const items = await rawItems();
  const after = items.find((i) => i.eventId.S === id)!;
  expect(after.sealed).toBeUndefined();
  expect(after.sealedFields).toBeUndefined();
  expect(after.userPseudonym).toBeUndefined();
  expect(after.name?.S).toBe('feedback_submitted');
  // Events received since keep theirs.
  expect(items.filter((i) => i.sealed !== undefined).length).toBeGreaterThan(0);
}, 60_000);

test('the TTL sweeper deletes an item past its TTL within 6 hours of event time, and keeps one with a later TTL', async () => {
  const now = Math.floor(runtime.eventTime!.getTime() / 1000);
  const put = (eventId: string, expiresAt: number) =>
    ddb.send(
      new PutItemCommand({
        TableName: table(),
        Item: { eventId: { S: eventId }, v: { N: '1' }, rev: { N: '1' }, expiresAt: { N: String(expiresAt) } },
      }),
    );
  await put('expired-item', now + 60);
  await put('kept-item', now + 30 * 86_400);
  // As DynamoDB: a TTL attribute that is not a Number never expires the item.
  await ddb.send(
    new PutItemCommand({
      TableName: table(),
      Item: { eventId: { S: 'string-ttl-item' }, v: { N: '1' }, rev: { N: '1' }, expiresAt: { S: String(now) } },
    }),
  );
  await runtime.tick(new Date((now + 7 * 3600) * 1000));
  const ids = (await rawItems()).map((i) => i.eventId.S);
  expect(ids).not.toContain('expired-item');
  expect(ids).toContain('kept-item');
  expect(ids).toContain('string-ttl-item');
  expect(runtime.ttlDeleted[table()]).toBeGreaterThanOrEqual(1);
}, 60_000);
