import { categoricalValuesCheck, featureSettings } from '../../../../shared/modelMonitor/check';
import { constraints, feature, statistics } from './files';

describe('categorical_values_check', () => {
  const settings = (threshold?: number) => {
    const c = constraints();
    if (threshold !== undefined) c.monitoring_config!.domain_content_threshold = threshold;
    const country = c.features.find((f) => f.name === 'country')!;
    return { country, settings: featureSettings(c, country, 'c') };
  };

  test('a value outside the domain: the in-domain share, and the values outside it', () => {
    const { country, settings: s } = settings();
    expect(categoricalValuesCheck(country, feature(statistics('run-drifted'), 'country'), s)).toEqual({
      feature_name: 'country',
      constraint_check_type: 'categorical_values_check',
      description: `Data domain requirement is not met. Expected match: 100.0%. Observed: Only ${
        ((3500 - 414) / 3500) * 100
      }% of data is in the baseline domain (values outside it: "PL").`,
    });
  });

  test('the domain_content_threshold decides; a run inside the domain never fires', () => {
    const { country, settings: s } = settings(0.85);
    expect(categoricalValuesCheck(country, feature(statistics('run-drifted'), 'country'), s)).toBeUndefined();
    const strict = settings();
    expect(categoricalValuesCheck(strict.country, feature(statistics('run-steady'), 'country'), strict.settings)).toBeUndefined();
  });

  test('values the buckets do not list count as outside the domain; a description names five values at most', () => {
    const run = feature(statistics('run-steady'), 'country');
    const buckets = run.string_statistics!.distribution!.categorical!.buckets;
    for (const value of ['PL', 'PT', 'BE', 'AT', 'CH', 'SE', 'DK']) buckets.push({ value, count: 1 });
    run.string_statistics!.common = { num_present: 3100, num_missing: 0 };
    const { country, settings: s } = settings(0.97);
    const violation = categoricalValuesCheck(country, run, s) as { description: string };
    expect(violation.description).toContain(`Only ${(3000 / 3100) * 100}% of data`);
    expect(violation.description).toContain('"PL", "PT", "BE", "AT", "CH" and 2 more');
  });

  test('a per-feature monitoringConfigOverrides threshold wins over monitoring_config', () => {
    const c = constraints();
    const country = c.features.find((f) => f.name === 'country')!;
    country.monitoringConfigOverrides = { domain_content_threshold: 0.8 };
    expect(
      categoricalValuesCheck(country, feature(statistics('run-drifted'), 'country'), featureSettings(c, country, 'c')),
    ).toBeUndefined();
  });
});
