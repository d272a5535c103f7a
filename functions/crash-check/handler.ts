import { ScheduledEventSchema } from '../../events/schemas/scheduledEvent';
import { readConfig } from '../../shared/config';
import { TUNABLE_DETECTIONS, configureRelay, parseDetectionOverrides } from '../../shared/detections';
import { FindingPublisher, FindingRecorder, FindingStore } from '../../shared/findings';
import {
  CrashCheck,
  DynamoCheckCursor,
  DynamoCrashIssueStore,
  appCrashRateSpike,
  appErrorBurst,
  appNewOrRegressedCrash,
} from '../../shared/telemetry/crashes';
import { DynamoTelemetryEventStore } from '../../shared/telemetry/store';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

/*
 * Crash check, every 15 minutes (on event time in a replay): the crash detections over the settled
 * slots of stored app telemetry since the last run (shared/telemetry/crashes/check/CrashCheck.ts),
 * their findings recorded and announced for the router.
 */
const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);
const { clients, logger, tally } = deps;
const overrides = parseDetectionOverrides(config.DETECTION_OVERRIDES, TUNABLE_DETECTIONS);
const telemetry = new DynamoTelemetryEventStore(clients.ddb, config.TELEMETRY_TABLE);
const check = new CrashCheck({
  detections: {
    rate: configureRelay(appCrashRateSpike, overrides),
    newOrRegressed: configureRelay(appNewOrRegressedCrash, overrides),
    burst: configureRelay(appErrorBurst, overrides),
  },
  events: (query) => telemetry.query(query),
  issues: new DynamoCrashIssueStore(clients.ddb, config.STATE_TABLE),
  cursor: new DynamoCheckCursor(clients.ddb, config.STATE_TABLE),
  recorder: new FindingRecorder(
    new FindingStore(clients.ddb, config.FINDINGS_TABLE),
    new FindingPublisher({ eventBridge: clients.eventBridge, busName: config.EVENT_BUS_NAME }),
  ),
});

export const handler = eventHandler(deps, ScheduledEventSchema, async (event, _context, budget) => {
  const outcome = await check.run(new Date(event.time), { account: event.account, region: event.region }, budget);
  tally.count('CrashSlotsEvaluated', outcome.slots);
  if (outcome.lateEvents > 0) tally.count('CrashLateEvents', outcome.lateEvents);
  if (outcome.lateSlots > 0) tally.count('CrashLateSlotsJudged', outcome.lateSlots);
  tally.count('CrashNewGroups', outcome.newGroups);
  tally.count('CrashRegressions', outcome.regressions);
  tally.count('FindingsOpened', outcome.opened);
  if (outcome.truncated) tally.count('CrashCheckReadTruncated');
  if (outcome.skippedMinutes > 0) tally.count('CrashCheckMinutesSkipped', outcome.skippedMinutes);
  const log = outcome.truncated || outcome.skippedMinutes > 0 ? logger.warn.bind(logger) : logger.info.bind(logger);
  log('crash check ran', { eventId: event.id, time: event.time, ...outcome });
  return outcome;
});
