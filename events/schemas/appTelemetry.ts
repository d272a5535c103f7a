import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import { APP_TELEMETRY_DETAIL_TYPE, APP_TELEMETRY_SOURCE } from '../telemetry/envelope';
import type { AppTelemetryBatch } from '../telemetry/types';
import { checkBatch } from '../telemetry/validate';

/**
 * "App Telemetry Batch": the contract is the telemetry spec (events/telemetry/: the envelope, every
 * event's definition, Sentry's exception interface for crashes). This schema is the strict reading of
 * it: a batch passes only when its envelope and every event follow the spec. The app-telemetry
 * function reads batches event by event instead (shared/telemetry), so that one bad event does not
 * refuse its neighbours, and a stage may accept what is unplanned and mark it.
 */
export {
  APP_EVENT_KINDS,
  APP_PLATFORMS,
  APP_TELEMETRY_DETAIL_TYPE,
  APP_TELEMETRY_SCHEMA_VERSION,
  APP_TELEMETRY_SCHEMA_VERSIONS,
  APP_TELEMETRY_SOURCE,
  MAX_EVENTS_PER_BATCH,
  MAX_PROPERTIES_PER_EVENT,
  MAX_PROPERTY_STRING_LENGTH,
} from '../telemetry/envelope';
export type { AppEventKind, AppPlatform } from '../telemetry/envelope';
export type { AppEvent, AppTelemetryBatch } from '../telemetry/types';

export const AppTelemetryBatchSchema = z.custom<AppTelemetryBatch>().superRefine((detail, ctx) => {
  const check = checkBatch(detail);
  for (const violation of [...check.batchViolations, ...check.events.flatMap((e) => e.violations)]) {
    ctx.addIssue({ code: 'custom', path: [...violation.path], message: `${violation.class}: ${violation.message}` });
  }
});

export const AppTelemetryBatchEventSchema = EventBridgeSchema.extend({
  source: z.literal(APP_TELEMETRY_SOURCE),
  'detail-type': z.literal(APP_TELEMETRY_DETAIL_TYPE),
  detail: AppTelemetryBatchSchema,
});

/** The EventBridge envelope of a batch, its detail unread: what the app-telemetry function checks itself. */
export const AppTelemetryEnvelopeSchema = EventBridgeSchema.extend({
  source: z.literal(APP_TELEMETRY_SOURCE),
  'detail-type': z.literal(APP_TELEMETRY_DETAIL_TYPE),
  detail: z.unknown(),
});

export type AppTelemetryBatchEvent = z.infer<typeof AppTelemetryBatchEventSchema>;
export type AppTelemetryEnvelope = z.infer<typeof AppTelemetryEnvelopeSchema>;
