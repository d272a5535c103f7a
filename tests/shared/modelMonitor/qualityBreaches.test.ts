import {
  InMemoryReportSource,
  monitoringRunOf,
  parseConstraintViolations,
  qualityBreaches,
  readRunReports,
  ReportError,
} from '../../../shared/modelMonitor';
import { monitoringRunEvent } from '../../helpers/modelMonitorEvents';

const BUCKET = 'vigil-model-monitor-111122223333';
const REPORTS = 'reports/fraud-scorer-prod/quality/2026/11/20/14';
const BASELINE = 'baselines/fraud-scorer-prod/model-quality/2026-11-02';
const run = monitoringRunOf(
  monitoringRunEvent({
    id: 'c0000000-0000-4000-8000-000000000001',
    end: '2026-11-20T14:00:00Z',
    reportKey: REPORTS,
    baselineKey: BASELINE,
    monitoringType: 'ModelQuality',
  }),
)!;
const at = (key: string) => `s3://${BUCKET}/${key}`;

const binaryStatistics = {
  version: 0,
  binary_classification_metrics: {
    confusion_matrix: { '0': { '0': 90, '1': 4 }, '1': { '0': 3, '1': 3 } },
    auc: { value: 0.79124, standard_deviation: 0.0113 },
    f1: { value: 0.61, standard_deviation: 'NaN' },
    false_positive_rate: { value: 0.071, standard_deviation: 0.004 },
  },
};
const binaryConstraints = {
  version: 0,
  binary_classification_constraints: {
    auc: { threshold: 0.85, comparison_operator: 'LessThanThreshold' },
    f1: { threshold: 0.6, comparison_operator: 'LessThanThreshold' },
    false_positive_rate: { threshold: 0.05, comparison_operator: 'GreaterThanThreshold' },
  },
};
/** The container's text rounds (0.7912) and names a metric the files do not show broken (f1). */
const violations = parseConstraintViolations(
  JSON.stringify({
    violations: [
      { metric_name: 'auc', constraint_check_type: 'LessThanThreshold', description: 'Metric auc with 0.7912 was LessThanThreshold 0.85' },
      { metric_name: 'f1', constraint_check_type: 'LessThanThreshold', description: 'Metric f1 with 0.59 was LessThanThreshold 0.6' },
    ],
  }),
  at(`${REPORTS}/constraint_violations.json`),
);

function source(objects: Record<string, unknown>): InMemoryReportSource {
  return new InMemoryReportSource(
    Object.fromEntries(Object.entries(objects).map(([key, value]) => [at(key), typeof value === 'string' ? value : JSON.stringify(value)])),
  );
}

describe("model-quality values from the run's own statistics.json", () => {
  it('takes value and standard deviation from statistics.json, threshold and operator from the constraints', async () => {
    const reports = await readRunReports(
      run,
      source({
        [`${REPORTS}/constraint_violations.json`]: { violations: [] },
        [`${REPORTS}/statistics.json`]: binaryStatistics,
        [`${BASELINE}/constraints.json`]: binaryConstraints,
      }),
    );
    const breaches = qualityBreaches(violations, reports.quality);
    expect(breaches).toEqual([
      {
        metric: 'auc',
        operator: 'LessThanThreshold',
        value: 0.79124,
        threshold: 0.85,
        standardDeviation: 0.0113,
        problem: 'binary_classification',
        valuesFrom: 'statistics.json',
        description: 'Metric auc with 0.7912 was LessThanThreshold 0.85',
      },
      // An error metric over its line, which the container's file did not list: raised, and said so.
      {
        metric: 'false_positive_rate',
        operator: 'GreaterThanThreshold',
        value: 0.071,
        threshold: 0.05,
        standardDeviation: 0.004,
        problem: 'binary_classification',
        valuesFrom: 'statistics.json',
        note: 'not in constraint_violations.json',
      },
      // Reported by the container, not shown by the files (f1 0.61 is over 0.6): kept, never hidden, with the text's numbers.
      {
        metric: 'f1',
        operator: 'LessThanThreshold',
        value: 0.59,
        threshold: 0.6,
        valuesFrom: 'violation description',
        note: `reported by the container; ${at(`${REPORTS}/statistics.json`)} against the baseline's constraints does not show it`,
        description: 'Metric f1 with 0.59 was LessThanThreshold 0.6',
      },
    ]);
  });

  it.each([
    [
      'regression',
      { rmse: { value: 12.5, standard_deviation: 0.4 }, r2: { value: 0.9, standard_deviation: 0.01 } },
      'rmse',
      10,
      'GreaterThanThreshold',
    ],
    ['multiclass_classification', { weighted_f1: { value: 0.7, standard_deviation: 'NaN' } }, 'weighted_f1', 0.75, 'LessThanThreshold'],
  ])('reads %s metrics', async (problem, metrics, metric, threshold, operator) => {
    const reports = await readRunReports(
      run,
      source({
        [`${REPORTS}/constraint_violations.json`]: { violations: [] },
        [`${REPORTS}/statistics.json`]: { [`${problem}_metrics`]: metrics },
        [`${BASELINE}/constraints.json`]: { [`${problem}_constraints`]: { [metric]: { threshold, comparison_operator: operator } } },
      }),
    );
    const [breach, ...rest] = qualityBreaches([], reports.quality);
    expect(rest).toEqual([]);
    expect(breach).toMatchObject({ metric, operator, threshold, problem, valuesFrom: 'statistics.json' });
    expect(breach!.value).toBe((metrics as Record<string, { value: number }>)[metric]!.value);
  });

  it('falls back to the violation text when statistics.json is absent, and says so naming the object', async () => {
    const reports = await readRunReports(
      run,
      source({ [`${REPORTS}/constraint_violations.json`]: { violations: [] }, [`${BASELINE}/constraints.json`]: binaryConstraints }),
    );
    expect(reports.quality).toEqual({ absent: `${at(`${REPORTS}/statistics.json`)}: no such object` });
    expect(qualityBreaches(violations, reports.quality).map((b) => [b.metric, b.value, b.threshold, b.valuesFrom, b.note])).toEqual([
      [
        'auc',
        0.7912,
        0.85,
        'violation description',
        `values from the violation's description: ${at(`${REPORTS}/statistics.json`)}: no such object`,
      ],
      [
        'f1',
        0.59,
        0.6,
        'violation description',
        `values from the violation's description: ${at(`${REPORTS}/statistics.json`)}: no such object`,
      ],
    ]);
  });

  it("falls back too when the baseline's constraints.json is absent", async () => {
    const reports = await readRunReports(
      run,
      source({ [`${REPORTS}/constraint_violations.json`]: { violations: [] }, [`${REPORTS}/statistics.json`]: binaryStatistics }),
    );
    expect(reports.quality).toEqual({ absent: `${at(`${BASELINE}/constraints.json`)}: no such object` });
  });

  it.each([
    ['statistics.json', `${REPORTS}/statistics.json`, { binary_classification_metrics: [] }, binaryConstraints],
    ['constraints.json', `${BASELINE}/constraints.json`, binaryStatistics, { auc: { threshold: 0.8 } }],
  ])('quarantines a run whose %s is malformed, naming it', async (_name, bad, statistics, constraints) => {
    const read = readRunReports(
      run,
      source({
        [`${REPORTS}/constraint_violations.json`]: { violations: [] },
        [`${REPORTS}/statistics.json`]: statistics,
        [`${BASELINE}/constraints.json`]: constraints,
      }),
    );
    await expect(read).rejects.toThrow(ReportError);
    await expect(read).rejects.toThrow(`${at(bad)}: `);
  });

  it('reads the text alone for a run that is not a model-quality run', () => {
    expect(qualityBreaches(violations, undefined).map((b) => [b.metric, b.valuesFrom, b.note])).toEqual([
      ['auc', 'violation description', undefined],
      ['f1', 'violation description', undefined],
    ]);
  });
});
