import { toHecEvent } from '../../../shared/alerts';
import { emptyTail, linkRecord, type OcsfAuditEvent, type StoredAuditRecord, toOcsfAudit } from '../../../shared/audit';
import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { ocsfErrors, validateOcsf } from '../../helpers/ocsfValidator';
import { entryOf } from './entries';
import { ACCOUNT, assumeRole, consoleLogin, initiateAuth, OPS_ADMIN_SESSION, stopLogging, SUB } from './events';

const opts = { productVersion: '0.1.0', stage: 'prod' };

/** As events/samples/cloudtrail/console-signin.jsonl records it: the typed user name withheld (it may be a password). */
const unknownUserLogin = () =>
  cloudTrailCaptured('console-login-failure', {
    detail: { userIdentity: { arn: undefined, principalId: undefined, userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' } },
  }) as CloudTrailEnvelope;
const iamUser = cloudTrailCaptured('api-call-iam-user').detail.userIdentity;

/**
 * OCSF 1.3.0, resolved through `extends` and `$include` (ocsf/ocsf-schema tag 1.3.0: events/base_event.json,
 * events/iam/iam.json + events/iam/authentication.json, events/application/application.json +
 * events/application/api.json; reference notes §3.2 "Resolved requirements" and "Nested objects"), with
 * the constraints of the class and of every object these events use:
 *   Authentication 3002: user required; constraint at_least_one [service, dst_endpoint].
 *   API Activity 6003: actor, api, src_endpoint required.
 *   metadata: product and version required; product: vendor_name required (≤ 1.3), at_least_one [name, uid].
 *   user: at_least_one [account, name, uid]. actor: at_least_one [process, user, invoked_by, session,
 *   app_name, app_uid]. api: operation required. network_endpoint: at_least_one [ip, uid, name,
 *   hostname, svc_name, instance_uid, interface_uid, interface_name].
 */
const BASE_REQUIRED = ['activity_id', 'category_uid', 'class_uid', 'metadata', 'severity_id', 'time', 'type_uid'];
const CLASS_REQUIRED: Record<number, string[]> = { 3002: ['user'], 6003: ['actor', 'api', 'src_endpoint'] };
const ACTIVITIES: Record<number, number[]> = { 3002: [0, 1, 2, 3, 4, 5, 6, 99], 6003: [0, 1, 2, 3, 4, 99] };
const ENDPOINT_KEYS = ['ip', 'uid', 'name', 'hostname', 'svc_name', 'instance_uid', 'interface_uid', 'interface_name'];

const present = (v: unknown) => v !== undefined && v !== null && v !== '';
const atLeastOne = (o: Record<string, unknown> | undefined, keys: string[]) => o !== undefined && keys.some((k) => present(o[k]));

function violations(event: OcsfAuditEvent): string[] {
  const v: string[] = [];
  const e = event as unknown as Record<string, any>;
  for (const f of [...BASE_REQUIRED, ...(CLASS_REQUIRED[event.class_uid] ?? ['(unknown class)'])])
    if (!present(e[f])) v.push(`missing ${f}`);
  if (!e.metadata?.version) v.push('metadata.version');
  if (!e.metadata?.product?.vendor_name) v.push('metadata.product.vendor_name');
  if (!atLeastOne(e.metadata?.product, ['name', 'uid'])) v.push('metadata.product name|uid');
  if (event.category_uid !== Math.floor(event.class_uid / 1000)) v.push('category_uid');
  if (!ACTIVITIES[event.class_uid]?.includes(event.activity_id)) v.push(`activity_id ${event.activity_id}`);
  if (event.type_uid !== event.class_uid * 100 + event.activity_id) v.push('type_uid arithmetic');
  if (![0, 1, 2, 3, 4, 5, 6, 99].includes(event.severity_id)) v.push('severity_id');
  if (![0, 1, 2, 99].includes(event.status_id)) v.push('status_id');
  if (!Number.isInteger(event.time) || event.time < 1e12) v.push('time not epoch ms');
  const users = [e.user, e.actor?.user].filter(Boolean);
  for (const u of users) if (!atLeastOne(u, ['account', 'name', 'uid'])) v.push('user account|name|uid');
  if (e.actor && !atLeastOne(e.actor, ['process', 'user', 'invoked_by', 'session', 'app_name', 'app_uid'])) v.push('actor constraint');
  for (const endpoint of [e.src_endpoint, e.dst_endpoint].filter(Boolean))
    if (!atLeastOne(endpoint, ENDPOINT_KEYS)) v.push('endpoint constraint');
  if (event.class_uid === 3002 && !present(e.service) && !present(e.dst_endpoint)) v.push('service|dst_endpoint');
  if (event.class_uid === 6003 && !e.api?.operation) v.push('api.operation');
  if (e.cloud && !e.cloud.provider) v.push('cloud.provider');
  return v;
}

async function stored(event: CloudTrailEnvelope): Promise<StoredAuditRecord> {
  const entry = await entryOf(event);
  return linkRecord(entry, '111122223333/eu-west-1/2026-11-20/0', emptyTail('111122223333/eu-west-1/2026-11-20/0'));
}

const CASES: Array<[string, () => CloudTrailEnvelope, number]> = [
  ['a console sign-in with MFA', () => consoleLogin(), 3002],
  ['a failed console sign-in', () => consoleLogin('console-login-failure'), 3002],
  ['a failed console sign-in for a user name that does not exist', () => unknownUserLogin(), 3002],
  ['a root sign-in', () => consoleLogin('console-login-root-success'), 3002],
  ['an IAM user assuming a role', () => assumeRole(iamUser), 3002],
  [
    'a SAML federation',
    () => assumeRole({ type: 'SAMLUser', userName: 'dana.ops@example.com' }, { eventName: 'AssumeRoleWithSAML' }),
    3002,
  ],
  ["an app user's InitiateAuth", () => initiateAuth(), 3002],
  ['an InitiateAuth for an unknown user (no sub)', () => initiateAuth({ errorCode: 'UserNotFoundException' }, undefined), 3002],
  ['the hosted UI Login_POST', () => cloudTrailCaptured('cognito-hosted-ui-login'), 3002],
  ['GlobalSignOut', () => initiateAuth({ eventName: 'GlobalSignOut' }), 3002],
  ['StopLogging by an MFA role session', () => stopLogging(), 6003],
  [
    'a denied DeleteTrail',
    () => stopLogging({ eventName: 'DeleteTrail', errorCode: 'AccessDenied', errorMessage: 'not authorized' }),
    6003,
  ],
  [
    'a write by a service for a user (invokedBy, a service host as source)',
    () =>
      stopLogging({
        userIdentity: { ...iamUser, invokedBy: 'cloudformation.amazonaws.com' },
        sourceIPAddress: 'cloudformation.amazonaws.com',
      }),
    6003,
  ],
  ['a write with no source address', () => stopLogging({ sourceIPAddress: undefined }), 6003],
  [
    'a write by an AWS service itself (user type System)',
    () =>
      stopLogging({
        userIdentity: { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' },
        sourceIPAddress: 'cloudformation.amazonaws.com',
      }),
    6003,
  ],
  [
    "an app user's SignUp (watched by cognito-signup-or-reset-burst)",
    () =>
      initiateAuth({
        eventName: 'SignUp',
        requestParameters: { clientId: '6f1q2r8d3kvb0hj5s7tmn4pwla', username: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      }),
    6003,
  ],
];

describe('OCSF 1.3.0 mapping of audit records', () => {
  it.each(CASES)('%s: every required attribute and constraint of its class', async (_what, build, classUid) => {
    const event = toOcsfAudit(await stored(build()), opts);
    expect(event.class_uid).toBe(classUid);
    expect(violations(event)).toEqual([]);
    expect(event.metadata.version).toBe('1.3.0');
  });

  it.each(CASES)('%s: validates against the OCSF 1.3.0 schema (tests/conformance/ocsf-1.3.0-classes.json)', async (_what, build) => {
    const event = toOcsfAudit(await stored(build()), opts);
    expect(ocsfErrors(event)).toEqual([]);
    expect(validateOcsf(event).warnings.filter((w) => w.problem === 'deprecated')).toEqual([]);
  });

  it('the schema check would catch what these classes forbid (so passing it means something)', async () => {
    const operation = toOcsfAudit(await stored(stopLogging()), opts) as unknown as Record<string, any>;
    delete operation.api;
    operation.actor.user.type = 'IAMUser';
    operation.metadata.original_uid = 'x'; // OCSF 1.4's, not 1.3's
    expect(ocsfErrors(operation).sort()).toEqual([
      'actor.user.type: "IAMUser" is not the caption of 1, "User"',
      'api: required by api_activity',
      'metadata.original_uid: not defined by metadata',
    ]);
  });

  it('never carries a Cognito sub, only its pseudonym, and never the sealed value', async () => {
    for (const build of [() => initiateAuth(), () => initiateAuth({ eventName: 'SignUp' })]) {
      const record = await stored(build());
      const json = JSON.stringify(toOcsfAudit(record, opts));
      expect(json).not.toContain(SUB);
      expect(json).not.toContain(record.record.sealed!.data);
      expect(json).toMatch(/cognito:[0-9a-f]{32}/);
    }
  });

  it('a console sign-in: the user signing in, MFA, outcome; Logon 300201', async () => {
    const event = toOcsfAudit(await stored(consoleLogin()), opts);
    expect(event).toMatchObject({
      class_uid: 3002,
      activity_id: 1,
      type_uid: 300201,
      status_id: 1,
      is_mfa: true,
      user: { uid: `arn:aws:iam::${ACCOUNT}:user/dana.ops`, name: 'dana.ops', type_id: 1, account: { uid: ACCOUNT, type_id: 10 } },
      service: { uid: 'signin.amazonaws.com' },
      src_endpoint: { ip: '203.0.113.18' },
    });
    expect(event).not.toHaveProperty('actor');
  });

  it('a failed sign-in with a withheld user name: the account alone, Failure, Low', async () => {
    const event = toOcsfAudit(await stored(unknownUserLogin()), opts);
    expect(event).toMatchObject({ status_id: 2, status: 'Failure', severity_id: 2, user: { type_id: 0, account: { uid: ACCOUNT } } });
    expect(JSON.stringify(event)).not.toContain('HIDDEN_DUE_TO_SECURITY_REASONS');
  });

  it('an AssumeRole: the role is the user authenticated, the person the actor', async () => {
    const event = toOcsfAudit(await stored(assumeRole(iamUser)), opts);
    expect(event).toMatchObject({
      class_uid: 3002,
      user: { uid: `arn:aws:iam::${ACCOUNT}:role/ops-admin`, name: 'ops-admin', type: 'IAM Role' },
      actor: { user: { uid: iamUser.arn, credential_uid: iamUser.accessKeyId } },
    });
  });

  it('the hosted UI login says OAuth 2.0, and an outcome it cannot know as Unknown', async () => {
    const event = toOcsfAudit(await stored(cloudTrailCaptured('cognito-hosted-ui-login')), opts);
    expect(event).toMatchObject({ auth_protocol_id: 6, status_id: 0, status: 'Unknown' });
    expect(event.unmapped.targets).toEqual(expect.arrayContaining(['eu-west-1_Vq3Lm8TzR', '6f1q2r8d3kvb0hj5s7tmn4pwla']));
  });

  it('an operation: CRUD activity, the actor and its session, the API, the resources; 600303 for an update', async () => {
    const event = toOcsfAudit(await stored(stopLogging()), opts);
    expect(event).toMatchObject({
      class_uid: 6003,
      activity_id: 3,
      type_uid: 600303,
      actor: {
        user: { uid: OPS_ADMIN_SESSION.arn, name: 'dana.ops', credential_uid: OPS_ADMIN_SESSION.accessKeyId },
        session: { issuer: `arn:aws:iam::${ACCOUNT}:role/ops-admin`, is_mfa: true },
      },
      api: { operation: 'StopLogging', service: { name: 'cloudtrail.amazonaws.com' } },
      resources: [{ uid: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org-audit-trail` }],
    });
  });

  it("user types are OCSF 1.3's with their captions: a service is System, an identity OCSF has no word for is Other", async () => {
    const service = stopLogging({ userIdentity: { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' } });
    expect(toOcsfAudit(await stored(service), opts)).toMatchObject({ actor: { user: { type_id: 3, type: 'System' } } });
    const role = toOcsfAudit(await stored(assumeRole(iamUser)), opts);
    expect(role).toMatchObject({ user: { type_id: 99, type: 'IAM Role' }, actor: { user: { type_id: 1, type: 'User' } } });
  });

  it('a denied operation: the error on the API response and as status_code', async () => {
    const event = toOcsfAudit(await stored(stopLogging({ eventName: 'DeleteTrail', errorCode: 'AccessDenied' })), opts);
    expect(event).toMatchObject({
      activity_id: 4,
      status_id: 2,
      status_code: 'AccessDenied',
      api: { response: { error: 'AccessDenied' } },
    });
  });

  it('a source that is an AWS service or nothing still fills the required src_endpoint', async () => {
    const viaService = toOcsfAudit(await stored(stopLogging({ sourceIPAddress: 'cloudformation.amazonaws.com' })), opts);
    expect(viaService.src_endpoint).toEqual({ svc_name: 'cloudformation.amazonaws.com' });
    const none = toOcsfAudit(await stored(stopLogging({ sourceIPAddress: undefined })), opts);
    expect(none.src_endpoint).toEqual({ name: 'unknown' });
  });

  it('carries the chain position and hash (the SIEM keeps a copy of every hash), and dedups on the event id', async () => {
    const record = await stored(stopLogging());
    const event = toOcsfAudit(record, opts);
    expect(event.unmapped.audit).toEqual({
      partition: record.record.partition,
      seq: 1,
      hash: record.hash,
      prev_hash: record.record.prevHash,
      kind: 'operation',
    });
    expect(event.metadata.uid).toBe(`vigil:prod:audit:${record.record.eventId}`);
    expect(event.unmapped.cloudtrail_event_id).toBe(record.record.cloudTrailEventId);
    expect(toOcsfAudit(record, opts)).toEqual(event);
  });

  it('goes to Splunk under its own sourcetype per class', async () => {
    expect(toHecEvent(toOcsfAudit(await stored(consoleLogin()), opts)).sourcetype).toBe('ocsf:authentication');
    expect(toHecEvent(toOcsfAudit(await stored(stopLogging()), opts)).sourcetype).toBe('ocsf:api_activity');
  });

  it('an unknown-source record is still placed in time', async () => {
    const event = cloudTrailEvent({
      eventSource: 'kms.amazonaws.com',
      eventName: 'ScheduleKeyDeletion',
      readOnly: false,
      eventTime: '2026-11-20T10:00:00Z',
    });
    expect(toOcsfAudit(await stored(event), opts).time).toBe(Date.parse('2026-11-20T10:00:00Z'));
  });
});
