import { isIP } from 'node:net';
import { OCSF_VERSION } from '../alerts/ocsfFinding';
import { toOcsfSeverity } from '../alerts/severity';
import type { AuditActivity, AuditRecord, StoredAuditRecord } from './record';

/**
 * Audit records as OCSF 1.3.0 events for the SIEM: authentications as Authentication (class 3002,
 * category 3 Identity & Access Management), sensitive operations as API Activity (class 6003,
 * category 6 Application). 1.3.0 for the reason the Detection Finding uses it (Security Lake custom
 * sources accept OCSF ≤ 1.3; shared/alerts/ocsfFinding.ts).
 *
 * Every attribute these classes require at 1.3.0 is always set (ocsf/ocsf-schema 1.3.0:
 * events/base_event.json, events/iam/authentication.json, events/application/api.json and the objects
 * they use; resolved requirements in tests/shared/audit/ocsf.test.ts):
 * - both: activity_id, category_uid, class_uid, metadata {product {vendor_name, name}, version},
 *   severity_id, time, type_uid;
 * - Authentication: user (at least one of account, name, uid), and at least one of service and
 *   dst_endpoint (both are set);
 * - API Activity: actor (a user), api {operation}, src_endpoint (at least one of ip, svc_name, name, uid).
 *
 * Built from the stored record alone, never from the CloudTrail event: the SIEM gets exactly what the
 * chain holds, pseudonyms included, and never the sealed Restricted values. Each event carries the
 * record's chain position and hash (`unmapped.audit`), so the SIEM keeps an independent copy of every
 * hash: a chain rewritten in DynamoDB by someone with write access no longer matches what the SIEM
 * received. Deterministic but for `metadata.logged_time` (when Vigil recorded it).
 */

const AUTHENTICATION = {
  class_uid: 3002,
  class_name: 'Authentication',
  category_uid: 3,
  category_name: 'Identity & Access Management',
} as const;
const API_ACTIVITY = { class_uid: 6003, class_name: 'API Activity', category_uid: 6, category_name: 'Application Activity' } as const;

const AUTH_ACTIVITY: Partial<Record<AuditActivity, { id: 1 | 2 | 6; name: string }>> = {
  logon: { id: 1, name: 'Logon' },
  logoff: { id: 2, name: 'Logoff' },
  preauth: { id: 6, name: 'Preauth' },
};
const API_ACTIVITIES: Record<AuditActivity, { id: 1 | 2 | 3 | 4 | 99; name: string }> = {
  create: { id: 1, name: 'Create' },
  read: { id: 2, name: 'Read' },
  update: { id: 3, name: 'Update' },
  delete: { id: 4, name: 'Delete' },
  other: { id: 99, name: 'Other' },
  logon: { id: 99, name: 'Other' },
  logoff: { id: 99, name: 'Other' },
  preauth: { id: 99, name: 'Other' },
};
const STATUS = { success: { id: 1, name: 'Success' }, failure: { id: 2, name: 'Failure' }, unknown: { id: 0, name: 'Unknown' } } as const;

/** OCSF account type ids (dictionary `account.type_id`): 10 AWS Account, 99 Other. */
interface OcsfAccount {
  uid: string;
  type_id: 10 | 99;
  type: string;
  name?: string;
}

interface OcsfUser {
  uid?: string;
  name?: string;
  /** OCSF 1.3 user.json type_id: 0 Unknown, 1 User, 2 Admin (root), 3 System (an AWS service), 99 Other. */
  type_id: 0 | 1 | 2 | 3 | 99;
  /** The type_id's caption; for 99 Other, the identity's own type (e.g. "IAM Role"). */
  type: string;
  account: OcsfAccount;
  credential_uid?: string;
}

interface OcsfSession {
  issuer?: string;
  is_mfa?: boolean;
  uid_alt?: string;
}

interface OcsfEndpoint {
  ip?: string;
  svc_name?: string;
  name?: string;
  uid?: string;
}

interface OcsfMetadata {
  version: typeof OCSF_VERSION;
  product: { name: 'Vigil'; vendor_name: 'Vigil'; version: string };
  profiles: ['cloud'];
  uid: string;
  event_code: string;
  log_name: 'audit';
  logged_time: number;
  labels: string[];
}

interface OcsfAuditCommon {
  activity_name: string;
  category_name: string;
  class_name: string;
  type_uid: number;
  type_name: string;
  time: number;
  severity_id: 1 | 2;
  severity: 'Informational' | 'Low';
  status_id: 0 | 1 | 2;
  status: string;
  status_code?: string;
  message: string;
  metadata: OcsfMetadata;
  cloud: { provider: 'AWS'; region: string; account: { uid: string; type_id: 10; type: 'AWS Account' } };
  src_endpoint: OcsfEndpoint;
  dst_endpoint: { svc_name: string };
  http_request?: { user_agent: string };
  unmapped: {
    stage: string;
    audit: { partition: string; seq: number; hash: string; prev_hash: string; kind: AuditRecord['kind'] };
    event_id: string;
    /** CloudTrail's eventID (OCSF 1.3 metadata has no original_uid; 1.4 added it). */
    cloudtrail_event_id: string;
    actor_type: string;
    targets: string[];
    recorded_at: string;
  };
}

export interface OcsfAuthentication extends OcsfAuditCommon {
  class_uid: 3002;
  category_uid: 3;
  activity_id: 1 | 2 | 6;
  user: OcsfUser;
  actor?: { user: OcsfUser; session?: OcsfSession };
  service: { name: string; uid: string };
  is_mfa?: boolean;
  is_remote: true;
  auth_protocol_id: 4 | 5 | 6 | 99;
  auth_protocol: string;
}

export interface OcsfApiActivity extends OcsfAuditCommon {
  class_uid: 6003;
  category_uid: 6;
  activity_id: 1 | 2 | 3 | 4 | 99;
  actor: { user: OcsfUser; session?: OcsfSession; app_name?: string };
  api: { operation: string; service: { name: string }; response?: { error: string } };
  resources?: Array<{ uid: string }>;
}

export type OcsfAuditEvent = OcsfAuthentication | OcsfApiActivity;

export interface OcsfAuditOptions {
  productVersion: string;
  stage: string;
}

const SERVICE_NAMES: Readonly<Record<string, string>> = {
  'signin.amazonaws.com': 'AWS Sign-In',
  'sts.amazonaws.com': 'AWS Security Token Service',
  'cognito-idp.amazonaws.com': 'Amazon Cognito user pools',
};

/** The last segment of an ARN's resource (user/dana.ops, assumed-role/ops-admin/dana.ops, role/ops-admin). */
function nameOf(principal: string): string | undefined {
  if (!principal.startsWith('arn:')) return undefined;
  if (/:root$/.test(principal)) return 'root';
  const resource = principal.split(':').slice(5).join(':');
  const name = resource.split('/').pop();
  return name || undefined;
}

function awsAccount(uid: string): OcsfAccount {
  return { uid, type_id: 10, type: 'AWS Account' };
}

const USER_TYPES: Readonly<Partial<Record<string, 1 | 2 | 3>>> = {
  IAMUser: 1,
  AssumedRole: 1,
  SAMLUser: 1,
  FederatedUser: 1,
  CognitoUser: 1,
  Root: 2,
  AWSService: 3,
};
/** Captions of OCSF 1.3 user.type_id: `type` must be the caption of its id (but for 99 Other). */
const USER_TYPE_CAPTIONS = { 0: 'Unknown', 1: 'User', 2: 'Admin', 3: 'System' } as const;

/**
 * An OCSF user for a principal (an ARN, a Cognito pseudonym, an AWS service) or, with none, the account alone.
 * CloudTrail's identity type maps onto user.type_id; one OCSF has no word for (an IAM role) is 99 Other
 * under its own name. The CloudTrail type itself is kept in `unmapped.actor_type`.
 */
function userOf(principal: string | undefined, identityType: string, account: string, accessKeyId?: string): OcsfUser {
  // Who is unknown (a withheld user name): the account alone, type Unknown.
  const typeId: OcsfUser['type_id'] = principal === undefined ? 0 : (USER_TYPES[identityType] ?? 99);
  const type = typeId === 99 ? identityType : USER_TYPE_CAPTIONS[typeId];
  const user: OcsfUser = { type_id: typeId, type, account: awsAccount(account) };
  if (principal !== undefined) {
    user.uid = principal;
    const name = nameOf(principal);
    if (name) user.name = name;
  }
  if (accessKeyId) user.credential_uid = accessKeyId;
  return user;
}

function sessionOf(record: AuditRecord): OcsfSession | undefined {
  const session: OcsfSession = {};
  if (record.actor.issuer) session.issuer = record.actor.issuer;
  if (record.actor.mfa !== undefined) session.is_mfa = record.actor.mfa;
  if (record.actor.type === 'AssumedRole' && record.actor.principal) session.uid_alt = record.actor.principal;
  return Object.keys(session).length > 0 ? session : undefined;
}

/** Where the call came from: an IP, an AWS service's host name, or whatever CloudTrail wrote ("AWS Internal"). */
function sourceOf(record: AuditRecord): OcsfEndpoint {
  const endpoint: OcsfEndpoint = {};
  const ip = record.source.ip;
  if (ip !== undefined && isIP(ip) !== 0) endpoint.ip = ip;
  else if (ip !== undefined && /\.amazonaws\.com$/.test(ip)) endpoint.svc_name = ip;
  else if (ip !== undefined) endpoint.name = ip;
  if (record.source.vpcEndpointId) endpoint.uid = record.source.vpcEndpointId;
  // src_endpoint is required for API Activity: a record without a source still says so.
  if (Object.keys(endpoint).length === 0) endpoint.name = 'unknown';
  return endpoint;
}

function common(
  stored: StoredAuditRecord,
  options: OcsfAuditOptions,
  cls: { class_name: string; category_name: string },
  activity: { id: number; name: string },
) {
  const { record } = stored;
  const status = STATUS[record.outcome.status];
  const { severity_id, severity } = toOcsfSeverity(record.outcome.status === 'failure' ? 'low' : 'info');
  const base: OcsfAuditCommon = {
    activity_name: activity.name,
    category_name: cls.category_name,
    class_name: cls.class_name,
    type_uid: 0,
    type_name: `${cls.class_name}: ${activity.name}`,
    time: Date.parse(record.time),
    severity_id: severity_id as 1 | 2,
    severity: severity as 'Informational' | 'Low',
    status_id: status.id,
    status: status.name,
    message: '',
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'Vigil', vendor_name: 'Vigil', version: options.productVersion },
      profiles: ['cloud'],
      // One OCSF event per audit record: a redelivery or a resend repeats the uid, so the SIEM can dedup.
      uid: `vigil:${options.stage}:audit:${record.eventId}`,
      event_code: record.action.operation,
      log_name: 'audit',
      logged_time: Date.parse(record.recordedAt),
      labels: [`stage:${options.stage}`, `audit:${record.kind}`],
    },
    cloud: { provider: 'AWS', region: record.region, account: { uid: record.account, type_id: 10, type: 'AWS Account' } },
    src_endpoint: sourceOf(record),
    dst_endpoint: { svc_name: record.action.service },
    unmapped: {
      stage: options.stage,
      audit: { partition: record.partition, seq: record.seq, hash: stored.hash, prev_hash: record.prevHash, kind: record.kind },
      event_id: record.eventId,
      cloudtrail_event_id: record.cloudTrailEventId,
      actor_type: record.actor.type,
      targets: [...record.targets],
      recorded_at: record.recordedAt,
    },
  };
  if (record.outcome.errorCode) base.status_code = record.outcome.errorCode;
  if (record.source.userAgent) base.http_request = { user_agent: record.source.userAgent };
  return base;
}

function authProtocol(record: AuditRecord): { auth_protocol_id: OcsfAuthentication['auth_protocol_id']; auth_protocol: string } {
  switch (record.action.operation) {
    case 'AssumeRoleWithSAML':
      return { auth_protocol_id: 5, auth_protocol: 'SAML' };
    case 'AssumeRoleWithWebIdentity':
      return { auth_protocol_id: 4, auth_protocol: 'OpenID' };
    case 'Login_POST':
      return { auth_protocol_id: 6, auth_protocol: 'OAUTH 2.0' };
    default:
      return { auth_protocol_id: 99, auth_protocol: SERVICE_NAMES[record.action.service] ?? record.action.service };
  }
}

/** An authentication record as an OCSF 1.3.0 Authentication event (3002). */
export function toOcsfAuthentication(stored: StoredAuditRecord, options: OcsfAuditOptions): OcsfAuthentication {
  const { record } = stored;
  const activity = AUTH_ACTIVITY[record.activity] ?? { id: 1, name: 'Logon' };
  const base = common(stored, options, AUTHENTICATION, activity);
  const caller = userOf(record.actor.principal, record.actor.type, record.actor.account ?? record.account, record.actor.accessKeyId);
  const subject = record.subject ?? record.actor.principal;
  // The user authenticated: the one signing in, or the role a person assumes (the person is the actor).
  const user =
    subject === record.actor.principal ? caller : userOf(subject, subject?.includes(':role/') ? 'IAM Role' : 'Unknown', record.account);
  const event: OcsfAuthentication = {
    ...base,
    class_uid: AUTHENTICATION.class_uid,
    category_uid: AUTHENTICATION.category_uid,
    activity_id: activity.id,
    type_uid: AUTHENTICATION.class_uid * 100 + activity.id,
    user,
    service: { name: SERVICE_NAMES[record.action.service] ?? record.action.service, uid: record.action.service },
    is_remote: true,
    ...authProtocol(record),
    message: `${subject ?? 'unknown user'}: ${activity.name.toLowerCase()} (${record.action.operation}) ${record.outcome.status}`,
  };
  if (subject !== record.actor.principal && record.actor.principal !== undefined) {
    event.actor = { user: caller };
    const session = sessionOf(record);
    if (session) event.actor.session = session;
  }
  if (record.actor.mfa !== undefined) event.is_mfa = record.actor.mfa;
  return event;
}

/** A sensitive operation as an OCSF 1.3.0 API Activity event (6003). */
export function toOcsfApiActivity(stored: StoredAuditRecord, options: OcsfAuditOptions): OcsfApiActivity {
  const { record } = stored;
  const activity = API_ACTIVITIES[record.activity];
  const base = common(stored, options, API_ACTIVITY, activity);
  const who = record.actor.principal ?? 'unknown principal';
  const event: OcsfApiActivity = {
    ...base,
    class_uid: API_ACTIVITY.class_uid,
    category_uid: API_ACTIVITY.category_uid,
    activity_id: activity.id,
    type_uid: API_ACTIVITY.class_uid * 100 + activity.id,
    actor: { user: userOf(record.actor.principal, record.actor.type, record.actor.account ?? record.account, record.actor.accessKeyId) },
    api: { operation: record.action.operation, service: { name: record.action.service } },
    message: `${who}: ${record.action.service} ${record.action.operation} ${record.outcome.status}`,
  };
  const session = sessionOf(record);
  if (session) event.actor.session = session;
  if (record.actor.invokedBy) event.actor.app_name = record.actor.invokedBy;
  if (record.outcome.errorCode) event.api.response = { error: record.outcome.errorCode };
  if (record.targets.length > 0) event.resources = record.targets.map((uid) => ({ uid }));
  return event;
}

/** The record's OCSF event: Authentication or API Activity by its kind. */
export function toOcsfAudit(stored: StoredAuditRecord, options: OcsfAuditOptions): OcsfAuditEvent {
  return stored.record.kind === 'authentication' ? toOcsfAuthentication(stored, options) : toOcsfApiActivity(stored, options);
}

export { API_ACTIVITY as OCSF_API_ACTIVITY, AUTHENTICATION as OCSF_AUTHENTICATION };
