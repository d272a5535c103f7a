import { z } from 'zod';
import { actorOf, succeeded, type CloudTrailEnvelope } from '../cloudTrailRecord';
import type { StatefulHit, WindowDetection } from '../detection';
import { observe, type Observation, type StateMember } from '../observation';
import { adminPolicyGranted } from './adminPolicyGranted';
import { arnResources } from './callerKey';
import { callerIsListed } from './personHelpers';
import { stringParam } from './requestValues';
import { ignoredValues, windowMinutes } from './windowParameters';

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(30, 'Minutes of event time after CreateUser within which both the credential and the admin grant must come'),
  adminGroups: z
    .array(z.string().min(1))
    .default(['Admin', 'Admins', 'Administrator', 'Administrators'])
    .describe(
      'IAM group names (case-insensitive) that grant administrator access: AddUserToGroup to one of them is an admin grant. ' +
        'A group made admin by a policy is not known from the events of one user',
    ),
  allowedCallers: ignoredValues(
    'Caller ARNs (a role ARN covers its sessions) that create admin users by design, e.g. an account-vending pipeline',
  ),
});

export type AdminUserCreatedSequenceParameters = z.output<typeof Parameters>;

/** admin-policy-granted's own decision on what grants administrator access, with no caller exempted. */
const ADMIN_GRANT_PARAMETERS = adminPolicyGranted.parameters.parse({});

/** The three steps, as member values: `create <ok|failed>`, `credential <eventName> <ok|failed>`, `grant <how> <ok|failed>`. */
type Step = 'create' | 'credential' | 'grant';

/** The user an IAM call is for, from its request (CreateAccessKey without a userName is the caller's own key: not this). */
const userNameOf = (event: CloudTrailEnvelope) => stringParam(event.detail.requestParameters?.userName);

/** The step an event is, with its detail, or undefined. */
function stepOf(event: CloudTrailEnvelope, params: AdminUserCreatedSequenceParameters): [Step, string] | undefined {
  const record = event.detail;
  switch (record.eventName) {
    case 'CreateUser':
      return ['create', 'CreateUser'];
    case 'CreateAccessKey':
    case 'CreateLoginProfile':
      return ['credential', record.eventName];
    case 'AddUserToGroup': {
      const group = stringParam(record.requestParameters?.groupName);
      const admin = group !== undefined && params.adminGroups.some((g) => g.toLowerCase() === group.toLowerCase());
      return admin ? ['grant', `group:${group}`] : undefined;
    }
    default: {
      // AttachUserPolicy / PutUserPolicy: what admin-policy-granted raises, when its target is this user.
      const hit = adminPolicyGranted.evaluate(event, ADMIN_GRANT_PARAMETERS);
      const name = userNameOf(event);
      if (!hit || !name || !hit.subject.endsWith(`:user/${name}`)) return undefined;
      return ['grant', String(hit.evidence.grant)];
    }
  }
}

/** Key: `user:<account>:<user name> actor:<actor ARN>` (neither has a space). */
function parseKey(key: string): { account: string; userName: string; actor: string } {
  const space = key.indexOf(' ');
  const [account = '', ...name] = key.slice('user:'.length, space).split(':');
  return { account, userName: name.join(':'), actor: key.slice(space + 1 + 'actor:'.length) };
}

const stepOfMember = (member: StateMember) => member.value.split(' ')[0] as Step;

/**
 * admin-user-created-sequence: iam CreateUser, then within 30 minutes both a credential for that user
 * (CreateAccessKey or CreateLoginProfile naming it) and an administrator grant to it, in either order, by
 * one actor: someone making themselves a backdoor user. A window detection keyed by the new user and the
 * actor (`user:<account>:<name> actor:<ARN>`), with the steps as member values; the decision looks, for
 * each CreateUser, for both other steps in the 30 minutes after it, so the order the events arrive in does
 * not matter. The admin grant is what admin-policy-granted raises on that user (AdministratorAccess
 * attached, or an inline Allow of * on *), or AddUserToGroup to a group listed in adminGroups: a group's
 * own policies are not in the user's events, so an admin group has to be named. The whole incident is one
 * finding, placed at the CreateUser. Attempts count (the row does not say success); the evidence counts
 * the failed steps.
 */
export const adminUserCreatedSequence: WindowDetection<AdminUserCreatedSequenceParameters> = {
  kind: 'window',
  definition: {
    id: 'admin-user-created-sequence',
    title: 'New IAM user given credentials and administrator access',
    severity: 'high',
    mitre: ['T1136.003'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: {
    source: ['aws.iam'],
    detail: {
      eventSource: ['iam.amazonaws.com'],
      eventName: ['CreateUser', 'CreateAccessKey', 'CreateLoginProfile', 'AttachUserPolicy', 'PutUserPolicy', 'AddUserToGroup'],
    },
  },
  observe(event, params): Observation[] {
    const record = event.detail;
    const userName = userNameOf(event);
    if (!userName || callerIsListed(record, params.allowedCallers)) return [];
    const step = stepOf(event, params);
    if (!step) return [];
    const account = record.recipientAccountId ?? event.account;
    const key = `user:${account}:${userName} actor:${actorOf(record)}`;
    return [observe(event, key, `${step[0]} ${step[1]} ${succeeded(record) ? 'ok' : 'failed'}`)];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const span = params.windowMinutes * 60_000;
    const { account, userName, actor } = parseKey(state.key);
    const hits: StatefulHit[] = [];
    for (const created of state.members.filter((m) => stepOfMember(m) === 'create')) {
      const after = state.members.filter((m) => m.time >= created.time && m.time - created.time <= span);
      const credentials = after.filter((m) => stepOfMember(m) === 'credential');
      const grants = after.filter((m) => stepOfMember(m) === 'grant');
      if (credentials.length === 0 || grants.length === 0) continue;
      const members = [created, ...credentials, ...grants];
      const detail = (list: readonly StateMember[]) => [...new Set(list.map((m) => m.value.split(' ')[1]))].sort().join(', ');
      const partition = /^arn:([^:]+):/.exec(actor)?.[1] ?? 'aws';
      const userArn = `arn:${partition}:iam::${account}:user/${userName}`;
      hits.push({
        subject: userArn,
        source: 'aws.iam',
        account,
        dedupKey: `${account}:${userName}:${actor}`,
        description:
          `${actor} created the IAM user ${userName} in account ${account} and, within ${params.windowMinutes} minutes, gave it ` +
          'both credentials and administrator access: the shape of a backdoor user. ' +
          'Treat the user as hostile until the change is confirmed.',
        resources: [userArn, ...arnResources(actor)],
        evidence: {
          actor,
          userName,
          account,
          credentials: detail(credentials),
          adminGrants: detail(grants),
          failedSteps: members.filter((m) => m.value.endsWith(' failed')).length,
          windowMinutes: params.windowMinutes,
        },
        members,
        // The whole incident in the finding window of its CreateUser, whatever order its steps arrive in.
        anchor: created.time,
      });
    }
    return hits;
  },
};
