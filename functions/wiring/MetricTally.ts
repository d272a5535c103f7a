import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { Counter, Dimensions } from '../../shared/observability/Counter';

interface Sum {
  name: string;
  dimensions: Dimensions;
  value: number;
}

/**
 * Counts summed over one invocation, published as one value per metric name and dimension set.
 * Adding a metric per record would write up to 100 values per name into each EMF blob (and
 * Powertools flushes early at 100 values), where one sum per batch says the same. Counts without
 * dimensions share the function's blob (service and stage); each dimensioned sum is a blob of its
 * own (EMF gives one blob one dimension set), with the function's default dimensions too.
 */
export class MetricTally implements Counter {
  private readonly sums = new Map<string, Sum>();

  count(name: string, value = 1, dimensions: Dimensions = {}): void {
    const entries = Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b));
    const key = JSON.stringify([name, entries]);
    const sum = this.sums.get(key);
    if (sum) sum.value += value;
    else this.sums.set(key, { name, dimensions: Object.fromEntries(entries), value });
  }

  /** The sums so far, for tests and for the local runtime: `name` or `name{k=v,...}` → value. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { name, dimensions, value } of this.sums.values()) {
      const dims = Object.entries(dimensions).map(([k, v]) => `${k}=${v}`);
      out[dims.length > 0 ? `${name}{${dims.join(',')}}` : name] = value;
    }
    return out;
  }

  publishTo(metrics: Metrics): void {
    for (const { name, dimensions, value } of this.sums.values()) {
      if (Object.keys(dimensions).length === 0) {
        metrics.addMetric(name, MetricUnit.Count, value);
        continue;
      }
      const single = metrics.singleMetric();
      single.addDimensions({ ...dimensions });
      single.addMetric(name, MetricUnit.Count, value);
    }
    this.sums.clear();
  }

  /** middy: hands the invocation's sums to `metrics` before logMetrics publishes them (use it after logMetrics). */
  middleware(metrics: Metrics): MiddlewareObj {
    const publish = async () => this.publishTo(metrics);
    return { before: async () => this.sums.clear(), after: publish, onError: publish };
  }
}
