import { z } from 'zod';
import { baselineValue, parseBaselineValue, referenceFor, volumeGroups, type VolumeGroup } from '../baseline';
import type { BaselineDetection } from '../detection';
import { observe } from '../observation';
import { membersOf } from '../windows';
import { appClientPools, COGNITO_AUTH_CALLS, cognitoCallerOf, cognitoUserKey, parseCognitoUserKey } from './cognitoRecords';
import { accountOf } from './identityHelpers';
import { referenceParameters } from './baselineParameters';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(5),
  threshold: threshold(10, 'Failed authentications of one user (or source IP and client) within the window that fire (count >= threshold)'),
  factor: z
    .number()
    .min(1)
    .default(2)
    .describe("A burst must also exceed this many times the user's own peak hourly failures at that time of day"),
  ...referenceParameters('failure'),
  appClientPools: appClientPools(),
  ignoredSourceIps: ignoredValues('Source IPs whose failures are not counted (e.g. a synthetic sign-in monitor)'),
});

export type CognitoAuthFailureBurstParameters = z.output<typeof Parameters>;

const FAILURES = ['NotAuthorizedException', 'CodeMismatchException'];

/**
 * cognito-auth-failure-burst-per-user: failed user-pool authentications (wrong password:
 * NotAuthorizedException; wrong MFA code: CodeMismatchException) per user (pool + sub) or, when
 * Cognito did not resolve the user, per source IP + pool, W(5 min, 10) + BL: a burst over the
 * threshold must also exceed `factor` times the user's own peak hourly failures at that time of day
 * (a shared test account that fails all day is normal for it). Member value: 1, source IP, the call
 * and its error.
 */
export const cognitoAuthFailureBurstPerUser: BaselineDetection<CognitoAuthFailureBurstParameters, VolumeGroup> = {
  kind: 'baseline',
  definition: {
    id: 'cognito-auth-failure-burst-per-user',
    title: 'Burst of failed Cognito sign-ins for one user',
    severity: 'medium',
    mitre: ['T1110.001'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: {
    source: ['aws.cognito-idp'],
    detail: { eventSource: ['cognito-idp.amazonaws.com'], eventName: COGNITO_AUTH_CALLS, errorCode: FAILURES },
  },
  observe(event, params) {
    const caller = cognitoCallerOf(event, params.appClientPools);
    if (params.ignoredSourceIps.includes(caller.sourceIp)) return [];
    const value = baselineValue(1, caller.sourceIp, `${event.detail.eventName} ${event.detail.errorCode}`);
    return [observe(event, cognitoUserKey(accountOf(event), caller), value)];
  },
  horizonMinutes: (params) => params.windowMinutes,
  lookbackDays: (params) => params.lookbackDays,
  candidates: (state, params) => volumeGroups(state.members, { windowMinutes: params.windowMinutes, floor: params.threshold }),
  decide(state, params) {
    const firing = state.candidates.filter((g) => g.total > params.factor * referenceFor(state.history, g.reachedAt, params).value);
    if (firing.length === 0) return [];
    const members = membersOf(firing);
    const values = members.map((m) => parseBaselineValue(m.value));
    const sourceIps = [...new Set(values.map((v) => v.attribute).filter(Boolean))].sort();
    const largest = Math.max(...firing.map((g) => g.total));
    const { kind, account, where, who } = parseCognitoUserKey(state.key);
    const subject = kind === 'user' ? `cognito-user:${where}/${who}` : `cognito-source-ip:${who}@${where}`;
    return [
      {
        subject,
        source: 'aws.cognito-idp',
        account,
        dedupKey: state.key,
        description:
          `${params.threshold} or more failed Cognito sign-ins within ${params.windowMinutes} minutes for ` +
          `${kind === 'user' ? `user ${who} of ${where}` : `unresolved users from ${who} on ${where}`}: someone may be guessing a ` +
          'password or an MFA code.',
        resources: where.startsWith('client:') ? [] : [where],
        evidence: {
          userPool: where.startsWith('client:') ? null : where,
          appClientId: where.startsWith('client:') ? where.slice('client:'.length) : null,
          sub: kind === 'user' ? who : null,
          failures: largest,
          threshold: params.threshold,
          windowMinutes: params.windowMinutes,
          sourceIPAddresses: sourceIps.join(', '),
          calls: [...new Set(values.map((v) => v.detail))].sort().join(', '),
        },
        members,
        groups: firing,
      },
    ];
  },
};
