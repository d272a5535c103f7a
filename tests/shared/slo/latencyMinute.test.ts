import { latencyMinute, modelLatencySloBurn, objectiveFor } from '../../../shared/slo/modelLatency';
import { latencyRecord } from './latencyRecords';

describe('a ModelLatency record as the SLI of its minute', () => {
  test('bad = the invocations above the threshold, from the percentile rank', () => {
    expect(latencyMinute(latencyRecord(), 250_000)).toEqual({
      measurable: true,
      series: 'model-latency:123456789012:eu-west-1:churn-scorer/AllTraffic',
      endpoint: 'churn-scorer',
      variant: 'AllTraffic',
      count: { minute: Date.parse('2026-11-30T05:07:00Z') / 60_000, total: 1000, bad: 25 },
    });
  });

  test('PR(0:T) is read as PR(:T); a minute without invocations is measurable without it', () => {
    const record = latencyRecord({}, { 'PR(0:500000)': 99 });
    expect(latencyMinute(record, 500_000)).toMatchObject({ count: { total: 1000, bad: 10 } });
    const idle = latencyRecord({ value: { max: 0, min: 0, sum: 0, count: 0 } });
    expect(latencyMinute(idle, 500_000)).toMatchObject({ measurable: true, count: { total: 0, bad: 0 } });
  });

  test('without the PR statistic of the threshold, with another unit or without the dimensions: not measurable, and why', () => {
    expect(latencyMinute(latencyRecord(), 300_000)).toEqual({
      measurable: false,
      reason: expect.stringContaining('no PR(:300000) statistic'),
    });
    expect(latencyMinute(latencyRecord({ unit: 'Milliseconds' }), 250_000)).toEqual({
      measurable: false,
      reason: 'unit "Milliseconds", not Microseconds',
    });
    expect(latencyMinute(latencyRecord({ dimensions: { EndpointName: 'x' } }), 250_000)).toMatchObject({ measurable: false });
  });

  test('the objective: the variant, else its endpoint, else the defaults', () => {
    const params = modelLatencySloBurn.parameters.parse({
      endpoints: {
        'churn-scorer/Canary': { thresholdMicros: 400_000, target: 0.95 },
        'churn-scorer': { thresholdMicros: 250_000, target: 0.999 },
      },
    });
    expect(objectiveFor(params, 'churn-scorer', 'Canary')).toEqual({ thresholdMicros: 400_000, target: 0.95 });
    expect(objectiveFor(params, 'churn-scorer', 'AllTraffic')).toEqual({ thresholdMicros: 250_000, target: 0.999 });
    expect(objectiveFor(params, 'fraud', 'AllTraffic')).toEqual({ thresholdMicros: 1_000_000, target: 0.99 });
  });
});
