import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';

export const SAGEMAKER_PROCESSING_JOB_SOURCE = 'aws.sagemaker';
export const SAGEMAKER_PROCESSING_JOB_DETAIL_TYPE = 'SageMaker Processing Job State Change';

export const PROCESSING_JOB_STATUSES = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;

/** SageMaker timestamps in these events are epoch milliseconds, not ISO strings. */
const EpochMillisSchema = z.number().int().nonnegative();

const S3InputSchema = z.looseObject({
  S3Uri: z.string().startsWith('s3://'),
  LocalPath: z.string().optional(),
  S3DataType: z.string().optional(),
  S3InputMode: z.string().optional(),
  S3DataDistributionType: z.string().optional(),
});

const ProcessingInputSchema = z.looseObject({
  InputName: z.string(),
  AppManaged: z.boolean().optional(),
  S3Input: S3InputSchema.optional(),
});

const ProcessingOutputSchema = z.looseObject({
  OutputName: z.string(),
  AppManaged: z.boolean().optional(),
  S3Output: z
    .looseObject({
      S3Uri: z.string().startsWith('s3://'),
      LocalPath: z.string().optional(),
      S3UploadMode: z.string().optional(),
    })
    .optional(),
});

/**
 * The `detail` follows the DescribeProcessingJob response. Model Monitor executions are processing
 * jobs too: they carry `MonitoringScheduleArn` and the monitor's `Environment` (schedule, endpoint,
 * time window), and "Completed" may still mean violations (see `ExitMessage`). Loose: AWS adds fields.
 */
export const SageMakerProcessingJobDetailSchema = z.looseObject({
  ProcessingJobName: z.string().min(1).max(63),
  ProcessingJobArn: z.string().regex(/^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:processing-job\/.+$/),
  ProcessingJobStatus: z.enum(PROCESSING_JOB_STATUSES),
  ExitMessage: z.string().optional(),
  FailureReason: z.string().optional(),
  ProcessingInputs: z.array(ProcessingInputSchema).optional(),
  ProcessingOutputConfig: z
    .looseObject({
      Outputs: z.array(ProcessingOutputSchema),
      KmsKeyId: z.string().optional(),
    })
    .optional(),
  ProcessingResources: z.looseObject({}).optional(),
  StoppingCondition: z.looseObject({ MaxRuntimeInSeconds: z.number().optional() }).optional(),
  AppSpecification: z.looseObject({ ImageUri: z.string().optional() }).optional(),
  Environment: z.record(z.string(), z.string()).optional(),
  RoleArn: z.string().optional(),
  CreationTime: EpochMillisSchema,
  ProcessingStartTime: EpochMillisSchema.optional(),
  ProcessingEndTime: EpochMillisSchema.optional(),
  LastModifiedTime: EpochMillisSchema.optional(),
  MonitoringScheduleArn: z.string().optional(),
  TrainingJobArn: z.string().optional(),
  AutoMLJobArn: z.string().optional(),
  Tags: z.record(z.string(), z.string()).optional(),
});

export const SageMakerProcessingJobEventSchema = EventBridgeSchema.extend({
  source: z.literal(SAGEMAKER_PROCESSING_JOB_SOURCE),
  'detail-type': z.literal(SAGEMAKER_PROCESSING_JOB_DETAIL_TYPE),
  detail: SageMakerProcessingJobDetailSchema,
});

export type ProcessingJobStatus = (typeof PROCESSING_JOB_STATUSES)[number];
export type SageMakerProcessingJobDetail = z.infer<typeof SageMakerProcessingJobDetailSchema>;
export type SageMakerProcessingJobEvent = z.infer<typeof SageMakerProcessingJobEventSchema>;
