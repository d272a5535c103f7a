import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { version } from '../../package.json';
import type { OpsGenieCallRecord, SiemSinkKind } from '../../shared/alerts';
import type { OpsGenieFlavour } from '../../shared/alerts/opsgenie';
import { ConfigError } from '../../shared/config';
import type { Severity } from '../../shared/findings';
import { DynamoOutboxStore } from '../../shared/outbox';
import { AlertRouter, DynamoRouterStateStore, createDeliverySinks, type RoutingConfig } from '../../shared/routing';

/** The configuration every function that delivers alerts reads (the router, the outbox drain, the drill). */
export interface AlertDeliveryConfig {
  readonly STAGE: string;
  readonly OPSGENIE_API_KEY_SECRET_ARN: string;
  readonly OPSGENIE_BASE_URL: string;
  readonly OPSGENIE_FLAVOUR: OpsGenieFlavour;
  readonly SIEM_HEC_TOKEN_SECRET_ARN: string;
  readonly SIEM_KIND: SiemSinkKind;
  readonly SIEM_HEC_URL: string;
  readonly SIEM_HEC_ACK: boolean;
  readonly SIEM_HEC_INDEX: string;
  readonly PAGE_AT_OR_ABOVE: Severity;
  readonly ALERT_ROUTING: RoutingConfig;
  readonly OUTBOX_TABLE: string;
}

export type DeliverySinks = ReturnType<typeof createDeliverySinks>;

/**
 * The OpsGenie and SIEM sinks with their secrets, fetched once per container (cached an hour). The
 * OpsGenie key comes from Secrets Manager in a stage and, on the embedded runtime, from the local
 * configuration (`opsgenie.apiKey`), which the runtime serves through its own Secrets Manager endpoint.
 */
export async function deliverySinks(config: AlertDeliveryConfig, onCall?: (call: OpsGenieCallRecord) => void): Promise<DeliverySinks> {
  const [apiKey, token] = await Promise.all([
    getSecret(config.OPSGENIE_API_KEY_SECRET_ARN, { maxAge: 3600 }),
    getSecret(config.SIEM_HEC_TOKEN_SECRET_ARN, { maxAge: 3600 }),
  ]);
  if (typeof apiKey !== 'string' || typeof token !== 'string') {
    throw new ConfigError('the OpsGenie API key and the HEC token must be plain-text secrets');
  }
  return createDeliverySinks({
    opsgenie: { apiKey, flavour: config.OPSGENIE_FLAVOUR, baseUrl: config.OPSGENIE_BASE_URL, ...(onCall ? { onCall } : {}) },
    siem: { kind: config.SIEM_KIND, url: config.SIEM_HEC_URL, token, ack: config.SIEM_HEC_ACK, index: config.SIEM_HEC_INDEX },
    delivery: config.ALERT_ROUTING.delivery,
  });
}

/** The router over these sinks, its route state and outbox in the stage's Outbox table. */
export function alertRouter(config: AlertDeliveryConfig, sinks: DeliverySinks, ddb: DynamoDBDocumentClient): AlertRouter {
  return new AlertRouter({
    ...sinks,
    stage: config.STAGE,
    opsgenieBaseUrl: config.OPSGENIE_BASE_URL,
    opsgenieFlavour: config.OPSGENIE_FLAVOUR,
    pageAtOrAbove: config.PAGE_AT_OR_ABOVE,
    productVersion: version,
    routing: config.ALERT_ROUTING,
    state: new DynamoRouterStateStore(ddb, config.OUTBOX_TABLE),
    outbox: new DynamoOutboxStore(ddb, config.OUTBOX_TABLE),
    // Every OpsGenie request accepted waits in the outbox as `checking` until the drain reads its outcome.
    requestStatus: sinks.opsgenie,
  });
}
