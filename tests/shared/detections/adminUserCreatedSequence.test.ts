import type { CloudTrailEnvelope, CloudTrailRecord } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'admin-user-created-sequence';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const ACTOR = 'arn:aws:sts::111122223333:assumed-role/ops-admin/dana.ops';
const USER = 'svc-backup';
const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

const opsAdmin = {
  type: 'AssumedRole',
  principalId: 'AROAPVKDV72SWR5D33T2L:dana.ops',
  arn: ACTOR,
  accountId: '111122223333',
  accessKeyId: 'ASIAPTCWKBC3NPRL2B7L',
  sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/ops-admin', userName: 'ops-admin' } },
};

/** An IAM call by `identity`, `seconds` after 10:00 (IAM is global: CloudTrail records it in us-east-1). */
function iam(
  eventName: string,
  seconds: number,
  id: string,
  requestParameters: Record<string, unknown>,
  identity: CloudTrailRecord['userIdentity'] = opsAdmin,
) {
  return cloudTrailEvent(
    {
      eventSource: 'iam.amazonaws.com',
      eventName,
      eventTime: at(seconds),
      awsRegion: 'us-east-1',
      recipientAccountId: '111122223333',
      userIdentity: identity,
      requestParameters,
    },
    { id },
  ) as CloudTrailEnvelope;
}

const create = (s: number, user = USER) => iam('CreateUser', s, `create-${user}-${s}`, { userName: user });
const key = (s: number, user = USER) => iam('CreateAccessKey', s, `key-${user}-${s}`, { userName: user });
const profile = (s: number) => iam('CreateLoginProfile', s, `profile-${s}`, { userName: USER, passwordResetRequired: false });
const attach = (s: number, user = USER, policyArn = ADMIN) =>
  iam('AttachUserPolicy', s, `attach-${user}-${s}`, { userName: user, policyArn });
const inline = (s: number) => iam('PutUserPolicy', s, `inline-${s}`, { userName: USER, policyName: 'x', policyDocument: allowAll });
const group = (s: number, groupName: string) => iam('AddUserToGroup', s, `group-${groupName}-${s}`, { userName: USER, groupName });
const run = (batches: CloudTrailEnvelope[][], parameters = {}) => occurrencesOf(ID, batches, parameters);

test('CreateUser, an access key and AdministratorAccess for it by one actor within 30 minutes: one high finding of 3 events', async () => {
  const events = [create(0), key(120), attach(600)];
  const fired = await run([events]);
  expect(eventIds(fired)).toEqual(idsOf(events));
  expect(new Set(fired.map((o) => o.dedupKey))).toEqual(new Set([`111122223333:${USER}:${ACTOR}`]));
  expect(fired[0]).toMatchObject({
    severity: 'high',
    mitre: ['T1136.003'],
    subject: `arn:aws:iam::111122223333:user/${USER}`,
    account: '111122223333',
  });
  // Placed at the CreateUser: the whole incident in one finding window.
  expect(new Set(fired.map((o) => o.eventTime.toISOString()))).toEqual(new Set([at(0).replace('Z', '.000Z')]));
  expect(fired[0]!.evidence).toMatchObject({ credentials: 'CreateAccessKey', adminGrants: 'managed-policy', failedSteps: 0 });
});

test.each([
  ['login profile, then an inline * on *', () => [create(0), inline(300), profile(900)]],
  ['grant before the credential', () => [create(0), attach(60), key(1700)]],
  ['AddUserToGroup to an admin group (case-insensitive)', () => [create(0), key(30), group(90, 'administrators')]],
])('either order and either kind of step: %s', async (_what, events) => {
  expect(eventIds(await run([events()]))).toEqual(idsOf(events()));
});

test('without one of the steps, or with each step for another user, nothing fires', async () => {
  expect(await run([[create(0), key(60)]])).toEqual([]);
  expect(await run([[create(0), attach(60)]])).toEqual([]);
  expect(await run([[key(0), attach(60)]])).toEqual([]);
  expect(await run([[create(0), key(60, 'other'), attach(120)]])).toEqual([]);
  expect(await run([[create(0), key(60), attach(120, USER, 'arn:aws:iam::aws:policy/ReadOnlyAccess')]])).toEqual([]);
  expect(await run([[create(0), key(60), group(90, 'report-readers')]])).toEqual([]);
});

test('a step by another actor does not complete the sequence', async () => {
  const other = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/j.moreau', accountId: '111122223333', userName: 'j.moreau' };
  expect(await run([[create(0), key(60), iam('AttachUserPolicy', 120, 'x', { userName: USER, policyArn: ADMIN }, other)]])).toEqual([]);
});

test('threshold edge: the last step at 30 minutes after CreateUser fires, 30 minutes and 1 second does not', async () => {
  expect(await run([[create(0), key(60), attach(1800)]])).toHaveLength(3);
  expect(await run([[create(0), key(60), attach(1801)]])).toEqual([]);
  // Steps before the CreateUser are not for the new user.
  expect(await run([[attach(0), key(10), create(20)]])).toEqual([]);
});

test('redelivered, shuffled and cut into batches, the same events in the same one finding', async () => {
  const events = [create(0), key(120), profile(200), attach(600), create(5000, 'svc-two'), key(5100, 'svc-two'), attach(5200, 'svc-two')];
  const once = await run([events]);
  for (const cut of [1, 3, 7, 11]) {
    const again = await run(redelivered(events, cut));
    expect(eventIds(again)).toEqual(eventIds(once));
    const placement = (o: (typeof again)[number]) => `${o.dedupKey} ${o.eventTime.toISOString()}`;
    expect(new Set(again.map(placement))).toEqual(new Set(once.map(placement)));
  }
  expect(new Set(once.map((o) => o.dedupKey)).size).toBe(2);
});

test('an allowed caller (a role covers its sessions) and the admin group list are parameters', async () => {
  const events = [create(0), key(60), attach(120)];
  expect(await run([events], { allowedCallers: ['arn:aws:iam::111122223333:role/ops-admin'] })).toEqual([]);
  expect(await run([[create(0), key(60), group(90, 'platform-root')]], { adminGroups: ['platform-root'] })).toHaveLength(3);
  expect(await run([events], { windowMinutes: 1 })).toEqual([]);
});

test('attempts count: a denied grant still completes the sequence, and the evidence counts it', async () => {
  const denied = attach(300);
  denied.detail.errorCode = 'AccessDenied';
  const fired = await run([[create(0), key(60), denied]]);
  expect(fired).toHaveLength(3);
  expect(fired[0]!.evidence).toMatchObject({ failedSteps: 1 });
});
