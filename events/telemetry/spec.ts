import { type EventDefinition, EVENT_DEFINITIONS, type EventRule } from './catalogue';
import {
  APP_EVENT_KINDS_V1,
  APP_TELEMETRY_SCHEMA_VERSION,
  APP_TELEMETRY_SCHEMA_VERSIONS,
  BATCH_FIELDS,
  EVENT_FIELDS,
  identityFields,
  type TelemetrySchemaVersion,
} from './envelope';
import type { EnumValue, FieldLocation, FieldSpec } from './fields';

/** One definition per name and version; the current one is what an event without `version` follows. */
const BY_KEY = new Map(EVENT_DEFINITIONS.map((d) => [`${d.name}@${d.version}`, d]));
const CURRENT = new Map(EVENT_DEFINITIONS.filter((d) => d.status === 'current').map((d) => [d.name, d]));

export type DefinitionLookup =
  | { found: true; definition: EventDefinition }
  | { found: false; reason: 'unplanned' | 'no-such-version' | 'needs-schema-version-2' };

/**
 * The definition an event follows: in a schemaVersion 1 batch version 1 of its name (the contract had
 * no versions); in a version 2 batch the version it names, else the current one.
 */
export function findDefinition(name: string, version: number | undefined, schemaVersion: TelemetrySchemaVersion): DefinitionLookup {
  if (!CURRENT.has(name) && !EVENT_DEFINITIONS.some((d) => d.name === name)) return { found: false, reason: 'unplanned' };
  if (schemaVersion === 1) {
    const definition = BY_KEY.get(`${name}@1`);
    if (!definition) return { found: false, reason: 'needs-schema-version-2' };
    if (!availableInSchemaVersion1(definition)) return { found: false, reason: 'needs-schema-version-2' };
    return { found: true, definition };
  }
  const definition = version === undefined ? CURRENT.get(name) : BY_KEY.get(`${name}@${version}`);
  return definition ? { found: true, definition } : { found: false, reason: 'no-such-version' };
}

/** A definition of a version 1 kind whose required fields all existed in schemaVersion 1 can be sent in a version 1 batch. */
export function availableInSchemaVersion1(definition: EventDefinition): boolean {
  return (
    (APP_EVENT_KINDS_V1 as readonly string[]).includes(definition.kind) &&
    Object.values(definition.fields).every((f) => !f.required || (f.sinceSchemaVersion ?? 1) <= 1)
  );
}

// ---- the spec as `vigil telemetry spec --json` prints it ----

/** One field, flattened: nested fields are named by their path (`a.b`, `a[]` for an array's items, `a.*` for a map's values). */
export interface SpecFieldJson {
  name: string;
  location: FieldLocation;
  type: string | string[];
  required: boolean;
  classification: string;
  retentionDays: number;
  description: string;
  nullable?: true;
  enum?: EnumValue[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  keyPattern?: string;
  requiredAnyOf?: string[];
  uniqueItemsBy?: string;
  additionalProperties?: true;
  enforce?: 'always';
  anonymisation?: string;
  sinceSchemaVersion?: number;
  examples?: EnumValue[];
}

export interface SpecEventJson {
  name: string;
  kind: string;
  version: number;
  status: EventDefinition['status'];
  description: string;
  trigger: string;
  fields: SpecFieldJson[];
  rules: EventRule[];
}

export interface TelemetrySpecJson {
  schemaVersion: number;
  acceptedSchemaVersions: number[];
  events: SpecEventJson[];
  envelope: { fields: SpecFieldJson[] };
}

const CONSTRAINTS = [
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'format',
  'minItems',
  'maxItems',
  'maxProperties',
  'keyPattern',
  'requiredAnyOf',
  'uniqueItemsBy',
] as const;

/** A field and everything under it, parents first. */
export function flattenField(name: string, spec: FieldSpec, location: FieldLocation): SpecFieldJson[] {
  const out: SpecFieldJson = {
    name,
    location,
    type: typeof spec.type === 'string' ? spec.type : [...spec.type],
    required: spec.required,
    classification: spec.classification,
    retentionDays: spec.retentionDays,
    description: spec.description,
  };
  if (spec.nullable) out.nullable = true;
  for (const key of CONSTRAINTS) {
    const value = spec[key];
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
  }
  if (spec.additionalProperties) out.additionalProperties = true;
  if (spec.enforce) out.enforce = spec.enforce;
  if (spec.anonymisation) out.anonymisation = spec.anonymisation;
  if (spec.sinceSchemaVersion !== undefined) out.sinceSchemaVersion = spec.sinceSchemaVersion;
  if (spec.examples) out.examples = [...spec.examples];
  return [
    out,
    ...(spec.fields ? flattenFields(spec.fields, location, `${name}.`) : []),
    // An item is there whenever its array is.
    ...(spec.items ? flattenField(`${name}[]`, { ...spec.items, required: true }, location) : []),
    ...(spec.values ? flattenField(`${name}.*`, spec.values, location) : []),
  ];
}

export function flattenFields(fields: Readonly<Record<string, FieldSpec>>, location: FieldLocation, prefix = ''): SpecFieldJson[] {
  return Object.entries(fields).flatMap(([name, spec]) => flattenField(`${prefix}${name}`, spec, location));
}

/** An event's own fields: its identity (name, kind, version), its event-level fields, its properties. */
export function eventFieldsJson(definition: EventDefinition): SpecFieldJson[] {
  const current = definition.status === 'current';
  return [
    ...flattenFields(identityFields(definition.name, definition.kind, definition.version, current), 'event'),
    ...flattenFields(definition.fields, 'event'),
    ...flattenFields(definition.properties, 'properties'),
  ];
}

/** The whole spec, in the shape other tools read (and generate valid events from). */
export function telemetrySpecJson(): TelemetrySpecJson {
  return {
    schemaVersion: APP_TELEMETRY_SCHEMA_VERSION,
    acceptedSchemaVersions: [...APP_TELEMETRY_SCHEMA_VERSIONS],
    events: EVENT_DEFINITIONS.map((d) => ({
      name: d.name,
      kind: d.kind,
      version: d.version,
      status: d.status,
      description: d.description,
      trigger: d.trigger,
      fields: eventFieldsJson(d),
      rules: d.rules.map((r) => ({ ...r })),
    })),
    envelope: { fields: [...flattenFields(BATCH_FIELDS[2], 'batch'), ...flattenFields(EVENT_FIELDS[2], 'event')] },
  };
}
