import { z } from 'zod';
import { AUDIT_RECORDS_DETAIL_TYPE, AuditRecordsEventSchema } from '../../events/schemas/auditRecords';
import { FindingEventSchema } from '../../events/schemas/finding';
import type { DeliveryOptions, OcsfRecord, OpsGenieCallRecord } from '../../shared/alerts';
import { readConfig } from '../../shared/config';
import { DynamoDrillStore, drillReceipt } from '../../shared/drill';
import type { AlertRouter } from '../../shared/routing';
import { alertRouter, createBaseDependencies, deliverySinks, eventHandler } from '../wiring';
import { manifest } from './manifest';

const COMPONENT = manifest.folder;
const config = readConfig(manifest.config, process.env, COMPONENT);
const deps = createBaseDependencies(COMPONENT, config);
const { logger, tally, clients } = deps;
const drills = new DynamoDrillStore(clients.ddb, config.OUTBOX_TABLE);

/**
 * Every OpsGenie call, logged with its requestId (the 202's, to look its outcome up later) and never a
 * key or a body: the key is only in the client's Authorization header.
 */
const logOpsGenieCall = (call: OpsGenieCallRecord) =>
  call.outcome === 'failed' ? logger.warn('OpsGenie call failed', { ...call }) : logger.info('OpsGenie call', { ...call });

/** The sinks need their secrets: fetched once, on the first invocation, then kept for the container's life. */
let router: Promise<AlertRouter> | undefined;
async function createRouter(): Promise<AlertRouter> {
  return alertRouter(config, await deliverySinks(config, logOpsGenieCall), clients.ddb);
}
const routerReady = () => {
  router ??= createRouter().catch((error: unknown) => {
    router = undefined;
    throw error;
  });
  return router;
};

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

export const handler = eventHandler(deps, RouterEventSchema, async (event, _context, budget) => {
  if (event['detail-type'] === AUDIT_RECORDS_DETAIL_TYPE) return forwardAuditRecords(event.detail.records as OcsfRecord[], budget);
  const finding = event.detail;
  // Deliveries that fail past their sink's retries wait in the outbox (the drain retries them): the
  // invocation succeeds. Only a failure to record (DynamoDB) fails it, and Lambda's retry resumes.
  const result = await (await routerReady()).route(finding, budget);
  // Every finding routed, including a later occurrence the update interval holds back (it sends nothing).
  tally.count('FindingsRouted');
  for (const delivery of result.deliveries) {
    if (delivery.outcome === 'sent') tally.count(delivery.sink === 'opsgenie' ? 'OpsGenieDelivered' : 'SiemRecordsForwarded');
    else {
      tally.count(delivery.outcome === 'outboxed' ? 'DeliveriesOutboxed' : 'DeliveryFailures');
      logger.warn('delivery did not go through', { ...delivery });
    }
  }
  // A drill finding is never an incident: counted apart, and its receipt left for the drill to verify.
  const receipt = drillReceipt(finding, result, { siemAck: config.SIEM_KIND === 'splunk-hec' && config.SIEM_HEC_ACK, now: Date.now() });
  if (receipt) {
    await drills.putReceipt(receipt);
    tally.count('DrillFindingsRouted');
  } else if (result.occurrence === 'first' && result.route.kind === 'create') tally.count('AlertsPaged');
  logger.info('finding routed', {
    findingId: finding.id,
    detection: finding.detection,
    occurrence: result.occurrence,
    route: result.route.kind,
  });
  return { routed: true, occurrence: result.occurrence };
});
