import { z } from 'zod';
import type { DetectionDefinition } from '../../detections/definition';
import type { RelayedDetection } from '../../detections/relayed';
import { DATA_QUALITY_CHECKS } from '../reports';
import { DAY_MINUTES, MODEL_MONITOR_SOURCE } from './source';

/**
 * model-constraint-violations: a data-quality run's constraint_violations.json lists violations of
 * the checked kinds (data types, completeness, missing or extra columns, unknown categories, baseline drift).
 */
export const MODEL_CONSTRAINT_VIOLATIONS: DetectionDefinition = {
  id: 'model-constraint-violations',
  title: "Model input data broke its baseline's constraints",
  severity: 'low',
  mitre: [],
  dedupWindowMinutes: DAY_MINUTES,
};

const ViolationParameters = z.strictObject({
  checks: z
    .array(z.enum(DATA_QUALITY_CHECKS))
    .default([...DATA_QUALITY_CHECKS])
    .describe('The constraint_check_type values raised (bias and attribution checks of custom containers are counted as other)'),
  minViolations: z.number().int().min(1).default(1).describe('Violations of those checks in one run from which it is raised'),
});

export type ViolationParams = z.infer<typeof ViolationParameters>;

export const modelConstraintViolations: RelayedDetection<ViolationParams> = {
  definition: MODEL_CONSTRAINT_VIOLATIONS,
  parameters: ViolationParameters,
  source: {
    ...MODEL_MONITOR_SOURCE,
    severity: 'the default below',
    mitre: 'none (not an attack technique)',
    dedup: 'one finding per model and day: every run with violations grows it',
  },
};
