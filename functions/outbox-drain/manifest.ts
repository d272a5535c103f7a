import type { FunctionManifest } from '../../infra/manifest/types';
import { AlertRouterConfigSchema, manifest as alertRouter } from '../alert-router/manifest';

/** The router's own configuration: the drain resends through the same sinks and routes the overdue alarm like the router. */
export const OutboxDrainConfigSchema = AlertRouterConfigSchema;

/** Retries what waits in the outbox, oldest first; raises pipeline-delivery-failures when something waits past its budget. */
export const manifest = {
  key: 'outboxDrain',
  folder: 'outbox-drain',
  description: 'Retries deliveries waiting in the outbox and raises pipeline-delivery-failures past their budget',
  memorySize: 512,
  timeoutSeconds: 120,
  // One drain at a time: two would resend the same entries side by side.
  reservedConcurrency: 1,
  config: OutboxDrainConfigSchema,
  environment: alertRouter.environment,
  triggers: [
    {
      kind: 'schedule',
      name: 'every-5-minutes',
      expression: 'rate(5 minutes)',
      description: 'drain the outbox',
      // A replay's quiet stretches: nothing changes between the firings, one drain at their end suffices.
      replayCatchUp: 'latest',
    },
  ],
  iam: alertRouter.iam as FunctionManifest['iam'],
} satisfies FunctionManifest<typeof OutboxDrainConfigSchema>;
