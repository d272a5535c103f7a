import type { CloudTrailRecord } from '../cloudTrailRecord';

/** What CloudTrail writes for the user name of a console sign-in to a user that does not exist. */
export const HIDDEN_USER = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** Trigger of console sign-ins with the given outcome (responseElements.ConsoleLogin). */
export function consoleLoginPattern(outcome: 'Success' | 'Failure') {
  return {
    source: ['aws.signin'],
    'detail-type': ['AWS Console Sign In via CloudTrail'],
    detail: { eventSource: ['signin.amazonaws.com'], eventName: ['ConsoleLogin'], responseElements: { ConsoleLogin: [outcome] } },
  };
}

/**
 * The group key of a console sign-in per user: `user:` and the user's ARN (or account and user
 * name). Sign-ins to a user name that does not exist have none: they are a spray, keyed by IP
 * (`ip:<address>`) by console-password-spray. Per-user detections and sequences share this key.
 */
export function consoleUserKey(record: CloudTrailRecord): string | undefined {
  const identity = record.userIdentity;
  if (identity.userName === HIDDEN_USER) return undefined;
  if (identity.arn) return `user:${identity.arn}`;
  if (!identity.userName) return undefined;
  return `user:${identity.accountId ?? record.recipientAccountId ?? 'unknown-account'}:${identity.userName}`;
}

/** The principal a `user:` key names (an ARN, or account:userName). */
export function principalOfKey(key: string): string {
  return key.startsWith('user:') ? key.slice('user:'.length) : key;
}

export function isIgnored(record: CloudTrailRecord, ignored: readonly string[]): boolean {
  const { arn, userName } = record.userIdentity;
  return ignored.some((p) => p === arn || p === userName);
}

/** The account of a `user:` key's principal (ARN field 5, or the account the key was built with). */
export function accountOfKey(key: string): string {
  const principal = principalOfKey(key);
  return principal.startsWith('arn:') ? (principal.split(':')[4] ?? '') : (principal.split(':')[0] ?? '');
}
