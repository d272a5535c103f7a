import { z } from 'zod';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, actorName, callEvidence, outcomeOf, text } from './evasionHelpers';

const ACTIONS: Record<string, string> = {
  StopMonitoringSchedule: 'stopped',
  DeleteMonitoringSchedule: 'deleted',
  UpdateMonitoringSchedule: 'changed',
};

/** model-monitoring-disabled: any attempt (the row does not say success) to stop, delete or change a SageMaker monitoring schedule. */
export const modelMonitoringDisabled: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'model-monitoring-disabled',
    title: 'SageMaker model monitoring stopped, deleted or changed',
    severity: 'high',
    mitre: ['T1562.001'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.sagemaker'],
    detail: { eventSource: ['sagemaker.amazonaws.com'], eventName: Object.keys(ACTIONS) },
  },
  evaluate(event) {
    const record = event.detail;
    const verb = ACTIONS[record.eventName];
    if (record.eventSource !== 'sagemaker.amazonaws.com' || !verb) return undefined;
    const schedule = text(record.requestParameters?.monitoringScheduleName) ?? 'unknown-schedule';
    const arn = text(record.responseElements?.monitoringScheduleArn);
    const account = accountOf(event);
    const region = record.awsRegion;
    const actor = actorName(record);
    return {
      subject: schedule,
      dedupKey: `${account}:${region}:${schedule}`,
      description:
        `${actor} ${verb} SageMaker monitoring schedule ${schedule} in ${region} (account ${account}); the call ${outcomeOf(record)}. ` +
        'Model Monitor no longer checks that model’s data quality or drift as it did, which can hide a poisoned or abused model.',
      resources: arn ? [arn] : [],
      evidence: { ...callEvidence(record), monitoringScheduleName: schedule },
    } satisfies DetectionHit;
  },
};
