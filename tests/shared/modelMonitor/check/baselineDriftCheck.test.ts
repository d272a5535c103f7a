import { checkDataQuality, InvalidConstraintsError } from '../../../../shared/modelMonitor/check';
import { constraints, referenceDistance, statistics } from './files';

/** Distances recomputed from the two statistics.json files, checked against the SciPy reference values. */
describe('baseline_drift_check', () => {
  const drift = (c = constraints(), run = 'run-drifted') =>
    checkDataQuality({ constraints: c, statistics: statistics(run), baselineStatistics: statistics('baseline') }).violations.filter(
      (v) => v.constraint_check_type === 'baseline_drift_check',
    );

  test('Robust: the features whose robust distance exceeds comparison_threshold, with the distance', () => {
    const violations = drift();
    expect(violations.map((v) => v.feature_name)).toEqual(['account_balance', 'session_seconds', 'plan']);
    const session = violations.find((v) => v.feature_name === 'session_seconds')!;
    const [, distance] = /distance: ([0-9.e-]+) exceeds numerical threshold: 0\.1$/.exec(session.description)!;
    expect(Number(distance)).toBeCloseTo(referenceDistance('run-drifted', 'session_seconds').robust, 12);
    expect(violations.find((v) => v.feature_name === 'plan')!.description).toMatch(
      /^Categorical distance: .* exceeds categorical threshold: 0\.1$/,
    );
  });

  test('Simple (also spelled comparion_method, as the archived docs do) flags country as well', () => {
    const c = constraints();
    const d = c.monitoring_config!.distribution_constraints!;
    delete d.comparison_method;
    d.comparion_method = 'Simple';
    expect(drift(c).map((v) => v.feature_name)).toEqual(['account_balance', 'session_seconds', 'country', 'plan']);
    expect(referenceDistance('run-drifted', 'country').simple).toBeGreaterThan(0.1);
  });

  test('categorical_comparison_threshold applies to String features only', () => {
    const c = constraints();
    c.monitoring_config!.distribution_constraints!.categorical_comparison_threshold = 0.2;
    expect(drift(c).map((v) => v.feature_name)).toEqual(['account_balance', 'session_seconds']);
  });

  test('a steady run, or perform_comparison Disabled, raises none', () => {
    expect(drift(constraints(), 'run-steady')).toEqual([]);
    const c = constraints();
    c.monitoring_config!.distribution_constraints!.perform_comparison = 'Disabled';
    expect(drift(c)).toEqual([]);
  });

  test('without the baseline statistics it is not evaluated, and a note says so', () => {
    const report = checkDataQuality({ constraints: constraints(), statistics: statistics('run-drifted') });
    expect(report.violations.some((v) => v.constraint_check_type === 'baseline_drift_check')).toBe(false);
    expect(report.notes).toEqual([expect.stringContaining('needs the baseline statistics')]);
  });

  test('ChiSquared categorical drift is a note, not a guess; an unknown method is an error', () => {
    const c = constraints();
    c.monitoring_config!.distribution_constraints!.categorical_drift_method = 'ChiSquared';
    const report = checkDataQuality({ constraints: c, statistics: statistics('run-drifted'), baselineStatistics: statistics('baseline') });
    expect(report.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('"plan" not evaluated: categorical_drift_method ChiSquared')]),
    );
    c.monitoring_config!.distribution_constraints!.comparison_method = 'Fancy';
    expect(() => checkDataQuality({ constraints: c, statistics: statistics('run-drifted') })).toThrow(InvalidConstraintsError);
  });
});
