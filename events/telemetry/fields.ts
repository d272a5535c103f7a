/*
 * The vocabulary of the telemetry spec: what a field is (type, presence, data class, retention and
 * the value rules ingest enforces). The spec (events/telemetry/spec.ts) is data in this vocabulary;
 * the zod validators (compile.ts), `vigil telemetry spec [--json]` and docs/telemetry-spec.md are
 * derived from it, so there is one place where a rule is written.
 */

/** DESIGN.md's data classes, least to most sensitive. */
export const DATA_CLASSES = ['Public', 'Internal', 'Confidential', 'Restricted'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/**
 * How long a field's value is kept when the spec names nothing else, per data class. Restricted data
 * is kept the shortest: what correlation needs later is its keyed pseudonym, not the value.
 */
export const DEFAULT_RETENTION_DAYS: Readonly<Record<DataClass, number>> = {
  Public: 730,
  Internal: 395,
  Confidential: 90,
  Restricted: 30,
};

export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Where a field sits: the batch (detail), each event of `events[]`, or an event's flat `properties` map. */
export type FieldLocation = 'batch' | 'event' | 'properties';

/** String formats, named as JSON Schema names them. */
export type StringFormat = 'uuid' | 'date-time' | 'email' | 'uri';

export type EnumValue = string | number | boolean;

/** What the pipeline does to the value before storing it (later slices apply it; the spec says which). */
export type Anonymisation = 'hmac';

export interface FieldSpec {
  /** One JSON type, or several (a Sentry thread id is a number or a string). */
  readonly type: FieldType | readonly FieldType[];
  /** Present whenever its parent is. */
  readonly required: boolean;
  readonly classification: DataClass;
  readonly retentionDays: number;
  readonly description: string;
  /** null is accepted (and means absent), as the Sentry SDKs send it for fields they do not know. */
  readonly nullable?: boolean;
  readonly enum?: readonly EnumValue[];
  /** An ECMAScript regular expression (JSON Schema's `pattern`), anchored where it must match whole. */
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly format?: StringFormat;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly maxProperties?: number;
  /** Arrays: what each item is. */
  readonly items?: FieldSpec;
  /** Objects: the keys it may hold. Without `fields` an object is a free-form map (its whole value is one field). */
  readonly fields?: Readonly<Record<string, FieldSpec>>;
  /** Objects with `fields`: keys beyond them are accepted (and carry this object's data class). */
  readonly additionalProperties?: boolean;
  /** Maps (objects without `fields`): what every value is. Absent: any JSON value. */
  readonly values?: FieldSpec;
  /** Maps: what every key matches. */
  readonly keyPattern?: string;
  /** Objects: at least one of these keys is present. */
  readonly requiredAnyOf?: readonly string[];
  /** Arrays of objects: no two items have the same value under this key. */
  readonly uniqueItemsBy?: string;
  /** The batch contract version that introduced the field (absent: there since version 1). */
  readonly sinceSchemaVersion?: number;
  /** `always`: a violation quarantines the event in every stage, whatever the stage's action (privacy controls). */
  readonly enforce?: 'always';
  /** Valid values, for people and for tools that generate events (every field with a pattern has some). */
  readonly examples?: readonly EnumValue[];
  readonly anonymisation?: Anonymisation;
}

type FieldOptions = Partial<Omit<FieldSpec, 'type' | 'classification' | 'description'>>;

/** A field; retention defaults to its class's, presence to optional. */
export function field(type: FieldSpec['type'], classification: DataClass, description: string, options: FieldOptions = {}): FieldSpec {
  return { type, required: false, classification, retentionDays: DEFAULT_RETENTION_DAYS[classification], description, ...options };
}

export const required = (spec: FieldSpec): FieldSpec => ({ ...spec, required: true });

/** The same field with other options (a version's narrower enum, another description). */
export const withOptions = (spec: FieldSpec, options: FieldOptions & { description?: string }): FieldSpec => ({ ...spec, ...options });

export function mapFields(fields: Readonly<Record<string, FieldSpec>>, fn: (spec: FieldSpec, name: string) => FieldSpec) {
  return Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, fn(spec, name)])) as Record<string, FieldSpec>;
}

export function typesOf(spec: FieldSpec): readonly FieldType[] {
  return typeof spec.type === 'string' ? [spec.type] : spec.type;
}
