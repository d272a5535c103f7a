import type { z } from 'zod';
import { AppTelemetryBatchEventSchema, APP_TELEMETRY_DETAIL_TYPE } from './appTelemetry';
import { AUDIT_RECORDS_DETAIL_TYPE, AuditRecordsEventSchema } from './auditRecords';
import { CloudTrailEventSchema } from './cloudtrail';
import { METRIC_STREAM_DETAIL_TYPE, MetricStreamRecordEventSchema } from './cloudWatchMetricStream';
import { COGNITO_AUTH_DETAIL_TYPE, CognitoAuthEventSchema } from './cognitoAuthEvent';
import { FINDING_DETAIL_TYPE, FindingEventSchema } from './finding';
import { GuardDutyFindingEventSchema, GUARDDUTY_DETAIL_TYPE } from './guardduty';
import { SageMakerProcessingJobEventSchema, SAGEMAKER_PROCESSING_JOB_DETAIL_TYPE } from './sagemakerProcessingJob';

export * from './appTelemetry';
export * from './auditRecords';
export * from './cloudtrail';
export * from './cloudWatchLogs';
export * from './cloudWatchMetricStream';
export * from './cognitoAuthEvent';
export * from './finding';
export * from './guardduty';
export * from './sagemakerProcessingJob';
export * from './securityEvent';

/** The envelope schema for each detail-type a rule in events/rules routes to a function. */
export const SCHEMAS_BY_DETAIL_TYPE = {
  'AWS API Call via CloudTrail': CloudTrailEventSchema,
  'AWS Console Sign In via CloudTrail': CloudTrailEventSchema,
  'AWS Service Event via CloudTrail': CloudTrailEventSchema,
  [SAGEMAKER_PROCESSING_JOB_DETAIL_TYPE]: SageMakerProcessingJobEventSchema,
  [GUARDDUTY_DETAIL_TYPE]: GuardDutyFindingEventSchema,
  [APP_TELEMETRY_DETAIL_TYPE]: AppTelemetryBatchEventSchema,
  [FINDING_DETAIL_TYPE]: FindingEventSchema,
  [COGNITO_AUTH_DETAIL_TYPE]: CognitoAuthEventSchema,
  [AUDIT_RECORDS_DETAIL_TYPE]: AuditRecordsEventSchema,
  [METRIC_STREAM_DETAIL_TYPE]: MetricStreamRecordEventSchema,
} as const satisfies Record<string, z.ZodType>;

export type KnownDetailType = keyof typeof SCHEMAS_BY_DETAIL_TYPE;

/** The schema for a detail-type, or undefined when no Vigil contract covers it. */
export function schemaForDetailType(detailType: string): z.ZodType | undefined {
  return Object.hasOwn(SCHEMAS_BY_DETAIL_TYPE, detailType) ? SCHEMAS_BY_DETAIL_TYPE[detailType as KnownDetailType] : undefined;
}
