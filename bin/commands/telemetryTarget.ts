import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditTableName } from '../../infra/local/auditTrail';
import { localClientConfig } from '../../infra/local/awsClients';
import { detectionStateTableName } from '../../infra/local/localTable';
import { DataDirError } from '../../infra/local/dataDir';
import { startDynamo } from '../../infra/local/dynamo';
import { startKms } from '../../infra/local/kmsEndpoint';
import { ReplayError } from '../../infra/local/replay';
import { telemetryPseudonymKeyAlias } from '../../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig, readLocalConfig } from '../../infra/local/runtime/localConfig';
import { lockDataDir } from '../../infra/local/runtime/replayRun';
import { type AuditActivity, type AuditEntry, DynamoAuditStore, partitionExpiry, partitionOf } from '../../shared/audit';
import { FieldEncryptor } from '../../shared/crypto';
import { eraseUserState, KmsPseudonymizer, type UserStateErasure } from '../../shared/telemetry/privacy';
import { DynamoTelemetryEventStore, TelemetryArchive, type TelemetryEventStore } from '../../shared/telemetry/store';

/*
 * What `vigil decrypt` and `vigil erase` work on: the telemetry store of a `vigil replay --data-dir`
 * (dynalite and the embedded KMS with the key material the replay kept) or of a deployed stage (the
 * stage's tables and KMS keys, AWS credentials from the environment), and that target's audit trail,
 * where every read of Restricted values and every erasure is recorded before it takes effect.
 */

export class TelemetryCliUsageError extends Error {
  override readonly name = 'TelemetryCliUsageError';
}

export type Values = Record<string, string | boolean | undefined>;

export interface TelemetryTarget {
  archive: TelemetryArchive;
  /** The store itself, for the aggregates' reads (non-Restricted values only: nothing to audit). */
  store: TelemetryEventStore;
  table: string;
  /** The stage's state table (detection state, baselines, experiment units). */
  stateTable: string;
  /** Deletes a user's derived state from the state table (shared/telemetry/privacy/eraseUserState.ts). */
  eraseUserState(userPseudonym: string, progress?: (erasure: UserStateErasure) => void): Promise<UserStateErasure>;
  /** Records an operator's act in the audit trail; throws when it could not be recorded. */
  audit(act: { activity: AuditActivity; operation: string; targets: string[] }): Promise<void>;
  close(): Promise<void>;
}

/** The telemetry table of a stage (infra/resources/tables.yml). */
export const telemetryTableName = (stage: string): string => `vigil-${stage}-telemetry-events`;

interface Where {
  stage: string;
  account: string;
  region: string;
  shards: number;
  retentionDays: number;
  operator: { principal: string; accessKeyId?: string };
}

export async function openTelemetryTarget(values: Values): Promise<TelemetryTarget> {
  const dataDir = values['data-dir'] as string | undefined;
  const stage = values.stage as string | undefined;
  if ((dataDir === undefined) === (stage === undefined))
    throw new TelemetryCliUsageError('give either --data-dir DIR or --stage S --region R');
  if (dataDir !== undefined) {
    if (values.region !== undefined || values['endpoint-url'] !== undefined) {
      throw new TelemetryCliUsageError('--region and --endpoint-url go with --stage');
    }
    return openLocal(dataDir, values.config as string | undefined);
  }
  if (values.config !== undefined) throw new TelemetryCliUsageError('--config goes with --data-dir');
  const region = values.region as string | undefined;
  if (!region) throw new TelemetryCliUsageError('--stage needs --region');
  if (!/^[a-z0-9-]+$/.test(stage!)) throw new TelemetryCliUsageError(`--stage "${stage}" is not a stage name`);
  return openStage(stage!, region, values['endpoint-url'] as string | undefined);
}

async function openLocal(dataDir: string, configFile: string | undefined): Promise<TelemetryTarget> {
  const config = configFile !== undefined ? readLocalConfig(configFile) : parseLocalConfig({});
  const dynamoDir = join(dataDir, 'dynamodb');
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) throw new ReplayError(`--data-dir "${dataDir}" is not a directory`);
  if (!existsSync(dynamoDir)) {
    throw new ReplayError(`--data-dir "${dataDir}" holds no replay state (no dynamodb/ in it): run vigil replay --data-dir first`);
  }
  const unlock = lockDataDir(dataDir);
  const closers: Array<() => Promise<void> | void> = [unlock];
  const close = async () => {
    for (const c of closers.reverse()) await c();
  };
  try {
    const dynamo = await startDynamo({ dataDir: dynamoDir });
    closers.push(() => dynamo.close());
    const pseudonymKey = telemetryPseudonymKeyAlias(config.stage);
    const kms = await startKms({
      keys: [{ alias: pseudonymKey, keySpec: 'HMAC_256' }],
      keyMaterialFile: join(dataDir, 'kms-keys.json'),
      account: config.account,
      region: config.region,
    });
    closers.push(() => kms.close());
    const ddbClient = new DynamoDBClient(localClientConfig(dynamo.endpoint, { maxAttempts: 1 }));
    const kmsClient = new KMSClient(localClientConfig(kms.endpoint, config.region));
    closers.push(
      () => ddbClient.destroy(),
      () => kmsClient.destroy(),
    );
    const where: Where = {
      stage: config.stage,
      account: config.account,
      region: config.region,
      shards: config.auditShards,
      retentionDays: config.auditRetentionDays,
      operator: { principal: `local:${userInfo().username}` },
    };
    return await target(ddbClient, kmsClient, where, `alias/vigil-${config.stage}-fields`, pseudonymKey, close);
  } catch (error) {
    await close().catch(() => undefined);
    if (error instanceof DataDirError) throw new ReplayError(error.message, { cause: error });
    throw error;
  }
}

async function openStage(stage: string, region: string, endpoint: string | undefined): Promise<TelemetryTarget> {
  const ddbClient = new DynamoDBClient({ region, ...(endpoint ? { endpoint } : {}) });
  const kmsClient = new KMSClient({ region, ...(endpoint ? { endpoint } : {}) });
  const close = async () => {
    ddbClient.destroy();
    kmsClient.destroy();
  };
  try {
    const credentials = await kmsClient.config.credentials();
    const where: Where = {
      stage,
      account: process.env.AWS_ACCOUNT_ID ?? 'unknown',
      region,
      // The stage's auditShards and auditRetentionDays defaults (serverless.yml params).
      shards: 4,
      retentionDays: 30,
      operator: { principal: `operator:${process.env.USER ?? userInfo().username}`, accessKeyId: credentials.accessKeyId },
    };
    return await target(ddbClient, kmsClient, where, `alias/vigil-${stage}-fields`, `alias/vigil-${stage}-telemetry-pseudonym`, close);
  } catch (error) {
    await close();
    throw error;
  }
}

async function target(
  ddbClient: DynamoDBClient,
  kmsClient: KMSClient,
  where: Where,
  fieldKey: string,
  pseudonymKey: string,
  close: () => Promise<void>,
): Promise<TelemetryTarget> {
  const table = telemetryTableName(where.stage);
  const auditTable = auditTableName(where.stage);
  const stateTable = detectionStateTableName(where.stage);
  for (const name of [table, auditTable, stateTable]) {
    try {
      await ddbClient.send(new DescribeTableCommand({ TableName: name }));
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') {
        throw new ReplayError(`no table ${name} (ResourceNotFoundException: is stage "${where.stage}" there, or another --config stage?)`);
      }
      throw error;
    }
  }
  const ddb = DynamoDBDocumentClient.from(ddbClient, { marshallOptions: { removeUndefinedValues: true } });
  const store = new DynamoTelemetryEventStore(ddb, table);
  const archive = new TelemetryArchive({
    store,
    table,
    encryptor: new FieldEncryptor({ kms: kmsClient, keyId: fieldKey }),
    pseudonymizer: new KmsPseudonymizer({ kms: kmsClient, keyId: pseudonymKey }),
  });
  const auditStore = new DynamoAuditStore(ddb, auditTable);
  return {
    archive,
    store,
    table,
    stateTable,
    eraseUserState: (userPseudonym, progress) => eraseUserState(ddb, stateTable, userPseudonym, progress),
    close,
    async audit({ activity, operation, targets }) {
      const now = new Date().toISOString();
      const entry: AuditEntry = {
        v: 1,
        eventId: `vigil-cli-${randomUUID()}`,
        cloudTrailEventId: '',
        kind: 'operation',
        activity,
        time: now,
        recordedAt: now,
        account: where.account,
        region: where.region,
        actor: { type: 'Operator', ...where.operator },
        action: { service: 'vigil.telemetry', operation },
        targets,
        source: {},
        outcome: { status: 'success' },
        expiresAt: partitionExpiry(now.slice(0, 10), where.retentionDays),
      };
      const result = (await auditStore.append([{ entry, partition: partitionOf(entry, where.shards) }])).get(entry.eventId);
      if (result === undefined || result instanceof Error) {
        throw new ReplayError(`the audit record of ${operation} could not be written: ${result?.message ?? 'not appended'}`);
      }
    },
  };
}
