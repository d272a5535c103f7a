import { ScheduledEventSchema } from '../../events/schemas/scheduledEvent';
import { readConfig } from '../../shared/config';
import { Deliverer, DynamoOutboxStore, OutboxDrain, deliveryFailureFinding } from '../../shared/outbox';
import { type AlertRouter, DynamoRouterStateStore } from '../../shared/routing';
import { alertRouter, createBaseDependencies, deliverySinks, eventHandler } from '../wiring';
import { manifest } from './manifest';

const COMPONENT = manifest.folder;
const config = readConfig(manifest.config, process.env, COMPONENT);
const deps = createBaseDependencies(COMPONENT, config);
const { logger, tally, clients } = deps;

/** The drain and the router it raises the overdue alarm through, built on the first invocation (secrets). */
let ready: Promise<{ drain: OutboxDrain; router: AlertRouter }> | undefined;
async function create() {
  const sinks = await deliverySinks(config);
  const store = new DynamoOutboxStore(clients.ddb, config.OUTBOX_TABLE);
  const state = new DynamoRouterStateStore(clients.ddb, config.OUTBOX_TABLE);
  const drain = new OutboxDrain({
    store,
    // OpsGenieClient reads request status: what OpsGenie accepted is confirmed here, run by run.
    deliverer: new Deliverer({ ...sinks, outbox: store, requestStatus: sinks.opsgenie }),
    budgetMs: config.ALERT_ROUTING.outboxBudgetMinutes * 60_000,
    // A first delivery that went through the outbox: the finding's sink is now sent (later updates go straight out).
    onDelivered: async (entry) => {
      if (entry.operation === 'create') await state.setProgress(entry.findingId, { [entry.sink]: 'sent' }).catch(() => undefined);
    },
  });
  return { drain, router: alertRouter(config, sinks, clients.ddb) };
}
const drainReady = () => {
  ready ??= create().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
};

// On the schedule's time, which is event time during a replay (the embedded runtime fires it on the replay's clock).
export const handler = eventHandler(deps, ScheduledEventSchema, async (event, _context, budget) => {
  const { drain, router } = await drainReady();
  const at = Date.parse(event.time);
  const result = await drain.run(at, budget);
  tally.count('OutboxDelivered', result.delivered);
  tally.count('OutboxWaiting', result.waiting.length);
  tally.count('OpsGenieRequestsConfirmed', result.checked.confirmed);
  if (result.failed > 0) tally.count('DeliveryFailures', result.failed);
  if (result.overdue.length > 0) tally.count('OutboxOverdue', result.overdue.length);
  if (result.unconfirmed.length > 0) tally.count('OpsGenieRequestsUnconfirmed', result.unconfirmed.length);
  // What reaches nobody without a person: overdue, accepted but never processed, or failed for good this run.
  const problems = [...result.overdue, ...result.unconfirmed, ...result.failures];
  if (problems.length > 0) {
    const alarm = deliveryFailureFinding(problems, at, { account: event.account, region: event.region });
    logger.error('deliveries failed or waiting past their budget', {
      findingId: alarm.id,
      overdue: result.overdue.length,
      unconfirmed: result.unconfirmed.length,
      failed: result.failed,
      subject: alarm.subject,
    });
    await router.route(alarm, budget);
  }
  return {
    delivered: result.delivered,
    waiting: result.waiting.length,
    overdue: result.overdue.length,
    confirmed: result.checked.confirmed,
    unconfirmed: result.unconfirmed.length,
    failed: result.failed,
  };
});
