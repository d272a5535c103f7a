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
