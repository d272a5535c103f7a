import { AppTelemetryBatchEventSchema } from '../../events/schemas';
import {
  APP_EVENT_KINDS,
  availableInSchemaVersion1,
  checkBatch,
  EVENT_FIELDS,
  DATA_CLASSES,
  EVENT_DEFINITIONS,
  type SpecFieldJson,
  telemetrySpecJson,
  zodFor,
} from '../../events/telemetry';
import { batchFromSpec, concretePath, eventFromSpec, type Fill } from '../helpers/telemetryFromSpec';

const spec = telemetrySpecJson();
const FIELD_KEYS = new Set([
  'name',
  'location',
  'type',
  'required',
  'classification',
  'retentionDays',
  'description',
  'nullable',
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
  'additionalProperties',
  'enforce',
  'anonymisation',
  'sinceSchemaVersion',
  'examples',
]);
const allFields = [...spec.envelope.fields, ...spec.events.flatMap((e) => e.fields)];
const field = (fields: readonly SpecFieldJson[], name: string) => {
  const found = fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
};
const event = (name: string, version?: number) =>
  spec.events.find((e) => e.name === name && (version === undefined || e.version === version))!;

describe('vigil telemetry spec --json', () => {
  test('has the shape the issue gives: schemaVersion, events with their fields, the envelope', () => {
    expect(Object.keys(spec).sort()).toEqual(['acceptedSchemaVersions', 'envelope', 'events', 'schemaVersion']);
    expect(spec.schemaVersion).toBe(2);
    expect(spec.acceptedSchemaVersions).toEqual([1, 2]);
    for (const e of spec.events) {
      expect(Object.keys(e).sort()).toEqual(['description', 'fields', 'kind', 'name', 'rules', 'status', 'trigger', 'version']);
      expect(e.description.length).toBeGreaterThan(10);
      expect(e.trigger.length).toBeGreaterThan(10);
      expect(APP_EVENT_KINDS).toContain(e.kind);
    }
    for (const f of allFields) {
      expect(Object.keys(f).filter((k) => !FIELD_KEYS.has(k))).toEqual([]);
      expect(['batch', 'event', 'properties']).toContain(f.location);
      expect(DATA_CLASSES).toContain(f.classification);
      expect(typeof f.required).toBe('boolean');
      expect(Number.isInteger(f.retentionDays) && f.retentionDays > 0).toBe(true);
      expect(f.description.length).toBeGreaterThan(3);
    }
  });

  test('covers what the later work needs, and what the samples hold', () => {
    const kinds = new Set(spec.events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual([...APP_EVENT_KINDS].sort());
    for (const name of [
      'screen_view',
      'app_crash',
      'app_error',
      'api_request',
      'experiment_exposure',
      'experiment_conversion',
      'app_rating',
      'nps_response',
      'feedback_submitted',
      'session_recording',
      'statement_exported',
    ]) {
      expect(spec.events.map((e) => e.name)).toContain(name);
    }
    expect(field(event('statement_exported').fields, 'recordCount')).toMatchObject({ type: 'integer', required: true });
    expect(field(event('api_request').fields, 'durationMs')).toMatchObject({ type: 'integer', required: true, minimum: 0 });
  });

  test('classifies the envelope: the user id is Restricted and pseudonymised, the session Confidential', () => {
    expect(field(spec.envelope.fields, 'userId')).toMatchObject({ location: 'event', classification: 'Restricted', anonymisation: 'hmac' });
    expect(field(spec.envelope.fields, 'sessionId').classification).toBe('Confidential');
    expect(field(spec.envelope.fields, 'release')).toMatchObject({ location: 'batch', maxLength: 200, sinceSchemaVersion: 2 });
  });

  test('free text is Restricted; source context at least Confidential; local variables Restricted', () => {
    expect(field(event('feedback_submitted').fields, 'message')).toMatchObject({ classification: 'Restricted', location: 'properties' });
    expect(field(event('nps_response').fields, 'comment').classification).toBe('Restricted');
    const crash = event('app_crash', 2).fields;
    for (const name of ['context_line', 'pre_context', 'post_context', 'abs_path']) {
      expect(['Confidential', 'Restricted']).toContain(field(crash, `exception.values[].stacktrace.frames[].${name}`).classification);
    }
    expect(field(crash, 'exception.values[].stacktrace.frames[].vars').classification).toBe('Restricted');
    expect(field(crash, 'exception.values[].mechanism.data').classification).toBe('Confidential');
    expect(field(crash, 'exception.values[].value').classification).toBe('Confidential');
  });

  test("carries Sentry's exception interface field for field on crash and error events", () => {
    const crash = event('app_crash', 2).fields.map((f) => f.name);
    const frame = 'exception.values[].stacktrace.frames[]';
    for (const name of [
      'exception.values[].type',
      'exception.values[].value',
      'exception.values[].module',
      'exception.values[].mechanism.type',
      'exception.values[].mechanism.handled',
      ...['function', 'module', 'filename', 'abs_path', 'lineno', 'colno', 'in_app', 'package', 'instruction_addr'].map(
        (n) => `${frame}.${n}`,
      ),
      'threads.values[].stacktrace.frames[].function',
      'fingerprint',
      'fingerprint[]',
    ]) {
      expect(crash).toContain(name);
    }
    expect(field(event('app_crash', 2).fields, frame).requiredAnyOf).toEqual(['filename', 'function', 'instruction_addr']);
    expect(event('app_crash', 2).rules).toEqual([
      expect.objectContaining({ field: 'exception.values[].mechanism.handled', quantifier: 'some', equals: false }),
    ]);
    expect(event('app_error').rules).toEqual([expect.objectContaining({ quantifier: 'none', equals: false })]);
  });

  test('every field with a pattern gives examples, and each example passes its own field', () => {
    const patterned = allFields.filter((f) => f.pattern !== undefined);
    expect(patterned.length).toBeGreaterThan(20);
    for (const f of patterned) {
      expect([f.name, f.examples?.length ?? 0]).not.toEqual([f.name, 0]);
      for (const example of f.examples ?? [])
        expect([f.name, example, new RegExp(f.pattern!).test(String(example))]).toEqual([f.name, example, true]);
    }
  });
});

describe('the catalogue', () => {
  test('one definition per name and version; one current version per name, the highest', () => {
    const keys = EVENT_DEFINITIONS.map((d) => `${d.name}@${d.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const name of new Set(EVENT_DEFINITIONS.map((d) => d.name))) {
      const versions = EVENT_DEFINITIONS.filter((d) => d.name === name);
      const current = versions.filter((d) => d.status === 'current');
      expect([name, current.length]).toEqual([name, 1]);
      expect(current[0]!.version).toBe(Math.max(...versions.map((d) => d.version)));
      expect(new Set(versions.map((d) => d.kind)).size).toBe(1);
    }
  });

  // checkBatch parses a valid event once, through its definition: that holds only if a definition never allows
  // properties the envelope refuses.
  test("a definition's properties are what the envelope allows: at most 25, named as keys are, scalar, bounded", () => {
    for (const d of EVENT_DEFINITIONS) {
      for (const schemaVersion of [1, 2] as const) {
        if (schemaVersion === 1 && !availableInSchemaVersion1(d)) continue;
        const envelope = EVENT_FIELDS[schemaVersion].properties!;
        const entries = Object.entries(d.properties);
        expect([d.name, entries.length <= envelope.maxProperties!]).toEqual([d.name, true]);
        for (const [name, f] of entries) {
          const where = `${d.name}@${d.version}.${name} in schemaVersion ${schemaVersion}`;
          expect([where, new RegExp(envelope.keyPattern!).test(name)]).toEqual([where, true]);
          const types = typeof f.type === 'string' ? [f.type] : f.type;
          expect([where, types.every((t) => ['string', 'integer', 'number', 'boolean'].includes(t))]).toEqual([where, true]);
          if (!types.includes('string') || f.enum || f.format === 'uuid') continue;
          expect([where, (f.maxLength ?? Number.POSITIVE_INFINITY) <= envelope.values!.maxLength!]).toEqual([where, true]);
        }
      }
    }
  });

  test('a structured crash or error event has the rule that ties its kind to mechanism.handled', () => {
    for (const d of EVENT_DEFINITIONS.filter((d) => 'exception' in d.fields)) {
      expect(d.rules.map((r) => r.id)).toEqual([d.kind === 'crash' ? 'crash-is-unhandled' : 'error-is-handled']);
    }
  });
});

describe('events generated from the JSON alone', () => {
  const generate = (fill: Fill) =>
    batchFromSpec(
      spec,
      spec.events.map((e) => eventFromSpec(spec, e, fill)),
      fill,
    );

  test.each(['required', 'all'] as const)('pass ingest (%s fields), every event of the spec in one batch', (fill) => {
    const batch = generate(fill);
    const result = AppTelemetryBatchEventSchema.safeParse(batch);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  // Each rule the JSON states, broken in turn on an event that passes otherwise: ingest refuses it at that path.
  const cases = spec.events.flatMap((definition, index) =>
    definition.fields
      .filter((f) => !(f.location === 'event' && ['name', 'kind', 'version'].includes(f.name)))
      .flatMap((f) =>
        breakages(f).map((b) => [`${definition.name}@${definition.version} ${f.location}:${f.name} ${b.what}`, index, f, b] as const),
      ),
  );

  test.each(cases)('%s is refused', (_title, index, f, breakage) => {
    const batch = generate('all') as { detail: { events: Record<string, unknown>[] } };
    const path = concretePath(f)!;
    breakage.apply(batch.detail.events[index]!, path);
    const check = checkBatch(batch.detail);
    const violations = check.events[index]!.violations.map((v) => v.path.join('.'));
    expect(check.batchViolations).toEqual([]);
    expect(violations).toContain(['events', index, ...path].join('.'));
  });

  test('the breakages cover every kind of constraint the JSON states', () => {
    const what = new Set(cases.map(([title]) => title.split(' ').slice(2).join(' ')));
    for (const kind of [
      'type',
      'required',
      'enum',
      'pattern',
      'maxLength',
      'minLength',
      'minimum',
      'maximum',
      'format',
      'minItems',
      'maxItems',
    ]) {
      expect([...what]).toContain(kind);
    }
    expect(cases.length).toBeGreaterThan(300);
  });
});

interface Breakage {
  what: string;
  apply: (event: Record<string, unknown>, path: Array<string | number>) => void;
}

function setAt(root: Record<string, unknown>, path: Array<string | number>, value: unknown, remove = false): void {
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
}

/** Values that break one constraint of `f` each (only what can be checked on the field alone). */
function breakages(f: SpecFieldJson): Breakage[] {
  if (f.name.includes('*') || (f.name.endsWith('[]') && f.type === 'object')) return f.requiredAnyOf ? [anyOfBreakage(f)] : [];
  const set = (what: string, value: unknown): Breakage => ({ what, apply: (e, p) => setAt(e, p, value) });
  const out: Breakage[] = [];
  const types = Array.isArray(f.type) ? f.type : [f.type];
  out.push(set('type', types.includes('boolean') ? { nested: true } : types.includes('string') ? true : 'not-a-number'));
  if (f.required && !f.name.endsWith('[]')) out.push({ what: 'required', apply: (e, p) => setAt(e, p, undefined, true) });
  if (f.enum)
    out.push(set('enum', typeof f.enum[0] === 'boolean' ? !f.enum[0] : typeof f.enum[0] === 'number' ? 987_654 : 'not-allowed-value'));
  if (f.pattern) out.push(set('pattern', '\u0000 !'));
  if (f.maxLength !== undefined) out.push(set('maxLength', 'a'.repeat(f.maxLength + 1)));
  if (f.minLength !== undefined && f.minLength > 0) out.push(set('minLength', ''));
  if (f.minimum !== undefined) out.push(set('minimum', f.minimum - 1));
  if (f.maximum !== undefined) out.push(set('maximum', f.maximum + 1));
  if (f.format) out.push(set('format', 'not-a-format-value'));
  if (f.minItems !== undefined && f.minItems > 0) out.push(set('minItems', []));
  if (f.maxItems !== undefined)
    out.push({
      what: 'maxItems',
      apply: (e, p) =>
        setAt(
          e,
          p,
          Array.from({ length: f.maxItems! + 1 }, () => valueAtPath(e, [...p, 0])),
        ),
    });
  return out.filter((b) => !(b.what === 'type' && types.includes('object') && f.additionalProperties));
}

function anyOfBreakage(f: SpecFieldJson): Breakage {
  return {
    what: 'requiredAnyOf',
    apply: (e, p) => {
      const item = valueAtPath(e, p) as Record<string, unknown>;
      for (const key of f.requiredAnyOf!) delete item[key];
    },
  };
}

function valueAtPath(root: unknown, path: Array<string | number>): unknown {
  return path.reduce<unknown>((node, segment) => (node as Record<string | number, unknown>)[segment], root);
}

test('the validators are derived from the spec: a field spec compiles to what it says', () => {
  const spec = {
    type: 'string',
    required: true,
    classification: 'Internal',
    retentionDays: 1,
    description: 'd',
    maxLength: 3,
    pattern: '^a',
  } as const;
  expect(zodFor(spec).safeParse('abc').success).toBe(true);
  expect(zodFor(spec).safeParse('abcd').success).toBe(false);
  expect(zodFor(spec).safeParse('bcd').success).toBe(false);
});
