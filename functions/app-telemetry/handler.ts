import type { SQSRecord } from 'aws-lambda';
import { AppTelemetryEnvelopeSchema } from '../../events/schemas';
import { readConfig } from '../../shared/config';
import { DynamoDetectionStateStore, parseDetectionOverrides, TUNABLE_DETECTIONS } from '../../shared/detections';
import { FindingPublisher, FindingRecorder, FindingStore } from '../../shared/findings';
import { TelemetryIngest, TelemetryIngestCounters } from '../../shared/telemetry';
import { piiOccurrences } from '../../shared/telemetry/findings';
import { DynamoExposureCountStore } from '../../shared/telemetry/experiments';
import { KmsPseudonymizer } from '../../shared/telemetry/privacy';
import { AppSignals, type SignalBatch } from '../../shared/telemetry/signals';
import { DynamoLatencyBucketStore } from '../../shared/telemetry/signals/latency';
import { DynamoTelemetryEventStore, TelemetryArchive } from '../../shared/telemetry/store';
import { createBaseDependencies, sqsBatchHandler } from '../wiring';
import { manifest } from './manifest';

/*
 * App telemetry: each batch checked against the telemetry spec (events/telemetry), event by event;
 * what breaks it is quarantined (sealed: events carry Restricted user ids) or, in a marking stage,
 * accepted and marked; the counts go to the ingest counters. The accepted events leave the check
 * classified (every value with its data class and retention) and are stored (TelemetryArchive: user
 * ids pseudonymised, Restricted values sealed, one conditional put per event, so a redelivered batch
 * writes nothing new) before the record is acknowledged; crash grouping and A/B analysis read the store.
 * Per SQS batch, once the counts are added, the app signal detections (shared/telemetry/signals): schema rejections
 * from the counters, the live sample-ratio check, the client latency SLO, and exports against each user's baseline.
 */
const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);
const ingest = new TelemetryIngest({ ingest: deps.ingest, action: config.TELEMETRY_SCHEMA_VIOLATIONS });
const counters = new TelemetryIngestCounters({ ddb: deps.clients.ddb, table: config.STATE_TABLE });
const findings = new FindingRecorder(
  new FindingStore(deps.clients.ddb, config.FINDINGS_TABLE),
  new FindingPublisher({ eventBridge: deps.clients.eventBridge, busName: config.EVENT_BUS_NAME }),
);
const archive = new TelemetryArchive({
  store: new DynamoTelemetryEventStore(deps.clients.ddb, config.TELEMETRY_TABLE),
  table: config.TELEMETRY_TABLE,
  encryptor: deps.encryptor,
  pseudonymizer: new KmsPseudonymizer({ kms: deps.clients.kms, keyId: config.TELEMETRY_PSEUDONYM_KEY_ID }),
});

const signals = new AppSignals({
  // The stage's whole override map is checked (every detection's entries), the app signals' applied.
  overrides: parseDetectionOverrides(config.DETECTION_OVERRIDES, TUNABLE_DETECTIONS),
  counters,
  exposures: new DynamoExposureCountStore(deps.clients.ddb, config.STATE_TABLE),
  latency: new DynamoLatencyBucketStore(deps.clients.ddb, config.STATE_TABLE),
  state: new DynamoDetectionStateStore(deps.clients.ddb, config.STATE_TABLE),
  findings,
  pseudonymOf: (userId) => archive.pseudonym(userId),
});

// One invocation at a time per Lambda instance: the record step's outcomes (and their origin), for the batch step.
const outcomes = new Map<string, SignalBatch>();

export const handler = sqsBatchHandler(deps, AppTelemetryEnvelopeSchema, {
  record: async (envelope, record: SQSRecord, invocation) => {
    const outcome = await ingest.handle(envelope, record.body);
    // The PII guard's findings: app, event and field, never the value (already redacted by ingest).
    const pii = piiOccurrences(envelope, outcome);
    const opened = await findings.record(pii, invocation);
    if (pii.length > 0) deps.tally.count('TelemetryPiiFieldsRedacted', pii.length);
    if (opened.length > 0) deps.tally.count('FindingsOpened', opened.length);
    // A store failure fails this record alone: its redelivery stores what is missing, skips what is there.
    const saved = await archive.archive(outcome.accepted);
    outcomes.set(record.messageId, { outcome, origin: { source: envelope.source, account: envelope.account, region: envelope.region } });
    // Ids and counts only: events carry Restricted values.
    deps.logger.debug('telemetry batch checked', {
      envelopeId: outcome.envelopeId,
      events: outcome.events,
      accepted: outcome.accepted.length,
      quarantined: outcome.quarantined,
      unexpected: outcome.unexpected,
      stored: saved.stored,
      duplicates: saved.duplicates,
    });
    if (outcome.quarantined > 0) {
      deps.logger.warn('telemetry events quarantined', {
        envelopeId: outcome.envelopeId,
        batchQuarantined: outcome.batchQuarantined,
        quarantined: outcome.quarantined,
        quarantineIds: outcome.quarantineIds.slice(0, 20),
      });
    }
  },
  batch: async (accepted, invocation) => {
    try {
      const batches = accepted.map((r) => outcomes.get(r.messageId)).filter((b): b is SignalBatch => b !== undefined);
      await counters.add(batches.map((b) => b.outcome));
      // Retried whole when it fails (the records are redelivered): every signal's writes are idempotent.
      const concluded = await signals.process(batches, invocation);
      if (concluded.opened.length > 0) deps.tally.count('FindingsOpened', concluded.opened.length);
      for (const f of concluded.opened) deps.tally.count('FindingsOpened', 1, { detection: f.detection, severity: f.severity });
      if (concluded.exportsWithoutUser > 0) deps.tally.count('TelemetryExportsWithoutUser', concluded.exportsWithoutUser);
      deps.logger.debug('app signals', { occurrences: concluded.occurrences, opened: concluded.opened.map((f) => f.id) });
    } finally {
      outcomes.clear();
    }
  },
});
