import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { version } from '../../package.json';
import { ScheduledEventSchema } from '../../events/schemas/scheduledEvent';
import type { DeliveryOptions } from '../../shared/alerts';
import { ConfigError, readConfig } from '../../shared/config';
import {
  AlertDrill,
  DynamoDrillStore,
  type DrillRow,
  type DrillRunRecord,
  drillFailedFinding,
  drillReport,
  drillTargets,
  inDrillWindow,
  severityOverrides,
} from '../../shared/drill';
import { FindingPublisher } from '../../shared/findings/FindingPublisher';
import type { AlertRouter } from '../../shared/routing';
import { alertRouter, createBaseDependencies, deliverySinks, eventHandler } from '../wiring';
import { manifest } from './manifest';

const COMPONENT = manifest.folder;
const config = readConfig(manifest.config, process.env, COMPONENT);
const deps = createBaseDependencies(COMPONENT, config);
const { logger, tally, clients } = deps;
type Where = { account: string; region: string };
type Budget = DeliveryOptions;
/** A drill started this long before is finished on the next firing (the router has had an hour). */
const SETTLE_MS = 30 * 60_000;
// Unknown ids fail the cold start (a typo in alertDrill.detections must not silently drill less).
const targets = (() => {
  try {
    const ids = config.ALERT_DRILL.detections;
    return drillTargets(ids === 'all' ? undefined : ids, severityOverrides(config.DETECTION_OVERRIDES));
  } catch (cause) {
    throw new ConfigError(`ALERT_DRILL.detections: ${(cause as Error).message}`, { cause });
  }
})();

/** The drill and the router that raises pipeline-drill-failed, built on the first invocation (secrets). */
let ready: Promise<{ drill: AlertDrill; router: AlertRouter }> | undefined;
async function create(where: { account: string; region: string }) {
  const sinks = await deliverySinks(config);
  const { runbookBaseUrl } = config.ALERT_ROUTING;
  const drill = new AlertDrill({
    stage: config.STAGE,
    ...where,
    pageAtOrAbove: config.PAGE_AT_OR_ABOVE,
    productVersion: version,
    publisher: new FindingPublisher({ eventBridge: new EventBridgeClient({}), busName: config.EVENT_BUS_NAME }),
    store: new DynamoDrillStore(clients.ddb, config.OUTBOX_TABLE),
    ...sinks,
    ...(runbookBaseUrl === undefined ? {} : { runbookBaseUrl }),
  });
  return { drill, router: alertRouter(config, sinks, clients.ddb) };
}
const drillReady = (where: { account: string; region: string }) => {
  ready ??= create(where).catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
};

/** Verifies, closes and records a run; a failed one raises pipeline-drill-failed. Returns the verdict. */
async function finish(
  drill: AlertDrill,
  router: AlertRouter,
  run: DrillRunRecord,
  rows: DrillRow[],
  at: number,
  where: Where,
  budget: Budget,
) {
  const done = await drill.finish(run, await drill.close(run, rows, budget), at);
  const report = drillReport(done, done.rows ?? []);
  tally.count('DrillsPassed', report.passed);
  tally.count('DrillsFailed', report.failed);
  if (report.verdict === 'fail') {
    // A real finding, routed in-process like pipeline-delivery-failures: it reaches whichever sink still works.
    const alarm = drillFailedFinding(done, at, where);
    logger.error('alert drill failed', { runId: done.runId, failed: report.failed, findingId: alarm.id });
    await router.route(alarm, budget);
  } else logger.info('alert drill passed', { runId: done.runId, passed: report.passed });
  return report.verdict;
}

// On the schedule's time, which is event time during a replay. A redelivered firing finds the run it
// started too young to finish and not yet due: it does nothing.
export const handler = eventHandler(deps, ScheduledEventSchema, async (event, _context, budget) => {
  if (!config.ALERT_DRILL.enabled) {
    // Counted, so the invocation publishes a metric (an empty flush only warns on stderr).
    tally.count('DrillRunsDisabled');
    return { drill: 'disabled' };
  }
  const where = { account: event.account, region: event.region };
  const { drill, router } = await drillReady(where);
  const at = Date.parse(event.time);
  const latest = await drill.latestRun();
  let finished: string | undefined;
  if (latest && latest.verdict === undefined && at - latest.at >= SETTLE_MS) {
    finished = await finish(drill, router, latest, await drill.verify(latest, budget), at, where, budget);
  }
  const pending = latest !== undefined && latest.verdict === undefined && finished === undefined;
  const due = latest === undefined || at - latest.at >= config.ALERT_DRILL.everyHours * 3_600_000;
  // A due drill waits for working hours (startWithin): it pages on-call like a real finding.
  const now = inDrillWindow(at, config.ALERT_DRILL.startWithin);
  if (pending || !due || !now) {
    return { drill: pending ? 'pending' : due ? 'waiting for its window' : 'idle', ...(finished ? { finished } : {}) };
  }

  const run = await drill.start(targets, at, budget);
  logger.info('alert drill started', { runId: run.runId, detections: run.items.length });
  const wait = config.ALERT_DRILL.finishWithinSeconds;
  if (wait > 0) {
    const rows = await drill.verify(run, { ...budget, polls: Math.ceil(wait / 5), pollIntervalMs: 5000 });
    // Receipts still missing: the router is behind; the next firing finishes the run.
    if (rows.every((r) => r.opsgenie !== 'no receipt')) {
      return { drill: 'finished', runId: run.runId, verdict: await finish(drill, router, run, rows, at, where, budget) };
    }
  }
  return { drill: 'started', runId: run.runId, ...(finished ? { finished } : {}) };
});
