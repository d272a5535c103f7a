import type { z } from 'zod';
import type { BaseConfigSchema } from '../../shared/config/schemas';

/*
 * A function manifest: everything the deployment (serverless.yml, through renderServerless.ts), the
 * embedded runtime (infra/local/runtime) and the tests need to know about one Lambda, written once,
 * beside its handler in functions/<folder>/manifest.ts. Adding a function is its folder (a handler
 * and a manifest), nothing else.
 */

/** The DynamoDB tables of infra/resources/tables.yml, by logical id. */
export type TableId = 'Findings' | 'DetectionState' | 'Idempotency' | 'Quarantine' | 'Outbox' | 'AuditTrail' | 'TelemetryEvents';

/**
 * Where an environment variable's value comes from. Each kind renders to a CloudFormation value in a
 * stage and to the embedded endpoint's value locally (infra/local/runtime/functionEnvironment.ts).
 */
export type EnvSource =
  /** A table's name: `Ref` of the table; locally vigil-<stage>-<name>. */
  | { table: TableId }
  /** The Vigil bus's name. */
  | { bus: 'vigil' }
  /** The field-encryption KMS key: its ARN in a stage, its alias locally. */
  | { fieldKey: true }
  /** The HMAC key of app telemetry user pseudonyms (KMS GenerateMac): its ARN in a stage, its alias locally. */
  | { pseudonymMacKey: true }
  /** A per-stage parameter (serverless.yml `params:`); locally the matching local setting. */
  | { param: LocalParam }
  /** The ARN of the Secrets Manager secret whose name is the parameter `secretNameParam`. */
  | { secretArn: SecretNameParam }
  /** The stage's detection overrides (infra/config/<stage>.yml), as JSON. */
  | { detectionOverrides: true }
  /** The stage name. */
  | { stage: true };

/** Parameters that have a local counterpart (see localParams in the embedded runtime). */
export type LocalParam =
  | 'logLevel'
  | 'pageAtOrAbove'
  | 'opsgenieFlavour'
  | 'opsgenieBaseUrl'
  | 'siemHecUrl'
  | 'siemKind'
  | 'siemHecAck'
  | 'siemHecIndex'
  | 'modelMonitorBuckets'
  | 'modelDriftHistoryDays'
  | 'cognitoUserAuthEventsLogGroup'
  | 'auditRetentionDays'
  | 'auditShards'
  | 'telemetrySchemaViolations'
  | 'alertRouting'
  | 'alertDrill';

/** Parameters holding a comma-separated list, which an IAM resource may expand entry by entry (EachEntryResource). */
export type ListParam = Extract<LocalParam, 'modelMonitorBuckets'>;

/**
 * IAM resources, one per entry of a list parameter: `arn` with `${entry}` replaced by each entry, rendered as a
 * `Fn::Sub` (so it may use the pseudo parameters). The list is resolved when the stage is packaged, since
 * CloudFormation cannot map over a list.
 */
export interface EachEntryResource {
  eachEntryOf: ListParam;
  arn: string;
}

export type SecretNameParam = 'opsgenieApiKeySecretName' | 'siemHecTokenSecretName' | 'pseudonymKeySecretName';

/** High-volume rule → SQS buffer queue → the function in batches (ReportBatchItemFailures). */
export interface QueueTrigger {
  kind: 'queue';
  /** events/rules/<rule>.json: its pattern and bus. */
  rule: string;
  /** The buffer's name: vigil-<stage>-<queue>, its DLQ vigil-<stage>-<queue>-dlq. */
  queue: string;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
}

/** Low-volume rule → the function, invoked asynchronously (Lambda retries, then the on-failure queue). */
export interface DirectTrigger {
  kind: 'direct';
  rule: string;
}

/**
 * An EventBridge schedule. Locally the embedded runtime fires it on event time during a replay
 * (EmbeddedRuntime.tick), with the Scheduled Event EventBridge would send.
 */
export interface ScheduleTrigger {
  kind: 'schedule';
  /** Unique within the function: names the rule vigil-<stage>-<folder>-<name>. */
  name: string;
  /** `rate(N minute|minutes|hour|hours|day|days)` or `cron(min hour day-of-month month day-of-week year)`. */
  expression: string;
  description: string;
  /**
   * How a replay runs the firings that fall in one stretch of event time with no event in between (the
   * gap between two captured events; production has no such thing). `every` (the default) runs each
   * firing. `latest` runs only the last of them: for idempotent catch-up jobs (a drain, a ping, a retention
   * step) whose every firing in a quiet stretch would find the same state, so a month of daily events does
   * not cost 8,640 empty drains. No effect in a stage.
   */
  replayCatchUp?: 'every' | 'latest';
}

/** A CloudWatch Logs subscription: the function receives the group's log events (gzip + base64, as Lambda does). */
export interface LogSubscriptionTrigger {
  kind: 'logSubscription';
  /** The group's name, or the per-stage parameter holding it (locally the matching local setting). */
  logGroup: string | { param: LocalParam };
  /** CloudWatch Logs filter pattern; '' passes every event. */
  filterPattern: string;
}

export type Trigger = QueueTrigger | DirectTrigger | ScheduleTrigger | LogSubscriptionTrigger;

/** IAM statements shared by several roles, kept in serverless.yml `custom.iam`. */
export type SharedIamStatement = 'xray' | 'idempotency' | 'quarantine' | 'tableKey' | 'sealFields' | 'publishFindings';

/** A CloudFormation value: long-form intrinsics only (`Fn::GetAtt`, `Fn::Sub`, `Ref`). */
export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

export interface IamStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: CfnValue | EachEntryResource;
  Condition?: CfnValue;
}

type BaseKeys = keyof z.input<typeof BaseConfigSchema>;

/** The variables a function reads beyond the base set every function gets (BASE_ENVIRONMENT). */
export type OwnEnvironment<S extends z.ZodType> = { [K in Exclude<keyof z.input<S>, BaseKeys>]-?: EnvSource };

export interface FunctionManifest<S extends z.ZodType = z.ZodType> {
  /** The serverless.yml function key (logical id <Key>LambdaFunction). */
  key: string;
  /** functions/<folder>/handler.ts; also the component name, POWERTOOLS_SERVICE_NAME and the log group suffix. */
  folder: string;
  description: string;
  memorySize: number;
  timeoutSeconds: number;
  /** Lambda's reserved concurrency; the embedded runtime runs this many invocations of the function at once (default 1). */
  reservedConcurrency?: number;
  /** Validated at cold start (shared/config readConfig); the environment below must provide exactly its keys. */
  config: S;
  environment: OwnEnvironment<S>;
  triggers: Trigger[];
  iam: { shared: SharedIamStatement[]; statements: IamStatement[] };
}
