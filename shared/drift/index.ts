export type { BaselineDistance } from './baselineDistance';
export {
  categoricalBaselineDistance,
  coefficientFor,
  DEFAULT_COMPARISON_THRESHOLD,
  DEFAULT_ROBUST_COEFFICIENT,
  numericBaselineDistance,
  robustCoefficient,
  robustDistance,
} from './baselineDistance';
export { countsBetween, decileEdges, equalWidthEdges, linearQuantile } from './binning';
export type { ChiSquareResult, ContingencyResult } from './chiSquare';
export { chiSquareContingency, chiSquareGoodnessOfFit } from './chiSquare';
export type {
  CategoricalComparison,
  CompareOptions,
  ComparisonMethod,
  FeatureComparison,
  NumericComparison,
  StatisticsCompareOptions,
  StatisticsComparison,
} from './compare';
export { compareCategorical, compareNumeric, compareStatisticsFiles } from './compare';
export type { DatasetDrift } from './datasetDrift';
export { DEFAULT_DRIFT_SHARE, datasetDrift } from './datasetDrift';
export { DriftError, EmptySampleError, InvalidDriftArgumentError, InvalidStatisticsError, NonFiniteValueError } from './errors';
export {
  categoricalHellinger,
  categoricalJensenShannon,
  categoryProportions,
  HISTOGRAM_BINS,
  hellingerDistance,
  jensenShannonDistance,
  numericHellinger,
  numericJensenShannon,
  sharedHistogram,
} from './histogramDistances';
export type { KllSketch } from './kllSketch';
export { cdfAt, sketchSample } from './kllSketch';
export type { KsMethod, KsResult } from './ks';
export { ecdfGap, KS_EXACT_MAX_SIZE, ksAsymptoticPValue, ksExactPValue, ksFromStatistic, ksTwoSample } from './ks';
export { categoricalPsi, numericPsi, PSI_EMPTY_PROPORTION, psiFromProportions } from './psi';
export type { CategoryCounts, NumericSample } from './sample';
export { categoryCounts, numericSample, unionOfCategories, weightedSample } from './sample';
export { chiSquareSurvival, regularizedGammaP, regularizedGammaQ } from './special/gamma';
export { kolmogorovSurvival, smirnovSurvival } from './special/kolmogorov';
export type { FeatureDistribution, StatisticsFeature, StatisticsFile } from './statisticsFile';
export { featureDistribution, parseStatisticsFile, StatisticsFileSchema } from './statisticsFile';
export { normalisedWasserstein, populationStd, WASSERSTEIN_STD_FLOOR, wasserstein } from './wasserstein';
