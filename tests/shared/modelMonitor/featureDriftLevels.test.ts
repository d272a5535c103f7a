import { driftLevels, linesFor, modelFeatureDrift } from '../../../shared/modelMonitor';

const lines = { warnAt: 0.1, criticalAt: 0.25, hysteresis: 0.02 };

describe('driftLevels', () => {
  it('a score at the line does not flap: once over, a feature stays until it falls the hysteresis below', () => {
    expect(driftLevels([0.05, 0.1, 0.095, 0.101, 0.085, 0.079, 0.09], lines)).toEqual(['ok', 'warn', 'warn', 'warn', 'warn', 'ok', 'ok']);
  });

  it('the critical level holds the same way, and falls back to warn before ok', () => {
    expect(driftLevels([0.26, 0.24, 0.2, 0.12, 0.07], lines)).toEqual(['critical', 'critical', 'warn', 'warn', 'ok']);
  });

  it('without hysteresis, the line alone decides', () => {
    expect(driftLevels([0.1, 0.099, 0.1], { ...lines, hysteresis: 0 })).toEqual(['warn', 'ok', 'warn']);
  });
});

describe('linesFor', () => {
  const params = modelFeatureDrift.parameters.parse({
    warnAt: 0.12,
    models: { 'fraud-scorer-prod': { criticalAt: 0.3, features: { amount: { warnAt: 0.2 } } } },
  });

  it("takes the feature's own lines, else the model's, else the defaults", () => {
    expect(linesFor(params, 'fraud-scorer-prod', 'amount')).toEqual({ warnAt: 0.2, criticalAt: 0.3, hysteresis: 0.02 });
    expect(linesFor(params, 'fraud-scorer-prod', 'age')).toEqual({ warnAt: 0.12, criticalAt: 0.3, hysteresis: 0.02 });
    expect(linesFor(params, 'churn-model-prod', 'amount')).toEqual({ warnAt: 0.12, criticalAt: 0.25, hysteresis: 0.02 });
  });

  it('refuses a warn line over the critical one', () => {
    expect(() => modelFeatureDrift.parameters.parse({ warnAt: 0.5, criticalAt: 0.2 })).toThrow(/warnAt must be at most criticalAt/);
  });
});
