import type { SpecEventJson, SpecFieldJson, TelemetrySpecJson } from '../../events/telemetry';

/*
 * Telemetry generated from `vigil telemetry spec --json` alone, as another tool would: it reads the
 * field list (names by path, types, constraints, examples, rules) and nothing of Vigil's code. If the
 * spec leaves a rule out, what this builds fails ingest, and the test that uses it says so.
 */

type Json = Record<string, unknown>;
export type Fill = 'required' | 'all';

let counter = 0;
/** A well-formed uuid v4, different each call. */
export function uuid(): string {
  counter += 1;
  const hex = counter.toString(16).padStart(12, '0');
  return `7e1c4f0a-2b3d-4c5e-8f60-${hex}`;
}

const direct = (fields: readonly SpecFieldJson[], parent: string) =>
  fields.filter((f) => f.name.startsWith(`${parent}.`) && !/[.[]/.test(f.name.slice(parent.length + 1)));

/** A valid value of `field` (`fields`: the list it comes from, for its children). */
export function sampleValue(field: SpecFieldJson, fields: readonly SpecFieldJson[], fill: Fill): unknown {
  const type = Array.isArray(field.type) ? field.type[0]! : field.type;
  if (field.examples?.length) return field.examples[0];
  if (field.enum?.length) return field.enum[0];
  switch (type) {
    case 'string':
      if (field.format === 'uuid') return uuid();
      if (field.format === 'date-time') return '2026-11-20T10:00:00.000Z';
      if (field.format === 'email') return 'someone@example.com';
      if (field.format === 'uri') return 'https://example.com/help';
      return 'x'.repeat(Math.max(field.minLength ?? 1, 1));
    case 'integer':
    case 'number':
      return field.minimum ?? 0;
    case 'boolean':
      return true;
    case 'array': {
      const item = fields.find((f) => f.name === `${field.name}[]`);
      return Array.from({ length: Math.max(field.minItems ?? 1, 1) }, () => (item ? sampleValue(item, fields, fill) : 'x'));
    }
    case 'object':
      return objectOf(field.name, fields, fill, field.requiredAnyOf);
  }
  throw new Error(`no value for ${field.name}`);
}

function objectOf(name: string, fields: readonly SpecFieldJson[], fill: Fill, anyOf?: readonly string[]): Json {
  const out: Json = {};
  for (const child of direct(fields, name)) {
    const key = child.name.slice(name.length + 1);
    if (key === '*') continue;
    if (child.required || fill === 'all' || anyOf?.[0] === key) out[key] = sampleValue(child, fields, fill);
  }
  return out;
}

/** One event of `definition`, its envelope fields from the spec's envelope. */
export function eventFromSpec(spec: TelemetrySpecJson, definition: SpecEventJson, fill: Fill): Json {
  const envelope = spec.envelope.fields.filter((f) => f.location === 'event' && !f.name.includes('.'));
  const event: Json = {};
  for (const f of envelope) {
    if (['name', 'kind', 'version', 'properties'].includes(f.name)) continue;
    if (f.required || fill === 'all') event[f.name] = sampleValue(f, spec.envelope.fields, fill);
  }
  const own = definition.fields.filter((f) => f.location === 'event');
  for (const f of own.filter((f) => !f.name.includes('.') && !f.name.includes('['))) {
    if (f.required || fill === 'all') event[f.name] = sampleValue(f, own, fill);
  }
  const properties: Json = {};
  for (const f of definition.fields.filter((f) => f.location === 'properties' && !f.name.includes('.'))) {
    if (f.required || fill === 'all') properties[f.name] = sampleValue(f, definition.fields, fill);
  }
  event.properties = properties;
  for (const rule of definition.rules) applyRule(event, rule.field, rule.quantifier, rule.equals, own, fill);
  return event;
}

/** Makes a `some` rule hold (creating the path) and a `none` rule hold (changing the values found). */
function applyRule(event: Json, path: string, quantifier: string, equals: unknown, fields: readonly SpecFieldJson[], fill: Fill): void {
  const segments = path.split('.');
  let node: unknown = event;
  let name = '';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const array = segment.endsWith('[]');
    const key = array ? segment.slice(0, -2) : segment;
    name = name ? `${name}.${key}` : key;
    const holder = node as Json;
    const last = i === segments.length - 1;
    if (last) {
      if (quantifier === 'some') holder[key] = equals;
      else if (holder[key] === equals) holder[key] = typeof equals === 'boolean' ? !equals : null;
      return;
    }
    if (holder[key] === undefined) {
      if (quantifier === 'none') return;
      holder[key] = sampleValue(fields.find((f) => f.name === name)!, fields, fill);
    }
    node = holder[key];
    if (array) {
      node = (node as unknown[])[0];
      name = `${name}[]`;
    }
  }
}

/** A batch of the spec's current schemaVersion holding `events`, as EventBridge delivers it. */
export function batchFromSpec(spec: TelemetrySpecJson, events: Json[], fill: Fill, id = uuid()): Json {
  const batchFields = spec.envelope.fields.filter((f) => f.location === 'batch' && !f.name.includes('.'));
  const detail: Json = {};
  for (const f of batchFields) {
    if (f.name === 'events') detail.events = events;
    else if (f.name === 'schemaVersion') detail.schemaVersion = spec.schemaVersion;
    else if (f.required || fill === 'all') detail[f.name] = sampleValue(f, spec.envelope.fields, fill);
  }
  return {
    version: '0',
    id,
    'detail-type': 'App Telemetry Batch',
    source: 'vigil.app',
    account: '111122223333',
    time: '2026-11-20T10:00:05Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}

/** The concrete path of a spec field name in a generated event (`a[].b` → a, 0, b); undefined for map values. */
export function concretePath(field: SpecFieldJson): Array<string | number> | undefined {
  if (field.name.includes('*')) return undefined;
  const path: Array<string | number> = field.location === 'properties' ? ['properties'] : [];
  for (const segment of field.name.split('.')) {
    if (segment.endsWith('[]')) path.push(segment.slice(0, -2), 0);
    else path.push(segment);
  }
  // `a[]` itself is the item: the trailing index stays.
  return path;
}
