import { BaseConfigSchema, jsonObject, requiredString } from '../../shared/config/schemas';
import type { FunctionManifest } from '../../infra/manifest/types';

export const SecurityDetectorConfigSchema = BaseConfigSchema.extend({
  FINDINGS_TABLE: requiredString('FINDINGS_TABLE'),
  STATE_TABLE: requiredString('STATE_TABLE'),
  DETECTION_OVERRIDES: jsonObject.default({}),
});

/**
 * CloudTrail API calls, console sign-in and service events (Cognito included), and the Cognito
 * threat-protection auth events the cognito-auth-bridge puts on the Vigil bus: each source through its
 * own SQS buffer (its own backlog, dead-letter queue and alarms), one function reading both.
 */
export const manifest = {
  key: 'securityDetector',
  folder: 'security-detector',
  description: 'Security detections over CloudTrail and Cognito auth events (security-events and cognito-auth-events queues)',
  memorySize: 1024,
  timeoutSeconds: 60,
  config: SecurityDetectorConfigSchema,
  environment: {
    FINDINGS_TABLE: { table: 'Findings' },
    STATE_TABLE: { table: 'DetectionState' },
    DETECTION_OVERRIDES: { detectionOverrides: true },
  },
  triggers: [
    { kind: 'queue', rule: 'cloudtrail-activity', queue: 'security-events', batchSize: 100, maximumBatchingWindowSeconds: 5 },
    { kind: 'queue', rule: 'cognito-auth-events', queue: 'cognito-auth-events', batchSize: 100, maximumBatchingWindowSeconds: 5 },
  ],
  iam: {
    shared: ['xray', 'idempotency', 'quarantine', 'tableKey', 'publishFindings'],
    statements: [
      // FindingStore: consistent GetItem, then a PutItem conditional on the version read; an
      // UpdateItem once the finding is announced on the bus.
      {
        Sid: 'FindingsReadWrite',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': ['Findings', 'Arn'] },
      },
      {
        Sid: 'DetectionStateReadWrite',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': ['DetectionState', 'Arn'] },
      },
      {
        Sid: 'FieldKeySealAndOpen',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: { 'Fn::GetAtt': ['FieldKey', 'Arn'] },
        Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'vigil-field-encryption' } },
      },
    ],
  },
} satisfies FunctionManifest<typeof SecurityDetectorConfigSchema>;
