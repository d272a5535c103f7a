import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { SecurityEventSchema } from '../../events/schemas/securityEvent';
import { readConfig } from '../../shared/config';
import {
  DETECTIONS,
  DetectionEngine,
  DynamoDetectionStateStore,
  SecurityDetector,
  SecurityMetrics,
  StatefulEngine,
  TUNABLE_DETECTIONS,
  parseDetectionOverrides,
  type CloudTrailEnvelope,
} from '../../shared/detections';
import { FindingPublisher, FindingStore } from '../../shared/findings';
import type { RetryDeadline } from '../../shared/retry';
import { createBaseDependencies, sqsBatchHandler } from '../wiring';
import { manifest } from './manifest';

const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);
const { clients, logger, tally } = deps;
// The stage's whole override map is checked (relayed detections' entries included), this function's applied.
const engine = new DetectionEngine(DETECTIONS, parseDetectionOverrides(config.DETECTION_OVERRIDES, TUNABLE_DETECTIONS));
// Compliance and detection metrics (EMF through the tally): console sign-ins and MFA, root activity,
// logging tamper events, findings per detection and severity.
const metrics = new SecurityMetrics(tally);
const detector = new SecurityDetector(
  engine,
  new FindingStore(clients.ddb, config.FINDINGS_TABLE),
  new FindingPublisher({ eventBridge: clients.eventBridge, busName: config.EVENT_BUS_NAME }),
  new StatefulEngine(engine, new DynamoDetectionStateStore(clients.ddb, config.STATE_TABLE)),
  metrics,
);

// The EventBridge event id is the idempotency key: a redelivered or replayed event is processed once.
const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: 24 * 3600 });
const processOnce = makeIdempotent((event: CloudTrailEnvelope, budget: RetryDeadline) => detector.process(event, budget), {
  persistenceStore: deps.idempotencyStore(),
  config: idempotencyConfig,
});

// FindingsOpened is counted by SecurityMetrics, per detection and severity too.
function opened(findingIds: string[], eventId?: string): void {
  if (findingIds.length === 0) return;
  logger.info('findings opened', { eventId, findingIds });
}

// CloudTrail records, and the bridged Cognito auth events, whose detail is a CloudTrail-compatible record.
export const handler = sqsBatchHandler(deps, SecurityEventSchema, {
  // Stateless detections, record by record. In order: occurrences of one finding in one batch would
  // otherwise race on its conditional write.
  inOrder: true,
  record: async (event, _record, budget) => {
    metrics.event(event);
    if (!detector.concerns(event)) return;
    const outcome = await processOnce(event, budget);
    opened(outcome.opened, outcome.eventId);
  },
  // Stateful detections: one aggregated state write per detection, key and bucket for the batch.
  batch: async (accepted, budget) => {
    const outcome = await detector.processBatch(
      accepted.map((r) => r.event),
      budget,
    );
    opened(outcome.opened);
  },
}).before((request) => idempotencyConfig.registerLambdaContext(request.context));
