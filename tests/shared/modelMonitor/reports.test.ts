import {
  DATA_QUALITY_CHECKS,
  parseConstraintViolations,
  parseConstraints,
  parseStatistics,
  ReportError,
} from '../../../shared/modelMonitor';

const AT = 's3://vigil-model-monitor-111122223333/reports/run/constraint_violations.json';

describe('constraint_violations.json', () => {
  it.each(DATA_QUALITY_CHECKS)('reads a %s violation as a data-quality check on its feature', (check) => {
    const text = JSON.stringify({ violations: [{ feature_name: 'amount', constraint_check_type: check, description: 'seen' }] });
    expect(parseConstraintViolations(text, AT)).toEqual([{ kind: 'data-quality', check, feature: 'amount', description: 'seen' }]);
  });

  it.each([
    ['auc', 'LessThanThreshold', 'Metric auc with 0.7912 was LessThanThreshold 0.85', 0.7912, 0.85],
    ['f1', 'LessThanOrEqualToThreshold', 'Metric f1 with 0.61 was LessThanOrEqualToThreshold 0.7', 0.61, 0.7],
    ['rmse', 'GreaterThanThreshold', 'Metric rmse with 12.5 was GreaterThanThreshold 10', 12.5, 10],
    ['mae', 'GreaterThanOrEqualToThreshold', 'Metric mae with 3e-1 was GreaterThanOrEqualToThreshold 0.25', 0.3, 0.25],
  ])('reads a model-quality violation of %s (%s) with its value and threshold', (metric, operator, description, value, threshold) => {
    const text = JSON.stringify({ violations: [{ metric_name: metric, constraint_check_type: operator, description }] });
    expect(parseConstraintViolations(text, AT)).toEqual([{ kind: 'model-quality', operator, metric, value, threshold, description }]);
  });

  it('keeps a model-quality violation whose description gives no numbers, and counts other kinds as other', () => {
    const text = JSON.stringify({
      violations: [
        { metric_name: 'accuracy', constraint_check_type: 'LessThanThreshold', description: 'below' },
        { facet: 'sex', metric_name: 'DPPL', constraint_check_type: 'bias_drift_check', description: 'Value -0.08 does not meet' },
      ],
    });
    expect(parseConstraintViolations(text, AT)).toEqual([
      { kind: 'model-quality', operator: 'LessThanThreshold', metric: 'accuracy', description: 'below' },
      { kind: 'other', check: 'bias_drift_check', subject: 'DPPL', description: 'Value -0.08 does not meet' },
    ]);
  });

  it('reads an empty list (a clean run)', () => {
    expect(parseConstraintViolations('{"violations": []}', AT)).toEqual([]);
  });

  it.each([
    ['{"violations": [', 'is not valid JSON'],
    ['{"violations": {}}', 'violations: Invalid input: expected array'],
    ['{"violations": [{"feature_name": "a"}]}', 'violations.0.constraint_check_type'],
    ['[]', 'expected object'],
  ])('refuses %s with a ReportError naming the object', (text, problem) => {
    let error: unknown;
    try {
      parseConstraintViolations(text, AT);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReportError);
    expect((error as ReportError).message.startsWith(`${AT}: `)).toBe(true);
    expect((error as ReportError).message).toContain(problem);
  });

  it('never quotes a value of the report in its reason', () => {
    const text = JSON.stringify({ violations: [{ constraint_check_type: 7, description: 'jane@example.com' }] });
    expect(() => parseConstraintViolations(text, AT)).toThrow(ReportError);
    expect(() => parseConstraintViolations(text, AT)).not.toThrow(/jane/);
  });
});

describe('constraints.json', () => {
  const config = (distribution: Record<string, unknown>) =>
    JSON.stringify({
      version: 0,
      features: [{ name: 'a', inferred_type: 'Integral' }],
      monitoring_config: { distribution_constraints: distribution },
    });

  it("reads the comparison method, its threshold, and the archived page's spelling", () => {
    expect(parseConstraints(config({ comparison_method: 'Robust', comparison_threshold: 0.2 }), AT)).toMatchObject({
      enabled: true,
      method: 'robust',
      threshold: 0.2,
      features: ['a'],
    });
    expect(parseConstraints(config({ comparion_method: 'Robust' }), AT)).toMatchObject({ method: 'robust', threshold: 0.1 });
    expect(parseConstraints(config({ perform_comparison: 'Disabled' }), AT)).toMatchObject({ enabled: false, method: 'simple' });
    expect(parseConstraints('{}', AT)).toMatchObject({ enabled: true, method: 'simple', threshold: 0.1 });
  });

  it('refuses a negative threshold naming the object', () => {
    expect(() => parseConstraints(config({ comparison_threshold: -1 }), AT)).toThrow(
      new RegExp(`^${AT}: not a Model Monitor constraints.json`),
    );
  });
});

describe('statistics.json', () => {
  it('refuses a file without a features list, and a feature twice, naming the object', () => {
    expect(() => parseStatistics('{"features": 3}', AT)).toThrow(ReportError);
    const twice = JSON.stringify({
      features: [
        { name: 'a', inferred_type: 'String' },
        { name: 'a', inferred_type: 'String' },
      ],
    });
    expect(() => parseStatistics(twice, AT)).toThrow(`${AT}: feature "a" appears twice`);
  });
});
