import { randomUUID } from 'node:crypto';
import { configureRelay, parseDetectionOverrides, TUNABLE_DETECTIONS } from '../../../../shared/detections';
import { type Finding, type FindingPublisher, FindingStore } from '../../../../shared/findings';
import { InMemorySloBucketStore } from '../../../../shared/slo';
import { ModelLatencySloMonitor, modelLatencySloBurn } from '../../../../shared/slo/modelLatency';
import type { MetricStreamRecordEvent } from '../../../../events/schemas';
import { startFindingsTable } from '../../../helpers/findingsTable';
import { latencyRecord } from '../../../shared/slo/latencyRecords';

/**
 * model-latency-slo-burn through the bucket store and the finding store (dynalite): event-time windows, one finding
 * per variant and level however often the burn goes on, and redelivered or shuffled records counted once.
 */
const tables: Array<Awaited<ReturnType<typeof startFindingsTable>>> = [];
afterAll(async () => {
  for (const t of tables) await t.close();
});

let tableCount = 0;
async function freshMonitor(overrides: Record<string, unknown> = {}) {
  tableCount += 1;
  const name = `findings-latency-${tableCount}`;
  const table = await startFindingsTable(name);
  tables.push(table);
  const announced: Finding[] = [];
  const publisher = { publish: async (findings: Finding[]) => void announced.push(...findings) } as unknown as FindingPublisher;
  const store = new FindingStore(table.ddb, name);
  const buckets = new InMemorySloBucketStore();
  const monitor = new ModelLatencySloMonitor(
    configureRelay(modelLatencySloBurn, parseDetectionOverrides(overrides, TUNABLE_DETECTIONS)),
    buckets,
    store,
    publisher,
  );
  return { monitor, announced, buckets };
}

// On a 3-day boundary of the epoch, where the ticket's dedup windows are aligned.
const START = Date.parse('2026-11-30T00:00:00Z');
const OVERRIDES = { 'model-latency-slo-burn': { parameters: { defaultThresholdMicros: 250_000, defaultTarget: 0.99 } } };

/** One record per minute: 1000 invocations, `goodPercent` of them under 250 ms. */
function event(minute: number, goodPercent: number): MetricStreamRecordEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'CloudWatch Metric Stream Record',
    source: 'vigil.metric-stream',
    account: '123456789012',
    time: new Date(START + minute * 60_000 + 90_000).toISOString(),
    region: 'eu-west-1',
    resources: [],
    detail: latencyRecord({ timestamp: START + minute * 60_000 }, { 'PR(:250000)': goodPercent }),
  };
}

/** Six quiet hours (0.2 % slow), then 40 minutes at 25 % slow (burn 25×), then quiet again. */
const timeline = [
  ...Array.from({ length: 360 }, (_, m) => event(m, 99.8)),
  ...Array.from({ length: 40 }, (_, m) => event(360 + m, 75)),
  ...Array.from({ length: 30 }, (_, m) => event(400 + m, 99.8)),
];

/** One finding: opened once (count 1), then announced again only as its count grows (for the router's update). */
function expectOneFindingAnnouncedAsItGrows(announced: readonly Finding[]): void {
  expect(new Set(announced.map((f) => f.id)).size).toBe(1);
  expect(announced[0]!.count).toBe(1);
  for (let i = 1; i < announced.length; i += 1) expect(announced[i]!.count).toBeGreaterThan(announced[i - 1]!.count);
}

test('a fast burn opens one high finding for the variant, announced as it grows, with the burn rates as evidence', async () => {
  const { monitor, announced } = await freshMonitor(OVERRIDES);
  const outcomes = [];
  for (const e of timeline) outcomes.push(await monitor.observe(e));
  expect(outcomes.slice(0, 360).every((o) => o.status === 'recorded' && o.level === undefined)).toBe(true);
  const paged = outcomes.filter((o) => 'level' in o && o.level === 'page');
  expect(paged.length).toBeGreaterThan(0);
  expectOneFindingAnnouncedAsItGrows(announced);
  expect(announced.length).toBeGreaterThan(1);
  const [finding] = announced;
  expect(finding).toMatchObject({
    detection: 'model-latency-slo-burn',
    severity: 'high',
    subject: 'churn-scorer/AllTraffic',
    resources: ['arn:aws:sagemaker:eu-west-1:123456789012:endpoint/churn-scorer'],
    runbook: 'docs/runbooks/model-latency-slo-burn.md',
    evidence: expect.objectContaining({ level: 'page', thresholdMicros: 250_000, target: 0.99, burnFactor: 14.4 }),
  });
  expect(finding!.evidence.shortBurnRate).toBeCloseTo(25, 6);
  // Once latency recovers, the 5-minute window stops the page a few minutes later.
  expect(outcomes.at(-1)).toMatchObject({ status: 'recorded' });
  expect((outcomes.at(-1) as { level?: string }).level).toBeUndefined();
});

test('every record delivered twice and shuffled: the same minutes, the same one finding', async () => {
  const { monitor, announced, buckets } = await freshMonitor(OVERRIDES);
  const deliveries = [...timeline, ...timeline].map((e, i) => ({ e, key: (i * 7919) % 821 })).sort((a, b) => a.key - b.key);
  const statuses = { recorded: 0, duplicate: 0 };
  for (const { e } of deliveries) {
    const outcome = await monitor.observe(e);
    if (outcome.status === 'recorded' || outcome.status === 'duplicate') statuses[outcome.status] += 1;
  }
  expect(statuses).toEqual({ recorded: timeline.length, duplicate: timeline.length });
  const minutes = await buckets.read('model-latency:123456789012:eu-west-1:churn-scorer/AllTraffic', 0, Number.MAX_SAFE_INTEGER);
  expect(minutes.reduce((sum, m) => sum + m.bad, 0)).toBe(360 * 2 + 40 * 250 + 30 * 2);
  expectOneFindingAnnouncedAsItGrows(announced.filter((f) => f.evidence.level === 'page'));
});

test('a slow, steady burn tickets (medium), and a record without the threshold statistic is reported unmeasurable', async () => {
  const { monitor, announced } = await freshMonitor(OVERRIDES);
  // 1.5 % slow for 3 days and 6 hours: 1.5× the budget, below both page factors; a ticket once 3 days are known.
  let last;
  for (let m = 0; m < 4320 + 360; m += 10) last = await monitor.observe(event(m, 98.5));
  expect(last).toMatchObject({ level: 'ticket' });
  expectOneFindingAnnouncedAsItGrows(announced);
  expect([...new Set(announced.map((f) => `${f.severity} ${String(f.evidence.level)}`))]).toEqual(['medium ticket']);
  const other = await monitor.observe({ ...event(5000, 99), detail: latencyRecord({ timestamp: START + 5000 * 60_000 }, {}) });
  expect(other).toMatchObject({ status: 'recorded' });
  const unmeasurable = await monitor.observe({
    ...event(5001, 99),
    detail: { ...latencyRecord(), value: { max: 1, min: 1, sum: 1, count: 1 } },
  });
  expect(unmeasurable).toEqual({ status: 'unmeasurable', reason: expect.stringContaining('no PR(:250000) statistic') });
});

test('disabled for the stage: nothing is recorded', async () => {
  const { monitor } = await freshMonitor({ 'model-latency-slo-burn': { enabled: false } });
  expect(await monitor.observe(event(0, 10))).toEqual({ status: 'disabled' });
});
