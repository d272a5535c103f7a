import type { EvidenceValue } from '../../findings/types';
import { actorOf, succeeded, type CloudTrailEnvelope, type CloudTrailRecord } from '../cloudTrailRecord';

/** The account the call was made in: the record's own recipient first, the envelope's as a fallback. */
export function accountOf(event: CloudTrailEnvelope): string {
  return event.detail.recipientAccountId ?? event.detail.userIdentity.accountId ?? event.account;
}

/** A request parameter or response element as a non-empty string, or undefined (CloudTrail payloads are free-form). */
export function stringAt(payload: Record<string, unknown> | null | undefined, key: string): string | undefined {
  const value = payload?.[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The IAM user name of the caller when the caller is an IAM user, else undefined: a role session, Root or a
 * federated user is never "the same user" as an IAM user, whatever the session is called.
 */
export function callerIamUserName(record: CloudTrailRecord): string | undefined {
  const id = record.userIdentity;
  if (id.type !== 'IAMUser') return undefined;
  if (id.userName) return id.userName;
  // ARNs of users with a path (user/dev/alice) end with the name: compare the last segment, never a suffix.
  const match = /:user\/(?:.*\/)?([^/]+)$/.exec(id.arn ?? '');
  return match?.[1];
}

/** The ARN of an IAM user, role or group of the account, in the caller's partition. */
export function iamArn(record: CloudTrailRecord, account: string, kind: 'user' | 'role' | 'group', name: string): string {
  const partition = /^arn:([^:]+):/.exec(record.userIdentity.arn ?? '')?.[1] ?? 'aws';
  return `arn:${partition}:iam::${account}:${kind}/${name}`;
}

/** "", or " (failed: AccessDenied)" for a call that did not succeed: the on-call must see an attempt as one. */
export function outcomeOf(record: CloudTrailRecord): string {
  return succeeded(record) ? '' : ` (failed: ${record.errorCode || record.errorMessage})`;
}

/** Who called, from where and with what: the evidence every identity detection carries. */
export function callerEvidence(record: CloudTrailRecord): Record<string, EvidenceValue> {
  return {
    eventName: record.eventName,
    actor: actorOf(record),
    actorType: record.userIdentity.type ?? null,
    accessKeyId: record.userIdentity.accessKeyId || null,
    sourceIPAddress: record.sourceIPAddress ?? null,
    userAgent: record.userAgent ?? null,
    awsRegion: record.awsRegion,
    errorCode: record.errorCode || null,
  };
}
