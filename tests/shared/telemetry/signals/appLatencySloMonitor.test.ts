import { configureRelay } from '../../../../shared/detections/relayed';
import type { Occurrence } from '../../../../shared/findings/occurrence';
import {
  AppLatencySloMonitor,
  appLatencySloBurn,
  InMemoryLatencyBucketStore,
  type LatencyBatch,
} from '../../../../shared/telemetry/signals/latency';
import { acceptedEvent } from './telemetryEvents';
import { foldFindings, shuffled } from './foldFindings';

/** app-latency-slo-burn: client-observed api_request latency against the stage's SLO, with shared/slo's burn rates. */
const origin = { source: 'vigil.app', account: '111122223333', region: 'eu-west-1' };
const START = Date.parse('2026-11-20T06:00:00Z');
const MINUTE = 60_000;

/** One telemetry batch per minute, 4 requests each; from `slowFrom` on, 1 in 4 takes 2.4 s (25 % bad: 25× burn). */
function traffic(minutes: number, slowFrom = Number.POSITIVE_INFINITY, app = 'com.example.vigilbank'): LatencyBatch[] {
  return Array.from({ length: minutes }, (_, m) => ({
    envelopeId: `env-${app}-${m}`,
    origin,
    events: [0, 1, 2, 3].map((i) =>
      acceptedEvent(
        'api_request',
        'perf',
        {
          timestamp: new Date(START + m * MINUTE + i * 10_000).toISOString(),
          properties: { route: '/v2/transfers', method: 'POST', status: 201, durationMs: m >= slowFrom && i === 0 ? 2400 : 180 },
        },
        app,
      ),
    ),
  }));
}

async function run(batches: readonly LatencyBatch[][], overrides = {}) {
  const store = new InMemoryLatencyBucketStore();
  const monitor = new AppLatencySloMonitor(configureRelay(appLatencySloBurn, overrides), store);
  const occurrences: Occurrence[] = [];
  for (const batch of batches) occurrences.push(...(await monitor.observe(batch)));
  return { occurrences, findings: foldFindings(occurrences), store };
}

test('two quiet hours, then an hour with 25 % of calls over 1 s: one page, high, naming app and environment', async () => {
  const { findings, occurrences } = await run(traffic(180, 120).map((b) => [b]));
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({ detection: 'app-latency-slo-burn', subject: 'com.example.vigilbank (production)', severity: 'high' });
  expect(occurrences[0]!.evidence).toMatchObject({
    level: 'page',
    thresholdMs: 1000,
    target: 0.99,
    burnFactor: 14.4,
    longWindowMinutes: 60,
  });
  // The 6-hour rule's long window is not covered by 3 hours of history; the 1-hour rule fires once its long window burns enough.
  expect(occurrences.every((o) => o.evidence.level === 'page')).toBe(true);
});

test('steady fast traffic raises nothing; a looser SLO for the app in this stage lets the slow hour through', async () => {
  expect((await run(traffic(180).map((b) => [b]))).findings).toEqual([]);
  const loose = { 'app-latency-slo-burn': { parameters: { apps: { 'com.example.vigilbank': { thresholdMs: 3000, target: 0.99 } } } } };
  expect(
    (
      await run(
        traffic(180, 120).map((b) => [b]),
        loose,
      )
    ).findings,
  ).toEqual([]);
});

test('a redelivered batch adds its counts once; out-of-order delivery gives the same findings', async () => {
  const batches = traffic(180, 120);
  const clean = await run(batches.map((b) => [b]));
  const again = await run([...batches, ...batches.slice(100, 140)].map((b) => [b]));
  const bucket = Math.floor((START + 125 * MINUTE) / MINUTE / 5) * 5;
  expect(await again.store.read('com.example.vigilbank#production', bucket, bucket)).toEqual([{ minute: bucket, total: 20, bad: 5 }]);
  // Shuffled within the slow hour (bounded lateness) and delivered in SQS batches of 7.
  const disordered = [...batches.slice(0, 120), ...shuffled(batches.slice(120))];
  const messy = await run(Array.from({ length: Math.ceil(disordered.length / 7) }, (_, i) => disordered.slice(i * 7, i * 7 + 7)));
  expect(again.findings).toEqual(clean.findings);
  expect(messy.findings.map((f) => [f.id, f.detection, f.severity])).toEqual(clean.findings.map((f) => [f.id, f.detection, f.severity]));
});

test('a call with no response is bad whatever its duration, unless the stage says otherwise', async () => {
  const failing = traffic(180).map((b, m) => ({
    ...b,
    events: b.events.map((e, i) =>
      m >= 120 && i === 0 ? { ...e, event: { ...e.event, properties: { route: '/v2/x', method: 'GET', status: 0, durationMs: 30 } } } : e,
    ),
  }));
  expect((await run(failing.map((b) => [b]))).findings).toHaveLength(1);
  const off = { 'app-latency-slo-burn': { parameters: { noResponseIsBad: false } } };
  expect(
    (
      await run(
        failing.map((b) => [b]),
        off,
      )
    ).findings,
  ).toEqual([]);
});
