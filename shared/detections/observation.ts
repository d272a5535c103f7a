import type { CloudTrailEnvelope } from './cloudTrailRecord';

/**
 * What a stateful detection's pure `observe` step makes of one event: the group key it counts
 * under, the event-time minute bucket, and the member it adds to that bucket (time, event id and
 * an optional value: the distinct value of a distinct-count, or a detail the decision needs).
 */
export interface Observation {
  readonly key: string;
  /** Event-time minute, `YYYY-MM-DDTHH:MM` (UTC): sorts as it reads, so a window is a key range. */
  readonly bucket: string;
  readonly member: StateMember;
}

/** One event as window state holds it. */
export interface StateMember {
  /** Event time, epoch milliseconds. */
  readonly time: number;
  /** The EventBridge envelope id: the idempotency key (a redelivered event adds the same member). */
  readonly eventId: string;
  readonly value: string;
  /**
   * The event's region (CloudTrail awsRegion, else the envelope's), for the finding's region. Absent in
   * members stored before it was recorded, and in synthetic members that stand for no one event.
   */
  readonly region?: string;
}

/** The aggregated state of one group key: its members in the range read, sorted by time then event id. */
export interface KeyState {
  readonly key: string;
  readonly members: readonly StateMember[];
}

const MINUTE = 60_000;

export function minuteBucket(time: number): string {
  return new Date(Math.floor(time / MINUTE) * MINUTE).toISOString().slice(0, 16);
}

/** The bucket of `time` for buckets of `minutes` (dividing 60): the label of the bucket's first minute. */
export function bucketOf(time: number, minutes = 1): string {
  const size = minutes * MINUTE;
  return minuteBucket(Math.floor(time / size) * size);
}

/** The observation of `event` under `key`, at the event's own time (CloudTrail eventTime, else the envelope's). */
export function observe(event: CloudTrailEnvelope, key: string, value = ''): Observation {
  const time = Date.parse(event.detail.eventTime ?? event.time);
  const region = event.detail.awsRegion ?? event.region;
  return { key, bucket: minuteBucket(time), member: { time, eventId: event.id, value, ...(region ? { region } : {}) } };
}

/**
 * A member as a string-set element, `<ISO time>[@<region>]|<event id>|<value>`: the same event always
 * encodes the same, which is what makes DynamoDB's set ADD idempotent. The value goes last: it may hold
 * `|`. The region rides on the time (a region name holds no `|`), so members stored before it was
 * recorded, `<ISO time>|<event id>|<value>`, still decode, and a bucket's members still sort by time first.
 */
export function encodeMember(member: StateMember): string {
  const time = new Date(member.time).toISOString();
  return `${member.region ? `${time}@${member.region}` : time}|${member.eventId}|${member.value}`;
}

export function decodeMember(encoded: string): StateMember {
  const first = encoded.indexOf('|');
  const second = encoded.indexOf('|', first + 1);
  const stamp = encoded.slice(0, first);
  const at = stamp.indexOf('@');
  const member = {
    time: Date.parse(at < 0 ? stamp : stamp.slice(0, at)),
    eventId: encoded.slice(first + 1, second),
    value: encoded.slice(second + 1),
  };
  return at < 0 ? member : { ...member, region: stamp.slice(at + 1) };
}

/**
 * One member per event (time, id and value): an event stored before members recorded their region and
 * delivered again since is in its bucket twice, once without the region; the one with it is kept.
 */
export function distinctMembers(members: readonly StateMember[]): StateMember[] {
  const byEvent = new Map<string, StateMember>();
  for (const member of members) {
    const id = `${member.time}|${member.eventId}|${member.value}`;
    const kept = byEvent.get(id);
    if (!kept || (!kept.region && member.region)) byEvent.set(id, member);
  }
  return [...byEvent.values()];
}

export function byTimeThenId(a: StateMember, b: StateMember): number {
  return a.time - b.time || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}
