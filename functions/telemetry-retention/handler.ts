import { ScheduledEventSchema } from '../../events/schemas/scheduledEvent';
import { readConfig } from '../../shared/config';
import { DynamoTelemetryEventStore } from '../../shared/telemetry/store';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

/*
 * The telemetry anonymisation job, hourly: the retention steps due at the schedule's time (the
 * Scheduled Event's `time`, event time during a replay) are applied (shared/telemetry/store
 * TelemetryEventStore.applyRetention): sealed Restricted values and the user pseudonym go after the
 * Restricted retention, plaintext values after their class's. The items themselves go by TTL.
 */
const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);
const store = new DynamoTelemetryEventStore(deps.clients.ddb, config.TELEMETRY_TABLE);

export const handler = eventHandler(deps, ScheduledEventSchema, async (event) => {
  const result = await store.applyRetention(new Date(event.time));
  deps.tally.count('TelemetryRestrictedRemoved', result.restrictedRemoved);
  deps.tally.count('TelemetryFieldsStripped', result.stripped);
  deps.logger.info('telemetry retention applied', { time: event.time, ...result });
  return result;
});
