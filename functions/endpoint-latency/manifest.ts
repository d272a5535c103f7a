import type { FunctionManifest } from '../../infra/manifest/types';
import { BaseConfigSchema, jsonObject, requiredString } from '../../shared/config/schemas';

export const EndpointLatencyConfigSchema = BaseConfigSchema.extend({
  FINDINGS_TABLE: requiredString('FINDINGS_TABLE'),
  /** The SLO minutes (shared/slo/DynamoSloBucketStore.ts) live in the DetectionState table. */
  STATE_TABLE: requiredString('STATE_TABLE'),
  DETECTION_OVERRIDES: jsonObject.default({}),
});

/**
 * SageMaker endpoint ModelLatency metric-stream records (one per endpoint variant and minute): the model latency
 * SLO's burn rates, and model-latency-slo-burn findings. Direct: low volume, one record a minute per variant.
 */
export const manifest = {
  key: 'endpointLatency',
  folder: 'endpoint-latency',
  description: 'Model latency SLO burn rates from SageMaker ModelLatency metric-stream records',
  memorySize: 512,
  timeoutSeconds: 30,
  config: EndpointLatencyConfigSchema,
  environment: {
    FINDINGS_TABLE: { table: 'Findings' },
    STATE_TABLE: { table: 'DetectionState' },
    DETECTION_OVERRIDES: { detectionOverrides: true },
  },
  triggers: [{ kind: 'direct', rule: 'endpoint-latency' }],
  iam: {
    shared: ['xray', 'quarantine', 'tableKey', 'sealFields', 'publishFindings'],
    statements: [
      // DynamoSloBucketStore: one conditional UpdateItem per record's minute, a Query of the hours of the 3-day window.
      {
        Sid: 'SloMinutesReadWrite',
        Effect: 'Allow',
        Action: ['dynamodb:UpdateItem', 'dynamodb:Query'],
        Resource: { 'Fn::GetAtt': ['DetectionState', 'Arn'] },
      },
      // FindingStore: consistent GetItem, a PutItem conditional on the version read, an UpdateItem once announced.
      {
        Sid: 'FindingsReadWrite',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': ['Findings', 'Arn'] },
      },
    ],
  },
} satisfies FunctionManifest<typeof EndpointLatencyConfigSchema>;
