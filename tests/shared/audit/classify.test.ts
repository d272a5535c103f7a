import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditClassifier, isHumanCaller, operationActivity, SensitiveOperations } from '../../../shared/audit';
import type { CloudTrailEnvelope, StatelessDetection } from '../../../shared/detections';
import { DETECTIONS } from '../../../shared/detections';
import { compilePattern, matchesPattern } from '../../../shared/eventPattern';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { ACCOUNT, assumeRole, CI_SESSION, consoleLogin, initiateAuth, OPS_ADMIN_SESSION, stopLogging } from './events';

const classifier = new AuditClassifier();
const rule = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'events', 'rules', 'audit-events.json'), 'utf8')) as {
  pattern: object;
};
const auditRule = compilePattern(rule.pattern);
const iamUser = cloudTrailCaptured('api-call-iam-user').detail.userIdentity;

/** What must be recorded, and as what. Each also passes the audit-events rule (else it would never reach the recorder). */
const MUST_RECORD: Array<[string, () => CloudTrailEnvelope, string]> = [
  ['a console sign-in with MFA', () => consoleLogin(), 'authentication logon'],
  ['a failed console sign-in', () => consoleLogin('console-login-failure'), 'authentication logon'],
  ['a root console sign-in', () => consoleLogin('console-login-root-success'), 'authentication logon'],
  ['a console sign-in without MFA', () => consoleLogin('console-login-iam-user-no-mfa'), 'authentication logon'],
  ['the Cognito hosted UI Login_POST service event', () => cloudTrailCaptured('cognito-hosted-ui-login'), 'authentication logon'],
  ["an app user's InitiateAuth", () => initiateAuth(), 'authentication logon'],
  [
    "an app user's failed InitiateAuth",
    () => initiateAuth({ errorCode: 'NotAuthorizedException', errorMessage: 'Incorrect username or password.' }),
    'authentication logon',
  ],
  [
    'a backend relaying AdminInitiateAuth',
    () =>
      initiateAuth({ eventName: 'AdminInitiateAuth', userIdentity: CI_SESSION, requestParameters: { userPoolId: 'eu-west-1_Vq3Lm8TzR' } }),
    'authentication logon',
  ],
  ['RespondToAuthChallenge (the MFA step)', () => initiateAuth({ eventName: 'RespondToAuthChallenge' }), 'authentication logon'],
  ['GlobalSignOut', () => initiateAuth({ eventName: 'GlobalSignOut' }), 'authentication logoff'],
  ['an IAM user assuming a role', () => assumeRole(iamUser), 'authentication logon'],
  [
    'a denied AssumeRole by an IAM user',
    () => assumeRole(iamUser, { errorCode: 'AccessDenied', errorMessage: 'not authorized' }),
    'authentication logon',
  ],
  ['an MFA session chaining into another role', () => assumeRole(OPS_ADMIN_SESSION), 'authentication logon'],
  [
    'an Identity Center session assuming a role',
    () =>
      assumeRole({
        ...CI_SESSION,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_SecurityAudit_5f3c2b1a9d8e7f60/alex.k@example.com`,
        sessionContext: { sessionIssuer: { type: 'Role', userName: 'AWSReservedSSO_SecurityAudit_5f3c2b1a9d8e7f60' } },
      }),
    'authentication logon',
  ],
  ['a console session assuming a role', () => assumeRole(CI_SESSION, { sessionCredentialFromConsole: 'true' }), 'authentication logon'],
  [
    'a session with a source identity assuming a role',
    () => assumeRole({ ...CI_SESSION, sessionContext: { ...CI_SESSION.sessionContext, sourceIdentity: 'dana.ops' } }),
    'authentication logon',
  ],
  [
    'a SAML user federating in',
    () =>
      assumeRole(
        { type: 'SAMLUser', principalId: 'Cj9k...:dana.ops@example.com', userName: 'dana.ops@example.com', identityProvider: 'Cj9k...' },
        { eventName: 'AssumeRoleWithSAML' },
      ),
    'authentication logon',
  ],
  [
    'an IAM user getting an MFA session token',
    () => assumeRole(iamUser, { eventName: 'GetSessionToken', requestParameters: { serialNumber: 'arn:aws:iam::111122223333:mfa/alice' } }),
    'authentication logon',
  ],
  ['StopLogging (logging)', () => stopLogging(), 'operation update'],
  [
    'a denied DeleteTrail (a failed attempt is recorded too)',
    () => stopLogging({ eventName: 'DeleteTrail', errorCode: 'AccessDenied' }),
    'operation delete',
  ],
  [
    'PutBucketPolicy (policies)',
    () =>
      cloudTrailEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPolicy',
        readOnly: false,
        requestParameters: { bucketName: 'exports' },
      }),
    'operation update',
  ],
  [
    'CreateAccessKey (IAM)',
    () => cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', readOnly: false }),
    'operation create',
  ],
  [
    'ScheduleKeyDeletion (KMS)',
    () =>
      cloudTrailEvent({
        eventSource: 'kms.amazonaws.com',
        eventName: 'ScheduleKeyDeletion',
        readOnly: false,
        requestParameters: { keyId: 'k-1' },
      }),
    'operation delete',
  ],
  [
    'ModifySnapshotAttribute (sharing)',
    () => cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'ModifySnapshotAttribute', readOnly: false }),
    'operation update',
  ],
  [
    "Lambda's versioned AddPermission20150331v2 (a prefix in its detection's trigger)",
    () => cloudTrailEvent({ eventSource: 'lambda.amazonaws.com', eventName: 'AddPermission20150331v2', readOnly: false }),
    'operation create',
  ],
  [
    'SetUserPoolMfaConfig (Cognito)',
    () => cloudTrailEvent({ eventSource: 'cognito-idp.amazonaws.com', eventName: 'SetUserPoolMfaConfig', readOnly: false }),
    'operation update',
  ],
  [
    'a watched write without a readOnly flag',
    () => cloudTrailEvent({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'UpdateTrail' }),
    'operation update',
  ],
];

const MUST_NOT_RECORD: Array<[string, () => CloudTrailEnvelope]> = [
  [
    'a Lambda assuming its own role (AWSService)',
    () => assumeRole({ type: 'AWSService', invokedBy: 'lambda.amazonaws.com' }, { sourceIPAddress: 'lambda.amazonaws.com' }),
  ],
  ['a service acting for a user (invokedBy)', () => assumeRole({ ...iamUser, invokedBy: 'cloudformation.amazonaws.com' })],
  ['a CI role chaining into another role', () => assumeRole(CI_SESSION)],
  [
    "a workload's OIDC token (GitHub Actions)",
    () =>
      assumeRole(
        {
          type: 'WebIdentityUser',
          principalId: 'token.actions.githubusercontent.com:sts.amazonaws.com',
          identityProvider: 'token.actions.githubusercontent.com',
        },
        { eventName: 'AssumeRoleWithWebIdentity' },
      ),
  ],
  [
    'a caller from another account (its own trail knows who)',
    () => assumeRole({ type: 'AWSAccount', principalId: 'AIDAEXAMPLE', accountId: '444455556666' }),
  ],
  ['GetCallerIdentity', () => cloudTrailCaptured('get-caller-identity')],
  ['a read of a watched service (DescribeTrails)', () => cloudTrailCaptured('api-call-iam-user')],
  [
    'a watched read (GetPasswordData, readOnly)',
    () => cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'GetPasswordData', readOnly: true }),
  ],
  [
    'a watched read without a readOnly flag (DescribeInstanceAttribute)',
    () => cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstanceAttribute' }),
  ],
  ['an S3 data event (GetObject)', () => cloudTrailCaptured('s3-get-object')],
  [
    'a write no detection watches',
    () => cloudTrailEvent({ eventSource: 'logs.amazonaws.com', eventName: 'CreateLogStream', readOnly: false }),
  ],
  ['a Cognito read (GetUser)', () => initiateAuth({ eventName: 'GetUser', readOnly: true })],
];

describe('AuditClassifier', () => {
  it.each(MUST_RECORD)('records %s', (_what, build, expected) => {
    const event = build();
    const c = classifier.classify(event);
    expect(c && `${c.kind} ${c.activity}`).toBe(expected);
    expect(matchesPattern(auditRule, event)).toBe(true);
  });

  it.each(MUST_NOT_RECORD)('does not record %s', (_what, build) => {
    expect(classifier.classify(build())).toBeUndefined();
  });

  it('keeps the audit-events rule from delivering what it cannot record in volume: data events, reads, services assuming roles', () => {
    const notDelivered = [
      cloudTrailCaptured('s3-get-object'),
      cloudTrailCaptured('get-caller-identity'),
      cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', readOnly: true }),
      assumeRole({ type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' }),
      cloudTrailEvent({ eventSource: 's3.amazonaws.com', eventName: 'PutObject', readOnly: false, eventCategory: 'Data' }),
    ];
    for (const event of notDelivered)
      expect([event.detail.eventName, matchesPattern(auditRule, event)]).toEqual([event.detail.eventName, false]);
  });
});

describe('sensitive operations, derived from the detection registry', () => {
  const operations = new SensitiveOperations(DETECTIONS).operations();

  it('lists the operations the catalogue watches, each with the detections that watch it', () => {
    expect(operations.length).toBeGreaterThan(60);
    const names = operations.map((o) => (typeof o.eventName === 'string' ? o.eventName : `${o.eventName.prefix}*`));
    expect(names).toEqual(
      expect.arrayContaining(['StopLogging', 'PutBucketPolicy', 'ScheduleKeyDeletion', 'CreateAccessKey', 'AddPermission*']),
    );
    expect(operations.find((o) => o.eventName === 'StopLogging')?.detections).toContain('cloudtrail-stopped-or-deleted');
  });

  it('records every watched operation, called as a write, and the audit-events rule delivers each', () => {
    const missed: string[] = [];
    const asAuthentication: string[] = [];
    for (const op of operations) {
      const eventName = typeof op.eventName === 'string' ? op.eventName : `${op.eventName.prefix}20150331v2`;
      if (/^(Get|List|Describe)/.test(eventName) || op.eventSources.includes('signin.amazonaws.com')) continue;
      for (const eventSource of op.eventSources) {
        const event = cloudTrailEvent({ eventSource, eventName, readOnly: false });
        const kind = classifier.classify(event)?.kind;
        if (kind === undefined || !matchesPattern(auditRule, event)) missed.push(`${eventSource} ${eventName}`);
        if (kind === 'authentication') asAuthentication.push(eventName);
      }
    }
    expect(missed).toEqual([]);
    // Cognito sign-ins that the spray and burst detections watch are recorded as what they are: authentications.
    expect(asAuthentication.filter((name) => !/^(Admin)?(InitiateAuth|RespondToAuthChallenge)$/.test(name))).toEqual([]);
  });

  it('extends the trail with a new detection by its trigger alone, and ignores its narrowing conditions', () => {
    const ssmParameter: StatelessDetection = {
      ...(DETECTIONS.find((d) => d.kind === 'stateless') as StatelessDetection),
      trigger: {
        source: ['aws.ssm'],
        detail: { eventSource: ['ssm.amazonaws.com'], eventName: ['PutParameter'], userIdentity: { type: ['Root'] } },
      },
    };
    const put = cloudTrailEvent({ eventSource: 'ssm.amazonaws.com', eventName: 'PutParameter', readOnly: false });
    expect(new AuditClassifier(DETECTIONS).classify(put)).toBeUndefined();
    // Not only Root's PutParameter: every one, since the trail records the operation, not the finding.
    expect(new AuditClassifier([...DETECTIONS, ssmParameter]).classify(put)).toEqual({ kind: 'operation', activity: 'update' });
  });

  it('takes nothing from triggers that name no operation (Root usage, denied calls, offensive user agents)', () => {
    const anyCall = DETECTIONS.filter((d) =>
      ['root-account-usage', 'recon-access-denied-burst', 'offensive-tool-useragent'].includes(d.definition.id),
    );
    expect(anyCall).toHaveLength(3);
    expect(new SensitiveOperations(anyCall).operations()).toEqual([]);
  });
});

describe('isHumanCaller and operationActivity', () => {
  it('tells people from workloads', () => {
    expect(isHumanCaller(assumeRole(OPS_ADMIN_SESSION).detail)).toBe(true);
    expect(isHumanCaller(assumeRole(CI_SESSION).detail)).toBe(false);
    expect(isHumanCaller(assumeRole({ type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` }).detail)).toBe(true);
    expect(isHumanCaller(assumeRole({ type: 'AWSService', invokedBy: 'lambda.amazonaws.com' }).detail)).toBe(false);
  });

  it.each([
    ['CreateUser', 'create'],
    ['AdminCreateUser', 'create'],
    ['DeleteTrail', 'delete'],
    ['ScheduleKeyDeletion', 'delete'],
    ['PutBucketPolicy', 'update'],
    ['StopLogging', 'update'],
    ['StartLogging', 'update'],
    ['AuthorizeSecurityGroupIngress', 'update'],
    ['RunInstances', 'create'],
    ['LeaveOrganization', 'delete'],
    ['DescribeTrails', 'read'],
    ['Frobnicate', 'other'],
  ])('%s is %s', (name, activity) => {
    expect(operationActivity(name)).toBe(activity);
  });
});
