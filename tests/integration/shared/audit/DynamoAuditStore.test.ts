import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  ensureTables,
  localClientConfig,
  loadTableDefinitions,
  startDynamo,
  startKms,
  type EmbeddedDynamo,
  type EmbeddedKms,
} from '../../../../infra/local';
import {
  AUDIT_SCHEMA_VERSION,
  AuditInProgressError,
  type AuditEntry,
  DynamoAuditStore,
  type StoredAuditRecord,
  SEALED_FIELDS,
} from '../../../../shared/audit';
import { FieldEncryptor } from '../../../../shared/crypto';
import { entries, entryOf, PARTITION, placed, testContext } from '../../../shared/audit/entries';
import { initiateAuth, SUB } from '../../../shared/audit/events';

/**
 * The audit store against dynalite, the embedded DynamoDB: what the conditional writes, the consistent
 * reads and the indexes really do. Writers here have their own SDK clients, as two Lambda instances do.
 */
const TABLE = 'vigil-test-audit';
let dynamo: EmbeddedDynamo;
const clients: DynamoDBClient[] = [];

function client(): DynamoDBDocumentClient {
  const c = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  clients.push(c);
  return DynamoDBDocumentClient.from(c, { marshallOptions: { removeUndefinedValues: true } });
}

/** Counts the positions a writer lost to another writer (its conditional put refused). */
class CountingStore extends DynamoAuditStore {
  lost = 0;
  protected override async putRecord(stored: StoredAuditRecord): Promise<boolean> {
    const placedIt = await super.putRecord(stored);
    if (!placedIt) this.lost += 1;
    return placedIt;
  }
}

beforeAll(async () => {
  dynamo = await startDynamo();
  const definitions = loadTableDefinitions(join(__dirname, '..', '..', '..', '..', 'infra', 'resources', 'tables.yml'), {
    resolveName: (id) => (id === 'AuditTrail' ? TABLE : `unused-${id}`),
  }).filter((d) => d.logicalId === 'AuditTrail');
  await ensureTables(clients[0] ?? new DynamoDBClient(localClientConfig(dynamo.endpoint)), definitions);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await dynamo.close();
});

let partitionCounter = 0;
const freshPartition = () => `111122223333/eu-west-1/2026-11-20/${++partitionCounter}`;

describe('DynamoAuditStore on dynalite', () => {
  test('dynalite has no TransactWriteItems: the store relies on conditional puts alone', async () => {
    const { TransactWriteItemsCommand } = await import('@aws-sdk/client-dynamodb');
    const raw = new DynamoDBClient(localClientConfig(dynamo.endpoint, { maxAttempts: 1 }));
    clients.push(raw);
    await expect(
      raw.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: TABLE, Item: { pk: { S: 'x' }, sk: { N: '1' } } } }] })),
    ).rejects.toMatchObject({ name: 'UnknownOperationException' });
  });

  test('two writers racing on one partition both land, in one sequence, no fork, no duplicate', async () => {
    const partition = freshPartition();
    const [a, b] = [new CountingStore(client(), TABLE), new CountingStore(client(), TABLE)];
    const [ea, eb] = [await entries(60, 'race-a'), await entries(60, 'race-b')];
    const started = Date.now();
    // Each writer appends batches of 3, as consecutive SQS batches; both at once.
    const run = async (store: DynamoAuditStore, list: AuditEntry[]) => {
      for (let i = 0; i < list.length; i += 3) {
        const outcome = await store.append(placed(list.slice(i, i + 3), partition));
        for (const result of outcome.values()) if (result instanceof Error) throw result;
      }
    };
    await Promise.all([run(a, ea), run(b, eb)]);
    const elapsed = Date.now() - started;

    const report = await a.verify(partition);
    expect(report).toMatchObject({ intact: true, records: 120, last: { seq: 120 } });
    const ids: string[] = [];
    for await (const r of b.records(partition)) ids.push(r.record.eventId);
    expect(new Set(ids).size).toBe(120);
    // Each writer's records keep their own order; the two interleave.
    expect(ids.filter((id) => id.startsWith('race-a'))).toEqual(ea.map((e) => e.eventId));
    expect(a.lost + b.lost).toBeGreaterThan(0);
    process.stdout.write(
      `audit race on dynalite: 120 appends by 2 writers in ${elapsed} ms (${Math.round((120 * 1000) / elapsed)}/s), ` +
        `${a.lost + b.lost} positions lost and re-read\n`,
    );
  }, 60_000);

  test('the same event delivered to two writers at once is recorded once', async () => {
    const partition = freshPartition();
    const [a, b] = [new DynamoAuditStore(client(), TABLE), new DynamoAuditStore(client(), TABLE)];
    const [entry] = await entries(1, 'twice');
    const outcomes = await Promise.all([a.append(placed([entry!], partition)), b.append(placed([entry!], partition))]);
    const results = outcomes.map((o) => o.get(entry!.eventId));
    // One wins; the other finds the record (a duplicate) or the claim still in flight (retried later).
    const won = results.filter((r) => r !== undefined && !(r instanceof Error) && !r.duplicate);
    expect(won).toHaveLength(1);
    for (const r of results) if (r instanceof Error) expect(r).toBeInstanceOf(AuditInProgressError);
    const retried = (await b.append(placed([entry!], partition))).get(entry!.eventId);
    expect(retried).toMatchObject({ duplicate: true });
    expect((await a.verify(partition)).records).toBe(1);
  });

  test('a redelivery finds the first record through the claim, and is marked once published', async () => {
    const partition = freshPartition();
    const store = new DynamoAuditStore(client(), TABLE);
    const [entry] = await entries(1, 'redelivered');
    const first = (await store.append(placed([entry!], partition))).get(entry!.eventId);
    await store.markPublished([entry!.eventId]);
    const again = (await store.append(placed([entry!], partition))).get(entry!.eventId);
    expect(again).toMatchObject({
      duplicate: true,
      published: true,
      record: { hash: (first as { record: StoredAuditRecord }).record.hash },
    });
  });

  test('the head only moves forward, and a writer reads past a lagging head', async () => {
    const partition = freshPartition();
    const ddb = client();
    const store = new DynamoAuditStore(ddb, TABLE);
    await store.append(placed(await entries(4, 'head'), partition));
    // Put the head back to seq 1, as if the last writer had stopped before moving it.
    await ddb.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: `chain#${partition}`, sk: 0 },
        UpdateExpression: 'SET seq = :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    expect(await store.tail(partition)).toMatchObject({ seq: 4 });
    await store.append(placed(await entries(1, 'after-lag'), partition));
    expect(await store.verify(partition)).toMatchObject({ intact: true, records: 5, head: { seq: 5 } });
  });

  test('verify names the first broken link of a record changed in the table', async () => {
    const partition = freshPartition();
    const ddb = client();
    const store = new DynamoAuditStore(ddb, TABLE);
    await store.append(placed(await entries(5, 'tamper'), partition));
    const { Attributes } = await ddb.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: `chain#${partition}`, sk: 3 },
        UpdateExpression: 'SET body = :body',
        ExpressionAttributeValues: { ':body': '' },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const original = String(Attributes?.body);
    await ddb.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: `chain#${partition}`, sk: 3 },
        UpdateExpression: 'SET body = :body',
        ExpressionAttributeValues: { ':body': original.replace('"status":"success"', '"status":"failure"') },
      }),
    );
    expect((await store.verify(partition)).brokenLink).toMatchObject({ partition, seq: 3, reason: 'altered', found: Attributes?.hash });
  });

  test('queries a principal through the index, by event time', async () => {
    const partition = freshPartition();
    const store = new DynamoAuditStore(client(), TABLE);
    const list = await entries(4, 'indexed');
    await store.append(placed(list, partition));
    const principal = list[0]!.actor.principal!;
    const found = await store.query({ principal, since: new Date('2026-11-20T10:01:00Z'), until: new Date('2026-11-20T10:02:00Z') });
    expect(found.map((q) => q.record.eventId)).toEqual(expect.arrayContaining(['indexed-1', 'indexed-2']));
    expect(found.filter((q) => q.record.eventId.startsWith('indexed-'))).toHaveLength(2);
    const viaRole = await store.query({
      principal: list[0]!.actor.issuer!,
      since: new Date('2026-11-20T10:00:00Z'),
      until: new Date('2026-11-20T10:03:00Z'),
    });
    expect(viaRole.filter((q) => q.record.eventId.startsWith('indexed-'))).toHaveLength(4);
  });
});

describe('a Cognito sub in the table', () => {
  let kms: EmbeddedKms;
  let kmsClient: KMSClient;
  const keyId = 'alias/vigil-test-fields';

  beforeAll(async () => {
    kms = await startKms({ keys: [keyId] });
    kmsClient = new KMSClient(localClientConfig(kms.endpoint));
  });
  afterAll(async () => {
    kmsClient.destroy();
    await kms.close();
  });

  test('is stored sealed with the field key, bound to the table and event; the stored item holds no plaintext', async () => {
    const encryptor = new FieldEncryptor({ kms: kmsClient, keyId });
    const contextOf = (eventId: string) => ({
      table: TABLE,
      key: eventId,
      fields: [...SEALED_FIELDS],
      schemaVersion: AUDIT_SCHEMA_VERSION,
    });
    const seal = async (plaintext: string, eventId: string) =>
      Buffer.from(await encryptor.seal(plaintext, contextOf(eventId))).toString('base64');
    const event = initiateAuth();
    const entry = await entryOf(event, testContext({ seal }));
    const store = new DynamoAuditStore(client(), TABLE);
    const partition = freshPartition();
    await store.append(placed([entry], partition));
    const [stored] = await (async () => {
      const out: StoredAuditRecord[] = [];
      for await (const r of store.records(partition)) out.push(r);
      return out;
    })();
    expect(stored!.body).not.toContain(SUB);
    const opened = await encryptor.open(Buffer.from(stored!.record.sealed!.data, 'base64'), contextOf(event.id));
    expect(JSON.parse(opened.toString('utf8'))).toEqual({ cognitoSub: SUB });
    await expect(encryptor.open(Buffer.from(stored!.record.sealed!.data, 'base64'), contextOf('another-event'))).rejects.toThrow();
  });
});

test('PARTITION helper is a valid partition name', () => {
  expect(PARTITION).toMatch(/^\d{12}\/[a-z0-9-]+\/\d{4}-\d{2}-\d{2}\/\d+$/);
});
