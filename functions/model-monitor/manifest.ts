import { z } from 'zod';
import { BaseConfigSchema, jsonObject, requiredString } from '../../shared/config/schemas';
import { MonitoringBucketsSchema } from '../../shared/modelMonitor/monitoringBuckets';
import type { FunctionManifest } from '../../infra/manifest/types';

export const ModelMonitorConfigSchema = BaseConfigSchema.extend({
  FINDINGS_TABLE: requiredString('FINDINGS_TABLE'),
  /** Drift history lives in the DetectionState table, in its own key space (shared/modelMonitor/history). */
  STATE_TABLE: requiredString('STATE_TABLE'),
  DETECTION_OVERRIDES: jsonObject.default({}),
  DRIFT_HISTORY_DAYS: z.coerce.number().int().min(1).max(3650),
  /** `bucket` or `bucket/prefix` entries, comma-separated: what the role may read, checked before every read. */
  MONITORING_BUCKETS: MonitoringBucketsSchema,
});

/** SageMaker processing-job state changes (Model Monitor executions): direct, low volume. */
export const manifest = {
  key: 'modelMonitor',
  folder: 'model-monitor',
  description: 'Drift and model-quality findings from SageMaker Model Monitor reports',
  memorySize: 1024,
  timeoutSeconds: 120,
  config: ModelMonitorConfigSchema,
  environment: {
    FINDINGS_TABLE: { table: 'Findings' },
    STATE_TABLE: { table: 'DetectionState' },
    DETECTION_OVERRIDES: { detectionOverrides: true },
    DRIFT_HISTORY_DAYS: { param: 'modelDriftHistoryDays' },
    MONITORING_BUCKETS: { param: 'modelMonitorBuckets' },
  },
  triggers: [{ kind: 'direct', rule: 'sagemaker-processing-job' }],
  iam: {
    shared: ['xray', 'idempotency', 'quarantine', 'tableKey', 'sealFields', 'publishFindings'],
    statements: [
      {
        // The reports sit wherever the schedule's output path points; the stage's list of monitoring buckets bounds what
        // may be read, one resource per entry. No s3:ListBucket: a missing object then answers AccessDenied, which the
        // run's quarantine reason names, and listing is not needed to read a report whose key the event gives.
        Sid: 'ModelMonitorReports',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: { eachEntryOf: 'modelMonitorBuckets', arn: 'arn:${AWS::Partition}:s3:::${entry}/*' },
      },
      // FindingStore: consistent GetItem, then a PutItem conditional on the version read; an UpdateItem once announced.
      {
        Sid: 'FindingsReadWrite',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': ['Findings', 'Arn'] },
      },
      // Drift history: one PutItem per feature and run, a Query per model and feature.
      {
        Sid: 'DriftHistoryReadWrite',
        Effect: 'Allow',
        Action: ['dynamodb:PutItem', 'dynamodb:Query'],
        Resource: { 'Fn::GetAtt': ['DetectionState', 'Arn'] },
      },
    ],
  },
} satisfies FunctionManifest<typeof ModelMonitorConfigSchema>;
