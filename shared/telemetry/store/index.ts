export { TelemetryEventNotFoundError, TelemetryItemCorruptError, TelemetryStoreError } from './errors';
export { DynamoTelemetryEventStore, TELEMETRY_INDEXES } from './DynamoTelemetryEventStore';
export { InMemoryTelemetryEventStore } from './InMemoryTelemetryEventStore';
export { ITEM_VERSION, parseDoc, type TelemetryDoc, type TelemetryItem } from './item';
export { type StoredTelemetryEvent, storedEvent } from './StoredTelemetryEvent';
export {
  type OpenedTelemetryEvent,
  TelemetryArchive,
  type TelemetryArchiveOptions,
  type UserErasure,
} from './TelemetryArchive';
export {
  type ItemLookup,
  type RetentionResult,
  retentionStep,
  type SaveResult,
  TelemetryEventStore,
  type TelemetryQuery,
} from './TelemetryEventStore';
export { type SplitEvent, splitEvent } from './toItem';
