import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  AppTelemetryBatchEventSchema,
  CloudTrailEventSchema,
  CloudWatchLogsPayloadSchema,
  CognitoAuthEventSchema,
  FindingEventSchema,
  GuardDutyFindingEventSchema,
  SageMakerProcessingJobEventSchema,
} from '../../events/schemas';

/**
 * Captured events: tests/events/<source>/<variant>.json, each one whole EventBridge event as delivered
 * (shapes from events/samples/, see its README); for cloudwatch-logs, a CloudWatch Logs subscription
 * payload decoded (what `awslogs.data` carries: tests/helpers/logSubscription.ts encodes it). A factory
 * loads a variant, deep-merges the test's overrides and parses the result through the schema the
 * function parses it with, so a test cannot pass on an event the function would quarantine.
 */
export const EVENTS_DIR = join(__dirname, '..', 'events');

/** Each source folder and the envelope schema of events/schemas that its events must pass. */
export const SCHEMA_BY_SOURCE = {
  cloudtrail: CloudTrailEventSchema,
  guardduty: GuardDutyFindingEventSchema,
  sagemaker: SageMakerProcessingJobEventSchema,
  'app-telemetry': AppTelemetryBatchEventSchema,
  findings: FindingEventSchema,
  'cloudwatch-logs': CloudWatchLogsPayloadSchema,
  'cognito-auth': CognitoAuthEventSchema,
} as const satisfies Record<string, z.ZodType>;

export type CapturedSource = keyof typeof SCHEMA_BY_SOURCE;

/** Overrides: objects merge key by key, arrays and scalars replace, and `undefined` removes the key. */
export type Overrides<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: Overrides<T[K]> | undefined } & Record<string, unknown>
    : T;

type Json = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of `base` with `overrides` merged in (see Overrides). Neither argument is changed. */
export function deepMerge<T>(base: T, overrides: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return structuredClone((overrides === undefined ? base : overrides) as T);
  const merged: Json = structuredClone(base);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete merged[key];
    else merged[key] = isPlainObject(value) && isPlainObject(merged[key]) ? deepMerge(merged[key], value) : structuredClone(value);
  }
  return merged as T;
}

/** The variants captured for a source (file names without .json). */
export function capturedVariants(source: CapturedSource): string[] {
  return readdirSync(join(EVENTS_DIR, source))
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

/** The captured event as stored, unparsed: for tests that break it on purpose. */
export function loadCaptured(source: CapturedSource, variant: string): Json {
  const file = join(EVENTS_DIR, source, `${variant}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no captured event tests/events/${source}/${variant}.json (have: ${capturedVariants(source).join(', ')})`);
  }
  return JSON.parse(text) as Json;
}

/** Parses `event` with `schema`; throws naming every issue when the function would quarantine it. */
export function parseOrExplain<S extends z.ZodType>(schema: S, event: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(event);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`).join('; ');
  throw new Error(`${what} would be quarantined, it fails its schema: ${issues}`);
}

/** A captured variant with overrides, parsed through its source's schema. */
export function capturedEvent<S extends CapturedSource>(
  source: S,
  variant: string,
  overrides: OverridesOf<S> = {} as OverridesOf<S>,
): z.infer<(typeof SCHEMA_BY_SOURCE)[S]> {
  const event = deepMerge(loadCaptured(source, variant), overrides);
  const what = `tests/events/${source}/${variant}.json${Object.keys(overrides).length > 0 ? ' with the overrides given' : ''}`;
  return parseOrExplain(SCHEMA_BY_SOURCE[source], event, what) as z.infer<(typeof SCHEMA_BY_SOURCE)[S]>;
}

type OverridesOf<S extends CapturedSource> = Overrides<z.input<(typeof SCHEMA_BY_SOURCE)[S]>>;

/** Small factories per source; the variant names are the files in tests/events/<source>/. */
export const cloudTrailCaptured = (variant: string, overrides: OverridesOf<'cloudtrail'> = {}) =>
  capturedEvent('cloudtrail', variant, overrides);
export const guardDutyEvent = (variant: string, overrides: OverridesOf<'guardduty'> = {}) => capturedEvent('guardduty', variant, overrides);
export const sageMakerProcessingJobEvent = (variant: string, overrides: OverridesOf<'sagemaker'> = {}) =>
  capturedEvent('sagemaker', variant, overrides);
export const appTelemetryBatchEvent = (variant: string, overrides: OverridesOf<'app-telemetry'> = {}) =>
  capturedEvent('app-telemetry', variant, overrides);
export const findingEvent = (variant: string, overrides: OverridesOf<'findings'> = {}) => capturedEvent('findings', variant, overrides);
/** A bridged Cognito threat-protection auth event (what the security detector reads from the cognito-auth-events buffer). */
export const cognitoAuthEvent = (variant: string, overrides: OverridesOf<'cognito-auth'> = {}) =>
  capturedEvent('cognito-auth', variant, overrides);
