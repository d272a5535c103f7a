import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import type { Finding } from '../../shared/findings';
import { latencyRecord } from '../shared/slo/latencyRecords';

/**
 * functions/endpoint-latency through `vigil replay` (the function as deployed, its schema, the DetectionState table
 * in dynalite, the router): a ModelLatency burn pages once, also with every record delivered twice and shuffled;
 * a record without the threshold's PR statistic is quarantined with the reason.
 */
const dir = mkdtempSync(join(tmpdir(), 'vigil-latency-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = Date.parse('2026-11-20T06:00:00Z');
const record = (minute: number, goodPercent: number) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'CloudWatch Metric Stream Record',
  source: 'vigil.metric-stream',
  account: '111122223333',
  time: new Date(START + minute * 60_000 + 75_000).toISOString(),
  region: 'eu-west-1',
  resources: [],
  detail: latencyRecord(
    { account_id: '111122223333', timestamp: START + minute * 60_000 },
    { 'PR(:1000000)': goodPercent, 'PR(:250000)': goodPercent },
  ),
});

// Two quiet hours (0.1 % over 1 s), then 45 minutes with 30 % over 1 s (a 30× burn of a 99 % SLO), then quiet.
const timeline = [
  ...Array.from({ length: 120 }, (_, m) => record(m, 99.9)),
  ...Array.from({ length: 45 }, (_, m) => record(120 + m, 70)),
  ...Array.from({ length: 15 }, (_, m) => record(165 + m, 99.9)),
];

async function replay(name: string, events: readonly unknown[]) {
  const capture = join(dir, `${name}.jsonl`);
  writeFileSync(capture, events.map((e) => JSON.stringify(e)).join('\n'));
  const out = join(dir, name);
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  const summary = await runReplay({ inputs: [capture], outDir: out, config: parseLocalConfig({}) });
  const lines = (file: string) =>
    readFileSync(join(out, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  return { summary, findings: lines('findings.jsonl') as Finding[], quarantine: lines('quarantine.jsonl') };
}

test('a latency burn pages once for the variant; duplicated and shuffled records give the same finding', async () => {
  const clean = await replay('clean', timeline);
  expect(clean.summary.events).toMatchObject({ read: timeline.length, quarantined: 0, failed: 0, unmatched: 0 });
  expect(clean.findings.map((f) => [f.detection, f.subject, f.severity])).toEqual([
    ['model-latency-slo-burn', 'churn-scorer/AllTraffic', 'high'],
  ]);

  const shuffled = [...timeline, ...timeline]
    .map((e, i) => ({ e, k: (i * 7919) % 359 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.e);
  const noisy = await replay('noisy', shuffled);
  expect(noisy.findings.map((f) => [f.detection, f.subject, f.severity, f.window.start])).toEqual(
    clean.findings.map((f) => [f.detection, f.subject, f.severity, f.window.start]),
  );
}, 120_000);

test('a record without the PR statistic of its threshold is quarantined with the reason, the replay goes on', async () => {
  const bare = { ...record(0, 99), detail: latencyRecord({ account_id: '111122223333', timestamp: START }) };
  const { summary, quarantine } = await replay('bare', [bare, record(1, 99.9)]);
  expect(summary.events).toMatchObject({ read: 2, failed: 0 });
  expect(quarantine).toHaveLength(1);
  expect(JSON.stringify(quarantine[0])).toContain('no PR(:1000000) statistic');
}, 120_000);
