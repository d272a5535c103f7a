import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';

/**
 * "App Telemetry Batch": Vigil's own contract with the application backend, which collects events
 * from the iOS, Android and web clients and publishes them in batches to the vigil-<stage> bus.
 *
 * detail = {
 *   schemaVersion: 1,                     bumped on any breaking change to this contract
 *   batchId: uuid,                        the backend's id for the upload (idempotency within the app)
 *   app: { id, platform: ios|android|web, version, build },
 *   device?: { os, osVersion, model?, locale? },
 *   sentAt: ISO 8601 (client clock),
 *   events: [ 1..500 × {
 *     eventId: uuid (client-generated, unique in the batch: the dedup key),
 *     name: snake_case, ≤ 40 chars,
 *     kind: screen_view|action|error|crash|perf|experiment_exposure|data_export,
 *     timestamp: ISO 8601 (client clock), sessionId,
 *     userId?: opaque app user id, absent before sign-in. RESTRICTED: never logged or stored in clear,
 *     properties: flat map, ≤ 25 keys, values string (≤ 1024) | number | boolean | null,
 *   } ]
 * }
 *
 * Objects are strict: an unknown key is a client bug or a newer contract, not something to pass on
 * unclassified. What each event name's properties must be is the telemetry spec's job (shared/),
 * not this envelope's. 500 events keeps a batch well under EventBridge's 256 KB entry limit.
 */
export const APP_TELEMETRY_SOURCE = 'vigil.app';
export const APP_TELEMETRY_DETAIL_TYPE = 'App Telemetry Batch';
export const APP_TELEMETRY_SCHEMA_VERSION = 1;

export const APP_PLATFORMS = ['ios', 'android', 'web'] as const;
export const APP_EVENT_KINDS = ['screen_view', 'action', 'error', 'crash', 'perf', 'experiment_exposure', 'data_export'] as const;

export const MAX_EVENTS_PER_BATCH = 500;
export const MAX_PROPERTIES_PER_EVENT = 25;
export const MAX_PROPERTY_STRING_LENGTH = 1024;

const ClientTimestampSchema = z.iso.datetime({ offset: true });

export const AppInfoSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'expected a bundle id, package name or web host'),
  platform: z.enum(APP_PLATFORMS),
  version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, 'expected a release version such as "4.12.0"'),
  build: z.string().min(1).max(64),
});

export const DeviceInfoSchema = z.strictObject({
  os: z.string().min(1).max(40),
  osVersion: z.string().min(1).max(40),
  model: z.string().min(1).max(80).optional(),
  locale: z.string().min(2).max(35).optional(),
});

const PropertyValueSchema = z.union([z.string().max(MAX_PROPERTY_STRING_LENGTH), z.number(), z.boolean(), z.null()]);

export const AppEventPropertiesSchema = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'expected a property name of letters, digits and _'), PropertyValueSchema)
  .refine((properties) => Object.keys(properties).length <= MAX_PROPERTIES_PER_EVENT, {
    message: `at most ${MAX_PROPERTIES_PER_EVENT} properties per event`,
  });

export const AppEventSchema = z.strictObject({
  eventId: z.uuid(),
  name: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'expected a snake_case event name of at most 40 characters'),
  kind: z.enum(APP_EVENT_KINDS),
  timestamp: ClientTimestampSchema,
  sessionId: z.string().min(1).max(128),
  userId: z.string().min(1).max(128).optional(),
  properties: AppEventPropertiesSchema,
});

const AppEventListSchema = z
  .array(AppEventSchema)
  .min(1)
  .max(MAX_EVENTS_PER_BATCH)
  .superRefine((events, ctx) => {
    const seen = new Set<string>();
    events.forEach((event, index) => {
      if (seen.has(event.eventId)) {
        ctx.addIssue({ code: 'custom', path: [index, 'eventId'], message: `duplicate eventId ${event.eventId} in batch` });
      }
      seen.add(event.eventId);
    });
  });

export const AppTelemetryBatchSchema = z.strictObject({
  schemaVersion: z.literal(APP_TELEMETRY_SCHEMA_VERSION),
  batchId: z.uuid(),
  app: AppInfoSchema,
  device: DeviceInfoSchema.optional(),
  sentAt: ClientTimestampSchema,
  events: AppEventListSchema,
});

export const AppTelemetryBatchEventSchema = EventBridgeSchema.extend({
  source: z.literal(APP_TELEMETRY_SOURCE),
  'detail-type': z.literal(APP_TELEMETRY_DETAIL_TYPE),
  detail: AppTelemetryBatchSchema,
});

export type AppPlatform = (typeof APP_PLATFORMS)[number];
export type AppEventKind = (typeof APP_EVENT_KINDS)[number];
export type AppEvent = z.infer<typeof AppEventSchema>;
export type AppTelemetryBatch = z.infer<typeof AppTelemetryBatchSchema>;
export type AppTelemetryBatchEvent = z.infer<typeof AppTelemetryBatchEventSchema>;
