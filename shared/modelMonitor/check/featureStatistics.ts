import type { StatisticsFeature } from '../../drift';

/** What the checks read from one feature of a run's statistics.json, whatever its inferred type. */

const count = (value: unknown): number | undefined => {
  const x = typeof value === 'string' ? Number(value) : value;
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : undefined;
};

function common(feature: StatisticsFeature) {
  return feature.numerical_statistics?.common ?? feature.string_statistics?.common;
}

/** The feature's non-null values, or undefined when the statistics do not say. */
export function presentCount(feature: StatisticsFeature): number | undefined {
  return count(common(feature)?.num_present);
}

/** The feature's null values, or undefined when the statistics do not say. */
export function missingCount(feature: StatisticsFeature): number | undefined {
  return count(common(feature)?.num_missing);
}

/** The value counts of a String feature (`distribution.categorical.buckets`), keyed by the value as text. */
export function valueCounts(feature: StatisticsFeature): Map<string, number> | undefined {
  const buckets = feature.string_statistics?.distribution?.categorical?.buckets;
  if (!buckets) return undefined;
  const counts = new Map<string, number>();
  for (const bucket of buckets) counts.set(String(bucket.value), (counts.get(String(bucket.value)) ?? 0) + bucket.count);
  return counts;
}

/** The sum of a feature's value counts. */
export function countedValues(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}
