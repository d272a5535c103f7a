import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { GuardDutyFindingEventSchema, type GuardDutyFindingEvent } from '../../events/schemas';
import { readConfig } from '../../shared/config';
import { GuardDutyRelay, TUNABLE_DETECTIONS, configureRelay, guarddutyFinding, parseDetectionOverrides } from '../../shared/detections';
import { FindingPublisher, FindingStore } from '../../shared/findings';
import type { RetryDeadline } from '../../shared/retry';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

/*
 * GuardDuty relay: "GuardDuty Finding" events (validated against their contract, quarantined when
 * they fail it) become Vigil findings, one per GuardDuty finding id (shared/detections/GuardDutyRelay).
 * Sample findings are counted and skipped.
 */
const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);
const { clients, logger, tally } = deps;
const relay = new GuardDutyRelay(
  configureRelay(guarddutyFinding, parseDetectionOverrides(config.DETECTION_OVERRIDES, TUNABLE_DETECTIONS)),
  new FindingStore(clients.ddb, config.FINDINGS_TABLE),
  new FindingPublisher({ eventBridge: clients.eventBridge, busName: config.EVENT_BUS_NAME }),
);

// The EventBridge event id is the idempotency key: a redelivered event is recorded once, also past the
// 100 event ids a finding keeps (GuardDuty may update one finding every 15 minutes for weeks).
const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: 24 * 3600 });
const relayOnce = makeIdempotent((event: GuardDutyFindingEvent, budget: RetryDeadline) => relay.relay(event, budget), {
  persistenceStore: deps.idempotencyStore(),
  config: idempotencyConfig,
});

export const handler = eventHandler(deps, GuardDutyFindingEventSchema, async (event, context, budget) => {
  idempotencyConfig.registerLambdaContext(context);
  const decision = relay.decide(event);
  if (!decision.relay) {
    tally.count(decision.reason === 'sample' ? 'SampleFindingsSkipped' : 'GuardDutyFindingsSkipped');
    logger.info('guardduty finding skipped', { eventId: event.id, type: event.detail.type, reason: decision.reason });
    return { relayed: false, reason: decision.reason };
  }
  const outcome = await relayOnce(event, budget);
  tally.count('GuardDutyFindingsRelayed');
  if (outcome.status === 'opened') {
    tally.count('FindingsOpened');
    tally.count('FindingsOpened', 1, { detection: outcome.detection, severity: outcome.severity });
  }
  logger.info('guardduty finding relayed', { eventId: event.id, type: event.detail.type, ...outcome });
  return { relayed: true, ...outcome };
});
