import { z } from 'zod';
import { AUDIT_RECORDS_DETAIL_TYPE, AUDIT_RECORDS_SOURCE } from '../../events/schemas/auditRecords';
import { BaseConfigSchema, requiredString } from '../../shared/config/schemas';
import type { FunctionManifest } from '../../infra/manifest/types';

export const AuditRecorderConfigSchema = BaseConfigSchema.extend({
  AUDIT_TABLE: requiredString('AUDIT_TABLE'),
  AUDIT_RETENTION_DAYS: z.coerce.number({ error: 'AUDIT_RETENTION_DAYS must be a number of days' }).int().min(1).max(3650),
  AUDIT_SHARDS: z.coerce.number({ error: 'AUDIT_SHARDS must be a number' }).int().min(1).max(64),
  PSEUDONYM_KEY_SECRET_ARN: requiredString('PSEUDONYM_KEY_SECRET_ARN'),
});

/** Timeout, in seconds; the claim lease (shared/audit AuditStore) is twice as long. */
const TIMEOUT_SECONDS = 60;

/**
 * Authentications and sensitive operations into the tamper-evident audit trail (docs/audit.md), then
 * onto the Vigil bus for the router to forward to the SIEM. Buffered: Cognito sign-ins come in volume.
 */
export const manifest = {
  key: 'auditRecorder',
  folder: 'audit-recorder',
  description: 'Records authentications and sensitive operations in the hash-chained audit trail and hands them to the SIEM path',
  memorySize: 512,
  timeoutSeconds: TIMEOUT_SECONDS,
  config: AuditRecorderConfigSchema,
  environment: {
    AUDIT_TABLE: { table: 'AuditTrail' },
    AUDIT_RETENTION_DAYS: { param: 'auditRetentionDays' },
    AUDIT_SHARDS: { param: 'auditShards' },
    PSEUDONYM_KEY_SECRET_ARN: { secretArn: 'pseudonymKeySecretName' },
  },
  triggers: [{ kind: 'queue', rule: 'audit-events', queue: 'audit-events', batchSize: 100, maximumBatchingWindowSeconds: 5 }],
  iam: {
    // No idempotency table: the audit store's own claims make a redelivery idempotent.
    shared: ['xray', 'quarantine', 'tableKey', 'sealFields'],
    statements: [
      // Claims, records and heads: conditional puts and updates, consistent reads of a chain. No
      // DeleteItem, no Scan, no index: the recorder appends, it never removes or searches.
      {
        Sid: 'AuditTrailAppend',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        Resource: { 'Fn::GetAtt': ['AuditTrail', 'Arn'] },
      },
      // Audit records onto the Vigil bus, and nothing else (events/rules/audit-records.json).
      {
        Sid: 'PublishAuditRecords',
        Effect: 'Allow',
        Action: ['events:PutEvents'],
        Resource: { 'Fn::GetAtt': ['VigilEventBus', 'Arn'] },
        Condition: { StringEquals: { 'events:source': AUDIT_RECORDS_SOURCE, 'events:detail-type': AUDIT_RECORDS_DETAIL_TYPE } },
      },
      // Secret ARNs end in a random 6-character suffix: name-?????? matches exactly that secret.
      {
        Sid: 'PseudonymKey',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: {
          'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${param:pseudonymKeySecretName}-??????',
        },
      },
    ],
  },
} satisfies FunctionManifest<typeof AuditRecorderConfigSchema>;
