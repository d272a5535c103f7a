import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { MetricTally } from '../../../functions/wiring/MetricTally';

const context = { functionName: 'vigil-test', awsRequestId: 'r1' } as Context;

/** One EMF blob per invocation with one summed value per metric, whatever the batch size. */
test('counts are summed over the invocation and published once, also when the handler fails', async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const emitted: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void emitted.push(line));
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const metrics = new Metrics({ namespace: 'VigilTest', serviceName: 'tally-test' });
    const tally = new MetricTally();
    let fail = false;
    const handler = middy(async (records: number) => {
      for (let i = 0; i < records; i += 1) tally.count('EventsAccepted');
      tally.count('EventsQuarantined', 2);
      if (fail) throw new Error('boom');
      return records;
    })
      .use(logMetrics(metrics))
      .use(tally.middleware(metrics));

    await handler(150, context);
    fail = true;
    await expect(handler(3, context)).rejects.toThrow('boom');

    const blobs = emitted.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(blobs).toHaveLength(2);
    expect(blobs[0]).toMatchObject({ EventsAccepted: 150, EventsQuarantined: 2 });
    expect(blobs[1]).toMatchObject({ EventsAccepted: 3, EventsQuarantined: 2 });
    expect(warn).not.toHaveBeenCalled();
  } finally {
    log.mockRestore();
    warn.mockRestore();
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  }
});
