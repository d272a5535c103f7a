import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { at, eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'cognito-admin-account-manipulation';
const POOL = 'eu-west-1_Vq3Lm8TzR';
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const SUPPORT = 'arn:aws:sts::111122223333:assumed-role/support-tools-lambda/vigil-prod-supportTools';
const ATTACKER = 'arn:aws:iam::111122223333:user/j.moreau';

/** Who called in the captured AdminCreateUser (tests/events/cloudtrail/cognito-admin-create-user.json): a support tool's role. */
const supportTool = cloudTrailCaptured('cognito-admin-create-user').detail.userIdentity;

/** An admin user-pool call as CloudTrail records it: the user name hidden, the user's sub in additionalEventData. */
function call(eventName: string, seconds: number, id: string, requestParameters: Record<string, unknown> = {}, extra = {}) {
  return cloudTrailEvent(
    {
      eventSource: 'cognito-idp.amazonaws.com',
      eventName,
      eventTime: at(seconds),
      sourceIPAddress: '203.0.113.9',
      userIdentity: supportTool,
      recipientAccountId: '111122223333',
      requestParameters: { userPoolId: POOL, username: HIDDEN, ...requestParameters },
      additionalEventData: { sub: `2329be1e-e5c6-442b-b6a3-${String(seconds).padStart(12, '0')}` },
      ...extra,
    },
    { id },
  ) as CloudTrailEnvelope;
}

const byUser = (arn: string) =>
  arn.includes(':user/')
    ? { userIdentity: { type: 'IAMUser', arn, accountId: '111122223333', userName: 'j.moreau', principalId: 'AIDAEXAMPLE' } }
    : {};
const run = (batches: CloudTrailEnvelope[][], parameters = {}) => occurrencesOf(ID, batches, parameters);

describe('single-user changes', () => {
  test.each([
    ['AdminCreateUser', { userAttributes: HIDDEN, temporaryPassword: HIDDEN }],
    ['AdminSetUserPassword', { password: HIDDEN, permanent: true }],
    ['AdminResetUserPassword', {}],
    ['AdminSetUserMFAPreference', { softwareTokenMfaSettings: { enabled: false, preferredMfa: false } }],
    ['AdminUpdateUserAttributes', { userAttributes: HIDDEN }],
    ['AdminUpdateUserAttributes', { userAttributes: [{ name: 'email', value: HIDDEN }] }],
    ['AdminAddUserToGroup', { groupName: 'Administrators' }],
    ['AdminAddUserToGroup', { groupName: 'org-admins' }],
  ])('%s %j raises on its own (medium)', async (eventName, request) => {
    const [hit, ...rest] = await run([[call(eventName, 0, 'one', request)]]);
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ severity: 'medium', mitre: ['T1098'], subject: SUPPORT, account: '111122223333', eventId: 'one' });
    expect(hit!.dedupKey).toContain(`111122223333:${POOL}:${eventName}`);
    expect(hit!.resources).toContain(`arn:aws:cognito-idp:eu-west-1:111122223333:userpool/${POOL}`);
    expect(hit!.evidence).toMatchObject({ eventName, userPoolId: POOL, failed: false });
    expect(hit!.description).toContain(`called ${eventName} on Cognito user pool ${POOL}`);
  });

  test('the captured support-tool AdminCreateUser raises, naming the sub and not the hidden user name', async () => {
    const [hit] = await run([[cloudTrailCaptured('cognito-admin-create-user') as CloudTrailEnvelope]]);
    expect(hit).toMatchObject({ severity: 'medium', subject: SUPPORT });
    expect(hit!.evidence.userSub).toBe('2329be1e-e5c6-442b-b6a3-402f35cff8b5');
    expect(JSON.stringify(hit)).not.toContain(HIDDEN);
  });

  test.each([
    ['AdminAddUserToGroup to an ordinary group', 'AdminAddUserToGroup', { groupName: 'beta-testers' }],
    ['AdminUpdateUserAttributes of other attributes', 'AdminUpdateUserAttributes', { userAttributes: [{ name: 'locale', value: 'fr' }] }],
    ['a read (AdminGetUser)', 'AdminGetUser', {}],
    ['AdminEnableUser', 'AdminEnableUser', {}],
  ])('%s does not raise', async (_what, eventName, request) => {
    expect(await run([[call(eventName, 0, 'quiet', request)]])).toEqual([]);
  });

  test('a failed call still raises (attempts count), in its own finding that says so', async () => {
    const failed = call('AdminSetUserPassword', 0, 'f', {}, { errorCode: 'NotAuthorizedException', errorMessage: 'denied' });
    const [hit] = await run([[failed]]);
    expect(hit!.description).toContain('which failed');
    expect(hit!.dedupKey).toMatch(/:failed$/);
    expect(hit!.evidence.failed).toBe(true);
  });

  test('an allowed caller (a role covers its sessions) is not raised; privileged group names are a parameter', async () => {
    const created = call('AdminCreateUser', 0, 'c');
    expect(await run([[created]], { allowedCallers: ['arn:aws:iam::111122223333:role/support-tools-lambda'] })).toEqual([]);
    const add = call('AdminAddUserToGroup', 0, 'g', { groupName: 'beta-testers' });
    expect(await run([[add]], { privilegedGroups: ['beta-*'] })).toHaveLength(1);
    expect(await run([[call('AdminAddUserToGroup', 0, 'g2', { groupName: 'Admins' })]], { privilegedGroups: ['beta-*'] })).toEqual([]);
  });

  test('redelivered and shuffled, every change is raised once, each in the finding of its caller, pool and call', async () => {
    const events = [0, 60, 120, 180].map((s, i) => call(['AdminCreateUser', 'AdminSetUserPassword'][i % 2]!, s, `ch${i}`));
    const fired = await run(redelivered(events, 3));
    expect(eventIds(fired)).toEqual(idsOf(events));
    // Each event keeps its one dedup key whatever the batch it was decided in (a finding per caller, pool and call).
    const keyOf = new Map<string, Set<string>>();
    for (const o of fired) keyOf.set(o.eventId, new Set([...(keyOf.get(o.eventId) ?? []), o.dedupKey]));
    expect([...keyOf.values()].map((k) => k.size)).toEqual([1, 1, 1, 1]);
    expect(new Set(fired.map((o) => o.dedupKey)).size).toBe(2);
  });
});

describe('mass disable or delete', () => {
  const removals = (n: number, spacingSeconds = 20, caller = ATTACKER) =>
    Array.from({ length: n }, (_, i) =>
      call(i % 2 === 0 ? 'AdminDisableUser' : 'AdminDeleteUser', i * spacingSeconds, `r${i}`, {}, byUser(caller)),
    );

  test('20 disables and deletes by one caller within 10 minutes fire (high), listing all 20; 19 do not', async () => {
    const fired = await run([removals(20)]);
    expect(eventIds(fired)).toEqual(idsOf(removals(20)));
    expect(fired[0]).toMatchObject({ severity: 'high', subject: ATTACKER, dedupKey: `caller:${ATTACKER}`, account: '111122223333' });
    expect(fired[0]!.evidence).toMatchObject({ calls: 'AdminDeleteUser, AdminDisableUser', userPools: POOL, threshold: 20 });
    expect(await run([removals(19)])).toEqual([]);
  });

  test('20 spread over more than 10 minutes do not fire; an allowed caller still counts for mass removal', async () => {
    expect(await run([removals(20, 32)])).toEqual([]);
    expect(await run([removals(20)], { allowedCallers: [ATTACKER] })).toHaveLength(20);
  });

  test('redelivered, out-of-order removals in several batches give the same events', async () => {
    const events = removals(26);
    expect(eventIds(await run(redelivered(events, 17)))).toEqual(eventIds(await run([events])));
    expect(eventIds(await run([events]))).toEqual(idsOf(events));
  });

  test('a stage can raise the threshold or shorten the window', async () => {
    expect(await run([removals(25)], { threshold: 26 })).toEqual([]);
    expect(await run([removals(20)], { windowMinutes: 5 })).toEqual([]);
    expect(await run([removals(20, 10)], { windowMinutes: 5 })).toHaveLength(20);
  });
});
