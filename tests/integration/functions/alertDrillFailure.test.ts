import { opsGenieCapture, startCaptureEndpoint } from '../../../infra/local/captureEndpoint';
import { EmbeddedRuntime } from '../../../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig } from '../../../infra/local/runtime/localConfig';
import { OpsGenieStandIn } from '../../../infra/local/opsgenieStandIn';

/** A failed scheduled drill is itself a finding: pipeline-drill-failed reaches the SIEM, which still works. */

const T0 = Date.parse('2026-11-30T09:10:00Z');
const hours = (n: number) => new Date(T0 + n * 3_600_000);

test('an OpsGenie that refuses the key fails the drill, and pipeline-drill-failed goes to the SIEM', async () => {
  const standIn = new OpsGenieStandIn({ apiKey: 'the-right-key' });
  const endpoint = await startCaptureEndpoint({
    nominalBaseUrl: 'https://api.opsgenie.com',
    serve: opsGenieCapture(standIn),
    record: () => undefined,
  });
  const siem: Array<Record<string, any>> = [];
  const runtime = await EmbeddedRuntime.start({
    config: parseLocalConfig({
      opsgenie: { baseUrl: endpoint.endpoint, apiKey: 'a-wrong-key' },
      drill: { enabled: true, detections: ['root-console-login'] },
    }),
    onDelivery: (sink, request) => void (sink === 'siem' && siem.push(request.body as Record<string, any>)),
  });
  try {
    for (const h of [0, 1, 2]) await runtime.tick(hours(h));
    const alarm = siem.map((r) => r.event ?? r).find((r) => r.finding_info?.types?.[0] === 'pipeline-drill-failed');
    expect(alarm).toBeDefined();
    expect(alarm.severity).toBe('High');
    expect(alarm.metadata.labels).not.toContain('drill');
    expect(alarm.finding_info.desc).toContain('root-console-login');
    expect(standIn.alerts).toEqual([]);
  } finally {
    await runtime.close();
    await endpoint.close();
  }
});
