import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  featureSettings,
  InvalidConstraintsError,
  parseDataQualityConstraints,
  parseModelQualityConstraints,
} from '../../../shared/modelMonitor/check';
import { parseConstraints, ReportError } from '../../../shared/modelMonitor';

/*
 * One constraints.json schema (shared/modelMonitor/constraintsSchema.ts) behind both readers: the model monitor's
 * (reports/constraints.ts, the drift comparison a run is scored with) and `vigil model check`'s (check/). The two
 * must read the same file the same way and refuse the same files.
 */
const SAMPLE = join(__dirname, '..', '..', '..', 'events', 's3', 'vigil-model-monitor-111122223333', 'baselines', 'fraud-scorer-prod');
const AT = 's3://bucket/baseline/constraints.json';

const withDistribution = (distribution: Record<string, unknown>) => ({
  version: 0,
  features: [{ name: 'amount', inferred_type: 'Fractional' }],
  monitoring_config: { distribution_constraints: distribution },
});

function bothRead(value: unknown) {
  const run = parseConstraints(JSON.stringify(value), AT);
  const checked = parseDataQualityConstraints(value, AT);
  const settings = featureSettings(checked, checked.features[0]!, AT);
  return { run, settings };
}

describe('constraints.json: one schema, two readers', () => {
  it("read the samples' baseline the same way", () => {
    const value = JSON.parse(readFileSync(join(SAMPLE, '2026-11-02', 'constraints.json'), 'utf8'));
    const { run, settings } = bothRead(value);
    expect(run.method).toBe(settings.comparisonMethod);
    expect(run.threshold).toBe(settings.comparisonThreshold);
    expect(run.enabled).toBe(settings.performComparison);
    expect(run.features).toEqual(parseDataQualityConstraints(value, AT).features.map((f) => f.name));
  });

  it.each([
    [{ comparison_method: 'linf_robust', comparison_threshold: 0.3 }, 'robust', 0.3, true],
    [{ comparion_method: 'ROBUST' }, 'robust', 0.1, true],
    [{ perform_comparison: 'disabled' }, 'simple', 0.1, false],
    [{}, 'simple', 0.1, true],
  ])('agree on %j', (distribution, method, threshold, enabled) => {
    const { run, settings } = bothRead(withDistribution(distribution));
    expect(run).toMatchObject({ method, threshold, enabled });
    expect(settings).toMatchObject({ comparisonMethod: method, comparisonThreshold: threshold, performComparison: enabled });
  });

  it.each([
    ['an unknown comparison method', withDistribution({ comparison_method: 'Wasserstein' }), /comparison_method must be Simple or Robust/],
    ['a toggle that is neither Enabled nor Disabled', withDistribution({ perform_comparison: 'sometimes' }), /perform_comparison/],
    ['an inferred type Model Monitor does not write', { features: [{ name: 'a', inferred_type: 'Decimal' }] }, /inferred_type/],
    ['a negative threshold', withDistribution({ comparison_threshold: -1 }), /comparison_threshold/],
  ])('both refuse %s', (_what, value, message) => {
    expect(() => parseConstraints(JSON.stringify(value), AT)).toThrow(ReportError);
    expect(() => parseConstraints(JSON.stringify(value), AT)).toThrow(message);
    expect(() => {
      const checked = parseDataQualityConstraints(value, AT);
      featureSettings(checked, checked.features[0]!, AT);
    }).toThrow(InvalidConstraintsError);
  });

  it("reads the model-quality baseline's sections with the same module", () => {
    const value = JSON.parse(readFileSync(join(SAMPLE, 'model-quality', '2026-11-02', 'constraints.json'), 'utf8'));
    expect(parseModelQualityConstraints(value, AT).binary_classification_constraints?.auc).toEqual({
      threshold: 0.85,
      comparison_operator: 'LessThanThreshold',
    });
    // A run's reader takes it too (no features: no data-quality comparison to configure).
    expect(parseConstraints(JSON.stringify(value), AT)).toMatchObject({ enabled: true, features: [] });
  });
});
