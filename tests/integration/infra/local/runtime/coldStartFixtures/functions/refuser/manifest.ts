import { BaseConfigSchema } from '../../../../../../../../shared/config/schemas';
import type { FunctionManifest } from '../../../../../../../../infra/manifest/types';

export const RefuserConfigSchema = BaseConfigSchema;

export const manifest = {
  key: 'refuser',
  folder: 'refuser',
  description: 'test: refuses its configuration at cold start',
  memorySize: 128,
  timeoutSeconds: 10,
  config: RefuserConfigSchema,
  environment: {},
  triggers: [{ kind: 'schedule', name: 'daily', expression: 'cron(0 0 * * ? *)', description: 'test daily run' }],
  iam: { shared: [], statements: [] },
} satisfies FunctionManifest<typeof RefuserConfigSchema>;
