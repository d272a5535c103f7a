import { findingId, windowStart } from '../findings/findingId';
import type { Finding } from '../findings/types';
import { runbookFor } from '../detections/definition';
import type { DrillRunRecord } from './DrillRunRecord';
import { DRILL_FAILED_DETECTION, PIPELINE_DETECTIONS } from './targets';

/**
 * `pipeline-drill-failed` (high): a scheduled drill found a detection whose alert did not reach OpsGenie
 * or the SIEM. High, not critical: it pages (high pages by default) at P2, and nothing is known lost yet
 * (deliveries that wait past their budget are pipeline-delivery-failures, critical). A real finding, not a
 * drill: one per run, routed like any finding, so it reaches the sink that still works. It names
 * detections, finding ids and reasons only.
 */
export function drillFailedFinding(run: DrillRunRecord, at: number, where: { account: string; region: string }): Finding {
  const failed = (run.rows ?? []).filter((r) => r.verdict === 'fail');
  const time = new Date(at).toISOString();
  const start = windowStart(new Date(run.at), 60);
  const severity = PIPELINE_DETECTIONS.find((d) => d.id === DRILL_FAILED_DETECTION)!.severity;
  return {
    id: findingId(DRILL_FAILED_DETECTION, run.runId, start),
    detection: DRILL_FAILED_DETECTION,
    severity,
    title: `Alert drill failed for ${failed.length} of ${run.items.length} detections (${run.runId})`,
    description: `Failed: ${failed
      .slice(0, 10)
      .map((r) => `${r.detection}: ${r.problems.join('; ')}`)
      .join(' | ')}${failed.length > 10 ? ` (+${failed.length - 10} more)` : ''}`,
    subject: `drill:${run.stage}`,
    dedupKey: run.runId,
    window: { start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString() },
    firstSeen: new Date(run.at).toISOString(),
    lastSeen: time,
    count: Math.max(1, failed.length),
    eventIds: [],
    mitre: [],
    runbook: runbookFor(DRILL_FAILED_DETECTION),
    source: 'vigil.drill-check',
    account: where.account,
    region: where.region,
    resources: [],
    evidence: { runId: run.runId, failed: failed.length, drilled: run.items.length, detections: failed.map((r) => r.detection).join(',') },
  };
}
