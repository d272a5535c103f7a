import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables, loadTableDefinitions, localClientConfig, startDynamo } from '../../infra/local';

/** dynalite with one state table named `tableName`, defined as infra/resources/tables.yml deploys DetectionState. */
export async function startStateTable(tableName: string) {
  const dynamo = await startDynamo();
  const client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  const definitions = loadTableDefinitions(join(__dirname, '..', '..', 'infra', 'resources', 'tables.yml'), {
    resolveName: () => tableName,
  }).filter((d) => d.logicalId === 'DetectionState');
  await ensureTables(client, definitions);
  return {
    ddb: DynamoDBDocumentClient.from(client),
    close: async () => {
      client.destroy();
      await dynamo.close();
    },
  };
}

/** The state table of one test file: started before its tests, closed after them; `ddb` is set once started. */
export function stateTableForFile(tableName: string): { ddb: DynamoDBDocumentClient } {
  const state = {} as { ddb: DynamoDBDocumentClient };
  let close = async () => {};
  beforeAll(async () => {
    const table = await startStateTable(tableName);
    state.ddb = table.ddb;
    close = table.close;
  }, 60_000);
  afterAll(() => close());
  return state;
}
