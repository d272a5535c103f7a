import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SageMakerProcessingJobEventSchema, type SageMakerProcessingJobEvent } from '../../events/schemas';

/** The first sample run (events/samples/sagemaker/processing-job-state-change.jsonl), the template of the built ones. */
const TEMPLATE = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'events', 'samples', 'sagemaker', 'processing-job-state-change.jsonl'), 'utf8').split('\n')[0]!,
) as SageMakerProcessingJobEvent;

export interface RunSpec {
  id: string;
  /** The end of the run's data window (ISO, on the hour). */
  end: string;
  model?: string;
  schedule?: string;
  bucket?: string;
  /** Where the reports are: s3://bucket/<reportKey>; default reports/<model>/<schedule>/YYYY/MM/DD/HH. */
  reportKey?: string;
  baselineKey?: string;
  status?: 'Completed' | 'Failed' | 'Stopped' | 'InProgress';
  exitMessage?: string;
  failureReason?: string;
  monitoringType?: string;
  /** Leave out the baseline inputs and environment (a schedule without a baseline). */
  noBaseline?: boolean;
}

/** A Model Monitor run's processing-job state change, checked against the function's schema. */
export function monitoringRunEvent(spec: RunSpec): SageMakerProcessingJobEvent {
  const model = spec.model ?? 'fraud-scorer-prod';
  const schedule = spec.schedule ?? `${model}-data-quality-daily`;
  const bucket = spec.bucket ?? 'vigil-model-monitor-111122223333';
  const end = new Date(spec.end);
  const start = new Date(end.getTime() - 3600_000);
  const path = spec.end.slice(0, 13).replace(/[-T]/g, '/');
  const reportKey = spec.reportKey ?? `reports/${model}/${schedule}/${path}`;
  const baselineKey = spec.baselineKey ?? `baselines/${model}/2026-11-02`;
  const job = `model-monitoring-${spec.end.slice(11, 13)}00-${spec.id.replace(/-/g, '').slice(-24)}`;
  const env: Record<string, string> = {
    ...TEMPLATE.detail.Environment,
    end_time: end.toISOString().replace('.000', ''),
    start_time: start.toISOString().replace('.000', ''),
    metric_time: start.toISOString().replace('.000', ''),
    sagemaker_endpoint_name: model,
    sagemaker_monitoring_schedule_name: schedule,
    monitoring_type: spec.monitoringType ?? 'DataQuality',
  };
  const inputs = TEMPLATE.detail
    .ProcessingInputs!.filter((i) => !spec.noBaseline || i.InputName === 'input_1')
    .map((i) => ({
      ...i,
      S3Input: {
        ...i.S3Input!,
        S3Uri:
          i.InputName === 'baseline'
            ? `s3://${bucket}/${baselineKey}/statistics.json`
            : i.InputName === 'constraints'
              ? `s3://${bucket}/${baselineKey}/constraints.json`
              : `s3://${bucket}/datacapture/${model}/AllTraffic/${path}`,
      },
    }));
  if (spec.noBaseline) {
    delete env.baseline_constraints;
    delete env.baseline_statistics;
  }
  const status = spec.status ?? 'Completed';
  const endedAt = end.getTime() + 16 * 60_000;
  const event = {
    ...TEMPLATE,
    id: spec.id,
    time: new Date(endedAt).toISOString().replace('.000', ''),
    resources: [`arn:aws:sagemaker:eu-west-1:111122223333:processing-job/${job}`],
    detail: {
      ...TEMPLATE.detail,
      ProcessingJobName: job,
      ProcessingJobArn: `arn:aws:sagemaker:eu-west-1:111122223333:processing-job/${job}`,
      ProcessingJobStatus: status,
      ExitMessage: spec.exitMessage ?? (status === 'Completed' ? 'Completed: Job completed successfully with no violations.' : undefined),
      FailureReason: spec.failureReason,
      MonitoringScheduleArn: `arn:aws:sagemaker:eu-west-1:111122223333:monitoring-schedule/${schedule}`,
      ProcessingInputs: inputs,
      ProcessingOutputConfig: {
        ...TEMPLATE.detail.ProcessingOutputConfig!,
        Outputs: [
          {
            ...TEMPLATE.detail.ProcessingOutputConfig!.Outputs[0]!,
            S3Output: { ...TEMPLATE.detail.ProcessingOutputConfig!.Outputs[0]!.S3Output!, S3Uri: `s3://${bucket}/${reportKey}` },
          },
        ],
      },
      Environment: env,
      CreationTime: end.getTime() + 60_000,
      ProcessingStartTime: end.getTime() + 4 * 60_000,
      ProcessingEndTime: endedAt,
      LastModifiedTime: endedAt,
    },
  };
  return SageMakerProcessingJobEventSchema.parse(JSON.parse(JSON.stringify(event)));
}
