import {
  categoryCounts,
  chiSquareSurvival,
  compareCategorical,
  compareNumeric,
  decileEdges,
  kolmogorovSurvival,
  ksExactPValue,
  numericSample,
  sharedHistogram,
  smirnovSurvival,
} from '../../../shared/drift';
import { expectRelative, loadReference } from './conformanceData';

/**
 * shared/drift against SciPy 1.17 / NumPy 2.4 on the inputs of tests/conformance/drift (numeric and categorical,
 * ties, tiny and large samples, identical and disjoint ones, the exact/asymptotic boundary of ks_2samp), and the
 * special functions on grids covering every method region. The contract: the KS statistic exactly, p-values to
 * 1e-6 relative, distances to 1e-9 relative.
 */

const P_VALUE = 1e-6;
const DISTANCE = 1e-9;

interface NumericExpected {
  ks: { statistic: number; pValue: number; method: 'exact' | 'asymp'; warnings: string[] };
  psi: number;
  psiEdges: number[];
  jensenShannon: number;
  hellinger: number;
  histogram: { reference: number[]; current: number[] };
  wasserstein: number;
  wassersteinNormed: number;
  baselineDistance: { simple: number; robust: number };
  baselineDistanceAlpha: { alpha: number; simple: number; robust: number };
}

interface NumericCase {
  id: string;
  note: string;
  reference: number[];
  current: number[];
  expected: NumericExpected;
}

interface CategoricalExpected {
  categories: string[];
  chiSquare: { statistic: number; pValue: number; degreesOfFreedom: number; yates: boolean };
  chiSquareGoodnessOfFit: { statistic: number; pValue: number; degreesOfFreedom: number };
  psi: number;
  jensenShannon: number;
  hellinger: number;
  baselineDistance: { simple: number; robust: number };
  baselineDistanceAlpha: { alpha: number; simple: number; robust: number };
}

interface CategoricalCase {
  id: string;
  note: string;
  reference?: string[];
  current?: string[];
  referenceCounts?: Record<string, number>;
  currentCounts?: Record<string, number>;
  expected: CategoricalExpected;
}

const numeric = loadReference<{ cases: NumericCase[] }>('numeric.json').cases;
const categorical = loadReference<{ cases: CategoricalCase[] }>('categorical.json').cases;

describe('numeric samples against SciPy', () => {
  test('the reference data covers the edge cases and both KS p-value methods', () => {
    expect(numeric.length).toBeGreaterThanOrEqual(25);
    expect(new Set(numeric.map((c) => c.expected.ks.method))).toEqual(new Set(['exact', 'asymp']));
    expect(numeric.map((c) => c.id)).toEqual(
      expect.arrayContaining(['identical', 'disjoint', 'heavy-ties', 'one-vs-one', 'exact-10000-9999']),
    );
  });

  test.each(numeric.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const reference = numericSample(c.reference, 'reference');
    const current = numericSample(c.current, 'current');
    const result = compareNumeric(reference, current);
    const e = c.expected;
    expect(result.ks.statistic).toBe(e.ks.statistic);
    expect(result.ks.method).toBe(e.ks.method);
    expectRelative(result.ks.pValue, e.ks.pValue, P_VALUE, 'KS p-value');
    expect(Array.from(decileEdges(reference))).toEqual(e.psiEdges);
    const histogram = sharedHistogram(reference, current);
    expect(Array.from(histogram.reference)).toEqual(e.histogram.reference);
    expect(Array.from(histogram.current)).toEqual(e.histogram.current);
    expectRelative(result.psi, e.psi, DISTANCE, 'PSI');
    expectRelative(result.jensenShannon, e.jensenShannon, DISTANCE, 'Jensen-Shannon');
    expectRelative(result.hellinger, e.hellinger, DISTANCE, 'Hellinger');
    expectRelative(result.wasserstein, e.wasserstein, DISTANCE, 'Wasserstein');
    expectRelative(result.wassersteinNormed, e.wassersteinNormed, DISTANCE, 'normalised Wasserstein');
    expect(result.baselineDistance.simple).toBe(e.baselineDistance.simple);
    expectRelative(result.baselineDistance.robust, e.baselineDistance.robust, DISTANCE, 'robust distance');
    const withAlpha = compareNumeric(reference, current, { alpha: e.baselineDistanceAlpha.alpha });
    expectRelative(withAlpha.baselineDistance.robust, e.baselineDistanceAlpha.robust, DISTANCE, 'robust distance with alpha');
  });
});

describe('categorical samples against SciPy', () => {
  test.each(categorical.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const counts = (values?: string[], given?: Record<string, number>) =>
      values ? categoryCounts(values) : new Map(Object.entries(given ?? {}));
    const result = compareCategorical(counts(c.reference, c.referenceCounts), counts(c.current, c.currentCounts));
    const e = c.expected;
    expect(result.categories).toBe(e.categories.length);
    expect(result.chiSquare.degreesOfFreedom).toBe(e.chiSquare.degreesOfFreedom);
    expect(result.chiSquare.yates).toBe(e.chiSquare.yates);
    expectRelative(result.chiSquare.statistic, e.chiSquare.statistic, DISTANCE, 'contingency statistic');
    expectRelative(result.chiSquare.pValue, e.chiSquare.pValue, P_VALUE, 'contingency p-value');
    expect(result.chiSquareGoodnessOfFit.degreesOfFreedom).toBe(e.chiSquareGoodnessOfFit.degreesOfFreedom);
    expectRelative(result.chiSquareGoodnessOfFit.statistic, e.chiSquareGoodnessOfFit.statistic, DISTANCE, 'goodness-of-fit statistic');
    expectRelative(result.chiSquareGoodnessOfFit.pValue, e.chiSquareGoodnessOfFit.pValue, P_VALUE, 'goodness-of-fit p-value');
    expectRelative(result.psi, e.psi, DISTANCE, 'PSI');
    expectRelative(result.jensenShannon, e.jensenShannon, DISTANCE, 'Jensen-Shannon');
    expectRelative(result.hellinger, e.hellinger, DISTANCE, 'Hellinger');
    expect(result.baselineDistance.simple).toBe(e.baselineDistance.simple);
    expectRelative(result.baselineDistance.robust, e.baselineDistance.robust, DISTANCE, 'robust distance');
  });
});

describe('special functions against SciPy', () => {
  const kolmogorov = loadReference<{ rows: { n: number; x: number; sf: number; smirnov: number }[] }>('kolmogorov.json').rows;
  const chiSquare = loadReference<{ rows: { x: number; dof: number; sf: number }[] }>('chi-square.json').rows;

  test('kstwo.sf(x, n) in every region of the Simard-L’Ecuyer method choice', () => {
    expect(kolmogorov.length).toBeGreaterThan(400);
    for (const row of kolmogorov) expectRelative(kolmogorovSurvival(row.n, row.x), row.sf, P_VALUE, `kstwo.sf(${row.x}, ${row.n})`);
  });

  test('smirnov(n, x), the one-sided exact distribution', () => {
    for (const row of kolmogorov) expectRelative(smirnovSurvival(row.n, row.x), row.smirnov, P_VALUE, `smirnov(${row.n}, ${row.x})`);
  });

  test('chi2.sf(x, dof) from 1 to 20 000 degrees of freedom', () => {
    expect(chiSquare.length).toBeGreaterThan(150);
    for (const row of chiSquare) expectRelative(chiSquareSurvival(row.x, row.dof), row.sf, P_VALUE, `chi2.sf(${row.x}, ${row.dof})`);
  });
});

describe('exact two-sample KS p-values against SciPy and exact path counts', () => {
  const rows = loadReference<{
    rows: { n: number; m: number; statistic: number; scipy: number; scipyOk: boolean; exact?: number }[];
  }>('ks-exact.json').rows;

  test('every lattice statistic, up to 10 000 vs 10 000', () => {
    expect(rows.length).toBeGreaterThan(150);
    for (const row of rows) {
      const { statistic, pValue } = ksExactPValue(row.n, row.m, row.statistic);
      const what = `P(D_{${row.n},${row.m}} ≥ ${row.statistic})`;
      expect(statistic).toBe(row.statistic);
      // Where SciPy's own exact computation rounds outside [0, 1] (so ks_2samp falls back to its asymptotic value),
      // the reference is the rational value computed with integers.
      if (row.scipyOk) expectRelative(pValue, row.scipy, P_VALUE, `${what} vs SciPy`);
      if (row.exact !== undefined) expectRelative(pValue, row.exact, P_VALUE, `${what} vs the exact count`);
    }
  });
});
