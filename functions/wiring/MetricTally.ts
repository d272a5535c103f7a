import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { Counter } from '../../shared/observability/Counter';

/**
 * Counts summed over one invocation, published as one value per metric name. Adding a metric per
 * record would write up to 100 values per name into each EMF blob (and Powertools flushes early at
 * 100 values), where one sum per batch says the same.
 */
export class MetricTally implements Counter {
  private readonly counts = new Map<string, number>();

  count(name: string, value = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + value);
  }

  publishTo(metrics: Metrics): void {
    for (const [name, value] of this.counts) metrics.addMetric(name, MetricUnit.Count, value);
    this.counts.clear();
  }

  /** middy: hands the invocation's sums to `metrics` before logMetrics publishes them (use it after logMetrics). */
  middleware(metrics: Metrics): MiddlewareObj {
    const publish = async () => this.publishTo(metrics);
    return { before: async () => this.counts.clear(), after: publish, onError: publish };
  }
}
