import type { SageMakerProcessingJobEvent } from '../../events/schemas/sagemakerProcessingJob';
import { MonitoringRunError } from './errors';
import { parseS3Uri, type S3Location } from './s3Location';

/** What the run found, from its status and `ExitMessage` (a run with violations still says Completed). */
export type RunOutcome =
  | { readonly kind: 'completed' }
  | { readonly kind: 'violations'; readonly count: number | undefined }
  | { readonly kind: 'failed' | 'stopped'; readonly reason: string }
  | { readonly kind: 'in-progress' };

/** A Model Monitor execution, placed from the processing-job event's documented fields. */
export interface MonitoringRun {
  readonly job: string;
  readonly jobArn: string;
  readonly schedule: string;
  /** The monitored model: the endpoint's name (`sagemaker_endpoint_name`), else the schedule's. */
  readonly model: string;
  /** DataQuality, ModelQuality, ... (`monitoring_type`); DataQuality when the environment does not say. */
  readonly monitoringType: string;
  readonly outcome: RunOutcome;
  /** Where the container wrote its reports (the processing output's S3Uri). */
  readonly reports: S3Location;
  /** The baseline's statistics.json and constraints.json, when the schedule has a baseline. */
  readonly baseline: { readonly statistics?: S3Location; readonly constraints?: S3Location };
  /** The end of the data window the run analysed (`end_time`), else when the job ended: the run's event time. */
  readonly runTime: Date;
  readonly account: string;
  readonly region: string;
}

/** Model Monitor's built-in analyzer image (the repository part of `AppSpecification.ImageUri`). */
const ANALYZER_IMAGE = /\/sagemaker-model-monitor-analyzer(?::|@|$)/;

/** The schedule name of a monitoring-schedule ARN. */
function scheduleOfArn(arn: string | undefined): string | undefined {
  const match = arn === undefined ? null : /:monitoring-schedule\/([^/]+)$/.exec(arn);
  return match?.[1];
}

/**
 * The monitoring run an event reports, or undefined for a processing job that is not one. A run is
 * recognised by its monitoring schedule (ARN or `sagemaker_monitoring_schedule_name`) or by the
 * analyzer image; tags are never required. Throws MonitoringRunError for a run whose reports cannot
 * be located (no processing output).
 */
export function monitoringRunOf(event: SageMakerProcessingJobEvent): MonitoringRun | undefined {
  const detail = event.detail;
  const env = detail.Environment ?? {};
  const schedule = scheduleOfArn(detail.MonitoringScheduleArn) ?? env.sagemaker_monitoring_schedule_name;
  const image = detail.AppSpecification?.ImageUri ?? '';
  if (schedule === undefined && !ANALYZER_IMAGE.test(image)) return undefined;
  const scheduleName = schedule ?? detail.ProcessingJobName;
  return {
    job: detail.ProcessingJobName,
    jobArn: detail.ProcessingJobArn,
    schedule: scheduleName,
    model: env.sagemaker_endpoint_name ?? scheduleName,
    monitoringType: env.monitoring_type ?? 'DataQuality',
    outcome: outcomeOf(detail.ProcessingJobStatus, detail.ExitMessage, detail.FailureReason),
    reports: reportLocation(event),
    baseline: {
      statistics: baselineFile(event, env.baseline_statistics, 'baseline', 'statistics.json'),
      constraints: baselineFile(event, env.baseline_constraints, 'constraints', 'constraints.json'),
    },
    runTime: runTimeOf(event),
    account: event.account,
    region: event.region,
  };
}

/** "CompletedWithViolations: Job completed successfully with 60 violations." and its kin. */
export function outcomeOf(status: string, exitMessage: string | undefined, failureReason: string | undefined): RunOutcome {
  if (status === 'Failed') return { kind: 'failed', reason: failureReason ?? exitMessage ?? 'no reason given' };
  if (status === 'Stopped') return { kind: 'stopped', reason: failureReason ?? exitMessage ?? 'stopped' };
  if (status !== 'Completed') return { kind: 'in-progress' };
  const message = exitMessage?.trim() ?? '';
  if (/^CompletedWithViolations\b/i.test(message)) {
    const count = /(\d+)\s+violations?\b/i.exec(message);
    return { kind: 'violations', count: count ? Number(count[1]) : undefined };
  }
  return { kind: 'completed' };
}

function reportLocation(event: SageMakerProcessingJobEvent): S3Location {
  const outputs = event.detail.ProcessingOutputConfig?.Outputs ?? [];
  const localPath = event.detail.Environment?.output_path;
  const output =
    outputs.find((o) => localPath !== undefined && o.S3Output?.LocalPath === localPath) ??
    outputs.find((o) => o.S3Output !== undefined && outputs.length === 1) ??
    outputs.find((o) => o.OutputName === 'result' && o.S3Output !== undefined);
  if (!output?.S3Output) throw new MonitoringRunError(`monitoring run ${event.detail.ProcessingJobName} names no report output (S3Uri)`);
  return parseS3Uri(output.S3Output.S3Uri);
}

/**
 * A baseline file: the processing input mounted where the environment says the container reads it
 * (`baseline_statistics` = the input's LocalPath + the file), else the input of the conventional
 * name. An input's S3Uri names the file itself or the prefix holding it.
 */
function baselineFile(event: SageMakerProcessingJobEvent, containerPath: string | undefined, inputName: string, file: string) {
  const inputs = event.detail.ProcessingInputs ?? [];
  const mounted =
    containerPath === undefined
      ? undefined
      : inputs.find((i) => i.S3Input?.LocalPath !== undefined && containerPath.startsWith(`${i.S3Input.LocalPath.replace(/\/+$/, '')}/`));
  const input = mounted ?? inputs.find((i) => i.InputName === inputName);
  if (!input?.S3Input) return undefined;
  const location = parseS3Uri(input.S3Input.S3Uri);
  if (location.key.endsWith(`/${file}`) || location.key === file) return location;
  const base = location.key.replace(/\/+$/, '');
  return { bucket: location.bucket, key: base === '' ? file : `${base}/${file}` };
}

function runTimeOf(event: SageMakerProcessingJobEvent): Date {
  const end = event.detail.Environment?.end_time;
  if (end !== undefined && Number.isFinite(Date.parse(end))) return new Date(end);
  const ended = event.detail.ProcessingEndTime ?? event.detail.LastModifiedTime;
  return new Date(ended ?? event.time);
}
