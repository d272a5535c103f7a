import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppTelemetryEnvelope } from '../../../../events/schemas';
import { localClientConfig } from '../../../../infra/local/awsClients';
import { ensureTables, loadTableDefinitions, startDynamo, type EmbeddedDynamo } from '../../../../infra/local/dynamo';
import { startKms, type EmbeddedKms } from '../../../../infra/local/kmsEndpoint';
import { FieldDecryptionError, FieldEncryptor } from '../../../../shared/crypto';
import type { QuarantineStore } from '../../../../shared/quarantine';
import { type ClassifiedTelemetryEvent, TelemetryIngest } from '../../../../shared/telemetry';
import { KmsPseudonymizer } from '../../../../shared/telemetry/privacy';
import {
  DynamoTelemetryEventStore,
  InMemoryTelemetryEventStore,
  TelemetryArchive,
  TelemetryEventNotFoundError,
  type TelemetryEventStore,
} from '../../../../shared/telemetry/store';
import { loadCaptured } from '../../../helpers/capturedEvent';

/*
 * The telemetry event store (DynamoDB on dynalite, and in memory) behind TelemetryArchive, with the
 * embedded KMS: Restricted values sealed and never in a raw item, idempotent saves, the read API,
 * decryption across a key rotation, retention steps and erasure.
 */
type Json = Record<string, any>;
const TABLE = 'vigil-test-telemetry-events';
const USER = 'u_MARKER_USER_9XQ2';
const OTHER_USER = 'u_MARKER_OTHER_4KD7';
const FIELD_KEY = 'alias/vigil-test-fields';
const MAC_KEY = 'alias/vigil-test-pseudonym';

let dynamo: EmbeddedDynamo;
let kms: EmbeddedKms;
let dynamoClient: DynamoDBClient;
let kmsClient: KMSClient;

beforeAll(async () => {
  dynamo = await startDynamo();
  kms = await startKms({ keys: [FIELD_KEY, { alias: MAC_KEY, keySpec: 'HMAC_256' }] });
  dynamoClient = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  kmsClient = new KMSClient(localClientConfig(kms.endpoint));
  const definitions = loadTableDefinitions(join(__dirname, '..', '..', '..', '..', 'infra', 'resources', 'tables.yml'), {
    resolveName: (id) => (id === 'TelemetryEvents' ? TABLE : `unused-${id}`),
  }).filter((d) => d.logicalId === 'TelemetryEvents');
  await ensureTables(dynamoClient, definitions);
});

afterAll(async () => {
  dynamoClient.destroy();
  kmsClient.destroy();
  await kms.close();
  await dynamo.close();
});

/** Accepted events of a capture, as app-telemetry's ingest hands them on (quarantine and counters stubbed). */
async function accepted(envelope: Json): Promise<readonly ClassifiedTelemetryEvent[]> {
  const quarantine = { put: async () => 'q' } as unknown as QuarantineStore;
  const ingest = new TelemetryIngest({ ingest: { component: 'app-telemetry', quarantine, counter: { count: () => 0 } }, action: 'mark' });
  return (await ingest.handle(envelope as AppTelemetryEnvelope, JSON.stringify(envelope))).accepted;
}

function iosBatch(suffix: string, user = USER): Json {
  const batch = loadCaptured('app-telemetry', 'batch-ios') as Json;
  batch.id = `env-${suffix}`;
  batch.detail.schemaVersion = 2;
  for (const e of batch.detail.events) {
    e.userId = user;
    e.eventId = randomUUID();
  }
  batch.detail.events[1].properties.referrerEmail = 'marker.person@example.com'; // unplanned: Restricted
  return batch;
}

const stores: Array<[string, () => TelemetryEventStore]> = [
  ['DynamoDB', () => new DynamoTelemetryEventStore(DynamoDBDocumentClient.from(dynamoClient), TABLE)],
  ['in memory', () => new InMemoryTelemetryEventStore()],
];

function archiveOn(store: TelemetryEventStore, keyId = FIELD_KEY) {
  const pseudonymizer = new KmsPseudonymizer({ kms: kmsClient, keyId: MAC_KEY });
  const encryptor = new FieldEncryptor({ kms: kmsClient, keyId });
  return { archive: new TelemetryArchive({ store, table: TABLE, encryptor, pseudonymizer }), pseudonymizer };
}

async function rawItems(store: TelemetryEventStore): Promise<string[]> {
  if (store instanceof InMemoryTelemetryEventStore)
    return store.rawItems().map((i) => JSON.stringify(i, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)));
  const out: string[] = [];
  let ExclusiveStartKey: Record<string, any> | undefined;
  do {
    const page = await dynamoClient.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey }));
    for (const item of page.Items ?? [])
      out.push(JSON.stringify(item, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

let run = 0;
describe.each(stores)('TelemetryArchive on the %s store', (_label, makeStore) => {
  test('stores each event once, Restricted values only sealed; one GenerateMac for one user; a redelivery writes nothing', async () => {
    const store = makeStore();
    const { archive, pseudonymizer } = archiveOn(store);
    const events = await accepted(iosBatch(`a${++run}`));
    expect(await archive.archive(events)).toEqual({ stored: events.length, duplicates: 0 });
    expect(pseudonymizer.kmsCalls).toBe(1);
    expect(await archive.archive(events)).toEqual({ stored: 0, duplicates: events.length });
    const raw = (await rawItems(store)).join('\n');
    expect(raw).not.toContain(USER);
    expect(raw).not.toContain('marker.person@example.com');
    const item = (await store.item(events[1]!.eventId))!;
    expect(item.userPseudonym).toMatch(/^user:[0-9a-f]{32}$/);
    expect(item.sealedFields).toEqual(['properties.referrerEmail', 'userId']);
    expect(item.sealed).toBeInstanceOf(Uint8Array);
  });

  test('storing leaves the accepted events as received: the document copies only the containers it changes', async () => {
    const { archive } = archiveOn(makeStore());
    const events = await accepted(iosBatch(`a${++run}`));
    const before = structuredClone(events.map((e) => ({ event: e.event, batch: e.batch })));
    await archive.archive(events);
    expect(events.map((e) => ({ event: e.event, batch: e.batch }))).toEqual(before);
    expect((events[1]!.event.properties as Record<string, unknown>).referrerEmail).toBe('marker.person@example.com');
  });

  test('query: by name, kind, time and release, the Restricted values left out', async () => {
    const store = makeStore();
    const { archive } = archiveOn(store);
    const events = await accepted(iosBatch(`q${++run}`));
    await archive.archive(events);
    const names = new Set(events.map((e) => e.name));
    const all = [];
    for await (const e of store.query({ names: [...names] })) all.push(e);
    const mine = all.filter((e) => events.some((x) => x.eventId === e.eventId));
    expect(mine).toHaveLength(events.length);
    const first = mine.find((e) => e.eventId === events[0]!.eventId)!;
    expect(first).toMatchObject({
      name: events[0]!.name,
      kind: events[0]!.kind,
      release: 'com.example.vigilbank@4.12.0+4120031',
      platform: 'ios',
      sessionId: events[0]!.event.sessionId,
      // When the bus received the batch: the crash check tells a late crash by it.
      receivedAt: events[0]!.batch.receivedAt,
    });
    expect(first.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(first.userPseudonym).toMatch(/^user:/);
    expect(JSON.stringify(mine)).not.toContain(USER);
    const byKind = [];
    for await (const e of store.query({ kinds: [events[0]!.kind], release: 'com.example.vigilbank@4.12.0+4120031' }))
      byKind.push(e.eventId);
    expect(byKind).toContain(events[0]!.eventId);
    const none = [];
    for await (const e of store.query({ names: [...names], release: 'other@1' })) none.push(e);
    expect(none).toEqual([]);
    const late = [];
    for await (const e of store.query({ names: [...names], from: new Date('2100-01-01T00:00:00Z') })) late.push(e);
    expect(late).toEqual([]);
    // No name, kind or time: every event (what `vigil crashes --data-dir` reads without --release).
    const everything = [];
    for await (const e of store.query()) everything.push(e.eventId);
    expect(everything).toEqual(expect.arrayContaining(events.map((e) => e.eventId)));
    const sinceEpoch = [];
    for await (const e of store.query({ from: new Date(0) })) sinceEpoch.push(e.eventId);
    expect(sinceEpoch).toEqual(expect.arrayContaining(events.map((e) => e.eventId)));
  });

  test('a crash keeps its exception for grouping; source context and messages in plaintext, local variables sealed', async () => {
    const store = makeStore();
    const { archive } = archiveOn(store);
    const crash = loadCaptured('app-telemetry', 'crash-python-traceback') as Json;
    crash.id = `env-crash-${++run}`;
    for (const e of crash.detail.events) e.eventId = randomUUID();
    const events = await accepted(crash);
    await archive.archive(events);
    const stored = [];
    for await (const e of store.query({ kinds: ['crash', 'error'] })) if (e.eventId === events[0]!.eventId) stored.push(e);
    expect(stored[0]!.exception?.values.length).toBeGreaterThan(0);
    const opened = await archive.open(events[0]!.eventId);
    expect(opened.doc.event.exception).toEqual(events[0]!.event.exception);
  });

  test('decrypt gives the event back whole, across a key rotation: old records open under the new key', async () => {
    const store = makeStore();
    const before = archiveOn(store).archive;
    const oldEvents = await accepted(iosBatch(`r${++run}`));
    await before.archive(oldEvents);
    const rotated = kms.rotateAlias(FIELD_KEY);
    const after = archiveOn(store).archive;
    const newEvents = await accepted(iosBatch(`s${run}`, OTHER_USER));
    await after.archive(newEvents);
    const old = await after.open(oldEvents[1]!.eventId);
    const fresh = await after.open(newEvents[1]!.eventId);
    expect(old.doc.event.userId).toBe(USER);
    expect(old.doc.event.properties).toEqual(oldEvents[1]!.event.properties);
    expect(fresh.doc.event.userId).toBe(OTHER_USER);
    expect(fresh.keyId).toBe(rotated.arn);
    expect(old.keyId).not.toBe(rotated.arn);
    expect(old.restrictedFields.sort()).toEqual(['properties.referrerEmail', 'userId']);
  });

  test('a sealed value moved to another item does not open', async () => {
    const store = makeStore();
    const { archive } = archiveOn(store);
    const events = await accepted(iosBatch(`m${++run}`));
    await archive.archive(events);
    const a = (await store.item(events[0]!.eventId))!;
    const encryptor = new FieldEncryptor({ kms: kmsClient, keyId: FIELD_KEY });
    await expect(
      encryptor.open(a.sealed!, { table: TABLE, key: events[1]!.eventId, fields: a.sealedFields!, schemaVersion: 1 }),
    ).rejects.toBeInstanceOf(FieldDecryptionError);
  });

  test('retention: at 30 days the sealed values and the pseudonym go, at 90 the session id; the rest stays until the TTL', async () => {
    const store = makeStore();
    const { archive } = archiveOn(store);
    const events = await accepted(iosBatch(`t${++run}`));
    await archive.archive(events);
    const id = events[0]!.eventId;
    const received = Date.parse(events[0]!.batch.receivedAt);
    const day = 86_400_000;
    const item = (await store.item(id))!;
    expect(item.expiresAt).toBe(Math.floor(received / 1000) + 395 * 86_400);
    expect(await store.applyRetention(new Date(received + 29 * day))).toEqual({ restrictedRemoved: 0, stripped: 0 });
    const at30 = await store.applyRetention(new Date(received + 30 * day + 1000));
    expect(at30.restrictedRemoved).toBeGreaterThanOrEqual(events.length);
    const after30 = (await store.item(id))!;
    expect(after30.sealed).toBeUndefined();
    expect(after30.userPseudonym).toBeUndefined();
    expect(after30.sessionId).toBe(events[0]!.event.sessionId);
    await store.applyRetention(new Date(received + 90 * day + 1000));
    const after90 = (await store.item(id))!;
    expect(after90.sessionId).toBeUndefined();
    expect(after90.doc).not.toContain(String(events[0]!.event.sessionId));
    expect(after90.name).toBe(events[0]!.name);
    expect(after90.nextStripAt).toBeUndefined();
  });

  test('erase: every record of the user becomes a tombstone, other users untouched; a redelivery stays erased', async () => {
    const store = makeStore();
    const { archive } = archiveOn(store);
    const mine = await accepted(iosBatch(`e${++run}`));
    const theirs = await accepted(iosBatch(`f${run}`, OTHER_USER));
    await archive.archive([...mine, ...theirs]);
    const erasure = await archive.eraseUser(USER);
    expect(erasure.erased.sort()).toEqual(mine.map((e) => e.eventId).sort());
    await expect(archive.open(mine[0]!.eventId)).rejects.toBeInstanceOf(TelemetryEventNotFoundError);
    expect((await archive.open(theirs[0]!.eventId)).doc.event.userId).toBe(OTHER_USER);
    expect(await archive.archive(mine)).toEqual({ stored: 0, duplicates: mine.length });
    const raw = (await rawItems(store)).join('\n');
    for (const e of mine) expect(raw).toContain(e.eventId);
    expect((await archive.eraseUser(USER)).erased).toEqual([]);
    const left = [];
    for await (const item of store.itemsOfUser(erasure.userPseudonym)) left.push(item);
    expect(left).toEqual([]);
  });
});
