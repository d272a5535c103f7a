import { BaseConfigSchema, jsonObject, requiredString } from '../../shared/config/schemas';
import type { FunctionManifest } from '../../infra/manifest/types';

export const CrashCheckConfigSchema = BaseConfigSchema.extend({
  /** The stored telemetry events it reads (shared/telemetry/store), by the kind index. */
  TELEMETRY_TABLE: requiredString('TELEMETRY_TABLE'),
  FINDINGS_TABLE: requiredString('FINDINGS_TABLE'),
  /** The known crash groups and the check's cursor (shared/telemetry/crashes/issues, check/CheckCursor.ts). */
  STATE_TABLE: requiredString('STATE_TABLE'),
  DETECTION_OVERRIDES: jsonObject.default({}),
});

/**
 * Every 15 minutes: the crash detections over the settled slots of stored telemetry since the last run
 * (docs/crashes.md, "In the pipeline"). 15 minutes is the slot the check evaluates, so a new crash group
 * is raised within 15 to 30 minutes of its first event, as Crashlytics' and Sentry's new-issue alerts.
 */
export const manifest = {
  key: 'crashCheck',
  folder: 'crash-check',
  description: 'Raises new and regressed crash groups, crash-free rate drops and error bursts from stored app telemetry',
  memorySize: 1024,
  timeoutSeconds: 300,
  config: CrashCheckConfigSchema,
  environment: {
    TELEMETRY_TABLE: { table: 'TelemetryEvents' },
    FINDINGS_TABLE: { table: 'Findings' },
    STATE_TABLE: { table: 'DetectionState' },
    DETECTION_OVERRIDES: { detectionOverrides: true },
  },
  triggers: [
    {
      kind: 'schedule',
      name: 'quarter-hourly',
      expression: 'rate(15 minutes)',
      description: 'Evaluates the crash detections over the slots of event time settled since the last run',
      // Each run evaluates every settled slot since its cursor: in a replay's quiet stretch the last firing does what all would.
      replayCatchUp: 'latest',
    },
  ],
  iam: {
    shared: ['xray', 'quarantine', 'tableKey', 'publishFindings'],
    statements: [
      // TelemetryEventStore.query by kind: the kind index, event-time ranges, paged.
      {
        Sid: 'TelemetryKindQuery',
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: { 'Fn::Sub': '${TelemetryEvents.Arn}/index/kind-index' },
      },
      // FindingStore: consistent GetItem, a PutItem conditional on the version read, an UpdateItem once announced.
      {
        Sid: 'FindingsReadWrite',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': ['Findings', 'Arn'] },
      },
      // Known crash groups (conditional UpdateItem) and the cursor (conditional PutItem).
      {
        Sid: 'CrashIssueState',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': ['DetectionState', 'Arn'] },
      },
    ],
  },
} satisfies FunctionManifest<typeof CrashCheckConfigSchema>;
