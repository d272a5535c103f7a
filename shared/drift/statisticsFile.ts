import { z } from 'zod';
import { InvalidStatisticsError } from './errors';
import type { KllSketch } from './kllSketch';

/**
 * The parts of a Model Monitor data-quality statistics.json (the baseline's and each run's, same schema) that the
 * drift statistics read. Other fields are kept as they are and ignored. Numbers the container may write as strings
 * ("NaN") are accepted where they are not used.
 */

const looseNumber = z.union([z.number(), z.string()]);

const Common = z.object({ num_present: looseNumber.optional(), num_missing: looseNumber.optional() }).loose();

const SketchSchema = z
  .object({
    parameters: z.object({ c: z.number(), k: z.number() }).loose(),
    data: z.array(z.array(z.number())),
  })
  .loose();

const NumericalStatistics = z
  .object({
    common: Common.optional(),
    mean: looseNumber.optional(),
    std_dev: looseNumber.optional(),
    min: looseNumber.optional(),
    max: looseNumber.optional(),
    distribution: z
      .object({ kll: z.object({ sketch: SketchSchema.optional() }).loose().optional() })
      .loose()
      .optional(),
  })
  .loose();

const CategoricalBucket = z.object({ value: z.union([z.string(), z.number(), z.boolean()]), count: z.number().nonnegative() }).loose();

const StringStatistics = z
  .object({
    common: Common.optional(),
    distribution: z
      .object({
        categorical: z
          .object({ buckets: z.array(CategoricalBucket) })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

const FeatureSchema = z
  .object({
    name: z.string().min(1),
    inferred_type: z.string(),
    numerical_statistics: NumericalStatistics.optional(),
    string_statistics: StringStatistics.optional(),
  })
  .loose();

export const StatisticsFileSchema = z
  .object({
    version: looseNumber.optional(),
    dataset: z.object({ item_count: looseNumber.optional() }).loose().optional(),
    features: z.array(FeatureSchema),
  })
  .loose();

export type StatisticsFile = z.infer<typeof StatisticsFileSchema>;
export type StatisticsFeature = z.infer<typeof FeatureSchema>;

/** The feature's distribution as the drift statistics read it, or why it has none. */
export type FeatureDistribution =
  | { readonly type: 'numerical'; readonly sketch: KllSketch }
  | { readonly type: 'categorical'; readonly counts: Map<string, number> }
  | { readonly type: 'numerical' | 'categorical' | 'unknown'; readonly missing: string };

/** Validates a parsed statistics.json. `source` names it in the error. */
export function parseStatisticsFile(value: unknown, source: string): StatisticsFile {
  const result = StatisticsFileSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const at = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new InvalidStatisticsError(`${source}: not a Model Monitor statistics.json: ${issue.message}${at}`);
  }
  const names = new Set<string>();
  for (const feature of result.data.features) {
    if (names.has(feature.name)) throw new InvalidStatisticsError(`${source}: feature "${feature.name}" appears twice`);
    names.add(feature.name);
  }
  return result.data;
}

/** Integral and Fractional features are numerical, String features categorical (as Model Monitor infers them). */
export function featureDistribution(feature: StatisticsFeature): FeatureDistribution {
  const type = feature.inferred_type;
  if (type === 'Integral' || type === 'Fractional') {
    const sketch = feature.numerical_statistics?.distribution?.kll?.sketch;
    if (!sketch) return { type: 'numerical', missing: 'no KLL sketch (distribution.kll.sketch)' };
    if (!sketch.data.some((level) => level.length > 0)) return { type: 'numerical', missing: 'an empty KLL sketch' };
    return { type: 'numerical', sketch };
  }
  if (type === 'String') {
    const buckets = feature.string_statistics?.distribution?.categorical?.buckets;
    if (!buckets) return { type: 'categorical', missing: 'no categorical buckets (distribution.categorical.buckets)' };
    const counts = new Map<string, number>();
    for (const bucket of buckets) {
      const key = String(bucket.value);
      counts.set(key, (counts.get(key) ?? 0) + bucket.count);
    }
    if (![...counts.values()].some((count) => count > 0)) return { type: 'categorical', missing: 'no categorical value counted' };
    return { type: 'categorical', counts };
  }
  return { type: 'unknown', missing: `inferred_type "${type}" (neither Integral, Fractional nor String)` };
}
