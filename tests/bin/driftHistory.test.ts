import { trendTable } from '../../bin/commands/driftHistory';
import { driftTrend, InMemoryDriftHistoryStore, type DriftScore } from '../../shared/modelMonitor';

const score = (feature: string, runTime: string, value: number): DriftScore => ({
  model: 'fraud-scorer-prod',
  feature,
  runTime,
  job: `job-${runTime.slice(8, 10)}`,
  type: 'numerical',
  score: value,
  method: 'simple',
  simple: value,
  robust: Math.max(0, value - 0.05),
  threshold: 0.1,
});

describe('the drift trend (vigil drift history)', () => {
  const store = new InMemoryDriftHistoryStore();
  beforeAll(async () => {
    // Stored out of order, twice: the trend is in run order, one row per run and feature.
    await store.put([score('amount', '2026-11-03T00:00:00.000Z', 0.14), score('age', '2026-11-01T00:00:00.000Z', 0.01)]);
    await store.put([score('amount', '2026-11-01T00:00:00.000Z', 0.02), score('amount', '2026-11-03T00:00:00.000Z', 0.14)]);
    await store.put([score('amount', '2026-11-02T00:00:00.000Z', 0.09)]);
  });

  it("lists a model's scores oldest run first, marked over the run's threshold, one feature with --feature", async () => {
    const rows = await driftTrend(store, 'fraud-scorer-prod', { feature: 'amount' });
    expect(rows.map((r) => [r.runTime.slice(0, 10), r.score, r.overThreshold])).toEqual([
      ['2026-11-01', 0.02, false],
      ['2026-11-02', 0.09, false],
      ['2026-11-03', 0.14, true],
    ]);
    expect(await driftTrend(store, 'fraud-scorer-prod', { from: '2026-11-02T00:00:00.000Z' })).toHaveLength(2);
    expect(await driftTrend(store, 'churn-model-prod')).toEqual([]);
  });

  it('prints a table with a header and a line per row, or says there is none', async () => {
    const table = trendTable('fraud-scorer-prod', await driftTrend(store, 'fraud-scorer-prod'));
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toBe('drift history of fraud-scorer-prod (4 row(s))');
    expect(lines[1]!.split(/\s{2,}/)).toEqual(['run time', 'feature', 'type', 'method', 'score', 'threshold', 'over', 'run']);
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/).slice(0, 2))).toEqual([
      ['2026-11-01T00:00:00.000Z', 'age'],
      ['2026-11-01T00:00:00.000Z', 'amount'],
      ['2026-11-02T00:00:00.000Z', 'amount'],
      ['2026-11-03T00:00:00.000Z', 'amount'],
    ]);
    expect(lines.at(-1)).toContain('0.1400  0.1        *');
    expect(trendTable('churn-model-prod', [])).toBe('no drift history for model churn-model-prod\n');
  });
});
