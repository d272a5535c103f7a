import type { Severity } from '../findings/types';

/** One detection of a drill run, as started. */
export interface DrillItem {
  detection: string;
  title: string;
  severity: Severity;
  findingId: string;
  /** Whether a real finding of this severity pages in this stage (pageAtOrAbove): then OpsGenie must have it. */
  pages: boolean;
}

/** One row of a drill's result: the table `vigil drill` prints, and what the scheduled drill records. */
export interface DrillRow {
  detection: string;
  findingId: string;
  /** e.g. "created (P1)", "not paged (medium)", "outboxed: ...", "no receipt". */
  opsgenie: string;
  siem: string;
  /** From the drill's start to the router's receipt, wall clock; absent without a receipt. */
  latencyMs?: number;
  verdict: 'pass' | 'fail';
  /** Why it failed, one line. */
  problems: string[];
  /** The drill alert was closed (OpsGenie close by alias) and its SIEM record closed (OCSF Close). */
  closed: { opsgenie: boolean | 'n/a'; siem: boolean };
}

/** A drill run: started (items), then verified (rows, verdict). Kept in the Outbox table (DynamoDrillStore). */
export interface DrillRunRecord {
  runId: string;
  stage: string;
  /** Event time of the start (epoch ms): the drill findings' time; the schedule's time in a replay. */
  at: number;
  /** Wall clock of the start (epoch ms), for latency. */
  startedAt: number;
  items: DrillItem[];
  rows?: DrillRow[];
  verdict?: 'pass' | 'fail';
  /** Event time the run was verified (epoch ms). */
  verifiedAt?: number;
}
