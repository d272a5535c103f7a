import { checkDataQuality, columnChecks } from '../../../../shared/modelMonitor/check';
import { constraints, statistics } from './files';

describe('missing_column_check and extra_column_check', () => {
  test('a dropped and an added column, each named', () => {
    expect(columnChecks(constraints(), statistics('run-schema-changed'))).toEqual([
      {
        feature_name: 'plan',
        constraint_check_type: 'missing_column_check',
        description:
          'There are missing columns in current dataset: "plan" is not in it. Number of columns in current dataset: 5, ' +
          'Number of columns in baseline constraints: 5',
      },
      {
        feature_name: 'referrer',
        constraint_check_type: 'extra_column_check',
        description:
          'There are extra columns in current dataset: "referrer" is not in the baseline. Number of columns in current dataset: 5, ' +
          'Number of columns in baseline constraints: 5',
      },
    ]);
  });

  test('the same columns: none; evaluate_constraints Disabled: nothing at all', () => {
    expect(columnChecks(constraints(), statistics('run-steady'))).toEqual([]);
    const c = constraints();
    c.monitoring_config!.evaluate_constraints = 'Disabled';
    const report = checkDataQuality({ constraints: c, statistics: statistics('run-schema-changed') });
    expect(report).toEqual({ violations: [], notes: [expect.stringContaining('Disabled')] });
  });
});
