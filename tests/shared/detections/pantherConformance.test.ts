import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import cases from '../../conformance/panther-cloudtrail.json';
import exceptions from '../../conformance/panther-exceptions.json';
import conformanceParameters from '../../conformance/panther-parameters.json';
import {
  DETECTIONS,
  DetectionEngine,
  InMemoryDetectionStateStore,
  parseDetectionOverrides,
  StatefulEngine,
  type CloudTrailRecord,
} from '../../../shared/detections';
import type { EventBridgeEvent } from '../../../shared/events/envelope';

/** Cases of the Panther rule set whose detections Vigil implements so far (see tests/conformance/PANTHER.md). */
interface PantherCase {
  id: string;
  detections: string[];
  expected: boolean;
  event: EventBridgeEvent<CloudTrailRecord>;
}

/**
 * Parameters for this run only (tests/conformance/panther-parameters.json, each explained in PANTHER.md),
 * checked against each detection's schema as a stage's overrides are.
 */
const parameters = (conformanceParameters as { parameters: Record<string, Record<string, unknown>> }).parameters;
const overrides = parseDetectionOverrides(
  Object.fromEntries(Object.entries(parameters).map(([id, p]) => [id, { parameters: p }])),
  DETECTIONS,
);
const engine = new DetectionEngine(DETECTIONS, overrides);
const kindOf = new Map(DETECTIONS.map((d) => [d.definition.id, d.kind]));
const implemented = new Set(kindOf.keys());
const all = (cases as { cases: PantherCase[] }).cases;
const applicable = all.filter((c) => c.detections.some((d) => implemented.has(d)));

/** Cases where the catalogue disagrees with Panther on purpose: id -> reason (tests/conformance/panther-exceptions.json). */
const excepted = new Map((exceptions as { cases: Array<{ id: string; reason: string }> }).cases.map((e) => [e.id, e.reason]));

/**
 * What the detector raises for the case's one event: the stateless detections' occurrences, and, when one of
 * the case's detections keeps window or sequence state, the occurrences of a fresh stateful engine (its own
 * in-memory state, so no case sees another's events) given the event as a batch of one.
 */
async function raisedBy(c: PantherCase): Promise<string[]> {
  const raised = engine.evaluate(c.event).map((o) => o.detection);
  if (c.detections.some((d) => kindOf.get(d) !== undefined && kindOf.get(d) !== 'stateless')) {
    const stateful = new StatefulEngine(engine, new InMemoryDetectionStateStore(), { now: () => Date.parse(c.event.time) });
    raised.push(...(await stateful.evaluate([c.event])).occurrences.map((o) => o.detection));
  }
  return raised;
}

test('every implemented detection that Panther has cases for is exercised by them', () => {
  const inPanther = new Set(all.flatMap((c) => c.detections));
  const covered = new Set(applicable.flatMap((c) => c.detections));
  for (const id of implemented) if (inPanther.has(id)) expect(covered).toContain(id);
});

test('every exception names a case that exists and gives a reason', () => {
  const ids = new Set(all.map((c) => c.id));
  for (const [id, reason] of excepted) expect([id, ids.has(id), reason.length > 20]).toEqual([id, true, true]);
});

test('the conformance parameters name registered detections only, and each is explained in PANTHER.md', () => {
  const notes = readFileSync(join(__dirname, '..', '..', 'conformance', 'PANTHER.md'), 'utf8');
  for (const id of Object.keys(parameters)) {
    expect(implemented).toContain(id);
    expect(notes).toContain(`\`${id}\``);
  }
});

test.each(applicable.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
  const raised = await raisedBy(c);
  const hit = c.detections.some((d) => raised.includes(d));
  // An excepted case must still come out the other way: when it agrees again, drop the exception.
  expect(hit).toBe(excepted.has(c.id) ? !c.expected : c.expected);
});
