import { runbookFor } from '../../../detections/definition';
import type { ConfiguredRelay } from '../../../detections/relayed';
import type { Occurrence } from '../../../findings/occurrence';
import { moreSevere } from '../../../findings/severity';
import type { CrashDetectionHit } from '../detections';

/** The `source` of every crash finding. */
export const CRASH_CHECK_FINDING_SOURCE = 'vigil.crash-check';

/** Where the check runs (the Scheduled Event's account and region). */
export interface CheckWhere {
  readonly account: string;
  readonly region: string;
}

/** How one hit contributes to its finding: the occurrence's id and time, and where its span starts. */
export interface Placement {
  readonly eventId: string;
  readonly eventTime: Date;
  readonly firstSeen?: Date;
  /** The instant that places the dedup window when the hit spans several events (all of them land in one finding). */
  readonly windowAnchor?: Date;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** A short title: what happened and to what (a group's title is normalised: it never quotes an id or an address). */
function titleOf(hit: CrashDetectionHit): string {
  const e = hit.evidence;
  switch (hit.detectionId) {
    case 'app-new-or-regressed-crash':
      return e.change === 'regressed'
        ? `Resolved app crash group seen again in ${text(e.lastRelease)}: ${text(e.title)}`
        : `New app crash group in ${text(e.firstRelease)}: ${text(e.title)}`;
    case 'app-error-burst':
      return `Burst of app error group: ${text(e.title)}`;
    default:
      return `App release ${hit.subject}: crash-free rate below its threshold`;
  }
}

/** A crash detection's hit as a finding occurrence, with this stage's severity floor and dedup window. */
export function occurrenceOf(hit: CrashDetectionHit, configured: ConfiguredRelay<unknown>, where: CheckWhere, at: Placement): Occurrence {
  const { definition } = configured.detection;
  return {
    detection: definition.id,
    severity: moreSevere(configured.severity, hit.severity ?? configured.severity),
    title: titleOf(hit),
    description: hit.description,
    subject: hit.subject,
    dedupKey: hit.dedupKey,
    mitre: [...definition.mitre],
    runbook: runbookFor(definition.id),
    source: CRASH_CHECK_FINDING_SOURCE,
    account: where.account,
    region: where.region,
    resources: [...hit.resources],
    evidence: hit.evidence,
    windowMinutes: configured.dedupWindowMinutes,
    eventId: at.eventId,
    eventTime: at.eventTime,
    ...(at.firstSeen ? { firstSeen: at.firstSeen } : {}),
    ...(at.windowAnchor ? { windowAnchor: at.windowAnchor } : {}),
  };
}
