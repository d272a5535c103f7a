import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { SageMakerProcessingJobEventSchema } from '../../events/schemas';
import { ModelMonitorConfigSchema, readConfig } from '../../shared/config';
import { acceptOrQuarantine } from '../../shared/ingest';
import { createBaseDependencies } from '../../shared/wiring';

/*
 * Model monitor, first job: validate SageMaker processing-job state changes against their contract,
 * quarantine what fails, count what passes by job status. Reading the Model Monitor statistics and
 * violation files and scoring drift land with the model-monitoring issue.
 */
const COMPONENT = 'model-monitor';
const config = readConfig(ModelMonitorConfigSchema, process.env, COMPONENT);
const { logger, metrics, tally, ingest } = createBaseDependencies(COMPONENT, config);

export const handler = middy(async (event: unknown) => {
  const input = await acceptOrQuarantine(event, SageMakerProcessingJobEventSchema, ingest);
  if (!input.accepted) {
    logger.warn('event quarantined', { quarantineId: input.quarantineId, reason: input.reason });
    return { accepted: false };
  }
  const status = input.value.detail.ProcessingJobStatus;
  tally.count(`ProcessingJobs${status}`);
  logger.info('processing job state change', { eventId: input.value.id, job: input.value.detail.ProcessingJobName, status });
  return { accepted: true };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(tally.middleware(metrics));
