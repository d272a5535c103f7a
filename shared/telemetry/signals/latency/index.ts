export {
  type AppLatencyObjective,
  type AppLatencySloParams,
  APP_LATENCY_SLO_BURN,
  appLatencySloBurn,
  appObjective,
} from './appLatencySloBurn';
export { API_REQUEST_EVENT, AppLatencySloMonitor, type LatencyBatch } from './AppLatencySloMonitor';
export { DynamoLatencyBucketStore, LATENCY_PK_PREFIX } from './DynamoLatencyBucketStore';
export { InMemoryLatencyBucketStore } from './InMemoryLatencyBucketStore';
export { LATENCY_BUCKET_MINUTES, type LatencyBucketStore } from './LatencyBucketStore';
