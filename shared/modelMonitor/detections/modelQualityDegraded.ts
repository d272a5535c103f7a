import { z } from 'zod';
import type { DetectionDefinition } from '../../detections/definition';
import type { RelayedDetection } from '../../detections/relayed';
import { DAY_MINUTES, MODEL_MONITOR_SOURCE } from './source';

/** model-quality-degraded: a model-quality run found a metric (auc, f1, rmse, ...) on the wrong side of its baseline constraint. */
export const MODEL_QUALITY_DEGRADED: DetectionDefinition = {
  id: 'model-quality-degraded',
  title: 'Model quality metric broke its baseline constraint',
  severity: 'high',
  mitre: [],
  dedupWindowMinutes: DAY_MINUTES,
};

const QualityParameters = z.strictObject({
  ignoredMetrics: z
    .array(z.string().min(1))
    .default([])
    .describe('Metrics never raised, as Model Monitor names them (e.g. recall_best_constant_classifier)'),
});

export type QualityParams = z.infer<typeof QualityParameters>;

export const modelQualityDegraded: RelayedDetection<QualityParams> = {
  definition: MODEL_QUALITY_DEGRADED,
  parameters: QualityParameters,
  source: {
    ...MODEL_MONITOR_SOURCE,
    severity: 'the default below',
    mitre: 'none (not an attack technique)',
    dedup: 'one finding per model, metric and day',
  },
};
