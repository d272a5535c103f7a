/*
 * Model Monitor report files built from samples, for tests and for events/s3/
 * (written by tests/helpers/writeModelMonitorSamples.ts). Synthetic: the layouts follow the AWS
 * documentation (statistics.json with KLL sketches c = 0.64, k = 2048; constraints.json;
 * constraint_violations.json); the values come from a seeded generator.
 */

/** A small seeded generator (mulberry32): the same files on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(random: () => number, mean: number, sd: number): number {
  const u = 1 - random();
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A KLL sketch of the values as Deequ's non-sampling KLL keeps it: compactor levels whose capacity
 * shrinks by c below the top one; a full level is sorted and every other item (from an alternating
 * offset) moves up, each then weighing twice as much.
 */
export function kllSketch(values: readonly number[], k = 2048, c = 0.64): { parameters: { c: number; k: number }; data: number[][] } {
  const levels: number[][] = [[]];
  let flip = 0;
  const capacity = (h: number) => Math.max(2, Math.ceil(k * c ** (levels.length - 1 - h)));
  for (const value of values) {
    levels[0]!.push(value);
    for (let h = 0; h < levels.length; h++) {
      const level = levels[h]!;
      if (level.length < capacity(h)) break;
      level.sort((x, y) => x - y);
      if (h + 1 === levels.length) levels.push([]);
      const promoted = level.filter((_, i) => i % 2 === flip);
      flip ^= 1;
      levels[h + 1]!.push(...promoted);
      levels[h] = [];
    }
  }
  return { parameters: { c, k }, data: levels };
}

export type FeatureSpec =
  | { name: string; type: 'Fractional' | 'Integral'; values: number[]; missing?: number }
  | { name: string; type: 'String'; values: string[]; missing?: number };

/** A data-quality statistics.json of these features. */
export function statisticsJson(features: readonly FeatureSpec[]): unknown {
  const count = Math.max(...features.map((f) => f.values.length + (f.missing ?? 0)));
  return {
    version: 0.0,
    dataset: { item_count: count },
    features: features.map((f) => {
      const common = { num_present: f.values.length, num_missing: f.missing ?? 0 };
      if (f.type === 'String') {
        const counts = new Map<string, number>();
        for (const v of f.values) counts.set(v, (counts.get(v) ?? 0) + 1);
        return {
          name: f.name,
          inferred_type: 'String',
          string_statistics: {
            common,
            distinct_count: counts.size,
            distribution: { categorical: { buckets: [...counts].map(([value, n]) => ({ value, count: n })) } },
          },
        };
      }
      const values = f.values;
      const min = Math.min(...values);
      const max = Math.max(...values);
      const sum = values.reduce((a, b) => a + b, 0);
      const mean = sum / values.length;
      const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
      const width = (max - min) / 10;
      const buckets = Array.from({ length: 10 }, (_, i) => {
        const lower = min + i * width;
        const upper = i === 9 ? max : min + (i + 1) * width;
        const n = values.filter((v) => v >= lower && (i === 9 ? v <= upper : v < upper)).length;
        return { lower_bound: lower, upper_bound: upper, count: n };
      });
      return {
        name: f.name,
        inferred_type: f.type,
        numerical_statistics: {
          common,
          mean,
          sum,
          std_dev: std,
          min,
          max,
          distribution: { kll: { buckets, sketch: kllSketch(values) } },
        },
      };
    }),
  };
}

/** A baseline constraints.json for these features (every feature complete, numeric ones non-negative when they are). */
export function constraintsJson(features: readonly FeatureSpec[], method: 'Simple' | 'Robust' = 'Simple', threshold = 0.1): unknown {
  return {
    version: 0.0,
    features: features.map((f) => ({
      name: f.name,
      inferred_type: f.type,
      completeness: 1.0,
      ...(f.type === 'String'
        ? { string_constraints: { domains: [...new Set(f.values)].sort() } }
        : { num_constraints: { is_non_negative: (f.values as number[]).every((v) => v >= 0) } }),
    })),
    monitoring_config: {
      evaluate_constraints: 'Enabled',
      emit_metrics: 'Enabled',
      datatype_check_threshold: 0.1,
      domain_content_threshold: 0.1,
      distribution_constraints: { perform_comparison: 'Enabled', comparison_threshold: threshold, comparison_method: method },
    },
  };
}

export function violationsJson(
  violations: ReadonlyArray<{ feature_name?: string; metric_name?: string; constraint_check_type: string; description: string }>,
): unknown {
  return { violations };
}
