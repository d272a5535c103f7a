import { opsGenieCapture, startCaptureEndpoint } from '../../../../infra/local/captureEndpoint';
import { OpsGenieStandIn } from '../../../../infra/local/opsgenieStandIn';
import { EmbeddedRuntime } from '../../../../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig } from '../../../../infra/local/runtime/localConfig';
import { cloudTrailEvent } from '../../../helpers/cloudTrailEvent';

/**
 * The key from configuration locally: `opsgenie.apiKey` goes into the embedded Secrets Manager, the router
 * reads it there as it reads Secrets Manager in a stage, and sends it as `GenieKey <key>`.
 * (Its own file: a second EmbeddedRuntime in one process fails the security detector's batches, a
 * limitation of the runtime this test is not about.)
 */
const NOMINAL = 'https://api.opsgenie.com';
const stop = cloudTrailEvent(
  { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 'org-trail' } },
  { id: 'stop-configured-key' },
);

describe('The embedded runtime with a real OpsGenie configured', () => {
  it('sends the configured key (through the embedded Secrets Manager) in the GenieKey header', async () => {
    const real = new OpsGenieStandIn({ apiKey: 'configured-key-123' });
    const endpoint = await startCaptureEndpoint({ nominalBaseUrl: NOMINAL, serve: opsGenieCapture(real), record: () => {} });
    const runtime = await EmbeddedRuntime.start({
      config: parseLocalConfig({ opsgenie: { baseUrl: endpoint.endpoint, apiKey: 'configured-key-123' } }),
    });
    try {
      runtime.deliver(stop, 'default');
      await runtime.drain();
      expect(runtime.opsGenieStandIn).toBeUndefined();
      expect(real.alerts).toHaveLength(1); // the stand-in refuses any other key with a 401
      expect(runtime.stats.failedInvocations).toEqual([]);
    } finally {
      await runtime.close();
      await endpoint.close();
    }
  }, 60_000);
});
