import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { GuardDutyFindingEventSchema } from '../../events/schemas';
import { RelayConfigSchema, readConfig } from '../../shared/config';
import { acceptOrQuarantine } from '../../shared/ingest';
import { createBaseDependencies } from '../../shared/wiring';

/*
 * GuardDuty relay, first job: validate "GuardDuty Finding" events against their contract, quarantine
 * what fails, count what passes (sample findings apart). Relaying them as Vigil findings (severity
 * bands, dedup on the finding id) lands with the GuardDuty detection issue.
 */
const COMPONENT = 'guardduty-relay';
const config = readConfig(RelayConfigSchema, process.env, COMPONENT);
const { logger, metrics, tally, ingest } = createBaseDependencies(COMPONENT, config);

export const handler = middy(async (event: unknown) => {
  const input = await acceptOrQuarantine(event, GuardDutyFindingEventSchema, ingest);
  if (!input.accepted) {
    logger.warn('event quarantined', { quarantineId: input.quarantineId, reason: input.reason });
    return { accepted: false };
  }
  const sample = input.value.detail.service?.additionalInfo?.sample === true;
  tally.count(sample ? 'SampleFindingsSeen' : 'FindingsSeen');
  logger.info('guardduty finding', { eventId: input.value.id, type: input.value.detail.type, sample });
  return { accepted: true };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(tally.middleware(metrics));
