import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables, localClientConfig, startDynamo } from '../../infra/local';

/** dynalite with one findings table (the key schema of infra/resources/tables.yml), for FindingStore tests. */
export async function startFindingsTable(tableName: string) {
  const dynamo = await startDynamo();
  const client = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  await ensureTables(client, [
    {
      logicalId: 'Findings',
      properties: {
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      },
    },
  ]);
  return {
    ddb: DynamoDBDocumentClient.from(client),
    close: async () => {
      client.destroy();
      await dynamo.close();
    },
  };
}
