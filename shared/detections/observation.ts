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
  return { key, bucket: minuteBucket(time), member: { time, eventId: event.id, value } };
}

/**
 * A member as a string-set element, `<ISO time>|<event id>|<value>`: the same event always encodes
 * the same, which is what makes DynamoDB's set ADD idempotent. The value goes last: it may hold `|`.
 */
export function encodeMember(member: StateMember): string {
  return `${new Date(member.time).toISOString()}|${member.eventId}|${member.value}`;
}

export function decodeMember(encoded: string): StateMember {
  const first = encoded.indexOf('|');
  const second = encoded.indexOf('|', first + 1);
  return { time: Date.parse(encoded.slice(0, first)), eventId: encoded.slice(first + 1, second), value: encoded.slice(second + 1) };
}

export function byTimeThenId(a: StateMember, b: StateMember): number {
  return a.time - b.time || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}
