import { InMemoryTelemetryEventStore, type TelemetryItem } from '../shared/telemetry/store';

/**
 * For benchmarks only: the in-memory telemetry event store, items kept and handed out by reference (no
 * copy). InMemoryTelemetryEventStore deep-copies every item in and out as DynamoDB would, since it is a
 * test store; that copy was a quarter of TelemetryArchive.archive's time in bench/telemetryStorage.ts
 * and is no part of what the archive costs in production, where DynamoDB's marshalling and round trip
 * (not measured here either) take its place.
 */
export class ByReferenceTelemetryEventStore extends InMemoryTelemetryEventStore {
  protected override copy(item: TelemetryItem): TelemetryItem {
    return item;
  }
}
