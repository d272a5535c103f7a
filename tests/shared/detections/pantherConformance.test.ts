import cases from '../../conformance/panther-cloudtrail.json';
import exceptions from '../../conformance/panther-exceptions.json';
import { DETECTIONS, DetectionEngine, type CloudTrailRecord } from '../../../shared/detections';
import type { EventBridgeEvent } from '../../../shared/events/envelope';

/** Cases of the Panther rule set whose detections Vigil implements so far (see tests/conformance/PANTHER.md). */
interface PantherCase {
  id: string;
  detections: string[];
  expected: boolean;
  event: EventBridgeEvent<CloudTrailRecord>;
}

const engine = new DetectionEngine(DETECTIONS);
// Panther's cases are single events: they exercise the stateless detections (windows and sequences have their own tests).
const implemented = new Set(DETECTIONS.filter((d) => d.kind === 'stateless').map((d) => d.definition.id));
const applicable = (cases as { cases: PantherCase[] }).cases.filter((c) => c.detections.some((d) => implemented.has(d)));

/** Cases where the catalogue disagrees with Panther on purpose: id -> reason (tests/conformance/panther-exceptions.json). */
const excepted = new Map((exceptions as { cases: Array<{ id: string; reason: string }> }).cases.map((e) => [e.id, e.reason]));

test('every implemented detection that Panther has cases for is exercised by them', () => {
  const inPanther = new Set((cases as { cases: PantherCase[] }).cases.flatMap((c) => c.detections));
  const covered = new Set(applicable.flatMap((c) => c.detections));
  for (const id of implemented) if (inPanther.has(id)) expect(covered).toContain(id);
});

test('every exception names a case that exists and gives a reason', () => {
  const ids = new Set((cases as { cases: PantherCase[] }).cases.map((c) => c.id));
  for (const [id, reason] of excepted) expect([id, ids.has(id), reason.length > 20]).toEqual([id, true, true]);
});

test.each(applicable.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  const raised = engine.evaluate(c.event).map((o) => o.detection);
  const hit = c.detections.some((d) => raised.includes(d));
  // An excepted case must still come out the other way: when it agrees again, drop the exception.
  expect(hit).toBe(excepted.has(c.id) ? !c.expected : c.expected);
});
