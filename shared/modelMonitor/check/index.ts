export { baselineDriftCheck } from './baselineDriftCheck';
export { categoricalValuesCheck } from './categoricalValuesCheck';
export type { DataQualityInput } from './checkDataQuality';
export { checkDataQuality } from './checkDataQuality';
export type { MetricBreach } from './checkModelQuality';
export { checkModelQuality, modelQualityBreaches, violates } from './checkModelQuality';
export type { MonitoringKind, NamedDocument } from './checkRun';
export { checkMonitoringRun, monitoringKind } from './checkRun';
export { columnChecks } from './columnChecks';
export { completenessCheck } from './completenessCheck';
export type { DataQualityConstraints, FeatureConstraint, InferredType } from './dataQualityConstraints';
export { DataQualityConstraintsSchema, INFERRED_TYPES, parseDataQualityConstraints } from './dataQualityConstraints';
export { dataTypeCheck } from './dataTypeCheck';
export { InvalidConstraintsError, InvalidModelQualityStatisticsError, MismatchedMonitoringTypeError, ModelCheckError } from './errors';
export type { ComparisonOperator, ModelQualityConstraints, ModelQualityStatistics, ProblemType } from './modelQualityFiles';
export {
  COMPARISON_OPERATORS,
  ModelQualityConstraintsSchema,
  ModelQualityStatisticsSchema,
  metricStandardDeviation,
  metricValue,
  PROBLEM_TYPES,
  parseModelQualityConstraints,
  parseModelQualityStatistics,
} from './modelQualityFiles';
export type { CategoricalDriftMethod, FeatureSettings } from './settings';
export { DEFAULT_MATCH_THRESHOLD, evaluatesConstraints, featureSettings } from './settings';
export type { CheckReport, DataQualityCheckType, DataQualityViolation, ModelQualityViolation, Violation } from './violation';
export { percent } from './violation';
