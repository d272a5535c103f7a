import { z } from 'zod';
import { type FieldSpec, type FieldType, typesOf } from './fields';

/*
 * The zod validator of a field, derived from its spec: every rule the spec states, and nothing the
 * spec does not say (what `vigil telemetry spec --json` prints is what ingest enforces).
 */

const cache = new WeakMap<FieldSpec, z.ZodType>();

/** The validator of one field's value (presence is the parent object's business). */
export function zodFor(spec: FieldSpec): z.ZodType {
  let schema = cache.get(spec);
  if (!schema) {
    const types = typesOf(spec);
    const base = types.length === 1 ? single(types[0]!, spec) : z.union(types.map((type) => single(type, spec)));
    schema = spec.nullable ? base.nullable() : base;
    cache.set(spec, schema);
  }
  return schema;
}

/** An object's shape: each field, optional unless required. */
export function shapeOf(fields: Readonly<Record<string, FieldSpec>>): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, spec.required ? zodFor(spec) : zodFor(spec).optional()]));
}

function single(type: FieldType, spec: FieldSpec): z.ZodType {
  switch (type) {
    case 'string':
      return spec.enum ? literal(spec, 'string') : stringOf(spec);
    case 'integer':
      return spec.enum ? literal(spec, 'number') : range(z.number().int(), spec);
    case 'number':
      return spec.enum ? literal(spec, 'number') : range(z.number(), spec);
    case 'boolean':
      return spec.enum ? literal(spec, 'boolean') : z.boolean();
    case 'array':
      return arrayOf(spec);
    case 'object':
      return objectOf(spec);
  }
}

/** The enum values of the given JS type (a multi-typed field's enum splits by type). */
function literal(spec: FieldSpec, jsType: 'string' | 'number' | 'boolean'): z.ZodType {
  const values = spec.enum!.filter((v) => typeof v === jsType) as Array<string | number | boolean>;
  return z.literal(values);
}

/** The zod string schema of a format (plain z.string() without one): also the source of the fast check's format patterns (accepts.ts). */
export function formatSchema(format: FieldSpec['format']): z.ZodString | z.ZodStringFormat {
  switch (format) {
    case 'uuid':
      return z.uuid();
    case 'date-time':
      return z.iso.datetime({ offset: true });
    case 'email':
      return z.email();
    case 'uri':
      return z.url();
    default:
      return z.string();
  }
}

function stringOf(spec: FieldSpec): z.ZodType {
  let schema = formatSchema(spec.format);
  if (spec.minLength !== undefined) schema = schema.min(spec.minLength);
  if (spec.maxLength !== undefined) schema = schema.max(spec.maxLength);
  if (spec.pattern !== undefined) schema = schema.regex(new RegExp(spec.pattern));
  return schema;
}

function range(schema: z.ZodNumber, spec: FieldSpec): z.ZodType {
  let out = schema;
  if (spec.minimum !== undefined) out = out.min(spec.minimum);
  if (spec.maximum !== undefined) out = out.max(spec.maximum);
  return out;
}

function arrayOf(spec: FieldSpec): z.ZodType {
  let schema = z.array(spec.items ? zodFor(spec.items) : z.unknown());
  if (spec.minItems !== undefined) schema = schema.min(spec.minItems);
  if (spec.maxItems !== undefined) schema = schema.max(spec.maxItems);
  const key = spec.uniqueItemsBy;
  if (key === undefined) return schema;
  return schema.superRefine((items, ctx) => {
    const seen = new Set<unknown>();
    items.forEach((item, index) => {
      const value = item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
      if (value === undefined) return;
      if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index, key], message: `duplicate ${key} in the array` });
      seen.add(value);
    });
  });
}

function objectOf(spec: FieldSpec): z.ZodType {
  let schema: z.ZodType;
  if (spec.fields) {
    const shape = shapeOf(spec.fields);
    schema = spec.additionalProperties ? z.looseObject(shape) : z.strictObject(shape);
  } else {
    const key = spec.keyPattern === undefined ? z.string() : z.string().regex(new RegExp(spec.keyPattern));
    schema = z.record(key, spec.values ? zodFor(spec.values) : z.unknown());
  }
  const { maxProperties, requiredAnyOf } = spec;
  if (maxProperties === undefined && requiredAnyOf === undefined) return schema;
  return schema.superRefine((value, ctx) => {
    const object = value as Record<string, unknown>;
    if (maxProperties !== undefined && Object.keys(object).length > maxProperties) {
      ctx.addIssue({
        code: 'too_big',
        origin: 'object',
        maximum: maxProperties,
        inclusive: true,
        message: `at most ${maxProperties} keys`,
      });
    }
    if (requiredAnyOf && !requiredAnyOf.some((name) => object[name] !== undefined && object[name] !== null)) {
      ctx.addIssue({ code: 'custom', message: `needs at least one of ${requiredAnyOf.join(', ')}` });
    }
  });
}
