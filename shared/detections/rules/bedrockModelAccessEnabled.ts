import { z } from 'zod';
import { baselineValue, hourStart, parseBaselineValue } from '../baseline';
import type { BaselineDetection } from '../detection';
import { observe } from '../observation';
import type { ThresholdGroup } from '../windows';
import { accountOfArn, arnResources, principalOf } from './callerKey';
import { outcomeOf } from './identityHelpers';
import { ignoredValues } from './windowParameters';

const HOUR = 3_600_000;

/** Calls that open model access: the first step of LLM hijacking. */
const ACCESS_CALLS = ['PutFoundationModelEntitlement', 'PutUseCaseForModelAccess', 'CreateFoundationModelAgreement'];
/** Calls that run a model. */
const INVOKE_CALLS = ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'];

const Parameters = z.strictObject({
  lookbackDays: z
    .number()
    .int()
    .min(1)
    .max(30)
    .default(14)
    .describe('Days of history in which a previous invocation makes a principal known'),
  settleHours: z
    .number()
    .int()
    .min(1)
    .max(24)
    .default(2)
    .describe('Hours just before an invocation that do not count as its history (late events may still be arriving)'),
  knownInvokers: ignoredValues('Principal ARNs (roles for assumed-role sessions) expected to invoke models from day one'),
});

export type BedrockModelAccessEnabledParameters = z.output<typeof Parameters>;

/** The member's attribute: what kind of call it was. */
type CallKind = 'access' | 'invoke-by-user' | 'invoke';

const kindOf = (value: string) => parseBaselineValue(value).attribute as CallKind;

/**
 * bedrock-model-access-enabled: someone opening or using foundation-model access, SL + BL.
 * PutFoundationModelEntitlement, PutUseCaseForModelAccess and CreateFoundationModelAgreement fire
 * on their own (attempts included); so does a model invocation by an IAM user (long-lived keys
 * rarely belong in a model call). Any other invocation fires when its principal has no invocation
 * in the lookback before it (its hourly rollups, settled hours only): a stolen key used to run
 * models where nobody ran them before (LLMjacking). Member value: 1, the kind of call, the event name
 * and model id.
 */
export const bedrockModelAccessEnabled: BaselineDetection<BedrockModelAccessEnabledParameters> = {
  kind: 'baseline',
  definition: {
    id: 'bedrock-model-access-enabled',
    title: 'Foundation-model access opened, or models invoked by a new principal',
    severity: 'high',
    mitre: ['T1496'],
    dedupWindowMinutes: 24 * 60,
  },
  // Busy principals call every minute: 5-minute buckets mean fewer state writes per batch.
  bucketMinutes: 5,
  parameters: Parameters,
  trigger: {
    source: ['aws.bedrock'],
    detail: { eventSource: ['bedrock.amazonaws.com'], eventName: [...ACCESS_CALLS, ...INVOKE_CALLS] },
  },
  observe(event, params) {
    const record = event.detail;
    const principal = principalOf(record);
    const access = ACCESS_CALLS.includes(record.eventName);
    if (!access && params.knownInvokers.includes(principal)) return [];
    const kind: CallKind = access ? 'access' : record.userIdentity.type === 'IAMUser' ? 'invoke-by-user' : 'invoke';
    const model = typeof record.requestParameters?.modelId === 'string' ? record.requestParameters.modelId : '';
    const detail = `${record.eventName}${outcomeOf(record)}${model ? ` ${model}` : ''}`;
    return [observe(event, `principal:${principal}`, baselineValue(1, kind, detail))];
  },
  // Only the event itself decides; history is read from the rollups.
  horizonMinutes: () => 1,
  lookbackDays: (params) => params.lookbackDays,
  candidates: (state) => state.members.map((m): ThresholdGroup => ({ reachedAt: m.time, members: [m] })),
  decide(state, params) {
    const invokedBefore = (time: number) =>
      state.history.some(
        (h) =>
          hourStart(h.hour) + HOUR <= time - params.settleHours * HOUR &&
          hourStart(h.hour) >= time - params.lookbackDays * 24 * HOUR &&
          h.attributes.some((a) => a.startsWith('invoke')),
      );
    const firing = state.candidates.filter((g) => {
      const kind = kindOf(g.members[0]!.value);
      return kind !== 'invoke' || !invokedBefore(g.reachedAt);
    });
    if (firing.length === 0) return [];
    const members = firing.map((g) => g.members[0]!);
    const kinds = new Set(members.map((m) => kindOf(m.value)));
    const principal = state.key.slice('principal:'.length);
    const calls = [...new Set(members.map((m) => parseBaselineValue(m.value).detail))].sort();
    return [
      {
        subject: principal,
        source: 'aws.bedrock',
        account: accountOfArn(principal),
        dedupKey: state.key,
        // Set when the finding opens: the calls behind it (access opened, IAM-user or first-time invocations) are in the evidence.
        description:
          `${principal} opened foundation-model access, invoked models with IAM user keys, or invoked them with no history of ` +
          'doing so (evidence.calls): stolen credentials are used to run models at the account owner’s expense (LLMjacking).',
        resources: arnResources(principal),
        evidence: { principal, calls: calls.join('; '), accessOpened: kinds.has('access'), byIamUser: kinds.has('invoke-by-user') },
        members,
      },
    ];
  },
};
