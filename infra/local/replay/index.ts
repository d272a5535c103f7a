export { ReplayError, ReplayInputError, CloudTrailWrapError } from './errors';
export type { ExcludedDir, Origin, ReplayItem, ReadReplayOptions } from './types';
export { readReplayInputs, itemsForScan, inputJsonErrorReason } from './readInputs';
export { planReplayInputs, inputSizeBytes } from './listInputs';
export type { InputFile, InputPlan } from './listInputs';
export { isGzip, sniffText, sniffFile, GZIP_MAGIC } from './detectFormat';
export type { ContentKind, Sniffed } from './detectFormat';
export { JsonStreamScanner, rescanLine } from './jsonScanner';
export type { ScanItem, ScanMode, ScannerOptions } from './jsonScanner';
export { classifyValue, checkEventBridgeEvent } from './classify';
export type { Classified } from './classify';
export {
  DETAIL_TYPE_BY_EVENT_TYPE,
  wrapCloudTrailRecord,
  looksLikeCloudTrailRecord,
  cloudTrailDetailType,
  cloudTrailSource,
} from './wrapCloudTrail';
export type { CloudTrailRecord, CloudTrailEventType, CloudTrailDetailType } from './wrapCloudTrail';
export { cloudTrailEventId, uuidV5, CLOUDTRAIL_ID_NAMESPACE } from './eventId';
export { truncateRaw, RAW_LIMIT_BYTES, describeType } from './quarantine';
export { EVENTBRIDGE_MAX_DEPTH, EVENTBRIDGE_MAX_EVENT_BYTES, nestsDeeperThan, eventEntryBytes, eventBridgeSizeProblem } from './limits';
export { createProgress } from './progress';
export type { Progress, ProgressOptions, ProgressStream } from './progress';
