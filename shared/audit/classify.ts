import { DETECTIONS, type CloudTrailEnvelope, type CloudTrailRecord, type Detection } from '../detections';
import type { AuditActivity, AuditKind } from './record';
import { SensitiveOperations } from './sensitiveOperations';

/**
 * Which CloudTrail events are audit events, and of what kind.
 *
 * Authentications are a short list kept here, because "authentication" is the audit requirement's
 * notion, not something the catalogue watches (nothing reads InitiateAuth or AssumeRole by itself):
 * - console sign-in (signin.amazonaws.com): ConsoleLogin, the MFA step CheckMfa, SwitchRole and
 *   ExitRole between roles in the console;
 * - Cognito user-pool authentication (cognito-idp.amazonaws.com): InitiateAuth, RespondToAuthChallenge
 *   and their Admin forms (tokens issued), GlobalSignOut, AdminUserGlobalSignOut and RevokeToken (tokens
 *   revoked), and the hosted UI's Login_POST service event. Whoever calls (a public client, the app's
 *   backend), the subject is an app user;
 * - STS credentials obtained by a person: AssumeRole*, GetSessionToken and GetFederationToken, when the
 *   caller is human (isHumanCaller). A Lambda or ECS task assuming its role, a service-linked role, an
 *   AWS service acting on someone's behalf or a workload's OIDC token is not a person signing in.
 * Sensitive operations are derived from the detection registry (sensitiveOperations.ts): the writes
 * the catalogue watches.
 */

export interface AuditClassification {
  kind: AuditKind;
  activity: AuditActivity;
}

const SIGNIN: Readonly<Record<string, AuditActivity>> = {
  ConsoleLogin: 'logon',
  CheckMfa: 'preauth',
  SwitchRole: 'logon',
  ExitRole: 'logoff',
};

const COGNITO: Readonly<Record<string, AuditActivity>> = {
  InitiateAuth: 'logon',
  AdminInitiateAuth: 'logon',
  RespondToAuthChallenge: 'logon',
  AdminRespondToAuthChallenge: 'logon',
  Login_POST: 'logon',
  GlobalSignOut: 'logoff',
  AdminUserGlobalSignOut: 'logoff',
  RevokeToken: 'logoff',
};

const STS: ReadonlySet<string> = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
  'GetFederationToken',
]);

/** Roles Identity Center creates for permission sets: their sessions are people signed in through the IdP. */
const SSO_ROLE = /(^|[/:])AWSReservedSSO_/;

/**
 * Whether the caller is a person, from what CloudTrail says of the identity:
 * - IAM users, Root, SAML-federated and GetFederationToken users: yes;
 * - an assumed-role session: yes when it shows a person behind it: a console session, an Identity
 *   Center permission set, MFA at session creation, or a source identity (which IdPs set to the user);
 *   a session with none of these is taken as a workload (role chaining by CI, a task's own role);
 * - an AWS service (AWSService, or any identity with invokedBy), a workload's web identity
 *   (WebIdentityUser: GitHub OIDC, EKS service accounts) and a caller from another account (AWSAccount,
 *   whose trail says who it was): no.
 */
export function isHumanCaller(record: CloudTrailRecord): boolean {
  const id = record.userIdentity;
  if (id.invokedBy) return false;
  switch (id.type) {
    case 'IAMUser':
    case 'Root':
    case 'SAMLUser':
    case 'FederatedUser':
      return true;
    case 'AssumedRole': {
      const issuer = id.sessionContext?.sessionIssuer;
      if ([id.arn, issuer?.arn, issuer?.userName].some((v) => SSO_ROLE.test(v ?? ''))) return true;
      if (record.sessionCredentialFromConsole === 'true') return true;
      if (id.sessionContext?.attributes?.mfaAuthenticated === 'true') return true;
      return Boolean(id.sessionContext?.sourceIdentity);
    }
    default:
      return false;
  }
}

/** The CRUD verb of an operation, from its name (Cognito's Admin forms by the verb that follows: AdminCreateUser creates). */
export function operationActivity(eventName: string): AuditActivity {
  const name = eventName.replace(/^Admin(?=[A-Z])/, '');
  if (/^(Start|Stop)Logging$/.test(name)) return 'update';
  if (/^(Create|Add|Allocate|Run|Register|Import|Copy|Generate|Issue|Request|Upload|Restore|SignUp|Send|Start)/.test(name)) return 'create';
  if (/^(Delete|Remove|Deregister|Terminate|Leave|Schedule\w*Deletion|Purge|Destroy)/.test(name)) return 'delete';
  if (/^(Get|List|Describe|Head|Lookup|Search)/.test(name)) return 'read';
  if (
    /^(Update|Put|Modify|Set|Attach|Detach|Associate|Disassociate|Enable|Disable|Authorize|Revoke|Stop|Change|Reset|Confirm)/.test(name)
  ) {
    return 'update';
  }
  if (/^(Tag|Untag|Cancel|Deactivate|Activate|Forgot|Resend|Accept|Reject|Decline|Replace|Rotate|Apply|Share)/.test(name)) return 'update';
  return 'other';
}

export class AuditClassifier {
  private readonly operations: SensitiveOperations;

  constructor(detections: readonly Detection[] = DETECTIONS) {
    this.operations = new SensitiveOperations(detections);
  }

  get sensitiveOperations(): SensitiveOperations {
    return this.operations;
  }

  /** The event's audit kind and activity, or undefined when it is not an audit event. */
  classify(event: CloudTrailEnvelope): AuditClassification | undefined {
    const record = event.detail;
    const { eventSource, eventName } = record;
    if (eventSource === 'signin.amazonaws.com' && Object.hasOwn(SIGNIN, eventName)) {
      return { kind: 'authentication', activity: SIGNIN[eventName]! };
    }
    if (eventSource === 'cognito-idp.amazonaws.com' && Object.hasOwn(COGNITO, eventName)) {
      return { kind: 'authentication', activity: COGNITO[eventName]! };
    }
    if (eventSource === 'sts.amazonaws.com' && STS.has(eventName)) {
      return isHumanCaller(record) ? { kind: 'authentication', activity: 'logon' } : undefined;
    }
    if (this.operations.isSensitive(event)) return { kind: 'operation', activity: operationActivity(eventName) };
    return undefined;
  }
}
