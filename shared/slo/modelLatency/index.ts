export type { LatencyMinute } from './latencyMinute';
export { latencyMinute, latencySeries, MODEL_LATENCY_UNIT } from './latencyMinute';
export type { LatencyOutcome } from './ModelLatencySloMonitor';
export { ModelLatencySloMonitor } from './ModelLatencySloMonitor';
export type { LatencyObjective, ModelLatencySloParams } from './modelLatencySloBurn';
export { MODEL_LATENCY_SLO_BURN, modelLatencySloBurn, objectiveFor } from './modelLatencySloBurn';
export type {
  FirehoseRecordIn,
  FirehoseRecordOut,
  ForwardOutcome,
  MetricStreamForwarderOptions,
  RejectedLine,
} from './MetricStreamForwarder';
export { MetricStreamForwarder } from './MetricStreamForwarder';
