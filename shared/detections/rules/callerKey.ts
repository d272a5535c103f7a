import { actorOf, type CloudTrailRecord } from '../cloudTrailRecord';

/** The group key of per-caller windows (`caller:<ARN>`), and back. */
export const callerKey = (caller: string): string => `caller:${caller}`;
export const callerOfKey = (key: string): string => key.slice('caller:'.length);

/** The account of an ARN (its fifth field), or '' for a principal that is not an ARN. */
export const accountOfArn = (arn: string): string => (arn.startsWith('arn:') ? (arn.split(':')[4] ?? '') : '');

/** A finding's resources: the principal when it is an ARN. */
export const arnResources = (value: string): string[] => (value.startsWith('arn:') ? [value] : []);

/**
 * The principal a baseline belongs to: the role for an assumed-role session (a batch job gets a new
 * session name each run, its role stays), else the caller's ARN.
 */
export function principalOf(record: CloudTrailRecord): string {
  const identity = record.userIdentity;
  if (identity.type === 'AssumedRole' && identity.sessionContext?.sessionIssuer?.arn) return identity.sessionContext.sessionIssuer.arn;
  return actorOf(record);
}
