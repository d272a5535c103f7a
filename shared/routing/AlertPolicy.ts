import { createHash } from 'node:crypto';
import { shouldPage } from '../alerts/severity';
import { opsGenieAlias } from '../alerts/opsgenie/findingAlert';
import { isDrill } from '../drill/marker';
import type { Finding, Severity } from '../findings/types';
import type { RoutingConfig } from './routingConfig';
import type { PageRoute, RouterStateStore } from './state/RouterStateStore';
import { activeWindow } from './windows';

const HOUR_MS = 3_600_000;

/**
 * Where a finding's first occurrence pages, in this order: a suppression or maintenance window (no
 * page), the paging threshold (critical and high by default), the flapping guard (a detection and
 * subject that opened `flapping.maxPages` findings in its window folds the next ones into one flapping
 * alert), the hourly cap per detection (beyond it findings fold into one summary alert). Counters are
 * sets of finding ids (a redelivered finding counts once) in event-time buckets.
 */
export class AlertPolicy {
  constructor(private readonly options: { config: RoutingConfig; stage: string; pageAtOrAbove: Severity; state: RouterStateStore }) {}

  async firstRoute(finding: Finding): Promise<PageRoute> {
    const { config, stage, pageAtOrAbove, state } = this.options;
    if (isDrill(finding)) return drillRoute(finding, stage, pageAtOrAbove);
    const window = activeWindow(config.suppressions, finding);
    if (window) return { kind: 'none', reason: `suppressed: ${window.reason}` };
    const maintenance = activeWindow(config.maintenance, finding);
    if (maintenance) return { kind: 'none', reason: `maintenance: ${maintenance.reason}` };
    if (!shouldPage(finding.severity, pageAtOrAbove)) return { kind: 'none', reason: `severity ${finding.severity} does not page` };

    const at = Date.parse(finding.lastSeen);
    const flapMs = config.flapping.windowMinutes * 60_000;
    const flapBucket = Math.floor(at / flapMs) * flapMs;
    const subject = shortHash(finding.subject);
    const flapKey = `flap#${finding.detection}#${subject}#${flapBucket}`;
    const opened = await state.addMember(flapKey, finding.id, expiry(flapBucket + flapMs));
    if (opened > config.flapping.maxPages) {
      const alias = foldAlias(stage, 'flapping', finding.detection, `${subject}-${stamp(flapBucket)}`);
      return { kind: 'fold', alias, first: opened === config.flapping.maxPages + 1, why: 'flapping' };
    }
    const hour = Math.floor(at / HOUR_MS) * HOUR_MS;
    const paged = await state.addMember(`pages#${finding.detection}#${hour}`, finding.id, expiry(hour + HOUR_MS));
    const cap = config.maxPagesPerDetectionPerHour;
    if (paged > cap) {
      return {
        kind: 'fold',
        alias: foldAlias(stage, 'summary', finding.detection, stamp(hour)),
        first: paged === cap + 1,
        why: 'throttled',
      };
    }
    return { kind: 'create', alias: opsGenieAlias(finding, stage) };
  }
}

/**
 * A drill (shared/drill) pages exactly when a real finding of its severity would, as its own alert, but
 * outside the windows and counters: a suppression or maintenance window must not fail the drill, and a
 * drill must not count towards a real detection's flapping guard or hourly cap (it writes no counter).
 */
function drillRoute(finding: Finding, stage: string, pageAtOrAbove: Severity): PageRoute {
  if (!shouldPage(finding.severity, pageAtOrAbove)) return { kind: 'none', reason: `drill: severity ${finding.severity} does not page` };
  return { kind: 'create', alias: opsGenieAlias(finding, stage) };
}

/** A summary or flapping alert's alias: the safe charset of the finding aliases (opsgenie/findingAlert.ts). */
function foldAlias(stage: string, kind: 'summary' | 'flapping', detection: string, suffix: string): string {
  return ['vigil', stage, kind, detection, suffix].join(':');
}

/** Event-time bucket start as 20261202T0300Z. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '').concat('Z');
}

/** The subject in a key: hashed (short, a fixed charset; a subject may be long). */
function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

/** Counter sets expire a day after their bucket ends. */
function expiry(bucketEndMs: number): number {
  return Math.floor(bucketEndMs / 1000) + 86_400;
}
