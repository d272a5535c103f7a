import { z } from 'zod';
import type { DetectionDefinition } from '../../detections/definition';
import type { RelayedDetection } from '../../detections/relayed';
import { DAY_MINUTES, MODEL_MONITOR_SOURCE } from './source';

/** model-dataset-drift: in one run, at least `driftShare` of the compared features drifted past the baseline's threshold. */
export const MODEL_DATASET_DRIFT: DetectionDefinition = {
  id: 'model-dataset-drift',
  title: "Share of a model's input features drifted over the limit",
  severity: 'high',
  mitre: [],
  dedupWindowMinutes: DAY_MINUTES,
};

const DatasetDriftParameters = z.strictObject({
  driftShare: z
    .number()
    .gt(0)
    .max(1)
    .default(0.5)
    .describe("Share of the run's compared features over the baseline's comparison_threshold from which the dataset has drifted"),
});

export type DatasetDriftParams = z.infer<typeof DatasetDriftParameters>;

export const modelDatasetDrift: RelayedDetection<DatasetDriftParams> = {
  definition: MODEL_DATASET_DRIFT,
  parameters: DatasetDriftParameters,
  source: {
    ...MODEL_MONITOR_SOURCE,
    severity: 'the default below',
    mitre: 'none (not an attack technique)',
    dedup: 'one finding per model and day: every run that drifted grows it',
  },
};
