export { AuditPublisher } from './AuditPublisher';
export type { AuditPublisherOptions, PublishItem } from './AuditPublisher';
export { AuditRecorder } from './AuditRecorder';
export type { AuditRecorderOptions, RecorderInput, RecorderOutcome } from './AuditRecorder';
export { canonicalJson, genesisHash, recordHash } from './canonical';
export { emptyTail, indexAttributesOf, linkRecord, parseStoredBody, verifyChain } from './chain';
export type { BreakReason, BrokenLink, ChainTail, IndexAttributes, PartitionVerification, RawChainItem } from './chain';
export { AuditClassifier, isHumanCaller, operationActivity } from './classify';
export type { AuditClassification } from './classify';
export { SEALED_FIELDS, toAuditEntry } from './entry';
export type { EntryContext } from './entry';
export {
  AuditConflictError,
  AuditCorruptRecordError,
  AuditError,
  AuditInProgressError,
  AuditPublishError,
  AuditQueryError,
} from './errors';
export { OCSF_API_ACTIVITY, OCSF_AUTHENTICATION, toOcsfApiActivity, toOcsfAudit, toOcsfAuthentication } from './ocsf';
export type { OcsfApiActivity, OcsfAuditEvent, OcsfAuditOptions, OcsfAuthentication } from './ocsf';
export { parsePartition, partitionExpiry, partitionName, partitionOf, shardOf } from './partition';
export type { PartitionParts } from './partition';
export { MIN_PSEUDONYM_KEY_BYTES, Pseudonymizer } from './pseudonym';
export type { PseudonymKind } from './pseudonym';
export {
  AUDIT_ACTIVITIES,
  AUDIT_KINDS,
  AUDIT_OUTCOMES,
  AUDIT_SCHEMA_VERSION,
  AuditEntrySchema,
  AuditRecordSchema,
  MAX_TARGETS,
  MAX_TEXT,
} from './record';
export type { AuditActivity, AuditActor, AuditEntry, AuditKind, AuditOutcome, AuditRecord, StoredAuditRecord } from './record';
export { isWrite, operationPattern, SensitiveOperations } from './sensitiveOperations';
export type { WatchedOperation } from './sensitiveOperations';
export { AuditStore } from './store/AuditStore';
export type {
  AppendOptions,
  AppendResult,
  AuditIndex,
  AuditQuery,
  AuditStoreOptions,
  EventClaim,
  PlacedEntry,
  QueriedRecord,
  VerificationReport,
} from './store/AuditStore';
export { AUDIT_INDEXES, DynamoAuditStore } from './store/DynamoAuditStore';
export { InMemoryAuditStore } from './store/InMemoryAuditStore';
