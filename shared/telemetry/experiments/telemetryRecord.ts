/**
 * A telemetry event as the analyses read it: the telemetry store's read shape (one accepted event, its
 * batch's release resolved, the user pseudonymised). Captures read by the CLI are turned into it too
 * (bin/commands/telemetryCaptures.ts), so an analysis does not know where its events come from.
 */
export interface TelemetryRecord {
  readonly eventId: string;
  readonly name: string;
  readonly kind: string;
  /** When the event happened on the device (ISO 8601). */
  readonly timestamp: string;
  readonly release: string;
  readonly userPseudonym?: string;
  readonly sessionId?: string;
  readonly deviceId?: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Where records come from: captures on disk, the telemetry store of a data dir or a stage. */
export type TelemetryRecordSource = AsyncIterable<TelemetryRecord> | Iterable<TelemetryRecord>;
