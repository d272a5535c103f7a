import { SageMakerProcessingJobEventSchema } from '../../events/schemas';
import { readConfig } from '../../shared/config';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

/*
 * Model monitor, first job: validate SageMaker processing-job state changes against their contract,
 * quarantine what fails, count what passes by job status. Reading the Model Monitor statistics and
 * violation files and scoring drift land with the model-monitoring issue.
 */
const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);

export const handler = eventHandler(deps, SageMakerProcessingJobEventSchema, async (event) => {
  const status = event.detail.ProcessingJobStatus;
  deps.tally.count(`ProcessingJobs${status}`);
  deps.logger.info('processing job state change', { eventId: event.id, job: event.detail.ProcessingJobName, status });
  return { accepted: true };
});
