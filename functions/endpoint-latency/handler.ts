import { MetricStreamRecordEventSchema } from '../../events/schemas';
import { readConfig } from '../../shared/config';
import { configureRelay, parseDetectionOverrides, TUNABLE_DETECTIONS } from '../../shared/detections';
import { FindingPublisher, FindingStore } from '../../shared/findings';
import { DynamoSloBucketStore } from '../../shared/slo';
import { ModelLatencySloMonitor, modelLatencySloBurn } from '../../shared/slo/modelLatency';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

/*
 * Endpoint latency: "CloudWatch Metric Stream Record" events of AWS/SageMaker ModelLatency (validated against
 * their contract, quarantined when they fail it) feed each endpoint variant's latency SLO; a burn fast enough
 * raises model-latency-slo-burn (shared/slo/modelLatency). A record that cannot be measured (no PR(:threshold)
 * statistic, another unit) is quarantined with the reason and counted.
 */
const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);
const { clients, logger, tally, quarantine } = deps;
const monitor = new ModelLatencySloMonitor(
  configureRelay(modelLatencySloBurn, parseDetectionOverrides(config.DETECTION_OVERRIDES, TUNABLE_DETECTIONS)),
  new DynamoSloBucketStore(clients.ddb, config.STATE_TABLE),
  new FindingStore(clients.ddb, config.FINDINGS_TABLE),
  new FindingPublisher({ eventBridge: clients.eventBridge, busName: config.EVENT_BUS_NAME }),
);

export const handler = eventHandler(deps, MetricStreamRecordEventSchema, async (event, _context, budget) => {
  const outcome = await monitor.observe(event, budget);
  if (outcome.status === 'unmeasurable') {
    const quarantineId = await quarantine.put({
      component: manifest.folder,
      reason: outcome.reason,
      payload: JSON.stringify(event),
      source: event.source,
      detailType: event['detail-type'],
      eventId: event.id,
    });
    tally.count('LatencyRecordsQuarantined');
    logger.warn('latency record not measurable', { eventId: event.id, reason: outcome.reason, quarantineId });
    return outcome;
  }
  tally.count(outcome.status === 'duplicate' ? 'LatencyRecordsDuplicate' : 'LatencyRecordsCounted');
  if (outcome.status !== 'disabled' && outcome.opened && outcome.severity) {
    tally.count('FindingsOpened');
    tally.count('FindingsOpened', 1, { detection: modelLatencySloBurn.definition.id, severity: outcome.severity });
  }
  logger.info('latency record', { eventId: event.id, ...outcome });
  return outcome;
});
