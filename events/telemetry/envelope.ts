import { field, type FieldSpec, required, withOptions } from './fields';

/*
 * The "App Telemetry Batch" envelope: Vigil's contract with the application backend, which collects
 * events from the iOS, Android and web clients (and reports its own errors) and publishes them in
 * batches to the vigil-<stage> bus (source vigil.app). The batch fields and the fields every event
 * carries are here; what an event's properties (and a crash's exception) must be is its definition's
 * (events/telemetry/catalogue.ts).
 *
 * schemaVersion 2 (current) adds, over 1: `release` and `environment` on the batch; on each event an
 * optional definition `version` and the structured crash fields (`exception`, `threads`, `fingerprint`,
 * `platform`, see sentryException.ts); the `server` platform; the conversion, feedback and
 * session_recording kinds; `properties` optional. Version 1 batches are still accepted: their events
 * follow version 1 of their definition.
 *
 * Objects are strict: an unknown key is a client bug or a newer contract, not something to pass on
 * unclassified. 500 events keeps a batch well under EventBridge's 256 KB entry limit.
 */
export const APP_TELEMETRY_SOURCE = 'vigil.app';
export const APP_TELEMETRY_DETAIL_TYPE = 'App Telemetry Batch';
/** The batch contract's current version. */
export const APP_TELEMETRY_SCHEMA_VERSION = 2;
/** Every version ingest accepts. */
export const APP_TELEMETRY_SCHEMA_VERSIONS = [1, 2] as const;
export type TelemetrySchemaVersion = (typeof APP_TELEMETRY_SCHEMA_VERSIONS)[number];

export const APP_PLATFORMS = ['ios', 'android', 'web', 'server'] as const;
const APP_PLATFORMS_V1 = ['ios', 'android', 'web'] as const;
export const APP_EVENT_KINDS = [
  'screen_view',
  'action',
  'error',
  'crash',
  'perf',
  'experiment_exposure',
  'conversion',
  'feedback',
  'session_recording',
  'data_export',
] as const;
export const APP_EVENT_KINDS_V1 = ['screen_view', 'action', 'error', 'crash', 'perf', 'experiment_exposure', 'data_export'] as const;

export type AppPlatform = (typeof APP_PLATFORMS)[number];
export type AppEventKind = (typeof APP_EVENT_KINDS)[number];

export const MAX_EVENTS_PER_BATCH = 500;
export const MAX_PROPERTIES_PER_EVENT = 25;
/** A property string's length at most: 4096 (a Sentry feedback message's limit); 1024 in schemaVersion 1. */
export const MAX_PROPERTY_STRING_LENGTH = 4096;
export const MAX_PROPERTY_STRING_LENGTH_V1 = 1024;

/** Sentry's release rules: at most 200 characters, no line breaks, tabs or slashes, not "." / ".." / " ". */
export const RELEASE_PATTERN = '^(?!\\.\\.?$| $)[^\\n\\r\\t\\f\\v/\\\\]{1,200}$';
/** Sentry's environment rules: at most 64 characters, no whitespace or slash, not "None". */
export const ENVIRONMENT_PATTERN = '^(?!None$)[^\\s/]{1,64}$';
export const DEFAULT_ENVIRONMENT = 'production';

const app = (platforms: readonly string[]) =>
  required(
    field('object', 'Internal', 'The app that sent the batch.', {
      fields: {
        id: required(
          field('string', 'Internal', 'Bundle id, package name or web host.', {
            pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
            examples: ['com.example.vigilbank', 'app.example.com'],
          }),
        ),
        platform: required(
          field('string', 'Internal', 'Client platform (server: the app backend reporting its own errors; not in schemaVersion 1).', {
            enum: platforms,
          }),
        ),
        version: required(
          field('string', 'Internal', 'Marketing version, e.g. 4.12.0.', {
            pattern: '^\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.-]+)?$',
            examples: ['4.12.0', '2026.11.3', '5.0.0-beta.2'],
          }),
        ),
        build: required(field('string', 'Internal', 'Build number or commit.', { minLength: 1, maxLength: 64 })),
      },
    }),
  );

const batchFields = (version: TelemetrySchemaVersion): Record<string, FieldSpec> => ({
  schemaVersion: required(
    field('integer', 'Internal', 'Version of this batch contract; bumped on any breaking change.', {
      enum: version === 1 ? [1] : [...APP_TELEMETRY_SCHEMA_VERSIONS],
    }),
  ),
  batchId: required(field('string', 'Internal', "The backend's id for the upload.", { format: 'uuid' })),
  app: app(version === 1 ? APP_PLATFORMS_V1 : APP_PLATFORMS),
  device: field('object', 'Internal', 'The device the events come from (absent for the server platform).', {
    fields: {
      os: required(field('string', 'Internal', 'Operating system (iOS, Android, macOS, ...).', { minLength: 1, maxLength: 40 })),
      osVersion: required(field('string', 'Internal', 'Operating system version.', { minLength: 1, maxLength: 40 })),
      model: field('string', 'Internal', 'Device model or browser.', { minLength: 1, maxLength: 80 }),
      locale: field('string', 'Internal', 'BCP 47 locale of the app, e.g. en-GB.', { minLength: 2, maxLength: 35 }),
    },
  }),
  sentAt: required(field('string', 'Internal', 'When the client sent the batch (client clock).', { format: 'date-time' })),
  ...(version === 1
    ? {}
    : {
        release: field(
          'string',
          'Internal',
          'The release the events belong to, as Sentry names releases (app@1.2.3+4, a git SHA). ' +
            'Absent: <app.id>@<app.version>+<app.build>.',
          {
            minLength: 1,
            maxLength: 200,
            pattern: RELEASE_PATTERN,
            sinceSchemaVersion: 2,
            examples: ['com.example.vigilbank@4.12.0+4120031', 'a41c9e2f0d3b7e4c1a9f6b2d8e5c3a7f9b1d4e6c'],
          },
        ),
        environment: field('string', 'Internal', `Deployment environment, as Sentry names them. Absent: ${DEFAULT_ENVIRONMENT}.`, {
          minLength: 1,
          maxLength: 64,
          pattern: ENVIRONMENT_PATTERN,
          sinceSchemaVersion: 2,
          examples: ['production', 'staging'],
        }),
      }),
  events: required(
    field('array', 'Internal', 'The events, each an object with the event fields below.', {
      minItems: 1,
      maxItems: MAX_EVENTS_PER_BATCH,
      uniqueItemsBy: 'eventId',
    }),
  ),
});

/** The flat properties map every event carries; its definition says which keys it holds. */
const properties = (version: TelemetrySchemaVersion) =>
  field('object', 'Internal', "The event's properties: a flat map, its keys and values defined per event (required in schemaVersion 1).", {
    required: version === 1,
    maxProperties: MAX_PROPERTIES_PER_EVENT,
    keyPattern: '^[A-Za-z][A-Za-z0-9_]{0,39}$',
    values: field(
      ['string', 'number', 'boolean'],
      'Internal',
      'A property value: scalar, never nested (its data class is the one its event definition gives it).',
      {
        nullable: true,
        maxLength: version === 1 ? MAX_PROPERTY_STRING_LENGTH_V1 : MAX_PROPERTY_STRING_LENGTH,
      },
    ),
  });

const eventFields = (version: TelemetrySchemaVersion): Record<string, FieldSpec> => ({
  eventId: required(field('string', 'Internal', 'Client-generated id, unique in the batch: the dedup key.', { format: 'uuid' })),
  name: required(
    field('string', 'Internal', 'The event name: snake_case, at most 40 characters.', {
      pattern: '^[a-z][a-z0-9_]{0,39}$',
      examples: ['screen_view'],
    }),
  ),
  kind: required(
    field('string', 'Internal', `What sort of event it is; its definition fixes it (schemaVersion 1: ${APP_EVENT_KINDS_V1.join(', ')}).`, {
      enum: version === 1 ? APP_EVENT_KINDS_V1 : APP_EVENT_KINDS,
    }),
  ),
  ...(version === 1
    ? {}
    : {
        version: field('integer', 'Internal', 'The version of the event definition it follows. Absent: the current one.', {
          minimum: 1,
          maximum: 1000,
          sinceSchemaVersion: 2,
        }),
      }),
  timestamp: required(field('string', 'Internal', 'When it happened (client clock).', { format: 'date-time' })),
  sessionId: required(field('string', 'Confidential', 'The app session: links one visit of one user.', { minLength: 1, maxLength: 128 })),
  userId: field('string', 'Restricted', 'The opaque app user id; absent before sign-in. Never logged or stored in clear.', {
    minLength: 1,
    maxLength: 128,
    anonymisation: 'hmac',
  }),
  properties: properties(version),
});

/** The batch fields of a contract version. */
export const BATCH_FIELDS: Readonly<Record<TelemetrySchemaVersion, Readonly<Record<string, FieldSpec>>>> = {
  1: batchFields(1),
  2: batchFields(2),
};

/** The fields every event carries, whatever its definition, per contract version. */
export const EVENT_FIELDS: Readonly<Record<TelemetrySchemaVersion, Readonly<Record<string, FieldSpec>>>> = {
  1: eventFields(1),
  2: eventFields(2),
};

/** Event fields narrowed to one definition (its name, kind and version), for the definition's own field list. */
export function identityFields(name: string, kind: string, version: number, current: boolean): Record<string, FieldSpec> {
  const common = EVENT_FIELDS[2];
  return {
    name: withOptions(common.name!, { enum: [name], pattern: undefined, examples: undefined }),
    kind: withOptions(common.kind!, { enum: [kind] }),
    version: withOptions(common.version!, {
      enum: [version],
      minimum: undefined,
      maximum: undefined,
      // A superseded version must be named; the current one is what an event without `version` follows.
      required: !current,
    }),
  };
}
