export { DynamoExposureCountStore } from './DynamoExposureCountStore';
export { ExperimentError, ExposureStoreError, InvalidAllocationError } from './errors';
export {
  DEFAULT_CONTROL,
  ExperimentAnalysis,
  type ExperimentConfig,
  type ExperimentResult,
  type VariantGoalResult,
} from './ExperimentAnalysis';
export {
  type AssignmentChange,
  type ExposureAssignment,
  type ExposureCountStore,
  exposureBefore,
} from './ExposureCountStore';
export { InMemoryExposureCountStore } from './InMemoryExposureCountStore';
export {
  type AssignmentUnit,
  CONVERSION_EVENT,
  EXPOSURE_EVENT,
  type ExperimentObservation,
  experimentObservation,
} from './observations';
export {
  type Allocation,
  checkSampleRatio,
  equalAllocation,
  SAMPLE_RATIO_MISMATCH,
  type SampleRatioCheck,
  sampleRatioOccurrence,
  SRM_MIN_EXPECTED_UNITS,
  SRM_P_THRESHOLD,
  type SrmSubject,
} from './sampleRatio';
export type { TelemetryRecord, TelemetryRecordSource } from './telemetryRecord';
export { type Proportion, type TwoProportionResult, twoProportionZTest, Z_975 } from './twoProportion';
