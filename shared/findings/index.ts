export { FindingConflictError, FindingError, FindingPublishError } from './errors';
export { findingId, windowStart } from './findingId';
export type { Occurrence } from './occurrence';
export { FindingPublisher } from './FindingPublisher';
export type { FindingPublisherOptions } from './FindingPublisher';
export { FindingStore } from './FindingStore';
export type { RecordResult } from './FindingStore';
export { FINDING_DETAIL_TYPE, FINDING_SOURCE, MAX_EVENT_IDS, SEVERITIES } from './types';
export type { EvidenceValue, Finding, Severity } from './types';
