import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from './awsClients';
import { DataDirError } from './dataDir';
import { startDynamo } from './dynamo';
import { describeFsError, ReplayError } from './replay/errors';
import { lockDataDir } from './runtime/replayRun';

/**
 * The stage's DetectionState table (infra/resources/tables.yml), `vigil-<stage>-detection-state`, locally as
 * deployed: detection state, baselines, experiment units, crash issues and drift history all live in it.
 */
export function detectionStateTableName(stage: string): string {
  return `vigil-${stage}-detection-state`;
}

export interface OpenedLocalTable {
  ddb: DynamoDBDocumentClient;
  close(): Promise<void>;
}

/**
 * One table of the state a `vigil replay --data-dir DIR` kept, for the CLI's readers (audit trail, drift
 * history): DIR/dynamodb opened in dynalite, locked as a replay locks it (one LevelDB cannot be opened
 * twice), the table checked to exist. Every refusal is a ReplayError with the reason; `missing` says
 * what an absent table means to the caller.
 */
export async function openLocalTable(dataDir: string, table: string, missing: () => string): Promise<OpenedLocalTable> {
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
    try {
      await client.send(new DescribeTableCommand({ TableName: table }));
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') throw new ReplayError(missing());
      throw error;
    }
    const opened = client;
    const stop = closeDynamo;
    return {
      ddb: DynamoDBDocumentClient.from(opened),
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
