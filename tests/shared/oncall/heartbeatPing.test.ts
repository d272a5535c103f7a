import { resolveOpsGenieEndpoint } from '../../../shared/alerts/opsgenie/endpoint';
import { pingHeartbeat } from '../../../shared/oncall';

function client(flavour: 'opsgenie' | 'jsm') {
  const pings: string[] = [];
  return {
    pings,
    endpoint: resolveOpsGenieEndpoint({ flavour }),
    async pingHeartbeat(name: string) {
      pings.push(name);
      return { sink: flavour, delivered: 1, attempts: 1, operation: 'heartbeatPing' as const, requestId: 'r-1', truncated: [] };
    },
  };
}

test('pings the named heartbeat and returns the request id', async () => {
  const og = client('opsgenie');
  await expect(pingHeartbeat(og, 'vigil-prod-pipeline')).resolves.toEqual({ pinged: true, name: 'vigil-prod-pipeline', requestId: 'r-1' });
  expect(og.pings).toEqual(['vigil-prod-pipeline']);
});

test('on Jira Service Management nothing is sent, and the reason is returned for the log and the metric', async () => {
  const jsm = client('jsm');
  const ping = await pingHeartbeat(jsm, 'vigil-prod-pipeline');
  expect(ping).toMatchObject({ pinged: false, reason: expect.stringContaining('no heartbeat ping') });
  expect(jsm.pings).toEqual([]);
});
