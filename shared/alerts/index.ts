export {
  DEFAULT_PAGE_AT_OR_ABOVE,
  OCSF_SEVERITY,
  OPSGENIE_PRIORITY,
  compareSeverity,
  isSeverity,
  moreSevere,
  severityFromOcsf,
  severityFromOpsGeniePriority,
  severityRank,
  shouldPage,
  toOcsfSeverity,
  toOpsGeniePriority,
} from './severity';
export type { OcsfSeverityId, OcsfSeverityLabel, OpsGeniePriority } from './severity';

export * from './opsgenie';

export { DETECTION_FINDING, OCSF_FINDING_ACTIVITIES, OCSF_VERSION, toAttacks, toOcsfDetectionFinding } from './ocsfFinding';
export type { OcsfAttack, OcsfDetectionFinding, OcsfFindingActivity, OcsfFindingOptions, OcsfObservable } from './ocsfFinding';

export { HEC_CODES, HEC_DEFAULT_MAX_BATCH_BYTES, parseHecReply, serializeHecBatches, toHecEvent } from './splunkHec';
export type { HecBatch, HecBatchResult, HecEvent, HecEventOptions, HecReply } from './splunkHec';

export { AlertDeliveryError, PermanentDeliveryError, RetryableDeliveryError } from './sinks/errors';
export type { AlertDeliveryErrorOptions } from './sinks/errors';
export type {
  AlertSink,
  DeliveryOptions,
  DeliveryResult,
  OcsfRecord,
  OpsGenieDeliveryOptions,
  OpsGenieSink,
  SiemSink,
} from './sinks/types';
export { CaptureOpsGenieSink, CaptureSiemSink } from './sinks/captureSink';
export type { RecordLine } from './sinks/captureSink';
export { SplunkHecSink, hecEventEndpoint } from './sinks/splunkHecSink';
export type { SplunkHecSinkOptions } from './sinks/splunkHecSink';
export type { HecAckOptions } from './sinks/hecAck';
export { JsonLinesSink } from './sinks/jsonLinesSink';
export type { JsonLinesSinkOptions } from './sinks/jsonLinesSink';
export { SIEM_CONFIG_KEYS, SIEM_SINK_KINDS, createSiemSink } from './sinks/createSiemSink';
export type { SiemSinkConfig, SiemSinkKind } from './sinks/createSiemSink';
export type { HttpSinkOptions } from './sinks/httpRetry';
