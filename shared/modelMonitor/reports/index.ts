export type { DataQualityCheck, ModelQualityOperator, Violation } from './constraintViolations';
export { DATA_QUALITY_CHECKS, MODEL_QUALITY_OPERATORS, parseConstraintViolations } from './constraintViolations';
export type { DriftComparisonConfig } from './constraints';
export { DEFAULT_DRIFT_COMPARISON, parseConstraints } from './constraints';
export { parseStatistics } from './statistics';
export { parseModelQualityConstraintsReport, parseModelQualityStatisticsReport } from './modelQuality';
