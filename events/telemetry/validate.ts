import { z } from 'zod';
import { type EventDefinition, EVENT_DEFINITIONS, type EventRule } from './catalogue';
import { type Accepts, acceptsObject } from './accepts';
import { shapeOf, zodFor } from './compile';
import { BATCH_FIELDS, EVENT_FIELDS, identityFields, type TelemetrySchemaVersion } from './envelope';
import type { FieldSpec } from './fields';
import { findDefinition } from './spec';

/*
 * The contract check of one batch, in two layers:
 *   the envelope   the batch fields, and the fields every event carries (ids, name, kind, time,
 *                  session, user, a flat properties map). Always enforced: without it an event cannot
 *                  be identified, placed in time or attributed to a release.
 *   the spec       each event against its definition (name and version): unplanned events and
 *                  properties, missing, mistyped or disallowed values. What a stage does with these is
 *                  the stage's choice (shared/telemetry: reject, or accept and mark as unexpected),
 *                  except on fields the spec marks `enforce: always` (privacy controls).
 * Every violation names a path and a rule, never the value found there (it may be Restricted).
 */

export const VIOLATION_CLASSES = [
  'envelope',
  'unplanned_event',
  'unplanned_property',
  'required_missing',
  'type_mismatch',
  'value_not_allowed',
  'limit_exceeded',
] as const;
export type ViolationClass = (typeof VIOLATION_CLASSES)[number];

export type Path = ReadonlyArray<string | number>;

export interface Violation {
  /** From the batch (detail): `['events', 3, 'properties', 'durationMs']`. */
  readonly path: Path;
  readonly class: ViolationClass;
  /** What rule failed, never the value. */
  readonly message: string;
  /** Quarantines the event (or batch) in every stage: an envelope violation, or a field marked `enforce: always`. */
  readonly enforced: boolean;
}

export interface EventCheck {
  readonly index: number;
  readonly event: unknown;
  /** The event's id, when it is a well-formed one. */
  readonly eventId?: string;
  /** The definition it follows (undefined: unplanned, or its envelope failed). */
  readonly definition?: EventDefinition;
  readonly violations: readonly Violation[];
}

export interface BatchCheck {
  readonly schemaVersion: TelemetrySchemaVersion;
  /** Violations of the batch fields: the whole batch is refused. */
  readonly batchViolations: readonly Violation[];
  readonly events: readonly EventCheck[];
}

/** Event-level keys that definitions add (a crash's exception): the envelope lets them through to the definition. */
const DEFINITION_EVENT_KEYS = [...new Set(EVENT_DEFINITIONS.flatMap((d) => Object.keys(d.fields)))];

const UUID = z.uuid();

/** The fast checks (accepts.ts): zod parses only what they refuse, for its issues. */
const BATCH_ACCEPTS: Readonly<Record<TelemetrySchemaVersion, Accepts>> = {
  1: acceptsObject(BATCH_FIELDS[1], true),
  2: acceptsObject(BATCH_FIELDS[2], true),
};

/** The fast check of a batch's own fields (the events are checked one by one). */
export function batchAccepts(schemaVersion: TelemetrySchemaVersion): Accepts {
  return BATCH_ACCEPTS[schemaVersion];
}

const BATCH_SCHEMAS = {
  1: z.strictObject(shapeOf(BATCH_FIELDS[1])),
  2: z.strictObject(shapeOf(BATCH_FIELDS[2])),
} as const;

const EVENT_ENVELOPE_SCHEMAS = {
  1: z.strictObject(shapeOf(EVENT_FIELDS[1])),
  2: z.strictObject({
    ...shapeOf(EVENT_FIELDS[2]),
    ...Object.fromEntries(DEFINITION_EVENT_KEYS.map((key) => [key, z.unknown().optional()])),
  }),
} as const;

/** Where each event-level path leads in a definition's fields (for `enforce` and for classification). */
export interface DefinitionFields {
  readonly event: Readonly<Record<string, FieldSpec>>;
  readonly properties: Readonly<Record<string, FieldSpec>>;
}

const fieldsCache = new Map<string, DefinitionFields>();

/** A definition's event-level fields in a batch of the given version (fields added later are not part of version 1). */
export function definitionFields(definition: EventDefinition, schemaVersion: TelemetrySchemaVersion): DefinitionFields {
  const key = `${definition.name}@${definition.version}/${schemaVersion}`;
  let fields = fieldsCache.get(key);
  if (!fields) fieldsCache.set(key, (fields = buildDefinitionFields(definition, schemaVersion)));
  return fields;
}

function buildDefinitionFields(definition: EventDefinition, schemaVersion: TelemetrySchemaVersion): DefinitionFields {
  const own = Object.entries(definition.fields).filter(([, spec]) => schemaVersion >= (spec.sinceSchemaVersion ?? 1));
  const { name: _name, kind: _kind, version: _version, properties: _properties, ...common } = EVENT_FIELDS[schemaVersion];
  const identity = identityFields(definition.name, definition.kind, definition.version, definition.status === 'current');
  return {
    event: {
      ...common,
      name: identity.name!,
      kind: identity.kind!,
      ...(schemaVersion === 2 ? { version: identity.version! } : {}),
      ...Object.fromEntries(own),
    },
    properties: definition.properties,
  };
}

const definitionSchemas = new Map<string, z.ZodType>();

/** The validator of events following `definition` in a batch of `schemaVersion`. */
export function definitionSchema(definition: EventDefinition, schemaVersion: TelemetrySchemaVersion): z.ZodType {
  const key = `${definition.name}@${definition.version}/${schemaVersion}`;
  let schema = definitionSchemas.get(key);
  if (!schema) {
    const fields = definitionFields(definition, schemaVersion);
    const envelopeProperties = EVENT_FIELDS[schemaVersion].properties!;
    const properties = zodFor({ ...envelopeProperties, values: undefined, keyPattern: undefined, fields: fields.properties });
    const base = z.strictObject({
      ...shapeOf(fields.event),
      properties: envelopeProperties.required ? properties : properties.optional(),
    });
    schema = definition.rules.length === 0 ? base : base.superRefine((event, ctx) => checkRules(definition.rules, event, ctx));
    definitionSchemas.set(key, schema);
  }
  return schema;
}

const definitionAcceptors = new Map<string, Accepts>();

/** The fast check of events following `definition` in a batch of `schemaVersion`: what definitionSchema accepts, or less. */
export function definitionAccepts(definition: EventDefinition, schemaVersion: TelemetrySchemaVersion): Accepts {
  const key = `${definition.name}@${definition.version}/${schemaVersion}`;
  let accepts = definitionAcceptors.get(key);
  if (!accepts) {
    const fields = definitionFields(definition, schemaVersion);
    const envelopeProperties = EVENT_FIELDS[schemaVersion].properties!;
    const properties = { ...envelopeProperties, values: undefined, keyPattern: undefined, fields: fields.properties };
    const base = acceptsObject({ ...fields.event, properties }, true);
    const { rules } = definition;
    accepts = rules.length === 0 ? base : (event) => base(event) && rules.every((rule) => ruleHolds(rule, event));
    definitionAcceptors.set(key, accepts);
  }
  return accepts;
}

function checkRules(rules: readonly EventRule[], event: unknown, ctx: z.RefinementCtx): void {
  for (const rule of rules) {
    if (!ruleHolds(rule, event)) {
      ctx.addIssue({ code: 'custom', path: [rule.field.split(/[.[]/)[0]!], message: `rule ${rule.id}: ${rule.description}` });
    }
  }
}

const ruleSegments = new WeakMap<EventRule, readonly string[]>();

function ruleHolds(rule: EventRule, event: unknown): boolean {
  let segments = ruleSegments.get(rule);
  if (!segments) ruleSegments.set(rule, (segments = rule.field.replace(/\[\]/g, '.[]').split('.')));
  const hits = valuesAt(event, segments).filter((v) => v === rule.equals).length;
  return !((rule.quantifier === 'some' && hits === 0) || (rule.quantifier === 'none' && hits > 0));
}

/** Every value at a spec path (`[]` segments expand arrays). */
function valuesAt(value: unknown, segments: readonly string[]): unknown[] {
  if (segments.length === 0) return [value];
  const [head, ...rest] = segments;
  if (head === '[]') return Array.isArray(value) ? value.flatMap((item) => valuesAt(item, rest)) : [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return valuesAt((value as Record<string, unknown>)[head!], rest);
}

/** Checks one batch (an EventBridge event's detail). */
export function checkBatch(detail: unknown): BatchCheck {
  const raw = (detail && typeof detail === 'object' && !Array.isArray(detail) ? detail : {}) as Record<string, unknown>;
  const schemaVersion: TelemetrySchemaVersion = raw.schemaVersion === 1 ? 1 : 2;
  const batch = BATCH_ACCEPTS[schemaVersion](detail) ? undefined : BATCH_SCHEMAS[schemaVersion].safeParse(detail);
  const batchViolations = !batch || batch.success ? [] : violationsOf(batch.error, detail, [], () => ({ envelope: true }));
  const events = Array.isArray(raw.events) ? raw.events : [];
  return { schemaVersion, batchViolations, events: events.map((event, index) => checkEvent(event, index, schemaVersion)) };
}

/**
 * One event. The common case first: the definition its raw name and version point to, whose schema
 * holds the envelope's fields too (and properties the envelope allows: tests/schemas/telemetrySpec
 * checks every definition for it), so a valid event is checked once, by the fast check (accepts.ts). Only an event that fails is read
 * again through the envelope, to tell the violations every stage refuses from the spec's.
 */
function checkEvent(event: unknown, index: number, schemaVersion: TelemetrySchemaVersion): EventCheck {
  const raw = (event && typeof event === 'object' ? event : {}) as { eventId?: unknown; name?: unknown; version?: unknown };
  if (typeof raw.name === 'string' && (raw.version === undefined || typeof raw.version === 'number')) {
    const lookup = findDefinition(raw.name, raw.version as number | undefined, schemaVersion);
    if (lookup.found) {
      // The event itself, as zod would have given it back: strict objects keep every key, no value is transformed.
      if (definitionAccepts(lookup.definition, schemaVersion)(event))
        return { index, event, eventId: raw.eventId as string, definition: lookup.definition, violations: [] };
      const result = definitionSchema(lookup.definition, schemaVersion).safeParse(event);
      if (result.success)
        return { index, event: result.data, eventId: raw.eventId as string, definition: lookup.definition, violations: [] };
    }
  }
  const at: Path = ['events', index];
  const envelope = EVENT_ENVELOPE_SCHEMAS[schemaVersion].safeParse(event);
  if (!envelope.success) {
    const wellFormedId = typeof raw.eventId === 'string' && UUID.safeParse(raw.eventId).success ? raw.eventId : undefined;
    return { index, event, eventId: wellFormedId, violations: violationsOf(envelope.error, event, at, () => ({ envelope: true })) };
  }
  const { eventId, name, version } = envelope.data as { eventId: string; name: string; version?: number };
  const lookup = findDefinition(name, version, schemaVersion);
  if (!lookup.found) {
    const violation: Violation =
      lookup.reason === 'no-such-version'
        ? {
            path: [...at, 'version'],
            class: 'unplanned_event',
            message: 'no such version of this event in the telemetry spec',
            enforced: false,
          }
        : lookup.reason === 'needs-schema-version-2'
          ? { path: [...at, 'name'], class: 'unplanned_event', message: 'this event needs a schemaVersion 2 batch', enforced: false }
          : { path: [...at, 'name'], class: 'unplanned_event', message: 'no such event in the telemetry spec', enforced: false };
    return { index, event, eventId, violations: [violation] };
  }
  const { definition } = lookup;
  const result = definitionSchema(definition, schemaVersion).safeParse(event);
  if (result.success) return { index, event: result.data, eventId, definition, violations: [] };
  const fields = definitionFields(definition, schemaVersion);
  const violations = violationsOf(result.error, event, at, (path) => ({ envelope: false, enforce: specAt(fields, path)?.enforce }));
  return { index, event, eventId, definition, violations };
}

/** The spec of the field at an event-relative path (array indexes skipped), if the spec has one. */
export function specAt(fields: DefinitionFields, path: Path): FieldSpec | undefined {
  const [first, ...rest] = path;
  if (first === 'properties') {
    if (rest.length === 0) return undefined;
    const [name, ...deeper] = rest;
    return descend(fields.properties[String(name)], deeper);
  }
  return descend(fields.event[String(first)], rest);
}

function descend(spec: FieldSpec | undefined, path: Path): FieldSpec | undefined {
  let current = spec;
  for (const segment of path) {
    if (!current) return undefined;
    if (typeof segment === 'number') current = current.items;
    else current = current.fields?.[segment] ?? current.values;
  }
  return current;
}

/** zod's issues as violations: classified, and worded from the rule, never from the input. */
function violationsOf(
  error: z.ZodError,
  input: unknown,
  prefix: Path,
  context: (path: Path) => { envelope: boolean; enforce?: 'always' },
): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  const push = (path: Path, cls: ViolationClass, message: string) => {
    const key = `${path.join('\u0000')}\u0001${cls}`;
    if (seen.has(key)) return;
    seen.add(key);
    const { envelope, enforce } = context(path);
    out.push({ path: [...prefix, ...path], class: envelope ? 'envelope' : cls, message, enforced: envelope || enforce === 'always' });
  };
  for (const issue of error.issues) {
    const path = issue.path as Path;
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) push([...path, key], 'unplanned_property', 'not in the telemetry spec');
        break;
      case 'invalid_type':
      case 'invalid_union':
        if (valueAt(input, path) === undefined) push(path, 'required_missing', 'required');
        else push(path, 'type_mismatch', `expected ${issue.code === 'invalid_type' ? typeName(issue.expected) : unionTypes(issue.errors)}`);
        break;
      case 'invalid_value':
        push(path, 'value_not_allowed', 'not one of the allowed values');
        break;
      case 'invalid_format':
        push(path, 'value_not_allowed', issue.format === 'regex' ? 'does not match its pattern' : `not a valid ${issue.format}`);
        break;
      case 'invalid_key':
        push(path, 'value_not_allowed', 'the key does not match the key pattern');
        break;
      case 'too_big':
      case 'too_small': {
        const bound = issue.code === 'too_big' ? `at most ${issue.maximum}` : `at least ${issue.minimum}`;
        if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
          push(path, 'value_not_allowed', `must be ${bound}`);
        else push(path, 'limit_exceeded', `${unitOf(issue.origin)}: ${bound}`);
        break;
      }
      default:
        push(path, 'value_not_allowed', issue.message);
    }
  }
  return out;
}

function valueAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** What the branches of a union expected: `string, number or boolean`. */
function unionTypes(branches: ReadonlyArray<ReadonlyArray<z.core.$ZodIssue>>): string {
  const names = [
    ...new Set(branches.flat().flatMap((i) => (i.code === 'invalid_type' && i.path.length === 0 ? [typeName(i.expected)] : []))),
  ];
  if (names.length === 0) return 'another type';
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function typeName(expected: string): string {
  return expected === 'int' ? 'integer' : expected;
}

function unitOf(origin: string): string {
  if (origin === 'string') return 'characters';
  if (origin === 'array' || origin === 'set') return 'items';
  return 'keys';
}
