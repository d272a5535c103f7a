import { BaseConfigSchema, jsonObject, requiredString } from '../../shared/config/schemas';
import type { FunctionManifest } from '../../infra/manifest/types';

export const ModelMonitorCheckConfigSchema = BaseConfigSchema.extend({
  FINDINGS_TABLE: requiredString('FINDINGS_TABLE'),
  /** The run arrivals the model monitor records (shared/modelMonitor/RunLog.ts). */
  STATE_TABLE: requiredString('STATE_TABLE'),
  DETECTION_OVERRIDES: jsonObject.default({}),
});

/** Hourly: the configured Model Monitor schedules whose run did not arrive (model-monitor-job-failed, missing). */
export const manifest = {
  key: 'modelMonitorCheck',
  folder: 'model-monitor-check',
  description: 'Raises Model Monitor schedules whose runs did not arrive in their window',
  memorySize: 256,
  timeoutSeconds: 60,
  config: ModelMonitorCheckConfigSchema,
  environment: {
    FINDINGS_TABLE: { table: 'Findings' },
    STATE_TABLE: { table: 'DetectionState' },
    DETECTION_OVERRIDES: { detectionOverrides: true },
  },
  triggers: [
    {
      kind: 'schedule',
      name: 'hourly',
      expression: 'rate(1 hour)',
      description: 'Model Monitor schedules whose run did not arrive by the end of its window plus the grace',
    },
  ],
  iam: {
    shared: ['xray', 'quarantine', 'tableKey', 'publishFindings'],
    statements: [
      {
        Sid: 'FindingsReadWrite',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': ['Findings', 'Arn'] },
      },
      {
        Sid: 'RunArrivalsRead',
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: { 'Fn::GetAtt': ['DetectionState', 'Arn'] },
      },
    ],
  },
} satisfies FunctionManifest<typeof ModelMonitorCheckConfigSchema>;
