import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { TUNABLE_DETECTIONS, parseDetectionOverrides } from '../../shared/detections';
import { entryText, MonitoringBuckets } from '../../shared/modelMonitor/monitoringBuckets';
import { parseCloudFormationYaml } from '../local/dynamo';
import { environmentOf } from './baseEnvironment';
import { ManifestError } from './errors';
import { loadFunctionCatalogue, type FunctionCatalogue } from './loadFunctionManifests';
import { PROJECT_ROOT } from './paths';
import type { RuleFile } from './rules';
import type {
  CfnValue,
  EachEntryResource,
  EnvSource,
  FunctionManifest,
  IamStatement,
  ListParam,
  LogSubscriptionTrigger,
  QueueTrigger,
  ScheduleTrigger,
} from './types';

/*
 * The functions of serverless.yml and the resources each one needs, rendered from the manifests
 * (functions/<folder>/manifest.ts) through infra/manifest/serverless.js:
 *   queue trigger        the rule (on its bus) → buffer queue (+ DLQ by redrive) → the function in batches;
 *   direct trigger       the rule → the function (framework-generated), asynchronous;
 *   schedule trigger     an EventBridge schedule rule (vigil-<stage>-<folder>-<name>) → the function, asynchronous;
 *   log subscription     a CloudWatch Logs subscription filter → the function, asynchronous.
 * Every rule target has a retry policy and its own dead-letter queue whose policy admits exactly that
 * rule; every asynchronous function has an on-failure queue; every dead-letter and failure queue, every
 * buffer's backlog, every rule's failed deliveries and every function's errors have an alarm.
 * Queues use SQS-managed encryption, so EventBridge and Lambda can write without a key policy.
 * Strings keep serverless variables (${param:...}, ${sls:stage}); the framework resolves them.
 */

type Cfn = { [key: string]: CfnValue };
type Resources = Record<string, Cfn>;

export interface RenderedServerless {
  functions: Record<string, Cfn>;
  resources: { Resources: Resources };
}

const SERVICE_PREFIX = '${self:service}-${sls:stage}';
const BUS_NAME = '${self:custom.busName}';
/** A message received this many times moves to the buffer's DLQ. */
const MAX_RECEIVE_COUNT = 5;
/** AWS guidance for SQS event sources: visibility timeout at least 6 x the function timeout. */
const VISIBILITY_TIMEOUT_FACTOR = 6;
const BUFFER_RETENTION_SECONDS = 4 * 86_400;
const DEAD_LETTER_RETENTION_SECONDS = 14 * 86_400;

/** The list parameters an IAM resource may expand, each with the check of its entries (the one the function makes at cold start). */
const LIST_PARAMS: Record<ListParam, (value: string) => string[]> = {
  modelMonitorBuckets: (value) => MonitoringBuckets.parse(value).entries.map(entryText),
};
export const LIST_PARAM_NAMES = Object.keys(LIST_PARAMS) as ListParam[];

export interface RenderOptions {
  stage: string;
  catalogue?: FunctionCatalogue;
  /**
   * The list parameters as the framework resolved them (infra/manifest/serverless.js, so `--param` overrides
   * count); a parameter left out is read from serverless.yml `params` for the stage.
   */
  listParams?: Partial<Record<ListParam, string>>;
}

export function renderServerless(options: RenderOptions): RenderedServerless {
  const catalogue = options.catalogue ?? loadFunctionCatalogue();
  const overrides = JSON.stringify(stageConfig(options.stage).detectionOverrides ?? {});
  const listEntries = (name: ListParam): string[] => {
    const value = options.listParams?.[name] ?? serverlessParam(options.stage, name);
    let entries: string[];
    try {
      entries = LIST_PARAMS[name](value);
    } catch (cause) {
      throw new ManifestError(`parameter ${name} of stage ${options.stage}: ${(cause as Error).message}`, { cause });
    }
    if (entries.length === 0)
      throw new ManifestError(`parameter ${name} of stage ${options.stage} is empty: an IAM statement needs a resource`);
    return entries;
  };
  const functions: Record<string, Cfn> = {};
  const resources: Resources = {};
  for (const { manifest } of catalogue.functions) {
    functions[manifest.key] = renderFunction(manifest, catalogue, overrides, resources, listEntries);
  }
  return { functions, resources: { Resources: resources } };
}

/** A parameter's value in serverless.yml for the stage (its own block, else `default`), `${sls:stage}` substituted. */
export function serverlessParam(stage: string, name: string, file = join(PROJECT_ROOT, 'serverless.yml')): string {
  const params = (parseCloudFormationYaml(readFileSync(file, 'utf8'), file) as { params?: Record<string, Record<string, unknown>> }).params;
  const value = params?.[stage]?.[name] ?? params?.default?.[name];
  if (typeof value !== 'string') throw new ManifestError(`serverless.yml: no string parameter ${name} for stage ${stage} or default`);
  const resolved = value.replaceAll('${sls:stage}', stage);
  if (resolved.includes('${')) throw new ManifestError(`serverless.yml: parameter ${name} uses a variable this renderer does not resolve`);
  return resolved;
}

/** A statement as the role gets it: a resource over a list parameter expanded to one ARN per entry. */
function renderStatement(statement: IamStatement, listEntries: (name: ListParam) => string[]): CfnValue {
  const resource = statement.Resource;
  if (!isEachEntry(resource)) return statement as unknown as CfnValue;
  const arns = listEntries(resource.eachEntryOf).map((entry) => ({ 'Fn::Sub': resource.arn.replaceAll('${entry}', entry) }));
  return { ...(statement as unknown as Cfn), Resource: arns };
}

const isEachEntry = (resource: IamStatement['Resource']): resource is EachEntryResource =>
  typeof resource === 'object' && resource !== null && !Array.isArray(resource) && 'eachEntryOf' in resource;

/** infra/config/<stage>.yml, or infra/config/default.yml for a stage without its own file. */
export function stageConfig(stage: string, dir = join(PROJECT_ROOT, 'infra', 'config')): { detectionOverrides?: Record<string, unknown> } {
  const file = [join(dir, `${stage}.yml`), join(dir, 'default.yml')].find((f) => existsSync(f));
  if (!file) throw new ManifestError(`no infra/config/${stage}.yml and no infra/config/default.yml`);
  const value = load(readFileSync(file, 'utf8')) ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ManifestError(`${file}: expected a mapping`);
  const { detectionOverrides, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw new ManifestError(`${file}: unknown key(s) ${Object.keys(rest).join(', ')}`);
  if (
    detectionOverrides !== undefined &&
    (typeof detectionOverrides !== 'object' || detectionOverrides === null || Array.isArray(detectionOverrides))
  ) {
    throw new ManifestError(`${file}: detectionOverrides must be a mapping of detection id to override`);
  }
  const overrides = (detectionOverrides ?? {}) as Record<string, unknown>;
  // The same check the functions make at cold start, made when the stage is packaged: a typo in a
  // threshold name fails the deploy, not the first invocation.
  try {
    parseDetectionOverrides(overrides, TUNABLE_DETECTIONS);
  } catch (cause) {
    throw new ManifestError(`${file}: ${(cause as Error).message}`, { cause });
  }
  return { detectionOverrides: overrides };
}

function renderEnv(source: EnvSource, overrides: string): CfnValue {
  if ('stage' in source) return '${sls:stage}';
  if ('bus' in source) return { Ref: 'VigilEventBus' };
  if ('table' in source) return { Ref: source.table };
  if ('fieldKey' in source) return { 'Fn::GetAtt': ['FieldKey', 'Arn'] };
  if ('pseudonymMacKey' in source) return { 'Fn::GetAtt': ['TelemetryPseudonymKey', 'Arn'] };
  if ('param' in source) return `\${param:${source.param}}`;
  if ('secretArn' in source)
    return { 'Fn::Sub': `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:\${param:${source.secretArn}}` };
  return overrides;
}

const pascal = (name: string) => name.replace(/(^|[-_])([a-z0-9])/g, (_m, _s, c: string) => c.toUpperCase());
const functionLogicalId = (key: string) => `${key[0]!.toUpperCase()}${key.slice(1)}LambdaFunction`;
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });

function renderFunction(
  manifest: FunctionManifest,
  catalogue: FunctionCatalogue,
  overrides: string,
  resources: Resources,
  listEntries: (name: ListParam) => string[],
): Cfn {
  const environment: Cfn = {
    POWERTOOLS_SERVICE_NAME: manifest.folder,
    POWERTOOLS_METRICS_NAMESPACE: 'Vigil',
    POWERTOOLS_LOG_LEVEL: '${param:logLevel}',
    NODE_OPTIONS: '--enable-source-maps',
  };
  for (const [name, source] of Object.entries(environmentOf(manifest.environment))) environment[name] = renderEnv(source, overrides);

  const events: CfnValue[] = [];
  let asynchronous = false;
  for (const trigger of manifest.triggers) {
    switch (trigger.kind) {
      case 'queue': {
        const rule = catalogue.rules.get(trigger.rule)!;
        addBuffer(manifest, trigger, rule, resources);
        events.push({
          sqs: {
            arn: getAtt(`${pascal(trigger.queue)}Queue`, 'Arn'),
            batchSize: trigger.batchSize,
            maximumBatchingWindow: trigger.maximumBatchingWindowSeconds,
            functionResponseType: 'ReportBatchItemFailures',
          },
        });
        break;
      }
      case 'direct': {
        asynchronous = true;
        const rule = catalogue.rules.get(trigger.rule)!;
        addRuleDeadLetters(rule, resources, ruleArnSub(rule));
        events.push({
          eventBridge: {
            name: ruleName(rule),
            description: rule.description,
            ...(rule.bus === 'vigil' ? { eventBus: { Ref: 'VigilEventBus' } } : {}),
            pattern: rule.pattern as CfnValue,
            retryPolicy: {
              maximumEventAge: '${self:custom.ruleRetryPolicy.maximumEventAge}',
              maximumRetryAttempts: '${self:custom.ruleRetryPolicy.maximumRetryAttempts}',
            },
            deadLetterQueueArn: getAtt(`${pascal(rule.name)}RuleDlq`, 'Arn'),
          },
        });
        break;
      }
      case 'schedule':
        asynchronous = true;
        addSchedule(manifest, trigger, resources);
        break;
      case 'logSubscription':
        asynchronous = true;
        events.push({ cloudwatchLog: { logGroup: logGroupOf(trigger), filter: trigger.filterPattern } });
        break;
    }
  }

  const statements: CfnValue[] = [
    ...manifest.iam.shared.map((name) => `\${self:custom.iam.${name}}`),
    ...manifest.iam.statements.map((statement) => renderStatement(statement, listEntries)),
  ];
  const fn: Cfn = {
    handler: `functions/${manifest.folder}/handler.handler`,
    description: manifest.description,
    memorySize: manifest.memorySize,
    timeout: manifest.timeoutSeconds,
    environment,
    events,
  };
  if (manifest.reservedConcurrency !== undefined) fn.reservedConcurrency = manifest.reservedConcurrency;
  if (asynchronous) {
    const failureQueue = `${pascal(manifest.key)}FailureQueue`;
    addFailureQueue(manifest, failureQueue, resources);
    fn.maximumEventAge = '${self:custom.asyncInvoke.maximumEventAge}';
    fn.maximumRetryAttempts = '${self:custom.asyncInvoke.maximumRetryAttempts}';
    fn.destinations = { onFailure: { type: 'sqs', arn: getAtt(failureQueue, 'Arn') } };
    // The plugin does not add the destination permission itself (docs/deploy.md).
    statements.push({ Sid: 'OnFailureDestination', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: getAtt(failureQueue, 'Arn') });
  }
  fn.iamRoleStatements = statements;
  resources[`${pascal(manifest.key)}ErrorsAlarm`] = alarm(LAMBDA_ERRORS, {
    AlarmName: `${SERVICE_PREFIX}-${manifest.folder}-errors`,
    AlarmDescription:
      `The ${manifest.folder} function had failed invocations (unhandled errors, timeouts, out of memory). Check its logs; ` +
      'failed events are retried, then land in its dead-letter or failure queue.',
    Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionLogicalId(manifest.key) } }],
  });
  return fn;
}

const ruleName = (rule: RuleFile) => `${SERVICE_PREFIX}-${rule.name}`;

/** A subscription's log group: its name, or the stage parameter that holds it. */
const logGroupOf = (trigger: LogSubscriptionTrigger) =>
  typeof trigger.logGroup === 'string' ? trigger.logGroup : `\${param:${trigger.logGroup.param}}`;

/** Every rule target's retry policy (serverless.yml `custom.ruleRetryPolicy`), then its dead-letter queue. */
const RULE_RETRY_POLICY: Cfn = {
  MaximumEventAgeInSeconds: '${self:custom.ruleRetryPolicy.maximumEventAge}',
  MaximumRetryAttempts: '${self:custom.ruleRetryPolicy.maximumRetryAttempts}',
};

/** A framework-generated rule's ARN, by its stable name (rules on a custom bus: rule/<bus>/<name>). */
function ruleArnSub(rule: RuleFile): CfnValue {
  const path = rule.bus === 'vigil' ? `${BUS_NAME}/${ruleName(rule)}` : ruleName(rule);
  return { 'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${path}` };
}

function queue(name: string, extra: Cfn = {}): Cfn {
  return { Type: 'AWS::SQS::Queue', Properties: { QueueName: `${SERVICE_PREFIX}-${name}`, SqsManagedSseEnabled: true, ...extra } };
}

/** A queue policy admitting EventBridge to send to `queueId` from exactly one rule. */
function admitRule(queueId: string, sid: string, sourceArn: CfnValue): Cfn {
  return {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: sid,
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: getAtt(queueId, 'Arn'),
            Condition: { ArnEquals: { 'aws:SourceArn': sourceArn } },
          },
        ],
      },
    },
  };
}

function addBuffer(manifest: FunctionManifest, trigger: QueueTrigger, rule: RuleFile, resources: Resources): void {
  const q = pascal(trigger.queue);
  const r = pascal(rule.name);
  resources[`${q}Queue`] = queue(trigger.queue, {
    VisibilityTimeout: manifest.timeoutSeconds * VISIBILITY_TIMEOUT_FACTOR,
    MessageRetentionPeriod: BUFFER_RETENTION_SECONDS,
    RedrivePolicy: { deadLetterTargetArn: getAtt(`${q}Dlq`, 'Arn'), maxReceiveCount: MAX_RECEIVE_COUNT },
  });
  resources[`${q}Dlq`] = queue(`${trigger.queue}-dlq`, { MessageRetentionPeriod: DEAD_LETTER_RETENTION_SECONDS });
  resources[`${q}QueuePolicy`] = admitRule(`${q}Queue`, `${r}Rule`, getAtt(`${r}Rule`, 'Arn'));
  resources[`${r}Rule`] = {
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: ruleName(rule),
      Description: rule.description,
      ...(rule.bus === 'vigil' ? { EventBusName: { Ref: 'VigilEventBus' } } : {}),
      State: 'ENABLED',
      EventPattern: rule.pattern as CfnValue,
      Targets: [
        {
          Id: `${trigger.queue}-queue`,
          Arn: getAtt(`${q}Queue`, 'Arn'),
          RetryPolicy: RULE_RETRY_POLICY,
          DeadLetterConfig: { Arn: getAtt(`${r}RuleDlq`, 'Arn') },
        },
      ],
    },
  };
  addRuleDeadLetters(rule, resources, getAtt(`${r}Rule`, 'Arn'));
  resources[`${q}DlqDepthAlarm`] = alarm(QUEUE_DEPTH, {
    AlarmName: `${SERVICE_PREFIX}-${trigger.queue}-dlq-depth`,
    AlarmDescription:
      `Events the ${manifest.folder} function failed on ${MAX_RECEIVE_COUNT} times (buffer redrive). ` +
      'Inspect, fix, then redrive (docs/deploy.md).',
    Dimensions: [{ Name: 'QueueName', Value: getAtt(`${q}Dlq`, 'QueueName') }],
  });
  resources[`${q}QueueBacklogAlarm`] = alarm(QUEUE_BACKLOG, {
    AlarmName: `${SERVICE_PREFIX}-${trigger.queue}-backlog`,
    AlarmDescription:
      `The oldest message in the ${trigger.queue} buffer queue is older than the stage's backlog threshold; ` +
      'processing is delayed (throttling, errors or volume).',
    Dimensions: [{ Name: 'QueueName', Value: getAtt(`${q}Queue`, 'QueueName') }],
  });
}

/**
 * A schedule as a rule of our own rather than the framework's `schedule` event, which cannot give its
 * target a retry policy and a dead-letter queue: every rule target here has both.
 */
function addSchedule(manifest: FunctionManifest, trigger: ScheduleTrigger, resources: Resources): void {
  const asRule: RuleFile = { name: `${manifest.folder}-${trigger.name}`, description: trigger.description, bus: 'default', pattern: {} };
  const r = pascal(asRule.name);
  const fnArn = getAtt(functionLogicalId(manifest.key), 'Arn');
  resources[`${r}Rule`] = {
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: ruleName(asRule),
      Description: trigger.description,
      ScheduleExpression: trigger.expression,
      State: 'ENABLED',
      Targets: [
        {
          Id: `${asRule.name}-schedule`,
          Arn: fnArn,
          RetryPolicy: RULE_RETRY_POLICY,
          DeadLetterConfig: { Arn: getAtt(`${r}RuleDlq`, 'Arn') },
        },
      ],
    },
  };
  resources[`${r}RulePermission`] = {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: fnArn,
      Principal: 'events.amazonaws.com',
      SourceArn: getAtt(`${r}Rule`, 'Arn'),
    },
  };
  addRuleDeadLetters(asRule, resources, getAtt(`${r}Rule`, 'Arn'));
}

function addRuleDeadLetters(rule: RuleFile, resources: Resources, sourceArn: CfnValue): void {
  const r = pascal(rule.name);
  resources[`${r}RuleDlq`] = queue(`${rule.name}-rule-dlq`, { MessageRetentionPeriod: DEAD_LETTER_RETENTION_SECONDS });
  resources[`${r}RuleDlqPolicy`] = admitRule(`${r}RuleDlq`, `${r}RuleDeadLetters`, sourceArn);
  // Metrics of rules on the default bus have the RuleName dimension; on a custom bus, also EventBusName.
  const dimensions = [
    ...(rule.bus === 'vigil' ? [{ Name: 'EventBusName', Value: BUS_NAME }] : []),
    { Name: 'RuleName', Value: ruleName(rule) },
  ];
  resources[`${r}RuleDlqDepthAlarm`] = alarm(QUEUE_DEPTH, {
    AlarmName: `${SERVICE_PREFIX}-${rule.name}-rule-dlq-depth`,
    AlarmDescription: `Events the ${rule.name} rule could not deliver to its target. Inspect, fix, then redrive (docs/deploy.md).`,
    Dimensions: [{ Name: 'QueueName', Value: getAtt(`${r}RuleDlq`, 'QueueName') }],
  });
  resources[`${r}RuleFailedInvocationsAlarm`] = alarm(RULE_FAILED, {
    AlarmName: `${SERVICE_PREFIX}-${rule.name}-rule-failed`,
    AlarmDescription:
      `The ${rule.name} rule failed to deliver events to its target after its retry policy; ` + `they went to ${rule.name}-rule-dlq.`,
    Dimensions: dimensions,
  });
  resources[`${r}RuleDlqFailedAlarm`] = alarm(RULE_DLQ_FAILED, {
    AlarmName: `${SERVICE_PREFIX}-${rule.name}-rule-dlq-failed`,
    AlarmDescription:
      `The ${rule.name} rule could not write undeliverable events to ${rule.name}-rule-dlq ` +
      '(queue policy, queue deleted); those events are lost.',
    Dimensions: dimensions,
  });
}

function addFailureQueue(manifest: FunctionManifest, id: string, resources: Resources): void {
  resources[id] = queue(`${manifest.folder}-failures`, { MessageRetentionPeriod: DEAD_LETTER_RETENTION_SECONDS });
  resources[`${id}DepthAlarm`] = alarm(QUEUE_DEPTH, {
    AlarmName: `${SERVICE_PREFIX}-${manifest.folder}-failures-depth`,
    AlarmDescription:
      `Invocations of ${manifest.folder} that failed every retry (onFailure destination). ` +
      'Inspect, fix, then replay them (docs/deploy.md).',
    Dimensions: [{ Name: 'QueueName', Value: getAtt(id, 'QueueName') }],
  });
  resources[`${pascal(manifest.key)}DestinationFailuresAlarm`] = alarm(DESTINATION_FAILURES, {
    AlarmName: `${SERVICE_PREFIX}-${manifest.folder}-destination`,
    AlarmDescription:
      `Lambda could not send failed ${manifest.folder} invocations to the onFailure queue ` +
      '(permission, queue deleted or full); those events are lost.',
    Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionLogicalId(manifest.key) } }],
  });
}

// ---- alarms: what each means and what to do is in docs/deploy.md; thresholds are stage parameters ----
// Some of these metrics are only emitted when non-zero: missing data is not breaching.

const NOTIFY: Cfn = {
  TreatMissingData: 'notBreaching',
  ActionsEnabled: '${param:alarmActionsEnabled}',
  AlarmActions: [{ Ref: 'AlarmTopic' }],
  OKActions: [{ Ref: 'AlarmTopic' }],
};
const anyAtAll = { EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' };
const QUEUE_DEPTH: Cfn = { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', ...anyAtAll };
const QUEUE_BACKLOG: Cfn = {
  Namespace: 'AWS/SQS',
  MetricName: 'ApproximateAgeOfOldestMessage',
  Statistic: 'Maximum',
  EvaluationPeriods: '${param:alarmEvaluationPeriods}',
  Threshold: '${param:queueBacklogAgeSeconds}',
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
};
const LAMBDA_ERRORS: Cfn = {
  Namespace: 'AWS/Lambda',
  MetricName: 'Errors',
  Statistic: 'Sum',
  EvaluationPeriods: '${param:alarmEvaluationPeriods}',
  Threshold: '${param:lambdaErrorsThreshold}',
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
};
const DESTINATION_FAILURES: Cfn = { Namespace: 'AWS/Lambda', MetricName: 'DestinationDeliveryFailures', Statistic: 'Sum', ...anyAtAll };
const RULE_FAILED: Cfn = { Namespace: 'AWS/Events', MetricName: 'FailedInvocations', Statistic: 'Sum', ...anyAtAll };
const RULE_DLQ_FAILED: Cfn = { Namespace: 'AWS/Events', MetricName: 'InvocationsFailedToBeSentToDlq', Statistic: 'Sum', ...anyAtAll };

function alarm(kind: Cfn, specific: Cfn): Cfn {
  return { Type: 'AWS::CloudWatch::Alarm', Properties: { ...kind, Period: '${param:alarmPeriodSeconds}', ...NOTIFY, ...specific } };
}
