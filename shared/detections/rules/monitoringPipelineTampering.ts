import { z } from 'zod';
import { actorOf, type CloudTrailRecord } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { outcomeOf } from './identityHelpers';
import { fieldOf } from './personHelpers';
import { accountOf, callEvidence, stringParam } from './requestValues';

const parameters = z.strictObject({
  namePrefixes: z
    .array(z.string().min(1))
    .default(['vigil-'])
    .describe(
      "Name prefixes of this project's EventBridge rules and Lambda functions: serverless names them <service>-<stage>-... " +
        '(vigil-prod-cloudtrail-activity, vigil-prod-securityDetector), so the default covers every stage of the service',
    ),
  logGroupPrefixes: z
    .array(z.string().min(1))
    .default(['/aws/lambda/vigil-'])
    .describe("Name prefixes of this project's log groups: its functions' /aws/lambda/<function> groups"),
  ignoreCloudFormation: z
    .boolean()
    .default(true)
    .describe(
      'Skip calls CloudFormation made (userIdentity.invokedBy cloudformation.amazonaws.com): our own deploys and stack removals. ' +
        'The user agent is not trusted for this; anyone can send it',
    ),
});
type Params = z.infer<typeof parameters>;

type Call = 'DeleteRule' | 'DisableRule' | 'RemoveTargets' | 'PutRule' | 'DeleteFunction' | 'PutFunctionConcurrency' | 'DeleteLogGroup';

const EVENTS_CALLS = ['DeleteRule', 'DisableRule', 'RemoveTargets', 'PutRule'] as const;
const LAMBDA_CALLS = ['DeleteFunction', 'PutFunctionConcurrency'] as const;

/** Lambda names its API versions into event names (DeleteFunction20150331, PutFunctionConcurrency20171031): compare the base. */
const lambdaBase = (eventName: string) => LAMBDA_CALLS.find((name) => new RegExp(`^${name}(\\d{8}(v\\d+)?)?$`).test(eventName));

interface Target {
  call: Call;
  kind: 'rule' | 'function' | 'log group';
  name: string;
  what: string;
}

/**
 * monitoring-pipeline-tampering: someone blinding this very pipeline: an EventBridge rule of ours deleted,
 * disabled, stripped of its targets or rewritten (PutRule can change its pattern or state); one of our
 * functions deleted or throttled to zero (PutFunctionConcurrency 0); one of our log groups deleted. Attempts
 * count (the row does not say success); the description says when a call failed.
 *
 * "Ours" is by name prefix (parameters), compared with the resource's name also when the call gives an ARN
 * (arn:...:function:vigil-prod-x:1, arn:...:rule/vigil-prod/vigil-prod-findings, arn:...:log-group:/aws/lambda/...).
 * Calls CloudFormation makes for a stack operation are skipped by default: every deploy rewrites rules and a
 * stack removal deletes everything, and those are reviewed changes; the stack operation itself is where intent
 * shows. Turn ignoreCloudFormation off for a stage where no stack change may go unseen.
 */
export const monitoringPipelineTampering: StatelessDetection<Params> = {
  kind: 'stateless',
  definition: {
    id: 'monitoring-pipeline-tampering',
    title: "The monitoring pipeline's rules, functions or logs tampered with",
    severity: 'critical',
    mitre: ['T1562.001'],
    dedupWindowMinutes: 60,
  },
  parameters,
  trigger: {
    source: ['aws.events', 'aws.lambda', 'aws.logs'],
    detail: {
      eventSource: ['events.amazonaws.com', 'lambda.amazonaws.com', 'logs.amazonaws.com'],
      eventName: [...EVENTS_CALLS, ...LAMBDA_CALLS.map((prefix) => ({ prefix })), 'DeleteLogGroup'],
    },
  },
  evaluate(event, params) {
    const record = event.detail;
    if (params.ignoreCloudFormation && record.userIdentity.invokedBy === 'cloudformation.amazonaws.com') return undefined;
    const target = targetOf(record);
    if (!target) return undefined;
    const prefixes = target.kind === 'log group' ? params.logGroupPrefixes : params.namePrefixes;
    if (!prefixes.some((p) => target.name.startsWith(p))) return undefined;
    const account = accountOf(event);
    const arn = arnOf(record, account, target);
    return {
      subject: arn,
      dedupKey: `${account}:${target.kind}:${target.name}`,
      description:
        `${actorOf(record)} ${target.what} ${target.kind} ${target.name} of the monitoring pipeline${outcomeOf(record)} ` +
        `(account ${account}, ${record.awsRegion}, ${record.eventName}). Security events stop being detected, or their ` +
        'evidence is lost, while this lasts.',
      resources: [arn],
      evidence: { ...callEvidence(record), account, resourceKind: target.kind, resourceName: target.name, change: target.call },
    } satisfies DetectionHit;
  },
};

/** Which resource of which kind the call touches, and how; undefined for calls that change nothing we watch. */
function targetOf(record: CloudTrailRecord): Target | undefined {
  const p = record.requestParameters ?? {};
  const text = (key: string) => stringParam(fieldOf(p, key));
  switch (record.eventSource) {
    case 'events.amazonaws.com': {
      const call = EVENTS_CALLS.find((c) => c === record.eventName);
      const raw = call === 'RemoveTargets' ? text('rule') : text('name');
      if (!call || !raw) return undefined;
      const state = text('state');
      const what = {
        DeleteRule: 'deleted',
        DisableRule: 'disabled',
        RemoveTargets: 'removed targets from',
        PutRule: `rewrote${state ? ` (state ${state})` : ''}`,
      }[call];
      return { call, kind: 'rule', name: ruleName(raw), what };
    }
    case 'lambda.amazonaws.com': {
      const call = lambdaBase(record.eventName);
      const raw = text('functionName');
      if (!call || !raw) return undefined;
      if (call === 'PutFunctionConcurrency') {
        const reserved = fieldOf(p, 'reservedConcurrentExecutions');
        if (reserved === undefined || reserved === null || reserved === '' || Number(reserved) !== 0) return undefined;
        return { call, kind: 'function', name: functionName(raw), what: 'set reserved concurrency 0 (no invocation runs) on' };
      }
      return { call, kind: 'function', name: functionName(raw), what: 'deleted' };
    }
    case 'logs.amazonaws.com': {
      const raw = text('logGroupName') ?? text('logGroupIdentifier');
      if (record.eventName !== 'DeleteLogGroup' || !raw) return undefined;
      return { call: 'DeleteLogGroup', kind: 'log group', name: logGroupName(raw), what: 'deleted' };
    }
    default:
      return undefined;
  }
}

/** arn:...:rule/<name> or arn:...:rule/<bus>/<name> → <name>. */
function ruleName(value: string): string {
  return value.startsWith('arn:') ? (value.split('/').pop() ?? value) : value;
}

/** A function name, full ARN, partial ARN (<account>:function:<name>) or <name>:<qualifier> → <name>. */
function functionName(value: string): string {
  const match = /(?:^|:)function:([^:]+)/.exec(value);
  if (match?.[1]) return match[1];
  return value.split(':')[0] ?? value;
}

/** arn:...:log-group:<name>[:*] → <name>. */
function logGroupName(value: string): string {
  const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(value);
  return match?.[1] ?? value;
}

function arnOf(record: CloudTrailRecord, account: string, target: Target): string {
  const region = record.awsRegion;
  switch (target.kind) {
    case 'rule': {
      const bus = stringParam(fieldOf(record.requestParameters, 'eventBusName'));
      const busName = bus && bus !== 'default' ? `${bus.startsWith('arn:') ? (bus.split('/').pop() ?? bus) : bus}/` : '';
      return `arn:aws:events:${region}:${account}:rule/${busName}${target.name}`;
    }
    case 'function':
      return `arn:aws:lambda:${region}:${account}:function:${target.name}`;
    case 'log group':
      return `arn:aws:logs:${region}:${account}:log-group:${target.name}`;
  }
}
