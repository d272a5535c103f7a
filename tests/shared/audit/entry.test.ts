import { AuditEntrySchema, partitionExpiry, partitionOf, parsePartition, Pseudonymizer, shardOf } from '../../../shared/audit';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { entryOf, TEST_KEY, testContext } from './entries';
import { ACCOUNT, assumeRole, CI_SESSION, consoleLogin, initiateAuth, OPS_ADMIN_SESSION, stopLogging, SUB } from './events';

const iamUser = cloudTrailCaptured('api-call-iam-user').detail.userIdentity;

describe('the audit entry: who, what, on what, when, from where, outcome', () => {
  it('a console sign-in', async () => {
    const entry = await entryOf(consoleLogin());
    expect(AuditEntrySchema.parse(entry)).toEqual(entry);
    expect(entry).toMatchObject({
      kind: 'authentication',
      activity: 'logon',
      actor: { type: 'IAMUser', principal: `arn:aws:iam::${ACCOUNT}:user/dana.ops`, mfa: true },
      action: { service: 'signin.amazonaws.com', operation: 'ConsoleLogin', eventType: 'AwsConsoleSignIn' },
      subject: `arn:aws:iam::${ACCOUNT}:user/dana.ops`,
      time: '2026-11-20T07:41:05.000Z',
      account: ACCOUNT,
      region: 'eu-west-1',
      source: { ip: '203.0.113.18', userAgent: expect.stringContaining('Firefox') },
      outcome: { status: 'success' },
    });
    expect(entry.sealed).toBeUndefined();
  });

  it('a failed sign-in keeps its reason; a withheld user name is neither principal nor target', async () => {
    const failed = await entryOf(consoleLogin('console-login-failure'));
    expect(failed.outcome).toEqual({ status: 'failure', errorCode: 'Failed authentication' });
    const unknown = await entryOf(
      cloudTrailCaptured('console-login-failure', {
        detail: { userIdentity: { arn: undefined, principalId: undefined, userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' } },
      }),
    );
    expect(unknown.actor.principal).toBeUndefined();
    expect(JSON.stringify(unknown)).not.toContain('HIDDEN_DUE_TO_SECURITY_REASONS');
  });

  it('an AssumeRole: the person, the role assumed (subject), the session name as a target', async () => {
    const entry = await entryOf(assumeRole(iamUser));
    expect(entry).toMatchObject({
      actor: { principal: iamUser.arn, accessKeyId: iamUser.accessKeyId },
      subject: `arn:aws:iam::${ACCOUNT}:role/ops-admin`,
      targets: [`arn:aws:iam::${ACCOUNT}:role/ops-admin`, 'dana.ops'],
      outcome: { status: 'success' },
    });
  });

  it("an operation: the session's role (issuer) and MFA, the ARNs and names acted on, never the payload", async () => {
    const entry = await entryOf(
      cloudTrailEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPolicy',
        userIdentity: OPS_ADMIN_SESSION,
        readOnly: false,
        requestParameters: { bucketName: 'vigil-exports', bucketPolicy: { Statement: [{ Effect: 'Allow', Principal: '*' }] }, policy: 'x' },
        resources: [{ ARN: 'arn:aws:s3:::vigil-exports', accountId: ACCOUNT, type: 'AWS::S3::Bucket' }],
      }),
    );
    expect(entry).toMatchObject({
      kind: 'operation',
      activity: 'update',
      actor: { type: 'AssumedRole', principal: OPS_ADMIN_SESSION.arn, issuer: `arn:aws:iam::${ACCOUNT}:role/ops-admin`, mfa: true },
      targets: ['arn:aws:s3:::vigil-exports', 'vigil-exports'],
    });
    expect(JSON.stringify(entry)).not.toContain('Statement');
  });

  it('a denied operation is a failure with its error code', async () => {
    const entry = await entryOf(
      stopLogging({ eventName: 'DeleteTrail', errorCode: 'AccessDenied', errorMessage: 'User is not authorized' }),
    );
    expect(entry.outcome).toEqual({ status: 'failure', errorCode: 'AccessDenied' });
  });

  it('never takes a secret-looking or Cognito user-name parameter as a target', async () => {
    const entry = await entryOf(
      stopLogging({
        requestParameters: {
          name: 'trail',
          secretId: 's',
          sessionToken: 't',
          passwordName: 'p',
          clientSecretName: 'c',
          roleSessionName: 'ok',
        },
      }),
    );
    expect(entry.targets).toEqual(['trail', 'ok']);
    const signUp = await entryOf(
      initiateAuth({ eventName: 'SignUp', requestParameters: { clientId: 'app', username: 'dana@example.com' } }),
    );
    expect(JSON.stringify(signUp)).not.toContain('dana@example.com');
  });
});

describe('Restricted data: a Cognito sub is sealed and pseudonymised, never in plaintext', () => {
  it("an app user's sign-in: the user is the actor under a keyed pseudonym, the sub sealed", async () => {
    const sealed: Array<[string, string]> = [];
    const context = testContext({
      seal: async (plaintext, eventId) => {
        sealed.push([plaintext, eventId]);
        return 'c2VhbGVk';
      },
    });
    const event = initiateAuth();
    const entry = await entryOf(event, context);
    const pseudonym = new Pseudonymizer(TEST_KEY).pseudonym('cognito-sub', SUB);
    expect(entry.actor).toEqual({ type: 'CognitoUser', principal: pseudonym });
    expect(entry.subject).toBe(pseudonym);
    expect(entry.sealed).toEqual({ fields: ['cognitoSub'], data: 'c2VhbGVk' });
    expect(sealed).toEqual([[JSON.stringify({ cognitoSub: SUB }), event.id]]);
    expect(JSON.stringify(entry)).not.toContain(SUB);
  });

  it('a backend relaying the sign-in (AdminInitiateAuth) is recorded as relayedBy; the user is still the actor', async () => {
    const entry = await entryOf(initiateAuth({ eventName: 'AdminInitiateAuth', userIdentity: CI_SESSION }));
    expect(entry.actor).toMatchObject({ type: 'CognitoUser', relayedBy: CI_SESSION.arn });
  });

  it('an administrator acting on a user: the administrator acts, the user is a pseudonymous target', async () => {
    const entry = await entryOf(
      cloudTrailEvent({
        eventSource: 'cognito-idp.amazonaws.com',
        eventName: 'SetUserPoolMfaConfig',
        userIdentity: OPS_ADMIN_SESSION,
        readOnly: false,
        requestParameters: { userPoolId: 'eu-west-1_Vq3Lm8TzR' },
        additionalEventData: { sub: SUB },
      }),
    );
    expect(entry.actor.principal).toBe(OPS_ADMIN_SESSION.arn);
    expect(entry.targets).toEqual(['eu-west-1_Vq3Lm8TzR', new Pseudonymizer(TEST_KEY).pseudonym('cognito-sub', SUB)]);
    expect(JSON.stringify(entry)).not.toContain(SUB);
  });

  it('pseudonyms are keyed: stable for a key, different under another, not a bare hash', () => {
    const a = new Pseudonymizer(TEST_KEY);
    expect(a.pseudonym('cognito-sub', SUB)).toBe(a.pseudonym('cognito-sub', SUB));
    expect(a.pseudonym('cognito-sub', SUB)).not.toBe(new Pseudonymizer(`${TEST_KEY}!`).pseudonym('cognito-sub', SUB));
    expect(a.pseudonym('cognito-sub', SUB)).toMatch(/^cognito:[0-9a-f]{32}$/);
    expect(() => new Pseudonymizer('too short')).toThrow(/at least 32 bytes/);
  });
});

describe('partitions and retention', () => {
  it('places an event by account, region, event-time day and shard', async () => {
    const entry = await entryOf(consoleLogin());
    const name = partitionOf(entry, 4);
    expect(parsePartition(name)).toEqual({ account: ACCOUNT, region: 'eu-west-1', day: '2026-11-20', shard: shardOf(entry.eventId, 4) });
    expect(shardOf(entry.eventId, 1)).toBe(0);
    const shards = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`event-${i}`, 4)));
    expect(shards).toEqual(new Set([0, 1, 2, 3]));
  });

  it('gives every record of a day the same TTL: the end of that day plus the retention', async () => {
    const early = await entryOf(
      cloudTrailEvent({
        eventSource: 'kms.amazonaws.com',
        eventName: 'ScheduleKeyDeletion',
        readOnly: false,
        eventTime: '2026-11-20T00:00:01Z',
      }),
    );
    const late = await entryOf(
      cloudTrailEvent({
        eventSource: 'kms.amazonaws.com',
        eventName: 'ScheduleKeyDeletion',
        readOnly: false,
        eventTime: '2026-11-20T23:59:59Z',
      }),
    );
    expect(early.expiresAt).toBe(late.expiresAt);
    expect(early.expiresAt).toBe(Date.parse('2026-11-21T00:00:00Z') / 1000 + 30 * 86_400);
    expect(partitionExpiry('2026-11-20', 400)).toBe(Date.parse('2026-11-21T00:00:00Z') / 1000 + 400 * 86_400);
  });
});
