import { completenessCheck } from '../../../../shared/modelMonitor/check';
import { constraints, feature, statistics } from './files';

describe('completeness_check', () => {
  const constraintOf = (name: string) => constraints().features.find((f) => f.name === name)!;

  test('fires when the non-null share is below the feature completeness', () => {
    const session = feature(statistics('run-steady'), 'session_seconds');
    session.numerical_statistics!.common = { num_present: 2940, num_missing: 60 };
    expect(completenessCheck(constraintOf('session_seconds'), session)).toEqual({
      feature_name: 'session_seconds',
      constraint_check_type: 'completeness_check',
      description: 'Data completeness requirement is not met. Expected completeness: 99.0%. Observed: Only 98.0% of data is complete.',
    });
  });

  test('at the constraint exactly, or without one, nothing fires', () => {
    const session = feature(statistics('run-steady'), 'session_seconds');
    session.numerical_statistics!.common = { num_present: 2970, num_missing: 30 };
    expect(completenessCheck(constraintOf('session_seconds'), session)).toBeUndefined();
    const unconstrained = { ...constraintOf('session_seconds'), completeness: undefined };
    session.numerical_statistics!.common = { num_present: 1, num_missing: 2999 };
    expect(completenessCheck(unconstrained, session)).toBeUndefined();
  });

  test('counts written as strings are read; counts that are absent are a note', () => {
    const plan = feature(statistics('run-steady'), 'plan');
    plan.string_statistics!.common = { num_present: '2990', num_missing: '10' };
    expect(completenessCheck(constraintOf('plan'), plan)).toMatchObject({ constraint_check_type: 'completeness_check' });
    plan.string_statistics!.common = {};
    expect(completenessCheck(constraintOf('plan'), plan)).toMatch(/not evaluated: .*num_present/);
  });
});
