import {
  checkModelQuality,
  InvalidConstraintsError,
  InvalidModelQualityStatisticsError,
  parseModelQualityConstraints,
  parseModelQualityStatistics,
  violates,
} from '../../../../shared/modelMonitor/check';
import { modelQualityPath, readJson } from './files';

const load = (constraints: string, run: string) => ({
  constraints: parseModelQualityConstraints(readJson(modelQualityPath(constraints)), constraints),
  statistics: parseModelQualityStatistics(readJson(modelQualityPath(run)), run),
});

describe('model-quality constraints', () => {
  test('binary classification: every metric on the wrong side of its threshold, with the operator as the check type', () => {
    const { constraints, statistics } = load('binary-constraints.json', 'binary-run-statistics.json');
    const report = checkModelQuality(constraints, statistics);
    expect(report.notes).toEqual([]);
    expect(report.violations.map((v) => [v.metric_name, v.constraint_check_type])).toEqual([
      ['recall', 'LessThanThreshold'],
      ['precision', 'LessThanThreshold'],
      ['accuracy', 'LessThanThreshold'],
      ['true_positive_rate', 'LessThanThreshold'],
      ['true_negative_rate', 'LessThanThreshold'],
      ['false_positive_rate', 'GreaterThanThreshold'],
      ['false_negative_rate', 'GreaterThanThreshold'],
      ['auc', 'LessThanThreshold'],
      ['f0_5', 'LessThanThreshold'],
      ['f1', 'LessThanThreshold'],
      ['f2', 'LessThanThreshold'],
    ]);
    expect(report.violations[0]!.description).toBe('Metric recall with 0.6096153846153847 was LessThanThreshold 0.7377049180327869');
  });

  test('regression: strict operators do not fire at the threshold; "NaN" deviations are accepted', () => {
    const { constraints, statistics } = load('regression-constraints.json', 'regression-run-statistics.json');
    const report = checkModelQuality(constraints, statistics);
    expect(report.violations.map((v) => v.metric_name)).toEqual(['mse', 'rmse']);
  });

  test('every operator', () => {
    expect([violates(2, 'GreaterThanThreshold', 2), violates(2, 'GreaterThanOrEqualToThreshold', 2)]).toEqual([false, true]);
    expect([violates(2, 'LessThanThreshold', 2), violates(2, 'LessThanOrEqualToThreshold', 2)]).toEqual([false, true]);
    expect([violates(3, 'GreaterThanThreshold', 2), violates(1, 'LessThanThreshold', 2)]).toEqual([true, true]);
  });

  test('a metric the run lacks, or a non-numeric value, is a note; a problem type the run lacks too', () => {
    const { constraints } = load('binary-constraints.json', 'binary-run-statistics.json');
    const statistics = parseModelQualityStatistics(
      { binary_classification_metrics: { recall: { value: 'NaN', standard_deviation: 'NaN' }, confusion_matrix: {} } },
      'run',
    );
    const report = checkModelQuality(
      { ...constraints, regression_constraints: { mae: { threshold: 1, comparison_operator: 'GreaterThanThreshold' } } },
      statistics,
    );
    expect(report.violations).toEqual([]);
    expect(report.notes).toEqual(
      expect.arrayContaining([
        'binary_classification metric "recall" not evaluated: its value is not a finite number',
        'binary_classification metric "auc" not evaluated: the run\'s statistics have no {value} for it',
        "regression_constraints not evaluated: the run's statistics have no regression_metrics",
      ]),
    );
  });

  test('malformed files: an unknown operator, no section', () => {
    expect(() =>
      parseModelQualityConstraints({ regression_constraints: { mae: { threshold: 1, comparison_operator: 'Above' } } }, 'c.json'),
    ).toThrow(/c\.json: not a Model Monitor model-quality constraints.json: .* at regression_constraints\.mae\.comparison_operator/);
    expect(() => parseModelQualityConstraints({ version: 0 }, 'c.json')).toThrow(InvalidConstraintsError);
    expect(() => parseModelQualityStatistics({ version: 0 }, 's.json')).toThrow(InvalidModelQualityStatisticsError);
  });
});
