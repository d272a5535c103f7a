import type { StateMember } from './observation';
import type { ThresholdGroup } from './windows';

/*
 * Per-subject baselines (the BL kind of the catalogue). A baseline detection's members carry an
 * amount (bytes read, calls made) and an attribute (a source IP, say) in their value. The engine
 * keeps, per key, one rollup per event-time hour (the hour's total, count and distinct attributes),
 * recomputed from that hour's minute buckets whenever a batch adds to it and stored with a
 * condition that only lets it grow: so the history is idempotent under redelivery and needs no
 * read-modify-write, while the minute buckets themselves expire a day after their window.
 */

/** One event-time hour of a key's history. */
export interface HourlyRollup {
  /** `YYYY-MM-DDTHH` (UTC). */
  readonly hour: string;
  /** Sum of the members' amounts in the hour. */
  readonly total: number;
  /** Members in the hour: the rollup's version (a rollup only replaces one with fewer members). */
  readonly count: number;
  /** Distinct attributes seen in the hour, sorted, at most MAX_ROLLUP_ATTRIBUTES. */
  readonly attributes: readonly string[];
}

/**
 * Attributes a rollup keeps: enough to tell a new source IP from the usual few, or to count the
 * distinct secrets a principal reads in an hour (about 4 KB an item at most).
 */
export const MAX_ROLLUP_ATTRIBUTES = 64;

/** The value of a baseline member: `<amount>|<attribute>|<detail>`. The detail may hold `|`. */
export function baselineValue(amount: number, attribute: string, detail = ''): string {
  return `${Math.max(0, Math.round(amount))}|${attribute.replaceAll('|', '/')}|${detail}`;
}

export interface BaselineMemberValue {
  amount: number;
  attribute: string;
  detail: string;
}

export function parseBaselineValue(value: string): BaselineMemberValue {
  const first = value.indexOf('|');
  const second = first < 0 ? -1 : value.indexOf('|', first + 1);
  if (first < 0) return { amount: Number(value) || 0, attribute: '', detail: '' };
  const amount = Number(value.slice(0, first)) || 0;
  if (second < 0) return { amount, attribute: value.slice(first + 1), detail: '' };
  return { amount, attribute: value.slice(first + 1, second), detail: value.slice(second + 1) };
}

export function hourOf(time: number): string {
  return new Date(time).toISOString().slice(0, 13);
}

const HOUR = 3_600_000;

/** Epoch ms of the start of a rollup hour. */
export function hourStart(hour: string): number {
  return Date.parse(`${hour}:00:00Z`);
}

/** The rollup of one hour's members (all of them, as read back from the store). */
export function rollupOf(hour: string, members: readonly StateMember[]): HourlyRollup {
  let total = 0;
  const attributes = new Set<string>();
  for (const member of members) {
    const { amount, attribute } = parseBaselineValue(member.value);
    total += amount;
    if (attribute) attributes.add(attribute);
  }
  return { hour, total, count: members.length, attributes: [...attributes].sort().slice(0, MAX_ROLLUP_ATTRIBUTES) };
}

export interface VolumeWindowOptions {
  windowMinutes: number;
  /** The static floor: a window whose total reaches it is a candidate, whatever the history. */
  floor: number;
}

/** A window of event time whose members' amounts reach the floor: a candidate to compare with history. */
export interface VolumeGroup extends ThresholdGroup {
  /** The members' amounts summed. */
  readonly total: number;
}

/**
 * Every sliding window (shorter than windowMinutes, ending at a member) whose total amount reaches
 * the floor. Monotone as thresholdGroups is: more members never remove a window nor shrink one.
 */
export function volumeGroups(sorted: readonly StateMember[], options: VolumeWindowOptions): VolumeGroup[] {
  const span = options.windowMinutes * 60_000;
  const amounts = sorted.map((m) => parseBaselineValue(m.value).amount);
  const groups: VolumeGroup[] = [];
  let start = 0;
  let total = 0;
  for (let end = 0; end < sorted.length; end++) {
    total += amounts[end]!;
    while (sorted[end]!.time - sorted[start]!.time >= span) total -= amounts[start++]!;
    if (total >= options.floor) {
      groups.push({ reachedAt: sorted[end]!.time, total, members: sorted.slice(start, end + 1) });
    }
  }
  return groups;
}

export interface ReferenceOptions {
  /** History considered, in days before the window. */
  lookbackDays: number;
  /** Days with activity needed before the time-of-day profile is trusted; fewer, the recent peak is the reference. */
  minHistoryDays: number;
  /** Hours on either side of the window's hour of day that the time-of-day profile reads. */
  hourSpread: number;
  /** Hours before the window left out of its reference: their rollups may still be filling (late events). */
  settleHours: number;
}

/** What a window is compared with. */
export interface Reference {
  /** The largest hourly total of the basis (0 when there is no history). */
  readonly value: number;
  /** `time-of-day`: the same hours of day on earlier days; `recent-peak`: any hour (young history); `none`. */
  readonly basis: 'time-of-day' | 'recent-peak' | 'none';
  /** Days of the lookback with any activity. */
  readonly historyDays: number;
  /** Every attribute (e.g. source IP) of the lookback. */
  readonly knownAttributes: ReadonlySet<string>;
}

/**
 * The subject's own reference for a window ending at `at`: the peak hourly total at that time of
 * day (± hourSpread) over the lookback, once the history spans minHistoryDays days; before that the
 * peak of any hour (a young subject); none without history (then only the static floor applies).
 * Time of day, not all hours together: a job that reads gigabytes at 02:00 every night is normal at
 * 02:00 and does not make the same volume at 15:00 look normal (a z-score over all hours would).
 */
export function referenceFor(history: readonly HourlyRollup[], at: number, options: ReferenceOptions): Reference {
  const settledBefore = Math.floor(at / HOUR) * HOUR - options.settleHours * HOUR;
  const from = at - options.lookbackDays * 24 * HOUR;
  const usable = history.filter((h) => {
    const start = hourStart(h.hour);
    return start >= from && start < settledBefore && h.count > 0;
  });
  const knownAttributes = new Set(usable.flatMap((h) => h.attributes));
  const historyDays = new Set(usable.map((h) => h.hour.slice(0, 10))).size;
  if (usable.length === 0) return { value: 0, basis: 'none', historyDays, knownAttributes };
  if (historyDays < options.minHistoryDays) {
    return { value: Math.max(...usable.map((h) => h.total)), basis: 'recent-peak', historyDays, knownAttributes };
  }
  const hourOfDay = new Date(at).getUTCHours();
  const near = usable.filter((h) => circularDistance(new Date(hourStart(h.hour)).getUTCHours(), hourOfDay) <= options.hourSpread);
  return { value: Math.max(0, ...near.map((h) => h.total)), basis: 'time-of-day', historyDays, knownAttributes };
}

function circularDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 24;
  return Math.min(d, 24 - d);
}

export interface PeakDistinctOptions {
  /** Only periods that end by this event time (ms) count: the settled history. */
  before: number;
  /** Hours per period (1: per hour; 24: per UTC day). */
  periodHours: number;
  /** Only attributes with this prefix are counted (several families may share a stream). */
  prefix: string;
}

/**
 * The subject's busiest period so far: the most distinct attributes (with `prefix`) in any one
 * whole period (UTC hour or day) of the history that ended by `before`. Rollups keep at most MAX_ROLLUP_ATTRIBUTES an hour, so
 * this saturates there per hour: a reference, not an exact count.
 */
export function peakDistinct(history: readonly HourlyRollup[], options: PeakDistinctOptions): number {
  const periods = new Map<number, Set<string>>();
  const size = options.periodHours * HOUR;
  for (const rollup of history) {
    const period = Math.floor(hourStart(rollup.hour) / size);
    if ((period + 1) * size > options.before) continue;
    let values = periods.get(period);
    if (!values) periods.set(period, (values = new Set()));
    for (const attribute of rollup.attributes) if (attribute.startsWith(options.prefix)) values.add(attribute);
  }
  return Math.max(0, ...[...periods.values()].map((v) => v.size));
}
