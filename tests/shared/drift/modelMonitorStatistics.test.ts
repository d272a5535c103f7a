import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureComparison } from '../../../shared/drift';
import { compareStatisticsFiles, InvalidStatisticsError, parseStatisticsFile, sketchSample } from '../../../shared/drift';
import { CONFORMANCE_DIR, expectRelative, loadReference } from './conformanceData';

/**
 * Two Model Monitor statistics.json files compared feature by feature: numeric features from their KLL sketches,
 * categorical ones from their value counts, against the values SciPy gives on the samples the sketches stand for
 * (tests/conformance/drift/model-monitor.json).
 */

const read = (run: string) => {
  const path = join(CONFORMANCE_DIR, 'model-monitor', run, 'statistics.json');
  return parseStatisticsFile(JSON.parse(readFileSync(path, 'utf8')), path);
};

type Expected = Record<string, unknown> & { name: string; skipped?: boolean };
const expected = loadReference<{ alpha: number; runs: Record<string, Expected[]> }>('model-monitor.json');
const baseline = read('baseline');

function compared(features: FeatureComparison[], name: string) {
  const feature = features.find((f) => f.name === name);
  if (!feature || 'skipped' in feature) throw new Error(`feature ${name} was not compared`);
  return feature;
}

describe.each(['run-steady', 'run-drifted', 'run-schema-changed'])('%s against the baseline', (run) => {
  const result = compareStatisticsFiles(baseline, read(run));

  test.each(expected.runs[run].filter((e) => !e.skipped).map((e) => [e.name, e] as const))('%s as SciPy computes it', (name, e) => {
    const feature = compared(result.features, name);
    const want = e as any;
    expect(feature.type).toBe(want.type);
    expect(feature.baselineDistance.simple).toBe(want.baselineDistance.simple);
    expectRelative(feature.baselineDistance.robust, want.baselineDistance.robust, 1e-9, 'robust distance');
    expectRelative(feature.psi, want.psi, 1e-9, 'PSI');
    expectRelative(feature.jensenShannon, want.jensenShannon, 1e-9, 'Jensen-Shannon');
    expectRelative(feature.hellinger, want.hellinger, 1e-9, 'Hellinger');
    if (feature.type === 'numerical') {
      expect(feature.referenceSize).toBe(want.referenceSize);
      expect(feature.ks.statistic).toBe(want.ks.statistic);
      expectRelative(feature.ks.pValue, want.ks.pValue, 1e-6, 'KS p-value');
      expectRelative(feature.wasserstein, want.wasserstein, 1e-9, 'Wasserstein');
      expectRelative(feature.wassersteinNormed, want.wassersteinNormed, 1e-9, 'normalised Wasserstein');
    } else {
      expectRelative(feature.chiSquare.pValue, want.chiSquare.pValue, 1e-6, 'contingency p-value');
      expectRelative(feature.chiSquareGoodnessOfFit.statistic, want.chiSquareGoodnessOfFit.statistic, 1e-9, 'goodness of fit');
    }
  });
});

test('a steady run does not drift; the drifted run does, feature by feature and as a dataset', () => {
  const steady = compareStatisticsFiles(baseline, read('run-steady'));
  expect(steady.comparison).toEqual({ method: 'simple', threshold: 0.1 });
  expect(steady.features.filter((f) => 'drift' in f && f.drift)).toEqual([]);
  expect(steady.dataset).toMatchObject({ features: 5, drifted: 0, drift: false });

  // The new country (PL) alone moves the largest share gap to 0.118 > 0.1; robust, that is 0.084: not significant.
  const drifted = compareStatisticsFiles(baseline, read('run-drifted'));
  const flags = Object.fromEntries(drifted.features.map((f) => [f.name, 'drift' in f && f.drift]));
  expect(flags).toEqual({ age: false, account_balance: true, session_seconds: true, country: true, plan: true });
  expect(compared(drifted.features, 'country')).toMatchObject({ newCategories: ['PL'] });
  expect(drifted.dataset).toMatchObject({ features: 5, drifted: 4, share: 0.8, drift: true });
  const robust = compareStatisticsFiles(baseline, read('run-drifted'), { method: 'robust' });
  expect(robust.comparison).toEqual({ method: 'robust', threshold: 0.1 });
  expect(compared(robust.features, 'country').drift).toBe(false);
  expect(robust.dataset).toMatchObject({ drifted: 3, share: 0.6, drift: true });
});

test('the robust distance follows alpha: c = √(−ln(α/2)/2)', () => {
  const alpha = expected.alpha;
  const result = compareStatisticsFiles(baseline, read('run-drifted'), { alpha });
  for (const e of expected.runs['run-drifted']) {
    const want = (e as any).baselineDistanceAlpha;
    expectRelative(compared(result.features, e.name).baselineDistance.robust, want.robust, 1e-9, `${e.name} robust at alpha`);
  }
});

test('features missing, added or retyped are listed with the reason, and left out of the dataset share', () => {
  const result = compareStatisticsFiles(baseline, read('run-schema-changed'));
  const skipped = result.features.filter((f) => 'skipped' in f);
  expect(skipped).toEqual([
    { name: 'age', type: 'numerical', skipped: 'numerical in the baseline but categorical in the current statistics' },
    { name: 'plan', type: 'categorical', skipped: 'missing from the current statistics' },
    { name: 'referrer', type: 'categorical', skipped: 'not in the baseline statistics' },
  ]);
  expect(result.dataset).toMatchObject({ features: 3 });
});

test('a sketch is the sample it summarises: the total weight is the number of values', () => {
  for (const feature of baseline.features) {
    const sketch = feature.numerical_statistics?.distribution?.kll?.sketch;
    if (!sketch) continue;
    expect(sketch.parameters).toEqual({ c: 0.64, k: 2048 });
    expect(sketchSample(sketch).size).toBe(feature.numerical_statistics?.common?.num_present);
  }
});

describe('statistics.json that is not one', () => {
  test.each([
    ['not an object', [], /not a Model Monitor statistics.json/],
    ['no features', { version: 0 }, /features/],
    ['a feature without a name', { features: [{ inferred_type: 'String' }] }, /features\.0\.name/],
    [
      'sketch data not numbers',
      {
        features: [
          {
            name: 'x',
            inferred_type: 'Integral',
            numerical_statistics: { distribution: { kll: { sketch: { parameters: { c: 0.64, k: 2048 }, data: [['1']] } } } },
          },
        ],
      },
      /data/,
    ],
    [
      'a duplicated feature',
      {
        features: [
          { name: 'x', inferred_type: 'String' },
          { name: 'x', inferred_type: 'String' },
        ],
      },
      /"x" appears twice/,
    ],
  ])('%s is refused with the reason', (_what, value, reason) => {
    expect(() => parseStatisticsFile(value, 'bad.json')).toThrow(InvalidStatisticsError);
    expect(() => parseStatisticsFile(value, 'bad.json')).toThrow(reason);
  });

  test('a feature without a sketch or buckets is skipped, not a crash', () => {
    const empty = parseStatisticsFile(
      {
        features: [
          { name: 'n', inferred_type: 'Fractional', numerical_statistics: { common: { num_present: 0, num_missing: 10 } } },
          { name: 's', inferred_type: 'String', string_statistics: { distribution: { categorical: { buckets: [] } } } },
          { name: 'u', inferred_type: 'Unknown' },
        ],
      },
      'empty.json',
    );
    const result = compareStatisticsFiles(empty, empty);
    expect(result.features).toEqual([
      { name: 'n', type: 'numerical', skipped: 'the baseline has no KLL sketch (distribution.kll.sketch)' },
      { name: 's', type: 'categorical', skipped: 'the baseline has no categorical value counted' },
      { name: 'u', type: 'unknown', skipped: 'the baseline has inferred_type "Unknown" (neither Integral, Fractional nor String)' },
    ]);
    expect(result.dataset).toBeUndefined();
  });
});
