import { z } from 'zod';
import type { CloudTrailRecord } from '../cloudTrailRecord';
import { stringAt } from './identityHelpers';

/*
 * What Cognito user-pool authentication calls say about who signed in. CloudTrail carries the
 * user's `sub` (additionalEventData.sub) when Cognito resolved the user, never the user name, and
 * the app client id rather than the pool id for the public calls (InitiateAuth,
 * RespondToAuthChallenge): the pool comes from the stage's app client map, `appClientPools`.
 *
 * Data class: the sub is a random UUID that Cognito assigns; it names a person only through the user
 * pool, whose access is controlled, so Vigil treats it as Confidential (not Restricted) and findings
 * may carry it for triage. User names and e-mail addresses never reach CloudTrail (HIDDEN_DUE_TO_...).
 */

/** The user-pool calls that authenticate (public and admin flavours). */
export const COGNITO_AUTH_CALLS = ['InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge'];

/**
 * The app client id → user pool id map. Shared by the Cognito detections: set it once per stage
 * under `detectionOverrides."*".parameters.appClientPools` (infra/config/<stage>.yml).
 */
export function appClientPools() {
  return z
    .record(z.string().min(1), z.string().regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'a user pool id such as eu-west-1_AbCdEf123'))
    .default({})
    .describe('App client id -> user pool id, so calls that name only the client are grouped by pool (set once under "*")');
}

export interface CognitoCaller {
  /** The user pool, from the call or the app client map; undefined when neither names it. */
  readonly pool: string | undefined;
  readonly clientId: string | undefined;
  /** The user's sub, when Cognito resolved the user. */
  readonly sub: string | undefined;
  readonly sourceIp: string;
}

export function cognitoCallerOf(record: CloudTrailRecord, pools: Readonly<Record<string, string>>): CognitoCaller {
  const clientId = stringAt(record.requestParameters, 'clientId');
  const pool = stringAt(record.requestParameters, 'userPoolId') ?? (clientId ? pools[clientId] : undefined);
  return { pool, clientId, sub: stringAt(record.additionalEventData, 'sub'), sourceIp: record.sourceIPAddress ?? '' };
}

/** A per-user group key, in parts. */
export interface CognitoUserKey {
  readonly kind: 'user' | 'ip';
  readonly account: string;
  /** The user pool id, or `client:<app client id>` when the pool is not known. */
  readonly where: string;
  /** The sub (kind user) or the source IP (kind ip). */
  readonly who: string;
}

/**
 * The group key of per-user counting, `user|<account>|<pool>|<sub>` when the record names the user,
 * else `ip|<account>|<pool>|<source IP>` (users Cognito could not resolve). `|` separates: an IPv6
 * address and `client:<id>` hold colons.
 */
export function cognitoUserKey(account: string, caller: CognitoCaller): string {
  const where = caller.pool ?? `client:${caller.clientId ?? 'unknown'}`;
  return caller.sub ? `user|${account}|${where}|${caller.sub}` : `ip|${account}|${where}|${caller.sourceIp}`;
}

export function parseCognitoUserKey(key: string): CognitoUserKey {
  const [kind, account = '', where = '', who = ''] = key.split('|');
  return { kind: kind === 'user' ? 'user' : 'ip', account, where, who };
}
