import {
  categoryCounts,
  cdfAt,
  chiSquareContingency,
  chiSquareGoodnessOfFit,
  compareCategorical,
  compareNumeric,
  datasetDrift,
  EmptySampleError,
  ecdfGap,
  InvalidDriftArgumentError,
  InvalidStatisticsError,
  kolmogorovSurvival,
  ksExactPValue,
  ksFromStatistic,
  ksTwoSample,
  NonFiniteValueError,
  numericSample,
  psiFromProportions,
  robustCoefficient,
  robustDistance,
  sketchSample,
  weightedSample,
} from '../../../shared/drift';

/** The edge cases with a clear answer, and the inputs with a clear error. */

const sample = (values: number[]) => numericSample(values);

describe('a clear error, never NaN', () => {
  test('an empty sample', () => {
    expect(() => numericSample([], 'reference')).toThrow(EmptySampleError);
    expect(() => numericSample([], 'reference')).toThrow('reference is empty');
    expect(() => compareCategorical(new Map(), categoryCounts(['a']))).toThrow('reference is empty');
    expect(() => compareCategorical(categoryCounts(['a']), new Map([['a', 0]]))).toThrow('current is empty');
  });

  test.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('a sample holding %p, with its position', (bad) => {
    let error: unknown;
    try {
      numericSample([1, 2, bad, 4], 'current');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NonFiniteValueError);
    expect((error as NonFiniteValueError).index).toBe(2);
    expect((error as Error).message).toBe(`current holds a non-finite value (${String(bad)}) at position 2`);
  });

  test('a significance level outside (0, 1), a negative count, a weight that is not a positive integer', () => {
    for (const alpha of [0, 1, -0.1, 2, Number.NaN]) expect(() => robustCoefficient(alpha)).toThrow(InvalidDriftArgumentError);
    expect(() => compareCategorical(new Map([['a', -1]]), new Map([['a', 1]]))).toThrow('count -1 of category "a"');
    expect(() => weightedSample([1, 2], [1, 0.5])).toThrow('weight 0.5 at position 1 is not a positive integer');
    expect(() => sketchSample({ parameters: { c: 0.64, k: 2048 }, data: [[], []] })).toThrow(InvalidStatisticsError);
  });

  test('an empty feature list has no drift share', () => {
    expect(() => datasetDrift([])).toThrow(EmptySampleError);
  });
});

describe('numeric edge cases', () => {
  test('identical samples: every distance 0, KS p-value 1', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    const r = compareNumeric(sample(values), sample([...values].reverse()));
    expect(r).toMatchObject({ psi: 0, jensenShannon: 0, hellinger: 0, wasserstein: 0, wassersteinNormed: 0 });
    expect(r.ks).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
    expect(r.baselineDistance).toEqual({ simple: 0, robust: 0 });
  });

  test('disjoint samples: KS 1, the largest CDF gap 1, Jensen-Shannon 1, Hellinger 1', () => {
    const r = compareNumeric(sample([1, 2, 3]), sample([10, 11, 12, 13]));
    expect(r.ks.statistic).toBe(1);
    expect(r.baselineDistance.simple).toBe(1);
    expect(r.jensenShannon).toBeCloseTo(1, 12);
    expect(r.hellinger).toBeCloseTo(1, 12);
    expect(r.ks.pValue).toBeCloseTo(2 / 35, 14); // 2 of the C(7, 3) = 35 orderings put one sample wholly first
  });

  test('ties count on both sides at once (right-continuous ECDFs)', () => {
    // F_ref(1) = 2/3, F_cur(1) = 1/3; at 2 both reach 1.
    expect(ecdfGap(sample([1, 1, 2]), sample([1, 2, 2]))).toBeCloseTo(1 / 3, 15);
    expect(ecdfGap(sample([5, 5, 5]), sample([5]))).toBe(0);
  });

  test('a sample of one value', () => {
    const same = compareNumeric(sample([7]), sample([7]));
    expect(same.ks).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
    const apart = compareNumeric(sample([7]), sample([8]));
    expect(apart.ks).toEqual({ statistic: 1, pValue: 1, method: 'exact' }); // with one value each, any order is as likely
    expect(apart.wasserstein).toBe(1);
    expect(apart.wassersteinNormed).toBe(1000); // a constant reference: std floored at 0.001
  });

  test('the robust distance is the excess over the KS critical value, floored at 0', () => {
    expect(robustCoefficient(0.003)).toBeCloseTo(1.8031, 4);
    expect(robustDistance(0.5, 100, 100)).toBeCloseTo(0.5 - 1.8 * Math.sqrt(0.02), 15);
    expect(robustDistance(0.05, 100, 100)).toBe(0);
  });

  test('the KS method: auto switches to asymptotic above 10 000 values; either can be forced', () => {
    const small = sample([0.1, 0.4, 0.35, 0.8]);
    const other = sample([0.2, 0.9, 1.1]);
    expect(ksTwoSample(small, other).method).toBe('exact');
    const asymp = ksTwoSample(small, other, 'asymp');
    expect(asymp.method).toBe('asymp');
    expect(asymp.pValue).toBeCloseTo(kolmogorovSurvival(2, asymp.statistic), 15);
    const big = numericSample(Array.from({ length: 10_001 }, (_, i) => i));
    expect(ksTwoSample(big, other).method).toBe('asymp');
    expect(ksTwoSample(big, other, 'exact').method).toBe('exact');
    // lcm(100 003, 99 991) does not fit an int32: 'exact' takes the asymptotic form, as SciPy.
    expect(ksFromStatistic(100_003, 99_991, 0.01, 'exact').method).toBe('asymp');
  });

  test('the exact p-value of equal sizes (closed form) and unequal sizes (lattice band) agree where they meet', () => {
    // P(D_{3,3} ≥ 2/3) = 0.6; P(D_{2,3} ≥ 2/3) = 0.6 too: 6 of the C(5, 2) = 10 orderings reach |i/2 − j/3| ≥ 2/3.
    expect(ksExactPValue(3, 3, 2 / 3).pValue).toBeCloseTo(0.6, 15);
    expect(ksExactPValue(2, 3, 2 / 3).pValue).toBeCloseTo(0.6, 15);
    expect(ksExactPValue(3, 2, 2 / 3).pValue).toBeCloseTo(0.6, 15);
    // Very small p-values keep their relative precision: the rational value, counted with Python integers, is
    // 5.902991616881387e-130.
    const tiny = ksExactPValue(300, 299, 0.9).pValue;
    expect(Math.abs(tiny / 5.902991616881387e-130 - 1)).toBeLessThan(1e-12);
  });

  test('the input array is not modified', () => {
    const values = [3, 1, 2];
    numericSample(values);
    expect(values).toEqual([3, 1, 2]);
  });

  test('a weighted sample is the raw sample with each value repeated by its weight', () => {
    const weighted = weightedSample([2.5, 1, 4], [4, 1, 2]);
    const raw = sample([1, 2.5, 2.5, 2.5, 2.5, 4, 4]);
    const current = sample([0.5, 2, 3, 3.5, 5]);
    expect(compareNumeric(weighted, current)).toEqual(compareNumeric(raw, current));
    expect(cdfAt(weighted, 2.5)).toBeCloseTo(5 / 7, 15);
    expect(cdfAt(weighted, 0)).toBe(0);
    expect(cdfAt(weighted, 4)).toBe(1);
  });

  test('a KLL sketch: an item at level i weighs 2^i', () => {
    const s = sketchSample({ parameters: { c: 0.64, k: 2048 }, data: [[5, 1], [3], [], [9]] });
    expect(s.size).toBe(1 + 1 + 2 + 8);
    expect(cdfAt(s, 3)).toBeCloseTo(3 / 12, 15);
    expect(cdfAt(s, 5)).toBeCloseTo(4 / 12, 15);
  });
});

describe('categorical edge cases', () => {
  test('a category only in the current sample: goodness of fit infinite (p 0), contingency finite', () => {
    const ref = categoryCounts(['a', 'a', 'b']);
    const cur = categoryCounts(['a', 'b', 'c']);
    expect(chiSquareGoodnessOfFit(ref, cur)).toEqual({ statistic: Number.POSITIVE_INFINITY, pValue: 0, degreesOfFreedom: 2 });
    const contingency = chiSquareContingency(ref, cur);
    expect(Number.isFinite(contingency.statistic)).toBe(true);
    expect(contingency.pValue).toBeGreaterThan(0);
    const r = compareCategorical(ref, cur);
    expect(r.newCategories).toEqual(['c']);
    expect(r.missingCategories).toEqual([]);
    expect(r.baselineDistance.simple).toBeCloseTo(1 / 3, 15); // share of c: 0 vs 1/3
  });

  test('a category only in the reference is a missing category, and finite everywhere', () => {
    const r = compareCategorical(categoryCounts(['a', 'b', 'c']), categoryCounts(['a', 'b']));
    expect(r.missingCategories).toEqual(['c']);
    expect(Number.isFinite(r.chiSquareGoodnessOfFit.statistic)).toBe(true);
  });

  test('one category on both sides: statistics 0, p-values 1, distances 0', () => {
    const r = compareCategorical(categoryCounts(['x', 'x']), categoryCounts(['x']));
    expect(r.chiSquare).toEqual({ statistic: 0, pValue: 1, degreesOfFreedom: 0, yates: false });
    expect(r.chiSquareGoodnessOfFit).toEqual({ statistic: 0, pValue: 1, degreesOfFreedom: 0 });
    expect(r).toMatchObject({ psi: 0, jensenShannon: 0, hellinger: 0, baselineDistance: { simple: 0, robust: 0 } });
  });

  test('two categories: Yates correction, and only then', () => {
    expect(chiSquareContingency(categoryCounts(['a', 'b']), categoryCounts(['a', 'a'])).yates).toBe(true);
    expect(chiSquareContingency(categoryCounts(['a', 'b', 'c']), categoryCounts(['a', 'a'])).yates).toBe(false);
  });

  test('PSI fills an empty proportion with 1e-4 and a bin empty on both sides adds nothing', () => {
    expect(psiFromProportions([0.5, 0.5, 0], [1, 0, 0])).toBeCloseTo((1 - 0.5) * Math.log(2) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5), 14);
  });
});

describe('dataset drift share', () => {
  test('drift when the share of drifted features reaches the threshold (0.5 by default)', () => {
    expect(datasetDrift([true, false])).toMatchObject({ features: 2, drifted: 1, share: 0.5, drift: true });
    expect(datasetDrift([true, false, false])).toMatchObject({ drifted: 1, drift: false });
    expect(datasetDrift([true, false, false], 1 / 3).drift).toBe(true);
    expect(() => datasetDrift([true], 0)).toThrow(InvalidDriftArgumentError);
  });
});
