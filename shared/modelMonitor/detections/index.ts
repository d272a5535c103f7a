import type { RelayedDetection } from '../../detections/relayed';
import { modelConstraintViolations } from './modelConstraintViolations';
import { modelDatasetDrift } from './modelDatasetDrift';
import { modelFeatureDrift } from './modelFeatureDrift';
import { modelMonitorJobFailed } from './modelMonitorJobFailed';
import { modelQualityDegraded } from './modelQualityDegraded';

export { modelConstraintViolations, type ViolationParams } from './modelConstraintViolations';
export { modelDatasetDrift, type DatasetDriftParams } from './modelDatasetDrift';
export { driftLevels, linesFor, modelFeatureDrift, type DriftLevel, type DriftLines, type FeatureDriftParams } from './modelFeatureDrift';
export { modelMonitorJobFailed, type JobFailedParams } from './modelMonitorJobFailed';
export { modelQualityDegraded, type QualityParams } from './modelQualityDegraded';

/** The model detections, relayed from Model Monitor's runs by functions/model-monitor (docs/detections.md lists them). */
export const MODEL_DETECTIONS: readonly RelayedDetection[] = [
  modelFeatureDrift,
  modelDatasetDrift,
  modelQualityDegraded,
  modelConstraintViolations,
  modelMonitorJobFailed,
] as RelayedDetection[];
