export { nsErrorOf } from './nsError';
export { type DefaultBasis, type DefaultGrouping, defaultGrouping, GROUPING_PROPERTIES } from './defaultGrouping';
export { CrashError, CrashIssueNotFoundError, CrashParameterError } from './errors';
export { normaliseFilename, packageName } from './filename';
export { fingerprintComponents, isDefaultEntry } from './fingerprint';
export { type FrameKey, frameKey } from './frameKey';
export { normaliseFunctionName, normaliseModule } from './functionName';
export { type CrashGrouping, GROUPING_VERSION, type GroupingBasis, groupCrash, groupIdOf } from './group';
export { isCrash } from './handled';
export { isInAppFrame, isThirdPartyFrame } from './inApp';
export { normaliseMessage } from './message';
export { type PlatformFamily, platformFamily } from './platform';
export { exceptionFrames } from './stack';
export { crashTitle, TITLE_MAX_LENGTH } from './title';
export { CRASH_KINDS, type CrashEventInput } from './types';
export { CrashAggregator } from './CrashAggregator';
export { type SummariseOptions, summariseCrashes } from './summariseCrashes';
export {
  type CrashGroupSummary,
  type CrashSummary,
  MAX_GROUP_EVENT_IDS,
  type MinuteCount,
  type ReleaseCount,
  type ReleaseHealth,
} from './summary';
export * from './detections';
export * from './issues';
export * from './check';
