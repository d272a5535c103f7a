import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { CloudTrailEventSchema } from '../../events/schemas/cloudtrail';
import { DetectorConfigSchema, readConfig } from '../../shared/config';
import {
  DETECTIONS,
  DetectionEngine,
  DynamoDetectionStateStore,
  SecurityDetector,
  StatefulEngine,
  parseDetectionOverrides,
  type CloudTrailEnvelope,
} from '../../shared/detections';
import { FindingPublisher, FindingStore } from '../../shared/findings';
import { acceptOrQuarantine } from '../../shared/ingest';
import { createBaseDependencies, sqsBatchHandler } from '../../shared/wiring';

const COMPONENT = 'security-detector';
const config = readConfig(DetectorConfigSchema, process.env, COMPONENT);
const { clients, logger, metrics, tally, idempotencyStore, ingest } = createBaseDependencies(COMPONENT, config);
const overrides = parseDetectionOverrides(config.DETECTION_OVERRIDES, DETECTIONS);
const engine = new DetectionEngine(DETECTIONS, overrides);
const detector = new SecurityDetector(
  engine,
  new FindingStore(clients.ddb, config.FINDINGS_TABLE),
  new FindingPublisher({ eventBridge: clients.eventBridge, busName: config.EVENT_BUS_NAME }),
  new StatefulEngine(engine, new DynamoDetectionStateStore(clients.ddb, config.STATE_TABLE)),
);

// The EventBridge event id is the idempotency key: a redelivered or replayed event is processed once.
const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: 24 * 3600 });
const processOnce = makeIdempotent(
  (event: CloudTrailEnvelope) => detector.process(event),
  { persistenceStore: idempotencyStore(), config: idempotencyConfig },
);

/** This invocation's valid events by SQS message id: the stateful detections take them as one batch. */
let accepted = new Map<string, CloudTrailEnvelope>();

async function handleRecord(record: SQSRecord) {
  const input = await acceptOrQuarantine(record.body, CloudTrailEventSchema, ingest);
  if (!input.accepted) {
    logger.warn('event quarantined', { messageId: record.messageId, quarantineId: input.quarantineId, reason: input.reason });
    return;
  }
  const event: CloudTrailEnvelope = input.value;
  accepted.set(record.messageId, event);
  if (!detector.concerns(event)) return;
  const outcome = await processOnce(event);
  if (outcome.opened.length > 0) {
    tally.count('FindingsOpened', outcome.opened.length);
    logger.info('findings opened', { eventId: outcome.eventId, findingIds: outcome.opened });
  }
}

// In order: occurrences of one finding in one batch would otherwise race on its conditional write.
const processBatch = sqsBatchHandler(handleRecord, { inOrder: true });

/** One aggregated state write for the batch; if it fails, every event that fed it is retried (the write is idempotent). */
async function processStateful(response: SQSBatchResponse): Promise<SQSBatchResponse> {
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  const batch = [...accepted].filter(([messageId]) => !failed.has(messageId));
  try {
    const outcome = await detector.processBatch(batch.map(([, event]) => event));
    if (outcome.opened.length > 0) {
      tally.count('FindingsOpened', outcome.opened.length);
      logger.info('findings opened', { findingIds: outcome.opened });
    }
    return response;
  } catch (error) {
    logger.error('stateful detections failed; the batch is retried', { error: error as Error });
    return { batchItemFailures: [...response.batchItemFailures, ...batch.map(([itemIdentifier]) => ({ itemIdentifier }))] };
  }
}

export const handler = middy(async (event: SQSEvent, context: Context) => {
  idempotencyConfig.registerLambdaContext(context);
  accepted = new Map();
  return processStateful(await processBatch(event, context));
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(tally.middleware(metrics));
