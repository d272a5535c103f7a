import { isIP } from 'node:net';
import compiled from '../conformance/ocsf-1.3.0-classes.json';

/**
 * Checks an OCSF event against the compiled OCSF 1.3.0 schema in tests/conformance/ocsf-1.3.0-classes.json
 * (README there: origin, licence), the way the OCSF server's validator reads the schema:
 * - the class by `class_uid`; every attribute present must be one the class (or the object it sits in)
 *   defines: nothing undefined anywhere outside `unmapped` (object type `object`, free-form) and `json_t` values;
 * - an attribute of a profile counts only when `metadata.profiles` lists that profile (the OCSF server
 *   filters attributes by the profiles an event declares), and every profile listed must exist;
 * - required attributes present; the objects' constraints (`at_least_one`, `just_one`) met;
 * - types: strings, integers (`integer_t`, `long_t`), epoch-millisecond `timestamp_t`, numbers, booleans,
 *   `ip_t` an address, `port_t` in range, arrays exactly where `is_array`;
 * - enums: the value is one of the enum's, and its caption sibling (`severity` of `severity_id`,
 *   `activity_name` of `activity_id`, `type_name` of `type_uid`, ...) equals the caption, except for
 *   99 Other, whose caption is the producer's own word;
 * - `type_uid = class_uid * 100 + activity_id`;
 * - observables: each `name` is the path of an attribute the event defines (`resources[0].uid`, array
 *   indices allowed), never inside `unmapped`, holding the observable's `value`.
 * Missing recommended attributes and deprecated ones are warnings, the rest errors.
 */

interface OcsfAttribute {
  caption: string;
  type: string;
  requirement: 'required' | 'recommended' | 'optional';
  is_array?: boolean;
  enum?: Record<string, { caption: string }>;
  sibling?: string;
  object_type?: string;
  profile?: string | null;
  observable?: number;
  '@deprecated'?: unknown;
}

interface OcsfType {
  name: string;
  uid?: number;
  attributes: Record<string, OcsfAttribute>;
  constraints: { at_least_one?: string[]; just_one?: string[] };
}

interface OcsfIssue {
  path: string;
  problem: string;
}

interface OcsfValidation {
  className?: string;
  errors: OcsfIssue[];
  warnings: OcsfIssue[];
}

const SCHEMA = compiled as unknown as {
  version: string;
  classes: Record<string, OcsfType>;
  objects: Record<string, OcsfType>;
};

const CLASSES_BY_UID = new Map(Object.values(SCHEMA.classes).map((c) => [c.uid, c]));
const KNOWN_PROFILES = new Set(
  [...Object.values(SCHEMA.classes), ...Object.values(SCHEMA.objects)].flatMap((t) =>
    Object.values(t.attributes).flatMap((a) => (a.profile ? [a.profile] : [])),
  ),
);

const STRING_TYPES = new Set([
  'string_t',
  'datetime_t',
  'email_t',
  'url_t',
  'hostname_t',
  'mac_t',
  'subnet_t',
  'uuid_t',
  'process_name_t',
  'username_t',
  'file_name_t',
  'file_hash_t',
]);

const isInteger = (v: unknown): v is number => Number.isSafeInteger(v);

/** The non-string scalar types: what a value must be, and what the error says. */
const SCALAR_CHECKS: Record<string, { test: (v: unknown) => boolean; expected: string }> = {
  ip_t: { test: (v) => typeof v === 'string' && isIP(v) !== 0, expected: 'not an IP address' },
  integer_t: { test: isInteger, expected: 'expected an integer (integer_t)' },
  long_t: { test: isInteger, expected: 'expected an integer (long_t)' },
  // Epoch milliseconds: an integer, and not seconds by mistake (anything before 2001-09-09 in ms).
  timestamp_t: { test: (v) => isInteger(v) && v >= 1e12, expected: 'expected epoch milliseconds' },
  port_t: { test: (v) => isInteger(v) && v >= 0 && v <= 65535, expected: 'not a port' },
  float_t: { test: (v) => typeof v === 'number' && Number.isFinite(v), expected: 'expected a number' },
  boolean_t: { test: (v) => typeof v === 'boolean', expected: 'expected a boolean' },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const present = (v: unknown) => v !== undefined && v !== null;

class Validation {
  public readonly errors: OcsfIssue[] = [];
  public readonly warnings: OcsfIssue[] = [];

  public constructor(private readonly profiles: ReadonlySet<string>) {}

  public error(path: string, problem: string): void {
    this.errors.push({ path, problem });
  }

  public warn(path: string, problem: string): void {
    this.warnings.push({ path, problem });
  }

  /** The attributes in force: those of no profile, and those of a profile the event declares. */
  public attributesOf(type: OcsfType): Record<string, OcsfAttribute> {
    return Object.fromEntries(Object.entries(type.attributes).filter(([, a]) => !a.profile || this.profiles.has(a.profile)));
  }

  public object(value: unknown, type: OcsfType, path: string): void {
    if (!isObject(value)) {
      this.error(path || '(event)', `expected an object (${type.name})`);
      return;
    }
    const attributes = this.attributesOf(type);
    for (const [key, item] of Object.entries(value)) {
      const where = path ? `${path}.${key}` : key;
      const attribute = attributes[key];
      if (!attribute) {
        const profile = type.attributes[key]?.profile;
        this.error(
          where,
          profile ? `attribute of profile "${profile}", which metadata.profiles does not list` : `not defined by ${type.name}`,
        );
        continue;
      }
      if (attribute['@deprecated'] !== undefined) this.warn(where, 'deprecated');
      this.attribute(item, attribute, where, value);
    }
    for (const [key, attribute] of Object.entries(attributes)) {
      if (present(value[key])) continue;
      if (attribute.requirement === 'required') this.error(path ? `${path}.${key}` : key, `required by ${type.name}`);
      else if (attribute.requirement === 'recommended') this.warn(path ? `${path}.${key}` : key, 'recommended, missing');
    }
    const { at_least_one: atLeastOne, just_one: justOne } = type.constraints;
    if (atLeastOne && !atLeastOne.some((k) => present(value[k]))) {
      this.error(path || '(event)', `${type.name} needs at least one of ${atLeastOne.join(', ')}`);
    }
    if (justOne && justOne.filter((k) => present(value[k])).length !== 1) {
      this.error(path || '(event)', `${type.name} needs exactly one of ${justOne.join(', ')}`);
    }
  }

  private attribute(value: unknown, attribute: OcsfAttribute, path: string, parent: Record<string, unknown>): void {
    if (value === null) {
      this.error(path, 'null (leave the attribute out instead)');
      return;
    }
    if (attribute.is_array) {
      if (!Array.isArray(value)) {
        this.error(path, `expected an array of ${attribute.type}`);
        return;
      }
      for (const [i, item] of value.entries()) this.scalar(item, attribute, `${path}[${i}]`);
      return;
    }
    if (Array.isArray(value)) {
      this.error(path, `expected one ${attribute.type}, got an array`);
      return;
    }
    this.scalar(value, attribute, path);
    if (attribute.enum) this.enumeration(value, attribute, path, parent);
  }

  private scalar(value: unknown, attribute: OcsfAttribute, path: string): void {
    const { type } = attribute;
    if (type === 'object_t') {
      const objectType = attribute.object_type ?? 'object';
      if (objectType === 'object') {
        if (!isObject(value)) this.error(path, 'expected an object');
        return;
      }
      const target = SCHEMA.objects[objectType];
      if (!target) {
        this.error(path, `object type "${objectType}" is not in the compiled schema`);
        return;
      }
      this.object(value, target, path);
      return;
    }
    if (type === 'json_t') return;
    if (STRING_TYPES.has(type)) {
      if (typeof value !== 'string') {
        this.error(path, `expected a string (${type})`);
        return;
      }
      if (type === 'datetime_t' && Number.isNaN(Date.parse(value))) this.error(path, 'not an RFC 3339 date-time');
      return;
    }
    const ok = SCALAR_CHECKS[type];
    if (!ok) {
      this.error(path, `unknown OCSF type ${type}`);
      return;
    }
    if (!ok.test(value)) this.error(path, ok.expected);
  }

  private enumeration(value: unknown, attribute: OcsfAttribute, path: string, parent: Record<string, unknown>): void {
    const entry = attribute.enum?.[String(value)];
    if (!entry) {
      this.error(path, `${String(value)} is not one of ${Object.keys(attribute.enum ?? {}).join(', ')}`);
      return;
    }
    if (!attribute.sibling) return;
    const sibling = parent[attribute.sibling];
    const siblingPath = path.replace(/[^.]+$/, attribute.sibling);
    if (value === 99) {
      if (!present(sibling)) this.warn(siblingPath, 'Other (99) without its own caption');
      return;
    }
    if (present(sibling) && sibling !== entry.caption)
      this.error(siblingPath, `"${String(sibling)}" is not the caption of ${String(value)}, "${entry.caption}"`);
  }
}

/** The attribute an observable names, and the values at that path in the event (an array step fans out). */
function resolvePath(
  event: Record<string, unknown>,
  type: OcsfType,
  name: string,
  v: Validation,
): { values: unknown[]; attribute?: OcsfAttribute } {
  let current: OcsfType | undefined = type;
  let values: unknown[] = [event];
  let attribute: OcsfAttribute | undefined;
  for (const step of name.split('.')) {
    const match = /^([a-z0-9_]+)(?:\[(\d+)\])?$/.exec(step);
    if (!match || !current) return { values: [] };
    const [, key, index] = match as unknown as [string, string, string | undefined];
    attribute = v.attributesOf(current)[key!];
    if (!attribute) return { values: [] };
    values = values.flatMap((holder) => {
      const item = isObject(holder) ? holder[key!] : undefined;
      if (!Array.isArray(item)) return item === undefined ? [] : [item];
      return index === undefined ? item : item[Number(index)] === undefined ? [] : [item[Number(index)]];
    });
    current = attribute.object_type && attribute.object_type !== 'object' ? SCHEMA.objects[attribute.object_type] : undefined;
    if (attribute.object_type === 'object') return { values: [] }; // `unmapped` names nothing the schema defines
  }
  return { values, attribute };
}

function checkObservables(event: Record<string, unknown>, type: OcsfType, v: Validation): void {
  const observables = event.observables;
  if (!Array.isArray(observables)) return;
  for (const [i, observable] of observables.entries()) {
    if (!isObject(observable) || typeof observable.name !== 'string') continue;
    const path = `observables[${i}].name`;
    const { values, attribute } = resolvePath(event, type, observable.name, v);
    if (!attribute) {
      v.error(path, `"${observable.name}" names no attribute of ${type.name}`);
      continue;
    }
    if (attribute.type === 'object_t') {
      v.error(path, `"${observable.name}" names an object, not a value`);
      continue;
    }
    if (values.length === 0) {
      v.error(path, `"${observable.name}" is not set in the event`);
      continue;
    }
    if (observable.value !== undefined && !values.some((x) => String(x) === observable.value)) {
      v.error(`observables[${i}].value`, `"${String(observable.value)}" is not the value at ${observable.name}`);
    }
    if (attribute.observable !== undefined && observable.type_id !== attribute.observable) {
      v.error(`observables[${i}].type_id`, `${observable.name} is observable type ${attribute.observable}`);
    }
  }
}

/**
 * Validates one OCSF event against OCSF 1.3.0 (see the module comment for what is checked).
 *
 * @example
 * expect(validateOcsf(toOcsfDetectionFinding(finding, opts)).errors).toEqual([]);
 */
function validateOcsf(event: unknown): OcsfValidation {
  if (!isObject(event)) return { errors: [{ path: '(event)', problem: 'not an object' }], warnings: [] };
  const cls = CLASSES_BY_UID.get(event.class_uid as number);
  if (!cls) return { errors: [{ path: 'class_uid', problem: `${String(event.class_uid)} is not a compiled class` }], warnings: [] };
  const metadata = isObject(event.metadata) ? event.metadata : {};
  const declared = Array.isArray(metadata.profiles) ? metadata.profiles.filter((p): p is string => typeof p === 'string') : [];
  const v = new Validation(new Set(declared));
  for (const profile of declared) if (!KNOWN_PROFILES.has(profile)) v.error('metadata.profiles', `unknown profile "${profile}"`);
  if (metadata.version !== SCHEMA.version) v.error('metadata.version', `expected "${SCHEMA.version}"`);
  v.object(event, cls, '');
  if (typeof event.activity_id === 'number' && event.type_uid !== cls.uid! * 100 + event.activity_id) {
    v.error('type_uid', `expected class_uid * 100 + activity_id = ${cls.uid! * 100 + event.activity_id}`);
  }
  checkObservables(event, cls, v);
  return { className: cls.name, errors: v.errors, warnings: v.warnings };
}

/** "path: problem" lines, for a readable `toEqual([])` failure. */
function ocsfErrors(event: unknown): string[] {
  return validateOcsf(event).errors.map((e) => `${e.path}: ${e.problem}`);
}

export { ocsfErrors, validateOcsf };
export type { OcsfIssue, OcsfValidation };
