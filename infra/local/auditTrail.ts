import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditStore } from '../../shared/audit';
import { localClientConfig } from './awsClients';
import { DataDirError } from './dataDir';
import { startDynamo } from './dynamo';
import { ReplayError } from './replay/errors';
import { describeFsError } from './replay/errors';
import { lockDataDir } from './runtime/replayRun';

/** The audit table of a stage: vigil-<stage>-audit (infra/resources/tables.yml), locally as deployed. */
export function auditTableName(stage: string): string {
  return `vigil-${stage}-audit`;
}

export interface OpenedAuditTrail {
  store: DynamoAuditStore;
  table: string;
  close(): Promise<void>;
}

/**
 * The audit trail a `vigil replay --data-dir DIR` kept: DIR/dynamodb opened in dynalite (locked, as a
 * replay locks it, since one LevelDB cannot be opened twice), its audit table checked to exist. A
 * directory that is not a replay's data dir, or a corrupt one, is a ReplayError with the reason.
 */
export async function openLocalAuditTrail(dataDir: string, stage: string): Promise<OpenedAuditTrail> {
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
    const table = auditTableName(stage);
    try {
      await client.send(new DescribeTableCommand({ TableName: table }));
    } catch (error) {
      if (error instanceof ResourceNotFoundException || (error as Error).name === 'ResourceNotFoundException') {
        throw new ReplayError(
          `--data-dir "${dataDir}" has no audit trail for stage "${stage}" (no table ${table}; another --config stage?)`,
        );
      }
      throw error;
    }
    const opened = client;
    const stop = closeDynamo;
    return {
      store: new DynamoAuditStore(DynamoDBDocumentClient.from(opened), table),
      table,
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
    // startDynamo refuses a corrupt, locked or foreign LevelDB with the reason (infra/local/dynamo.ts).
    if (error instanceof DataDirError) throw new ReplayError(error.message, { cause: error });
    throw new ReplayError(`cannot open the state kept in --data-dir "${dataDir}": ${describeFsError(error)}`, { cause: error });
  }
}
