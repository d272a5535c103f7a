import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDriftHistoryStore } from '../../shared/modelMonitor/history';
import { localClientConfig } from './awsClients';
import { DataDirError } from './dataDir';
import { startDynamo } from './dynamo';
import { describeFsError, ReplayError } from './replay/errors';
import { lockDataDir } from './runtime/replayRun';

/** The table drift history lives in (the DetectionState table): vigil-<stage>-detection-state, locally as deployed. */
export function driftHistoryTableName(stage: string): string {
  return `vigil-${stage}-detection-state`;
}

export interface OpenedDriftHistory {
  store: DynamoDriftHistoryStore;
  close(): Promise<void>;
}

/**
 * The drift history a `vigil replay --data-dir DIR` kept: DIR/dynamodb opened in dynalite (locked, as
 * a replay locks it), the table checked to exist. Refusals are ReplayErrors with the reason, as for
 * the audit trail (infra/local/auditTrail.ts).
 */
export async function openLocalDriftHistory(dataDir: string, stage: string): Promise<OpenedDriftHistory> {
  const dynamoDir = join(dataDir, 'dynamodb');
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) throw new ReplayError(`--data-dir "${dataDir}" is not a directory`);
  if (!existsSync(dynamoDir))
    throw new ReplayError(`--data-dir "${dataDir}" holds no replay state (no dynamodb/ in it): run vigil replay --data-dir first`);
  const unlock = lockDataDir(dataDir);
  let closeDynamo: (() => Promise<void>) | undefined;
  let client: DynamoDBClient | undefined;
  try {
    const dynamo = await startDynamo({ dataDir: dynamoDir });
    closeDynamo = () => dynamo.close();
    client = new DynamoDBClient(localClientConfig(dynamo.endpoint, { maxAttempts: 1 }));
    const table = driftHistoryTableName(stage);
    try {
      await client.send(new DescribeTableCommand({ TableName: table }));
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') {
        throw new ReplayError(`--data-dir "${dataDir}" has no state for stage "${stage}" (no table ${table}; another --stage?)`);
      }
      throw error;
    }
    const opened = client;
    const stop = closeDynamo;
    return {
      store: new DynamoDriftHistoryStore(DynamoDBDocumentClient.from(opened), table),
      close: async () => {
        opened.destroy();
        await stop();
        unlock();
      },
    };
  } catch (error) {
    client?.destroy();
    await closeDynamo?.().catch(() => undefined);
    unlock();
    if (error instanceof ReplayError) throw error;
    if (error instanceof DataDirError) throw new ReplayError(error.message, { cause: error });
    throw new ReplayError(`cannot open the state kept in --data-dir "${dataDir}": ${describeFsError(error)}`, { cause: error });
  }
}
