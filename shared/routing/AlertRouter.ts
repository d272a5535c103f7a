import {
  createAlertRequest,
  shouldPage,
  toOcsfDetectionFinding,
  type DeliveryOptions,
  type OcsfRecord,
  type OpsGenieFlavour,
  type OpsGenieRequest,
  type OpsGenieSink,
  type SiemSink,
} from '../alerts';
import { alertActionUrl, alertsUrl } from '../alerts/opsgenie/paths';
import { runbookLink } from '../alerts/runbookLink';
import { resolveOpsGenieEndpoint } from '../alerts/opsgenie/endpoint';
import type { OpsGenieRequestStatusReader } from '../alerts/opsgenie/client';
import type { OcsfFindingActivity } from '../alerts/ocsfFinding';
import { toOpsGeniePriority } from '../alerts/severity';
import type { Finding, Severity } from '../findings/types';
import { Deliverer, deliveryId, InMemoryOutboxStore, type Delivery, type DeliveryReport, type OutboxStore } from '../outbox';
import { AlertPolicy } from './AlertPolicy';
import { parseRoutingConfig, type RoutingConfig } from './routingConfig';
import { InMemoryRouterStateStore } from './state/InMemoryRouterStateStore';
import type { FindingRouteState, PageRoute, RouterStateStore, SinkProgress } from './state/RouterStateStore';

/** A first delivery's outcome as the route state records it. */
const PROGRESS: Record<DeliveryReport['outcome'], SinkProgress> = { sent: 'sent', outboxed: 'outboxed', failed: 'failed' };

export interface AlertRouterOptions {
  opsgenie: OpsGenieSink;
  siem: SiemSink;
  stage: string;
  opsgenieBaseUrl: string;
  opsgenieFlavour: OpsGenieFlavour;
  pageAtOrAbove: Severity;
  productVersion: string;
  /** The stage's routing policy; default: `{}` parsed (critical and high page, everything to the SIEM). */
  routing?: RoutingConfig;
  /** Shared across instances in Lambda (DynamoDB); in memory by default, for tests. */
  state?: RouterStateStore;
  outbox?: OutboxStore;
  /** OpsGenie's request-status API: each accepted request then waits in the outbox until the drain confirms it. */
  requestStatus?: OpsGenieRequestStatusReader;
}

/** What routing one finding event did. */
export interface RouteResult {
  /** first: the finding's first occurrence (or its unfinished delivery resumed); update: a later one sent; quiet: nothing to send. */
  occurrence: 'first' | 'update' | 'quiet';
  route: PageRoute;
  deliveries: DeliveryReport[];
}

/**
 * Where a finding goes. Detectors never call a sink; this is the one place that does.
 *
 * - First occurrence: the policy (AlertPolicy) says where it pages (its own alert, folded into a summary
 *   or flapping alert, or nowhere); the SIEM always gets an OCSF Detection Finding (Create).
 * - Later occurrences of the same finding id (a higher count): at most once per `updateIntervalMinutes`
 *   of event time, an add-note with the new count on the alert it paged (never a second page) and an
 *   OCSF Update. A redelivered or out-of-order event (same or lower count) sends nothing.
 * - Every delivery goes through the Deliverer: past its sink's retries it waits in the outbox.
 *
 * Exactly-once in effect, at-least-once in fact: the route is claimed (a conditional write) before
 * anything is sent, and each sink's progress is recorded after its send. An invocation that dies in
 * between leaves the progress `pending`; the retry resends, which the alias (OpsGenie) and the OCSF
 * metadata.uid (SIEM) make harmless. Its create looks the alias up first (`resend`): a person may have
 * closed the alert meanwhile, and alias deduplication holds for open alerts only.
 */
export class AlertRouter {
  private readonly routing: RoutingConfig;
  private readonly state: RouterStateStore;
  private readonly deliverer: Deliverer;
  private readonly policy: AlertPolicy;

  constructor(private readonly options: AlertRouterOptions) {
    this.routing = options.routing ?? parseRoutingConfig({});
    this.state = options.state ?? new InMemoryRouterStateStore();
    this.deliverer = new Deliverer({
      opsgenie: options.opsgenie,
      siem: options.siem,
      outbox: options.outbox ?? new InMemoryOutboxStore(),
      ...(options.requestStatus === undefined ? {} : { requestStatus: options.requestStatus }),
    });
    this.policy = new AlertPolicy({ config: this.routing, stage: options.stage, pageAtOrAbove: options.pageAtOrAbove, state: this.state });
  }

  pages(finding: Finding): boolean {
    return shouldPage(finding.severity, this.options.pageAtOrAbove);
  }

  async route(finding: Finding, budget: DeliveryOptions = {}): Promise<RouteResult> {
    const at = Date.parse(finding.lastSeen);
    let state = await this.state.get(finding.id);
    // A claim found here was made by an earlier invocation: one still pending may have reached OpsGenie.
    let resend = state !== undefined;
    if (!state) {
      const route = await this.policy.firstRoute(finding);
      const fresh: FindingRouteState = {
        findingId: finding.id,
        route,
        opsgenie: route.kind === 'none' ? 'none' : 'pending',
        siem: 'pending',
        count: finding.count,
        firstCount: finding.count,
        routedAt: at,
        lastUpdateAt: at,
      };
      // Lost to a concurrent invocation of the same finding: continue from what it claimed.
      const claimed = await this.state.claim(fresh);
      resend = !claimed;
      state = claimed ? fresh : ((await this.state.get(finding.id)) ?? fresh);
    }
    // The first delivery is resumed only by the occurrence it was built from (a retry or a redelivery of it:
    // the same bodies, so the alias and the OCSF metadata.uid repeat). A later occurrence routed meanwhile
    // (detectors announce a grown finding, possibly while the first is being delivered) is an update.
    const firstOccurrence = finding.count === (state.firstCount ?? state.count);
    if (firstOccurrence && (state.opsgenie === 'pending' || state.siem === 'pending')) {
      // Both sinks at once (one slow receiver does not delay the other), then one write records both.
      const [page, record] = await Promise.all([
        state.opsgenie === 'pending' ? this.deliverer.send({ ...this.firstPage(finding, state.route), resend }, at, budget) : undefined,
        state.siem === 'pending' ? this.deliverer.send(this.siemDelivery(finding, 'create'), at, budget) : undefined,
      ]);
      const deliveries = [page, record].filter((d): d is DeliveryReport => d !== undefined);
      await this.state.setProgress(finding.id, Object.fromEntries(deliveries.map((d) => [d.sink, PROGRESS[d.outcome]])));
      return { occurrence: 'first', route: state.route, deliveries };
    }
    const intervalMs = this.routing.updateIntervalMinutes * 60_000;
    if (!(await this.state.claimUpdate(finding.id, finding.count, at, at - intervalMs))) {
      return { occurrence: 'quiet', route: state.route, deliveries: [] };
    }
    const route = state.route;
    const note =
      route.kind === 'none'
        ? undefined
        : this.note(finding, route.alias, `seen again: ${finding.count} occurrences, last at ${finding.lastSeen}`);
    const deliveries = await Promise.all([
      ...(note ? [this.deliverer.send(note, at, budget, waitsBehind(state.opsgenie))] : []),
      this.deliverer.send(this.siemDelivery(finding, 'update'), at, budget, waitsBehind(state.siem)),
    ]);
    return { occurrence: 'update', route: state.route, deliveries };
  }

  /**
   * OCSF events already built by their producer (the audit recorder's Authentication and API Activity
   * records), to the SIEM through the same sink and retry path as findings. They never page; a failure
   * is thrown (their event is retried by Lambda, and each record's metadata.uid makes a resend harmless).
   */
  async forwardRecords(records: readonly OcsfRecord[], options: DeliveryOptions = {}): Promise<{ forwarded: number }> {
    if (records.length === 0) return { forwarded: 0 };
    const result = await this.options.siem.deliver(records, options);
    return { forwarded: result.delivered };
  }

  private firstPage(finding: Finding, route: PageRoute): Delivery {
    if (route.kind === 'fold' && !route.first) {
      return this.note(finding, route.alias, `also ${route.why}: ${finding.title} (finding ${finding.id}, ${finding.subject})`, 'fold');
    }
    const request = route.kind === 'fold' ? this.foldCreate(finding, route) : this.findingCreate(finding);
    return {
      id: deliveryId('opsgenie', finding.id, 'create'),
      sink: 'opsgenie',
      findingId: finding.id,
      operation: 'create',
      payload: request,
    };
  }

  private findingCreate(finding: Finding): OpsGenieRequest {
    const perDetection = this.routing.detections[finding.detection] ?? {};
    const team = perDetection.team ?? this.routing.team;
    const request = createAlertRequest(finding, {
      stage: this.options.stage,
      baseUrl: this.options.opsgenieBaseUrl,
      flavour: this.options.opsgenieFlavour,
      ...(team === undefined ? {} : { team }),
      responders: [...this.routing.responders, ...(perDetection.responders ?? [])],
      extraTags: [...this.routing.tags, ...(perDetection.tags ?? [])],
      ...(this.routing.runbookBaseUrl === undefined ? {} : { runbookBaseUrl: this.routing.runbookBaseUrl }),
    });
    request.body.priority = this.priority(finding.severity);
    return request;
  }

  /** The summary (throttled) or flapping alert, opened by the first finding folded into it. */
  private foldCreate(finding: Finding, route: Extract<PageRoute, { kind: 'fold' }>): OpsGenieRequest {
    const what = route.why === 'throttled' ? 'more findings than the hourly cap' : 'flapping: the same subject keeps raising findings';
    const team = this.routing.detections[finding.detection]?.team ?? this.routing.team;
    return {
      method: 'POST',
      url: alertsUrl(this.endpoint()),
      body: {
        message: `${finding.detection}: ${what}`,
        alias: route.alias,
        description:
          `Further findings of ${finding.detection} are listed as notes on this alert.\n` +
          `First: ${finding.title} (finding ${finding.id})\n` +
          `Runbook: ${runbookLink(finding.runbook, this.routing.runbookBaseUrl)}`,
        priority: this.priority(finding.severity),
        tags: ['vigil', `stage:${this.options.stage}`, route.why, ...this.routing.tags].slice(0, 20),
        entity: finding.detection,
        source: 'vigil',
        details: { detection: finding.detection, runbook: runbookLink(finding.runbook, this.routing.runbookBaseUrl), folded: route.why },
        ...(team === undefined ? {} : { responders: [{ type: 'team' as const, name: team }] }),
      },
    };
  }

  private note(finding: Finding, alias: string, text: string, operation = 'addNote'): Delivery {
    return {
      id: deliveryId('opsgenie', finding.id, operation, finding.count),
      sink: 'opsgenie',
      findingId: finding.id,
      operation: 'addNote',
      payload: {
        method: 'POST',
        url: alertActionUrl(this.endpoint(), alias, 'addNote'),
        body: { note: text, source: 'vigil', user: 'Vigil' },
      },
    };
  }

  private siemDelivery(finding: Finding, activity: OcsfFindingActivity): Delivery {
    const record = toOcsfDetectionFinding(finding, {
      productVersion: this.options.productVersion,
      stage: this.options.stage,
      activity,
      ...(this.routing.runbookBaseUrl === undefined ? {} : { runbookBaseUrl: this.routing.runbookBaseUrl }),
    });
    return {
      id: deliveryId('siem', finding.id, activity, finding.count),
      sink: 'siem',
      findingId: finding.id,
      operation: activity,
      payload: [record],
    };
  }

  private priority(severity: Severity) {
    return (this.routing.priorities[severity] ?? toOpsGeniePriority(severity)) as ReturnType<typeof toOpsGeniePriority>;
  }

  private endpoint() {
    return resolveOpsGenieEndpoint({ baseUrl: this.options.opsgenieBaseUrl, flavour: this.options.opsgenieFlavour });
  }
}

/** An update queues in the outbox behind a first delivery that waits there or is still under way (it must not overtake it). */
function waitsBehind(progress: SinkProgress): boolean {
  return progress === 'outboxed' || progress === 'pending';
}
