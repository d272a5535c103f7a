import type { Severity } from '../findings/types';

/**
 * How a detection decides (docs/detections.md, "Kinds"): one event; a count or a distinct count over
 * an event-time window per group key; a subject's own baseline; an ordered sequence by one actor.
 */
export const DETECTION_KINDS = ['stateless', 'window', 'distinct-count', 'baseline', 'sequence'] as const;
export type DetectionKind = (typeof DETECTION_KINDS)[number];

/** What the catalogue fixes for a detection: its id is a contract (findings, alert aliases, runbook file), never renamed. */
export interface DetectionDefinition {
  readonly id: string;
  readonly title: string;
  /** The default; a hit may raise it (e.g. Root), a stage override may replace it. */
  readonly severity: Severity;
  readonly mitre: readonly string[];
  /** Findings of this detection with the same dedup key within this event-time window are one finding. */
  readonly dedupWindowMinutes: number;
}

/** Every detection has its on-call runbook at this path (a test fails when one is missing). */
export function runbookFor(id: string): string {
  return `docs/runbooks/${id}.md`;
}
