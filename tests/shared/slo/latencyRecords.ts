import type { MetricStreamRecord } from '../../../events/schemas';

/** A ModelLatency record as a JSON metric stream writes it, with PR(:250000) configured. */
export const latencyRecord = (overrides: Partial<MetricStreamRecord> = {}, value: Record<string, number> = {}): MetricStreamRecord => ({
  metric_stream_name: 'vigil-sagemaker-latency',
  account_id: '123456789012',
  region: 'eu-west-1',
  namespace: 'AWS/SageMaker',
  metric_name: 'ModelLatency',
  dimensions: { EndpointName: 'churn-scorer', VariantName: 'AllTraffic' },
  timestamp: Date.parse('2026-11-30T05:07:00Z'),
  value: { max: 912_000, min: 31_000, sum: 120_000_000, count: 1000, 'PR(:250000)': 97.5, ...value },
  unit: 'Microseconds',
  ...overrides,
});
