import { z } from 'zod';
import { BaseConfigSchema, jsonObject, requiredString } from '../../shared/config/schemas';
import { VIOLATION_ACTIONS } from '../../shared/telemetry';
import type { FunctionManifest } from '../../infra/manifest/types';

export const AppTelemetryConfigSchema = BaseConfigSchema.extend({
  /**
   * The ingest counters (shared/telemetry/TelemetryIngestCounters.ts) live in the DetectionState table, and so does
   * the state of the app signal detections (shared/telemetry/signals): exposure counts, latency buckets, export baselines.
   */
  STATE_TABLE: requiredString('STATE_TABLE'),
  /** Telemetry findings (telemetry-pii-in-unrestricted-field) go through the FindingStore. */
  FINDINGS_TABLE: requiredString('FINDINGS_TABLE'),
  /** Accepted events (shared/telemetry/store), Restricted values sealed with the field key. */
  TELEMETRY_TABLE: requiredString('TELEMETRY_TABLE'),
  /** The HMAC_256 KMS key of user pseudonyms (GenerateMac). */
  TELEMETRY_PSEUDONYM_KEY_ID: requiredString('TELEMETRY_PSEUDONYM_KEY_ID'),
  /** What the stage does with an event that breaks the telemetry spec: quarantine it, or accept it marked as unexpected. */
  /** The stage's detection overrides: the app signal detections' SLOs, thresholds and floors (shared/telemetry/signals). */
  DETECTION_OVERRIDES: jsonObject.default({}),
  TELEMETRY_SCHEMA_VIOLATIONS: z.enum(VIOLATION_ACTIONS, {
    error: `TELEMETRY_SCHEMA_VIOLATIONS must be one of ${VIOLATION_ACTIONS.join(', ')}`,
  }),
});

/** Application telemetry batches on the Vigil bus, buffered in SQS. */
export const manifest = {
  key: 'appTelemetry',
  folder: 'app-telemetry',
  description: 'App telemetry checks, classification and encryption (batches from the app-telemetry queue)',
  memorySize: 1024,
  timeoutSeconds: 60,
  config: AppTelemetryConfigSchema,
  environment: {
    STATE_TABLE: { table: 'DetectionState' },
    FINDINGS_TABLE: { table: 'Findings' },
    TELEMETRY_TABLE: { table: 'TelemetryEvents' },
    TELEMETRY_PSEUDONYM_KEY_ID: { pseudonymMacKey: true },
    DETECTION_OVERRIDES: { detectionOverrides: true },
    TELEMETRY_SCHEMA_VIOLATIONS: { param: 'telemetrySchemaViolations' },
  },
  triggers: [{ kind: 'queue', rule: 'app-telemetry', queue: 'app-telemetry', batchSize: 100, maximumBatchingWindowSeconds: 5 }],
  iam: {
    shared: ['xray', 'quarantine', 'tableKey', 'sealFields', 'publishFindings'],
    statements: [
      // TelemetryIngestCounters: one ADD per app, release and hour per batch, and a consistent GetItem of each back
      // (telemetry-schema-rejections). The app signals' state: conditional UpdateItems (exposure assignments, latency
      // buckets, export buckets and rollups), ADDs (exposure counts), a GetItem of an experiment's counts, Queries of
      // a series' latency buckets and of a user's export buckets and rollups.
      {
        Sid: 'TelemetryStateReadWrite',
        Effect: 'Allow',
        Action: ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:Query'],
        Resource: { 'Fn::GetAtt': ['DetectionState', 'Arn'] },
      },
      // FindingStore (telemetry findings): consistent GetItem, a PutItem conditional on the version read,
      // an UpdateItem once the finding is announced on the bus.
      {
        Sid: 'FindingsReadWrite',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': ['Findings', 'Arn'] },
      },
      // TelemetryArchive: one conditional PutItem per accepted event (a redelivery writes nothing).
      {
        Sid: 'TelemetryEventsPut',
        Effect: 'Allow',
        Action: ['dynamodb:PutItem'],
        Resource: { 'Fn::GetAtt': ['TelemetryEvents', 'Arn'] },
      },
      // KmsPseudonymizer: user ids to keyed pseudonyms, cached per instance.
      {
        Sid: 'TelemetryPseudonyms',
        Effect: 'Allow',
        Action: ['kms:GenerateMac'],
        Resource: { 'Fn::GetAtt': ['TelemetryPseudonymKey', 'Arn'] },
      },
    ],
  },
} satisfies FunctionManifest<typeof AppTelemetryConfigSchema>;
