import { z } from 'zod';
import type { CloudTrailEnvelope } from '../cloudTrailRecord';
import type { WindowDetection } from '../detection';
import { observe } from '../observation';
import { membersOf, thresholdGroups } from '../windows';
import { appClientOf, appClientPools, cognitoUserOf, poolOf } from './cognitoRecords';
import { sourceKey, sourceSetOf } from './ipAddresses';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

/** The user-pool sign-in calls, and the errors that say the credentials (or the user) were wrong. */
const EVENT_NAMES = ['InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge'];
const ERRORS = ['NotAuthorizedException', 'CodeMismatchException', 'UserNotFoundException'];

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(15),
  threshold: threshold(
    10,
    'Distinct users with failed Cognito sign-ins from one source IP within the window that fire (distinct >= threshold)',
  ),
  ignoredSourceIps: ignoredValues(
    'Source IPs whose failures are not counted: a backend calling AdminInitiateAuth for its users signs them all in from its own address',
  ),
  appClientPools: appClientPools(),
});

export type CognitoSprayPerIpParameters = z.output<typeof Parameters>;

/**
 * The user a failure counts for: the user's sub (or a name the record shows), else `hidden:<envelope id>`.
 * A failure for a user that does not exist (UserNotFoundException, or NotAuthorizedException when the pool
 * hides that users do not exist) carries no sub, and the guessed names cannot be told apart: each counts as
 * its own user, as console-password-spray counts hidden user names, since counting them as one would hide
 * the enumeration. The envelope id is the idempotency key, so a redelivered failure stays one user.
 */
function userOf(event: CloudTrailEnvelope): string {
  return cognitoUserOf(event) ?? `hidden:${event.id}`;
}

const isHidden = (user: string) => user.startsWith('hidden:');

/** A member value: `<account> <pool or app client> <user>` (none has a space). */
function split(value: string): [account: string, where: string, user: string] {
  const [account = '', where = '', ...rest] = value.split(' ');
  return [account, where, rest.join(' ')];
}

/**
 * cognito-spray-per-ip: failed user-pool sign-ins (InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge
 * with NotAuthorizedException, CodeMismatchException or UserNotFoundException) per source IP, counted by
 * distinct user, W(15 min, 10 distinct). One address failing for many users is password spraying or user
 * enumeration; one user failing again adds nothing here (that is cognito-auth-failure-burst-per-user's).
 * Failures only: the trigger matches these error codes, so successful sign-ins cost nothing.
 */
export const cognitoSprayPerIp: WindowDetection<CognitoSprayPerIpParameters> = {
  kind: 'distinct-count',
  definition: {
    id: 'cognito-spray-per-ip',
    title: 'Failed Cognito sign-ins for many users from one IP',
    severity: 'high',
    mitre: ['T1110.003'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: {
    source: ['aws.cognito-idp'],
    detail: { eventSource: ['cognito-idp.amazonaws.com'], eventName: EVENT_NAMES, errorCode: ERRORS },
  },
  observe(event, params) {
    if (!event.detail.sourceIPAddress) return [];
    // One spelling per address (an IPv6 address is written many ways): one key, and one ignore-list entry.
    const ip = sourceKey(event.detail.sourceIPAddress);
    if (sourceSetOf(params.ignoredSourceIps).has(ip)) return [];
    const account = event.detail.recipientAccountId ?? event.account;
    const where = poolOf(event, params.appClientPools) ?? appClientOf(event) ?? '-';
    return [observe(event, `ip:${ip}`, `${account} ${where} ${userOf(event)}`)];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const parts = new Map(state.members.map((m) => [m.eventId, split(m.value)]));
    const byUser = state.members.map((m) => ({ ...m, value: parts.get(m.eventId)![2] }));
    const groups = thresholdGroups(byUser, { ...params, distinct: true });
    if (groups.length === 0) return [];
    const members = membersOf(groups);
    const ip = state.key.slice('ip:'.length);
    const users = [...new Set(members.map((m) => m.value))];
    const distinct = (i: 0 | 1) => [...new Set(members.map((m) => parts.get(m.eventId)![i]))].filter((v) => v !== '-').sort();
    const [accounts, pools] = [distinct(0), distinct(1)];
    return [
      {
        subject: ip,
        source: 'aws.cognito-idp',
        // The lowest account id: the same whatever order the failures came in.
        account: accounts[0] ?? '',
        dedupKey: state.key,
        description:
          `From ${ip}: failed Cognito sign-ins for ${params.threshold} or more distinct users within ${params.windowMinutes} ` +
          'minutes: someone may be spraying common passwords across the user pool, or finding out which users exist.',
        resources: [],
        evidence: {
          sourceIPAddress: ip,
          distinctUsers: users.length,
          unknownUsers: users.filter(isHidden).length,
          userPoolsOrAppClients: pools.slice(0, 10).join(', '),
          accounts: accounts.join(', '),
          threshold: params.threshold,
          windowMinutes: params.windowMinutes,
        },
        members,
        groups,
      },
    ];
  },
};
