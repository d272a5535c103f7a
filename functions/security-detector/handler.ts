import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { CloudTrailEventSchema } from '../../events/schemas/cloudtrail';
import { DetectorConfigSchema, readConfig } from '../../shared/config';
import {
  CLOUDTRAIL_DETECTIONS,
  DetectionEngine,
  SecurityDetector,
  parseDetectionOverrides,
  type CloudTrailRecordLike,
} from '../../shared/detections';
import type { EventBridgeEvent } from '../../shared/events/envelope';
import { FindingPublisher, FindingStore } from '../../shared/findings';
import { acceptOrQuarantine } from '../../shared/ingest';
import { createBaseDependencies, sqsBatchHandler } from '../../shared/wiring';

const COMPONENT = 'security-detector';
const config = readConfig(DetectorConfigSchema, process.env, COMPONENT);
const { clients, logger, metrics, tally, idempotencyStore, ingest } = createBaseDependencies(COMPONENT, config);
const overrides = parseDetectionOverrides(config.DETECTION_OVERRIDES, CLOUDTRAIL_DETECTIONS.map((d) => d.definition.id));
const detector = new SecurityDetector(
  new DetectionEngine(CLOUDTRAIL_DETECTIONS, overrides),
  new FindingStore(clients.ddb, config.FINDINGS_TABLE),
  new FindingPublisher({ eventBridge: clients.eventBridge, busName: config.EVENT_BUS_NAME }),
);

// The EventBridge event id is the idempotency key: a redelivered or replayed event is processed once.
const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: 24 * 3600 });
const processOnce = makeIdempotent(
  (event: EventBridgeEvent<CloudTrailRecordLike>) => detector.process(event),
  { persistenceStore: idempotencyStore(), config: idempotencyConfig },
);

async function handleRecord(record: SQSRecord) {
  const input = await acceptOrQuarantine(record.body, CloudTrailEventSchema, ingest);
  if (!input.accepted) {
    logger.warn('event quarantined', { messageId: record.messageId, quarantineId: input.quarantineId, reason: input.reason });
    return;
  }
  const event = input.value as EventBridgeEvent<CloudTrailRecordLike>;
  if (!detector.concerns(event)) return;
  const outcome = await processOnce(event);
  if (outcome.opened.length > 0) {
    tally.count('FindingsOpened', outcome.opened.length);
    logger.info('findings opened', { eventId: outcome.eventId, findingIds: outcome.opened });
  }
}

// In order: occurrences of one finding in one batch would otherwise race on its conditional write.
const processBatch = sqsBatchHandler(handleRecord, { inOrder: true });

export const handler = middy(async (event: SQSEvent, context: Context) => {
  idempotencyConfig.registerLambdaContext(context);
  return processBatch(event, context);
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(tally.middleware(metrics));
