import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../../../../infra/local/awsClients';
import { ensureTables, loadTableDefinitions, startDynamo, type EmbeddedDynamo } from '../../../../infra/local/dynamo';
import { type BatchOutcome, emptyCounts, TelemetryIngestCounters } from '../../../../shared/telemetry';

/** The ingest counters in the DetectionState table as infra/resources/tables.yml deploys it, in dynalite. */
let dynamo: EmbeddedDynamo;
let client: DynamoDBClient;
let ddb: DynamoDBDocumentClient;
const table = 'vigil-test-detection-state';

beforeAll(async () => {
  dynamo = await startDynamo();
  client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  ddb = DynamoDBDocumentClient.from(client);
  const definitions = loadTableDefinitions(join(__dirname, '..', '..', '..', '..', 'infra', 'resources', 'tables.yml'), {
    resolveName: () => table,
  }).filter((d) => d.logicalId === 'DetectionState');
  await ensureTables(client, definitions);
});

afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

const outcome = (receivedAt: string, accepted: number, quarantined: number, release = 'app@1.0.0+1'): BatchOutcome => {
  const violations = emptyCounts().violations;
  violations.unplanned_property = quarantined;
  return {
    envelopeId: `e-${receivedAt}`,
    receivedAt,
    key: { app: 'com.example.vigilbank', platform: 'ios', release },
    batchQuarantined: false,
    events: accepted + quarantined,
    accepted: Array.from({ length: accepted }) as BatchOutcome['accepted'],
    quarantined,
    unexpected: 0,
    violations,
    quarantineIds: [],
  };
};

test('one item per app, platform, release and receipt hour, the counts added up, and the totals over all of them', async () => {
  const counters = new TelemetryIngestCounters({ ddb, table });
  await counters.add([outcome('2026-11-20T09:05:00Z', 5, 1), outcome('2026-11-20T09:55:00Z', 3, 0)]);
  await counters.add([
    outcome('2026-11-20T09:59:59Z', 2, 2),
    outcome('2026-11-20T10:00:00Z', 1, 0),
    outcome('2026-11-20T09:10:00Z', 4, 0, 'app@1.1.0+2'),
  ]);
  const item = await ddb.send(
    new GetCommand({ TableName: table, Key: { pk: 'telemetry-ingest:com.example.vigilbank#ios#app@1.0.0+1', sk: '2026-11-20T09' } }),
  );
  expect(item.Item).toMatchObject({
    batches: 3,
    accepted: 10,
    quarantined: 3,
    unexpected: 0,
    batchesQuarantined: 0,
    violation_unplanned_property: 3,
    app: 'com.example.vigilbank',
    platform: 'ios',
    release: 'app@1.0.0+1',
    expiresAt: Date.parse('2026-11-20T09:00:00Z') / 1000 + 35 * 86_400,
  });
  const totals = await counters.totals();
  expect(totals).toMatchObject({ batches: 5, accepted: 15, quarantined: 3 });
  expect(totals.violations.unplanned_property).toBe(3);
});
