import type { CloudTrailEnvelope, CloudTrailRecord } from '../detections';
import type { AuditClassification } from './classify';
import { partitionExpiry } from './partition';
import type { Pseudonymizer } from './pseudonym';
import { AUDIT_SCHEMA_VERSION, type AuditActor, type AuditEntry, type AuditOutcome, MAX_TARGETS, MAX_TEXT } from './record';

/**
 * From a CloudTrail event to the audit entry: who, what, on what, when, from where, outcome. The
 * entry keeps identifiers, never payloads: request parameters are reduced to the names and ARNs of
 * what was acted on (a policy document, a user's attributes or a password never reach the trail),
 * and a Cognito user's sub is replaced by its pseudonym and sealed.
 */

/** CloudTrail's placeholder for values it withholds (a mistyped user name may be a password). */
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const COGNITO_IDP = 'cognito-idp.amazonaws.com';
/** The sealed fields' names, also part of the encryption context. */
export const SEALED_FIELDS = ['cognitoSub'] as const;

/** Request parameters that name what a call acts on: `roleArn`, `bucketName`, `keyId`, `userPoolId`, `name`... */
const TARGET_KEY = /(^name$|Arn$|ARN$|Name$|Id$|Identifier$)/;
/** Never a target, whatever its name says: secrets, and (for Cognito) the user's own name, which is Restricted. */
const NEVER_TARGET = /(password|secret|token|session(?!Name)|credential|code$)/i;
const COGNITO_USER_NAME = /^(user)?name$|username/i;

export interface EntryContext {
  pseudonymizer: Pseudonymizer;
  /** Seals Restricted values (FieldEncryptor.seal bound to the audit table and the event id), returns base64. */
  seal: (plaintext: string, eventId: string) => Promise<string>;
  retentionDays: number;
  now: () => Date;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && value !== HIDDEN ? value.slice(0, MAX_TEXT) : undefined;

const field = (payload: unknown, key: string): unknown =>
  typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>)[key] : undefined;

function cognitoSubOf(record: CloudTrailRecord): string | undefined {
  if (record.eventSource !== COGNITO_IDP) return undefined;
  return text(field(record.additionalEventData, 'sub'));
}

function mfaOf(record: CloudTrailRecord): boolean | undefined {
  const used = field(record.additionalEventData, 'MFAUsed');
  if (used === 'Yes') return true;
  if (used === 'No') return false;
  const authenticated = record.userIdentity.sessionContext?.attributes?.mfaAuthenticated;
  if (authenticated === 'true') return true;
  if (authenticated === 'false') return false;
  return undefined;
}

/** The caller as CloudTrail attributes the call (principal ARN, or the AWS service for a service's own call). */
function callerActor(record: CloudTrailRecord): AuditActor {
  const id = record.userIdentity;
  const actor: AuditActor = { type: text(id.type) ?? 'Unknown' };
  const principal = text(id.arn) ?? (id.type === 'AWSService' ? text(id.invokedBy) : undefined);
  if (principal) actor.principal = principal;
  const issuer = text(id.sessionContext?.sessionIssuer?.arn);
  if (issuer && id.type === 'AssumedRole') actor.issuer = issuer;
  const account = text(id.accountId);
  if (account) actor.account = account;
  const key = text(id.accessKeyId);
  if (key) actor.accessKeyId = key;
  const mfa = mfaOf(record);
  if (mfa !== undefined) actor.mfa = mfa;
  const invokedBy = text(id.invokedBy);
  if (invokedBy) actor.invokedBy = invokedBy;
  const sourceIdentity = text(id.sessionContext?.sourceIdentity);
  if (sourceIdentity) actor.sourceIdentity = sourceIdentity;
  return actor;
}

function outcomeOf(record: CloudTrailRecord): { status: AuditOutcome; errorCode?: string } {
  const errorCode = text(record.errorCode);
  if (record.eventSource === 'signin.amazonaws.com') {
    const result = field(record.responseElements, record.eventName);
    // Sign-in failures carry a fixed vocabulary in errorMessage ("Failed authentication"), no errorCode.
    const reason = errorCode ?? text(record.errorMessage);
    if (result === 'Failure' || reason) return { status: 'failure', ...(reason ? { errorCode: reason } : {}) };
    return { status: result === 'Success' ? 'success' : 'unknown' };
  }
  if (errorCode || text(record.errorMessage)) return { status: 'failure', ...(errorCode ? { errorCode } : {}) };
  // A hosted-UI service event says only its HTTP status; a 302 is as much the login page again as a success.
  if (record.eventType === 'AwsServiceEvent') return { status: 'unknown' };
  return { status: 'success' };
}

/** What an authentication authenticates into: the user signing in, the role assumed or switched to. */
function authSubject(record: CloudTrailRecord, actor: AuditActor, cognitoUser: string | undefined): string | undefined {
  switch (record.eventName) {
    case 'AssumeRole':
    case 'AssumeRoleWithSAML':
    case 'AssumeRoleWithWebIdentity':
      return text(field(record.requestParameters, 'roleArn')) ?? text(field(field(record.responseElements, 'assumedRoleUser'), 'arn'));
    case 'GetFederationToken':
      return text(field(field(record.responseElements, 'federatedUser'), 'arn')) ?? actor.principal;
    case 'SwitchRole':
      return text(field(record.additionalEventData, 'SwitchTo')) ?? actor.principal;
    default:
      return record.eventSource === COGNITO_IDP ? cognitoUser : actor.principal;
  }
}

/** The names and ARNs of what the call acted on. */
function targetsOf(record: CloudTrailRecord, extra: readonly (string | undefined)[]): string[] {
  const targets = new Set<string>();
  const add = (value: unknown) => {
    const t = text(value);
    if (t && targets.size < MAX_TARGETS) targets.add(t);
  };
  for (const resource of record.resources ?? []) add(resource.ARN);
  const cognito = record.eventSource === COGNITO_IDP;
  for (const [key, value] of Object.entries(record.requestParameters ?? {})) {
    if (!TARGET_KEY.test(key) || NEVER_TARGET.test(key) || (cognito && COGNITO_USER_NAME.test(key))) continue;
    if (typeof value === 'string') add(value);
  }
  if (cognito) {
    // The hosted UI's service events name the pool and the app client in additionalEventData.
    add(field(record.additionalEventData, 'userPoolId'));
    const clientIds = field(field(record.additionalEventData, 'requestParameters'), 'client_id');
    if (Array.isArray(clientIds)) add(clientIds[0]);
  }
  for (const value of extra) add(value);
  return [...targets];
}

/**
 * The audit entry for a classified event. A Cognito user stands as `cognito:<pseudonym>`: as the actor
 * of their own sign-in, sign-up or reset (an IAM identity that relays it, an app backend calling
 * AdminInitiateAuth, is `actor.relayedBy`), as a target when an administrator acts on them. Their sub
 * is sealed.
 */
export async function toAuditEntry(
  event: CloudTrailEnvelope,
  classification: AuditClassification,
  context: EntryContext,
): Promise<AuditEntry> {
  const record = event.detail;
  const time = new Date(record.eventTime).toISOString();
  const sub = cognitoSubOf(record);
  const cognitoUser = sub === undefined ? undefined : context.pseudonymizer.pseudonym('cognito-sub', sub);

  const caller = callerActor(record);
  let actor = caller;
  const extraTargets: Array<string | undefined> = [];
  if (cognitoUser !== undefined) {
    // The user acts when the call is theirs: an anonymous public-client call, or an authentication
    // (AdminInitiateAuth authenticates the user, whoever relays it). Otherwise an administrator acts on them.
    if (caller.principal === undefined || classification.kind === 'authentication') {
      actor = { type: 'CognitoUser', principal: cognitoUser };
      if (caller.principal !== undefined) actor.relayedBy = caller.principal;
    } else {
      extraTargets.push(cognitoUser);
    }
  }

  const source: AuditEntry['source'] = {};
  const ip = text(record.sourceIPAddress);
  if (ip) source.ip = ip;
  const userAgent = text(record.userAgent);
  if (userAgent) source.userAgent = userAgent;
  const vpce = text(record.vpcEndpointId);
  if (vpce) source.vpcEndpointId = vpce;

  const entry: AuditEntry = {
    v: AUDIT_SCHEMA_VERSION,
    eventId: event.id.slice(0, MAX_TEXT),
    cloudTrailEventId: record.eventID.slice(0, MAX_TEXT),
    kind: classification.kind,
    activity: classification.activity,
    time,
    recordedAt: context.now().toISOString(),
    account: (record.recipientAccountId ?? event.account).slice(0, MAX_TEXT),
    region: (record.awsRegion ?? event.region).slice(0, MAX_TEXT),
    actor,
    action: { service: record.eventSource.slice(0, MAX_TEXT), operation: record.eventName.slice(0, MAX_TEXT) },
    targets: targetsOf(record, extraTargets),
    source,
    outcome: outcomeOf(record),
    expiresAt: partitionExpiry(time.slice(0, 10), context.retentionDays),
  };
  const eventType = text(record.eventType);
  if (eventType) entry.action.eventType = eventType;
  if (classification.kind === 'authentication') {
    const subject = authSubject(record, caller, cognitoUser);
    if (subject) entry.subject = subject;
  }
  if (sub !== undefined) {
    entry.sealed = { fields: [...SEALED_FIELDS], data: await context.seal(JSON.stringify({ cognitoSub: sub }), entry.eventId) };
  }
  return entry;
}
