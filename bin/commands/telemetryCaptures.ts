import { createHmac, randomBytes } from 'node:crypto';
import { AppTelemetryEnvelopeSchema } from '../../events/schemas';
import { APP_TELEMETRY_DETAIL_TYPE, APP_TELEMETRY_SOURCE } from '../../events/telemetry';
import { readReplayInputs } from '../../infra/local/replay';
import { describeIssues } from '../../shared/ingest';
import type { QuarantineEntry, QuarantineStore } from '../../shared/quarantine';
import { TelemetryIngest } from '../../shared/telemetry';
import { type StoredTelemetryEvent, storedEvent } from '../../shared/telemetry/store';
import { splitEvent } from '../../shared/telemetry/store/toItem';

/** What reading the captures found, beside the events: counts and reasons, never a value. */
export interface CaptureTally {
  /** "App Telemetry Batch" events read (well formed or not). */
  batches: number;
  /** Events of those batches that ingest accepted (the ones yielded). */
  accepted: number;
  /** Events that ingest refused: breaking the telemetry spec, or in a batch that breaks the envelope. */
  quarantined: number;
  /** Records the reader could not use (not JSON, not an EventBridge event). */
  unreadable: number;
  /** EventBridge events that are not telemetry batches (CloudTrail, findings...). */
  other: number;
  /** The first reasons for refused events (paths and rules only). */
  reasons: string[];
}

export const emptyCaptureTally = (): CaptureTally => ({ batches: 0, accepted: 0, quarantined: 0, unreadable: 0, other: 0, reasons: [] });

const MAX_REASONS = 10;

/**
 * The telemetry events of captures on disk (files or directories of EventBridge events, JSON or JSON Lines,
 * .gz allowed: the replay's readers), each exactly as the telemetry store would give it back after a replay:
 * every batch through the ingest the function runs (TelemetryIngest: the spec, rejecting what breaks it, and
 * the PII guard), every accepted event through the store's split (Restricted values out, IP addresses
 * truncated) and its read view. So `vigil crashes` and `vigil experiments` say the same of captures as of
 * the store a replay of them kept. User ids become pseudonyms under a key drawn for this run and never
 * written anywhere: distinct users can be counted, and nothing links them to the ids.
 */
export async function* storedEventsFromCaptures(paths: string[], tally: CaptureTally): AsyncGenerator<StoredTelemetryEvent> {
  const pseudonymKey = randomBytes(32);
  const pseudonym = (id: string) => `user:${createHmac('sha256', pseudonymKey).update(id, 'utf8').digest('hex').slice(0, 32)}`;
  const reason = (text: string) => {
    if (tally.reasons.length < MAX_REASONS) tally.reasons.push(text);
  };
  // The CLI keeps no quarantine: it records the reasons for the summary (the QuarantineStore's put is all ingest calls).
  const quarantine = {
    put: async (entry: QuarantineEntry) => {
      reason(entry.reason);
      return `local-${tally.reasons.length}`;
    },
  } as unknown as QuarantineStore;
  const ingest = new TelemetryIngest({ ingest: { component: 'vigil-cli', quarantine, counter: { count: () => {} } }, action: 'reject' });
  for await (const item of readReplayInputs(paths)) {
    if (item.kind === 'quarantined') {
      tally.unreadable += 1;
      continue;
    }
    if (item.kind !== 'event' || item.event['detail-type'] !== APP_TELEMETRY_DETAIL_TYPE || item.event.source !== APP_TELEMETRY_SOURCE) {
      tally.other += 1;
      continue;
    }
    tally.batches += 1;
    const parsed = AppTelemetryEnvelopeSchema.safeParse(item.event);
    if (!parsed.success) {
      // The function quarantines such a batch whole: its events are refused with it.
      const events = (item.event.detail as { events?: unknown } | undefined)?.events;
      tally.quarantined += Array.isArray(events) ? events.length : 0;
      // Paths and messages only, keys that may be input data masked, as the function's quarantine words it.
      reason(describeIssues(parsed.error));
      continue;
    }
    const outcome = await ingest.handle(parsed.data, JSON.stringify(item.event));
    tally.accepted += outcome.accepted.length;
    tally.quarantined += outcome.quarantined;
    for (const event of outcome.accepted) {
      const userId = event.event.userId;
      yield storedEvent(splitEvent(event, typeof userId === 'string' ? pseudonym(userId) : undefined).item);
    }
  }
}
