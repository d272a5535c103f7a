import { BaseConfigSchema } from '../../shared/config/schemas';
import type { FunctionManifest } from '../../infra/manifest/types';

export const AppTelemetryConfigSchema = BaseConfigSchema;

/** Application telemetry batches on the Vigil bus, buffered in SQS. */
export const manifest = {
  key: 'appTelemetry',
  folder: 'app-telemetry',
  description: 'App telemetry checks, classification and encryption (batches from the app-telemetry queue)',
  memorySize: 1024,
  timeoutSeconds: 60,
  config: AppTelemetryConfigSchema,
  environment: {},
  triggers: [{ kind: 'queue', rule: 'app-telemetry', queue: 'app-telemetry', batchSize: 100, maximumBatchingWindowSeconds: 5 }],
  iam: { shared: ['xray', 'idempotency', 'quarantine', 'tableKey', 'sealFields', 'publishFindings'], statements: [] },
} satisfies FunctionManifest<typeof AppTelemetryConfigSchema>;
