import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { version } from '../../package.json';
import { z } from 'zod';
import { AUDIT_RECORDS_DETAIL_TYPE, AuditRecordsEventSchema } from '../../events/schemas/auditRecords';
import { FindingEventSchema } from '../../events/schemas/finding';
import { OpsGenieClient, SplunkHecSink, type DeliveryOptions, type OcsfRecord, type OpsGenieCallRecord } from '../../shared/alerts';
import { ConfigError, readConfig } from '../../shared/config';
import type { Finding } from '../../shared/findings';
import { AlertRouter } from '../../shared/routing';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

const COMPONENT = manifest.folder;
const config = readConfig(manifest.config, process.env, COMPONENT);
const deps = createBaseDependencies(COMPONENT, config);
const { logger, tally, idempotencyStore } = deps;

/**
 * Every OpsGenie call, logged with its requestId (the 202's, to look its outcome up later) and never a
 * key or a body: the key is only in the client's Authorization header.
 */
const logOpsGenieCall = (call: OpsGenieCallRecord) =>
  call.outcome === 'failed' ? logger.warn('OpsGenie call failed', { ...call }) : logger.info('OpsGenie call', { ...call });

/**
 * The sinks need their secrets: fetched once, on the first invocation, then kept for the container's life.
 * The OpsGenie key comes from Secrets Manager in a stage and, on the embedded runtime, from the local
 * configuration (`opsgenie.apiKey`), which the runtime serves through its own Secrets Manager endpoint.
 */
let router: Promise<AlertRouter> | undefined;
async function createRouter(): Promise<AlertRouter> {
  const [apiKey, token] = await Promise.all([
    getSecret(config.OPSGENIE_API_KEY_SECRET_ARN, { maxAge: 3600 }),
    getSecret(config.SIEM_HEC_TOKEN_SECRET_ARN, { maxAge: 3600 }),
  ]);
  if (typeof apiKey !== 'string' || typeof token !== 'string') {
    throw new ConfigError('the OpsGenie API key and the HEC token must be plain-text secrets');
  }
  return new AlertRouter({
    opsgenie: new OpsGenieClient({
      apiKey,
      flavour: config.OPSGENIE_FLAVOUR,
      baseUrl: config.OPSGENIE_BASE_URL,
      onCall: logOpsGenieCall,
    }),
    siem: new SplunkHecSink({ url: config.SIEM_HEC_URL, token }),
    stage: config.STAGE,
    opsgenieBaseUrl: config.OPSGENIE_BASE_URL,
    opsgenieFlavour: config.OPSGENIE_FLAVOUR,
    pageAtOrAbove: config.PAGE_AT_OR_ABOVE,
    productVersion: version,
  });
}
const routerReady = () => {
  router ??= createRouter().catch((error: unknown) => {
    router = undefined;
    throw error;
  });
  return router;
};

// Each destination is idempotent on the finding id on its own: when the SIEM fails and Lambda
// retries, OpsGenie is not paged a second time.
const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: 7 * 24 * 3600 });
const pageOnce = makeIdempotent(async (finding: Finding, budget: DeliveryOptions) => (await routerReady()).page(finding, budget), {
  persistenceStore: idempotencyStore(),
  config: idempotencyConfig,
  keyPrefix: `${COMPONENT}#opsgenie`,
});
const forwardOnce = makeIdempotent(async (finding: Finding, budget: DeliveryOptions) => (await routerReady()).forward(finding, budget), {
  persistenceStore: idempotencyStore(),
  config: idempotencyConfig,
  keyPrefix: `${COMPONENT}#siem`,
});

/**
 * Audit records: the SIEM is their only destination, so a failure is simply rethrown for Lambda's
 * retry (then the on-failure queue); a resend repeats each record's metadata.uid, which the SIEM
 * deduplicates on. The records were built by the recorder from the hash-chained store: forwarded as they are.
 */
async function forwardAuditRecords(records: readonly OcsfRecord[], budget: DeliveryOptions) {
  try {
    const { forwarded } = await (await routerReady()).forwardRecords(records, budget);
    tally.count('SiemAuditRecordsForwarded', forwarded);
    return { routed: true, forwarded };
  } catch (error) {
    tally.count('DeliveryFailures');
    logger.error('audit records delivery failed', { records: records.length, error: error as Error });
    throw error;
  }
}

const RouterEventSchema = z.discriminatedUnion('detail-type', [FindingEventSchema, AuditRecordsEventSchema]);

export const handler = eventHandler(deps, RouterEventSchema, async (event, context, budget) => {
  idempotencyConfig.registerLambdaContext(context);
  if (event['detail-type'] === AUDIT_RECORDS_DETAIL_TYPE) return forwardAuditRecords(event.detail.records as OcsfRecord[], budget);
  const finding = event.detail;
  // Both destinations are attempted even when one fails; the failure is rethrown so Lambda retries
  // (and, past its retries, the event lands in the on-failure destination). `budget` stops the
  // deliveries' retries before the Lambda timeout (functions/wiring/handlerStack.ts).
  const [paged, forwarded] = await Promise.allSettled([pageOnce(finding, budget), forwardOnce(finding, budget)]);
  if (paged.status === 'fulfilled' && paged.value.paged) tally.count('AlertsPaged');
  if (forwarded.status === 'fulfilled') tally.count('SiemRecordsForwarded', forwarded.value.forwarded);
  const failure = [paged, forwarded].find((r) => r.status === 'rejected');
  if (failure) {
    tally.count('DeliveryFailures');
    logger.error('delivery failed', { findingId: finding.id, error: failure.reason as Error });
    throw failure.reason;
  }
  const requestId = paged.status === 'fulfilled' ? paged.value.requestId : undefined;
  logger.info('finding routed', { findingId: finding.id, detection: finding.detection, severity: finding.severity, requestId });
  return { routed: true };
});
