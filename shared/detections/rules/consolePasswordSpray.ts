import { z } from 'zod';
import type { CloudTrailEnvelope } from '../cloudTrailRecord';
import type { StatefulHit, WindowDetection } from '../detection';
import { observe, type StateMember } from '../observation';
import { MAX_MEMBERS_PER_BUCKET } from '../state/DetectionStateStore';
import { membersOf, thresholdGroups } from '../windows';
import { consoleLoginPattern, HIDDEN_USER } from './consoleLogin';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(60),
  threshold: threshold(10, 'Distinct user names with failed sign-ins within the window that fire (distinct >= threshold)'),
  accountMinSourceIps: z
    .number()
    .int()
    .min(1)
    .max(MAX_MEMBERS_PER_BUCKET)
    .default(2)
    .describe(
      'Source IPs the account-wide grouping needs before it fires: a spray from one address already raises the per-IP ' +
        'finding, so by default the account-wide one is only for sprays spread over several addresses (1: fire regardless)',
    ),
  ignoredSourceIps: ignoredValues('Source IPs whose failures are not counted (e.g. a shared corporate egress address)'),
});

export type ConsolePasswordSprayParameters = z.output<typeof Parameters>;

/**
 * The user a failure was for: the ARN, else account and user name. CloudTrail hides the name of a
 * user that does not exist (HIDDEN_DUE_TO_SECURITY_REASONS), which is what most of a spray's guesses
 * look like; each hidden failure is its own distinct user (`hidden:<envelope id>`), since the names
 * behind them cannot be told apart and counting them as one would hide the spray. The envelope id is
 * the engine's idempotency key, so a redelivered failure stays one member and one user.
 */
function userOf(event: CloudTrailEnvelope, account: string): string {
  const { arn, userName } = event.detail.userIdentity;
  if (userName === HIDDEN_USER || (!arn && !userName)) return `hidden:${event.id}`;
  return arn ?? `${account}:${userName}`;
}

const isHidden = (user: string) => user.startsWith('hidden:');

/** A member value is `<context> <user>` (context: the account under `ip:`, the source IP under `acct:`). */
function split(value: string): [context: string, user: string] {
  const space = value.indexOf(' ');
  return [value.slice(0, space), value.slice(space + 1)];
}

/**
 * console-password-spray: failed console sign-ins counted by distinct user, W(60 min, 10 distinct),
 * under two keys: the source IP (`ip:<address>`, the key bruteforce-then-success will share) and
 * the account and region (`acct:<account>:<region>`), which catches a spray rotating addresses. The
 * account-wide grouping fires only when its window spans `accountMinSourceIps` addresses, so a
 * spray from one address pages once. Per-user guessing is console-bruteforce-per-user's: the same
 * user failing again adds nothing here.
 */
export const consolePasswordSpray: WindowDetection<ConsolePasswordSprayParameters> = {
  kind: 'distinct-count',
  definition: {
    id: 'console-password-spray',
    title: 'Failed console sign-ins for many users from one source',
    severity: 'high',
    mitre: ['T1110.003'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: consoleLoginPattern('Failure'),
  observe(event, params) {
    const ip = event.detail.sourceIPAddress;
    if (!ip || params.ignoredSourceIps.includes(ip)) return [];
    const account = event.detail.userIdentity.accountId ?? event.detail.recipientAccountId ?? event.account;
    const region = event.detail.awsRegion ?? event.region;
    const user = userOf(event, account);
    return [observe(event, `ip:${ip}`, `${account} ${user}`), observe(event, `acct:${account}:${region}`, `${ip} ${user}`)];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const context = new Map(state.members.map((m) => [m.eventId, split(m.value)[0]]));
    const byUser = state.members.map((m) => ({ ...m, value: split(m.value)[1] }));
    let groups = thresholdGroups(byUser, { ...params, distinct: true });
    const perIp = state.key.startsWith('ip:');
    const contextsOf = (members: readonly StateMember[]) => [...new Set(members.map((m) => context.get(m.eventId) ?? ''))].sort();
    // A group's members only grow as events arrive, so this filter keeps the decision monotone.
    if (!perIp) groups = groups.filter((g) => contextsOf(g.members).length >= params.accountMinSourceIps);
    if (groups.length === 0) return [];
    const members = membersOf(groups);
    const users = [...new Set(members.map((m) => m.value))];
    const named = users.filter((u) => !isHidden(u)).sort();
    const contexts = contextsOf(members);
    const hit: Omit<StatefulHit, 'subject' | 'account' | 'description' | 'evidence'> = {
      source: 'aws.signin',
      dedupKey: state.key,
      resources: named.filter((u) => u.startsWith('arn:')).slice(0, 10),
      members,
      groups,
    };
    const common = {
      distinctUsers: users.length,
      hiddenUsers: users.length - named.length,
      sampleUsers: named.slice(0, 10).join(', '),
      threshold: params.threshold,
      windowMinutes: params.windowMinutes,
    };
    // Counts stay out of the description, which is set once when the finding opens: they are in the evidence.
    const spray =
      `failed console sign-ins for ${params.threshold} or more distinct users within ${params.windowMinutes} minutes: ` +
      'someone may be trying common passwords across users.';
    if (perIp) {
      const ip = state.key.slice('ip:'.length);
      // The lowest account id among the failures: one the group names, whatever order they arrived in.
      return [
        {
          ...hit,
          subject: ip,
          account: contexts[0] ?? '',
          description: `From ${ip}: ${spray}`,
          evidence: { ...common, sourceIPAddress: ip, accounts: contexts.join(', ') },
        },
      ];
    }
    const [, account = '', region = ''] = state.key.split(':');
    return [
      {
        ...hit,
        subject: `${account} ${region}`,
        account,
        region,
        description: `In account ${account}, ${region}, across source IPs: ${spray}`,
        evidence: { ...common, account, region, sourceIps: contexts.slice(0, 20).join(', '), distinctSourceIps: contexts.length },
      },
    ];
  },
};
