import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../../../../infra/local/awsClients';
import { ensureTables, loadTableDefinitions, startDynamo, type EmbeddedDynamo } from '../../../../infra/local/dynamo';
import { DynamoDetectionStateStore } from '../../../../shared/detections';
import { describeStateStore } from './stateStoreContract';

/** The DetectionState table exactly as infra/resources/tables.yml deploys it, in dynalite. */
let dynamo: EmbeddedDynamo;
let client: DynamoDBClient;
let ddb: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynamo();
  client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  ddb = DynamoDBDocumentClient.from(client);
});

afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

/** A fresh table per test: the contract's tests must not see each other's items. */
async function freshTable(): Promise<string> {
  tables += 1;
  const name = `vigil-test-detection-state-${tables}`;
  const definitions = loadTableDefinitions(join(__dirname, '..', '..', '..', '..', 'infra', 'resources', 'tables.yml'), {
    resolveName: () => name,
  }).filter((d) => d.logicalId === 'DetectionState');
  await ensureTables(client, definitions);
  return name;
}

let table: string;
beforeEach(async () => {
  table = await freshTable();
});

describeStateStore('DynamoDetectionStateStore', () => new DynamoDetectionStateStore(ddb, table));

test('an item is keyed <stream>#<key> and bucket, holds a string set and the TTL', async () => {
  const store = new DynamoDetectionStateStore(ddb, table);
  await store.add({
    stream: 'console-bruteforce-per-user',
    key: 'user:alice',
    bucket: '2026-11-20T10:00',
    members: ['a', 'b'],
    expiresAt: 1_800_000_000,
  });
  const { Item } = await ddb.send(
    new GetCommand({ TableName: table, Key: { pk: 'console-bruteforce-per-user#user:alice', sk: '2026-11-20T10:00' } }),
  );
  expect(Item).toEqual({
    pk: 'console-bruteforce-per-user#user:alice',
    sk: '2026-11-20T10:00',
    members: new Set(['a', 'b']),
    expiresAt: 1_800_000_000,
  });
});
