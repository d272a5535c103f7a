import { AppTelemetryBatchEventSchema } from '../../events/schemas';
import { readConfig } from '../../shared/config';
import { createBaseDependencies, sqsBatchHandler } from '../wiring';
import { manifest } from './manifest';

/*
 * App telemetry, first job: validate telemetry batches against the batch contract, quarantine what
 * fails (sealed: batches carry Restricted user ids), count the batches and events that pass.
 * The telemetry spec check, classification, field encryption into DynamoDB, crash and A/B analysis
 * land with the telemetry issue.
 */
const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);

export const handler = sqsBatchHandler(deps, AppTelemetryBatchEventSchema, {
  record: async (batch) => deps.tally.count('TelemetryEventsAccepted', batch.detail.events.length),
});
