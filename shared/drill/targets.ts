import { runbookFor, type DetectionDefinition } from '../detections/definition';
import { TUNABLE_DETECTIONS } from '../detections/relayed';
import { DELIVERY_FAILURES_DETECTION } from '../outbox/deliveryFailureFinding';
import { UnknownDrillDetectionError } from './errors';

/** What a drill needs of a detection: its id, its title and the severity a real finding would have. */
export type DrillTarget = Pick<DetectionDefinition, 'id' | 'title' | 'severity'>;

export const DRILL_FAILED_DETECTION = 'pipeline-drill-failed';

/**
 * The pipeline's own detections: raised by Vigil about its alerting, not by a detector. Each has a
 * runbook (docs/runbooks/<id>.md) and is drilled like the rest.
 */
export const PIPELINE_DETECTIONS: readonly DrillTarget[] = [
  { id: DELIVERY_FAILURES_DETECTION, title: 'Alert deliveries waiting in the outbox past their budget', severity: 'critical' },
  { id: DRILL_FAILED_DETECTION, title: 'An alert drill did not reach OpsGenie or the SIEM', severity: 'high' },
];

/** Every detection a drill covers: the registered and relayed ones (TUNABLE_DETECTIONS), then the pipeline's. */
export function allDrillTargets(): DrillTarget[] {
  return [...TUNABLE_DETECTIONS.map(({ definition: { id, title, severity } }) => ({ id, title, severity })), ...PIPELINE_DETECTIONS];
}

/**
 * The targets for `ids` (all when absent), in the order asked; an unknown id is refused with the
 * closest names, never skipped. `severities` are the stage's overrides (detectionOverrides), so a drill
 * pages exactly when a real finding of the detection would.
 */
export function drillTargets(ids?: readonly string[], severities: Readonly<Record<string, DrillTarget['severity']>> = {}): DrillTarget[] {
  const all = allDrillTargets().map((t) => (severities[t.id] ? { ...t, severity: severities[t.id]! } : t));
  if (ids === undefined) return all;
  const byId = new Map(all.map((t) => [t.id, t]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const near = all.filter((t) => unknown.some((u) => t.id.includes(u) || u.includes(t.id))).map((t) => t.id);
    throw new UnknownDrillDetectionError(
      `no detection ${unknown.map((u) => `"${u}"`).join(', ')}${near.length > 0 ? ` (did you mean ${near.slice(0, 5).join(', ')}?)` : ''}`,
    );
  }
  return [...new Set(ids)].map((id) => byId.get(id)!);
}

export { runbookFor };
