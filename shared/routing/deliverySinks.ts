import { OpsGenieClient, type OpsGenieCallRecord, type OpsGenieFlavour } from '../alerts/opsgenie';
import { createSiemSink, type SiemSinkKind } from '../alerts/sinks/createSiemSink';
import type { HttpSinkOptions } from '../alerts/sinks/httpRetry';
import type { RoutingConfig } from './routingConfig';

/** The sinks the router and the outbox drain share, built from the stage's endpoints, secrets and delivery settings. */
export function createDeliverySinks(options: {
  opsgenie: { apiKey: string; baseUrl: string; flavour: OpsGenieFlavour; onCall?: (call: OpsGenieCallRecord) => void };
  /** The stage's SIEM: Splunk HEC (indexer acknowledgement when `ack`) or a JSON-lines endpoint (`kind`). */
  siem: { kind: SiemSinkKind; url: string; token: string; ack: boolean; index: string };
  delivery: RoutingConfig['delivery'];
}) {
  const { timeoutMs, ...retry } = options.delivery;
  const http: HttpSinkOptions = { ...(timeoutMs === undefined ? {} : { timeoutMs }), retry };
  const { index, ...siem } = options.siem;
  return {
    opsgenie: new OpsGenieClient({ ...options.opsgenie, ...http }),
    siem: createSiemSink({ ...siem, ...(index === '' ? {} : { index }), ...http }),
  };
}
