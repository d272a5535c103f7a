import { z } from 'zod';
import type { FunctionManifest, IamStatement } from '../../infra/manifest/types';
import { opsGenieEndpointProblem } from '../../shared/alerts/opsgenie/endpoint';
import { DEFAULT_PAGE_AT_OR_ABOVE } from '../../shared/alerts/severity';
import { SIEM_CONFIG_KEYS } from '../../shared/alerts/sinks/createSiemSink';
import { BaseConfigSchema, jsonObject, requiredString } from '../../shared/config/schemas';
import { parseDrillConfig } from '../../shared/drill/drillConfig';
import { SEVERITIES } from '../../shared/findings/severity';
import { manifest as alertRouter, routingConfigText } from '../alert-router/manifest';

/** The router's settings (the drill closes through the same sinks and raises its finding like the router), and its own. */
export const AlertDrillConfigSchema = BaseConfigSchema.extend({
  OUTBOX_TABLE: requiredString('OUTBOX_TABLE'),
  OPSGENIE_FLAVOUR: z.enum(['opsgenie', 'jsm']).default('opsgenie'),
  OPSGENIE_BASE_URL: z.url().default('https://api.opsgenie.com'),
  OPSGENIE_API_KEY_SECRET_ARN: requiredString('OPSGENIE_API_KEY_SECRET_ARN'),
  SIEM_HEC_URL: z.url({ error: 'SIEM_HEC_URL must be a URL' }),
  SIEM_HEC_TOKEN_SECRET_ARN: requiredString('SIEM_HEC_TOKEN_SECRET_ARN'),
  PAGE_AT_OR_ABOVE: z.enum(SEVERITIES).default(DEFAULT_PAGE_AT_OR_ABOVE),
  ...SIEM_CONFIG_KEYS,
  ALERT_ROUTING: routingConfigText('ALERT_ROUTING'),
  /** The drill's settings (shared/drill/drillConfig.ts) as JSON: enabled, everyHours, detections. */
  ALERT_DRILL: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return parseDrillConfig(text, 'ALERT_DRILL');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** The stage's detection overrides: a drill pages at the severity the stage gives the detection. */
  DETECTION_OVERRIDES: jsonObject.default({}),
}).superRefine((config, ctx) => {
  const problem = opsGenieEndpointProblem({ flavour: config.OPSGENIE_FLAVOUR, baseUrl: config.OPSGENIE_BASE_URL });
  if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['OPSGENIE_BASE_URL'], message: problem });
});

/**
 * The scheduled alert drill (shared/drill): hourly it finishes the drill it started an hour before
 * (verify, close, record; pipeline-drill-failed when one failed) and starts a new one when the stage's
 * cadence (`alertDrill.everyHours`, weekly by default) says so. Two steps an hour apart, so the router
 * routes the drill in between, in Lambda as on the embedded runtime (which runs the router only after
 * this invocation returns).
 */
export const manifest = {
  key: 'alertDrill',
  folder: 'alert-drill',
  description: 'Drills the alert path: a marked finding per detection through the router, verified at OpsGenie and the SIEM',
  memorySize: 512,
  timeoutSeconds: 300,
  // One drill at a time: two would both start a run.
  reservedConcurrency: 1,
  config: AlertDrillConfigSchema,
  environment: {
    ...alertRouter.environment,
    ALERT_DRILL: { param: 'alertDrill' },
    DETECTION_OVERRIDES: { detectionOverrides: true },
  },
  triggers: [
    {
      kind: 'schedule',
      name: 'hourly',
      expression: 'rate(1 hour)',
      description: 'finish the pending alert drill, start one when due',
      // A replay's quiet stretches: the last firing of one finishes and starts what every firing would.
      replayCatchUp: 'latest',
    },
  ],
  iam: {
    shared: ['xray', 'quarantine', 'tableKey', 'sealFields', 'publishFindings'],
    // The router's (Outbox table, status index, delivery secrets), and BatchGetItem for the receipts.
    statements: (alertRouter.iam.statements as IamStatement[]).map((s) =>
      s.Sid === 'OutboxRecords' ? { ...s, Action: [...s.Action, 'dynamodb:BatchGetItem'] } : s,
    ),
  },
} satisfies FunctionManifest<typeof AlertDrillConfigSchema>;
