import { z } from 'zod';
import { baselineValue, parseBaselineValue, peakDistinct } from '../baseline';
import { actorOf, type CloudTrailEnvelope } from '../cloudTrailRecord';
import type { BaselineDetection } from '../detection';
import { observe, type Observation, type StateMember } from '../observation';
import { membersOf, thresholdGroups, type ThresholdGroup } from '../windows';
import { accountOfArn, arnResources, callerKey, callerOfKey } from './callerKey';
import { isTrue, stringParam, stringsOf } from './requestValues';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

const HOUR = 3_600_000;

const Parameters = z.strictObject({
  secretsWindowMinutes: windowMinutes(24 * 60, 'Window for distinct secrets and for batch calls, in minutes of event time'),
  distinctSecrets: threshold(20, 'Distinct secret ids one caller reads with GetSecretValue within the window that fire'),
  batchCalls: threshold(5, 'BatchGetSecretValue calls by one caller within the secrets window that fire'),
  parametersWindowMinutes: windowMinutes(60, 'Window for distinct decrypted SSM parameters, in minutes of event time'),
  distinctParameters: threshold(25, 'Distinct SSM parameter names one caller reads with decryption within the window that fire'),
  factor: z
    .number()
    .min(1)
    .default(2)
    .describe("A count over its threshold must also exceed this many times the caller's own busiest day (secrets) or hour (parameters)"),
  lookbackDays: z.number().int().min(1).max(30).default(14).describe('Days of hourly history the caller’s own peak is taken from'),
  deployPrincipals: ignoredValues(
    'Deploy principals (ARNs; a role matches its sessions) whose calls from an infrastructure-as-code tool are not counted',
  ),
  iacUserAgents: z
    .array(z.string().min(1))
    .default(['terraform', 'cloudformation', 'aws-cdk', 'pulumi', 'cdk/'])
    .describe('User-agent fragments (case-insensitive) of infrastructure-as-code tools, for deployPrincipals'),
  ignoredPrincipals: ignoredValues('Caller ARNs whose reads are not counted at all (e.g. a secrets-rotation or sync job)'),
});

export type SecretsBulkRetrievalParameters = z.output<typeof Parameters>;

type Family = 'secret' | 'param' | 'batch';

interface RetrievalGroup extends ThresholdGroup {
  readonly family: Family;
  readonly count: number;
}

function deployedByIac(event: CloudTrailEnvelope, params: SecretsBulkRetrievalParameters): boolean {
  if (params.deployPrincipals.length === 0) return false;
  const identity = event.detail.userIdentity;
  const caller = [identity.arn, identity.sessionContext?.sessionIssuer?.arn].filter(Boolean);
  if (!caller.some((arn) => params.deployPrincipals.includes(arn!))) return false;
  const agent = (event.detail.userAgent ?? '').toLowerCase();
  return params.iacUserAgents.some((fragment) => agent.includes(fragment.toLowerCase()));
}

/** The distinct items an event reads: secret ids, decrypted parameter names, or the batch call itself. */
function itemsOf(event: CloudTrailEnvelope): { family: Family; items: string[] } | undefined {
  const { eventSource, eventName, requestParameters } = event.detail;
  if (eventSource === 'secretsmanager.amazonaws.com') {
    if (eventName === 'GetSecretValue') {
      const id = stringParam(requestParameters?.secretId);
      return id ? { family: 'secret', items: [id] } : undefined;
    }
    if (eventName === 'BatchGetSecretValue') return { family: 'batch', items: [event.id] };
    return undefined;
  }
  if (eventSource !== 'ssm.amazonaws.com' || !isTrue(requestParameters?.withDecryption)) return undefined;
  if (eventName === 'GetParameter') {
    const name = stringParam(requestParameters?.name);
    return name ? { family: 'param', items: [name] } : undefined;
  }
  if (eventName === 'GetParameters') return { family: 'param', items: [...new Set(stringsOf(requestParameters?.names))] };
  return undefined;
}

const familyOf = (member: StateMember): Family => parseBaselineValue(member.value).attribute.split(':')[0] as Family;

/**
 * secrets-bulk-retrieval: one caller reading many secrets, W(24 h, 20 distinct secret ids via
 * GetSecretValue; 5 BatchGetSecretValue calls) and W(1 h, 25 distinct SSM parameters read with
 * decryption) + BL, attempts failed or not. A count over its threshold fires only when it also
 * exceeds `factor` times the caller's own busiest day (secrets, batches) or hour (parameters) of the
 * lookback, from its hourly rollups: a service that reads its 40 secrets at every start is normal
 * for that service. Calls from an infrastructure-as-code tool by a configured deploy principal are not
 * counted. Member value: `1|<family>:<item>|`, so a distinct count is a count of distinct values.
 */
export const secretsBulkRetrieval: BaselineDetection<SecretsBulkRetrievalParameters, RetrievalGroup> = {
  kind: 'baseline',
  definition: {
    id: 'secrets-bulk-retrieval',
    title: 'Bulk retrieval of secrets or decrypted parameters by one caller',
    severity: 'high',
    mitre: ['T1555.006'],
    dedupWindowMinutes: 24 * 60,
  },
  // Busy principals call every minute: 15-minute buckets mean fewer state writes per batch.
  bucketMinutes: 15,
  parameters: Parameters,
  trigger: {
    source: ['aws.secretsmanager', 'aws.ssm'],
    detail: { eventName: ['GetSecretValue', 'BatchGetSecretValue', 'GetParameter', 'GetParameters'] },
  },
  observe(event, params) {
    const read = itemsOf(event);
    if (!read || read.items.length === 0) return [];
    const caller = actorOf(event.detail);
    if (params.ignoredPrincipals.includes(caller) || deployedByIac(event, params)) return [];
    return read.items.map((item): Observation => observe(event, callerKey(caller), baselineValue(1, `${read.family}:${item}`)));
  },
  horizonMinutes: (params) => Math.max(params.secretsWindowMinutes, params.parametersWindowMinutes),
  lookbackDays: (params) => params.lookbackDays,
  candidates(state, params) {
    const of = (family: Family) => state.members.filter((m) => familyOf(m) === family);
    const tag = (family: Family, distinct: boolean) => (g: ThresholdGroup) => ({
      ...g,
      family,
      count: distinct ? new Set(g.members.map((m) => m.value)).size : g.members.length,
    });
    const secrets = { windowMinutes: params.secretsWindowMinutes, threshold: params.distinctSecrets, distinct: true };
    const batches = { windowMinutes: params.secretsWindowMinutes, threshold: params.batchCalls };
    const parameters = { windowMinutes: params.parametersWindowMinutes, threshold: params.distinctParameters, distinct: true };
    return [
      ...thresholdGroups(of('secret'), secrets).map(tag('secret', true)),
      ...thresholdGroups(of('batch'), batches).map(tag('batch', false)),
      ...thresholdGroups(of('param'), parameters).map(tag('param', true)),
    ];
  },
  decide(state, params) {
    const firing = state.candidates.filter((group) => {
      // The caller's own busiest whole day (hour for parameters) that ended at least an hour before the
      // window's last event: settled, so late events cannot change it. It may overlap the window: a
      // daily job's previous run is always inside a 24-hour window, and is what makes it normal.
      const periodHours = group.family === 'param' ? 1 : 24;
      const peak = peakDistinct(state.history, { before: group.reachedAt - HOUR, periodHours, prefix: `${group.family}:` });
      return group.count > params.factor * peak;
    });
    if (firing.length === 0) return [];
    const caller = callerOfKey(state.key);
    const most = (family: Family) => Math.max(0, ...firing.filter((g) => g.family === family).map((g) => g.count));
    const secrets = most('secret');
    const batches = most('batch');
    const parameters = most('param');
    return [
      {
        subject: caller,
        source: firing.some((g) => g.family === 'param') && secrets === 0 && batches === 0 ? 'aws.ssm' : 'aws.secretsmanager',
        account: accountOfArn(caller),
        dedupKey: state.key,
        // Set when the finding opens: nothing in it grows with the sweep (the counts are in the evidence).
        description:
          `${caller} read more secrets or decrypted SSM parameters than its thresholds allow, and more than ${params.factor} times ` +
          'its own busiest day (hour, for parameters) so far: someone may be harvesting credentials.',
        resources: arnResources(caller),
        evidence: {
          caller,
          distinctSecrets: secrets,
          batchCalls: batches,
          distinctParameters: parameters,
          factor: params.factor,
          secretsWindowMinutes: params.secretsWindowMinutes,
          parametersWindowMinutes: params.parametersWindowMinutes,
        },
        members: membersOf(firing),
        groups: firing,
      },
    ];
  },
};
