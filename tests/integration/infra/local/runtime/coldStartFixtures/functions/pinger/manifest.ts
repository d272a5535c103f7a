import { BaseConfigSchema, requiredString } from '../../../../../../../../shared/config/schemas';
import type { FunctionManifest } from '../../../../../../../../infra/manifest/types';

export const PingerConfigSchema = BaseConfigSchema.extend({ OUTBOX_TABLE: requiredString('OUTBOX_TABLE') });

export const manifest = {
  key: 'pinger',
  folder: 'pinger',
  description: 'test: records its cold starts',
  memorySize: 128,
  timeoutSeconds: 10,
  config: PingerConfigSchema,
  environment: { OUTBOX_TABLE: { table: 'Outbox' } },
  triggers: [{ kind: 'schedule', name: 'ping', expression: 'rate(10 minutes)', description: 'test ping' }],
  iam: { shared: [], statements: [] },
} satisfies FunctionManifest<typeof PingerConfigSchema>;
