import { z } from 'zod';
import { DEFAULT_PAGE_AT_OR_ABOVE } from '../alerts/severity';
import { SEVERITIES } from '../findings/severity';

const required = (name: string) => z.string({ error: `${name} is required` }).min(1, `${name} is required`);

const jsonObject = z.string().transform((raw, ctx) => {
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
  return z.NEVER;
});

/** What every Vigil function needs. */
export const BaseConfigSchema = z.object({
  STAGE: required('STAGE'),
  EVENT_BUS_NAME: required('EVENT_BUS_NAME'),
  IDEMPOTENCY_TABLE: required('IDEMPOTENCY_TABLE'),
  QUARANTINE_TABLE: required('QUARANTINE_TABLE'),
  FIELD_KEY_ID: required('FIELD_KEY_ID'),
});

export const DetectorConfigSchema = BaseConfigSchema.extend({
  FINDINGS_TABLE: required('FINDINGS_TABLE'),
  STATE_TABLE: required('STATE_TABLE'),
  DETECTION_OVERRIDES: jsonObject.default({}),
});

export const RelayConfigSchema = BaseConfigSchema.extend({
  FINDINGS_TABLE: required('FINDINGS_TABLE'),
});

export const RouterConfigSchema = BaseConfigSchema.extend({
  OUTBOX_TABLE: required('OUTBOX_TABLE'),
  /** OpsGenie, or Jira Service Management ops (same body and key scheme, another base URL and path). */
  OPSGENIE_FLAVOUR: z.enum(['opsgenie', 'jsm']).default('opsgenie'),
  OPSGENIE_BASE_URL: z.url().default('https://api.opsgenie.com'),
  OPSGENIE_API_KEY_SECRET_ARN: required('OPSGENIE_API_KEY_SECRET_ARN'),
  SIEM_HEC_URL: z.url({ error: 'SIEM_HEC_URL must be a URL' }),
  SIEM_HEC_TOKEN_SECRET_ARN: required('SIEM_HEC_TOKEN_SECRET_ARN'),
  PAGE_AT_OR_ABOVE: z.enum(SEVERITIES).default(DEFAULT_PAGE_AT_OR_ABOVE),
});

export const ModelMonitorConfigSchema = BaseConfigSchema.extend({
  MODEL_MONITOR_BUCKET: required('MODEL_MONITOR_BUCKET'),
});

export type BaseConfig = z.infer<typeof BaseConfigSchema>;
export type DetectorConfig = z.infer<typeof DetectorConfigSchema>;
export type RelayConfig = z.infer<typeof RelayConfigSchema>;
export type RouterConfig = z.infer<typeof RouterConfigSchema>;
export type ModelMonitorConfig = z.infer<typeof ModelMonitorConfigSchema>;
