import { z } from 'zod';
import type { DetectionDefinition } from '../../detections/definition';
import type { RelayedDetection } from '../../detections/relayed';
import { DAY_MINUTES, MODEL_MONITOR_SOURCE } from './source';

/**
 * model-monitor-job-failed: a monitoring run Failed or was Stopped (a run with no captured traffic
 * fails too), or a configured schedule's run did not arrive by the end of its window plus a grace
 * (the scheduled check, functions/model-monitor-check).
 */
export const MODEL_MONITOR_JOB_FAILED: DetectionDefinition = {
  id: 'model-monitor-job-failed',
  title: 'Model Monitor run failed, stopped or missing',
  severity: 'medium',
  mitre: [],
  dedupWindowMinutes: DAY_MINUTES,
};

const Schedule = z.strictObject({
  everyMinutes: z
    .number()
    .int()
    .min(60)
    .max(7 * DAY_MINUTES)
    .describe("The schedule's period (hourly: 60, daily: 1440)"),
  graceMinutes: z.number().int().min(0).max(DAY_MINUTES).default(90),
});

const JobFailedParameters = z.strictObject({
  includeStopped: z.boolean().default(true).describe('Raise stopped runs too (someone stopped the job, or it hit MaxRuntimeInSeconds)'),
  schedules: z
    .record(z.string().min(1), Schedule)
    .default({})
    .describe(
      'Schedules whose runs must arrive, by monitoring schedule name: ' +
        '{"fraud-scorer-data-quality-hourly": {"everyMinutes": 60, "graceMinutes": 90}}; ' +
        'a window with no run by its end plus the grace is raised',
    ),
});

export type JobFailedParams = z.infer<typeof JobFailedParameters>;

export const modelMonitorJobFailed: RelayedDetection<JobFailedParams> = {
  definition: MODEL_MONITOR_JOB_FAILED,
  parameters: JobFailedParameters,
  source: {
    ...MODEL_MONITOR_SOURCE,
    severity: 'the default below',
    mitre: 'none (not an attack technique)',
    dedup: 'one finding per schedule and day: every failed, stopped or missing run grows it',
  },
};
