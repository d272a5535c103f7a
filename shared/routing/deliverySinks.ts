import { OpsGenieClient, type OpsGenieCallRecord, type OpsGenieFlavour } from '../alerts/opsgenie';
import type { HttpSinkOptions } from '../alerts/sinks/httpRetry';
import { SplunkHecSink } from '../alerts/sinks/splunkHecSink';
import type { RoutingConfig } from './routingConfig';

/** The sinks the router and the outbox drain share, built from the stage's endpoints, secrets and delivery settings. */
export function createDeliverySinks(options: {
  opsgenie: { apiKey: string; baseUrl: string; flavour: OpsGenieFlavour; onCall?: (call: OpsGenieCallRecord) => void };
  siem: { url: string; token: string };
  delivery: RoutingConfig['delivery'];
}) {
  const { timeoutMs, ...retry } = options.delivery;
  const http: HttpSinkOptions = { ...(timeoutMs === undefined ? {} : { timeoutMs }), retry };
  return {
    opsgenie: new OpsGenieClient({ ...options.opsgenie, ...http }),
    siem: new SplunkHecSink({ ...options.siem, ...http }),
  };
}
