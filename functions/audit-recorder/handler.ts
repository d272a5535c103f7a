import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { version } from '../../package.json';
import { CloudTrailEventSchema } from '../../events/schemas/cloudtrail';
import {
  AUDIT_SCHEMA_VERSION,
  AuditClassifier,
  AuditPublisher,
  AuditRecorder,
  DynamoAuditStore,
  Pseudonymizer,
  SEALED_FIELDS,
} from '../../shared/audit';
import { ConfigError, readConfig } from '../../shared/config';
import { createBaseDependencies, sqsBatchHandler } from '../wiring';
import { manifest } from './manifest';

const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);
const { clients, encryptor, logger, tally } = deps;
// A claim older than twice the timeout belongs to an invocation Lambda has ended: it may be taken over.
const store = new DynamoAuditStore(clients.ddb, config.AUDIT_TABLE, { leaseMs: 2 * manifest.timeoutSeconds * 1000 });
const publisher = new AuditPublisher({ eventBridge: clients.eventBridge, busName: config.EVENT_BUS_NAME });
const classifier = new AuditClassifier();

/** The pseudonym key is a secret: fetched once, on the first invocation, then kept for the container's life. */
let recorder: Promise<AuditRecorder> | undefined;
async function createRecorder(): Promise<AuditRecorder> {
  const key = await getSecret(config.PSEUDONYM_KEY_SECRET_ARN, { maxAge: 3600 });
  if (typeof key !== 'string') throw new ConfigError('the pseudonym key must be a plain-text secret');
  let pseudonymizer: Pseudonymizer;
  try {
    pseudonymizer = new Pseudonymizer(key);
  } catch (cause) {
    throw new ConfigError(`the pseudonym key secret is unusable: ${(cause as Error).message}`, { cause });
  }
  return new AuditRecorder({
    classifier,
    store,
    publisher,
    shards: config.AUDIT_SHARDS,
    stage: config.STAGE,
    productVersion: version,
    entries: {
      pseudonymizer,
      seal: async (plaintext, eventId) => {
        const context = { table: config.AUDIT_TABLE, key: eventId, fields: [...SEALED_FIELDS], schemaVersion: AUDIT_SCHEMA_VERSION };
        return Buffer.from(await encryptor.seal(plaintext, context)).toString('base64');
      },
      retentionDays: config.AUDIT_RETENTION_DAYS,
      now: () => new Date(),
    },
  });
}
const ready = () => {
  recorder ??= createRecorder().catch((error: unknown) => {
    recorder = undefined;
    throw error;
  });
  return recorder;
};

export const handler = sqsBatchHandler(deps, CloudTrailEventSchema, {
  // The whole batch at once: one tail read per partition, records of one partition appended in turn.
  batch: async (accepted, budget) => {
    const outcome = await (await ready()).record(
      accepted.map((r) => ({ id: r.messageId, event: r.event })),
      budget,
    );
    tally.count('AuthenticationsRecorded', outcome.recorded.authentication);
    tally.count('OperationsRecorded', outcome.recorded.operation);
    tally.count('AuditDuplicates', outcome.duplicates);
    if (outcome.failed.size > 0) {
      tally.count('AuditRecordFailures', outcome.failed.size);
      // Ids and error classes only: never a record's content.
      const failed = [...outcome.failed].map(([messageId, error]) => ({ messageId, error: error.name, reason: error.message }));
      logger.warn('audit events retried', { failed });
    }
    return { failedMessageIds: [...outcome.failed.keys()] };
  },
});
