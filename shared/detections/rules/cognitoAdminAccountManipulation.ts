import { z } from 'zod';
import { actorOf, succeeded, type CloudTrailEnvelope } from '../cloudTrailRecord';
import type { StatefulHit, WindowDetection } from '../detection';
import { observe, type StateMember } from '../observation';
import { membersOf, thresholdGroups } from '../windows';
import { accountOfArn, arnResources, callerKey, callerOfKey } from './callerKey';
import { visible } from './cognitoRecords';
import { callerIsListed, fieldOf } from './personHelpers';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

/** Calls that change one user's access: each is raised on its own (subject to the conditions in `changeOf`). */
const CHANGES = [
  'AdminAddUserToGroup',
  'AdminCreateUser',
  'AdminSetUserPassword',
  'AdminResetUserPassword',
  'AdminUpdateUserAttributes',
  'AdminSetUserMFAPreference',
] as const;
/** Calls that lock users out: raised when one caller makes many of them. */
const MASS = ['AdminDisableUser', 'AdminDeleteUser'] as const;

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(10, 'Sliding window of event time, in minutes, for mass AdminDisableUser / AdminDeleteUser'),
  threshold: threshold(20, 'AdminDisableUser and AdminDeleteUser calls by one caller within the window that fire (count >= threshold)'),
  privilegedGroups: z
    .array(z.string().min(1))
    .default(['*admin*', '*root*', '*superuser*', '*owner*', '*operator*', '*moderator*', '*staff*', '*support*', '*privileged*'])
    .describe(
      'Group names (case-insensitive, * matches any run of characters) whose new members are raised by AdminAddUserToGroup; ' +
        'a call whose group the record does not show is raised too',
    ),
  takeoverAttributes: z
    .array(z.string().min(1))
    .default(['email', 'phone_number', 'email_verified', 'phone_number_verified'])
    .describe(
      'User attributes whose change by AdminUpdateUserAttributes is raised (where a reset code or MFA code goes); ' +
        'a call whose attributes CloudTrail hides is raised too',
    ),
  allowedCallers: ignoredValues(
    'Caller ARNs (a role ARN covers its sessions) whose single-user changes are expected, e.g. a support tool; ' +
      'their mass disables and deletes still count',
  ),
});

export type CognitoAdminAccountManipulationParameters = z.output<typeof Parameters>;

/** `*` globs, case-insensitive, anchored. */
function globMatches(pattern: string, text: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(text);
}

/**
 * What a single-user call changes, as the `detail` of its member value ('' when nothing to add), or
 * undefined when it is not raised: AdminAddUserToGroup to a group that matches none of privilegedGroups,
 * AdminUpdateUserAttributes whose visible attributes are none of takeoverAttributes.
 */
function changeOf(event: CloudTrailEnvelope, params: CognitoAdminAccountManipulationParameters): string | undefined {
  const request = event.detail.requestParameters;
  switch (event.detail.eventName) {
    case 'AdminAddUserToGroup': {
      const group = visible(fieldOf(request, 'groupName'));
      if (!group) return '?';
      return params.privilegedGroups.some((p) => globMatches(p, group)) ? group : undefined;
    }
    case 'AdminUpdateUserAttributes': {
      const attributes = fieldOf(request, 'userAttributes');
      // Hidden (a string), or not recorded: an e-mail or phone change cannot be ruled out.
      if (!Array.isArray(attributes)) return '?';
      const names = attributes.map((a) => fieldOf(a, 'name')).filter((n): n is string => typeof n === 'string');
      if (names.length === 0) return '?';
      const wanted = new Set(params.takeoverAttributes.map((a) => a.toLowerCase()));
      const changed = [...new Set(names.filter((n) => wanted.has(n.toLowerCase())))].sort();
      return changed.length > 0 ? changed.join(',') : undefined;
    }
    default:
      return '';
  }
}

/** What each call does to the user, for the description (`detail`: a group, attribute names, or '?' when hidden). */
function whatItDoes(eventName: string, detail: string): string {
  switch (eventName) {
    case 'AdminAddUserToGroup':
      return detail === '?'
        ? 'adds a user to a group the record does not name (it may be a privileged one)'
        : `adds a user to the group ${detail}, which looks privileged: the user gains what the group grants in the app`;
    case 'AdminCreateUser':
      return 'creates a user: an account made by an administrator skips self sign-up and its checks';
    case 'AdminSetUserPassword':
      return "sets a user's password: whoever chose it can sign in as that user";
    case 'AdminResetUserPassword':
      return "resets a user's password: the user cannot sign in until a code sent to their e-mail or phone is used";
    case 'AdminUpdateUserAttributes':
      return detail === '?'
        ? "changes a user's attributes, which CloudTrail hides: an e-mail or phone change redirects reset and MFA codes"
        : `changes a user's ${detail.split(',').join(', ')}: reset and MFA codes then go where the caller chose`;
    default:
      return "changes a user's MFA preference: it can turn MFA off for that user";
  }
}

/** Member value of a single-user change: `<account> <pool> <eventName> <detail> <ok|failed> <sub>`, detail URI-encoded. */
interface Change {
  account: string;
  pool: string;
  eventName: string;
  detail: string;
  failed: boolean;
  sub: string;
}

function parseChange(value: string): Change {
  const [account = '', pool = '', eventName = '', detail = '', outcome = '', sub = ''] = value.split(' ');
  return { account, pool, eventName, detail: decodeURIComponent(detail), failed: outcome === 'failed', sub };
}

/** The pool's ARN: a pool id starts with its region (eu-west-1_Vq3Lm8TzR). */
function poolArn(account: string, pool: string): string[] {
  const region = pool.split('_')[0];
  return pool !== '-' && region ? [`arn:aws:cognito-idp:${region}:${account}:userpool/${pool}`] : [];
}

const CHANGE_KEY = 'change:';

/**
 * cognito-admin-account-manipulation, one window detection with two parts (the contract has no SL + W kind):
 * - SL: an administrator call that takes over or elevates one user: AdminAddUserToGroup to a privileged
 *   group, AdminCreateUser, AdminSetUserPassword, AdminResetUserPassword, AdminUpdateUserAttributes changing
 *   the e-mail address or phone number, AdminSetUserMFAPreference. Observed under `change:<caller>`, and
 *   decided member by member (a threshold of 1): each call is a hit of its own, in a finding per caller,
 *   pool, call (and group or attributes) per dedup window. Attempts count: the row does not say success.
 * - W(10 min, 20): AdminDisableUser / AdminDeleteUser per caller (`caller:<ARN>`), counted: many users
 *   locked out or removed at once is sabotage (high).
 * CloudTrail hides the user name in these records; the user is the `sub` of additionalEventData.
 */
export const cognitoAdminAccountManipulation: WindowDetection<CognitoAdminAccountManipulationParameters> = {
  kind: 'window',
  definition: {
    id: 'cognito-admin-account-manipulation',
    title: 'Cognito user taken over, elevated or removed by an administrator call',
    severity: 'medium',
    mitre: ['T1098'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: { source: ['aws.cognito-idp'], detail: { eventSource: ['cognito-idp.amazonaws.com'], eventName: [...CHANGES, ...MASS] } },
  observe(event, params) {
    const record = event.detail;
    const caller = actorOf(record);
    const account = record.recipientAccountId ?? event.account;
    const pool = visible(fieldOf(record.requestParameters, 'userPoolId')) ?? '-';
    const sub = visible(fieldOf(record.additionalEventData, 'sub')) ?? '-';
    if ((MASS as readonly string[]).includes(record.eventName)) {
      return [observe(event, callerKey(caller), `${account} ${pool} ${record.eventName} ${succeeded(record) ? 'ok' : 'failed'}`)];
    }
    if (callerIsListed(record, params.allowedCallers)) return [];
    const detail = changeOf(event, params);
    if (detail === undefined) return [];
    const outcome = succeeded(record) ? 'ok' : 'failed';
    return [
      observe(event, `${CHANGE_KEY}${caller}`, `${account} ${pool} ${record.eventName} ${encodeURIComponent(detail)} ${outcome} ${sub}`),
    ];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    return state.key.startsWith(CHANGE_KEY)
      ? changes(state.key.slice(CHANGE_KEY.length), state.members)
      : massRemoval(state.key, state.members, params);
  },
};

/** One hit per single-user change: its finding depends on the caller, pool, call and detail, never on arrival order. */
function changes(caller: string, members: readonly StateMember[]): StatefulHit[] {
  return members.map((member) => {
    const change = parseChange(member.value);
    const detailKey = change.detail === '' ? '' : `:${change.detail}`;
    return {
      subject: caller,
      source: 'aws.cognito-idp',
      account: change.account,
      dedupKey: `${change.account}:${change.pool}:${change.eventName}${detailKey}:${caller}${change.failed ? ':failed' : ''}`,
      description:
        `${caller} called ${change.eventName} on Cognito user pool ${change.pool}${change.failed ? ', which failed' : ''}. ` +
        `The call ${whatItDoes(change.eventName, change.detail)}. Confirm that an administrator or a support process meant it.`,
      resources: [...poolArn(change.account, change.pool), ...arnResources(caller)],
      evidence: {
        caller,
        eventName: change.eventName,
        userPoolId: change.pool,
        userSub: change.sub === '-' ? null : change.sub,
        group: change.eventName === 'AdminAddUserToGroup' ? change.detail : null,
        attributes: change.eventName === 'AdminUpdateUserAttributes' ? change.detail : null,
        failed: change.failed,
      },
      members: [member],
    };
  });
}

/** Mass disable or delete: the counted part, per caller. */
function massRemoval(key: string, all: readonly StateMember[], params: CognitoAdminAccountManipulationParameters): StatefulHit[] {
  const groups = thresholdGroups(all, params);
  if (groups.length === 0) return [];
  const members = membersOf(groups);
  const caller = callerOfKey(key);
  const parts = members.map((m) => m.value.split(' '));
  const distinct = (i: number) => [...new Set(parts.map((p) => p[i] ?? '-'))].filter((v) => v !== '-').sort();
  const [accounts, pools, calls] = [distinct(0), distinct(1), distinct(2)];
  const account = accountOfArn(caller) || accounts[0] || '';
  return [
    {
      subject: caller,
      source: 'aws.cognito-idp',
      account,
      severity: 'high',
      dedupKey: key,
      description:
        `${caller} disabled or deleted ${params.threshold} or more Cognito users within ${params.windowMinutes} minutes: ` +
        'users are being locked out or removed in bulk, by a compromised administrator or a runaway script.',
      resources: [...pools.flatMap((p) => poolArn(account, p)), ...arnResources(caller)],
      evidence: {
        caller,
        calls: calls.join(', '),
        userPools: pools.join(', '),
        failedCalls: parts.filter((p) => p[3] === 'failed').length,
        threshold: params.threshold,
        windowMinutes: params.windowMinutes,
      },
      members,
      groups,
    },
  ];
}
