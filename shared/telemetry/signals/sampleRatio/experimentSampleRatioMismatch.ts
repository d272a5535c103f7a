import { z } from 'zod';
import appTelemetryRule from '../../../../events/rules/app-telemetry.json';
import type { DetectionDefinition } from '../../../detections/definition';
import type { RelayedDetection } from '../../../detections/relayed';
import { SAMPLE_RATIO_MISMATCH, SRM_P_THRESHOLD } from '../../experiments/sampleRatio';
import { APP_SIGNALS_FUNCTION } from '../origin';

export const EXPERIMENT_SAMPLE_RATIO_MISMATCH: DetectionDefinition = {
  id: SAMPLE_RATIO_MISMATCH,
  title: 'Sample ratio mismatch in an experiment',
  severity: 'medium',
  mitre: [],
  // One finding per experiment and day of its latest exposure: a daily re-check updates it.
  dedupWindowMinutes: 24 * 60,
};

const Parameters = z.strictObject({
  pValue: z
    .number()
    .gt(0)
    .lt(1)
    .default(SRM_P_THRESHOLD)
    .describe('Chi-square p-value under which the split is a mismatch (GrowthBook and Statsig use 0.001)'),
  minUnits: z
    .number()
    .int()
    .min(2)
    .default(200)
    .describe('Exposed units of the experiment (all variants) before the check speaks (and 8 expected in every variant)'),
  allocations: z
    .record(z.string().min(1), z.record(z.string().min(1), z.number().positive()))
    .default({})
    .describe('Configured split per experiment key: {"<experiment>": {"<variant>": weight, ...}}; equal weights for the others'),
});

export type SampleRatioParams = z.output<typeof Parameters>;

/**
 * experiment-sample-ratio-mismatch, live: exposed units per experiment and variant counted as exposures arrive
 * (shared/telemetry/experiments/ExposureCountStore.ts), checked after each batch (checkSampleRatio, chi-square
 * goodness of fit to the allocation). Concluded by functions/app-telemetry; `vigil experiments` runs the same check
 * over the stored events.
 */
export const experimentSampleRatioMismatch: RelayedDetection<SampleRatioParams> = {
  definition: EXPERIMENT_SAMPLE_RATIO_MISMATCH,
  parameters: Parameters,
  source: {
    rule: appTelemetryRule.name,
    pattern: appTelemetryRule.pattern,
    function: APP_SIGNALS_FUNCTION,
    severity: "medium: the experiment's results cannot be trusted; nothing is under attack",
    mitre: 'none (experiment integrity)',
    dedup: 'per experiment and UTC day of its latest exposure',
  },
};
