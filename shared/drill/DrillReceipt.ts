import type { Finding } from '../findings/types';
import type { DeliveryReport } from '../outbox/Deliverer';
import type { RouteResult } from '../routing/AlertRouter';
import { drillRunOf } from './marker';

/** How far one sink's delivery of a drill finding got, as the router saw it. */
export interface DrillSinkReceipt {
  /** sent: accepted (HEC with indexer acknowledgement on: indexed); none: the route sends nothing there (severity below paging). */
  outcome: DeliveryReport['outcome'] | 'none' | 'not-sent';
  reason?: string;
  /** OpsGenie's 202 requestId, looked up later through the request-status API. */
  requestId?: string;
}

/**
 * What the alert router wrote after routing a drill finding: the only trace a drill leaves of the real
 * router's work that a verifier in another process (the CLI, the scheduled drill) can read. Written to
 * the Outbox table beside the router's state (DynamoDrillStore), never for a real finding.
 */
export interface DrillReceipt {
  findingId: string;
  runId: string;
  detection: string;
  /** The OpsGenie alias the route paged (absent: no page). */
  alias?: string;
  opsgenie: DrillSinkReceipt;
  /** `acknowledged`: the HEC sink had indexer acknowledgement on, so `sent` means indexed. */
  siem: DrillSinkReceipt & { acknowledged: boolean };
  /** Wall clock (epoch ms) when the router finished: the drill's latency is from its start to this. */
  routedAt: number;
}

/** The receipt of a routed drill finding, or undefined for a real finding (or a later occurrence: a drill sends one). */
export function drillReceipt(finding: Finding, result: RouteResult, options: { siemAck: boolean; now: number }): DrillReceipt | undefined {
  const runId = drillRunOf(finding);
  if (runId === undefined || result.occurrence !== 'first') return undefined;
  const of = (sink: 'opsgenie' | 'siem'): DrillSinkReceipt => {
    const report = result.deliveries.find((d) => d.sink === sink);
    if (!report) return { outcome: sink === 'opsgenie' && result.route.kind === 'none' ? 'none' : 'not-sent' };
    return {
      outcome: report.outcome,
      ...(report.reason === undefined ? {} : { reason: report.reason }),
      ...(report.requestId === undefined ? {} : { requestId: report.requestId }),
    };
  };
  return {
    findingId: finding.id,
    runId,
    detection: finding.detection,
    ...(result.route.kind === 'none' ? {} : { alias: result.route.alias }),
    opsgenie: of('opsgenie'),
    siem: { ...of('siem'), acknowledged: options.siemAck },
    routedAt: options.now,
  };
}
