import type { BaselineDistance } from './baselineDistance';
import { categoricalBaselineDistance, coefficientFor, DEFAULT_COMPARISON_THRESHOLD, numericBaselineDistance } from './baselineDistance';
import type { ChiSquareResult, ContingencyResult } from './chiSquare';
import { chiSquareContingency, chiSquareGoodnessOfFit } from './chiSquare';
import type { DatasetDrift } from './datasetDrift';
import { DEFAULT_DRIFT_SHARE, datasetDrift } from './datasetDrift';
import { InvalidDriftArgumentError } from './errors';
import { categoryProportions, hellingerDistance, jensenShannonDistance, sharedHistogram } from './histogramDistances';
import { sketchSample } from './kllSketch';
import type { KsMethod, KsResult } from './ks';
import { ecdfGap, ksFromStatistic } from './ks';
import { categoricalPsi, numericPsi } from './psi';
import type { CategoryCounts, NumericSample } from './sample';
import { totalCount } from './sample';
import type { StatisticsFile } from './statisticsFile';
import { featureDistribution } from './statisticsFile';
import { normalisedWasserstein, wasserstein } from './wasserstein';

/** Every statistic of one feature, numeric or categorical, with the defaults the docs state (docs/drift.md). */

export interface CompareOptions {
  /** Significance level for the robust baseline distance: c = √(−ln(α/2)/2) instead of 1.8. */
  readonly alpha?: number;
  /** The KS p-value method ('auto': exact up to 10 000 values in the larger sample). */
  readonly ksMethod?: KsMethod;
}

export interface NumericComparison {
  readonly type: 'numerical';
  readonly referenceSize: number;
  readonly currentSize: number;
  readonly ks: KsResult;
  readonly psi: number;
  readonly jensenShannon: number;
  readonly hellinger: number;
  readonly wasserstein: number;
  readonly wassersteinNormed: number;
  readonly baselineDistance: BaselineDistance;
}

export interface CategoricalComparison {
  readonly type: 'categorical';
  readonly referenceSize: number;
  readonly currentSize: number;
  readonly categories: number;
  /** Categories seen in the current sample only, and in the reference only. */
  readonly newCategories: string[];
  readonly missingCategories: string[];
  readonly chiSquare: ContingencyResult;
  readonly chiSquareGoodnessOfFit: ChiSquareResult;
  readonly psi: number;
  readonly jensenShannon: number;
  readonly hellinger: number;
  readonly baselineDistance: BaselineDistance;
}

export function compareNumeric(reference: NumericSample, current: NumericSample, options: CompareOptions = {}): NumericComparison {
  const gap = ecdfGap(reference, current);
  const histogram = sharedHistogram(reference, current);
  const w = wasserstein(reference, current);
  return {
    type: 'numerical',
    referenceSize: reference.size,
    currentSize: current.size,
    ks: ksFromStatistic(reference.size, current.size, gap, options.ksMethod),
    psi: numericPsi(reference, current),
    jensenShannon: jensenShannonDistance(histogram.reference, histogram.current),
    hellinger: hellingerDistance(histogram.reference, histogram.current),
    wasserstein: w,
    wassersteinNormed: normalisedWasserstein(reference, current, w),
    baselineDistance: numericBaselineDistance(reference, current, coefficientFor(options.alpha), gap),
  };
}

export function compareCategorical(
  reference: CategoryCounts,
  current: CategoryCounts,
  options: CompareOptions = {},
): CategoricalComparison {
  const proportions = categoryProportions(reference, current);
  const seen = (counts: CategoryCounts, category: string) => (counts.get(category) ?? 0) > 0;
  return {
    type: 'categorical',
    referenceSize: totalCount(reference, 'reference'),
    currentSize: totalCount(current, 'current'),
    categories: proportions.categories.length,
    newCategories: proportions.categories.filter((c) => !seen(reference, c)),
    missingCategories: proportions.categories.filter((c) => !seen(current, c)),
    chiSquare: chiSquareContingency(reference, current),
    chiSquareGoodnessOfFit: chiSquareGoodnessOfFit(reference, current),
    psi: categoricalPsi(reference, current),
    jensenShannon: jensenShannonDistance(proportions.reference, proportions.current),
    hellinger: hellingerDistance(proportions.reference, proportions.current),
    baselineDistance: categoricalBaselineDistance(reference, current, coefficientFor(options.alpha)),
  };
}

export type ComparisonMethod = 'simple' | 'robust';

export interface StatisticsCompareOptions extends CompareOptions {
  /** A feature drifted when its baseline distance (this one) exceeds the threshold. Default simple. */
  readonly method?: ComparisonMethod;
  /** Model Monitor's comparison_threshold, 0.1 by default. */
  readonly threshold?: number;
  /** The dataset drifted when at least this share of the compared features did (0.5). */
  readonly driftShare?: number;
}

export type FeatureComparison =
  | ({ readonly name: string; readonly drift: boolean } & (NumericComparison | CategoricalComparison))
  | { readonly name: string; readonly type: 'numerical' | 'categorical' | 'unknown'; readonly skipped: string };

export interface StatisticsComparison {
  readonly comparison: { readonly method: ComparisonMethod; readonly threshold: number };
  readonly features: FeatureComparison[];
  /** Over the features compared (skipped ones are not counted); absent when none could be compared. */
  readonly dataset?: DatasetDrift;
}

/**
 * Compares a run's statistics.json with the baseline's, feature by feature: numeric features from their KLL
 * sketches (each read as the sample it summarises), categorical ones from their value counts. Features missing on
 * one side, with another type, or without a distribution are listed with the reason they were skipped.
 */
export function compareStatisticsFiles(
  baseline: StatisticsFile,
  run: StatisticsFile,
  options: StatisticsCompareOptions = {},
): StatisticsComparison {
  const method = options.method ?? 'simple';
  const threshold = options.threshold ?? DEFAULT_COMPARISON_THRESHOLD;
  if (!(threshold >= 0) || !Number.isFinite(threshold)) throw new InvalidDriftArgumentError(`threshold must be ≥ 0, not ${threshold}`);
  const current = new Map(run.features.map((f) => [f.name, f]));
  const features: FeatureComparison[] = [];
  for (const feature of baseline.features) {
    const reference = featureDistribution(feature);
    const other = current.get(feature.name);
    current.delete(feature.name);
    if (!other) {
      features.push({ name: feature.name, type: reference.type, skipped: 'missing from the current statistics' });
      continue;
    }
    const candidate = featureDistribution(other);
    if ('missing' in reference || 'missing' in candidate || reference.type !== candidate.type) {
      const reason =
        reference.type !== candidate.type
          ? `${reference.type} in the baseline but ${candidate.type} in the current statistics`
          : 'missing' in reference
            ? `the baseline has ${reference.missing}`
            : `the current statistics have ${(candidate as { missing: string }).missing}`;
      features.push({ name: feature.name, type: reference.type, skipped: reason });
      continue;
    }
    const comparison =
      reference.type === 'numerical' && candidate.type === 'numerical'
        ? compareNumeric(
            sketchSample(reference.sketch, `baseline feature "${feature.name}"`),
            sketchSample(candidate.sketch, `current feature "${feature.name}"`),
            options,
          )
        : compareCategorical(
            (reference as { counts: Map<string, number> }).counts,
            (candidate as { counts: Map<string, number> }).counts,
            options,
          );
    features.push({ name: feature.name, drift: comparison.baselineDistance[method] > threshold, ...comparison });
  }
  for (const feature of current.values()) {
    features.push({ name: feature.name, type: featureDistribution(feature).type, skipped: 'not in the baseline statistics' });
  }
  const compared = features.filter((f): f is Extract<FeatureComparison, { drift: boolean }> => 'drift' in f);
  return {
    comparison: { method, threshold },
    features,
    ...(compared.length > 0
      ? {
          dataset: datasetDrift(
            compared.map((f) => f.drift),
            options.driftShare ?? DEFAULT_DRIFT_SHARE,
          ),
        }
      : {}),
  };
}
