import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import type { ReplaySummary } from '../../infra/local/runtime/replayRun';
import type { Finding } from '../../shared/findings';
import { type FeatureSpec, normal, seeded, statisticsJson, constraintsJson, violationsJson } from '../helpers/modelMonitorReports';
import { monitoringRunEvent } from '../helpers/modelMonitorEvents';

/*
 * Model Monitor runs replayed as a user would (`vigil replay EVENTS --s3-dir DIR`): the reports on
 * the embedded S3, read by the model-monitor function through the SDK's S3 client. A month of daily
 * runs in which drift creeps into one feature opens one model-feature-drift finding; the same runs
 * duplicated and shuffled give the same findings; a missing or malformed report quarantines its run
 * (the reason names the object) and the replay goes on.
 */
const BUCKET = 'vigil-model-monitor-111122223333';
const MODEL = 'fraud-scorer-prod';
const BASELINE = `baselines/${MODEL}/2026-11-02`;
const DAYS = 30;

const work = mkdtempSync(join(tmpdir(), 'vigil-model-monitor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Day d's traffic: `amount` drifts in from day 8 (its log-mean creeping up), the other features stay. */
function features(seed: number, n: number, amountShift: number): FeatureSpec[] {
  const random = seeded(seed);
  const categories = ['grocery', 'travel', 'electronics', 'gaming'];
  return [
    { name: 'amount', type: 'Fractional', values: Array.from({ length: n }, () => Math.exp(normal(random, 3.6 + amountShift, 0.9))) },
    { name: 'age_days', type: 'Integral', values: Array.from({ length: n }, () => Math.max(0, Math.round(normal(random, 700, 300)))) },
    { name: 'category', type: 'String', values: Array.from({ length: n }, () => categories[Math.floor(random() * 4)]!) },
  ];
}

const shiftOn = (day: number) => (day < 8 ? 0 : Math.min(0.35, (day - 8) * 0.025));

function writeJson(root: string, key: string, value: unknown): void {
  const path = join(root, BUCKET, key);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value));
}

/** The served reports of the month (one set, shared by the replays) and the run events, day 1 to 30. */
const s3Dir = join(work, 's3');
const baseline = features(1, 5_000, 0);
writeJson(s3Dir, `${BASELINE}/statistics.json`, statisticsJson(baseline));
writeJson(s3Dir, `${BASELINE}/constraints.json`, constraintsJson(baseline));
const month = Array.from({ length: DAYS }, (_, i) => {
  const day = i + 1;
  const end = `2026-11-${String(day).padStart(2, '0')}T00:00:00Z`;
  const reportKey = `reports/${MODEL}/daily/${day}`;
  writeJson(s3Dir, `${reportKey}/statistics.json`, statisticsJson(features(100 + day, 800, shiftOn(day))));
  writeJson(s3Dir, `${reportKey}/constraint_violations.json`, violationsJson([]));
  return monitoringRunEvent({ id: `0a5e7c1d-0000-4000-8000-${String(day).padStart(12, '0')}`, end, reportKey, baselineKey: BASELINE });
});

function writeEvents(name: string, events: readonly unknown[]): string {
  const file = join(work, `${name}.jsonl`);
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
  return file;
}

async function replay(
  name: string,
  events: readonly unknown[],
): Promise<{ summary: ReplaySummary; findings: Finding[]; quarantine: any[] }> {
  const outDir = join(work, `out-${name}`);
  // A fresh module registry per replay, as each Lambda has its own process (the handlers read their configuration at load).
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  const summary = await runReplay({ inputs: [writeEvents(name, events)], outDir, s3Dir, config: parseLocalConfig({}) });
  const read = (file: string) =>
    readFileSync(join(outDir, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  return { summary, findings: read('findings.jsonl'), quarantine: read('quarantine.jsonl') };
}

/** What must not depend on delivery order: each finding's identity and what it counted. */
const essence = (findings: readonly Finding[]) =>
  findings
    .map((f) => ({ id: f.id, detection: f.detection, severity: f.severity, count: f.count, firstSeen: f.firstSeen, lastSeen: f.lastSeen }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

let inOrder: Awaited<ReturnType<typeof replay>>;

beforeAll(async () => {
  inOrder = await replay('month', month);
}, 180_000);

test('a month of daily runs with drift creeping into one feature opens one model-feature-drift finding, not one per run', () => {
  expect(inOrder.summary.failedInvocations).toEqual([]);
  expect(inOrder.summary.events).toMatchObject({ read: DAYS, quarantined: 0, failed: 0 });
  const drift = inOrder.findings.filter((f) => f.detection === 'model-feature-drift');
  expect(drift).toHaveLength(1);
  const [finding] = drift;
  expect(finding!.subject).toBe(`${MODEL}/amount`);
  // Every run from the one that crossed the warn line on counts into it; the early, undrifted days do not.
  expect(finding!.count).toBeGreaterThan(10);
  expect(finding!.count).toBeLessThan(DAYS - 7);
  expect(finding!.firstSeen > '2026-11-08').toBe(true);
  expect(finding!.lastSeen).toBe('2026-11-30T00:00:00.000Z');
  expect(finding!.evidence.feature).toBe('amount');
  // The stable features never drift; one feature of three is under the dataset drift share.
  expect(inOrder.findings.filter((f) => f.detection === 'model-dataset-drift')).toEqual([]);
});

test('the same runs duplicated and shuffled give the same findings', async () => {
  const random = seeded(7);
  const doubled = [...month, ...month.filter((_, i) => i % 3 === 0)];
  for (let i = doubled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [doubled[i], doubled[j]] = [doubled[j]!, doubled[i]!];
  }
  const shuffled = await replay('shuffled', doubled);
  expect(shuffled.summary.events.failed).toBe(0);
  expect(essence(shuffled.findings)).toEqual(essence(inOrder.findings));
}, 180_000);

test('a missing, malformed or out-of-bounds report quarantines its run, naming the object, and the replay goes on', async () => {
  const broken = join(s3Dir, BUCKET, 'reports', MODEL, 'broken');
  writeJson(s3Dir, `reports/${MODEL}/broken/statistics.json`, { features: 'not a list' });
  writeJson(s3Dir, `reports/${MODEL}/broken/constraint_violations.json`, violationsJson([]));
  mkdirSync(join(s3Dir, BUCKET, 'reports', MODEL, 'missing'), { recursive: true });
  writeFileSync(join(s3Dir, BUCKET, 'reports', MODEL, 'missing', 'statistics.json'), '{');
  const events = [
    monitoringRunEvent({
      id: 'b0000000-0000-4000-8000-000000000001',
      end: '2026-12-01T00:00:00Z',
      reportKey: `reports/${MODEL}/broken`,
      baselineKey: BASELINE,
    }),
    monitoringRunEvent({
      id: 'b0000000-0000-4000-8000-000000000002',
      end: '2026-12-02T00:00:00Z',
      reportKey: `reports/${MODEL}/missing`,
      baselineKey: BASELINE,
    }),
    // Reports in a bucket the served directory does not hold: outside the monitoring buckets (locally, those served).
    monitoringRunEvent({
      id: 'b0000000-0000-4000-8000-000000000004',
      end: '2026-12-02T12:00:00Z',
      bucket: 'other-team-model-monitor',
      reportKey: `reports/${MODEL}/elsewhere`,
      baselineKey: BASELINE,
    }),
    monitoringRunEvent({
      id: 'b0000000-0000-4000-8000-000000000003',
      end: '2026-12-03T00:00:00Z',
      status: 'Failed',
      failureReason: 'Job inputs had no data',
    }),
  ];
  const outcome = await replay('broken', events);
  rmSync(broken, { recursive: true, force: true });
  expect(outcome.summary.events).toMatchObject({ read: 4, quarantined: 3, failed: 0 });
  const reasons = outcome.quarantine.map((q) => q.reason as string).sort();
  expect(reasons).toEqual([
    expect.stringMatching(new RegExp(`s3://${BUCKET}/reports/${MODEL}/broken/statistics\\.json: not a Model Monitor statistics\\.json`)),
    expect.stringMatching(new RegExp(`s3://${BUCKET}/reports/${MODEL}/missing/constraint_violations\\.json: no such object`)),
    expect.stringMatching(
      new RegExp(
        `s3://other-team-model-monitor/reports/${MODEL}/elsewhere/constraint_violations\\.json: ` +
          `outside the monitoring buckets this stage may read \\(modelMonitorBuckets: ${BUCKET}\\)`,
      ),
    ),
  ]);
  // The run after them was still processed: its failure is a finding.
  expect(outcome.findings.map((f) => f.detection)).toEqual(['model-monitor-job-failed']);
}, 180_000);

test("a configured schedule's day without a run is raised by the scheduled check, on event time, once", async () => {
  const schedule = `${MODEL}-data-quality-daily`;
  const withoutDay12 = month.filter((_, i) => i !== 11);
  const outDir = join(work, 'out-missing');
  jest.resetModules();
  const { runReplay } = await import('../../infra/local/runtime/replayRun');
  const config = parseLocalConfig({
    detectionOverrides: {
      'model-monitor-job-failed': { parameters: { schedules: { [schedule]: { everyMinutes: 1440, graceMinutes: 120 } } } },
    },
  });
  const summary = await runReplay({ inputs: [writeEvents('missing', withoutDay12)], outDir, s3Dir, config });
  expect(summary.invocations.modelMonitorCheck).toBeGreaterThan(24 * 20);
  const findings = readFileSync(join(outDir, 'findings.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Finding);
  const missing = findings.filter((f) => f.detection === 'model-monitor-job-failed');
  expect(missing.map((f) => [f.subject, f.count, f.evidence.windowEnd, f.evidence.missing])).toEqual([
    [schedule, 1, '2026-11-12T00:00:00.000Z', true],
  ]);
}, 240_000);
