export type { DriftHistoryQuery, DriftHistoryStore, DriftScore } from './DriftHistoryStore';
export { byRunTime } from './DriftHistoryStore';
export { DynamoDriftHistoryStore } from './DynamoDriftHistoryStore';
export { InMemoryDriftHistoryStore } from './InMemoryDriftHistoryStore';
export { driftTrend, type DriftTrendRow } from './driftTrend';
