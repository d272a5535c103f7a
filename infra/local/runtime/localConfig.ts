import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { jsonErrorReason } from '../../../shared/events/jsonErrorReason';
import { DEFAULT_PAGE_AT_OR_ABOVE } from '../../../shared/alerts/severity';
import { DEFAULT_USER_AUTH_EVENTS_LOG_GROUP } from '../../../shared/cognito/logGroup';
import { SEVERITIES } from '../../../shared/findings/severity';
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
    opsgenie: z
      .object({ baseUrl: z.url(), apiKey: z.string().min(1), flavour: z.enum(['opsgenie', 'jsm']).default('opsgenie') })
      .strict()
      .optional(),
    siem: z
      .object({ hecUrl: z.url(), token: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();

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
