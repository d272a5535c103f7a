import type { MetricStreamRecord } from '../../../events/schemas/cloudWatchMetricStream';
import { epochMinute, type MinuteCount } from '../minuteCounts';

/**
 * One metric-stream record of `AWS/SageMaker` `ModelLatency` as the SLI of its minute: `total` = the record's
 * `count` (invocations), `bad` = the invocations above the threshold, from the percentile-rank statistic
 * `PR(:<threshold>)` the stream is configured to send (the percentage of data points ≤ threshold):
 * bad = round(count × (100 − PR) / 100). CloudWatch's default statistics (min, max, sum, count) cannot tell how
 * many invocations were slow, so a record without that statistic cannot be measured: it is reported, not guessed.
 */
export type LatencyMinute =
  | { readonly measurable: true; readonly series: string; readonly endpoint: string; readonly variant: string; readonly count: MinuteCount }
  | { readonly measurable: false; readonly reason: string };

export const MODEL_LATENCY_UNIT = 'Microseconds';

/** The series key of an endpoint variant (the SLO's key in the bucket store). */
export const latencySeries = (account: string, region: string, endpoint: string, variant: string) =>
  `model-latency:${account}:${region}:${endpoint}/${variant}`;

export function latencyMinute(record: MetricStreamRecord, thresholdMicros: number): LatencyMinute {
  const endpoint = record.dimensions.EndpointName;
  const variant = record.dimensions.VariantName;
  if (!endpoint || !variant) return { measurable: false, reason: 'the record has no EndpointName and VariantName dimensions' };
  if (record.unit !== MODEL_LATENCY_UNIT) return { measurable: false, reason: `unit "${record.unit}", not ${MODEL_LATENCY_UNIT}` };
  const total = record.value.count;
  if (!Number.isInteger(total)) return { measurable: false, reason: `count ${total} is not a whole number of invocations` };
  const rank = percentileRank(record.value, thresholdMicros);
  if (rank === undefined && total > 0) {
    return {
      measurable: false,
      reason: `no PR(:${thresholdMicros}) statistic in the record: add it to the metric stream's statistics configuration for ModelLatency`,
    };
  }
  const bad = total === 0 ? 0 : Math.round((total * (100 - rank!)) / 100);
  return {
    measurable: true,
    series: latencySeries(record.account_id, record.region, endpoint, variant),
    endpoint,
    variant,
    count: { minute: epochMinute(record.timestamp), total, bad: Math.min(total, Math.max(0, bad)) },
  };
}

/** The value of `PR(:T)` or `PR(0:T)` for T = threshold, in [0, 100], if the record carries it. */
function percentileRank(value: Record<string, number>, threshold: number): number | undefined {
  for (const [name, x] of Object.entries(value)) {
    const match = /^PR\((0?(?:\.0*)?)?:([0-9.]+)\)$/i.exec(name);
    if (match && Number(match[2]) === threshold && x >= 0 && x <= 100) return x;
  }
  return undefined;
}
