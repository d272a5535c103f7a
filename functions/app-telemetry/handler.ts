import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { AppTelemetryBatchEventSchema } from '../../events/schemas';
import { BaseConfigSchema, readConfig } from '../../shared/config';
import { acceptOrQuarantine } from '../../shared/ingest';
import { createBaseDependencies, sqsBatchHandler } from '../../shared/wiring';

/*
 * App telemetry, first job: validate telemetry batches against the batch contract, quarantine what
 * fails (sealed: batches carry Restricted user ids), count the batches and events that pass.
 * The telemetry spec check, classification, field encryption into DynamoDB, crash and A/B analysis
 * land with the telemetry issue.
 */
const COMPONENT = 'app-telemetry';
const config = readConfig(BaseConfigSchema, process.env, COMPONENT);
const { logger, metrics, tally, ingest } = createBaseDependencies(COMPONENT, config);

async function handleRecord(record: SQSRecord) {
  const input = await acceptOrQuarantine(record.body, AppTelemetryBatchEventSchema, ingest);
  if (!input.accepted) {
    logger.warn('batch quarantined', { messageId: record.messageId, quarantineId: input.quarantineId, reason: input.reason });
    return;
  }
  tally.count('TelemetryEventsAccepted', input.value.detail.events.length);
}

const processBatch = sqsBatchHandler(handleRecord);

export const handler = middy((event: SQSEvent, context: Context) => processBatch(event, context))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(tally.middleware(metrics));
