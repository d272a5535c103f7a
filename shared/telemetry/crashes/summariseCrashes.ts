import { CrashAggregator } from './CrashAggregator';
import type { CrashSummary } from './summary';
import type { CrashEventInput } from './types';

export interface SummariseOptions {
  /** Only this release's events. */
  readonly release?: string;
}

/**
 * Crash groups and crash-free sessions and users per release, over any source of events: an array,
 * a generator, or an AsyncIterable (the telemetry store's query, a capture reader).
 */
export async function summariseCrashes(
  events: Iterable<CrashEventInput> | AsyncIterable<CrashEventInput>,
  options: SummariseOptions = {},
): Promise<CrashSummary> {
  const aggregator = new CrashAggregator(options);
  for await (const event of events) aggregator.add(event);
  return aggregator.summary();
}
