import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { createAwsClients } from '../../shared/aws/clients';
import type { BaseConfig } from '../../shared/config';
import { FieldEncryptor } from '../../shared/crypto';
import type { IngestContext } from '../../shared/ingest';
import { MetricTally } from './MetricTally';
import { createObservability } from './observability';
import { QuarantineStore } from '../../shared/quarantine';

/** What every function builds once at cold start, from its validated configuration. */
export function createBaseDependencies(component: string, config: BaseConfig) {
  const clients = createAwsClients();
  const { logger, metrics } = createObservability(component, config.STAGE);
  const encryptor = new FieldEncryptor({ kms: clients.kms, keyId: config.FIELD_KEY_ID });
  const quarantine = new QuarantineStore({ ddb: clients.ddb, table: config.QUARANTINE_TABLE, encryptor });
  // One persistence layer per idempotent function: Powertools re-configures the layer (its key
  // prefix among others) on every call, so two functions sharing one would write under each other's keys.
  const idempotencyStore = () => new DynamoDBPersistenceLayer({ tableName: config.IDEMPOTENCY_TABLE, awsSdkV3Client: clients.dynamodb });
  const tally = new MetricTally();
  const ingest: IngestContext = { component, quarantine, counter: tally };
  return { clients, logger, metrics, tally, encryptor, quarantine, idempotencyStore, ingest };
}

export type BaseDependencies = ReturnType<typeof createBaseDependencies>;
