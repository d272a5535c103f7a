import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../../../../infra/local/awsClients';
import { type EmbeddedDynamo, ensureTables, loadTableDefinitions, startDynamo } from '../../../../infra/local/dynamo';
import { DynamoSloBucketStore, type SloBucketStore } from '../../../../shared/slo';
import { describeBucketStore } from '../../../shared/slo/bucketStoreContract';

/** The DetectionState table as infra/resources/tables.yml deploys it, in dynalite; a fresh table per test. */
let dynamo: EmbeddedDynamo;
let client: DynamoDBClient;
let ddb: DynamoDBDocumentClient;
let tables = 0;
let table = '';
let store: SloBucketStore;

beforeAll(async () => {
  dynamo = await startDynamo();
  client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  ddb = DynamoDBDocumentClient.from(client);
});

afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

beforeEach(async () => {
  tables += 1;
  table = `vigil-test-slo-${tables}`;
  const definitions = loadTableDefinitions(join(__dirname, '..', '..', '..', '..', 'infra', 'resources', 'tables.yml'), {
    resolveName: () => table,
  }).filter((d) => d.logicalId === 'DetectionState');
  await ensureTables(client, definitions);
  store = new DynamoSloBucketStore(ddb, table);
});

describeBucketStore('DynamoSloBucketStore', () => store);

test('one item per series and hour, the hour sums added once per minute, with the TTL', async () => {
  const minute = Date.parse('2026-11-30T05:07:00Z') / 60_000;
  await store.record('ep#v', { minute, total: 100, bad: 4 }, 1_900_000_000);
  await store.record('ep#v', { minute, total: 100, bad: 4 }, 1_900_000_000);
  await store.record('ep#v', { minute: minute + 1, total: 20, bad: 1 }, 1_900_000_000);
  const { Item } = await ddb.send(new GetCommand({ TableName: table, Key: { pk: 'slo:ep#v', sk: '2026-11-30T05' } }));
  expect(Item).toEqual({
    pk: 'slo:ep#v',
    sk: '2026-11-30T05',
    m07: { total: 100, bad: 4 },
    m08: { total: 20, bad: 1 },
    total: 120,
    bad: 5,
    expiresAt: 1_900_000_000,
  });
});
