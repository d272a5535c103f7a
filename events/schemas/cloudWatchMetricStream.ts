import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';

/*
 * CloudWatch metric-stream records (output format `json`) on the Vigil bus, one record per event, the
 * record unchanged as the `detail`. A metric stream delivers to Kinesis Data Firehose; the stream's Firehose
 * forwards each record as a "CloudWatch Metric Stream Record" event (docs/model-latency.md says why and how).
 * The record's fields (CloudWatch user guide, "Metric streams output in JSON format"): metric_stream_name,
 * account_id, region, namespace, metric_name, dimensions, timestamp (epoch ms, the start of the minute),
 * value {max, min, sum, count, and each additional statistic the stream is configured with, by its name:
 * "p99", "PR(:250000)", ...}, unit.
 */
export const METRIC_STREAM_SOURCE = 'vigil.metric-stream';
export const METRIC_STREAM_DETAIL_TYPE = 'CloudWatch Metric Stream Record';

export const MetricStreamRecordSchema = z.looseObject({
  metric_stream_name: z.string().min(1),
  account_id: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  namespace: z.string().min(1),
  metric_name: z.string().min(1),
  dimensions: z.record(z.string(), z.string()),
  timestamp: z.number().int().nonnegative(),
  value: z.looseObject({ max: z.number(), min: z.number(), sum: z.number(), count: z.number().nonnegative() }).catchall(z.number()),
  unit: z.string().min(1),
});

export type MetricStreamRecord = z.infer<typeof MetricStreamRecordSchema>;

export const MetricStreamRecordEventSchema = EventBridgeSchema.extend({
  source: z.literal(METRIC_STREAM_SOURCE),
  'detail-type': z.literal(METRIC_STREAM_DETAIL_TYPE),
  detail: MetricStreamRecordSchema,
});

export type MetricStreamRecordEvent = z.infer<typeof MetricStreamRecordEventSchema>;
