import { formatSchema, zodFor } from './compile';
import { type FieldSpec, type FieldType, typesOf } from './fields';

/*
 * The fast path of the spec check: a plain predicate compiled from the same FieldSpec as the zod
 * validator (compile.ts), answering only "does this value follow the spec?". Ingest runs it first and
 * parses with zod only a value it refuses, for zod's issues (validate.ts). Measured reason: zod's
 * parse of an event was 3-6x JSON.parse of its batch, most of the 5x budget of the whole ingest
 * (bench/piiGuard.ts); this predicate costs a fraction of it.
 *
 * Soundness rule: the predicate may refuse what zod accepts (zod then decides, nothing is lost but
 * time), never accept what zod refuses. So where zod is subtle (e-mail and URL formats) the predicate
 * asks zod's own leaf schema, the format patterns are zod's own regular expressions, and anything
 * unusual (a non-plain object, an unsafe integer, an explicit undefined for a required key) is refused.
 * tests/schemas/telemetryAccepts.test.ts checks it against zod on every captured event and on mutations.
 */

export type Accepts = (value: unknown) => boolean;

const cache = new WeakMap<FieldSpec, Accepts>();

/** The predicate of one field's value (presence is the parent object's business). */
export function acceptsFor(spec: FieldSpec): Accepts {
  let accepts = cache.get(spec);
  if (!accepts) {
    const types = typesOf(spec);
    const branches = types.map((type) => single(type, spec));
    const base: Accepts = branches.length === 1 ? branches[0]! : (v) => branches.some((b) => b(v));
    accepts = spec.nullable ? (v) => v === null || base(v) : base;
    cache.set(spec, accepts);
  }
  return accepts;
}

/** An object: the given fields (each optional unless required), strict or open to other keys. */
export function acceptsObject(fields: Readonly<Record<string, FieldSpec>>, strict: boolean): Accepts {
  const shape = new Map(Object.entries(fields).map(([name, spec]) => [name, { required: spec.required, accepts: acceptsFor(spec) }]));
  const requiredKeys = [...shape].filter(([, f]) => f.required).map(([name]) => name);
  return (value) => {
    if (!isPlainObject(value)) return false;
    for (const key of requiredKeys) if (value[key] === undefined) return false;
    for (const key in value) {
      const field = shape.get(key);
      if (field === undefined) {
        if (strict) return false;
        continue;
      }
      const child = value[key];
      if (child === undefined) {
        if (field.required) return false;
        continue;
      }
      if (!field.accepts(child)) return false;
    }
    return true;
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function single(type: FieldType, spec: FieldSpec): Accepts {
  switch (type) {
    case 'string':
      return spec.enum ? literal(spec, 'string') : stringOf(spec);
    case 'integer':
      return spec.enum ? literal(spec, 'number') : range((v) => Number.isSafeInteger(v), spec);
    case 'number':
      return spec.enum ? literal(spec, 'number') : range((v) => Number.isFinite(v), spec);
    case 'boolean':
      return spec.enum ? literal(spec, 'boolean') : (v) => typeof v === 'boolean';
    case 'array':
      return arrayOf(spec);
    case 'object':
      return objectOf(spec);
  }
}

function literal(spec: FieldSpec, jsType: 'string' | 'number' | 'boolean'): Accepts {
  const values = new Set(spec.enum!.filter((v) => typeof v === jsType));
  return (v) => typeof v === jsType && values.has(v as string | number | boolean);
}

function stringOf(spec: FieldSpec): Accepts {
  const checks: Array<(v: string) => boolean> = [];
  if (spec.format !== undefined) {
    const pattern = (formatSchema(spec.format)._zod.def as { pattern?: unknown }).pattern;
    if (pattern instanceof RegExp && !pattern.global && !pattern.sticky) checks.push((v) => pattern.test(v));
    else {
      // No plain pattern (e-mail, URL): zod's own schema of the field decides.
      const schema = zodFor(spec);
      return (v) => typeof v === 'string' && schema.safeParse(v).success;
    }
  }
  const { minLength, maxLength } = spec;
  if (minLength !== undefined) checks.push((v) => v.length >= minLength);
  if (maxLength !== undefined) checks.push((v) => v.length <= maxLength);
  if (spec.pattern !== undefined) {
    const pattern = new RegExp(spec.pattern);
    checks.push((v) => pattern.test(v));
  }
  return (v) => {
    if (typeof v !== 'string') return false;
    for (const check of checks) if (!check(v)) return false;
    return true;
  };
}

function range(isNumber: (v: number) => boolean, spec: FieldSpec): Accepts {
  const min = spec.minimum ?? Number.NEGATIVE_INFINITY;
  const max = spec.maximum ?? Number.POSITIVE_INFINITY;
  return (v) => typeof v === 'number' && isNumber(v) && v >= min && v <= max;
}

function arrayOf(spec: FieldSpec): Accepts {
  const item = spec.items ? acceptsFor(spec.items) : undefined;
  const min = spec.minItems ?? 0;
  const max = spec.maxItems ?? Number.POSITIVE_INFINITY;
  const key = spec.uniqueItemsBy;
  return (v) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return false;
    // A sparse array's holes are undefined items: refused here, zod decides.
    for (let i = 0; i < v.length; i += 1) if (!(i in v) || (item !== undefined && !item(v[i]))) return false;
    return key === undefined || uniqueBy(v, key);
  };
}

function uniqueBy(items: readonly unknown[], key: string): boolean {
  const seen = new Set<unknown>();
  for (const item of items) {
    const value = item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
    if (value === undefined) continue;
    if (seen.has(value)) return false;
    seen.add(value);
  }
  return true;
}

function objectOf(spec: FieldSpec): Accepts {
  let base: Accepts;
  if (spec.fields) base = acceptsObject(spec.fields, !spec.additionalProperties);
  else {
    const keyPattern = spec.keyPattern === undefined ? undefined : new RegExp(spec.keyPattern);
    const values = spec.values ? acceptsFor(spec.values) : undefined;
    base = (v) => {
      if (!isPlainObject(v)) return false;
      for (const key in v) {
        if (keyPattern !== undefined && !keyPattern.test(key)) return false;
        if (values !== undefined && !values(v[key])) return false;
      }
      return true;
    };
  }
  const { maxProperties, requiredAnyOf } = spec;
  if (maxProperties === undefined && requiredAnyOf === undefined) return base;
  return (v) => {
    if (!base(v)) return false;
    const object = v as Record<string, unknown>;
    if (maxProperties !== undefined && Object.keys(object).length > maxProperties) return false;
    return !requiredAnyOf || requiredAnyOf.some((name) => object[name] !== undefined && object[name] !== null);
  };
}
