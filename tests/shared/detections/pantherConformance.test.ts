import cases from '../../conformance/panther-cloudtrail.json';
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

test('the implemented detections are covered by at least one Panther case each', () => {
  const covered = new Set(applicable.flatMap((c) => c.detections));
  for (const id of implemented) expect(covered).toContain(id);
});

test.each(applicable.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  const raised = engine.evaluate(c.event).map((o) => o.detection);
  const hit = c.detections.some((d) => raised.includes(d));
  expect(hit).toBe(c.expected);
});
