import { BaseConfigSchema, requiredString } from '../../shared/config/schemas';
import type { FunctionManifest } from '../../infra/manifest/types';

export const ModelMonitorConfigSchema = BaseConfigSchema.extend({
  MODEL_MONITOR_BUCKET: requiredString('MODEL_MONITOR_BUCKET'),
});

/** SageMaker processing-job state changes (Model Monitor executions): direct, low volume. */
export const manifest = {
  key: 'modelMonitor',
  folder: 'model-monitor',
  description: 'Drift and model-quality findings from SageMaker Model Monitor reports',
  memorySize: 1024,
  timeoutSeconds: 120,
  config: ModelMonitorConfigSchema,
  environment: { MODEL_MONITOR_BUCKET: { param: 'modelMonitorBucket' } },
  triggers: [{ kind: 'direct', rule: 'sagemaker-processing-job' }],
  iam: {
    shared: ['xray', 'idempotency', 'quarantine', 'tableKey', 'sealFields', 'publishFindings'],
    statements: [
      {
        Sid: 'ModelMonitorReports',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${param:modelMonitorBucket}/${param:modelMonitorPrefix}/*' },
      },
    ],
  },
} satisfies FunctionManifest<typeof ModelMonitorConfigSchema>;
