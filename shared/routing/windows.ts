import type { Finding } from '../findings/types';
import type { RoutingWindow } from './routingConfig';

/**
 * The suppression or maintenance window a finding falls in, if any: its detection and subject match and
 * its event time (lastSeen, the occurrence being routed) is inside [start, end). Event time, never the
 * wall clock, so a replay routes as production did.
 */
export function activeWindow(windows: readonly RoutingWindow[], finding: Finding): RoutingWindow | undefined {
  const at = Date.parse(finding.lastSeen);
  return windows.find(
    (w) =>
      (w.detections === undefined || w.detections.includes(finding.detection)) &&
      (w.subject === undefined || w.subject === finding.subject) &&
      Date.parse(w.start) <= at &&
      at < Date.parse(w.end),
  );
}
