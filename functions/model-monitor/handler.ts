import { S3Client } from '@aws-sdk/client-s3';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { SageMakerProcessingJobEventSchema, type SageMakerProcessingJobEvent } from '../../events/schemas';
import { readConfig } from '../../shared/config';
import { TUNABLE_DETECTIONS, configureRelay, parseDetectionOverrides } from '../../shared/detections';
import { FindingPublisher, FindingStore } from '../../shared/findings';
import {
  DynamoDriftHistoryStore,
  DynamoRunLog,
  ModelMonitorProcessor,
  S3ReportSource,
  ScopedReportSource,
  modelConstraintViolations,
  modelDatasetDrift,
  modelFeatureDrift,
  modelMonitorJobFailed,
  modelQualityDegraded,
} from '../../shared/modelMonitor';
import type { RetryDeadline } from '../../shared/retry';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

/*
 * Model monitor: SageMaker processing-job state changes (validated against their contract,
 * quarantined when they fail it). Monitoring runs among them are read from their S3 reports and
 * become model findings and drift history (shared/modelMonitor); a run whose reports cannot be read
 * is quarantined with the reason naming the object. Other processing jobs are counted and left.
 */
const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);
const { clients, logger, tally } = deps;
const overrides = parseDetectionOverrides(config.DETECTION_OVERRIDES, TUNABLE_DETECTIONS);
// An endpoint of its own (the embedded S3 locally) is addressed path-style; S3 itself virtual-hosted.
const s3 = new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined });
const processor = new ModelMonitorProcessor({
  detections: {
    featureDrift: configureRelay(modelFeatureDrift, overrides),
    datasetDrift: configureRelay(modelDatasetDrift, overrides),
    quality: configureRelay(modelQualityDegraded, overrides),
    violations: configureRelay(modelConstraintViolations, overrides),
    jobFailed: configureRelay(modelMonitorJobFailed, overrides),
  },
  findings: new FindingStore(clients.ddb, config.FINDINGS_TABLE),
  publisher: new FindingPublisher({ eventBridge: clients.eventBridge, busName: config.EVENT_BUS_NAME }),
  history: new DynamoDriftHistoryStore(clients.ddb, config.STATE_TABLE),
  // Only the stage's monitoring buckets (MONITORING_BUCKETS, the role's grant): a run outside them is quarantined naming the object.
  reports: new ScopedReportSource(new S3ReportSource(s3), config.MONITORING_BUCKETS),
  runs: new DynamoRunLog(clients.ddb, config.STATE_TABLE),
  historyDays: config.DRIFT_HISTORY_DAYS,
});

// The EventBridge event id is the idempotency key: a redelivered run is processed once.
const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: 24 * 3600 });
const processOnce = makeIdempotent((event: SageMakerProcessingJobEvent, budget: RetryDeadline) => processor.process(event, budget), {
  persistenceStore: deps.idempotencyStore(),
  config: idempotencyConfig,
});

export const handler = eventHandler(deps, SageMakerProcessingJobEventSchema, async (event, context, budget) => {
  idempotencyConfig.registerLambdaContext(context);
  const status = event.detail.ProcessingJobStatus;
  deps.tally.count(`ProcessingJobs${status}`);
  if (processor.runOf(event) === undefined) {
    logger.info('processing job is not a monitoring run', { eventId: event.id, job: event.detail.ProcessingJobName, status });
    return { accepted: true, monitoring: false };
  }
  const outcome = await processOnce(event, budget);
  if (outcome.status === 'unreadable') {
    await deps.quarantine.put({
      component: manifest.folder,
      reason: `monitoring run ${outcome.run}: ${outcome.reason}`,
      payload: JSON.stringify(event),
      source: event.source,
      detailType: event['detail-type'],
      eventId: event.id,
    });
    tally.count('MonitoringRunsQuarantined');
    logger.warn('monitoring run quarantined', { eventId: event.id, job: outcome.run, reason: outcome.reason });
    return { accepted: false, reason: outcome.reason };
  }
  tally.count('MonitoringRunsProcessed');
  if (outcome.status === 'processed') {
    tally.count('DriftScoresRecorded', outcome.scores);
    for (const opened of outcome.opened) {
      tally.count('FindingsOpened');
      tally.count('FindingsOpened', 1, { detection: opened.detection, severity: opened.severity });
    }
  }
  logger.info('monitoring run processed', { eventId: event.id, job: event.detail.ProcessingJobName, ...outcome });
  return { accepted: true, monitoring: true, ...outcome };
});
