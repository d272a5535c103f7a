import type { ClassifiedTelemetryEvent } from '../../TelemetryIngest';
import type { BatchOrigin } from '../origin';

/** The kind of the events that export data (events/telemetry/catalogue.ts: statement_exported). */
export const DATA_EXPORT_KIND = 'data_export';

/** One accepted export, as the baseline counts it: the user by pseudonym only. */
export interface ExportObservation {
  readonly userPseudonym: string;
  /** The telemetry event's id: a redelivered batch observes the same export again, and counts it once. */
  readonly eventId: string;
  /** Event time (the device's), epoch ms. */
  readonly time: number;
  readonly records: number;
  readonly dataset: string;
  readonly app: string;
  readonly origin: BatchOrigin;
}

export interface ExportObservationsResult {
  readonly observations: ExportObservation[];
  /** Exports without a signed-in user: no baseline to compare with (counted, never guessed). */
  readonly withoutUser: number;
}

/**
 * The exports of a batch's accepted events. `pseudonymOf` is the archive's keyed pseudonym (KMS GenerateMac,
 * cached: the archive already asked for the same ids), so the plaintext user id goes no further than here.
 */
export async function exportObservations(
  events: readonly ClassifiedTelemetryEvent[],
  origin: BatchOrigin,
  pseudonymOf: (userId: string) => Promise<string>,
): Promise<ExportObservationsResult> {
  const observations: ExportObservation[] = [];
  let withoutUser = 0;
  for (const e of events) {
    if (e.kind !== DATA_EXPORT_KIND) continue;
    const properties = (e.event.properties ?? {}) as Record<string, unknown>;
    const records = properties.recordCount;
    const time = Date.parse(String(e.event.timestamp));
    if (typeof records !== 'number' || !Number.isFinite(records) || Number.isNaN(time)) continue;
    const userId = e.event.userId;
    if (typeof userId !== 'string') {
      withoutUser += 1;
      continue;
    }
    observations.push({
      userPseudonym: await pseudonymOf(userId),
      eventId: e.eventId,
      time,
      records,
      dataset: typeof properties.dataset === 'string' ? properties.dataset : '',
      app: e.batch.app.id,
      origin,
    });
  }
  return { observations, withoutUser };
}
