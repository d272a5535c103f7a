import { BaseConfigSchema, jsonObject, requiredString } from '../../shared/config/schemas';
import type { FunctionManifest } from '../../infra/manifest/types';

export const GuardDutyRelayConfigSchema = BaseConfigSchema.extend({
  FINDINGS_TABLE: requiredString('FINDINGS_TABLE'),
  DETECTION_OVERRIDES: jsonObject.default({}),
});

/** GuardDuty findings, relayed as Vigil findings: direct, low volume. */
export const manifest = {
  key: 'guarddutyRelay',
  folder: 'guardduty-relay',
  description: 'Relays GuardDuty findings as Vigil findings',
  memorySize: 512,
  timeoutSeconds: 30,
  config: GuardDutyRelayConfigSchema,
  environment: { FINDINGS_TABLE: { table: 'Findings' }, DETECTION_OVERRIDES: { detectionOverrides: true } },
  triggers: [{ kind: 'direct', rule: 'guardduty-findings' }],
  iam: {
    shared: ['xray', 'idempotency', 'quarantine', 'tableKey', 'sealFields', 'publishFindings'],
    statements: [
      // FindingStore: consistent GetItem, then a PutItem conditional on the version read; an
      // UpdateItem once the finding is announced on the bus.
      {
        Sid: 'FindingsReadWrite',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': ['Findings', 'Arn'] },
      },
    ],
  },
} satisfies FunctionManifest<typeof GuardDutyRelayConfigSchema>;
