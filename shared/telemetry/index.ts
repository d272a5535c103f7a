export { type ClassifiedField, classifyBatchFields, classifyEvent } from './classify';
export { TelemetryCounterError, TelemetryError } from './errors';
export { type GuardedTelemetryEvent, type PiiKind, type Redaction, redactPersonalData } from './pii';
export {
  type BatchContext,
  type BatchOutcome,
  type ClassifiedTelemetryEvent,
  type CounterKey,
  describeViolations,
  resolveRelease,
  TELEMETRY_EVENT_LABEL,
  TelemetryIngest,
  type TelemetryIngestOptions,
  VIOLATION_ACTIONS,
  type ViolationAction,
} from './TelemetryIngest';
export {
  COUNTER_PK_PREFIX,
  COUNTER_RETENTION_DAYS,
  counterHour,
  counterPartitionKey,
  countsAdded,
  emptyCounts,
  type TelemetryCounts,
  TelemetryIngestCounters,
  type TelemetryIngestCountersOptions,
} from './TelemetryIngestCounters';
export { describeRules, renderTelemetrySpecMarkdown, renderTelemetrySpecText, TELEMETRY_SPEC_DOC } from './specDocs';
