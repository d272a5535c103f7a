import { createHmac, randomBytes } from 'node:crypto';
import { AppTelemetryEnvelopeSchema } from '../../events/schemas';
import { readReplayInputs } from '../../infra/local/replay';
import type { QuarantineEntry, QuarantineStore } from '../../shared/quarantine';
import type { TelemetryRecord } from '../../shared/telemetry/experiments';
import { TelemetryIngest } from '../../shared/telemetry';

/** What reading the captures found, beside the records: counts and reasons, never a value. */
export interface CaptureReadStats {
  batches: number;
  events: { accepted: number; quarantined: number };
  /** Items that are not a telemetry batch the envelope schema accepts (other events, unreadable lines). */
  skipped: number;
  /** The first reasons for quarantined events (paths and rules only). */
  reasons: string[];
}

const MAX_REASONS = 10;
const BATCH_DETAIL_TYPE = 'App Telemetry Batch';

/**
 * Telemetry records from captures on disk (files or directories of EventBridge events, JSON or JSON
 * Lines, .gz allowed: the replay's readers), each batch checked by the ingest the function runs
 * (TelemetryIngest, rejecting what breaks the spec, PII guard included). User ids become pseudonyms
 * under a key drawn for this run: distinct users can be counted, and nothing links them to the ids.
 */
export async function* telemetryRecordsFromCaptures(paths: string[], stats: CaptureReadStats): AsyncGenerator<TelemetryRecord> {
  const pseudonymKey = randomBytes(32);
  const pseudonym = (id: string) => createHmac('sha256', pseudonymKey).update(id).digest('hex');
  // The CLI keeps no quarantine: it records the reasons for the summary (the QuarantineStore's put is all ingest calls).
  const quarantine = {
    put: async (entry: QuarantineEntry) => {
      if (stats.reasons.length < MAX_REASONS) stats.reasons.push(entry.reason);
      return `local-${stats.reasons.length}`;
    },
  } as unknown as QuarantineStore;
  const ingest = new TelemetryIngest({ ingest: { component: 'vigil-cli', quarantine, counter: { count: () => {} } }, action: 'reject' });
  for await (const item of readReplayInputs(paths)) {
    if (item.kind !== 'event' || item.event['detail-type'] !== BATCH_DETAIL_TYPE) {
      stats.skipped += 1;
      continue;
    }
    const parsed = AppTelemetryEnvelopeSchema.safeParse(item.event);
    if (!parsed.success) {
      stats.skipped += 1;
      continue;
    }
    const outcome = await ingest.handle(parsed.data, JSON.stringify(item.event));
    stats.batches += 1;
    stats.events.accepted += outcome.accepted.length;
    stats.events.quarantined += outcome.quarantined;
    for (const e of outcome.accepted) {
      const userId = e.event.userId;
      yield {
        eventId: e.eventId,
        name: e.name,
        kind: e.kind,
        timestamp: e.event.timestamp as string,
        release: e.batch.release,
        userPseudonym: typeof userId === 'string' ? pseudonym(userId) : undefined,
        sessionId: e.event.sessionId as string | undefined,
        properties: (e.event.properties ?? {}) as Record<string, unknown>,
      };
    }
  }
}

export function emptyCaptureStats(): CaptureReadStats {
  return { batches: 0, events: { accepted: 0, quarantined: 0 }, skipped: 0, reasons: [] };
}
