import { findingId } from '../findings/findingId';
import type { Finding } from '../findings/types';
import { runbookFor } from '../detections/definition';
import { DRILL_EVIDENCE_KEY, DRILL_SOURCE, DRILL_TITLE_PREFIX } from './marker';
import type { DrillTarget } from './targets';

/** One drill run: its id (also in every finding it sends) and when it started (event time in a replay). */
export interface DrillRunId {
  runId: string;
  /** Epoch ms. */
  at: number;
}

/**
 * The synthetic finding a drill sends for one detection: marked (marker.ts) in its source, evidence,
 * title and subject, with the detection's severity so it pages exactly as a real one would. Its id is
 * derived from the run, so each run's findings are new findings (a fresh alias, fresh route state) and
 * a redelivered drill event lands on the same one.
 */
export function drillFinding(target: DrillTarget, run: DrillRunId, where: { account: string; region: string }): Finding {
  const time = new Date(run.at).toISOString();
  const dedupKey = `drill:${run.runId}`;
  return {
    id: findingId(target.id, dedupKey, new Date(run.at)),
    detection: target.id,
    severity: target.severity,
    title: `${DRILL_TITLE_PREFIX}${target.title}`,
    description:
      `Alert drill ${run.runId}: a synthetic finding that tests the path to on-call and the SIEM. ` +
      'No action needed; the drill closes it.',
    subject: dedupKey,
    dedupKey,
    window: { start: time, end: time },
    firstSeen: time,
    lastSeen: time,
    count: 1,
    eventIds: [],
    mitre: [],
    runbook: runbookFor(target.id),
    source: DRILL_SOURCE,
    account: where.account,
    region: where.region,
    resources: [],
    evidence: { [DRILL_EVIDENCE_KEY]: run.runId },
  };
}

/** A run id: sortable by time, unique per run (`drill-20261202T0600Z-<6 hex>`). */
export function newDrillRunId(at: number, random: () => number = Math.random): string {
  const stamp = new Date(at).toISOString().slice(0, 16).replace(/[-:]/g, '').concat('Z');
  const suffix = Math.floor(random() * 0xffffff)
    .toString(16)
    .padStart(6, '0');
  return `drill-${stamp}-${suffix}`;
}
