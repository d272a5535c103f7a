import { z } from 'zod';
import { actorOf, type CloudTrailRecord } from '../cloudTrailRecord';
import type { StatefulHit, WindowDetection } from '../detection';
import { minuteBucket, observe, type Observation, type StateMember } from '../observation';
import { membersOf, thresholdGroups } from '../windows';
import { accountOfArn } from './callerKey';
import { addressClass, canonicalAddress, CidrListSchema, isPublicAddress, rangeSetOf, sourceAddress, sourceSetOf } from './ipAddresses';
import { personKind } from './personHelpers';
import { ignoredValues, windowMinutes } from './windowParameters';

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(
    60,
    'Minutes of event time, either side, within which an instance session and a person sharing a source IP, or one ' +
      'instance session seen from two addresses of the same kind, are related',
  ),
  awsIpRanges: CidrListSchema.default([]).describe(
    "AWS's published address ranges: a list of CIDRs, or the JSON of ip-ranges.json (prefixes[].ip_prefix, " +
      'ipv6_prefixes[].ipv6_prefix). Empty: the "outside AWS" part is off (any public address would look outside)',
  ),
  ignoredSourceIps: ignoredValues(
    'Source IPs not considered, e.g. a NAT gateway that both the instances and a bastion where engineers work go out through',
  ),
});

export type InstanceCredentialsUsedOutsideParameters = z.output<typeof Parameters>;

/** The session name EC2 gives an instance profile's role session: the instance id (8 or 17 hex digits). */
const INSTANCE_SESSION = /:assumed-role\/[^/]+\/i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** The instance's own agents (Systems Manager), whose traffic is the instance's whatever the address. */
const AGENT_SOURCES = new Set(['ssm.amazonaws.com', 'ssmmessages.amazonaws.com', 'ec2messages.amazonaws.com']);

/**
 * The session ARN of a caller holding EC2 instance-role credentials (delivered by the instance metadata
 * service: `sessionContext.ec2RoleDelivery` is present, or the session is named after the instance), or
 * undefined. The instance's own agent traffic and RegisterManagedInstance are not the caller's use.
 */
function instanceSessionOf(record: CloudTrailRecord): string | undefined {
  const identity = record.userIdentity;
  if (identity.type !== 'AssumedRole' || !identity.arn) return undefined;
  const delivered = (identity.sessionContext as Record<string, unknown> | undefined)?.ec2RoleDelivery !== undefined;
  if (!delivered && !INSTANCE_SESSION.test(identity.arn)) return undefined;
  if (AGENT_SOURCES.has(record.eventSource) || record.eventName === 'RegisterManagedInstance') return undefined;
  return identity.arn;
}

/** A person at a keyboard (personHelpers.personKind: IAM user, root, console or Identity Center session), or a sign-in. */
function personOf(record: CloudTrailRecord): string | undefined {
  return personKind(record) ?? (record.eventName === 'ConsoleLogin' ? 'console sign-in' : undefined);
}

const IP = 'ip:';
const SESSION = 'session:';
/** Member values: under `ip:`, `i <session ARN>` or `p <kind>`; under `session:`, `<address> <class> <o|->`. */
const OUTSIDE = 'o';
const MINUTE = 60_000;
/** The event id of a person's minute under `ip:` (see personMinute): never an envelope id, never emitted. */
const PERSON = 'person ';

/**
 * A person's use of an address, one member per person and minute: its time the minute's start, its idempotency
 * key `person <actor>` instead of the envelope id, so every call the person makes from there in that minute adds
 * the same member. People make many calls (a console page load is dozens), and the SEQ part only needs to know
 * that someone used the address then; so a person costs the state at most one member a minute per address, and
 * the finding lists the instance's calls (its occurrences), naming the persons in its evidence.
 */
function personMinute(key: string, time: number, actor: string, kind: string): Observation {
  const start = Math.floor(time / MINUTE) * MINUTE;
  return { key, bucket: minuteBucket(start), member: { time: start, eventId: `${PERSON}${actor}`, value: `p ${kind}` } };
}

/**
 * instance-credentials-used-outside (T1552.005): a caller holding an EC2 instance role's credentials (see
 * instanceSessionOf) whose use shows the credentials left the instance. One window detection, two key
 * families on one stream, three parts:
 * - SL (high): the source is a public address outside AWS's published ranges (only when awsIpRanges is
 *   configured). Decided member by member on the session's key, from a flag observe sets.
 * - SEQ(1 h) (high), `ip:<address>`: the same source address, public or private, used within the window, in
 *   either order, by the instance session and by a person (an IAM user, root, a console or Identity Center
 *   session, a console sign-in): someone using the instance's stolen keys from where they work. The finding
 *   lists the instance's calls; a person is kept as one member a minute (personMinute) and named in the evidence.
 * - (medium), `session:<ARN>`: one instance session used from two or more addresses of the same class
 *   (two public, or two private, of one IP family) within the window. An instance normally calls from its
 *   private address (VPC endpoints) and from one public egress (its own address or a NAT), so one of each
 *   is its normal pair; a second of either is another host. The decision reads the window, not all history:
 *   "not used before" means not within the window.
 * Calls AWS makes for the caller (invokedBy, a service hostname or "AWS Internal" as source) are not counted.
 * High by default (the catalogue's); the second-address part lowers its findings to medium.
 * Cost: every call of an instance session is observed twice (a member each under `ip:` and `session:`; a key
 * holds at most MAX_MEMBERS_PER_BUCKET members a minute), a person's calls once per person, address and minute.
 */
export const instanceCredentialsUsedOutside: WindowDetection<InstanceCredentialsUsedOutsideParameters> = {
  kind: 'window',
  definition: {
    id: 'instance-credentials-used-outside',
    title: 'EC2 instance credentials used away from their instance',
    severity: 'high',
    mitre: ['T1552.005'],
    dedupWindowMinutes: 60,
  },
  // Busy principals call every minute: 5-minute buckets mean fewer state writes per batch.
  bucketMinutes: 5,
  parameters: Parameters,
  trigger: {
    source: [{ prefix: 'aws.' }],
    detail: { userIdentity: { type: ['AssumedRole', 'IAMUser', 'Root', 'FederatedUser'] } },
  },
  observe(event, params): Observation[] {
    const record = event.detail;
    if (record.userIdentity.invokedBy) return [];
    const address = sourceAddress(record.sourceIPAddress);
    if (!address) return [];
    // One spelling per address: 2001:DB8:0:0::7 and 2001:db8::7 are one key, and one ignored address.
    const text = canonicalAddress(address);
    if (sourceSetOf(params.ignoredSourceIps).has(text)) return [];
    const session = instanceSessionOf(record);
    if (session) {
      const ranges = rangeSetOf(params.awsIpRanges);
      const outside = ranges.size > 0 && isPublicAddress(address) && !ranges.contains(address);
      return [
        observe(event, `${IP}${text}`, `i ${session}`),
        observe(event, `${SESSION}${session}`, `${text} ${addressClass(address)} ${outside ? OUTSIDE : '-'}`),
      ];
    }
    const person = personOf(record);
    if (!person) return [];
    return [personMinute(`${IP}${text}`, Date.parse(record.eventTime ?? event.time), actorOf(record), person)];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    if (state.key.startsWith(IP)) return sharedAddress(state.key.slice(IP.length), state.members, params);
    return sessionUse(state.key.slice(SESSION.length), state.members, params);
  },
};

/**
 * Whether a person's minute (a sorted list of minute starts) lies within `span` of `time`: the person may have
 * called at any second of the minute, so a minute [m, m + 1 min) is near when time is in [m - span, m + 1 min + span).
 */
function nearMinute(minutes: readonly number[], time: number, span: number): boolean {
  let low = 0;
  let high = minutes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (minutes[middle]! + MINUTE + span <= time) low = middle + 1;
    else high = middle;
  }
  return low < minutes.length && minutes[low]! - span <= time;
}

/** The SEQ part: per instance session that used the address, its calls within the window of a person's use of it. */
function sharedAddress(ip: string, all: readonly StateMember[], params: InstanceCredentialsUsedOutsideParameters): StatefulHit[] {
  const persons = all.filter((m) => m.eventId.startsWith(PERSON));
  if (persons.length === 0) return [];
  const span = params.windowMinutes * 60_000;
  const personMinutes = persons.map((m) => m.time);
  const bySession = new Map<string, StateMember[]>();
  for (const member of all) {
    if (!member.value.startsWith('i ')) continue;
    const session = member.value.slice(2);
    let list = bySession.get(session);
    if (!list) bySession.set(session, (list = []));
    list.push(member);
  }
  const hits: StatefulHit[] = [];
  for (const [session, uses] of [...bySession].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const matched = uses.filter((m) => nearMinute(personMinutes, m.time, span));
    if (matched.length === 0) continue;
    const first = matched[0]!.time;
    const last = matched[matched.length - 1]!.time;
    const people = persons.filter((p) => p.time + MINUTE + span > first && p.time - span <= last);
    const who = [...new Set(people.map((p) => p.eventId.slice(PERSON.length)))].sort();
    const kinds = [...new Set(people.map((p) => p.value.slice(2)))].sort();
    hits.push({
      subject: session,
      source: 'aws.ec2',
      account: accountOfArn(session),
      severity: 'high',
      dedupKey: `${IP}${ip} ${session}`,
      description:
        `The EC2 instance credentials of ${session} were used from ${ip}, an address that a person (an IAM user or a console ` +
        `session) also used within ${params.windowMinutes} minutes: someone may be using the instance's stolen keys from where they work.`,
      resources: [session, ...who.filter((w) => w.startsWith('arn:')).slice(0, 10)],
      evidence: {
        session,
        sourceIPAddress: ip,
        persons: who.slice(0, 10).join(', '),
        personKinds: kinds.join(', '),
        personMinutes: people.length,
        instanceCalls: matched.length,
        windowMinutes: params.windowMinutes,
      },
      // The instance's calls only: a person's members stand for a minute of use, not for one event.
      members: matched,
    });
  }
  return hits;
}

/** The SL part (calls from outside AWS) and the medium part (a second address of the same class) of one session. */
function sessionUse(session: string, all: readonly StateMember[], params: InstanceCredentialsUsedOutsideParameters): StatefulHit[] {
  const parsed = all.map((m) => ({ member: m, parts: m.value.split(' ') }));
  const account = accountOfArn(session);
  const hits: StatefulHit[] = [];
  const outside = parsed.filter((p) => p.parts[2] === OUTSIDE).map((p) => p.member);
  if (outside.length > 0) {
    const addresses = [...new Set(outside.map((m) => m.value.split(' ')[0]!))].sort();
    hits.push({
      subject: session,
      source: 'aws.ec2',
      account,
      severity: 'high',
      dedupKey: `${SESSION}${session} outside`,
      description:
        `The EC2 instance credentials of ${session} were used from a public address outside AWS's published ranges: they ` +
        'have probably been taken from the instance (metadata service through SSRF, or a compromised workload) and used elsewhere.',
      resources: [session],
      evidence: { session, sourceIps: addresses.slice(0, 10).join(', '), calls: outside.length },
      members: outside,
    });
  }
  const byClass = new Map<string, StateMember[]>();
  for (const { member, parts } of parsed) {
    const cls = parts[1] ?? '';
    let list = byClass.get(cls);
    if (!list) byClass.set(cls, (list = []));
    list.push({ ...member, value: parts[0] ?? '' });
  }
  const groups = [...byClass.values()].flatMap((members) =>
    thresholdGroups(members, { windowMinutes: params.windowMinutes, threshold: 2, distinct: true }),
  );
  if (groups.length > 0) {
    const members = membersOf(groups);
    const addresses = [...new Set(members.map((m) => m.value))].sort();
    const original = new Map(all.map((m) => [m.eventId, m]));
    hits.push({
      subject: session,
      source: 'aws.ec2',
      account,
      dedupKey: `${SESSION}${session} addresses`,
      lowerTo: 'medium',
      description:
        `The EC2 instance credentials of ${session} were used from two or more public, or two or more private, addresses within ` +
        `${params.windowMinutes} minutes: an instance calls from one of each, so another host may hold its credentials.`,
      resources: [session],
      evidence: { session, sourceIps: addresses.slice(0, 10).join(', '), distinctSourceIps: addresses.length },
      members: members.map((m) => original.get(m.eventId)!),
      groups,
    });
  }
  return hits;
}
