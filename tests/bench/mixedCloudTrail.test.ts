import { mixedCloudTrail } from '../../bench/mixedCloudTrail';
import { CloudTrailEventSchema } from '../../events/schemas/cloudtrail';
import { DETECTIONS, DetectionEngine, type CloudTrailEnvelope } from '../../shared/detections';

/** The benchmark's capture is what it claims: reproducible, valid, mostly routine, with attacks that fire. */
const { events, mix } = mixedCloudTrail(12_000);

test('the same count and seed give the same events; another seed other events', () => {
  expect(mixedCloudTrail(12_000).events).toEqual(events);
  expect(mixedCloudTrail(12_000, 7).events).not.toEqual(events);
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
});

test('every event passes the contract the security detector parses it with', () => {
  const invalid = events.filter((e) => !CloudTrailEventSchema.safeParse(e).success).map((e) => e.id);
  expect(invalid).toEqual([]);
});

test('mostly routine reads and S3 data events; only the attacks raise stateless findings', () => {
  expect(mix.read / events.length).toBeGreaterThan(0.6);
  expect(mix.dataEvent / events.length).toBeGreaterThan(0.15);
  expect(mix.consoleLogin).toBeGreaterThan(0);
  expect(mix.attack / events.length).toBeLessThan(0.01);
  const engine = new DetectionEngine(DETECTIONS);
  const fired = new Set<string>();
  const firing = new Set<string>();
  for (const event of events as CloudTrailEnvelope[]) {
    const occurrences = engine.evaluate(event);
    for (const o of occurrences) fired.add(o.detection);
    if (occurrences.length > 0) firing.add(event.id);
  }
  // Attacks at 5,000 and 10,000: a stopped trail (kali user agent too) and a brute force then success without MFA.
  expect([...fired].sort()).toEqual(['cloudtrail-stopped-or-deleted', 'console-login-without-mfa', 'offensive-tool-useragent']);
  expect(firing.size).toBeLessThanOrEqual(mix.attack);
});
