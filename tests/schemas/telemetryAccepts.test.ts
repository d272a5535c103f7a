import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  BATCH_FIELDS,
  batchAccepts,
  definitionAccepts,
  definitionSchema,
  findDefinition,
  shapeOf,
  type TelemetrySchemaVersion,
  telemetrySpecJson,
} from '../../events/telemetry';
import { batchFromSpec, eventFromSpec } from '../helpers/telemetryFromSpec';

/*
 * The fast spec check (events/telemetry/accepts.ts) against zod, its reference: on every captured
 * telemetry event, every event the spec generates, and a mutation of each value (another type, null,
 * gone, out of range, too long, an unknown key beside it). The fast check must never accept what zod
 * refuses (the event would skip its violations), and should accept what zod accepts (else every valid
 * event pays for zod again).
 */
type Json = Record<string, any>;
const DIR = join(__dirname, '..', 'events', 'app-telemetry');
const spec = telemetrySpecJson();

function capturedBatches(): Json[] {
  const batches = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Json).detail as Json);
  const generated = (['required', 'all'] as const).map(
    (fill) =>
      batchFromSpec(
        spec,
        spec.events.map((e) => eventFromSpec(spec, e, fill)),
        fill,
      ).detail as Json,
  );
  return [...batches, ...generated];
}

const REPLACEMENTS: unknown[] = [null, 0, -1, 1.5, 2 ** 60, 'x', '', 'é'.repeat(5000), true, [], {}, ['x'], { x: 1 }];

/** Copies of `value`, each with one change somewhere inside it. */
function* mutations(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) {
    yield [];
    yield [...value, ...value];
    for (let i = 0; i < value.length; i += 1) {
      for (const m of mutations(value[i])) yield value.map((item, j) => (j === i ? m : item));
    }
    return;
  }
  if (value && typeof value === 'object') {
    const object = value as Json;
    yield { ...object, unplannedKey: 'x' };
    for (const key of Object.keys(object)) {
      const { [key]: _gone, ...without } = object;
      yield without;
      for (const m of mutations(object[key])) yield { ...object, [key]: m };
    }
    return;
  }
  yield* REPLACEMENTS.filter((r) => r !== value);
  if (typeof value === 'number') yield* [value + 1, value - 1, value * 1000];
  if (typeof value === 'string') yield* [`${value}x`, value.slice(1), value.toUpperCase()];
}

interface Tally {
  cases: number;
  zodAccepted: number;
  fastAccepted: number;
  /** Accepted by the fast check, refused by zod: must stay empty. */
  unsound: string[];
  /** Refused by the fast check, accepted by zod: zod's price paid again. */
  slow: string[];
}

function compare(tally: Tally, label: string, fast: (v: unknown) => boolean, zod: z.ZodType, value: unknown): void {
  const f = fast(value);
  const ok = zod.safeParse(value).success;
  tally.cases += 1;
  if (ok) tally.zodAccepted += 1;
  if (f) tally.fastAccepted += 1;
  if (f && !ok) tally.unsound.push(`${label}: ${JSON.stringify(value).slice(0, 300)}`);
  if (ok && !f) tally.slow.push(`${label}: ${JSON.stringify(value).slice(0, 300)}`);
}

const newTally = (): Tally => ({ cases: 0, zodAccepted: 0, fastAccepted: 0, unsound: [], slow: [] });

test.each([1, 2] as const)('events (schemaVersion %i): the fast check accepts exactly what zod accepts', (schemaVersion) => {
  const tally = newTally();
  for (const batch of capturedBatches()) {
    for (const event of batch.events as Json[]) {
      const lookup = findDefinition(event.name, event.version, schemaVersion as TelemetrySchemaVersion);
      if (!lookup.found) continue;
      const fast = definitionAccepts(lookup.definition, schemaVersion);
      const zod = definitionSchema(lookup.definition, schemaVersion);
      const label = `${lookup.definition.name}@${lookup.definition.version}`;
      compare(tally, label, fast, zod, event);
      for (const mutated of mutations(event)) compare(tally, label, fast, zod, mutated);
    }
  }
  expect(tally.unsound).toEqual([]);
  expect(tally.slow).toEqual([]);
  // The cases exercise both answers.
  expect(tally.zodAccepted).toBeGreaterThan(100);
  expect(tally.cases - tally.zodAccepted).toBeGreaterThan(1000);
});

test.each([1, 2] as const)('batch fields (schemaVersion %i): the fast check accepts exactly what zod accepts', (schemaVersion) => {
  const tally = newTally();
  const zod = z.strictObject(shapeOf(BATCH_FIELDS[schemaVersion]));
  for (const batch of capturedBatches()) {
    // The events are the event checks' business; one keeps the array's own rules exercised.
    const detail = { ...batch, schemaVersion, events: batch.events.slice(0, 1) };
    compare(tally, 'batch', batchAccepts(schemaVersion), zod, detail);
    for (const mutated of mutations(detail)) compare(tally, 'batch', batchAccepts(schemaVersion), zod, mutated);
  }
  expect(tally.unsound).toEqual([]);
  expect(tally.slow).toEqual([]);
  expect(tally.zodAccepted).toBeGreaterThan(10);
  expect(tally.cases - tally.zodAccepted).toBeGreaterThan(100);
});

test('objects that are not plain, keys that are prototype names: refused, zod decides', () => {
  const lookup = findDefinition('screen_view', undefined, 2);
  if (!lookup.found) throw new Error('screen_view is in the spec');
  const fast = definitionAccepts(lookup.definition, 2);
  const event = (capturedBatches()[0]!.events as Json[]).find((e) => e.name === 'screen_view')!;
  expect(fast(event)).toBe(true);
  expect(fast({ ...event, constructor: 'x' })).toBe(false);
  expect(fast({ ...event, toString: 'x' })).toBe(false);
  expect(fast(JSON.parse(`{${JSON.stringify(event).slice(1, -1)},"__proto__":{"x":1}}`))).toBe(false);
  expect(fast(Object.assign(Object.create({ inherited: true }), event))).toBe(false);
});
