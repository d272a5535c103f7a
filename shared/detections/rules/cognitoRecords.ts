import { z } from 'zod';
import type { CloudTrailEnvelope } from '../cloudTrailRecord';
import { fieldOf } from './personHelpers';
import { stringParam } from './requestValues';

/** What CloudTrail writes in place of a Cognito secret, a user name or user attributes. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** A string field that CloudTrail did not hide, or undefined. */
export function visible(value: unknown): string | undefined {
  const text = stringParam(value);
  return text && text !== HIDDEN ? text : undefined;
}

/**
 * The user a Cognito user-pool record is about: `sub:<sub>` from additionalEventData (CloudTrail's
 * only identifier of the user: the user name is hidden), else a user name the record shows in clear
 * (`name:<pool or client>:<name>`, older or custom records), else undefined: a call for a user that does
 * not exist, or one the record does not name.
 */
export function cognitoUserOf(event: CloudTrailEnvelope): string | undefined {
  const record = event.detail;
  const sub = visible(fieldOf(record.additionalEventData, 'sub'));
  if (sub) return `sub:${sub}`;
  const request = record.requestParameters;
  const name = visible(fieldOf(request, 'username')) ?? visible(fieldOf(fieldOf(request, 'authParameters'), 'USERNAME'));
  if (!name) return undefined;
  return `name:${userPoolOf(event) ?? appClientOf(event) ?? '-'}:${name}`;
}

/** The user pool id of an admin call (requestParameters.userPoolId). */
export function userPoolOf(event: CloudTrailEnvelope): string | undefined {
  return visible(fieldOf(event.detail.requestParameters, 'userPoolId'));
}

/** The app client id of a public client call (requestParameters.clientId; InitiateAuth carries no pool id). */
export function appClientOf(event: CloudTrailEnvelope): string | undefined {
  return visible(fieldOf(event.detail.requestParameters, 'clientId'));
}

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

export function cognitoCallerOf(event: CloudTrailEnvelope, pools: Readonly<Record<string, string>>): CognitoCaller {
  const clientId = appClientOf(event);
  return {
    pool: poolOf(event, pools),
    clientId,
    sub: visible(fieldOf(event.detail.additionalEventData, 'sub')),
    sourceIp: event.detail.sourceIPAddress ?? '',
  };
}

/** The user pool of a call: named by an admin call, or the pool the stage maps the app client to. */
export function poolOf(event: CloudTrailEnvelope, pools: Readonly<Record<string, string>>): string | undefined {
  const client = appClientOf(event);
  return userPoolOf(event) ?? (client ? pools[client] : undefined);
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
