import sagemakerProcessingJobRule from '../../../events/rules/sagemaker-processing-job.json';

/** Where every model detection's evidence comes from: Model Monitor runs, as processing-job state changes. */
export const MODEL_MONITOR_SOURCE = {
  rule: sagemakerProcessingJobRule.name,
  pattern: sagemakerProcessingJobRule.pattern,
  function: 'model-monitor',
} as const;

export const DAY_MINUTES = 24 * 60;
