import { ScheduledEventSchema } from '../../events/schemas/scheduledEvent';
import { readConfig } from '../../shared/config';
import { TUNABLE_DETECTIONS, configureRelay, parseDetectionOverrides } from '../../shared/detections';
import { FindingPublisher, FindingStore } from '../../shared/findings';
import { DynamoRunLog, MissingRunCheck, modelMonitorJobFailed } from '../../shared/modelMonitor';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

/*
 * Model monitor check, hourly (on event time in a replay): every schedule configured in
 * model-monitor-job-failed's `schedules` whose window ended (plus its grace) with no run arrived is a
 * model-monitor-job-failed occurrence (shared/modelMonitor/MissingRunCheck.ts).
 */
const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);
const { clients, logger, tally } = deps;
const check = new MissingRunCheck({
  detection: configureRelay(modelMonitorJobFailed, parseDetectionOverrides(config.DETECTION_OVERRIDES, TUNABLE_DETECTIONS)),
  runs: new DynamoRunLog(clients.ddb, config.STATE_TABLE),
  findings: new FindingStore(clients.ddb, config.FINDINGS_TABLE),
  publisher: new FindingPublisher({ eventBridge: clients.eventBridge, busName: config.EVENT_BUS_NAME }),
});

export const handler = eventHandler(deps, ScheduledEventSchema, async (event, _context, budget) => {
  const missing = await check.run(new Date(event.time), { account: event.account, region: event.region }, budget);
  tally.count('MonitoringRunsMissing', missing);
  logger.info('model monitor schedules checked', { eventId: event.id, time: event.time, missing });
  return { missing };
});
