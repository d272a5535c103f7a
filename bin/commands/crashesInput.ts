import { createHmac, randomBytes } from 'node:crypto';
import { APP_TELEMETRY_DETAIL_TYPE, APP_TELEMETRY_SOURCE, checkBatch } from '../../events/telemetry';
import { readReplayInputs } from '../../infra/local/replay';
import { resolveRelease } from '../../shared/telemetry';
import type { CrashEventInput } from '../../shared/telemetry/crashes';

/** What reading the captures left out, reported beside the groups. */
export interface CaptureCounts {
  batches: number;
  /** Events of telemetry batches that pass the spec (the ones counted). */
  events: number;
  /** Events of batches that break the envelope, and events that break the spec: not counted. */
  invalidEvents: number;
  /** Records the reader could not use (not JSON, not an EventBridge event): not counted. */
  unreadable: number;
  /** EventBridge events that are not telemetry batches (CloudTrail, findings...): ignored. */
  otherEvents: number;
}

export const emptyCaptureCounts = (): CaptureCounts => ({ batches: 0, events: 0, invalidEvents: 0, unreadable: 0, otherEvents: 0 });

/**
 * User pseudonyms for one run: an HMAC-SHA256 of the user id under a key drawn for the run and never
 * written anywhere, so users are counted without a user id (Restricted) being kept or printed.
 */
function runPseudonymizer(): (userId: string) => string {
  const key = randomBytes(32);
  return (userId) => createHmac('sha256', key).update(userId, 'utf8').digest('hex').slice(0, 32);
}

/**
 * The telemetry events of captures (files and directories the replay reads: JSON, JSON Lines, .gz),
 * as the crash aggregates read them: each "App Telemetry Batch" checked against the telemetry spec as
 * ingest checks it, and only the events that pass yielded. Counts go to `counts` as it reads.
 */
export async function* captureEvents(paths: string[], counts: CaptureCounts = emptyCaptureCounts()): AsyncGenerator<CrashEventInput> {
  const pseudonym = runPseudonymizer();
  for await (const item of readReplayInputs(paths)) {
    if (item.kind === 'quarantined') {
      counts.unreadable += 1;
      continue;
    }
    if (item.kind !== 'event' || item.event['detail-type'] !== APP_TELEMETRY_DETAIL_TYPE || item.event.source !== APP_TELEMETRY_SOURCE) {
      counts.otherEvents += 1;
      continue;
    }
    counts.batches += 1;
    const detail = item.event.detail as Record<string, unknown>;
    const check = checkBatch(detail);
    if (check.batchViolations.length > 0) {
      counts.invalidEvents += check.events.length;
      continue;
    }
    const release = resolveRelease(detail);
    const app = detail.app as { platform: string };
    for (const eventCheck of check.events) {
      if (eventCheck.violations.length > 0) {
        counts.invalidEvents += 1;
        continue;
      }
      counts.events += 1;
      const e = eventCheck.event as Record<string, unknown> & { userId?: string };
      yield {
        eventId: e.eventId as string,
        name: e.name as string,
        kind: e.kind as string,
        timestamp: e.timestamp as string,
        release,
        platform: (e.platform as string | null | undefined) ?? app.platform,
        userPseudonym: typeof e.userId === 'string' ? pseudonym(e.userId) : undefined,
        sessionId: e.sessionId as string,
        properties: e.properties as CrashEventInput['properties'],
        exception: e.exception as CrashEventInput['exception'],
        threads: e.threads as CrashEventInput['threads'],
        fingerprint: e.fingerprint as CrashEventInput['fingerprint'],
      };
    }
  }
}
