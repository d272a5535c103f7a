import { checkDataQuality, dataTypeCheck, featureSettings } from '../../../../shared/modelMonitor/check';
import { constraints, feature, statistics } from './files';

const settingsOf = (name: string, threshold?: number) => {
  const c = constraints();
  if (threshold !== undefined) c.monitoring_config!.datatype_check_threshold = threshold;
  return {
    constraint: c.features.find((f) => f.name === name)!,
    settings: featureSettings(c, c.features.find((f) => f.name === name)!, 'c'),
  };
};

describe('data_type_check', () => {
  test('a run of the baseline type matches fully', () => {
    const { constraint, settings } = settingsOf('age');
    expect(dataTypeCheck(constraint, feature(statistics('run-steady'), 'age'), settings)).toBeUndefined();
  });

  test('a String run against an Integral baseline: the share of counted values that parse as integers', () => {
    const run = statistics('run-schema-changed');
    const age = feature(run, 'age');
    const buckets = age.string_statistics!.distribution!.categorical!.buckets;
    const counted = buckets.reduce((sum, b) => sum + b.count, 0);
    buckets.push({ value: 'unknown', count: 100 }, { value: '41.5', count: 25 });
    age.string_statistics!.common = { num_present: counted + 125, num_missing: 0 };
    const { constraint, settings } = settingsOf('age');
    const share = counted / (counted + 125);
    expect(dataTypeCheck(constraint, age, settings)).toEqual({
      feature_name: 'age',
      constraint_check_type: 'data_type_check',
      description:
        'Data type match requirement is not met. Expected data type: Integral, Expected match: 100.0%. ' +
        `Observed: Only ${share * 100}% of data is Integral.`,
    });
    // Below the constraints' threshold only: a 0.9 requirement lets 95 % through.
    expect(dataTypeCheck(constraint, age, settingsOf('age', 0.9).settings)).toBeUndefined();
  });

  test('a Fractional run against an Integral baseline: the weighted share of integer items in the KLL sketch', () => {
    const run = statistics('run-steady');
    const age = feature(run, 'age');
    age.inferred_type = 'Fractional';
    // Level 0 items weigh 1, level 1 items 2: 2 integers of weight 1 + 1 fraction of weight 2 → 2/4.
    age.numerical_statistics!.distribution!.kll!.sketch!.data = [[30, 31], [30.5]];
    const { constraint, settings } = settingsOf('age');
    const violation = dataTypeCheck(constraint, age, settings);
    expect(violation).toMatchObject({ constraint_check_type: 'data_type_check' });
    expect((violation as { description: string }).description).toContain('Observed: Only 50.0% of data is Integral.');
  });

  test('an Integral run against a Fractional baseline, and anything against a String baseline, match', () => {
    const run = statistics('run-steady');
    feature(run, 'account_balance').inferred_type = 'Integral';
    const c = constraints();
    c.features.find((f) => f.name === 'plan')!.inferred_type = 'String';
    expect(checkDataQuality({ constraints: c, statistics: run }).violations).toEqual([]);
  });
});
