import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { outcomeOf } from './identityHelpers';
import { callerIsListed, fieldOf, personKind } from './personHelpers';
import { accountOf, callEvidence, stringParam } from './requestValues';

const parameters = z.strictObject({
  allowedAutomationArns: z
    .array(z.string())
    .default([])
    .describe('IAM user or role ARNs of automation that deploys functions as if it were a person (e.g. a CI user); never alerted'),
  allowedAccounts: z
    .array(z.string())
    .default([])
    .describe("Other accounts (e.g. the organisation's) that functions may grant invoke permission to; never alerted"),
});
type Params = z.infer<typeof parameters>;

const CALLS = ['UpdateFunctionCode', 'UpdateFunctionConfiguration', 'AddPermission'] as const;
type Call = (typeof CALLS)[number];

/** Lambda names its API versions into event names (UpdateFunctionCode20150331v2): compare the base name. */
const baseOf = (eventName: string): Call | undefined => CALLS.find((name) => new RegExp(`^${name}(\\d{8}(v\\d+)?)?$`).test(eventName));

/** The account a principal names: a 12-digit id or an IAM/STS ARN; undefined for "*" and service principals. */
function accountOfPrincipal(principal: string | undefined): string | undefined {
  if (!principal) return undefined;
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

/**
 * lambda-backdoor: a person (personHelpers) replacing a function's code, or setting layers on it (code that
 * runs inside every invocation); or anyone granting another account permission on a function. The row does
 * not say "success", so attempts count. The grant's account is the principal's, or, for "*" or a service
 * principal, the sourceAccount condition's: principal "*" with no such account is resource-policy-made-public's,
 * and is left to it rather than raised twice.
 */
export const lambdaBackdoor: StatelessDetection<Params> = {
  kind: 'stateless',
  definition: {
    id: 'lambda-backdoor',
    title: 'Lambda function code, layers or permissions changed outside the pipeline',
    severity: 'medium',
    mitre: ['T1648'],
    dedupWindowMinutes: 60,
  },
  parameters,
  trigger: {
    source: ['aws.lambda'],
    detail: { eventSource: ['lambda.amazonaws.com'], eventName: CALLS.map((prefix) => ({ prefix })) },
  },
  evaluate(event, params) {
    const record = event.detail;
    const call = baseOf(record.eventName);
    if (record.eventSource !== 'lambda.amazonaws.com' || !call) return undefined;
    if (callerIsListed(record, params.allowedAutomationArns)) return undefined;
    const request = record.requestParameters ?? {};
    const account = accountOf(event);
    let what: string;
    let grantee: string | null = null;
    let layers: string[] = [];
    if (call === 'AddPermission') {
      const principal = stringParam(fieldOf(request, 'principal'));
      grantee = accountOfPrincipal(principal) ?? accountOfPrincipal(stringParam(fieldOf(request, 'sourceAccount'))) ?? null;
      if (!grantee || grantee === account || params.allowedAccounts.includes(grantee)) return undefined;
      what = `granted account ${grantee} (principal ${principal ?? 'unknown'}) ${stringParam(fieldOf(request, 'action')) ?? 'access'} on`;
    } else {
      const person = personKind(record);
      if (!person) return undefined;
      if (call === 'UpdateFunctionConfiguration') {
        const value = fieldOf(request, 'layers');
        layers = (Array.isArray(value) ? value : []).filter((l): l is string => typeof l === 'string');
        if (layers.length === 0) return undefined;
        what = `(${person}) set layers ${layers.join(', ')} on`;
      } else {
        what = `(${person}) replaced the code of`;
      }
    }
    const name = stringParam(fieldOf(request, 'functionName')) ?? 'unknown-function';
    const arn = name.startsWith('arn:') ? name : `arn:aws:lambda:${record.awsRegion}:${account}:function:${name}`;
    const actor = actorOf(record);
    return {
      subject: arn,
      dedupKey: `${account}:${arn}:${call}`,
      description:
        `${actor} ${what} Lambda function ${arn}${outcomeOf(record)}. ` +
        'Code, layers and cross-account grants outside the deployment pipeline are how a function is turned into a backdoor ' +
        'that runs with its role.',
      resources: [arn],
      evidence: {
        ...callEvidence(record),
        account,
        functionArn: arn,
        change: call,
        layers: layers.join(',') || null,
        grantedAccount: grantee,
        errorCode: record.errorCode || null,
      },
    } satisfies DetectionHit;
  },
};
