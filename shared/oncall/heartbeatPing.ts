import type { OpsGenieClient } from '../alerts/opsgenie/client';
import type { DeliveryOptions } from '../alerts/sinks/types';

/**
 * One ping of a heartbeat defined as code (infra/oncall/heartbeat.ts), through the OpsGenie client
 * (`GET /v2/heartbeats/{name}/ping`, retried under the invocation's budget like every OpsGenie call).
 *
 * Jira Service Management: its Opsgenie-compatible integration API has no heartbeat ping (the client
 * refuses it). Rather than fail every five minutes into the dead-letter queue, the ping is skipped with
 * its reason, which the function logs as an error and counts (`HeartbeatUnsupported`): a stage on the
 * jsm flavour has no heartbeat until JSM's own heartbeat API is wired in, and says so on every run.
 */
type HeartbeatPing = { pinged: true; name: string; requestId?: string } | { pinged: false; name: string; reason: string };

async function pingHeartbeat(
  client: Pick<OpsGenieClient, 'endpoint' | 'pingHeartbeat'>,
  name: string,
  options: DeliveryOptions = {},
): Promise<HeartbeatPing> {
  if (client.endpoint.flavour === 'jsm') {
    return {
      pinged: false,
      name,
      reason: 'the Jira Service Management integration API has no heartbeat ping; JSM heartbeats are in its ops REST API',
    };
  }
  const { requestId } = await client.pingHeartbeat(name, options);
  return { pinged: true, name, ...(requestId === undefined ? {} : { requestId }) };
}

export { pingHeartbeat };
export type { HeartbeatPing };
