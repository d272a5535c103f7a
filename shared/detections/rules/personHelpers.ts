import type { CloudTrailRecord } from '../cloudTrailRecord';
import { isObject } from './policyDocument';

/**
 * Who a "person" is for the execution detections (a human at a keyboard, not a pipeline): an IAM user,
 * Root, a federated user (GetFederationToken), any session whose credentials came from the console, or a
 * session of an IAM Identity Center permission set (roles named AWSReservedSSO_*). An assumed role
 * outside the console is taken as automation (CI/CD, a function's own role), which is how Panther's
 * lambda cases read too. A call AWS made on the caller's behalf (invokedBy, e.g. CloudFormation) is the
 * service's, not the person's: the person's own call to that service is where intent shows.
 *
 * Returns what kind of person, for the finding's description, or undefined when not a person.
 */
export function personKind(record: CloudTrailRecord): string | undefined {
  const id = record.userIdentity;
  if (id.invokedBy) return undefined;
  if (id.type === 'IAMUser') return 'IAM user';
  if (id.type === 'Root') return 'root user';
  if (id.type === 'FederatedUser') return 'federated user';
  if (id.type !== 'AssumedRole') return undefined;
  const issuer = id.sessionContext?.sessionIssuer;
  if ([id.arn, issuer?.arn, issuer?.userName].some((v) => /(^|[/:])AWSReservedSSO_/.test(v ?? ''))) return 'IAM Identity Center session';
  if (record.sessionCredentialFromConsole === 'true') return 'console session';
  return undefined;
}

/**
 * Whether the caller is one of the listed principals: an IAM user's ARN, or a role's ARN (the session's
 * issuer, so one entry covers every session of the role), or an assumed-role session ARN given whole.
 */
export function callerIsListed(record: CloudTrailRecord, arns: readonly string[]): boolean {
  if (arns.length === 0) return false;
  const id = record.userIdentity;
  return [id.arn, id.sessionContext?.sessionIssuer?.arn].some((arn) => arn !== undefined && arns.includes(arn));
}

/**
 * A field of a request payload whatever the case of its key: CloudTrail writes most services' parameters in
 * camelCase (mfaConfiguration), some in the API's PascalCase (MfaConfiguration), and records differ by version.
 */
export function fieldOf(payload: unknown, key: string): unknown {
  if (!isObject(payload)) return undefined;
  if (key in payload) return payload[key];
  const lower = key.toLowerCase();
  const found = Object.keys(payload).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : payload[found];
}

/** A string field, upper-cased for comparing enum values (OFF, Optional, "audit"), or undefined. */
export function enumOf(payload: unknown, key: string): string | undefined {
  const value = fieldOf(payload, key);
  return typeof value === 'string' && value.length > 0 ? value.toUpperCase() : undefined;
}
