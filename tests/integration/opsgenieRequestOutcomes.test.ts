import { opsGenieCapture, startCaptureEndpoint, type CapturedRequest } from '../../infra/local/captureEndpoint';
import { OpsGenieStandIn, type OpsGenieStandInOptions } from '../../infra/local/opsgenieStandIn';
import { EmbeddedRuntime } from '../../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig } from '../../infra/local/runtime/localConfig';
import { cloudTrailEvent } from '../helpers/cloudTrailEvent';

/**
 * OpsGenie answers 202 and processes later; only its request-status API tells how it went. Every request
 * it accepts waits in the outbox as `checking` until the outbox drain reads its outcome, through the same
 * functions as in a stage, against the stand-in (its own file: one embedded runtime per test file).
 */
const KEY = 'outcome-test-key';
const stop = cloudTrailEvent(
  { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 'org-trail' } },
  { id: 'stop-outcome' },
);

async function standIn(options: OpsGenieStandInOptions) {
  const store = new OpsGenieStandIn({ apiKey: KEY, ...options });
  const endpoint = await startCaptureEndpoint({
    nominalBaseUrl: 'https://api.opsgenie.com',
    serve: opsGenieCapture(store),
    record: () => undefined,
  });
  return { store, url: endpoint.endpoint, close: () => endpoint.close() };
}

test('the drain reads each accepted request’s outcome: a confirmed one leaves, a failed one stays failed and is alarmed', async () => {
  // The stop's page is accepted and then failed by OpsGenie; every other request (the alarm's own page) goes through.
  const og = await standIn({
    failProcessing: ({ action, alias }) =>
      action === 'Create' && alias.includes(':cloudtrail-stopped-or-deleted:') ? 'Integration is disabled' : undefined,
  });
  const siem: CapturedRequest[] = [];
  const runtime = await EmbeddedRuntime.start({
    config: parseLocalConfig({ opsgenie: { baseUrl: og.url, apiKey: KEY } }),
    onDelivery: (sink, r) => void (sink === 'siem' && siem.push(r)),
  });
  try {
    runtime.deliver(stop, 'default');
    await runtime.drain();
    const accepted = await runtime.deliveryLedger();
    // Accepted (202), so not in the outbox, but its outcome is still to be read.
    expect(accepted.outbox).toEqual([]);
    expect(accepted.checking).toEqual([expect.objectContaining({ sink: 'opsgenie', operation: 'create', requestId: expect.any(String) })]);

    await runtime.tick(new Date(stop.time));
    await runtime.tick(new Date(Date.parse(stop.time) + 6 * 60_000));
    const after = await runtime.deliveryLedger();
    expect(after.outbox).toEqual([
      expect.objectContaining({
        sink: 'opsgenie',
        status: 'failed',
        reason: expect.stringMatching(/^OpsGenie accepted request \S+ \(create\) and then failed it: Create: Integration is disabled$/),
      }),
    ]);
    // The alarm reached the SIEM and OpsGenie (whose create of it OpsGenie processed: it is confirmed on the next run).
    const records = siem.map((r) => r.body as { event: { finding_info?: { title: string } } });
    expect(records.some((r) => r.event.finding_info?.title.includes('alert deliveries failed or waiting past their budget'))).toBe(true);
    expect(og.store.alerts.map((a) => a.alias)).toEqual([expect.stringMatching(/:pipeline-delivery-failures:/)]);
    await runtime.tick(new Date(Date.parse(stop.time) + 12 * 60_000));
    expect((await runtime.deliveryLedger()).checking).toEqual([]);
  } finally {
    await runtime.close();
    await og.close();
  }
}, 60_000);
