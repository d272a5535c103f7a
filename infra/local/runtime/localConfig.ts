import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { jsonErrorReason } from '../../../shared/events/jsonErrorReason';
import { opsGenieEndpointProblem } from '../../../shared/alerts/opsgenie/endpoint';
import { DEFAULT_PAGE_AT_OR_ABOVE } from '../../../shared/alerts/severity';
import { DEFAULT_USER_AUTH_EVENTS_LOG_GROUP } from '../../../shared/cognito/logGroup';
import { SIEM_SINK_KINDS } from '../../../shared/alerts/sinks/createSiemSink';
import { SEVERITIES } from '../../../shared/findings/severity';
import { DrillConfigSchema } from '../../../shared/drill/drillConfig';
import { RoutingConfigSchema } from '../../../shared/routing/routingConfig';
import { VIOLATION_ACTIONS } from '../../../shared/telemetry/TelemetryIngest';
import { LocalConfigError } from './errors';

/**
 * The embedded runtime's configuration (`--config FILE`, JSON). Everything is optional: the default
 * runs whole on this machine with capture sinks. Real OpsGenie / HEC endpoints are used only when
 * configured here.
 */
export const LocalConfigSchema = z
  .object({
    stage: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .default('local'),
    account: z
      .string()
      .regex(/^\d{12}$/)
      .default('123456789012'),
    region: z.string().default('us-east-1'),
    /** Per-detection overrides, the same shape as the DETECTION_OVERRIDES stage parameter. */
    detectionOverrides: z.record(z.string(), z.unknown()).default({}),
    pageAtOrAbove: z.enum(SEVERITIES).default(DEFAULT_PAGE_AT_OR_ABOVE),
    /** SQS batch size of every buffered function, in place of each manifest's (the event source mapping's batchSize). */
    batchSize: z.number().int().min(1).max(10_000).optional(),
    logLevel: z.enum(['SILENT', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('SILENT'),
    /** The user pool's userAuthEvents log group the Cognito bridge subscribes to (serverless.yml's cognitoUserAuthEventsLogGroup). */
    cognitoUserAuthEventsLogGroup: z.string().min(1).max(512).default(DEFAULT_USER_AUTH_EVENTS_LOG_GROUP),
    /** What app-telemetry does with an event that breaks the telemetry spec (serverless.yml's telemetrySchemaViolations). */
    telemetrySchemaViolations: z.enum(VIOLATION_ACTIONS).default('reject'),
    /** The alert router's policy (serverless.yml's alertRouting): windows, throttling, responders, delivery timeouts. */
    routing: RoutingConfigSchema.default(RoutingConfigSchema.parse({})),
    /** The scheduled alert drill (serverless.yml's alertDrill): off locally unless enabled, so replays hold no drill. */
    // The embedded runtime routes only after an invocation returns: the drill cannot wait for receipts (0).
    drill: DrillConfigSchema.extend({ finishWithinSeconds: z.literal(0).default(0) }).default({
      enabled: false,
      everyHours: 168,
      finishWithinSeconds: 0,
      startWithin: DrillConfigSchema.shape.startWithin.parse(undefined),
      detections: 'all',
    }),
    /** A real OpsGenie (or JSM ops) instead of the stand-in: the key goes to the embedded Secrets Manager, as in a stage. */
    opsgenie: z
      .object({ baseUrl: z.url(), apiKey: z.string().min(1), flavour: z.enum(['opsgenie', 'jsm']).default('opsgenie') })
      .strict()
      .superRefine((value, ctx) => {
        const problem = opsGenieEndpointProblem({ flavour: value.flavour, baseUrl: value.baseUrl });
        if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: problem });
      })
      .optional(),
    /**
     * A real SIEM instead of the capture sink: Splunk HEC (optionally with indexer acknowledgement) or a
     * JSON-lines HTTPS endpoint at `hecUrl` (serverless.yml's siemKind, siemHecAck, siemHecIndex).
     */
    siem: z
      .object({
        hecUrl: z.url(),
        token: z.string().min(1),
        kind: z.enum(SIEM_SINK_KINDS).default('splunk-hec'),
        ack: z.boolean().default(false),
        index: z.string().default(''),
      })
      .strict()
      .optional(),
    /** The audit trail's retention (days past each partition's day) and shards per day (serverless.yml params). */
    auditRetentionDays: z.number().int().min(1).max(3650).default(30),
    auditShards: z.number().int().min(1).max(64).default(4),
    /** Key of the audit trail's pseudonyms (HMAC); locally a fixed key unless given, so a --data-dir stays queryable. */
    pseudonymKey: z.string().min(32).optional(),
  })
  .strict();

/**
 * The local stand-in for the stage's pseudonym-key secret: fixed, so pseudonyms written to a --data-dir
 * by one replay are found by `vigil audit query` and the next replay. Not a secret: local data only.
 */
export const LOCAL_PSEUDONYM_KEY = 'vigil-local-pseudonym-key-not-a-secret-0001';

export type LocalConfig = z.infer<typeof LocalConfigSchema>;

export function parseLocalConfig(raw: unknown, origin = 'configuration'): LocalConfig {
  const result = LocalConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new LocalConfigError(`${origin} is invalid:\n${problems}`);
  }
  return result.data;
}

export function readLocalConfig(file: string): LocalConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new LocalConfigError(`cannot read config "${file}": ${(cause as Error).message}`, { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    // The file holds API keys: the reason must not quote it.
    throw new LocalConfigError(`config "${file}" is not valid JSON: ${jsonErrorReason(cause)}`, { cause });
  }
  return parseLocalConfig(raw, `config "${file}"`);
}
